"""Importer for tab-separated tables with `<p>` cells (text of HTML or Word tables).

The text holds a title, optional group headings (`## 一、行政处罚类（共 6 项）`), header
rows naming the columns (repeated after every page break), and rows of cells. A row
without a serial continues the previous row cell by cell (a page break cut it); a row
with the serial and name of the previous item adds another chunk of it (one row per
basis chunk); separator rows (`---`) are skipped. A table under a heading with 目录 is a
catalogue: it gives the category of each item and is checked against the main table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from . import tsv_cells as cells
from .identity import identify
from .tsv_power import build_power

#: Column header (as published) -> field of the model.
COLUMNS: dict[str, str] = {
    "序号": "serial",
    "职权名称": "name", "事项名称": "name", "项目名称": "name",
    "基本编码": "code", "职权编码": "code",
    "子项": "sub_item",
    "职权依据": "basis", "实施依据": "basis", "设定依据": "basis", "事项依据": "basis",
    "职权类型": "category", "职权类别": "category", "职责类别": "category", "事项类型": "category",
    "行使内容": "content",
    "责任事项": "responsibilities",
    "追责情形": "accountability",
    "担责方式": "liability",
    "责任主体": "responsible_body",
    "实施主体": "implementing_body",
    "备注": "remarks",
}

_HEADING = re.compile(r"^#+\s*")
_GROUP = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*(?P<label>.+?)\s*(?:[（(]\s*共\s*(?P<count>\d+)\s*项\s*[）)])?$")
_COUNT = re.compile(r"[（(]\s*共\s*(\d+)\s*项\s*[）)]\s*$")
_SEPARATOR = re.compile(r"^[\s\-:|]*$")
_SERIAL = re.compile(r"^\s*\d+\s*$")


@dataclass
class Row:
    """One item of a table, possibly assembled from several printed rows."""

    serial: str
    cells: dict[str, list[str]]
    group: str | None
    extra: list[str] = field(default_factory=list)


@dataclass
class Table:
    heading: str | None
    columns: list[str]
    catalogue: bool
    rows: list[Row] = field(default_factory=list)


@dataclass
class Document:
    title: str | None = None
    headings: list[str] = field(default_factory=list)
    groups: list[tuple[str, int | None]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)


def detect(text: str) -> float:
    """Confidence that the text is a tab-separated table: tab rows and a 序号 header row."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return 0.0
    tabbed = sum(1 for line in lines if "\t" in line)
    header = any(_is_header(line.split("\t")) for line in lines if "\t" in line)
    score = min(1.0, 4 * tabbed / len(lines)) * 0.6 + (0.4 if header else 0.0)
    return round(score, 3) if tabbed else 0.0


def parse(text: str, agency_id: str | None) -> tuple[dict, list[str]]:
    """(agency mapping, unplaced fragments) of a tab-separated list."""
    doc = read_document(text)
    main = _main_table(doc)
    notes: list[str] = []
    unplaced = list(doc.stray)
    taken: set[str] = set()
    powers = []
    catalogue = next((t for t in doc.tables if t.catalogue), None)
    listed = {row.serial: row.cells.get("category", []) for row in catalogue.rows} if catalogue else {}
    for row in main.rows if main else []:
        if not row.cells.get("category") and listed.get(row.serial):
            row.cells["category"] = listed[row.serial]  # the catalogue gives the category
        power, leftovers = build_power(row.serial, row.cells, row.group, row.extra, taken)
        powers.append(power)
        unplaced.extend(leftovers)
    if catalogue is not None and main is not None:
        notes.extend(_check_catalogue(catalogue, main, powers))
    notes.extend(_check_counts(doc, main))
    notes.extend(_code_notes(main))
    notes.extend(_describe_structure(doc))
    if doc.stray:
        notes.append("未能归入任何事项的原文：" + "；".join(doc.stray))
    found = identify([doc.title])
    agency = {"name": found.name or doc.title or agency_id or "", "region": "", "admin_level": found.level,
              "title": doc.title or agency_id or "", "notes": notes, "powers": powers}
    return agency, unplaced


# -- reading the document -------------------------------------------------------------------------


def read_document(text: str) -> Document:
    """Title, headings and tables of a source text, rows assembled across breaks."""
    doc = Document()
    table: Table | None = None
    heading: str | None = None
    group: str | None = None
    for raw in text.splitlines():
        if not raw.strip():
            continue
        if "\t" not in raw:
            line = _HEADING.sub("", raw.strip())
            if doc.title is not None and not raw.lstrip().startswith("#") and not _GROUP.match(line):
                doc.loose.append(line)  # a line of text between rows: kept, the table goes on
                continue
            group, heading, table = _read_heading(doc, line, group, heading, table)
            continue
        values = raw.split("\t")
        if _SEPARATOR.match(raw):
            continue
        if _is_header(values):
            columns = [_column(v) for v in values]
            if table is None or table.columns != columns or table.heading != heading:
                table = Table(heading, columns, catalogue=bool(heading and "目录" in heading))
                doc.tables.append(table)
            continue
        if table is None:
            doc.stray.append(cells.inline(cells.paragraphs(raw.replace("\t", " "))) or raw)
            continue
        _read_row(table, values, group)
    return doc


def _read_heading(doc: Document, line: str, group, heading, table):
    match = _GROUP.match(line)
    if match:
        count = int(match.group("count")) if match.group("count") else None
        doc.groups.append((line, count))
        return match.group("label"), heading, table
    if doc.title is None and not line.endswith("目录"):
        doc.title = line
        return group, line, table
    doc.headings.append(line)
    return None, line, None


