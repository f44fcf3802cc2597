"""Reader for PDF files: ruled tables with pdfplumber, the text rules where a file has none.

Each ruled table of each page is a grid; a cell's span comes from its box against the
table's column and row lines. A cell's wrapped lines are joined (Chinese wraps without a
space); a line that opens a statute header or an article starts a paragraph. When no page
has a ruled table, the page text is imported with the PDF-text rules (`pdftext`).
"""

from __future__ import annotations

import io
import re
from collections import Counter

from ..errors import QuanzeError
from ..i18n import _
from . import budget
from .grid import Cell, Document, GridBuilder
from .pdf_lines import paragraphs as join_lines


def read(data: bytes, name: str) -> Document:
    """The ruled tables of a PDF, or its text as `fallback` when it has none.

    Meant to run in a child process (`confined`): an error a damaged file raises inside
    pdfplumber or pdfminer is left for it to report in one line."""
    try:
        import pdfplumber
    except ImportError:
        raise QuanzeError(_("{name}: reading PDF files needs pdfplumber (pip install pdfplumber)").format(name=name)) from None
    doc = Document("pdf")
    texts = []
    cut_bottom = False
    cells = 0  # of the tables read so far (the budget counts them all)
    pdf = pdfplumber.open(io.BytesIO(data))  # (not `with`: closing a damaged file raises again, past the first error)
    check_pages(pdf.doc)
    for number, page in enumerate(pdf.pages, start=1):
        found = page.find_tables(_settings(page))
        lines = _lines_outside(page, found)
        texts.append(page.extract_text() or "")
        if number == 1:
            doc.lines.extend(lines)
        for k, table in enumerate(found, start=1):
            grid = _table(table, _("page {page} table {n}").format(page=number, n=k), lines if k == 1 else [], cells)
            cells += len(grid.rows) * grid.width
            grid.cut_top = bool(doc.tables) and k == 1 and cut_bottom
            doc.tables.append(grid)
            cut_bottom = not _ruled_below(page, table.bbox)
        page.close()  # its characters and lines are not needed again: memory stays that of one page
    if not doc.tables:
        doc.fallback = "\n".join(texts)
    return doc


# -- the budget of a page, before it is laid out ----------------------------------------------------------

#: An operator of a content stream: a short word not after `/` (a name) nor inside a number.
_OPERATOR = re.compile(rb"(?<![^\s\[\]()<>{}])[A-Za-z'\"][A-Za-z0-9*'\"]{0,2}(?![^\s\[\]()<>{}/%])")
#: A form or image drawn: `/Name Do`.
_DRAWN = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![^\s\[\]()<>{}/%])")
MAX_FORM_DEPTH = 32
"""Forms drawn inside forms: a real file nests two or three."""


def check_pages(document) -> None:
    """Refuse a PDF of more pages than the budget, a page without a size, or a page of more
    operations (forms drawn by it counted each time they are drawn) than the budget.

    Counted on the content streams' bytes, before pdfminer lays a page out (what costs memory)."""
    from pdfminer.pdfpage import PDFPage

    counted: dict = {}
    for number, page in enumerate(PDFPage.create_pages(document), start=1):
        if number > budget.MAX_PAGES:
            raise budget.OverBudget(_("more than {limit:,} pages (the limit); split the file").format(limit=budget.MAX_PAGES))
        _check_size(page, number)
        operations = _operations(page.contents, page.resources, counted, 0)
        if operations > budget.MAX_PAGE_OPERATIONS:
            raise budget.OverBudget(
                _("page {page}: more than {limit:,} drawing and text operations (the limit of a "
                  "page, forms drawn on it included); the file is made to exhaust a reader, or its page is a drawing: "
                  "save the list as a table (Word, Excel) instead").format(page=number, limit=budget.MAX_PAGE_OPERATIONS))


