"""The one table model every reader produces: a grid of cells, and the lines around it.

A reader turns a file (Word, Excel, HTML, PDF, CSV, page text) into a `Document`: its
tables, each a rectangular grid of `Cell`s, plus the lines of text printed outside the
tables (title, dates). A merged cell (rowspan/colspan, gridSpan/vMerge, a merged range)
is one `Cell` object placed at every position it covers, so the mapper can tell a cell
that spans from the one above (`grid[r][c] is grid[r - 1][c]`) from a cell that repeats
its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import budget

_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


@dataclass(eq=False)
class Cell:
    """One printed cell: its paragraphs, and where it is (for messages)."""

    paragraphs: list[str]
    where: str = ""

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class Table:
    """A grid of cells; `rows[r][c]` is the cell covering row r, column c."""

    rows: list[list[Cell]]
    where: str = ""
    """Where the table is in the file, e.g. `sheet 清单` or `table 2`."""
    lines_before: list[str] = field(default_factory=list)
    cut_top: bool = False
    """Its first row goes on with the last row of the table before (a PDF row cut by the page's end)."""
    cards: int = 0
    """How many label | value cards the table was printed as (`cards`), 0 for a table printed as one."""

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


@dataclass
class Document:
    """What a reader found in a file: its format, a title when the file names one, tables, loose lines."""

    format: str
    tables: list[Table] = field(default_factory=list)
    title: str | None = None
    lines: list[str] = field(default_factory=list)
    """Lines printed outside the tables, in order (title, headings, dates)."""
    fallback: str | None = None
    """Plain text to import with the text rules when the file holds no table (a PDF without ruled tables)."""


def paragraphs(text: str | None) -> list[str]:
    """The paragraphs of a cell's plain text: one per line, white space tidied, empty lines dropped."""
    out = []
    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line:
            out.append(line)
    return out


class GridBuilder:
    """Places cells with row and column spans into a rectangular grid, row by row, within the budget.

    `cells_before` are the cells of the document's tables read before this one."""

    def __init__(self, where: str = "", cells_before: int = 0) -> None:
        self.where = where
        self.cells_before = cells_before
        self.rows: list[list[Cell | None]] = []
        self.next_row = 0
        self.width = 0

    def add_row(self, cells: list[tuple[Cell, int, int]]) -> None:
        """One printed row: (cell, rowspan, colspan) in order; columns covered from above are skipped."""
        r = self.next_row
        self.next_row += 1
        self._check(r + 1, self.width)
        self._ensure(r)
        c = 0
        for cell, rowspan, colspan in cells:
            while c < len(self.rows[r]) and self.rows[r][c] is not None:
                c += 1
            self._check(r + max(1, rowspan), c + max(1, colspan))
            for dr in range(max(1, rowspan)):
                self._ensure(r + dr)
                row = self.rows[r + dr]
                while len(row) < c + max(1, colspan):
                    row.append(None)
                for dc in range(max(1, colspan)):
                    if row[c + dc] is None:
                        row[c + dc] = cell
            c += max(1, colspan)

    def _check(self, rows: int, width: int) -> None:
        """Refuse a span that would take the grid past the budget, before it is placed."""
        self.width = max(self.width, width)
        budget.check_grid(max(rows, len(self.rows)), self.width, self.where, self.cells_before)

    def _ensure(self, r: int) -> None:
        while len(self.rows) <= r:
            self.rows.append([])

    def table(self, lines_before: list[str] | None = None) -> Table:
        width = max((len(row) for row in self.rows), default=0)
        grid = []
        for r, row in enumerate(self.rows):
            filled = [cell if cell is not None else Cell([], f"{self.where} row {r + 1}") for cell in row]
            filled += [Cell([], f"{self.where} row {r + 1}") for _ in range(width - len(row))]
            grid.append(filled)
        return Table(grid, self.where, list(lines_before or []))
