"""Statute pages with an official text: every article, 款 and 项 anchored, the cited articles
followed by the powers citing them, the quotes that differ; and the editors' page of differences."""

from __future__ import annotations

import re
from collections import defaultdict

from markupsafe import Markup

from ..content.corpus import PowerRef
from ..content.model import Citation, Statute, StatuteVersion
from ..content.numerals import int_to_cn
from ..escape import escape_inline
from ..law.align import Key, reworded
from ..law.check import QuoteDifference
from ..law.layout import ArticleBlock, Heading, Line, levels
from ..law.layout import appendices as text_appendices
from ..law.layout import blocks as text_blocks
from ..law.resolve import Resolution, Versions, list_date
from ..law.text import anchor as text_anchor
from ..law.text import current_version, unit
from ..law.validity import build_date, validities, validity
from .citing import by_shard, cited_by
from .context import Site
from .paths import (
    DIFFERENCES_PATH,
    Link,
    agency_path,
    article_anchor,
    article_label,
    power_path,
    shard_cited_path,
    version_path,
)

EMPTY = "—"
_RULE = re.compile(r"^:?-{3,}:?$")


def citation_anchor(statute: Statute, citation: Citation) -> str | None:
    """The anchor a citation links to: its article, or with an official text its 款 or 项 when the
    list names one (None when the current text has no such article)."""
    if not statute.official_versions:
        return article_anchor(citation.article)
    part = unit(current_version(statute), citation)
    return part.anchor if part is not None and part.text is not None else None


def statute_anchor(statute: Statute, article: int | None) -> str | None:
    """The anchor of an article on its statute's page, None when the page has no such article."""
    if article is None:
        return None
    current = current_version(statute)
    if current is not None and all(a.number != article for a in current.articles):
        return None
    return article_anchor(article)


def difference_notice(site: Site, from_page: str, difference: QuoteDifference) -> dict:
    statute = site.corpus.statutes[difference.statute_id]
    version = next(v for v in statute.official_versions if v.label == difference.version)
    target = version_path(difference.statute_id, statute, version)
    return {"diff": difference.diff, "where": f"{difference.version} 年版{difference.label}",
            "link": Link("官方条文", site.link(from_page, target, difference.anchor))}


def cited_link(site: Site, from_page: str, statute_id: str, found: Resolution) -> Markup:
    """The link of a citation to the version its list relied on: the part cited, else the version's page."""
    statute = site.corpus.statutes[statute_id]
    target = version_path(statute_id, statute, found.relied)
    return site.link(from_page, target, found.part.anchor if found.part and not found.missing else None)


def citation_status(site: Site, from_page: str, statute_id: str, found: Resolution) -> dict | None:
    """What a power page says beside a citation whose basis changed since its list's date
    (已修改（2021-07-15）：现为第四条第一款, 已废止（2020-01-01）), or that the text has no such
    article; with links to today's article, the version the list relied on and the article's
    history. None when there is nothing to say."""
    if not found.stale and not found.missing:
        return None
    statute = site.corpus.statutes[statute_id]
    relied = version_path(statute_id, statute, found.relied)
    current = version_path(statute_id, statute, found.current)
    became = found.change
    now = None
    if became is not None and not became.gone:
        now = Link(became.now or found.part.label, site.link(from_page, current, became.anchor))
    history = history_link(site, from_page, statute_id, found.relied, found.part.article if found.part else None)
    return {
        "missing": found.missing, "relied_label": found.relied.label,
        "repealed": found.repealed.isoformat() if found.repealed else None,
        "amended": (found.since.isoformat() if found.since else found.current.label) if became else None,
        "renumbered": bool(became and became.now), "reworded": bool(became and became.diff), "gone": bool(became and became.gone),
        "now": now, "current_label": found.current.label, "current": Link(f"{found.current.label} 年版", site.link(from_page, current)),
        "relied": Link(f"{found.relied.label} 年版{found.part.label}" if found.part else f"{found.relied.label} 年版",
                       site.link(from_page, relied, found.part.anchor if found.part and not found.missing else None))
        if found.relied is not found.current else None,
        "history": history,
    }


