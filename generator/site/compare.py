"""Compare pages: one per standard power, i.e. per power code that the lists of two or more
agencies carry, with each agency's name, category, basis and responsibility steps side by side
and what differs from the most common wording marked.

The match rule is the code as published (ten letters or digits, compared without case). A
sharded (big) site splits them as it is split: one code can be carried by thousands of lists.
The top site's page of a code counts, per sub-site, the agencies that carry it and links that
sub-site's page, where its agencies are side by side (what differs measured against the
sub-site's own lists, so that its pages depend on them alone; the top page counts the lists
that differ from the majority of all); the coverage matrix is one per sub-site (its agencies ×
the shared codes), summed up at the top as sub-sites × codes.
"""

from __future__ import annotations

import re
from collections import Counter

from ..content.corpus import PowerRef
from ..content.model import Citation
from .context import Site
from .paths import Link, agency_path, article_label, name_key, power_path, shard_agencies, shard_path, statute_path
from .statutes import citation_anchor

_CODE = re.compile(r"^[0-9A-Za-z]{10}$")


COVERAGE_PATH = "compare/index.md"


def compare_path(code: str, shard: str | None = None) -> str:
    """The compare page of a code: site-wide, or one sub-site's (`<shard>/compare/<code>.md`)."""
    return f"{shard}/compare/{code.lower()}.md" if shard else f"compare/{code.lower()}.md"


def coverage_path(shard: str | None = None) -> str:
    """The coverage matrix: site-wide, or one sub-site's."""
    return f"{shard}/{COVERAGE_PATH}" if shard else COVERAGE_PATH


def compare_groups(site: Site) -> dict[str, list[PowerRef]]:
    """Code (upper case) -> the powers carrying it, when at least two agencies do, then the powers
    of other agencies without that code whose name (normalised) is the name of one of them."""
    groups: dict[str, list[PowerRef]] = {}
    for ref in site.corpus.powers():
        code = ref.power.code
        if code and _CODE.match(code):
            groups.setdefault(code.upper(), []).append(ref)
    by_name: dict[str, str] = {}
    for code, refs in sorted(groups.items()):
        for ref in refs:
            by_name.setdefault(name_key(ref.power.name), code)
    holders = {code: {r.agency_id for r in refs} for code, refs in groups.items()}
    for ref in site.corpus.powers():
        code = by_name.get(name_key(ref.power.name))
        if code and (ref.power.code or "").upper() != code and ref.agency_id not in holders[code]:
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
    """(path, inputs, template, context) of every compare page and of the coverage matrix (and,
    sharded, of each sub-site's)."""
    groups = groups_of(site)
    if not groups and not site.layout.sharded:  # sharded, the matrices are there (a sub-site's page links its own)
        return
    everyone = tuple(site.corpus.agencies.values())
    if not site.layout.sharded:
        for code, refs in groups.items():
            yield compare_path(code), tuple(r.agency for r in refs), "compare.md.j2", \
                (lambda c=code, r=refs: compare_context(site, c, r))
        yield COVERAGE_PATH, everyone, "coverage.md.j2", lambda: coverage_context(site)
        return
    for code, refs in groups.items():
        yield compare_path(code), tuple(r.agency for r in refs), "compare_shards.md.j2", \
            (lambda c=code, r=refs: compare_shards_context(site, c, r))
    yield COVERAGE_PATH, everyone, "coverage_shards.md.j2", lambda: coverage_shards_context(site)
    holders = {code: tuple(sorted({r.agency_id for r in refs})) for code, refs in groups.items()}
    for shard, agency_ids in shard_agencies(site.layout).items():
        members = set(agency_ids)
        carried = []
        for code, refs in groups.items():
            mine = [a for a in holders[code] if a in members]
            if mine:  # what the page reads: its own lists, and which lists carry the code
                carried.append((code, holders[code]))
                yield compare_path(code, shard), (*(site.corpus.agencies[a] for a in mine), holders[code]), \
                    "compare.md.j2", (lambda c=code, r=refs, s=shard, m=members: compare_context(site, c, r, s, m))
        yield coverage_path(shard), (*(site.corpus.agencies[a] for a in agency_ids), tuple(carried)), "coverage.md.j2", \
            (lambda s=shard, a=agency_ids: coverage_context(site, s, a))


