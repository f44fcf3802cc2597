"""One mapper from any grid to an agency: header, column mapping, row grouping, citations.

Rows are split by the grid, never by the serial: a row starts a new power when its name
or serial cell is a new cell with text (or its 子项 is, under a 主项 spanning several
rows); a row whose name and serial span from the row above, or are empty, continues the
power before (a page break cut it, or its basis is printed over several rows). A row
that prints the same serial and name again (a page break repeated them) continues it too.
Group rows (一、行政处罚类（共6项）) set the category of the rows under them; header rows
printed again on every page are skipped; rows above the header give the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..content.vocab import CATEGORIES, canonical_category
from ..i18n import _
from . import columns as col
from . import departments
from . import tsv_cells as cells
from .agency import agency_of, choose_title
from .cards import as_table
from .chinese import is_traditional, to_simplified
from .grid import Cell, Document, Table
from .header import Header, distinct, find_header, header_text, is_sub_header_repeat, same_header
from .infer import infer_header
from .powers import TRADITIONAL_NOTE, power_of

_GROUP = re.compile(r"^(?:(?:[一二三四五六七八九十]+|\d+)\s*[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[类部分]+)"
                    r"\s*(?P<label>[^，。；]{2,20}?)\s*"
                    r"(?:[（(]\s*(?:共)?\s*(?P<count>\d+)\s*项\s*[）)])?$")
_COMBINED = {"basis", "responsibilities", "accountability", "liability", "content"}
@dataclass
class Item:
    """One power being assembled from one or more rows."""

    cells: dict[str, list[str]] = field(default_factory=dict)
    extra: dict[str, list[str]] = field(default_factory=dict)
    group: str | None = None
    where: str = ""
    notes: list[str] = field(default_factory=list)
    """Editor notes on what the mapper read differently from the print."""
    department: str | None = None
    """The department heading above it in a county-wide catalogue (区发展和改革委员会), else None."""

    def text(self, name: str) -> str:
        return "".join(self.cells.get(name, []))


@dataclass
class Mapping:
    """What the mapper read from a document, and what it saw (for the report)."""

    items: list[Item] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    groups: list[tuple[str, int | None]] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    unnumbered: int = 0
    """How many items before the last have no serial (only the last item still takes rows)."""
    department: str | None = None
    """The department of the heading read last (a county-wide catalogue), given to the items after it."""
    headings: dict[str, str] = field(default_factory=dict)
    """Department -> its heading as printed (一、区发展和改革委员会)."""
    document: Document | None = None
    """The document read (its title and lines name the agencies)."""

    def add(self, item: Item) -> None:
        """Append the item a row starts; the item before it is complete."""
        if self.items and not self.items[-1].text("serial"):
            self.unnumbered += 1
        item.department = self.department
        self.items.append(item)

    def departments(self) -> list[str | None]:
        """The departments of the items, in the order first printed."""
        return list(dict.fromkeys(item.department for item in self.items))

    def all_numbered(self) -> bool:
        """Whether every item so far has a serial, in constant time."""
        return not self.unnumbered and (not self.items or bool(self.items[-1].text("serial")))


def map_document(doc: Document, agency_id: str | None, overrides: dict[str, str] | None = None,
                 meta: dict | None = None) -> tuple[dict, list[str], Mapping]:
    """(agency mapping, unplaced fragments, what was seen) of a document's tables."""
    overrides = overrides or {}
    mapping = read_items(doc, overrides)
    _category_from_title(doc, mapping)
    agency, unplaced = agency_of_items(doc, mapping, agency_id, meta or {})
    return agency, unplaced, mapping


def agency_of_items(doc: Document, mapping: Mapping, agency_id: str | None, meta: dict) -> tuple[dict, list[str]]:
    """(agency mapping, unplaced fragments) of the items a mapping read."""
    traditional = is_traditional("".join(i.text("name") + i.text("category") + i.text("basis") for i in mapping.items))
    taken: set[str] = set()
    powers = [power_of(item, taken, traditional) for item in mapping.items]
    unplaced = [p["unplaced"] for p in powers if p.get("unplaced")]
    agency = agency_of(doc, mapping, powers, agency_id, meta)
    if traditional:
        agency["notes"].append(TRADITIONAL_NOTE)
    return agency, unplaced


