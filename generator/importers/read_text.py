"""Readers for table text: CSV/TSV as a spreadsheet saves it, and pipe tables copied from a page.

CSV and TSV use standard quoting: a quoted cell with line breaks inside is one cell.
Pipe text is a table as a browser copies it: `序号 | 事项名称 | … |`; a row's last cells
may wrap onto the next line, or each cell stand on its own line followed by `|`. Lines
without a bar before the header (title, dates) are kept as loose lines.
"""

from __future__ import annotations

import csv
import io
import re

from ..i18n import _
from . import budget
from .grid import Cell, Document, Table, paragraphs
from .header import is_header_row

_BAR = re.compile(r"\s*[|｜]\s*")


def read_delimited(text: str, name: str, delimiter: str) -> Document:
    """CSV or tab-separated rows; tab rows without quotes (a table copied from a browser) may wrap a cell's lines."""
    doc = Document("csv" if delimiter == "," else "tab")
    if delimiter == "\t" and '"' not in text:
        return _copied_tab_table(text, name, doc)
    rows = []
    width = 0
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    limit = csv.field_size_limit(budget.MAX_CELL_CHARS)  # (the module's own limit, 131,072, is lower)
    try:
        for r, values in enumerate(reader, start=1):
            width = max(width, len(values))
            budget.check_grid(r, width, _("row {row}").format(row=r))
            rows.append([Cell(paragraphs(v), _("row {row} column {column}").format(row=r, column=c)) for c, v in enumerate(values, start=1)])
    except csv.Error as exc:
        raise _unreadable(exc, reader.line_num, delimiter) from None
    finally:
        csv.field_size_limit(limit)
    for r, row in enumerate(rows, start=1):
        row.extend(Cell([], f"row {r}") for _ in range(width - len(row)))
    doc.tables.append(Table(rows, name))
    return doc


def _unreadable(exc: csv.Error, line: int, delimiter: str) -> budget.OverBudget:
    if "field limit" in str(exc):
        return budget.OverBudget(_("line {line}: a cell of more than {limit:,} characters (the limit); no list prints "
                                   "that much in one cell: check the quotes around it, or split the cell").format(
            line=line, limit=budget.MAX_CELL_CHARS))
    kind = "CSV" if delimiter == "," else _("tab-separated text")
    return budget.OverBudget(_("line {line}: not readable as {kind}: {why}; check the quotes on that line").format(
        line=line, kind=kind, why=exc))


def sniff_delimiter(text: str) -> str | None:
    """`,` or tab when the text reads as such a table with a header row, else None."""
    for delimiter in ("\t", ","):
        try:
            rows = list(csv.reader(io.StringIO(text[:20000]), delimiter=delimiter))
        except csv.Error:
            continue
        for values in rows[:10]:
            if len(values) >= 3 and is_header_row([Cell(paragraphs(v)) for v in values], {}):
                return delimiter
    return None


def pipe_rows(text: str) -> list[str] | None:
    """Whether the text is a pipe table: the lines holding bars, or None."""
    from . import columns as col

    lines = [line for line in text.splitlines() if line.strip()]
    barred = [line for line in lines if "|" in line or "｜" in line]
    header = any(sum(1 for cell in _BAR.split(line) if col.lookup(cell)) >= 2 for line in barred[:20])
    return barred if len(barred) >= 2 and (header or len(barred) * 3 >= len(lines)) else None


def read_pipe(text: str, name: str) -> Document:
    doc = Document("pipe")
    _check_separators(text, "|｜")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = _pipe_header(lines)
    doc.lines, tokens = lines[:start], lines[start:]
    tokens = [line for line in tokens if not re.fullmatch(r"[\s|｜:：\-—]+", line)]  # Markdown rule rows
    header = _cells(tokens[0]) if tokens else []
    barred = [line for line in tokens if "|" in line or "｜" in line]
    full = sum(1 for line in barred if len(_cells(line)) >= len(header) - 1)
    if len(header) >= 3 and full * 2 >= len(barred):
        cells_rows = _line_rows(tokens, len(header))  # a row a line, a cell's further lines below it
    elif tokens and (tokens[0].endswith(("|", "｜")) or len(header) < 3):
        cells_rows = _stream("\n".join(tokens))  # one cell per line followed by |, or rows wrapping anywhere
    else:
        cells_rows = _wrapped_lines(tokens)
    width = max((len(row) for row in cells_rows), default=0)
    budget.check_grid(len(cells_rows), width, _("the table"))
    rows = []
    for r, values in enumerate(cells_rows, start=1):
        rows.append([Cell(paragraphs(v), _("line {line} cell {cell}").format(line=r, cell=c))
                     for c, v in enumerate(values, start=1)])
    for r, row in enumerate(rows, start=1):
        row.extend(Cell([], f"row {r}") for _ in range(width - len(row)))
    doc.tables.append(Table(rows, name))
    return doc


def _check_separators(text: str, separators: str) -> None:
    """Refuse a text of more cell separators than the budget has cells, before it is split into cells."""
    count = sum(text.count(separator) for separator in separators)
    if count > budget.MAX_CELLS:
        raise budget.OverBudget(_("{count:,} cell separators, more cells than the limit of {limit:,}; "
                                  "split the list into several files").format(count=count, limit=budget.MAX_CELLS))


def _pipe_header(lines: list[str]) -> int:
    """Index of the header line: the first with bars and two known column names (else the first with bars)."""
    from . import columns as col

    barred = [i for i, line in enumerate(lines) if "|" in line or "｜" in line]
    for i in barred[:30]:
        if sum(1 for cell in _cells(lines[i]) if col.lookup(cell)) >= 2:
            return i
    for i in barred[:30]:  # one header cell a line: the first run of known names
        if col.lookup(_cells(lines[i])[0] if _cells(lines[i]) else ""):
            return i
    return barred[0] if barred else len(lines)


