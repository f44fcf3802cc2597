"""One power (model shape) from the assembled cells of one table item."""

from __future__ import annotations

import re

from ..ids import normalise_code, power_id
from ..vocab import CATEGORIES, canonical_category
from . import tsv_cells as cells

#: A trailing note in a name that limits its scope: （仅指医疗保险、生育保险）.
_SCOPE = re.compile(r"(?P<scope>[（(][^（）()]*(?:仅|限|指|保险)[^（）()]*[）)])\s*$")

#: Fields whose cell is one line of text.
_INLINE = ("code", "sub_item", "responsible_body", "implementing_body")


def build_power(serial: str, by_column: dict[str, list[str]], group: str | None, extra: list[str],
                taken: set[str]) -> tuple[dict, list[str]]:
    """(power mapping, fragments that could not be placed) of one item."""
    unplaced: list[str] = []
    name, scope = split_scope(cells.inline(by_column.get("name", [])) or "")
    category, as_published = _category(by_column, group)
    code = normalise_code(cells.inline(by_column.get("code", [])))
    power: dict = {"id": power_id(name or serial, code, taken), "serial": serial or None, "code": code,
                   "name": name, "scope": scope, "category": category, "category_as_published": as_published}
    power.update(_basis(by_column.get("basis", [])))
    power["content"] = cells.joined(by_column.get("content", []))
    power["responsibilities"] = cells.steps(by_column.get("responsibilities", []))
    power["accountability"] = cells.entries(by_column.get("accountability", []))
    power["liability"] = cells.entries(by_column.get("liability", []))
    for column in _INLINE[1:]:
        power[column] = cells.joined(by_column.get(column, []))
    power["remarks"] = cells.joined(by_column.get("remarks", []))
    for column, pars in by_column.items():
        if (column.startswith("?") or column == "unplaced") and pars:
            unplaced.append(f"{column.lstrip('?')}：" + "\n".join(pars) if column != "unplaced" else "\n".join(pars))
    unplaced.extend(extra)
    if unplaced:
        power["unplaced"] = "\n".join(unplaced)
    return {k: v for k, v in power.items() if v not in (None, [], "")} | {"name": name}, unplaced


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


def _category(by_column: dict[str, list[str]], group: str | None) -> tuple[str, str | None]:
    published = cells.inline(by_column.get("category", [])) or group or ""
    category, as_published = category_of(published)
    if category is None:
        return "其他", published or None
    return category, as_published


def _basis(pars: list[str]) -> dict:
    """Citations and leftover note of a basis cell."""
    text = cells.joined(pars)
    if not text:
        return {}
    try:
        from ..citations import parse_basis
    except ImportError:
        return {"basis_note": text}
    citations, leftover = parse_basis(text)
    return {"basis": citations, "basis_note": leftover}