def coverage_context(site: Site, shard: str | None = None, agency_ids: list[str] | None = None) -> dict:
    """The coverage matrix: a row per shared code, a column per agency, which lists lack it. A
    sub-site's: its agencies, the shared codes they list (names as they list them), so that it
    depends on its own lists and on which lists carry each code."""
    groups = groups_of(site)
    path = coverage_path(shard)
    agencies = agency_ids if shard else sorted(site.corpus.agencies)
    members = set(agencies)
    rows = []
    for code, refs in groups.items():
        holders = {r.agency_id for r in refs}
        here = [a for a in agencies if a in holders]
        if not here:
            continue
        name = Counter(r.power.name for r in refs if r.agency_id in members).most_common(1)[0][0]
        target = compare_path(code, shard)
        rows.append({"code": Link(code, site.link(path, target)), "name": name,
                     "cells": ["✓" if a in holders else "缺" for a in agencies], "count": len(here),
                     "total": len(holders)})
    return {"agencies": [Link(site.corpus.agencies[a].name, site.link(path, agency_path(a))) for a in agencies],
            "rows": rows, "shard": site.layout.titles[shard] if shard else None,
            "summary": Link("全站汇总", site.link(path, COVERAGE_PATH)) if shard else None}


def coverage_shards_context(site: Site) -> dict:
    """The top site's coverage summary of a sharded site: a row per shared code, a column per
    sub-site, how many of its agencies list the code (linked to that sub-site's compare page)."""
    groups = groups_of(site)
    layout = site.layout
    shards = list(layout.titles)
    rows = []
    for code, refs in groups.items():
        counts = Counter(layout.shards[a] for a in {r.agency_id for r in refs})
        name = Counter(r.power.name for r in refs).most_common(1)[0][0]
        rows.append({"code": Link(code, site.link(COVERAGE_PATH, compare_path(code))), "name": name,
                     "count": sum(counts.values()),
                     "cells": [Link(str(counts[s]), site.link(COVERAGE_PATH, compare_path(code, s))) if counts[s]
                               else "0" for s in shards]})
    return {"shards": [Link(layout.titles[s], site.link(COVERAGE_PATH, coverage_path(s))) for s in shards],
            "sizes": [len(a) for a in shard_agencies(layout).values()], "rows": rows}


def coverage_link(site: Site, shard: str) -> Link:
    """Link from a sub-site's home page to its coverage matrix."""
    return Link("各机关职权覆盖表", site.link(shard_path(shard), coverage_path(shard)))


def compare_link(site: Site, ref: PowerRef) -> Link | None:
    """Link from a power page to the compare page it is on (its sub-site's when sharded), if any."""
    if getattr(site, "_compare_members", None) is None:
        site._compare_members = {(r.agency_id, r.index): code for code, refs in groups_of(site).items() for r in refs}
    code = site._compare_members.get((ref.agency_id, ref.index))
    if code is None:
        return None
    shard = site.layout.shards.get(ref.agency_id) if site.layout.sharded else None
    return Link(f"各机关的“{code}”对照", site.link(power_path(ref.agency_id, ref.power.id), compare_path(code, shard)))


def _basis_key(citations: list[Citation]) -> tuple:
    return tuple(sorted({(c.statute, c.article or 0, c.paragraph or 0, c.item or 0) for c in citations}))


def _usual(values: list) -> object:
    """The value a strict majority holds, or None (then every row differs)."""
    value, count = Counter(values).most_common(1)[0]
    return value if count * 2 > len(values) else None


def _measures(site: Site, code: str, refs: list[PowerRef]) -> tuple[list, tuple, set]:
    """Each power's (name, category, basis) as compared, the strict majority of each among all the
    lists of a code, and the citations every list makes (once per code and render: a sharded
    site's page of each sub-site measures against them all)."""
    kept = site.__dict__.setdefault("_compare_measures", {})
    if code not in kept:
        kept[code] = _measured(refs)
    return kept[code]


def _measured(refs: list[PowerRef]) -> tuple[list, tuple, set]:
    keys = [(name_key(r.power.name), r.power.category, _basis_key(r.power.basis)) for r in refs]
    usual = tuple(_usual([k[i] for k in keys]) for i in range(3))
    everywhere = set.intersection(*(set(k[2]) for k in keys))
    return keys, usual, everywhere


