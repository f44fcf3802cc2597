"""The columns of a table printed without a header row, told from what the cells hold.

Some lists print their rows with no header (the title above the table names the list).
Each column is read from its cells, on the rows that fill most of the table's width:

    serial             integers, each the one before plus one, for most rows
    category           a category word (行政许可, 行政处罚 …, content/vocab.py)
    code               a code of a known shape (content/codes.py: 0247001000, 330217002000 …)
    basis              a statute title in 《》 or an article (第…条)
    implementing_body  a short name ending in a department's word (市市场监督管理局)
    name               of the columns left, the one of the longest text

A column of none of these is kept in `extra` as 第N列. A table is read this way only when a
name and one more of serial, category and basis are found; else it is no table of powers.
"""

from __future__ import annotations

import re

from ..content.codes import shape_of
from ..content.vocab import canonical_category
from .chinese import to_simplified
from .grid import Table
from .header import Column, Header, distinct, header_text
from .identity import DEPARTMENT_ENDINGS

#: Share of a column's filled cells that must have a shape for the column to be read as it.
MOST = 0.8
_INTEGER = re.compile(r"^\d{1,5}$")
_BASIS = re.compile(r"《[^》]{2,60}》|第[零〇一二两三四五六七八九十百千\d]+条")
_PUNCTUATION = re.compile(r"[，。；;：:、]")


def infer_header(table: Table) -> Header | None:
    """A header told from the cells of a table without one, or None when they do not read as powers."""
    start = next((r for r, row in enumerate(table.rows) if _is_data_row(row, table.width)), None)
    if start is None:
        return None
    rows = [row for row in table.rows[start:] if _is_data_row(row, table.width)]
    if len(rows) < 2:
        return None
    columns = [[header_text(row[c]) for row in rows] for c in range(table.width)]
    fields = _fields(columns)
    known = set(fields)
    if "name" not in known or not known & {"serial", "category", "basis"}:
        return None
    start = next((r for r in range(start, len(table.rows)) if _fits(table.rows[r], fields, table.width)), start)
    return Header(rows=start, start=start, columns=[
        Column(c, "" if field != "extra" else f"第{c + 1}列", field) for c, field in enumerate(fields)], inferred=True)


def _fits(row, fields: list[str], width: int) -> bool:
    """A row whose cells have the shapes of their columns (not a header of unknown names above them)."""
    if not _is_data_row(row, width):
        return False
    shaped = [(f, header_text(row[c])) for c, f in enumerate(fields) if f in ("serial", "category", "code")]
    return all(_INTEGER.match(t) if f == "serial" else _is_category(t) if f == "category" else _is_code(t)
               for f, t in shaped if t)


def _is_data_row(row, width: int) -> bool:
    """A row that fills most of the table's width with cells of their own (not a title across it)."""
    filled = [c for c in distinct(row) if header_text(c)]
    return len(filled) >= 3 and len(filled) * 2 >= width


def _fields(columns: list[list[str]]) -> list[str]:
    """The field of each column; each field once, the name last (of what is left, the longest text)."""
    fields: list[str] = []
    for texts in columns:
        field = "serial" if "serial" not in fields and _serial(texts) else \
            next((f for f, test in _TESTS if f not in fields and _most(texts, test)), "extra")
        fields.append(field)
    left = [c for c, f in enumerate(fields) if f == "extra" and _filled(columns[c])]
    if left:
        longest = max(left, key=lambda c: (sum(map(len, columns[c])) / max(1, len(_filled(columns[c]))), -c))
        fields[longest] = "name"
    return fields


def _filled(texts: list[str]) -> list[str]:
    return [t for t in texts if t]


def _most(texts: list[str], test) -> bool:
    filled = _filled(texts)
    return bool(filled) and sum(1 for t in filled if test(t)) >= MOST * len(filled)


def _is_category(text: str) -> bool:
    return len(text) <= 10 and canonical_category(to_simplified(text)) is not None


def _is_code(text: str) -> bool:
    return not _INTEGER.match(text) and shape_of(text) is not None


def _is_basis(text: str) -> bool:
    return bool(_BASIS.search(text))


def _is_body(text: str) -> bool:
    return len(text) <= 20 and text.endswith(DEPARTMENT_ENDINGS) and not _PUNCTUATION.search(text)


#: The tests of a column's cells, in the order they are tried (after the serial's, `_serial`).
_TESTS = (("code", _is_code), ("category", _is_category), ("basis", _is_basis), ("implementing_body", _is_body))


def _serial(texts: list[str]) -> bool:
    """Integers, each mostly the one before plus one."""
    filled = [t for t in _filled(texts) if _INTEGER.match(t)]
    if len(filled) < 2 or len(filled) < MOST * len(_filled(texts)):
        return False
    steps = sum(1 for a, b in zip(filled, filled[1:]) if int(b) == int(a) + 1)
    return steps >= MOST * (len(filled) - 1)
