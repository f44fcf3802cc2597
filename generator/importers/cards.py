"""Powers printed as label | value cards, turned into the grid of a table with a header row.

A detail page or a Word form prints one power as a table of two columns whose left cells
name the fields:

    事项名称      | 对生产经营单位……的行政处罚
    行政权力类别  | 行政处罚
    设定依据      | 《中华人民共和国安全生产法》第九十七条……

A table holds one card or several: a new card starts where a label names a field the card
has already (a second 事项名称). The cards become the rows of a table whose header is their
labels in the order first printed, so the mapper reads them as any table.
"""

from __future__ import annotations

from . import columns as col
from .grid import Cell, Table
from .header import distinct, header_text

#: Share of a table's rows whose left cell must be a known column name.
MOST = 0.6


def as_table(table: Table) -> Table:
    """The table itself, or, when it is label | value cards, a table of one row per card."""
    pairs = _pairs(table)
    if pairs is None:
        return table
    cards: list[dict[str, Cell]] = []
    labels: list[str] = []
    for label, value in pairs:
        key = col.lookup(label) or label
        if not cards or key in {col.lookup(k) or k for k in cards[-1]}:
            cards.append({})
        cards[-1][label] = value
        labels.extend([label] if label not in labels else [])
    rows = [[Cell([label], table.where) for label in labels]]
    rows += [[card.get(label) or Cell([], table.where) for label in labels] for card in cards]
    return Table(rows, table.where, table.lines_before, cards=len(cards))


def _pairs(table: Table) -> list[tuple[str, Cell]] | None:
    """(label, value cell) of each row of a card table, or None when the table is not one."""
    pairs = []
    for row in table.rows:
        own = [cell for cell in distinct(row)]
        if len(own) > 2:
            return None
        if len(own) == 2 and header_text(own[0]):
            pairs.append((header_text(own[0]), own[1]))
    known = [label for label, _ in pairs if col.lookup(label)]
    fields = {col.lookup(label) for label in known}
    if len(pairs) < 3 or len(known) < MOST * len(pairs) or "name" not in fields:
        return None
    return pairs
