"""How well the site's search puts the page a reader expects in the top 5, and what the index costs.

    python -m benchmarks.search_quality [SITE] [--queries FILE] [--fresh N]

Builds the default content into a temporary folder unless SITE is given; opens it from file://
in Debian's headless Chromium (network blocked); for each query of benchmarks/search_queries.yaml
fills the search box (one `input` event, no key pressed), reads the first 5 results and prints
whether an expected page is among them; then the share of hits, the size of the search index,
and N fresh loads where the query is typed as the page appears (lost queries are counted).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .search_check import CHROMIUM, FLAGS

QUERIES = Path(__file__).with_name("search_queries.yaml")


def top(page, query: str, n: int = 5) -> list[str]:
    box = page.locator("input.md-search__input")
    box.fill(query)
    results = page.locator(".md-search-result__item")
    try:
        results.first.wait_for(state="visible", timeout=5000)
    except Exception:  # noqa: BLE001 - a query that finds nothing is a miss, not a crash
        return []
    page.wait_for_timeout(50)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    return [without_query(h) for h in hrefs[:n]]


def without_query(url: str) -> str:
    """A result's link without Material's highlight query (`?h=…`), its anchor kept."""
    page, _, anchor = url.partition("#")
    return page.split("?")[0] + (f"#{anchor}" if anchor else "")


def relative(url: str, site: Path) -> str:
    return url.removeprefix(site.resolve().as_uri() + "/")


def hit(found: list[str], expect: list[str]) -> bool:
    """Whether a link found is one expected: the page (any anchor), or the very anchor when the
    expectation names one (`statutes/x.html#art-87`), or a page under an expected folder."""
    def same(link: str, expected: str) -> bool:
        if "#" in expected:
            return link == expected
        page = link.split("#")[0]
        return page == expected or (expected.endswith("/") and page.startswith(expected))

    return any(same(f, e) for f in found for e in expect)


def fresh_loads(browser, site: Path, count: int, query: str = "骗取") -> int:
    """Open the site `count` times in a new page, typing at once; return how many searched."""
    searched = 0
    for _ in range(count):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else route.abort())
        page.goto((site / "index.html").as_uri(), wait_until="commit")
        box = page.locator("input.md-search__input")
        box.wait_for(state="attached", timeout=20000)
        box.click()
        page.keyboard.type(query)
        try:
            page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15000)
            searched += 1
        except Exception:  # noqa: BLE001 - a lost query is what is counted
            pass
        page.close()
    return searched


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("site", nargs="?")
    parser.add_argument("--queries", default=str(QUERIES))
    parser.add_argument("--fresh", type=int, default=5)
    args = parser.parse_args(argv)
    if args.site:
        site = Path(args.site)
    else:
        from generator.publish.pipeline import build_site

        site = Path(tempfile.mkdtemp()) / "site"
        build_site(Path("content"), site, strict=True, zip_site=False)
    queries = yaml.safe_load(Path(args.queries).read_text(encoding="utf-8"))
    hits = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.goto((site / "index.html").as_uri())
        page.locator("input.md-search__input").click()
        started = time.perf_counter()
        for item in queries:
            found = [relative(u, site) for u in top(page, item["query"])]
            ok = hit(found, item["expect"])
            hits += ok
            print(f"{'ok  ' if ok else 'MISS'} {item['query']}: {', '.join(found[:3])}")
        elapsed = time.perf_counter() - started
        searched = fresh_loads(browser, site, args.fresh) if args.fresh else 0
        browser.close()
    index = site / "search" / "search_index.js"  # the entries (the .json holds the settings)
    print(f"top 5: {hits} of {len(queries)} queries ({100 * hits / len(queries):.0f}%), "
          f"{1000 * elapsed / len(queries):.0f} ms a query in the browser")
    print(f"search index: {index.stat().st_size / 1e6:.3f} MB ({index})")
    if args.fresh:
        print(f"fresh loads from file://, typing at once: {searched} of {args.fresh} searched")
    return 0 if hits / len(queries) >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