# -- rows -> items ----------------------------------------------------------------------------------


def read_items(doc: Document, overrides: dict[str, str]) -> Mapping:
    out = Mapping(document=doc)
    out.titles.extend(doc.lines)
    header: Header | None = None
    current: Item | None = None
    fields: set[str] = set()
    for number, table in enumerate(doc.tables, start=1):
        table = as_table(table)
        if table.cards:
            out.seen.append(_("{where}: label | value cards, {n} read as rows").format(
                where=table.where or _("table {n}").format(n=number), n=table.cards))
        found = find_header(table, overrides)
        if found is None and header is not None and table.width == len(header.columns):
            found = Header(0, 0, header.columns, header.inferred)  # the table goes on after a page break
        elif found is None and (found := infer_header(table)) is not None:
            current = None
            out.seen.append(_("{where}: no header row: columns inferred as {fields}").format(
                where=table.where or _("table {n}").format(n=number), fields=" | ".join(c.field for c in found.columns)))
        elif found is None:
            out.seen.append(_("{where}: no header row among the first rows: {rows}").format(
                where=table.where or _("table {n}").format(n=number),
                rows=" / ".join(_row_preview(r) for r in table.rows[:3] if _row_preview(r))))
            out.titles.extend(table.lines_before)
            continue
        elif header is None or [c.field for c in found.columns] != [c.field for c in header.columns]:
            current = None
        if any(re.search(r"目\s*录$", line) for line in table.lines_before[-2:]) and header is None \
                and len(doc.tables) > 1:
            out.notes.append(f"清单前附目录（{table.where}），列 {len(table.rows) - found.rows} 行，未重复导入。")
            continue
        header = found
        out.titles.extend(table.lines_before)
        out.titles.extend(_row_preview(r) for r in table.rows[: found.start])
        if not found.inferred:
            out.seen.append(_("{where}: header {printed} -> {fields}").format(
                where=table.where or _("table {n}").format(n=number),
                printed=" | ".join(c.printed or "（空）" for c in header.columns),
                fields=" | ".join(c.field for c in header.columns)))
        out.unmapped.extend(u for u in header.unmapped() if u not in out.unmapped)
        current = _read_rows(table, header, overrides, out, current)
        fields |= {c.field for c in header.columns}
    inherit(out.items, fields)
    if len(out.headings) > 1:
        out.notes.append("清单按部门分列：" + "；".join(out.headings.values()) + "。")
    return out


def _row_preview(row: list[Cell]) -> str:
    return " | ".join(header_text(c) for c in distinct(row) if header_text(c))[:120]


def _read_rows(table: Table, header: Header, overrides, out: Mapping, current: Item | None) -> Item | None:
    group = current.group if current else None
    named = [(departments.heading(line), line) for line in table.lines_before[-2:] if departments.heading(line)]
    if named:
        out.department, group = named[-1][0], None
        out.headings.setdefault(*named[-1])
    heading = next((line for line in reversed(table.lines_before[-2:]) if looks_like_group(line)), None)
    if heading:
        group = _group_of_line(heading)
        out.groups.append((heading, _count(heading)))
    first_row = True
    for r in range(header.rows, len(table.rows)):
        row = table.rows[r]
        above = table.rows[r - 1] if r > 0 else [None] * len(row)
        texts = [header_text(c) for c in distinct(row) if header_text(c)]
        if not texts or same_header(row, header, overrides) or is_sub_header_repeat(row, header):
            continue
        named = _department_row(row)
        if named:
            out.department, group = named, None
            out.headings.setdefault(named, texts[0])
            continue
        label = _group_label(row, header)
        if label is not None:
            group = label
            out.groups.append((texts[0], _count(texts[0])))
            continue
        if _is_note_row(row, header):
            out.notes.append("原文表格中的文字：" + texts[0])
            continue
        new = [cell is not above[c] for c, cell in enumerate(row)]
        current = _place_row(row, new, header, group, current, out, _("{where} row {row}").format(where=table.where, row=r + 1),
                             first_row=first_row, cut_top=table.cut_top)
        first_row = False
    return current


