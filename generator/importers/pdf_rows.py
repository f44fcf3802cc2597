"""Rows of a table in text extracted from a PDF: where each item starts and ends.

Two layouts occur:

* inline: an item starts with a line holding its serial, category and code
  (`1 行政处罚 0247001000 ……`); the name's lines follow, then the basis from the first
  line that opens a statute header (【法律】《……》). When the basis starts on the first
  line too, the columns are interleaved: the name goes on in lines as narrow as the name
  column for as long as the previous name line filled the column.
* stacked: every cell is printed as its own run of lines: serial, name, a line with the
  category alone, the basis, then one run per body column (责任主体, 实施主体), each ending
  in an institution word (局, 中心 ...). The category line anchors each item.

An item printed again after a page break (same serial and name) continues the item before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..content.vocab import canonical_category
from .pdf_lines import clean, join_wrapped, width

HEADER_WORDS = sorted({
    "序号", "序", "号", "职权编码", "基本编码", "职权名称", "职权依据", "备注", "项目", "子项", "事项名称",
    "事项类型", "事项依据", "责任主体", "实施主体", "职权类型", "职权类别", "实施依据", "设定依据", "职权",
    "编码", "事项", "名称", "类型", "依据",
}, key=len, reverse=True)

#: Header wording (as published) of the body columns, in the order printed.
BODY_COLUMNS = {"责任主体": "responsible_body", "实施主体": "implementing_body"}

_ROW_HEAD = re.compile(r"^(?P<serial>\d{1,3})\s+(?P<category>\S{2,8})\s+(?P<code>[0-9A-Za-z]{10})(?:\s+(?P<rest>.*))?$")
_SERIAL = re.compile(r"^(?P<serial>\d{1,3})(?:\s+(?P<rest>.+))?$")
_BASIS_START = ("【", "《")
_BODY_PIECE = re.compile(r"^[\u4e00-\u9fff]{1,6}$")
_BODY_END = ("局", "中心", "院", "站", "所", "处", "委员会", "政府", "部门", "办公室", "队", "科")
_BODY_MAX_LINES = 6


@dataclass
class Row:
    """One item of the table: its cells as lines of text, not yet joined."""

    serial: str | None
    category: str
    code: str | None = None
    cells: dict[str, list[str]] = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)
    repeated: bool = False
    """The item was printed again after a page break and merged."""

    def name(self) -> str:
        return join_wrapped(self.cells.get("name", []))


@dataclass
class Document:
    title: str | None = None
    header: str = ""
    rows: list[Row] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)

    def columns(self) -> list[str]:
        """The body columns the header names, in order."""
        return [column for word, column in BODY_COLUMNS.items() if word in self.header]


def read_document(text: str) -> Document:
    """Title, header and rows of a PDF text."""
    lines = [clean(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    doc = Document()
    start = _read_heading(doc, lines)
    body = lines[start:]
    layout = inline_rows if any(_row_head(line) for line in body) else stacked_rows
    rows, doc.stray = layout(body, doc.columns())
    doc.rows = merge_repeated(rows)
    return doc


def _read_heading(doc: Document, lines: list[str]) -> int:
    """Read the title and the header lines; the index of the first line of the table."""
    header: list[str] = []
    for index, line in enumerate(lines):
        if is_header_line(line):
            header.append(line)
        elif doc.title is None:
            doc.title = line
        else:
            doc.header = "".join(header).replace(" ", "")
            return index
    doc.header = "".join(header).replace(" ", "")
    return len(lines)


def is_header_line(line: str) -> bool:
    """A line made of column headers only (序, 号, 职权 编码, 事项依据 责任主体实施主体)."""
    rest = line.replace(" ", "")
    for word in HEADER_WORDS:
        rest = rest.replace(word, "")
    return not rest


# -- inline layout ------------------------------------------------------------------------------


def _row_head(line: str) -> re.Match | None:
    match = _ROW_HEAD.match(line)
    return match if match and canonical_category(match.group("category")) else None


def inline_rows(lines: list[str], columns: list[str]) -> tuple[list[Row], list[str]]:
    """Rows of the inline layout; lines before the first row are returned as stray.

    Body columns are not known in this layout: their text stays in the basis.
    """
    starts = [i for i, line in enumerate(lines) if _row_head(line)]
    blocks = [lines[a:b] for a, b in zip(starts, starts[1:] + [len(lines)])]
    heads = [_row_head(block[0]) for block in blocks]
    name_width = _name_width(heads, blocks)
    rows = [_inline_row(head, block[1:], name_width) for head, block in zip(heads, blocks)]
    return rows, lines[: starts[0]] if starts else lines


def _name_width(heads: list[re.Match], blocks: list[list[str]]) -> int:
    """Width of the name column: the widest name line of items whose basis starts below."""
    widest = 0
    for head, block in zip(heads, blocks):
        if "【" in (head.group("rest") or ""):
            continue
        for line in block[1:]:
            if line.startswith(_BASIS_START):
                break
            widest = max(widest, width(line))
    return widest


def _inline_row(head: re.Match, lines: list[str], name_width: int) -> Row:
    rest = head.group("rest") or ""
    row = Row(head.group("serial"), head.group("category"), head.group("code"))
    if "【" in rest:
        name, basis = split_interleaved(rest, lines, name_width)
    else:
        name, basis = split_name_basis(([rest] if rest else []) + lines)
    row.cells = {"name": name, "basis": basis}
    return row


def split_name_basis(lines: list[str]) -> tuple[list[str], list[str]]:
    """Name lines up to the first line that opens the basis, and the basis lines."""
    for index, line in enumerate(lines):
        if line.startswith(_BASIS_START):
            return lines[:index], lines[index:]
    return lines, []


def split_interleaved(first: str, lines: list[str], name_width: int) -> tuple[list[str], list[str]]:
    """Name and basis lines when both columns start on the item's first line.

    The name goes on while the previous name line filled its column (within one character)
    and the next line fits in the column; every other line belongs to the basis.
    """
    before, _, after = first.partition("【")
    name, basis = [clean(before)], ["【" + after]
    open_name = True
    for line in lines:
        open_name = open_name and width(name[-1]) >= name_width - 2 and width(line) <= name_width
        open_name = open_name and not line.startswith(_BASIS_START)
        (name if open_name else basis).append(line)
    return name, basis


# -- stacked layout -----------------------------------------------------------------------------


def _is_category_line(line: str) -> bool:
    return canonical_category(line) is not None and " " not in line


def stacked_rows(lines: list[str], columns: list[str]) -> tuple[list[Row], list[str]]:
    """Rows of the stacked layout, anchored on the lines that hold a category alone."""
    anchors = [i for i, line in enumerate(lines) if _is_category_line(line)]
    if not anchors:
        return [], lines
    rows: list[Row] = []
    head = lines[: anchors[0]]
    for k, at in enumerate(anchors):
        end = anchors[k + 1] if k + 1 < len(anchors) else len(lines)
        basis, bodies, next_head = split_gap(lines[at + 1 : end], len(columns))
        rows.append(_stacked_row(head, lines[at], basis, dict(zip(columns, bodies))))
        head = next_head
    if head:
        rows[-1].unplaced.extend(head)
    return rows, []


def _stacked_row(head: list[str], category: str, basis: list[str], bodies: dict[str, str]) -> Row:
    serial, name = split_serial(head)
    row = Row(serial, category)
    row.cells = {"name": name, "basis": basis, **{column: [text] for column, text in bodies.items()}}
    return row


def split_serial(head: list[str]) -> tuple[str | None, list[str]]:
    """The serial (None when not printed) and the name lines of an item's first lines."""
    if not head:
        return None, []
    match = _SERIAL.match(head[0])
    if not match:
        return None, head
    return match.group("serial"), ([match.group("rest")] if match.group("rest") else []) + head[1:]