def _cells(line: str) -> list[str]:
    """The cells of a line between bars: outer bars and trailing empty cells dropped."""
    values = _BAR.split(line.strip().strip("|｜").strip())
    while values and not values[-1].strip():
        values.pop()
    return values


def _line_rows(lines: list[str], width: int) -> list[list[str]]:
    """A row a line; a line without bars goes on with the cell before it, a short line completes a short row."""
    from .mapper import looks_like_group

    rows: list[list[str]] = []
    for line in lines:
        values = _cells(line)
        if rows and len(values) == 1 and "|" not in line and "｜" not in line and not looks_like_group(values[0]):
            rows[-1][-1] += "\n" + values[0]
        elif rows and 1 < len(rows[-1]) < width and len(rows[-1]) + len(values) - 1 <= width:
            if len(rows[-1]) + len(values) > width:  # the line goes on with the cell before, then its next cells
                rows[-1][-1] += "\n" + values[0]
                values = values[1:]
            rows[-1].extend(values)
        else:
            rows.append(values)
    return rows


_SERIAL = re.compile(r"^(?:\d{1,6}|\*+|[一二三四五六七八九十]{1,3})[.、]?$")


def _stream(body: str) -> list[list[str]]:
    """Rows of bar-separated cells whose line breaks may fall anywhere in a row.

    A row starts at a serial (1177, `*`) printed at the start of a line once the row before
    has (nearly) all its cells; empty cells at a row's end are dropped (portals print stray
    bars there). The header is what comes before the first row.
    """
    pieces = re.split(r"[|｜]", body)
    if pieces and not pieces[-1].strip():
        pieces.pop()
    first_line = body.split("\n", 1)[0]
    width = len(_cells(first_line)) if len(_cells(first_line)) >= 3 else _header_width([p.strip() for p in pieces])
    if not width:
        return [[p.strip() for p in pieces]]
    rows: list[list[str]] = [[]]
    previous: str | None = None
    for piece in pieces:
        lines = piece.split("\n")
        last = lines[-1].strip()
        if len(lines) > 1 and _SERIAL.match(last) and len(rows[-1]) >= max(2, width - 2) \
                and _follows(previous, last.rstrip(".、")):
            previous = last.rstrip(".、")
            before = "\n".join(lines[:-1]).strip()
            groups = [line for line in before.split("\n") if line.strip()] if before else []
            from .mapper import looks_like_group

            heading = [g for g in groups if looks_like_group(g)]
            rest = [g for g in groups if not looks_like_group(g)]
            if rest and rows[-1]:
                rows[-1][-1] = (rows[-1][-1] + "\n" + "\n".join(rest)).strip()
            rows.extend([g] for g in heading)
            rows.append([last])
            continue
        rows[-1].append(piece.strip())
    out = []
    for row in rows:
        while len(row) > 1 and not row[-1]:
            row.pop()
        if row:
            out.append(row)
    return _split_group_lines(out)


def _follows(previous: str | None, serial: str) -> bool:
    """Whether `serial` can come after `previous`: the next number, the same, 1 again, or masked."""
    if previous is None or not serial.isdigit() or not previous.isdigit():
        return True
    return int(serial) in (int(previous) + 1, int(previous), 1)


def _header_width(cells: list[str]) -> int:
    """How many cells the header has: the run of known column names at the start."""
    from . import columns as col

    width = 0
    for value in cells:
        first = value.split("\n")[-1]
        if col.lookup(first) or (width and not first):
            width += 1
        elif width:
            break
    return width


def _split_group_lines(rows: list[list[str]]) -> list[list[str]]:
    """A line before a row's first cell (a group heading printed between rows) becomes a row of its own."""
    out = []
    for row in rows:
        head = row[0].split("\n") if row else []
        if len(head) > 1:
            for line in head[:-1]:
                out.append([line] + [""] * (len(row) - 1))
            row = [head[-1]] + row[1:]
        out.append(row)
    return out


def _wrapped_lines(lines: list[str], separator: str | None = None) -> list[list[str]]:
    """One row a line; a line that completes a shorter row before it holds that row's last cells."""
    rows: list[list[str]] = []
    width = 0
    for line in lines:
        values = line.split(separator) if separator else _BAR.split(line)
        if not width:
            width = len(values)
        if rows and 1 < len(rows[-1]) < width:  # a line of one cell (a group heading, a note) stands alone
            previous = rows[-1]
            if len(previous) + len(values) > width:
                previous[-1] += "\n" + values[0]
                values = values[1:]
            previous.extend(values)
            continue
        rows.append(values)
    return rows


def _copied_tab_table(text: str, name: str, doc: Document) -> Document:
    """Tab-separated lines as a browser copies a table: a cell's line breaks start new, shorter lines."""
    _check_separators(text, "\t")
    lines = [line.rstrip("\r") for line in text.split("\n") if line.strip()]
    start = next((i for i, line in enumerate(lines)
                  if "\t" in line and is_header_row([Cell(paragraphs(v)) for v in line.split("\t")], {})), 0)
    doc.lines = [line.strip() for line in lines[:start]]
    rows = _wrapped_lines(lines[start:], separator="\t")
    budget.check_grid(len(rows), max((len(row) for row in rows), default=0), _("the table"))
    grid = [[Cell(paragraphs(v), _("line {line} cell {cell}").format(line=r, cell=c)) for c, v in enumerate(values, start=1)]
            for r, values in enumerate(rows, start=1)]
    width = max((len(row) for row in grid), default=0)
    for r, row in enumerate(grid, start=1):
        row.extend(Cell([], f"row {r}") for _ in range(width - len(row)))
    doc.tables.append(Table(grid, name))
    return doc