def history_link(site: Site, from_page: str, statute_id: str, version: StatuteVersion, article: int | None) -> Link | None:
    """本条沿革: the history page of an article of a version, when the article changed between versions."""
    versions = site.resolver.versions(statute_id)
    lineage = versions.changed.get((version.label, (article, 0))) if versions and article is not None else None
    return Link("本条沿革", site.link(from_page, history_path(statute_id, versions, lineage))) if lineage else None


def history_path(statute_id: str, versions: Versions, lineage) -> str:
    """The page of an article's history: `statutes/<id>/history/art-4.md` by its number in the newest
    version, `…/history/v1-art-9.md` for one deleted (by the last version it is in, counted from 1)."""
    position, article = lineage.last
    name = text_anchor(article.number, suffix=article.suffix)
    if position + 1 < len(versions.statute.official_versions):
        name = f"v{position + 1}-{name}"
    return f"statutes/{statute_id}/history/{name}.md"


def placed_citations(site: Site, statute_id: str, version: StatuteVersion) -> tuple[dict, dict]:
    """The citations of a statute placed on the articles of one version, each followed from the
    version its list relied on: (article key -> [(ref, citation)], and for those with no article in
    this version, a label such as 2015 年版第九条 -> [(ref, citation, resolution)])."""
    versions = site.resolver.versions(statute_id)
    numbers = {(a.number, a.suffix or 0) for a in version.articles}
    placed, elsewhere = defaultdict(list), defaultdict(list)
    for (sid, article), entries in site.corpus.cited_by.items():
        if sid != statute_id or article is None:
            continue
        for ref, citation in entries:
            found = versions.resolve(citation, list_date(ref.agency))
            here = (article, 0) if found.missing else versions.article_in(article, found.relied, version)
            if here in numbers:
                placed[here].append((ref, citation, found))
            else:
                label = article_label(article) if found.relied is version else f"{found.relied.label} 年版{article_label(article)}"
                elsewhere[(versions.statute.official_versions.index(found.relied), article, label)].append(
                    (ref, citation, found))
    return placed, {label: elsewhere[(p, a, label)] for p, a, label in sorted(elsewhere)}


def official_statute_context(site: Site, statute_id: str, version) -> dict:
    """The page of one version of an official text: every article, chapters as headings, the cited
    articles marked and followed by the powers citing them (with the quotes that differ)."""
    statute = site.corpus.statutes[statute_id]
    path = version_path(statute_id, statute, version)
    differences = {key: d for key, d in site.differences.items()
                   if d.statute_id == statute_id and d.version == version.label}
    placed, elsewhere = placed_citations(site, statute_id, version)
    unsearched = "" if site.layout.statute_texts else " data-search-exclude"
    body = []
    every = text_blocks(version)
    earlier = _earlier_articles(site, path, statute_id, statute, version)
    for block in every:
        if isinstance(block, Heading):
            body.append({"heading": block.text, "hashes": Markup("#" * block.level), "anchor": Markup(block.anchor),
                         "text": list(block.paragraphs)})
            continue
        key = (block.number, block.suffix or 0)
        body.append({"label": block.label, "hashes": Markup("#" * block.level),
                     "previous": earlier.get(key) if earlier else None,
                     "history": history_link(site, path, statute_id, version, block.number) if not block.suffix else None,
                     "attrs": Markup(f"{{#{block.anchor}{' .quanze-cited' if key in placed else ''}{unsearched}}}"),
                     "lines": [_line(line) for line in block.lines],
                     **_official_citing(site, path, statute_id, placed.get(key, []), differences, version)})
    missing = [{"label": label, **_official_citing(site, path, statute_id, entries, differences, version)}
               for label, entries in elsewhere.items()]
    appendices = [{"title": a.title, "anchor": Markup(a.anchor),
                   "lines": [markdown_table(text) if table else text for text, table in a.lines]}
                  for a in text_appendices(version)]
    return {"statute": statute, "version": version, "body": body, "missing": missing, "appendices": appendices,
            "validity": validity(statute, version).describe(), "source": text_source(version),
            "versions": [{"label": v.label, "status": found.status, "current": v is version,
                          "link": Link(v.label, site.link(path, version_path(statute_id, statute, v)))}
                         for v, found in zip(statute.official_versions, validities(statute.official_versions,
                                                                                  build_date()))],
            "whole": (by_shard if site.layout.sharded else cited_by)(site, path, statute_id, None),
            "powers": len({(r.agency_id, r.index) for (sid, _), entries in site.corpus.cited_by.items()
                           if sid == statute_id for r, _ in entries}),
            "cited": len(placed), "differ": len(differences),
            "differences": Link("引文与官方文本的差异", site.link(path, DIFFERENCES_PATH)) if differences else None,
            "sharded": site.layout.sharded, "empty": EMPTY, "jump": jump_groups(version, every, set(placed))}


