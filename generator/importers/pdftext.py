"""Importer for text extracted from a PDF table (wrapped lines, no tabs, no markup).

The text holds a title, the column headers broken over several lines, then the items.
`pdf_rows` finds the items and their cells (two layouts, see there), `pdf_lines` undoes
the wrapping of each cell; here the cells become the fields of a power.
"""

from __future__ import annotations

from ..content.ids import normalise_code, power_id
from .identity import admin_level, identify
from .pdf_lines import join_wrapped, paragraphs
from .pdf_rows import Document, Row, read_document
from .tsv_power import category_of, split_scope

_TEXT_FIELDS = ("responsible_body", "implementing_body", "remarks")


def detect(text: str) -> float:
    """Confidence that the text is a PDF table's text: no tabs or tags, mostly short lines, items found."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or any("\t" in line or "<p>" in line for line in lines):
        return 0.0
    short = sum(1 for line in lines if len(line.strip()) <= 45) / len(lines)
    rows = len(read_document(text).rows)
    return round(0.4 * short + 0.6 * min(1.0, rows / 3), 3)


def parse(text: str, agency_id: str | None) -> tuple[dict, list[str]]:
    """(agency mapping, unplaced fragments) of a PDF table's text."""
    doc = read_document(text)
    taken: set[str] = set()
    powers, unplaced = [], list(doc.stray)
    for row in doc.rows:
        power = build_power(row, taken)
        powers.append(power)
        unplaced.extend(row.unplaced)
    name = agency_name(doc)
    agency = {"name": name, "region": "", "admin_level": admin_level(name), "title": doc.title or agency_id or "",
              "notes": notes(doc, name), "powers": powers}
    return agency, unplaced


def build_power(row: Row, taken: set[str]) -> dict:
    """One power (model shape) from one item's cells."""
    name, scope = split_scope(row.name())
    category, as_published = category_of(row.category)
    code = normalise_code(row.code)
    power: dict = {"id": power_id(name or row.serial or "item", code, taken), "serial": row.serial, "code": code,
                   "name": name, "scope": scope, "category": category,
                   "category_as_published": as_published if category else row.category}
    power.update(basis_fields(row.cells.get("basis", [])))
    for column in _TEXT_FIELDS:
        power[column] = join_wrapped(row.cells.get(column, [])) or None
    power["unplaced"] = "\n".join(row.unplaced) or None
    return {k: v for k, v in power.items() if k == "name" or v not in (None, [], "")}


def basis_text(lines: list[str]) -> str:
    """The basis cell as one string: wrapped lines joined, paragraphs on their own lines."""
    return "\n".join(paragraphs(lines))


def basis_fields(lines: list[str]) -> dict:
    """Citations and leftover note of a basis cell."""
    text = basis_text(lines)
    if not text:
        return {}
    try:
        from .citations import parse_basis
    except ImportError:
        return {"basis_note": text}
    citations, leftover = parse_basis(text)
    return {"basis": citations, "basis_note": leftover}


# -- the agency -----------------------------------------------------------------------------------


def agency_name(doc: Document) -> str:
    """The agency named in the title, else the body most items name (责任主体), else the title."""
    bodies = [join_wrapped(row.cells.get("responsible_body", [])) for row in doc.rows]
    return identify([doc.title], bodies).name or doc.title or ""


def notes(doc: Document, name: str) -> list[str]:
    """What the import noticed about the list as a whole."""
    out = []
    if not identify([doc.title]).name and name != doc.title:
        out.append(f"原文标题“{doc.title}”未写机关名称；机关名称“{name}”取自责任主体列。")
    missing = [(position, row) for position, row in enumerate(doc.rows, start=1) if row.serial is None]
    if missing:
        listed = "；".join(f"第 {position} 项“{row.name()}”" for position, row in missing)
        out.append(f"从 PDF 提取的文字中以下 {len(missing)} 项没有序号（按顺序）：{listed}。")
    for row in doc.rows:
        if row.repeated:
            out.append(f"第 {row.serial} 项“{row.name()}”在分页处重印了序号、名称等列，已合并为一项。")
    if doc.stray:
        out.append("未能归入任何事项的原文：" + "；".join(doc.stray))
    return out
