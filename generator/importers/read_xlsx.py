"""Reader for Excel workbooks (.xlsx): each sheet a grid, merged ranges one cell.

A sheet is read as far as its data goes, never as far as its declared dimension or its
merged ranges: its XML is first scanned for the last row and column holding a value and
for its merged ranges (`_scan`); that extent is checked against the budget and the merged
ranges are clipped to it; then openpyxl, streaming (read-only mode), gives the values
within the extent. Checked against openpyxl 3.1: the scan reads a sheet's XML through
`ReadOnlyWorksheet._get_source()`, the one private name used (tests/test_import_bounds.py
names it).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from ..errors import QuanzeError
from ..i18n import _
from . import budget
from .grid import Cell, Document, Table, paragraphs

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def read(data: bytes, name: str) -> Document:
    try:
        import openpyxl
    except ImportError:
        raise QuanzeError(_("{name}: reading Excel files needs openpyxl (pip install openpyxl)").format(name=name)) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged file: openpyxl raises many kinds
        raise QuanzeError(_("{name}: not a readable Excel (.xlsx) file: {why}; open it in a spreadsheet and save it "
                            "again").format(name=name, why=" ".join(str(exc).split()))) from None
    doc = Document("xlsx")
    doc.title = (book.properties.title or "").strip() or None
    cells = 0
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        table = _sheet(sheet, cells)
        if table.rows:
            doc.tables.append(table)
            cells += len(table.rows) * table.width
    book.close()
    return doc


@dataclass
class Extent:
    """How far a sheet's data goes, and its merged ranges (min_row, min_col, max_row, max_col)."""

    rows: int = 0
    columns: int = 0
    last_row: str = ""
    """The cell that holds the last row's value (for messages), and the same for the last column."""
    last_column: str = ""
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


def _sheet(sheet, cells_before: int) -> Table:
    where = _("sheet {title}").format(title=sheet.title)
    extent = _scan(sheet, where)
    _check(extent, where, cells_before)
    merged = _clip(extent)
    rows = []
    active: list[tuple[tuple[int, int, int, int], Cell]] = []
    values = sheet.iter_rows(min_row=1, max_row=extent.rows, min_col=1, max_col=extent.columns, values_only=True)
    for r, row_values in enumerate(values, start=1):
        row = [Cell(paragraphs(_text(v)), f"{where} {get_column_letter(c)}{r}") for c, v in enumerate(row_values, start=1)]
        active = [(rng, cell) for rng, cell in active if rng[2] >= r]
        active += [(rng, row[rng[1] - 1]) for rng in merged.get(r, [])]
        for (_min_row, min_col, _max_row, max_col), cell in active:
            row[min_col - 1:max_col] = [cell] * (max_col - min_col + 1)
        rows.append(row)
    while rows and not any(c.paragraphs for c in rows[-1]):
        rows.pop()
    from .mapper import looks_like_group

    heading = [sheet.title] if looks_like_group(sheet.title) else []  # a sheet per category: 行政处罚
    return Table(rows, where, heading)


def _scan(sheet, where: str) -> Extent:
    """The extent of a sheet's values and its merged ranges, from its XML (row and cell numbers
    as openpyxl reads them: a row or cell without its `r` follows the one before)."""
    from lxml import etree
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries

    extent = Extent()
    row = 0
    with sheet._get_source() as source:
        for _event, element in etree.iterparse(source, tag=(f"{_NS}row", f"{_NS}mergeCell"), huge_tree=True):
            if element.tag == f"{_NS}mergeCell":
                extent.merged.append(range_boundaries(element.get("ref") or ""))
                if len(extent.merged) > budget.MAX_MERGED_RANGES:
                    raise budget.OverBudget(_("{where}: more than {limit:,} merged ranges (the limit); "
                                              "unmerge what is not a cell of the list, or split the sheet").format(
                        where=where, limit=budget.MAX_MERGED_RANGES))
            else:
                row = _row_number(element.get("r"), row + 1, where)
                column = 0
                for cell in element.iterchildren(f"{_NS}c"):
                    ref = cell.get("r")
                    column = column_index_from_string(coordinate_from_string(ref)[0]) if ref else column + 1
                    if _holds_value(cell, where):
                        _reach(extent, row, column, ref or f"{get_column_letter(column)}{row}")
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    return extent


def _row_number(value: str | None, following: int, where: str) -> int:
    """A row's number as its `r` gives it, or the one after the row before when it has none."""
    if not value:
        return following
    if not value.isdigit():
        raise budget.Refused(_("{where}: row number {value} is not a number; the file is damaged: "
                               "open it in a spreadsheet and save it again").format(where=where, value=repr(value)))
    return int(value)


def _holds_value(cell, where: str) -> bool:
    texts = [node.text for node in cell.iter(f"{_NS}v", f"{_NS}t") if node.text]
    for text in texts:
        budget.check_cell(len(text), where)
    return bool(texts)


def _reach(extent: Extent, row: int, column: int, ref: str) -> None:
    if row > extent.rows:
        extent.rows, extent.last_row = row, ref
    if column > extent.columns:
        extent.columns, extent.last_column = column, ref


def _check(extent: Extent, where: str, cells_before: int) -> None:
    """Refuse a sheet whose values reach beyond the budget's rows, columns or cells, naming the farthest value."""
    if extent.rows > budget.MAX_ROWS:
        raise budget.OverBudget(_("{where}: a value at {cell} makes the table {rows:,} rows long, "
                                  "more than the limit of {limit:,}; delete what lies below the table, "
                                  "or split the sheet into several files").format(
            where=where, cell=extent.last_row, rows=extent.rows, limit=budget.MAX_ROWS))
    if extent.columns > budget.MAX_COLUMNS:
        raise budget.OverBudget(_("{where}: a value at {cell} makes the table {columns:,} columns "
                                  "wide, more than the limit of {limit:,}; delete what lies right of "
                                  "the table, or split it").format(
            where=where, cell=extent.last_column, columns=extent.columns, limit=budget.MAX_COLUMNS))
    budget.check_grid(extent.rows, extent.columns, where, cells_before)


def _clip(extent: Extent) -> dict[int, list[tuple[int, int, int, int]]]:
    """Merged ranges cut to the extent of the values, by their first row; their area checked against the budget."""
    by_row: dict[int, list[tuple[int, int, int, int]]] = {}
    area = 0
    for min_col, min_row, max_col, max_row in extent.merged:  # None: a whole column (A:B) or row (3:4)
        min_row, min_col = min_row or 1, min_col or 1
        max_row, max_col = min(max_row or extent.rows, extent.rows), min(max_col or extent.columns, extent.columns)
        if min_row > max_row or min_col > max_col:
            continue  # wholly outside the values: nothing to merge
        area += (max_row - min_row + 1) * (max_col - min_col + 1)
        by_row.setdefault(min_row, []).append((min_row, min_col, max_row, max_col))
    if area > budget.MAX_CELLS:
        raise budget.OverBudget(_("merged ranges cover {area:,} cells, more than the limit of {limit:,}; "
                                  "unmerge what is not a cell of the list, or split the sheet").format(
            area=area, limit=budget.MAX_CELLS))
    return by_row


#: OOXML's escape of a control character in a string (`_x000D_`: a carriage return), which Excel
#: writes and openpyxl leaves as it is. (openpyxl does remove the `_x005F_` that escapes a text
#: reading like an escape, so a text that was literally `_x0007_` cannot be told from the escape.)
_OOXML_ESCAPE = re.compile("_x(00[01][0-9A-Fa-f])_")


def _text(value) -> str:
    if isinstance(value, str):
        return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value) if "_x" in value else value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return str(value)
