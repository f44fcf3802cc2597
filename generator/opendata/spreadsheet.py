"""An agency's list as CSV and as an Excel workbook (.xlsx), both safe to open in a spreadsheet.

A text that starts with = + - @ (or a tab or carriage return) would be taken for a formula
(`escape.formula_like`, the one rule, for every cell: the title, the header, the data). In the
workbook such a cell is a string cell with Excel's quote prefix (the apostrophe a user types
before such a text, kept as the cell's flag): shown as text, never evaluated, and read back (by
`quanze import`) as exactly the same text. CSV has no cell types, so there it is written with a
leading apostrophe (`escape.for_spreadsheet`), header row included. The sheet's name is fixed.
Control characters are written in the workbook as OOXML's escapes (`_x0007_`), which Excel shows
as the character and the importer reads back (but for a text that is literally such an escape,
which openpyxl cannot tell from one); the JSON keeps every text as it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import unicodedata

from ..content.model import Agency
from ..escape import for_spreadsheet, formula_like
from .table import header, rows

SHEET_NAME = "权责清单"
"""The workbook's one sheet (a fixed name: nothing from the content names a sheet)."""

def csv_bytes(agency: Agency) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the Chinese), a header row, one row per power."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in [header(agency), *rows(agency)]:
        writer.writerow([for_spreadsheet(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(agency: Agency, date: dt.date) -> bytes:
    """A workbook of one sheet: the list's title in the first row, the header, one row per power
    (written by XlsxWriter, in memory: a workbook in about 3 ms, a quarter of openpyxl's time).
    Every cell is a string cell (XlsxWriter's string writer: never a number, formula or link);
    a control character is written as OOXML's `_x001F_` escape (which the importer reads back),
    U+FFFD where no escape is allowed; a text longer than a cell holds (32,767 characters) is cut
    there and ends in "…" (the CSV and JSON keep it whole)."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    stamp = dt.datetime(date.year, date.month, date.day)
    book.set_properties({"title": _plain(agency.title), "author": "quanze", "created": stamp})
    sheet = book.add_worksheet(SHEET_NAME)
    sheet.freeze_panes(2, 0)
    # Printed as the whole list (a site in units has no page of it): A4 landscape, the columns
    # fitted to the page's width, the header row on every page, the page numbers at the foot.
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(1)
    sheet.set_footer("&C第 &P 页，共 &N 页")
    styles = [{"bold": True, "font_size": 14}, {"bold": True}, {"text_wrap": True, "valign": "top"}]
    formats = [(book.add_format(style), book.add_format({**style, "quote_prefix": True})) for style in styles]

    names, body = header(agency), list(rows(agency))
    for column, width in enumerate(column_widths([names, *body])):
        sheet.set_column(column, column, width)
    for number, (values, (plain, quoted)) in enumerate(
            [([agency.title], formats[0]), (names, formats[1]), *((row, formats[2]) for row in body)]):
        for column, value in enumerate(values):
            if value:
                sheet.write_string(number, column, _cell(value), quoted if formula_like(value) else plain)
    book.close()
    return out.getvalue()


#: Characters XML 1.0 cannot hold at all (the surrogates XlsxWriter would write as they are).
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_CELL_LIMIT = 32767


def _cell(text: str) -> str:
    text = _NOT_XML.sub("\ufffd", text)
    return text if len(text) <= _CELL_LIMIT else text[:_CELL_LIMIT - 1] + "…"


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")


def _plain(text: str) -> str:
    """A document property: no control characters (a property has no escape for them)."""
    return _CONTROL.sub("\ufffd", _NOT_XML.sub("\ufffd", text))


MIN_WIDTH, MAX_WIDTH = 6, 60
"""The narrowest and widest column of the workbook, in Excel's units (about one Latin character
each): a long text wraps within the widest."""


def column_widths(table: list[list[str]]) -> list[float]:
    """Each column's width from its longest line (a CJK character counted as two), with room
    for a margin, between MIN_WIDTH and MAX_WIDTH."""
    widths = [0] * max((len(row) for row in table), default=0)
    enough = MAX_WIDTH - 2  # a column this wide is as wide as it gets
    for row in table:
        for column, value in enumerate(row):
            if widths[column] >= enough or 2 * len(value) <= widths[column]:
                continue  # (no line of the value can be wider)
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
