"""Statute pages with an official text: every article, 款 and 项 anchored, the cited articles
followed by the powers citing them, the quotes that differ; and the editors' page of differences."""

from __future__ import annotations

import re

from markupsafe import Markup

from ..content.model import Citation, Statute
from ..content.numerals import int_to_cn
from ..escape import escape_inline
from ..law.align import align, reworded
from ..law.check import QuoteDifference
from ..law.layout import ArticleBlock, Heading, Line, levels
from ..law.layout import appendices as text_appendices
from ..law.layout import blocks as text_blocks
from ..law.text import anchor as text_anchor
from ..law.text import current_version, unit
from ..law.validity import build_date, validities, validity
from .citing import by_shard, cited_by
from .context import Site
from .paths import DIFFERENCES_PATH, Link, agency_path, article_anchor, article_label, power_path, version_path

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


def official_statute_context(site: Site, statute_id: str, version) -> dict:
    """The page of one version of an official text: every article, chapters as headings, the cited
    articles marked and followed by the powers citing them (with the quotes that differ)."""
    statute = site.corpus.statutes[statute_id]
    path = version_path(statute_id, statute, version)
    differences = {key: d for key, d in site.differences.items()
                   if d.statute_id == statute_id and d.version == version.label}
    cited = {article for (sid, article) in site.corpus.cited_by if sid == statute_id and article is not None}
    body = []
    every = text_blocks(version)
    earlier = _earlier_articles(site, path, statute_id, statute, version)
    for block in every:
        if isinstance(block, Heading):
            body.append({"heading": block.text, "hashes": Markup("#" * block.level), "anchor": Markup(block.anchor),
                         "text": list(block.paragraphs)})
            continue
        inserted = block.suffix is not None  # 第X条之一: citations name 第X条, not this one
        citing = {"cited_by": [], "differ": 0} if inserted else _official_citing(site, path, statute_id, block.number,
                                                                                differences)
        marked = block.number in cited and not inserted
        body.append({"label": block.label, "hashes": Markup("#" * block.level),
                     "previous": earlier.get((block.number, block.suffix or 0)) if earlier else None,
                     "attrs": Markup(f"{{#{block.anchor}{' .quanze-cited' if marked else ''}}}"),
                     "lines": [_line(line) for line in block.lines],
                     **citing})
    numbers = {a.number for a in version.articles}
    missing = [{"label": article_label(n), **_official_citing(site, path, statute_id, n, differences)}
               for n in sorted(cited - numbers)]
    appendices = [{"title": a.title, "anchor": Markup(a.anchor),
                   "lines": [markdown_table(text) if table else text for text, table in a.lines]}
                  for a in text_appendices(version)]
    return {"statute": statute, "version": version, "body": body, "missing": missing, "appendices": appendices,
            "validity": validity(statute, version).describe(),
            "versions": [{"label": v.label, "status": found.status, "current": v is version,
                          "link": Link(v.label, site.link(path, version_path(statute_id, statute, v)))}
                         for v, found in zip(statute.official_versions, validities(statute.official_versions,
                                                                                  build_date()))],
            "whole": (by_shard if site.layout.sharded else cited_by)(site, path, statute_id, None),
            "powers": len({(r.agency_id, r.index) for (sid, _), entries in site.corpus.cited_by.items()
                           if sid == statute_id for r, _ in entries}),
            "cited": len(cited & numbers), "differ": len(differences),
            "differences": Link("引文与官方文本的差异", site.link(path, DIFFERENCES_PATH)) if differences else None,
            "sharded": site.layout.sharded, "empty": EMPTY, "jump": jump_groups(version, every, cited)}


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
    backward = align(before, version).backward()
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


def jump_groups(version, every: list, cited: set[int]) -> list[dict]:
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
                                           "cited": block.number in cited and block.suffix is None})
    return [g for g in groups if g["articles"]]


def _official_citing(site: Site, path: str, statute_id: str, article: int, differences: dict) -> dict:
    """The powers citing one article, by agency (by shard in a sharded site), with their differing quotes."""
    here = {key: d for key, d in differences.items()
            if site.corpus.agencies[key[0]].powers[key[1]].basis[key[2]].article == article}
    if site.layout.sharded:
        return {"cited_by": by_shard(site, path, statute_id, article), "differ": len(here)}
    groups: dict[str, dict] = {}
    for ref, citation in site.corpus.citing(statute_id, article):
        group = groups.setdefault(ref.agency_id, {
            "agency": Link(ref.agency.name, site.link(path, agency_path(ref.agency_id))), "powers": []})
        ref_text = citation.ref if citation.ref and (citation.paragraph or citation.item) else None
        group["powers"].append({"link": Link(ref.power.name, site.link(path, power_path(ref.agency_id, ref.power.id))),
                                "ref": ref_text, "diffs": [d.diff for (a, p, _), d in sorted(here.items())
                                                           if (a, p) == (ref.agency_id, ref.index)]})
    return {"cited_by": [groups[a] for a in sorted(groups)], "differ": len(here)}


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
