"""At phone width (390 px): agency tables give the power name the width and need no sideways
scrolling; every page but the home page has a breadcrumb trail."""

from __future__ import annotations

import pytest
from test_site_a11y import page_types

pytestmark = pytest.mark.browser


def test_agency_tables_fit_a_phone_with_the_name_wide(page, browsed_site):
    _, site = browsed_site
    page.set_viewport_size({"width": 390, "height": 844})
    for agency in sorted(site.glob("agencies/*/index.html")):
        page.goto(agency.as_uri())
        tables = page.evaluate("""() => [...document.querySelectorAll('article .md-typeset__table')]
          .filter(w => w.querySelector('td a[href$=".html"]') && w.querySelector('td:last-child > .quanze-nowrap'))
          .map(w => {
            const name = [...w.querySelectorAll('td')].find(td => td.querySelector('a'));
            const range = document.createRange();
            range.selectNodeContents(name);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
            return {overflow: w.scrollWidth - w.clientWidth, name: name.getBoundingClientRect().width,
                    table: w.querySelector('table').getBoundingClientRect().width, lines: lines};
          })""")
        assert tables, agency
        for table in tables:
            assert table["overflow"] <= 1, (agency, table)
            assert table["lines"] == 1 or table["name"] >= 0.6 * table["table"], (agency, table)  # not 5 characters a line


def test_every_page_has_breadcrumbs(page, browsed_site):
    _, site = browsed_site
    page.set_viewport_size({"width": 390, "height": 844})
    for kind, path in page_types(site).items():
        if kind == "not found":
            continue
        page.goto((site / path).as_uri())
        crumbs = page.locator("nav.quanze-crumbs li")
        assert crumbs.count() >= (1 if kind == "home" else 2) and crumbs.first.inner_text() == "首页", (kind, path)
        assert crumbs.first.is_visible()


NARROWEST = """() => {
  const em = parseFloat(getComputedStyle(document.querySelector('article')).fontSize);
  let worst = null;
  for (const cell of document.querySelectorAll('article table td, article table th')) {
    const box = cell.getBoundingClientRect(), style = getComputedStyle(cell);
    if (!box.width || style.display === 'none' || !cell.textContent.trim()) continue;
    const inner = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const chars = inner / parseFloat(style.fontSize || em);
    if (!worst || chars < worst.chars) worst = {chars: Math.round(chars * 10) / 10, text: cell.textContent.trim().slice(0, 20)};
  }
  return worst;
}"""


def wide_pages(site) -> list[str]:
    """One page of each kind that holds a table of more than four columns."""
    kinds = {"home": "index.html", "compare": "compare/index.html"}
    for pattern in ("catalogues/*/index.html", "catalogues/*/agencies/*.html", "agencies/*/index.html",
                    "statutes/*/*.html", "compare/*.html", "agencies/*/history.html", "agencies/*/editions/*.html"):
        found = sorted(site.glob(pattern))
        if found:
            kinds[pattern] = found[0].relative_to(site).as_posix()
    return [path for path in dict.fromkeys(kinds.values()) if (site / path).is_file()]


@pytest.mark.parametrize("width", [390, 1280])
def test_no_table_cell_is_narrower_than_two_characters(page, browsed_site, width):
    """At 390 px a table of many columns becomes one card per row; at neither width is a column of
    one character a line."""
    _, site = browsed_site
    page.set_viewport_size({"width": width, "height": 844})
    narrow = []
    for path in [*page_types(site).values(), *wide_pages(site)]:
        page.goto((site / path).as_uri())
        worst = page.evaluate(NARROWEST)
        if worst and worst["chars"] < 2:
            narrow.append(f"{path}: {worst}")
    assert narrow == [], "\n".join(narrow)


def test_a_wide_table_takes_the_full_width_on_a_desk(page, browsed_site):
    _, site = browsed_site
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto((site / "compare" / "index.html").as_uri())
    assert page.locator("table[data-quanze-stack]").count() >= 1
    assert not page.locator(".md-sidebar--secondary").is_visible()


def test_a_power_page_shows_its_name_once_on_a_phone(page, browsed_site):
    _, site = browsed_site
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto((site / page_types(site)["power"]).as_uri())
    name = page.locator("article h1").first.inner_text().replace("¶", "").strip()
    shown = page.evaluate("""name => [...document.querySelectorAll('nav.quanze-crumbs li, article td, article h1')]
        .filter(el => el.offsetParent !== null && el.innerText.replace('¶', '').trim() === name).length""", name)
    assert shown == 1
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("tr.quanze-title-again").is_visible()  # on a desk the table is whole


def test_the_menu_opens_the_navigation_on_a_phone(page, browsed_site):
    """The drawer's navigation comes from the site's chrome script on a power page (its page leaves
    it there); the menu button, whose icon the script gives, opens it and its links work."""
    import re

    _, site = browsed_site
    power = next(path for path in sorted(site.glob("agencies/*/*.html"))
                 if re.search(r'data-parts="[0-9]+,[0-9]+,[0-9]+,', path.read_text("utf-8")))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(power.as_uri())
    link = page.locator(".md-sidebar--primary a.md-nav__link", has_text="职权类别")
    assert not page.locator("#__drawer").is_checked() and link.count() == 1
    page.locator("label.md-header__button[for='__drawer']").click()
    assert page.locator("#__drawer").is_checked()
    page.wait_for_function("""() => { const a = [...document.querySelectorAll('.md-sidebar--primary a.md-nav__link')]
      .find(a => a.textContent.includes('职权类别')); const box = a && a.getBoundingClientRect();
      return box && box.left >= 0 && box.right <= window.innerWidth; }""", timeout=5000)  # slid into view
    link.click()
    assert page.url == (site / "categories" / "index.html").as_uri()
