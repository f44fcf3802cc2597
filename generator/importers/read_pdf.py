"""Reader for PDF files: ruled tables with pdfplumber, the text rules where a file has none.

Each ruled table of each page is a grid; a cell's span comes from its box against the
table's column and row lines. A cell's wrapped lines are joined (Chinese wraps without a
space); a line that opens a statute header or an article starts a paragraph. When no page
has a ruled table, the page text is imported with the PDF-text rules (`pdftext`).
"""

from __future__ import annotations

import io

from ..errors import QuanzeError
from .grid import Cell, Document, GridBuilder
from .pdf_lines import paragraphs as join_lines


def read(data: bytes, name: str) -> Document:
    try:
        import pdfplumber
    except ImportError:
        raise QuanzeError(f"{name}: reading PDF files needs pdfplumber (pip install pdfplumber)") from None
    doc = Document("pdf")
    texts = []
    cut_bottom = False
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                found = page.find_tables(_settings(page))
                lines = _lines_outside(page, found)
                texts.append(page.extract_text() or "")
                if number == 1:
                    doc.lines.extend(lines)
                for k, table in enumerate(found, start=1):
                    grid = _table(table, f"page {number} table {k}", lines if k == 1 else [])
                    grid.cut_top = bool(doc.tables) and k == 1 and cut_bottom
                    doc.tables.append(grid)
                    cut_bottom = not _ruled_below(page, table.bbox)
    except (QuanzeError, TypeError, AttributeError, KeyError, NameError):
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise QuanzeError(f"{name}: not a readable PDF file: {exc}") from None
    if not doc.tables:
        doc.fallback = "\n".join(texts)
    return doc


def _lines_outside(page, tables) -> list[str]:
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        return not any(x0 <= obj["x0"] <= x1 and top <= obj["top"] <= bottom for x0, top, x1, bottom in boxes)

    text = page.filter(outside).extract_text() or ""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _table(table, where: str, lines_before: list[str]):
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
        cell = Cell(join_lines(lines), f"{where} row {r0 + 1} column {c0 + 1}")
        slots[(r0, c0)] = (cell, max(1, r1 - r0), max(1, c1 - c0))
    builder = GridBuilder(where)
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