def _fields(row: list[Cell], new: list[bool], header: Header, only_new: bool) -> tuple[dict, dict]:
    by_field: dict[str, list[str]] = {}
    extra: dict[str, list[str]] = {}
    for c, column in enumerate(header.columns):
        if c >= len(row) or (c > 0 and row[c] is row[c - 1]):
            continue  # a cell merged across columns is read once, in its first column (a 主项 over 主项 | 子项)
        if only_new and not new[c]:
            continue
        pars = row[c].paragraphs
        if not pars:
            continue
        target = extra if column.field == col.EXTRA else by_field
        key = column.printed if column.field == col.EXTRA else column.field
        target[key] = cells.merge(target.get(key, []), list(pars)) if key in _COMBINED or key in extra \
            else target.get(key, []) + list(pars)
    return by_field, extra


def _place_row(row, new, header: Header, group, current: Item | None, out: Mapping, where: str,
               first_row: bool = False, cut_top: bool = False) -> Item:
    index = {c.field: c.index for c in header.columns}

    def fresh(name: str) -> bool:
        c = index.get(name)
        return c is not None and new[c] and bool(row[c].paragraphs)

    def text(name: str) -> str:
        c = index.get(name)
        return "".join(row[c].paragraphs) if c is not None else ""

    starts = current is None or fresh("sub_item") or fresh("name") or fresh("serial")
    serials_cut = "serial" in index and out.all_numbered()
    category_cut = "category" in index and bool(current and current.text("category"))
    if starts and first_row and current is not None and not fresh("sub_item") and not text("serial") and (
            cut_top or serials_cut or (category_cut and not text("category"))):
        starts = False  # the first row of a table continued after a page break, its serial not printed again
    repeated = current is not None and starts and not fresh("sub_item") and text("name") == current.text("name") \
        and text("serial") == current.text("serial") and bool(text("name"))
    if starts and not repeated:
        by_field, extra = _fields(row, new, header, only_new=False)
        item = Item(by_field, extra, group, where)
        out.add(item)
        return item
    by_field, extra = _fields(row, new, header, only_new=True)
    for target, values in ((current.cells, by_field), (current.extra, extra)):
        for key, pars in values.items():
            if repeated and cells.inline(target.get(key, [])) == cells.inline(pars):
                continue
            if key in ("name", "serial", "code", "category") and target.get(key):
                if repeated and cells.inline(target[key]) != cells.inline(pars):
                    current.cells.setdefault("unplaced", []).extend(pars)
                elif not repeated:  # a short cell cut by a page break: its text goes on
                    target[key] = [(cells.inline(target[key]) or "") + (cells.inline(pars) or "")]
                continue
            target[key] = cells.merge(target.get(key, []), pars)
    return current


def inherit(items: list[Item], fields: set[str]) -> None:
    """Cells a list printed once for several rows without merging them (lost when saved as CSV):
    a 子项 row without its 主项 takes the 主项 above; a row without a category takes the one above."""
    for before, item in zip(items, items[1:]):
        _inherit(item, before, fields)


def _inherit(item: Item, before: Item, index: set[str]) -> None:
    if item.department != before.department:
        return
    if "sub_item" in index and item.cells.get("sub_item") and not item.cells.get("name") and before.cells.get("name"):
        item.cells["name"] = list(before.cells["name"])
        item.notes.append(f"原文此行只列子项，主项“{before.text('name')}”取自上一行。")
    if "category" in index and not item.cells.get("category") and not item.group and before.cells.get("category"):
        item.cells["category"] = list(before.cells["category"])
        item.notes.append(f"原文此行职权类别为空，沿用上一行的“{before.text('category')}”。")


def _department_row(row: list[Cell]) -> str | None:
    """The department a row of one cell names (一、区发展和改革委员会; unnumbered when it spans the row)."""
    own = [c for c in distinct(row) if header_text(c)]
    if len(own) != 1:
        return None
    spans = sum(1 for c in row if c is own[0]) > 1
    return departments.heading(header_text(own[0]), numbered_only=not spans)


