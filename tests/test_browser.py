"""The built site in a real headless Chromium, opened from file:// with the network blocked."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.reader import load_corpus

pytestmark = pytest.mark.browser

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


def test_shared_chrome_filled_from_disk(page, browsed_site):
    """A power page deep in the site gets the navigation, the table of contents, the icons,
    Material's settings and its frame (check boxes, overlay, dialog, the logo's tooltip) from the
    site's chrome script, in their places; its links lead where the page's own did."""
    import re

    content, site = browsed_site
    power = next(path for path in sorted((site / "agencies").glob("*/*.html"))  # one leaving all to the script
                 if re.search(r'data-parts="[0-9]+,[0-9]+,[0-9]+,[0-9]+,[0-9]+,s,t"', path.read_text("utf-8")))
    assert 'id="__drawer"' not in power.read_text("utf-8")
    page.set_viewport_size({"width": 1600, "height": 900})  # both sidebars shown
    page.goto(power.as_uri())
    assert page.locator('.md-sidebar--secondary a[href="#basis"]').is_visible()
    assert page.locator("label.md-header__button[for='__drawer'] svg").count() == 1
    assert page.evaluate("[...document.body.children].slice(0, 3).map(e => e.id || e.className).join()") == \
        "__drawer,__search,md-overlay"
    assert page.evaluate("document.getElementById('__config').previousElementSibling.className") == "md-dialog"
    order = lambda selector: page.evaluate(  # noqa: E731  (the classes of an element's children, or their for=)
        f"[...document.querySelector('{selector}').children].map(e => e.getAttribute('for') || e.className).join()")
    assert order(".md-header__inner") == "md-header__button md-logo,__drawer,md-header__title,__search,md-search"
    assert order(".md-main").endswith(",md-top md-icon")
    assert page.evaluate("document.querySelector('[data-md-component=skip]').nextElementSibling.dataset.mdComponent") \
        == "announce"
    assert page.locator(".md-search__form input").count() == 1 and page.locator(".md-top svg").count() == 1
    logo = page.locator(".md-header__button.md-logo")
    assert logo.get_attribute("title") == logo.get_attribute("aria-label") != ""
    assert page.evaluate("typeof __md_get === 'function' && __md_scope.href") == site.as_uri() + "/"
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="法律法规").click()
    assert page.url == (site / "statutes" / "index.html").as_uri()
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


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    """Six agencies in six provinces, built as a top site and six sub-sites."""
    from benchmarks.corpus import write_corpus
    from generator.publish.pipeline import build_sharded

    content = write_corpus(Path(__file__).parent / "fixtures" / "mini", tmp_path_factory.mktemp("c") / "content", 6)
    site = tmp_path_factory.mktemp("sharded") / "site"
    build_sharded(content, site, by="region", jobs=2)
    return content, site


def search(page, query: str):
    """Type `query` into Material's search box until the index has loaded and results show."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator("input.md-search__input")
    box.wait_for(state="visible", timeout=10000)
    box.click()
    results = page.locator(".md-search-result__item")
    for _ in range(10):
        box.fill(query)
        box.press("End")
        try:
            results.first.wait_for(state="visible", timeout=3000)
            return results
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"no search result for {query!r}")


def test_search_in_one_shard_finds_a_power_of_another(page, sharded_site):
    """From a Beijing page, offline: the power of the Tianjin agency is found and opens."""
    content, site = sharded_site
    corpus = load_corpus(content)
    tianjin = corpus.agencies["tj-00002"]
    page.goto((site / "beijing" / "index.html").as_uri())
    sheets = page.evaluate("[...document.styleSheets].map(sheet => sheet.href).filter(Boolean)")
    assert (site / "assets" / "stylesheets" / "quanze.css").as_uri() in sheets  # the top site's theme files
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    results = search(page, tianjin.name)
    hrefs = [results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())]
    target = next(h for h in hrefs if "tianjin/agencies/tj-00002/" in h)
    page.goto(target)
    assert h1(page) == tianjin.title
    power = tianjin.powers[0]
    page.click(f'article a[href="{power.id}.html"]')
    assert h1(page) == power.name
    results = search(page, power.name)  # now in the Tianjin sub-site: its own full text
    assert any(power.name in results.nth(i).inner_text().replace("\u200b", "") for i in range(results.count()))
    assert page.remote_requests == []


@pytest.fixture(scope="module")
def hostile_sharded_site(tmp_path_factory):
    """The XSS payload corpus (tests/test_xss.py) built sharded by province: two sub-sites that
    find each other's powers through light search entries."""
    from test_xss import write_content

    from generator.publish.pipeline import build_sharded

    root = tmp_path_factory.mktemp("hostile")
    content = write_content(root / "content")
    build_sharded(content, root / "site", by="region", jobs=1)
    return root / "site"


@pytest.mark.parametrize("query", ["alert", "onerror", "script", "清单"])  # found in both sub-sites
def test_no_script_runs_when_a_payload_is_searched_for(page, hostile_sharded_site, query):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((hostile_sharded_site / "beijing" / "index.html").as_uri())
    results = search(page, query)
    assert results.count() >= 1
    shown = page.locator(".md-search-result")
    injected = "img, svg, iframe, script, object, details:not(.md-search-result__more), input, form, x"
    assert shown.locator(injected).count() == 0
    handlers = page.evaluate("""() => [...document.querySelectorAll('.md-search-result *')]
        .flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on'))""")
    assert handlers == []
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.remote_requests == []
