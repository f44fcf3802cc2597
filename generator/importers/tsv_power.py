"""One power (model shape) from the assembled cells of one table item."""

from __future__ import annotations

import re

from ..content.ids import normalise_code, power_id
from ..content.vocab import CATEGORIES, canonical_category
from . import tsv_cells as cells

#: A trailing note in a name that limits its scope: （仅指医疗保险、生育保险）.
_SCOPE = re.compile(r"(?P<scope>[（(][^（）()]*(?:仅|限|指|保险)[^（）()]*[）)])\s*$")

#: Fields kept as the cell's text, paragraphs on their own lines.
_TEXT_FIELDS = ("content", "sub_item", "responsible_body", "implementing_body", "remarks")


def build_power(serial: str, by_column: dict[str, list[str]], group: str | None, extra: list[str],
                taken: set[str]) -> tuple[dict, list[str]]:
    """(power mapping, fragments that could not be placed) of one item."""
    name, scope = split_scope(cells.inline(by_column.get("name", [])) or "")
    category, as_published = _category(by_column, group)
    code = normalise_code(cells.inline(by_column.get("code", [])))
    power: dict = {"id": power_id(name or serial, code, taken), "serial": serial or None, "code": code,
                   "name": name, "scope": scope, "category": category, "category_as_published": as_published}
    power.update(_basis(by_column.get("basis", [])))
    for column in _TEXT_FIELDS:
        power[column] = cells.joined(by_column.get(column, []))
    power["responsibilities"] = cells.steps(by_column.get("responsibilities", []))
    power["accountability"] = cells.entries(by_column.get("accountability", []))
    power["liability"] = cells.entries(by_column.get("liability", []))
    unplaced = _unplaced(by_column) + extra
    power["unplaced"] = "\n".join(unplaced) or None
    return {k: v for k, v in power.items() if k == "name" or v not in (None, [], "")}, unplaced


def _unplaced(by_column: dict[str, list[str]]) -> list[str]:
    """Cells of unknown columns (prefixed with the column name) and stray serial cells."""
    out = []
    for column, pars in by_column.items():
        if pars and column.startswith("?"):
            out.append(f"{column[1:]}：" + "\n".join(pars))
        elif pars and column == "unplaced":
            out.append("\n".join(pars))
    return out


def split_scope(name: str) -> tuple[str, str | None]:
    """A name and its trailing scope note: 社会保险待遇支付(仅指医疗保险、生育保险)."""
    match = _SCOPE.search(name)
    if not match or match.start() == 0:
        return name, None
    return name[: match.start()].rstrip(), match.group("scope")


def category_of(published: str) -> tuple[str | None, str | None]:
    """(canonical category, the published wording when it differs) of a category cell."""
    text = published.strip()
    if not text:
        return None, None
    canonical = canonical_category(text) or _near_category(text)
    return canonical, (text if text != canonical else None)


def _near_category(text: str) -> str | None:
    if text.startswith(("其他", "其它")):
        return "其他"
    for category in CATEGORIES:
        if category != "其他" and category[2:] in text:
            return category
    return None


def _category(by_column: dict[str, list[str]], group: str | None) -> tuple[str | None, str | None]:
    """(category, published wording) of an item: what its row or group prints, never invented; a wording
    of no known category is kept as published, the category left empty for an editor to choose."""
    published = cells.inline(by_column.get("category", [])) or group or ""
    category, as_published = category_of(published)
    if category is None:
        return None, published or None
    return category, as_published


def _basis(pars: list[str]) -> dict:
    """Citations and leftover note of a basis cell."""
    text = cells.joined(pars)
    if not text:
        return {}
    try:
        from .citations import parse_basis
    except ImportError:
        return {"basis_note": text}
    citations, leftover = parse_basis(text)
    return {"basis": citations, "basis_note": leftover}
