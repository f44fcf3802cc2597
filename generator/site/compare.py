"""Compare pages: one per standard power, i.e. per power code that the lists of two or more
agencies carry, with each agency's name, category, basis and responsibility steps side by side
and what differs from the most common wording marked.

The match rule is the code as published (ten letters or digits, compared without case). A
sharded (big) site has no compare pages: one code can be carried by thousands of lists.
"""

from __future__ import annotations

import re
from collections import Counter

from ..content.corpus import PowerRef
from ..content.model import Citation
from .context import Site
from .paths import Link, agency_path, article_label, name_key, power_path, statute_path
from .statutes import citation_anchor

_CODE = re.compile(r"^[0-9A-Za-z]{10}$")


COVERAGE_PATH = "compare/index.md"


def compare_path(code: str) -> str:
    return f"compare/{code.lower()}.md"


def compare_groups(site: Site) -> dict[str, list[PowerRef]]:
    """Code (upper case) -> the powers carrying it, when at least two agencies do, then the powers
    of other agencies without that code whose name (normalised) is the name of one of them; none
    when sharded."""
    if site.layout.sharded:
        return {}
    groups: dict[str, list[PowerRef]] = {}
    for ref in site.corpus.powers():
        code = ref.power.code
        if code and _CODE.match(code):
            groups.setdefault(code.upper(), []).append(ref)
    by_name: dict[str, str] = {}
    for code, refs in sorted(groups.items()):
        for ref in refs:
            by_name.setdefault(name_key(ref.power.name), code)
    for ref in site.corpus.powers():
        code = by_name.get(name_key(ref.power.name))
        if code and (ref.power.code or "").upper() != code and ref.agency_id not in {r.agency_id for r in groups[code]}:
            groups[code].append(ref)
    return {code: refs for code, refs in sorted(groups.items()) if len({r.agency_id for r in refs}) > 1}


def match_rule(ref: PowerRef, code: str) -> str:
    return "编码相同" if (ref.power.code or "").upper() == code else "名称相同"


def groups_of(site: Site) -> dict[str, list[PowerRef]]:
    """`compare_groups`, computed once per render (kept on the render's Site)."""
    if getattr(site, "_compare_groups", None) is None:
        site._compare_groups = compare_groups(site)
    return site._compare_groups


def compare_renders(site: Site):
    """(path, inputs, template, context) of every compare page and of the coverage matrix."""
    groups = groups_of(site)
    for code, refs in groups.items():
        yield compare_path(code), tuple(r.agency for r in refs), "compare.md.j2", \
            (lambda c=code, r=refs: compare_context(site, c, r))
    if groups:
        yield COVERAGE_PATH, tuple(site.corpus.agencies.values()), "coverage.md.j2", lambda: coverage_context(site)


def coverage_context(site: Site) -> dict:
    """The coverage matrix: a row per shared code, a column per agency, which lists lack it."""
    groups = groups_of(site)
    agencies = sorted(site.corpus.agencies)
    rows = []
    for code, refs in groups.items():
        holders = {r.agency_id for r in refs}
        name = Counter(r.power.name for r in refs).most_common(1)[0][0]
        rows.append({"code": Link(code, site.link(COVERAGE_PATH, compare_path(code))), "name": name,
                     "cells": ["✓" if a in holders else "缺" for a in agencies], "count": len(holders)})
    return {"agencies": [Link(site.corpus.agencies[a].name, site.link(COVERAGE_PATH, agency_path(a)))
                         for a in agencies], "rows": rows}


def compare_link(site: Site, ref: PowerRef) -> Link | None:
    """Link from a power page to the compare page it is on, if any."""
    if getattr(site, "_compare_members", None) is None:
        site._compare_members = {(r.agency_id, r.index): code for code, refs in groups_of(site).items() for r in refs}
    code = site._compare_members.get((ref.agency_id, ref.index))
    if code is None:
        return None
    return Link(f"各机关的“{code}”对照", site.link(power_path(ref.agency_id, ref.power.id), compare_path(code)))


def _basis_key(citations: list[Citation]) -> tuple:
    return tuple(sorted({(c.statute, c.article or 0, c.paragraph or 0, c.item or 0) for c in citations}))


def _usual(values: list) -> object:
    """The value a strict majority holds, or None (then every row differs)."""
    value, count = Counter(values).most_common(1)[0]
    return value if count * 2 > len(values) else None


def compare_context(site: Site, code: str, refs: list[PowerRef]) -> dict:
    path = compare_path(code)
    names = [name_key(r.power.name) for r in refs]
    categories = [r.power.category for r in refs]
    bases = [_basis_key(r.power.basis) for r in refs]
    usual = (_usual(names), _usual(categories), _usual(bases))
    everywhere = set.intersection(*(set(b) for b in bases))
    rows = []
    for ref, name, category, basis in zip(refs, names, categories, bases):
        differs = [label for label, mine, common in (("名称", name, usual[0]), ("类别", category, usual[1]),
                                                     ("依据", basis, usual[2])) if mine != common]
        rows.append({
            "agency": Link(ref.agency.name, site.link(path, agency_path(ref.agency_id))), "region": ref.agency.region,
            "power": Link(ref.power.name + (ref.power.sub_item and f"（{ref.power.sub_item}）" or ""),
                          site.link(path, power_path(ref.agency_id, ref.power.id))),
            "category": ref.power.category_as_published or ref.power.category, "match": match_rule(ref, code),
            "basis": [{"link": _citation(site, path, c), "shared": _basis_key([c])[0] in everywhere}
                      for c in ref.power.basis],
            "basis_note": ref.power.basis_note,
            "steps": "、".join(s.step for s in ref.power.responsibilities if s.step),
            "differs": "、".join(differs),
        })
    return {"code": code, "rows": rows, "agencies": len({r.agency_id for r in refs}),
            "rule": f"职权编码为“{code}”（不计大小写）的职权，或名称（不计标点、空格和全半角）与其中之一相同的职权",
            "coverage": Link("各机关职权覆盖表", site.link(path, COVERAGE_PATH))}


def _citation(site: Site, from_page: str, citation: Citation) -> Link | str:
    statute = site.corpus.statutes.get(citation.statute)
    title = citation.title or (statute.title if statute else citation.statute)
    where = citation.ref or (article_label(citation.article) if citation.article else "")
    if statute is None:
        return f"《{title}》{where}"
    anchor = citation_anchor(statute, citation) if citation.article is not None else None
    return Link(f"《{title}》{where}", site.link(from_page, statute_path(citation.statute), anchor))
