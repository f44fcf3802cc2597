"""An agency's list as CSV and as an Excel workbook (.xlsx), both safe to open in a spreadsheet.

A text that starts with = + - @ (or a tab or carriage return) would be taken for a formula
(`escape.formula_like`, the one rule, for every cell: the title, the header, the data). In the
workbook such a cell is a string cell with Excel's quote prefix (the apostrophe a user types
before such a text, kept as the cell's flag): shown as text, never evaluated, and read back (by
`quanze import`) as exactly the same text. CSV has no cell types, so there it is written with a
leading apostrophe (`escape.for_spreadsheet`), header row included. The sheet's name is fixed.
Control characters, which a workbook cannot hold, are written as U+FFFD (the JSON keeps them).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import unicodedata
import zipfile

from ..content.model import Agency
from ..escape import for_spreadsheet, formula_like
from .table import header, rows

SHEET_NAME = "权责清单"
"""The workbook's one sheet (a fixed name: nothing from the content names a sheet)."""

#: The fixed time stamped on every entry of the workbook's zip (byte-identical builds).
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")


def csv_bytes(agency: Agency) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the Chinese), a header row, one row per power."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in [header(agency), *rows(agency)]:
        writer.writerow([for_spreadsheet(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(agency: Agency, date: dt.date) -> bytes:
    """A workbook of one sheet: the list's title in the first row, the header, one row per power
    (written in openpyxl's streaming mode: a thousand lists take seconds, not a minute)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_NAME)
    stamp = dt.datetime(date.year, date.month, date.day)
    book.properties.title, book.properties.creator, book.properties.created = agency.title, "quanze", stamp
    sheet.freeze_panes = "A3"

    def cells(values: list[str], **style) -> list:
        """Text cells: a value that looks like a formula stays a string, shown as text."""
        out = []
        for value in values:
            if value == "":
                out.append(None)
                continue
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
            cell.data_type = "s"
            for name, setting in style.items():
                setattr(cell, name, setting)
            if formula_like(value):
                cell.quotePrefix = True
            out.append(cell)
        return out

    names, body = header(agency), list(rows(agency))
    for column, width in enumerate(column_widths([names, *body]), 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.append(cells([agency.title], font=Font(bold=True, size=14)))
    sheet.append(cells(names, font=Font(bold=True)))
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in body:
        sheet.append(cells(row, alignment=wrap))
    raw = io.BytesIO()  # (written as Workbook.save writes it, but not compressed: _fixed_zip compresses)
    ExcelWriter(book, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED, allowZip64=True)).save()
    return _fixed_zip(raw.getvalue(), stamp)


MIN_WIDTH, MAX_WIDTH = 6, 60
"""The narrowest and widest column of the workbook, in Excel's units (about one Latin character
each): a long text wraps within the widest."""


def column_widths(table: list[list[str]]) -> list[float]:
    """Each column's width from its longest line (a CJK character counted as two), with room
    for a margin, between MIN_WIDTH and MAX_WIDTH."""
    widths = [0] * max((len(row) for row in table), default=0)
    for row in table:
        for column, value in enumerate(row):
            longest = max((display_width(line) for line in value.splitlines()), default=0)
            widths[column] = max(widths[column], longest)
    return [float(min(MAX_WIDTH, max(MIN_WIDTH, width + 2))) for width in widths]


def display_width(text: str) -> int:
    """How many Latin characters' room a text takes: wide and full-width characters (汉字, 、，) two."""
    if text.isascii():
        return len(text)
    wide = len(_wide().findall(text))
    if max(text) > _WIDE_UP_TO:
        wide += sum(1 for c in text if c > _WIDE_UP_TO and unicodedata.east_asian_width(c) in "WF")
    return len(text) + wide


_WIDE_UP_TO = "\U0003ffff"
"""The characters `_wide` finds (the planes of CJK ideographs); any after are looked up one by one."""


@functools.cache
def _wide() -> re.Pattern:
    """The wide and full-width characters up to `_WIDE_UP_TO` as one character class, from
    Python's Unicode database (looking each character up was a sixth of a workbook's time)."""
    runs, start = [], None
    for code in range(ord(_WIDE_UP_TO) + 2):
        wide = code <= ord(_WIDE_UP_TO) and unicodedata.east_asian_width(chr(code)) in "WF"
        if wide and start is None:
            start = code
        elif not wide and start is not None:
            runs.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = None
    return re.compile(f"[{''.join(runs)}]")


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
