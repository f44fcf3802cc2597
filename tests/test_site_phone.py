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
