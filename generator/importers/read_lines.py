"""Reader for page text with one cell a line (a portal's table copied cell by cell, no separators).

    某某县民政局权责清单
    序号
    事项名称
    事项类别
    设定依据
    1
    社会团体成立登记
    行政许可
    《社会团体登记管理条例》第九条……
    2
    …

The header is a run of three or more lines each a known column name, the first of them a
serial's (序号). The header's line count is the width of a row: a row starts at a line that
is the serial after the one before, and holds exactly that many lines. A cell printed over
two lines cannot be told from the next cell, so a row of another count is refused, naming
it, rather than read with its fields shifted. A group heading (一、行政许可类) between rows
is a row of its own.
"""

from __future__ import annotations

import re

from . import budget
from .grid import Cell, Document, Table, paragraphs

_SERIAL = re.compile(r"^\d{1,6}$")
MIN_COLUMNS = 3
#: A group heading is numbered or says 类/项 (a bare 行政许可 is a category cell).
_GROUP = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|.*[类项]\s*(?:[（(][^）)]*[）)])?$)")
#: Lines printed after a table: a note, who made it, a date.
_AFTER_TABLE = re.compile(r"^(?:注|备注|说明|附注|附件|填表说明|制表|审核|联系|发布|日期|\d{4}\s*年)")


class Ambiguous(budget.Refused):
    """One cell a line, but the rows do not all have the header's count of lines."""


def _header(lines: list[str]) -> tuple[int, int] | None:
    """(index, width) of a run of column names one a line, the first a serial's; None when there is none."""
    from . import columns as col

    for i, line in enumerate(lines[:40]):
        if col.lookup(line) != "serial" or len(line) > 8:
            continue
        width = 0
        while i + width < len(lines) and len(lines[i + width]) <= 12 and col.lookup(lines[i + width]):
            width += 1
        if width >= MIN_COLUMNS:
            return i, width
    return None


def detect(text: str) -> bool:
    """A header one cell a line, and the first two rows each of its width, serials 1 apart."""
    lines = _lines(text)
    found = _header([line for _, line in lines])
    if found is None:
        return False
    at, width = found
    body = [line for _, line in lines[at + width:]]
    return len(body) > width and _SERIAL.match(body[0]) is not None and _SERIAL.match(body[width]) is not None \
        and int(body[width]) == int(body[0]) + 1


def read(text: str, name: str) -> Document:
    from .mapper import looks_like_group

    doc = Document("lines")
    lines = _lines(text)
    at, width = _header([line for _, line in lines]) or (0, 0)
    doc.lines = [line for _, line in lines[:at]]
    grid = [[Cell([line]) for _, line in lines[at:at + width]]]
    rows: list[list[tuple[int, str]]] = []
    for number, line in lines[at + width:]:
        budget.check_cell(len(line), "a line")
        if _starts_row(line, rows, width):
            rows.append([(number, line)])
        elif _GROUP.match(line) and looks_like_group(line) and (not rows or len(rows[-1]) == width):
            grid.append([Cell([line])] * width)
        elif rows:
            rows[-1].append((number, line))
        else:
            doc.lines.append(line)
    for row in rows:
        _check(row, width, row is rows[-1], doc)
        grid.append([Cell(paragraphs(value), f"line {n}") for n, value in row[:width]])
    budget.check_grid(len(grid), width, name)
    doc.tables.append(Table(grid, name))
    return doc


def _lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of the non-empty lines."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def _starts_row(line: str, rows: list[list[tuple[int, str]]], width: int) -> bool:
    if not _SERIAL.match(line):
        return False
    if not rows:
        return True
    return len(rows[-1]) >= width and int(line) == int(rows[-1][0][1]) + 1


def _check(row: list[tuple[int, str]], width: int, last: bool, doc: Document) -> None:
    """Refuse a row of another count of lines than the header's (its cells cannot be told apart)."""
    if len(row) == width:
        return
    if last and len(row) > width and _AFTER_TABLE.match(row[width][1]):  # a note or a date after the table
        doc.lines.extend(line for _, line in row[width:])
        return
    number, serial = row[0]
    raise Ambiguous(f"one cell a line under a header of {width} cells, but the row of serial {serial} "
                    f"(line {number}) has {len(row)} lines, so its cells cannot be told apart; "
                    "import the page's HTML, or save the table as CSV or Excel")