def text_source(version: StatuteVersion) -> dict:
    """Where a version's text comes from: the file imported and the version's own date (adopted,
    amended or promulgated), as far as the registry records them."""
    dated = [("修正或修订", version.amended[-1] if version.amended else None), ("公布", version.promulgated),
             ("通过", version.adopted)]
    kind, day = next(((k, d) for k, d in dated if d), (None, None))
    return {"file": version.source, "date": day.isoformat() if day else None, "kind": kind,
            "in_force": version.in_force.isoformat() if version.in_force else None}


def _earlier_articles(site: Site, path: str, statute_id: str, statute: Statute, version) -> dict | None:
    """Each article of `version` -> what it was in the version before: {"label", "link" (None when
    it is new), "changed"}; an article of the same number and wording is left out. None for the
    first version."""
    position = statute.official_versions.index(version)
    if position == 0:
        return None
    before = statute.official_versions[position - 1]
    target = version_path(statute_id, statute, before)
    articles = {(a.number, a.suffix or 0): a for a in before.articles}
    backward = site.resolver.versions(statute_id).alignment(before, version).backward()
    out = {}
    for article in version.articles:
        key = (article.number, article.suffix or 0)
        was = backward.get(key)
        if was is None:
            out[key] = {"label": before.label, "link": None, "changed": False}
        elif was != key or reworded(articles[was], article):
            label = f"第{int_to_cn(was[0])}条" + (f"之{int_to_cn(was[1])}" if was[1] else "")
            link = Link(label, site.link(path, target, text_anchor(was[0], suffix=was[1] or None)))
            out[key] = {"label": before.label, "link": link, "changed": reworded(articles[was], article)}
    return out


def _line(line: Line) -> dict:
    """A line of an article for the template: its text (a table as Markdown) and its attributes."""
    if line.kind == "table":
        return {"text": markdown_table(line.text), "attrs": None}
    classes = {"item": " .quanze-item", "point": " .quanze-item .quanze-point",
               "more": " .quanze-item .quanze-more"}.get(line.kind, "")
    return {"text": line.text, "attrs": Markup(f"{{: #{line.anchor}{classes} }}")}


def markdown_table(rows: str) -> Markup:
    """Table rows `| a | b |` as a Markdown table: each cell escaped as text, a separator row
    after the first when the rows have none (the first row is then the header)."""
    cells = [[cell.strip() for cell in row.strip().strip("|").split("|")] for row in rows.splitlines()]
    separator = [i for i, row in enumerate(cells) if row and all(_RULE.match(c) for c in row)]
    if 1 not in separator:
        cells.insert(1, ["---"] * len(cells[0]))
        separator = [1]
    out = ["| " + " | ".join(c if i in separator else escape_inline(c) for c in row) + " |"
           for i, row in enumerate(cells)]
    return Markup("\n".join(out))