def _group_label(row: list[Cell], header: Header) -> str | None:
    """The category of a group row (一、行政处罚类（共6项）, or 行政处罚 alone across the row)."""
    own = [c for c in distinct(row) if header_text(c)]
    if len(own) != 1:
        return None
    text = header_text(own[0])
    match = _GROUP.match(to_simplified(text))
    label = match.group("label") if match else to_simplified(text)
    label = re.sub(r"[（(]\s*共?\s*\d+\s*项\s*[）)]$", "", label).strip()
    spans = sum(1 for c in row if c is own[0]) > 1
    if canonical_category(label) or canonical_category(label.removesuffix("事项")) \
            or (match and spans and label.endswith(("类", "事项"))):
        return text if not match else match.group("label")
    return None


def _group_of_line(text: str) -> str:
    """The label of a group heading: 一、行政处罚类（共6项） -> 行政处罚类."""
    match = _GROUP.match(to_simplified(text.strip()))
    label = match.group("label") if match else text.strip()
    return re.sub(r"[（(]\s*共?\s*\d+\s*项\s*[）)]$", "", label).strip()


def looks_like_group(text: str) -> bool:
    """A line that reads as a group heading (一、行政处罚类（共6项）, 行政检查类)."""
    simple = to_simplified(text.strip())
    match = _GROUP.match(simple)
    label = re.sub(r"[（(]\s*共?\s*\d+\s*项\s*[）)]$", "", match.group("label") if match else simple).strip()
    return bool(canonical_category(label) or (match and label.endswith(("类", "事项"))))


def _count(text: str) -> int | None:
    match = re.search(r"[（(]\s*共?\s*(\d+)\s*项", text)
    return int(match.group(1)) if match else None


_NOTE_START = re.compile(r"^(?:注|备注|说明|附注|附件|填表说明|制表|审核人|联系人)\s*[:：\d一、.]")


def _is_note_row(row: list[Cell], header: Header) -> bool:
    """A row of one cell that is not a power: spanning most of the row, or a note (注：…) outside the name column."""
    own = [c for c in distinct(row) if header_text(c)]
    if len(own) != 1 or len(row) <= 2:
        return False
    if sum(1 for c in row if c is own[0]) * 2 >= len(row):
        return True
    names = {c.index for c in header.columns if c.field in ("name", "sub_item")}
    in_name = any(row[i] is own[0] for i in names if i < len(row))
    return not in_name and bool(_NOTE_START.match(header_text(own[0])))


def _category_from_title(doc: Document, mapping: Mapping) -> None:
    """A list of one category (行政处罚事项清单) with no category column: its items take the title's category."""
    title = to_simplified(choose_title(doc, mapping) or "")
    named = [c for c in CATEGORIES if c != "其他" and c in title]
    if len(named) != 1:
        return
    for item in mapping.items:
        if not item.group and not item.text("category"):
            item.group = named[0]


def split_departments(doc, mapping, meta: dict) -> list[tuple[str, dict]]:
    """(agency id, agency mapping) of each department of a catalogue, in the order printed.

    Items printed before any heading are the catalogue's own agency, named as its title says."""
    from dataclasses import replace

    from ..content.registry import slug

    title = choose_title(doc, mapping)
    lines = [title, *mapping.titles] if title else list(mapping.titles)
    out = []
    for name in mapping.departments():
        part = replace(mapping, items=[i for i in mapping.items if i.department == name], groups=[], unnumbered=0)
        named = dict(meta, name=meta.get("name") if name is None else departments.full_name(name, lines, meta.get("region")))
        agency_id = slug(named["name"] or title or "agency", max_length=40)
        agency, _ = agency_of_items(doc, part, agency_id, {k: v for k, v in named.items() if v})
        if name is not None:
            agency["notes"].insert(0, f"本部门在“{title}”中的标题：{mapping.headings.get(name, name)}。")
        out.append((agency_id, agency))
    return out
