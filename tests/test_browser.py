"""The built site in a real headless Chromium, opened from file:// with the network blocked."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.corpus import load_corpus

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium: installed when missing (as root), else the browser tests are skipped."""
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).is_file():
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            pytest.skip(f"{CHROMIUM} is missing and installing it needs root: apt-get install -y chromium")
        subprocess.run("apt-get update && apt-get install -y chromium", shell=True, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return CHROMIUM


@pytest.fixture()
def page(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        remote: list[str] = []

        def block(route):
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                remote.append(route.request.url)
                route.abort()

        context.route("**/*", block)
        page = context.new_page()
        page.remote_requests = remote
        yield page
        browser.close()


def journey(content: Path):
    """A power, one of its cited articles, and another power citing it (another agency's if any)."""
    corpus = load_corpus(content)
    best = None
    for ref in corpus.powers():
        for citation in ref.power.basis:
            if citation.article is None:
                continue
            others = [r for r, _ in corpus.citing(citation.statute, citation.article) if r.power.id != ref.power.id
                      or r.agency_id != ref.agency_id]
            foreign = [r for r in others if r.agency_id != ref.agency_id]
            if foreign:
                return ref, citation, foreign[0]
            if others and best is None:
                best = (ref, citation, others[0])
    assert best, "the content has no article cited by two powers"
    return best


def h1(page) -> str:
    return page.locator("article h1").first.inner_text().strip().removesuffix("¶").strip()  # ¶: permalink


def test_browse_agency_power_statute_and_back_offline(page, browsed_site):
    content, site = browsed_site
    start, citation, other = journey(content)
    page.goto((site / "index.html").as_uri())
    page.click(f'article a[href="agencies/{start.agency_id}/index.html"]')
    assert h1(page) == start.agency.title
    page.click(f'article a[href="{start.power.id}.html"]')
    assert h1(page) == start.power.name
    page.click(f'article a[href="../../statutes/{citation.statute}.html#art-{citation.article}"]')
    assert page.url.endswith(f"statutes/{citation.statute}.html#art-{citation.article}")
    assert h1(page) == load_corpus(content).statutes[citation.statute].title
    page.click(f'article a[href="../agencies/{other.agency_id}/{other.power.id}.html"] >> nth=0')
    assert h1(page) == other.power.name
    assert page.remote_requests == []


def test_chinese_search_offline(page, browsed_site):
    _, site = browsed_site
    page.goto((site / "index.html").as_uri())
    search = page.locator("input.md-search__input")
    search.wait_for(state="visible", timeout=10000)
    search.click()
    search.fill("骗取")
    search.press("End")  # Material reads the query on keyup, as after typing with an input method
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=20000)
    assert results.count() >= 1
    assert "骗取" in results.first.inner_text()
    assert page.remote_requests == []