def jump_groups(version, every: list, cited: set[Key]) -> list[dict]:
    """跳至第 N 条: every article of the text as a link, grouped by chapter (章, or the highest
    division a text without chapters has); cited articles marked. Empty for a text of one article."""
    articles = [b for b in every if isinstance(b, ArticleBlock)]
    if len(articles) < 2:
        return []
    found = levels(version)
    group_level = found.get("章", min(found.values()))
    groups: list[dict] = [{"heading": None, "articles": []}]
    for block in every:
        if isinstance(block, Heading) and block.level <= group_level:
            groups.append({"heading": Link(block.text, Markup(f"#{block.anchor}")), "articles": []})
        elif isinstance(block, ArticleBlock):
            groups[-1]["articles"].append({"link": Link(block.label, Markup(f"#{block.anchor}")),
                                           "cited": (block.number, block.suffix or 0) in cited})
    return [g for g in groups if g["articles"]]


def _official_citing(site: Site, path: str, statute_id: str, entries: list[tuple[PowerRef, Citation, Resolution]],
                     differences: dict, version: StatuteVersion) -> dict:
    """The powers of `entries` (citing one article), by agency (by shard in a sharded site), with their quotes
    that differ from this version and, for a list that relied on another version, the part it cited there."""
    agencies = site.corpus.agencies
    differ = {(a, p, agencies[a].powers[p].basis[n].article): d.diff for (a, p, n), d in sorted(differences.items())}
    here = [ref for ref, citation, _ in entries if (ref.agency_id, ref.index, citation.article) in differ]
    if site.layout.sharded:
        return {"cited_by": _by_shard(site, path, statute_id, entries), "differ": len(here)}
    groups: dict[str, dict] = {}
    for ref, citation, found in sorted(entries, key=lambda e: (e[0].agency_id, e[0].index)):
        group = groups.setdefault(ref.agency_id, {
            "agency": Link(ref.agency.name, site.link(path, agency_path(ref.agency_id))), "powers": []})
        ref_text = citation.ref if citation.ref and (citation.paragraph or citation.item) else None
        if found.relied is not version and found.part is not None and not found.missing:
            ref_text = f"清单据 {found.relied.label} 年版引作{found.part.label}"
        group["powers"].append({"link": Link(ref.power.name, site.link(path, power_path(ref.agency_id, ref.power.id))),
                                "ref": ref_text, "diffs": [differ[key] for key in [(ref.agency_id, ref.index, citation.article)]
                                                           if key in differ]})
    return {"cited_by": [groups[a] for a in sorted(groups)], "differ": len(here)}


def _by_shard(site: Site, path: str, statute_id: str, entries: list[tuple[PowerRef, Citation, Resolution]]) -> list[dict]:
    """The powers of `entries` counted per shard, each with a link to the shard's page of citations (at
    the article they cite, when they cite one)."""
    counts: dict[str, list] = {}
    for ref, citation, _ in entries:
        entry = counts.setdefault(site.layout.shards[ref.agency_id], [set(), 0, set()])
        entry[0].add(ref.agency_id)
        entry[1] += 1
        entry[2].add(citation.article)
    return [{"shard": Link(site.layout.titles[shard_id], site.link(
        path, shard_cited_path(shard_id, statute_id), article_anchor(next(iter(cited))) if len(cited) == 1 else None)),
             "agencies": len(agencies), "powers": powers}
            for shard_id, (agencies, powers, cited) in sorted(counts.items())]


def differences_context(site: Site) -> dict:
    """Every quote that differs from the official text it cites, by agency, for the editors."""
    path = DIFFERENCES_PATH
    groups: dict[str, dict] = {}
    for (agency_id, p, n), d in sorted(site.differences.items()):
        agency = site.corpus.agencies[agency_id]
        statute = site.corpus.statutes[d.statute_id]
        version = next(v for v in statute.official_versions if v.label == d.version)
        group = groups.setdefault(agency_id, {"agency": Link(agency.name, site.link(path, agency_path(agency_id))),
                                              "anchor": Markup(agency_id), "rows": []})
        group["rows"].append({
            "power": Link(agency.powers[p].name, site.link(path, power_path(agency_id, agency.powers[p].id))),
            "basis": n + 1, "diff": d.diff,
            "article": Link(f"{statute.title}（{d.version}）{d.label}",
                            site.link(path, version_path(d.statute_id, statute, version), d.anchor))})
    return {"groups": [groups[a] for a in sorted(groups)], "count": sum(len(g["rows"]) for g in groups.values())}
