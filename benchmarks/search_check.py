"""Search a built site from file:// in Debian's headless Chromium, network blocked.

    python -m benchmarks.search_check SITE PAGE QUERY [PAGE QUERY ...]

For each (page, query): open SITE/PAGE, type QUERY in Material's search box, wait for the
first result; print whether a result (its text, or else the page it links to) shows the
query, the number of results and how long the index took to answer (loading included).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]


def offline_page(playwright, executable: str = CHROMIUM, width: int = 1280):
    """Debian's Chromium, headless, with every request that is not for a file:// address
    refused and recorded: (browser, page, the addresses refused)."""
    browser = playwright.chromium.launch(executable_path=executable, args=FLAGS, headless=True)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    remote: list[str] = []

    def block(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            remote.append(route.request.url)
            route.abort()

    context.route("**/*", block)
    return browser, context.new_page(), remote


def search(page, url: str, query: str, patience: float = 120.0) -> dict:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    started = time.perf_counter()
    page.goto(url)
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible", timeout=20000)
    box.click()
    results = page.locator(".md-search-result__item")
    while time.perf_counter() - started < patience:
        box.fill(query)
        box.press("End")  # Material reads the query on keyup; again until the index has loaded
        try:
            results.first.wait_for(state="visible", timeout=3000)
            break
        except PlaywrightTimeout:
            continue
    count = results.count()
    texts = [results.nth(i).inner_text().replace("\u200b", "") for i in range(min(count, 10))]
    links = [results.nth(i).locator("a").first.get_attribute("href") for i in range(min(count, 10))]
    in_text = any(query in t for t in texts)
    in_page = in_text or any(_page_has(url, link, query) for link in links if link)
    return {"page": url, "query": query, "found": in_page, "in_result_text": in_text, "results": count,
            "seconds": round(time.perf_counter() - started, 1)}


def _page_has(base: str, link: str, query: str) -> bool:
    """Whether the page a result links to shows `query` (a section of a list page, say)."""
    from urllib.parse import unquote, urljoin, urlsplit

    target = Path(unquote(urlsplit(urljoin(base, link)).path))
    return target.is_file() and query in target.read_text(encoding="utf-8")


def check(site: Path, pairs: list[tuple[str, str]]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as playwright:
        browser, page, remote = offline_page(playwright)
        for start, query in pairs:
            result = search(page, (site / start).resolve().as_uri(), query)
            result["remote_requests"] = len(remote)
            out.append(result)
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 3 or len(args) % 2 == 0:
        print(__doc__, file=sys.stderr)
        return 2
    site, rest = Path(args[0]), args[1:]
    results = check(site, list(zip(rest[::2], rest[1::2])))
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0 if all(r["found"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
