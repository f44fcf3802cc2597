"""The builder seam: the docs folder MkDocs builds, built by Zensical, keeps every page, every
anchor and offline search from file://. Skipped where Zensical is not installed."""

from __future__ import annotations

import re

import pytest
from conftest import CONTENT
from htmlcheck import html_files, parse

pytest.importorskip("zensical", reason="Zensical is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    from generator.publish.pipeline import build_site

    site = tmp_path_factory.mktemp("zensical") / "site"
    build_site(CONTENT, site, strict=True, zip_site=True, builder="zensical")
    return site


def pages(site) -> set[str]:
    return {p.relative_to(site).as_posix() for p in html_files(site)}


def test_every_page_of_the_mkdocs_build_is_built(zensical_site, default_site):
    assert pages(zensical_site) == pages(default_site)
    assert (zensical_site / "quanze-site.zip").is_file()


def test_every_anchor_is_kept(zensical_site, default_site):
    for page in sorted(default_site.glob("statutes/*.html")) + sorted(default_site.glob("agencies/*/*.html")):
        relative = page.relative_to(default_site)
        wanted = {i for i in parse(page).ids if re.fullmatch(r"art-[0-9-]+|basis|responsibilities", i)}
        assert wanted <= parse(zensical_site / relative).ids, relative


def test_links_between_powers_and_articles_are_kept(zensical_site):
    page = next(p for p in sorted(zensical_site.glob("agencies/*/*.html")) if "#art-" in p.read_text("utf-8"))
    targets = re.findall(r'href="(\.\./\.\./statutes/[\w-]+\.html#art-[0-9-]+)"', page.read_text("utf-8"))
    assert targets
    for target in targets:
        path, anchor = target.removeprefix("../../").split("#")
        assert anchor in parse(zensical_site / path).ids, target


@pytest.mark.browser
def test_offline_search_from_file(zensical_site, page):
    page.goto((zensical_site / "index.html").as_uri())
    page.click("button.md-search__button")
    page.keyboard.type("骗取")
    result = page.get_by_text(re.compile(r"^\d+ results?$"))
    result.wait_for(timeout=20000)
    assert int(result.inner_text().split()[0]) >= 10
    assert page.get_by_text(re.compile("骗取医疗保障基金")).first.is_visible()
    assert page.remote_requests == []
