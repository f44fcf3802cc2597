"""Items -> powers of the model: cells to fields, citations, Traditional text kept as printed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import tsv_cells as cells
from .basis import parse_cell
from .chinese import to_simplified
from .tsv_power import build_power

if TYPE_CHECKING:
    from .mapper import Item

TRADITIONAL_NOTE = ("原文为繁体字：职权类别和法规名称按简体字识别（法规 id 取简体标题），"
                    "各字段保留原文用字。")


def power_of(item: Item, taken: set[str], traditional: bool) -> dict:
    """The power (model shape) of one assembled item."""
    by_column = {k: list(v) for k, v in item.cells.items() if k != "unplaced"}
    published = cells.inline(by_column.get("category", [])) or ""
    if traditional:
        by_column["category"] = [to_simplified(p) for p in by_column.get("category", [])]
        by_column["basis"] = [to_simplified(p) for p in by_column.get("basis", [])]
    group = to_simplified(item.group) if item.group else None
    serial = cells.inline(item.cells.get("serial", [])) or ""
    basis_pars = by_column.pop("basis", [])
    power, _ = build_power(serial, by_column, group, item.cells.get("unplaced", []), taken)
    basis, basis_notes = parse_cell(cells.joined(basis_pars))
    power.update({k: v for k, v in basis.items() if v})
    if basis_notes:
        power.setdefault("editor_notes", []).extend(basis_notes)
    if traditional:
        _keep_published(power, published, item)
    if item.extra:
        power["extra"] = {key: "\n".join(pars) for key, pars in item.extra.items()}
    if item.notes:
        power["editor_notes"] = item.notes + power.get("editor_notes", [])
    if not power.get("name"):
        power["name"] = "（未列名称）"
        power.setdefault("editor_notes", []).append("原文此行未列职权名称。")
    return _ordered(power)


def _ordered(power: dict) -> dict:
    from ..content.model import Power

    return {k: power[k] for k in Power.model_fields if k in power} | {k: v for k, v in power.items()
                                                                     if k not in Power.model_fields}


def _keep_published(power: dict, published: str, item: Item) -> None:
    """Traditional text: categories and statutes were recognised on a Simplified copy; fields keep the published text."""
    if published and to_simplified(published) != published:
        power["category_as_published"] = published
    original = cells.joined(item.cells.get("basis", [])) or ""
    simple = to_simplified(original)
    if len(simple) == len(original):
        at = 0
        for citation in power.get("basis", []):
            for key in ("title", "version", "ref", "text"):
                value = citation.get(key)
                found = simple.find(value, at) if isinstance(value, str) else -1
                if found == -1 and isinstance(value, str):
                    found = simple.find(value)
                if found != -1:
                    citation[key] = original[found:found + len(value)]
                    at = max(at, found) if key != "text" else found + len(value)
        note = power.get("basis_note")
        if note and (found := simple.find(note)) != -1:
            power["basis_note"] = original[found:found + len(note)]
    power.setdefault("editor_notes", []).append(TRADITIONAL_NOTE)
