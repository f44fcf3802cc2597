"""Accessibility: axe-core (npm package, WCAG 2.1 AA rules) on every page type of the built site,
at desktop (1280 px) and phone (390 px) widths, opened from file:// with the network blocked.
Any violation fails, with its rule, impact and the first nodes it found."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CHROMIUM, FLAGS, ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"desktop": 1280, "phone": 390}


def page_types(site: Path) -> dict[str, str]:
    """One page of each type: the first file of each kind, in sorted order."""
    def first(pattern: str, skip: tuple[str, ...] = ()) -> str | None:
        found = sorted(p for p in site.glob(pattern) if p.name not in skip)
        return found[0].relative_to(site).as_posix() if found else None

    agency = first("agencies/*/index.html")
    folder = agency.rsplit("/", 1)[0] if agency else ""
    kinds = {
        "home": "index.html", "agencies": "agencies/index.html", "agency": agency,
        "power": first(f"{folder}/*.html", ("index.html", "full_list.html")),
        "power with a folded quote": folded(site), "power with a correction": marked(site),
        "full list": first(f"{folder}/full_list.html"),
        "statutes": "statutes/index.html", "statute": first("statutes/*.html", ("index.html", "differences.html")),
        "statute version": first("statutes/*/*.html"), "differences": first("statutes/differences.html"),
        "categories": "categories/index.html", "category": "categories/chufa.html", "same power": first("same/*.html"),
        "catalogues": "catalogues/index.html", "catalogue": first("catalogues/*/index.html"),
        "catalogue agency": first("catalogues/*/agencies/*.html"),
        "about": "about.html", "open data": "open-data.html",
        "not found": "404.html",
    }
    return {k: v for k, v in kinds.items() if v and (site / v).is_file()}


def _first_with(site: Path, marker: str) -> str | None:
    found = sorted(p for p in site.glob("agencies/*/*.html") if marker in p.read_text("utf-8"))
    return found[0].relative_to(site).as_posix() if found else None


def folded(site: Path) -> str | None:
    """The first power page with a long quote folded in a <details>."""
    return _first_with(site, 'class="quanze-quote"')


def marked(site: Path) -> str | None:
    """The first power page with a corrected passage marked."""
    return _first_with(site, 'class="quanze-corrected"')


@pytest.fixture(scope="module")
def axe_browser(chromium):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: npm install (package.json)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS, headless=True)
        yield browser
        browser.close()


def violations(browser, url: str, width: int, query: str | None = None, rules: list[str] | None = None) -> list[dict]:
    """axe's WCAG 2.1 A/AA violations on a page (or those of its `rules`); with `query`, with the
    search open and its results shown."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    page.goto(url)
    if query:
        open_results(page, query)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": TAGS}
    found = page.evaluate("only => axe.run(document, {runOnly: only})"
                          ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
                          " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')), count: v.nodes.length})))", run_only)
    context.close()
    return found


def open_results(page, query: str) -> None:
    """Open the search (the header's button on a phone) and type a query until results show."""
    if not page.locator("input.md-search__input").is_visible():
        page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").fill(query)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15000)
    page.wait_for_timeout(300)  # Material's transition of the result list: the state after it, not during


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_no_axe_violation_with_search_results_open(axe_browser, browsed_site, width):
    _, site = browsed_site
    report = []
    for path in ("index.html", page_types(site)["power"]):
        for v in violations(axe_browser, (site / path).as_uri(), width, query="骗取 基金"):
            report.append(f"{path} with results: {v['id']} [{v['impact']}] {v['count']} nodes, e.g. {v['nodes']}")
    assert report == [], "\n".join(report)


def test_the_search_dialog_has_a_name_and_all_text_is_in_a_landmark(axe_browser, browsed_site):
    """Two of axe's best practices beyond WCAG: a dialog has a name; no text outside the landmarks."""
    _, site = browsed_site
    report = []
    for path in ("index.html", page_types(site)["power"]):
        for v in violations(axe_browser, (site / path).as_uri(), 1280, query="骗取", rules=["aria-dialog-name", "region"]):
            report.append(f"{path}: {v['id']} {v['count']} nodes, e.g. {v['nodes']}")
    assert report == [], "\n".join(report)


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_no_axe_violation_on_any_page_type(axe_browser, browsed_site, width):
    _, site = browsed_site
    report, kinds = [], page_types(site)
    assert {"home", "agency", "power", "statute", "not found"} <= set(kinds)
    for kind, path in kinds.items():
        for v in violations(axe_browser, (site / path).as_uri(), width):
            report.append(f"{kind} ({path}): {v['id']} [{v['impact']}] {v['count']} nodes, e.g. {v['nodes']}")
    assert report == [], "\n".join(report)


FIELDS = """contact:
  address: 示例省示例市示例路 1 号
  phone: 0951-5021234转8
  complaint_phone: '12393'
  website: https://ylbz.example.cn/
"""
SERVICE = """  guide_url: https://zwfw.example.cn/guide?id=1
  service_code: 11640105MB19551231
  supervision: 投诉举报电话 12393
  remedy: 可依法申请行政复议或者提起行政诉讼。
"""


def test_no_axe_violation_with_contact_and_service_fields(axe_browser, tmp_path):
    """The optional fields the default content lacks: an agency's contact, a power's service links."""
    import shutil

    from conftest import MINI

    from generator.publish.pipeline import build_site

    shutil.copytree(MINI, tmp_path / "content")
    demo = tmp_path / "content" / "agencies" / "demo.yaml"
    text = demo.read_text("utf-8").replace("source: 示例\n", "source: 示例\n" + FIELDS, 1)
    demo.write_text(text.replace("  content: 负责本区域内的行政处罚。\n", "  content: 负责本区域内的行政处罚。\n" + SERVICE, 1), "utf-8")
    site = tmp_path / "site"
    build_site(tmp_path / "content", site)
    report = []
    for path in ("agencies/demo/index.html", "agencies/demo/0247001000.html", "agencies/demo/full_list.html"):
        assert "ylbz.example.cn" in (site / path).read_text("utf-8") or "zwfw" in (site / path).read_text("utf-8")
        for width in WIDTHS.values():
            report += [f"{path} at {width}: {v['id']} {v['nodes']}" for v in violations(axe_browser, (site / path).as_uri(), width)]
    assert report == [], "\n".join(report)


VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect(), style = getComputedStyle(el);
  let node = el, opacity = 1;
  for (; node && node.nodeType === 1; node = node.parentElement) opacity *= +getComputedStyle(node).opacity;
  const outline = parseFloat(style.outlineWidth) || 0;
  return {what: el.tagName + (el.className ? "." + String(el.className).split(" ")[0] : "") + " " +
          (el.getAttribute("href") || el.getAttribute("for") || ""),
          visible: box.width > 1 && box.height > 1 && style.visibility !== "hidden" && opacity > 0.5,
          outline: outline};
}"""


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_tab_stop_is_visible_with_a_focus_ring(axe_browser, browsed_site, width):
    """Tab through a power page: each element that takes the focus is visible, with a 2-3 px outline."""
    _, site = browsed_site
    context = axe_browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto((site / page_types(site)["power"]).as_uri())
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")  # the state, not a fade
    problems = []
    for _ in range(30):
        page.keyboard.press("Tab")
        state = page.evaluate(VISIBLE)
        if state is None:
            continue
        if not state["visible"]:
            problems.append(f"invisible: {state['what']}")
        elif not 2 <= state["outline"] <= 3:
            problems.append(f"outline {state['outline']} px: {state['what']}")
    context.close()
    assert problems == [], "\n".join(problems)


assert CHROMIUM