def _differs(key: tuple, usual: tuple) -> list[str]:
    return [label for label, mine, common in zip(("名称", "类别", "依据"), key, usual) if mine != common]


def compare_context(site: Site, code: str, refs: list[PowerRef], shard: str | None = None,
                    members: set[str] | None = None) -> dict:
    """The lists of a code side by side: all of them, or (sharded) those of one sub-site's
    `members`, what differs measured against those: a sub-site's pages depend on its own lists
    (and on which lists carry the code), so an edit elsewhere leaves them as they are."""
    path = compare_path(code, shard)
    mine = refs if members is None else [r for r in refs if r.agency_id in members]
    keys, usual, everywhere = _measures(site, code, refs) if members is None else _measured(mine)
    rows = []
    for ref, key in zip(mine, keys):
        rows.append({
            "agency": Link(ref.agency.name, site.link(path, agency_path(ref.agency_id))), "region": ref.agency.region,
            "power": Link(ref.power.name + (ref.power.sub_item and f"（{ref.power.sub_item}）" or ""),
                          site.link(path, power_path(ref.agency_id, ref.power.id))),
            "category": ref.power.category_as_published or ref.power.category, "match": match_rule(ref, code),
            "basis": [{"link": _citation(site, path, c), "shared": _basis_key([c])[0] in everywhere}
                      for c in ref.power.basis],
            "basis_note": ref.power.basis_note,
            "steps": "、".join(s.step for s in ref.power.responsibilities if s.step),
            "differs": "、".join(_differs(key, usual)),
        })
    return {"code": code, "rows": rows, "agencies": len({r.agency_id for r in refs}),
            "rule": f"职权编码为“{code}”（不计大小写）的职权，或名称（不计标点、空格和全半角）与其中之一相同的职权",
            "coverage": Link("各机关职权覆盖表", site.link(path, coverage_path(shard))),
            "shard": site.layout.titles[shard] if shard else None,
            "here": len({r.agency_id for r in mine}),
            "national": Link(f"全站“{code}”对照", site.link(path, compare_path(code))) if shard else None}


def compare_shards_context(site: Site, code: str, refs: list[PowerRef]) -> dict:
    """The top site's page of a code in a sharded site: the usual name and category, and per
    sub-site how many of its agencies carry it and how many of those differ from the majority of
    all the lists, linked to the sub-site's page where they are side by side."""
    keys, usual, _ = _measures(site, code, refs)
    shards: dict[str, dict] = {}
    for ref, key in zip(refs, keys):
        shard = site.layout.shards[ref.agency_id]
        entry = shards.setdefault(shard, {"agencies": set(), "by_code": 0, "by_name": 0, "differ": 0})
        entry["agencies"].add(ref.agency_id)
        entry["by_code" if match_rule(ref, code) == "编码相同" else "by_name"] += 1
        entry["differ"] += bool(_differs(key, usual))
    names = Counter(r.power.name for r in refs if name_key(r.power.name) == usual[0])
    return {"code": code, "agencies": len({r.agency_id for r in refs}), "powers": len(refs),
            "name": names.most_common(1)[0][0] if names else None, "category": usual[1],
            "rule": f"职权编码为“{code}”（不计大小写）的职权，或名称（不计标点、空格和全半角）与其中之一相同的职权",
            "coverage": Link("各机关职权覆盖表", site.link(compare_path(code), COVERAGE_PATH)),
            "rows": [{"shard": Link(site.layout.titles[s], site.link(compare_path(code), compare_path(code, s))),
                      "agencies": len(e["agencies"]), "by_code": e["by_code"], "by_name": e["by_name"],
                      "differ": e["differ"]} for s, e in sorted(shards.items())]}


def _citation(site: Site, from_page: str, citation: Citation) -> Link | str:
    statute = site.corpus.statutes.get(citation.statute)
    title = citation.title or (statute.title if statute else citation.statute)
    where = citation.ref or (article_label(citation.article) if citation.article else "")
    if statute is None:
        return f"《{title}》{where}"
    anchor = citation_anchor(statute, citation) if citation.article is not None else None
    return Link(f"《{title}》{where}", site.link(from_page, statute_path(citation.statute), anchor))