def split_gap(lines: list[str], body_count: int) -> tuple[list[str], list[str], list[str]]:
    """(basis lines, body texts, first lines of the next item) of the lines between two categories.

    The bodies start at the first short line from which `body_count` runs of lines each
    end in an institution word; what follows them is the next item's serial and name.
    """
    if body_count == 0:
        return _split_without_bodies(lines)
    for start, line in enumerate(lines):
        if _BODY_PIECE.match(line):
            bodies, end = take_bodies(lines, start, body_count)
            if bodies is not None:
                return lines[:start], bodies, lines[end:]
    return _split_without_bodies(lines)


def take_bodies(lines: list[str], start: int, count: int) -> tuple[list[str] | None, int]:
    """`count` bodies read from `start` (each a run of short lines ending in 局, 中心 ...)."""
    bodies, at = [], start
    for _ in range(count):
        text = ""
        for offset in range(_BODY_MAX_LINES):
            if at + offset >= len(lines) or not _BODY_PIECE.match(lines[at + offset]):
                return None, start
            text += lines[at + offset]
            if text.endswith(_BODY_END):
                at += offset + 1
                bodies.append(text)
                break
        else:
            return None, start
    return bodies, at


def _split_without_bodies(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Without body columns the next item starts at the last line holding a serial."""
    serials = [i for i, line in enumerate(lines) if _SERIAL.fullmatch(line) and _SERIAL.match(line).group("rest") is None]
    cut = serials[-1] if serials else len(lines)
    return lines[:cut], [], lines[cut:]


# -- page breaks ----------------------------------------------------------------------------------


def merge_repeated(rows: list[Row]) -> list[Row]:
    """Items printed again after a page break (same serial and name) continue the item before."""
    merged: list[Row] = []
    for row in rows:
        previous = merged[-1] if merged else None
        if previous is not None and _same_item(previous, row):
            _continue(previous, row)
        else:
            merged.append(row)
    return merged


def _same_item(a: Row, b: Row) -> bool:
    same_serial = a.serial == b.serial or None in (a.serial, b.serial)
    return same_serial and a.category == b.category and a.code == b.code and a.name() == b.name()


def _continue(row: Row, more: Row) -> None:
    row.repeated = True
    for column, lines in more.cells.items():
        if column == "name":
            continue
        before = row.cells.setdefault(column, [])
        if column == "basis":
            before.extend(lines)
        elif join_wrapped(lines) != join_wrapped(before):
            row.unplaced.append(join_wrapped(lines))
    row.unplaced.extend(more.unplaced)
