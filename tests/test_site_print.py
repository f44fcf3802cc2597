"""The full list of an agency as a document: every power in published order on one page, printed
to A4 by Chromium (read back with pdfplumber) with no table cut off at the right edge and no row
split across two pages; the 打印本清单 link prints."""

from __future__ import annotations

import pytest

from generator.content.reader import load_corpus

pytestmark = pytest.mark.browser


def test_full_list_holds_every_power_in_published_order(page, browsed_site):
    content, site = browsed_site
    corpus = load_corpus(content)
    agency_id = sorted(corpus.agencies)[0]
    page.goto((site / "agencies" / agency_id / "full_list.html").as_uri())
    ids = page.eval_on_selector_all("article h2[id^='p-']", "els => els.map(e => e.id.slice(2))")
    assert ids == [p.id for p in corpus.agencies[agency_id].powers]
    assert page.locator("nav.quanze-crumbs li").count() == 4
    page.evaluate("window.print = () => { window.printed = true }")
    page.click(".quanze-print > a:last-of-type")
    assert page.evaluate("window.printed === true")


def test_full_list_prints_on_a4_without_cut_cells(page, browsed_site, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    content, site = browsed_site
    corpus = load_corpus(content)
    agency_id = max(sorted(corpus.agencies), key=lambda a: len(corpus.agencies[a].powers))
    page.goto((site / "agencies" / agency_id / "full_list.html").as_uri())
    page.emulate_media(media="print")
    pdf = tmp_path / "list.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) >= 2
        for sheet in document.pages:
            assert abs(sheet.width - 595) < 2 and abs(sheet.height - 842) < 2  # A4 in points
            assert all(ch["x1"] <= sheet.width - 20 for ch in sheet.chars), "text runs off the page"
        text = "".join(sheet.extract_text() or "" for sheet in document.pages)
    for power in corpus.agencies[agency_id].powers:
        assert power.name.replace(" ", "")[:8] in text.replace(" ", "").replace("\n", "")