def _read_row(table: Table, values: list[str], group: str | None) -> None:
    by_column: dict[str, list[str]] = {}
    extra = []
    for index, value in enumerate(values):
        pars = cells.paragraphs(value)
        if index < len(table.columns):
            column = table.columns[index]
            by_column[column] = cells.merge(by_column.get(column, []), pars)
        elif pars:
            extra.append("\n".join(pars))
    serial = cells.inline(by_column.pop("serial", []) or [])
    current = table.rows[-1] if table.rows else None
    if serial and _SERIAL.match(serial):
        if current and current.serial == serial and current.group == group and _same_name(current, by_column):
            _append(current, by_column, extra, repeated=True)
        else:
            table.rows.append(Row(serial, by_column, group, extra))
    elif current is not None:
        if serial:
            by_column.setdefault("unplaced", []).append(serial)
        _append(current, by_column, extra, repeated=False)
    else:
        table.rows.append(Row(serial or "", by_column, group, extra))


def _append(row: Row, by_column: dict[str, list[str]], extra: list[str], repeated: bool) -> None:
    """Add the cells of a continuation row (or of a repeated item's next chunk) to an item."""
    for column, pars in by_column.items():
        if not pars:
            continue
        before = row.cells.get(column, [])
        if repeated and _key(before) == _key(pars):
            continue
        if column == "name":
            row.cells[column] = [(cells.inline(before) or "") + (cells.inline(pars) or "")]
        else:
            row.cells[column] = cells.merge(before, pars)
    row.extra.extend(extra)


def _same_name(row: Row, by_column: dict[str, list[str]]) -> bool:
    return _key(row.cells.get("name", [])) == _key(by_column.get("name", []))


def _key(pars: list[str]) -> str:
    text = unicodedata.normalize("NFKC", "".join(pars))
    return re.sub(r"\s+", "", text)


def _is_header(values: list[str]) -> bool:
    names = [v.strip() for v in values if v.strip()]
    return bool(names) and names[0] == "序号" and sum(n in COLUMNS for n in names) >= 2


def _column(value: str) -> str:
    name = value.strip()
    return COLUMNS.get(name, f"?{name}")


def _main_table(doc: Document) -> Table | None:
    tables = [t for t in doc.tables if not t.catalogue] or doc.tables
    if not tables:
        return None
    main = tables[0]
    for other in tables[1:]:
        main.rows.extend(other.rows)
    return main


# -- checks and notes -----------------------------------------------------------------------------


def _check_catalogue(catalogue: Table, main: Table, powers: list[dict]) -> list[str]:
    """Compare the catalogue (目录) with the list: names and categories of each item."""
    from .tsv_power import category_of

    notes, wording = [], {}
    by_serial = {p.get("serial"): p for p in powers}
    for row in catalogue.rows:
        name = cells.inline(row.cells.get("name", [])) or ""
        published = cells.inline(row.cells.get("category", [])) or ""
        power = by_serial.get(row.serial)
        if power is None:
            notes.append(f"目录第 {row.serial} 项“{name}”在清单中没有对应事项。")
            continue
        full_name = power["name"] + (power.get("scope") or "")
        if _key([name]) != _key([full_name]):
            notes.append(f"目录第 {row.serial} 项名称为“{name}”，清单为“{full_name}”。")
        category, _ = category_of(published)
        if published and category != power["category"]:
            notes.append(f"目录第 {row.serial} 项职权类别为“{published}”，清单为“{power.get('category_as_published') or power['category']}”。")
        elif published and published != (power.get("category_as_published") or power["category"]):
            pair = (published, power.get("category_as_published") or power["category"])
            wording.setdefault(pair, []).append(row.serial)
    for (published, in_list), serials in wording.items():
        notes.append(f"目录第 {'、'.join(serials)} 项职权类别写作“{published}”，清单写作“{in_list}”（同一类别）。")
    listed = {row.serial for row in catalogue.rows}
    for power in powers:
        if power.get("serial") not in listed:
            notes.append(f"清单第 {power.get('serial')} 项“{power['name']}”不在目录中。")
    return notes


def _code_notes(main: Table | None) -> list[str]:
    """Codes printed with stray spaces (03470 01000): the power keeps the code without them."""
    spaced = [code for row in (main.rows if main else [])
              if (code := cells.inline(row.cells.get("code", [])) or "") and re.search(r"\s", code)]
    if not spaced:
        return []
    return [f"以下编码原文印有空格，已去除空格：{'、'.join(spaced)}。"]


def _check_counts(doc: Document, main: Table | None) -> list[str]:
    notes = []
    rows = main.rows if main else []
    match = _COUNT.search(doc.title or "")
    if match and int(match.group(1)) != len(rows):
        notes.append(f"标题称共 {match.group(1)} 项，清单实有 {len(rows)} 项。")
    for line, count in doc.groups:
        label = _GROUP.match(line).group("label")
        found = sum(1 for r in rows if r.group == label)
        if count is not None and count != found:
            notes.append(f"“{line}”称共 {count} 项，实有 {found} 项。")
    return notes


def _describe_structure(doc: Document) -> list[str]:
    notes = []
    if doc.groups:
        notes.append("清单按职权类别分组：" + "；".join(line for line, _ in doc.groups) + "。")
    for table in doc.tables:
        if table.catalogue:
            notes.append(f"清单前附目录“{table.heading}”，列 {len(table.rows)} 项的项目名称和职权类别。")
    for heading in doc.headings:
        if not any(t.heading == heading for t in doc.tables):
            notes.append(f"原文标题：{heading}")
    notes.extend(f"原文表格外的文字：{line}" for line in doc.loose)
    return notes
