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
    page.click(".quanze-print a:last-of-type")
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


#: Marks each row of a table of fields at the start of every cell (QZ<n>A) and at its end (QZ<n>Z), so
#: the PDF's text says on which page each row begins and ends. With `tall`, the end mark sits below
#: 150 pt of space: a row taller than most, which only `break-inside: avoid` keeps on one page.
MARK_ROWS = """tall => {
  const rows = [...document.querySelectorAll("article table tbody tr")]
    .filter(row => getComputedStyle(row).display !== "none");  // rows for the screen only are not printed
  rows.forEach((row, n) => {
    for (const cell of row.children) {
      cell.insertAdjacentHTML("afterbegin", `<span>QZ${n}A</span>`);
      cell.insertAdjacentHTML("beforeend", tall ? `<span style="display:block;margin-top:150pt">QZ${n}Z</span>`
                                                : `<span>QZ${n}Z</span>`);
    }
  });
  return rows.length;
}"""


def split_rows(page, pdf, tall: bool = False, css: str = "") -> tuple[int, list[str]]:
    """Print the page (A4) with its table rows marked; return how many rows there are and the rows
    whose marks fall on more than one page, as `row n: pages p, q`."""
    import re

    import pdfplumber

    page.emulate_media(media="print")
    if css:
        page.add_style_tag(content=css)
    count = page.evaluate(MARK_ROWS, tall)
    page.pdf(path=str(pdf), format="A4", print_background=False)
    pages: dict[int, set[int]] = {}
    with pdfplumber.open(pdf) as document:
        for number, sheet in enumerate(document.pages, 1):
            text = re.sub(r"\s+", "", sheet.extract_text() or "")
            for row in re.findall(r"QZ(\d+)[AZ]", text):
                pages.setdefault(int(row), set()).add(number)
    assert set(pages) == set(range(count)), "a row's marks are missing from the PDF"
    return count, [f"row {n}: pages {', '.join(map(str, sorted(p)))}" for n, p in sorted(pages.items()) if len(p) > 1]


def test_full_list_prints_no_table_row_across_two_pages(page, browsed_site, tmp_path):
    pytest.importorskip("pdfplumber")
    content, site = browsed_site
    corpus = load_corpus(content)
    agency_id = max(sorted(corpus.agencies), key=lambda a: len(corpus.agencies[a].powers))
    url = (site / "agencies" / agency_id / "full_list.html").as_uri()
    page.goto(url)
    count, split = split_rows(page, tmp_path / "list.pdf")
    assert count >= 2 * len(corpus.agencies[agency_id].powers) and split == []  # 职权编码, 职权类别 at least
    page.goto(url)  # rows of 150 pt and more: the print style moves each to the next page whole
    assert split_rows(page, tmp_path / "tall.pdf", tall=True)[1] == []
    page.goto(url)  # the same rows allowed to break: the check sees them split
    _, broken = split_rows(page, tmp_path / "broken.pdf", tall=True,
                           css=".md-typeset tr { break-inside: auto !important; page-break-inside: auto !important; }")
    assert broken, "rows allowed to break across pages should have split"


def test_a_folded_quote_opens_on_click_and_prints_whole(page, browsed_site, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    _, site = browsed_site
    folded = sorted(p for p in site.glob("agencies/*/*.html") if 'class="quanze-quote"' in p.read_text("utf-8"))
    assert folded, "the default content has quotes long enough to fold"
    page.goto(folded[0].as_uri())
    quote = page.locator("details.quanze-quote").first
    whole = quote.locator("blockquote").text_content()  # the text, shown or not
    assert not quote.locator("blockquote").is_visible() and quote.locator("summary").is_visible()
    quote.locator("summary").click()
    assert quote.locator("blockquote").is_visible()
    quote.locator("summary").click()  # closed again, then printed
    page.emulate_media(media="print")
    assert quote.locator("blockquote").is_visible() and not quote.locator("summary").is_visible()
    pdf = tmp_path / "power.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    with pdfplumber.open(pdf) as document:
        text = "".join((sheet.extract_text() or "") for sheet in document.pages)
    flat = "".join(text.split())
    assert "".join(whole.split())[-40:] in flat  # the end of the quote, which the summary does not show
    assert "（全文" not in flat  # the summary is not printed


def test_a_printed_list_has_a_running_head_page_numbers_and_no_links_that_mean_nothing_on_paper(page, browsed_site, tmp_path):
    """Each A4 page: the list's title (and its agency) at the top, N / M at the foot; no
    "本项职权的页面" rows and no punctuation left from the links hidden in print."""
    pdfplumber = pytest.importorskip("pdfplumber")
    content, site = browsed_site
    corpus = load_corpus(content)
    agency_id = max(sorted(corpus.agencies), key=lambda a: len(corpus.agencies[a].powers))
    agency = corpus.agencies[agency_id]
    page.goto((site / "agencies" / agency_id / "full_list.html").as_uri())
    page.emulate_media(media="print")
    pdf = tmp_path / "list.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    with pdfplumber.open(pdf) as document:
        total = len(document.pages)
        texts = [sheet.extract_text() for sheet in document.pages]
    assert total >= 2
    for number, text in enumerate(texts, start=1):
        lines = text.splitlines()
        assert agency.name in lines[0], (number, lines[0])
        assert lines[-1].strip() == f"{number} / {total}", (number, lines[-1])
        assert "本项职权的页面" not in text and "打印本清单" not in text and "另见" not in text
        assert "）·" not in text.replace(" ", "")
