"""An agency's list as CSV and as an Excel workbook (.xlsx), both safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return) would be taken for a formula.
In the workbook such a cell is a string cell with Excel's quote prefix: shown as text, never
evaluated, and read back (by `quanze import`) as exactly the same text. CSV has no cell types,
so there such a cell is written with a leading apostrophe, as spreadsheets do themselves.
Control characters, which a workbook cannot hold, are written as U+FFFD (the JSON keeps them).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

from ..model import Agency
from .table import header, rows

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: The fixed time stamped on every entry of the workbook's zip (byte-identical builds).
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")


def csv_bytes(agency: Agency) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the Chinese), a header row, one row per power."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(agency))
    for row in rows(agency):
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def xlsx_bytes(agency: Agency, date: dt.date) -> bytes:
    """A workbook of one sheet: the list's title merged across the top, the header, one row per power."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "权责清单"
    names = header(agency)
    book.properties.title = agency.title
    book.properties.creator = "quanze"
    stamp = dt.datetime(date.year, date.month, date.day)
    book.properties.created = stamp
    _append(sheet, [agency.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(names))
    _append(sheet, names)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows(agency):
        _append(sheet, row)
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = wrap
    sheet.freeze_panes = "A3"
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_zip(raw.getvalue(), stamp)


def _append(sheet, values: list[str]) -> None:
    """A row of text cells: a value that looks like a formula stays a string, shown as text."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    sheet.append([None if value == "" else ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_START):
                cell.quotePrefix = True


def _fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """The workbook with a fixed modification date and fixed zip times (openpyxl stamps the time of saving)."""
    modified = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _MODIFIED.sub(lambda m: b"<dcterms:modified" + m.group(1) + b">" + modified
                                     + b"</dcterms:modified>", body)
            target.writestr(zipfile.ZipInfo(info.filename, _ZIP_TIME), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()