def _check_size(page, number: int) -> None:
    from pdfminer.pdftypes import resolve1

    box = resolve1(page.attrs.get("MediaBox"))
    if not (isinstance(box, list) and len(box) == 4 and all(isinstance(resolve1(v), (int, float)) for v in box)):
        raise budget.OverBudget(_("page {page} has no page size (/MediaBox); the file is damaged: "
                                  "open it in a PDF reader and print it to a PDF again").format(page=number))


def _operations(streams, resources, counted: dict, depth: int) -> int:
    """Operations of content streams, each form they draw counted as often as it is drawn."""
    from pdfminer.pdftypes import resolve1

    if depth > MAX_FORM_DEPTH:
        raise budget.OverBudget(_("forms drawn inside forms more than {depth} deep; the file is made to "
                                  "exhaust a reader, or damaged: open it and save it again").format(depth=MAX_FORM_DEPTH))
    resources = resolve1(resources)
    forms = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    total = 0
    for stream in streams or []:
        stream = resolve1(stream)
        data = stream.get_data() if hasattr(stream, "get_data") else b""
        total += sum(1 for _ in _OPERATOR.finditer(data))
        for drawn, times in Counter(_DRAWN.findall(data)).items():
            total += times * _form_operations(forms, drawn.decode("latin-1"), resources, counted, depth)
            if total > budget.MAX_PAGE_OPERATIONS:
                return total
    return total


def _form_operations(forms, drawn: str, resources, counted: dict, depth: int) -> int:
    """Operations of the form a page or form draws by name (1 for an image, 0 for an unknown name); each form
    counted once."""
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import LIT

    form = resolve1(forms.get(drawn)) if isinstance(forms, dict) else None
    if not isinstance(form, PDFStream):
        return 0
    if resolve1(form.get("Subtype")) is not LIT("Form") or form.objid is None:
        return 1
    if form.objid not in counted:
        counted[form.objid] = 0  # drawn inside itself: pdfminer refuses the loop
        counted[form.objid] = _operations([form], form.get("Resources") or resources, counted, depth + 1)
    return counted[form.objid]


def _lines_outside(page, tables) -> list[str]:
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        return not any(x0 <= obj["x0"] <= x1 and top <= obj["top"] <= bottom for x0, top, x1, bottom in boxes)

    text = page.filter(outside).extract_text() or ""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _table(table, where: str, lines_before: list[str], cells_before: int):
    boxes = [c for c in table.cells]
    xs = sorted({round(v, 1) for b in boxes for v in (b[0], b[2])})
    ys = sorted({round(v, 1) for b in boxes for v in (b[1], b[3])})
    page = table.page
    slots: dict[tuple[int, int], tuple[Cell, int, int]] = {}
    for box in boxes:
        c0, c1 = _index(xs, box[0]), _index(xs, box[2])
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        text = page.crop(box, strict=False).extract_text() or ""
        lines = [line for line in text.splitlines() if line.strip()]
        cell = Cell(join_lines(lines), _("{where} row {row} column {column}").format(where=where, row=r0 + 1, column=c0 + 1))
        slots[(r0, c0)] = (cell, max(1, r1 - r0), max(1, c1 - c0))
    builder = GridBuilder(where, cells_before)
    for r in range(len(ys) - 1):
        builder.add_row([slots[(r, c)] for c in range(len(xs) - 1) if (r, c) in slots])
    return builder.table(lines_before)


def _index(values: list[float], value: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - value))


def _settings(page) -> dict:
    """Ruling lines as drawn, plus a line closing a row cut by the page's bottom (or top) edge."""
    verticals = [e for e in page.edges if e["orientation"] == "v"]
    if not verticals:
        return {}
    return {"explicit_horizontal_lines": [min(e["top"] for e in verticals), max(e["bottom"] for e in verticals)]}


def _ruled_below(page, bbox) -> bool:
    """Whether a drawn line closes the table at its bottom (a row cut by the page's end has none)."""
    x0, _, x1, bottom = bbox
    return any(e["orientation"] == "h" and abs(e["top"] - bottom) < 2 and e["x1"] - e["x0"] > (x1 - x0) / 2
               for e in page.edges)
