"""An agency's list as the table agencies publish: one row per power, the columns `quanze
import` reads back (each header is in generator/importers/columns.yaml), multi-line cells
written as the lists print them."""

from __future__ import annotations

from ..content.model import Agency, Citation, Power

#: (printed header, field) in the published order.
COLUMNS: list[tuple[str, str]] = [
    ("序号", "serial"), ("职权编码", "code"), ("职权名称", "name"), ("子项", "sub_item"),
    ("职权类别", "category"), ("职权依据", "basis"), ("行使内容", "content"), ("责任事项", "responsibilities"),
    ("追责情形", "accountability"), ("担责方式", "liability"), ("责任主体", "responsible_body"),
    ("实施主体", "implementing_body"), ("备注", "remarks"),
]


def extra_columns(agency: Agency) -> list[str]:
    """Columns of the published list that map to no field, in order of first use."""
    seen: dict[str, None] = {}
    for power in agency.powers:
        seen.update(dict.fromkeys(power.extra))
    return list(seen)


def header(agency: Agency) -> list[str]:
    return [name for name, _ in COLUMNS] + extra_columns(agency)


def rows(agency: Agency) -> list[list[str]]:
    """One row of cells per power, in published order (cells are text; empty is "")."""
    extras = extra_columns(agency)
    return [[cell(power, field) for _, field in COLUMNS] + [power.extra.get(name, "") for name in extras]
            for power in agency.powers]


def cell(power: Power, field: str) -> str:
    if field == "name":
        return power.name + (power.scope or "")
    if field == "category":
        return power.category_as_published or power.category
    if field == "basis":
        return basis_text(power.basis, power.basis_note)
    if field == "responsibilities":
        return "\n".join(f"{r.step}：{r.text}" if r.step else r.text for r in power.responsibilities)
    if field in ("accountability", "liability"):
        return "\n".join(getattr(power, field))
    return getattr(power, field) or ""


def basis_text(basis: list[Citation], note: str | None) -> str:
    """A basis cell as the lists print it: a line 【level】《title》version per run of citations
    of one statute, then each article as `ref text`; the note not parsed as citations last."""
    lines, last = [], None
    for c in basis:
        head = (c.statute, c.title, c.level, c.version)
        if head != last:
            lines.append(f"{'【' + c.level + '】' if c.level else ''}《{c.title or c.statute}》{c.version or ''}")
            last = head
        if c.ref:
            lines.append(f"{c.ref} {c.text or ''}".rstrip())
        elif c.text:
            lines.append(c.text)
    if note:
        lines.append(note)
    return "\n".join(lines)
