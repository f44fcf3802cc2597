"""Reader for Excel workbooks (.xlsx): each sheet a grid, merged ranges one cell."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl.utils import get_column_letter

from ..errors import QuanzeError
from .grid import Cell, Document, Table, paragraphs


def read(data: bytes, name: str) -> Document:
    try:
        import openpyxl
    except ImportError:
        raise QuanzeError(f"{name}: reading Excel files needs openpyxl (pip install openpyxl)") from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # a damaged file: openpyxl raises many kinds
        raise QuanzeError(f"{name}: not a readable Excel (.xlsx) file: {exc}; open it in a spreadsheet and save it again") from None
    doc = Document("xlsx")
    doc.title = (book.properties.title or "").strip() or None
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible" or sheet.max_row < 1:
            continue
        table = _sheet(sheet)
        if table.rows:
            doc.tables.append(table)
    return doc


def _sheet(sheet) -> Table:
    where = f"sheet {sheet.title}"
    merged = {}
    for rng in sheet.merged_cells.ranges:
        top = sheet.cell(rng.min_row, rng.min_col)
        cell = Cell(paragraphs(_text(top.value)), f"{where} {get_column_letter(rng.min_col)}{rng.min_row}")
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = cell
    rows = []
    width = sheet.max_column
    for r, values in enumerate(sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=width, values_only=True),
                               start=1):
        row = [merged.get((r, c)) or Cell(paragraphs(_text(v)), f"{where} {get_column_letter(c)}{r}")
               for c, v in enumerate(values, start=1)]
        rows.append(row)
    while rows and not any(c.paragraphs for c in rows[-1]):
        rows.pop()
    from .mapper import looks_like_group

    heading = [sheet.title] if looks_like_group(sheet.title) else []  # a sheet per category: 行政处罚
    return Table(rows, where, heading)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return str(value)
