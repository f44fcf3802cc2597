"""Finding the header rows of a grid and mapping its columns to fields.

The header is the first row, among the first rows of a table, in which at least two
cells are known column names (columns.yaml) and most cells are. A row under it whose
cells are known names too (项目名称 over 主项 | 子项, 责任事项 over its parts) is read
with it as one two-row header.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import columns as col
from .grid import Cell, Table

#: How many rows at the top of a table may come before its header (title, dates).
SEARCH_ROWS = 10


@dataclass
class Column:
    """One column of the grid: its printed header and the field it maps to (`extra` if none)."""

    index: int
    printed: str
    field: str


@dataclass
class Header:
    rows: int
    """Index of the first row after the header."""
    start: int
    """Index of the header's first row."""
    columns: list[Column] = field(default_factory=list)
    inferred: bool = False
    """The table printed no header: its columns were told from their cells (`infer`)."""

    def unmapped(self) -> list[str]:
        return list(dict.fromkeys(c.printed for c in self.columns if c.field == col.EXTRA and c.printed))


def distinct(row: list[Cell]) -> list[Cell]:
    """The cells of a row, a merged cell once."""
    out: list[Cell] = []
    for cell in row:
        if not out or cell is not out[-1]:
            out.append(cell)
    return out


def header_text(cell: Cell) -> str:
    return "".join(cell.paragraphs)


def score(row: list[Cell], overrides: dict[str, str]) -> tuple[int, int]:
    """(known names, non-empty cells) of a row."""
    texts = [header_text(c) for c in distinct(row) if header_text(c)]
    known = sum(1 for t in texts if col.lookup(t, overrides))
    return known, len(texts)


def is_header_row(row: list[Cell], overrides: dict[str, str]) -> bool:
    known, filled = score(row, overrides)
    return known >= 2 and known * 2 >= filled


def find_header(table: Table, overrides: dict[str, str]) -> Header | None:
    """The header of a table, or None when none of its first rows is one."""
    for r, row in enumerate(table.rows[:SEARCH_ROWS]):
        if is_header_row(row, overrides):
            return _read_header(table, r, overrides)
    return None


def _read_header(table: Table, r: int, overrides: dict[str, str]) -> Header:
    top = table.rows[r]
    below = table.rows[r + 1] if r + 1 < len(table.rows) else None
    two_rows = below is not None and _is_sub_header(top, below, overrides)
    out = Header(rows=r + (2 if two_rows else 1), start=r)
    for c, cell in enumerate(top):
        printed, field = _column(cell, below[c] if two_rows else None, overrides)
        out.columns.append(Column(c, printed, field))
    merged = [c > 0 and top[c] is top[c - 1] and (not two_rows or below[c] is below[c - 1]) for c in range(len(top))]
    out.columns = one_column_a_field(out.columns, merged)
    return out


#: Fields a list may print over several columns, read together (设定依据 over 法律法规名称 | 条款内容).
SHARED_FIELDS = {"basis", "responsibilities", "accountability", "liability", "content"}


def one_column_a_field(columns: list[Column], merged: list[bool]) -> list[Column]:
    """A second column of a field that takes one cell (two 序号 columns, a second 事项名称) is kept in
    `extra` under its printed name, never glued to the first; columns under one merged header cell
    (`merged[c]`: the same cell as column c - 1's) are one column."""
    taken: set[str] = set()
    for column, same_cell in zip(columns, merged):
        if column.field in taken and column.field not in SHARED_FIELDS | {col.EXTRA} and not same_cell:
            column.field = col.EXTRA
        taken.add(column.field)
    return columns


def _is_sub_header(top: list[Cell], below: list[Cell], overrides: dict[str, str]) -> bool:
    """A second header row: its own cells (not spanning from above) are all known names, or empty."""
    own = [cell for c, cell in enumerate(below) if cell is not top[c]]
    texts = [header_text(cell) for cell in own if header_text(cell)]
    if not texts:
        return False
    if any(cell is top[c] for c, cell in enumerate(below) if c < len(top)):
        return True  # a header cell spans down into this row: the header has two rows
    spans = any(top[c] is top[c + 1] for c in range(len(top) - 1))
    known = [t for t in texts if col.lookup(t, overrides)]
    return len(known) == len(texts) and (spans or len(known) >= 2)


def _column(top: Cell, below: Cell | None, overrides: dict[str, str]) -> tuple[str, str]:
    """(printed header, field) of one column."""
    upper = header_text(top)
    lower = header_text(below) if below is not None and below is not top else ""
    if lower:
        field = col.lookup(lower, overrides)
        upper_field = col.lookup(upper, overrides) if upper else None
        exact = col.normalise(lower) in col.table() or col.normalise(lower) in overrides
        if upper_field and upper_field != col.EXTRA and not exact:
            return f"{upper}/{lower}", upper_field  # 设定依据 over 法律法规名称 | 条款内容: parts of one field
        if field and field != col.EXTRA:
            return lower, field
        printed = f"{upper}/{lower}" if upper else lower
        upper_field = col.lookup(upper, overrides) if upper else None
        return printed, col.lookup(printed, overrides) or upper_field or col.EXTRA
    return upper, col.lookup(upper, overrides) or col.EXTRA


def same_header(row: list[Cell], header: Header, overrides: dict[str, str]) -> bool:
    """A header row printed again (after a page break): the same names in the same columns."""
    if not is_header_row(row, overrides):
        return False
    names = [col.normalise(header_text(c)) for c in row]
    printed = [col.normalise(c.printed.split("/")[0]) for c in header.columns]
    matches = sum(1 for a, b in zip(names, printed) if a and a == b)
    return matches * 2 >= len([n for n in names if n])


def is_sub_header_repeat(row: list[Cell], header: Header) -> bool:
    """The second row of a two-row header printed again (主项 | 子项 alone)."""
    names = {col.normalise(header_text(c)) for c in row if header_text(c)}
    lowers = {col.normalise(c.printed.split("/")[-1]) for c in header.columns}
    return bool(names) and names <= lowers and len(names) >= 1 and all(col.lookup(n) for n in names)
