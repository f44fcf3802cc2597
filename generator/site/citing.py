"""The powers citing one article: listed by agency, or counted by shard in a sharded site."""

from __future__ import annotations

from .context import Site
from .paths import Link, agency_path, article_anchor, power_path, shard_cited_path


def cited_by(site: Site, from_page: str, statute_id: str, article: int | None,
             agencies: set[str] | None = None) -> list[dict]:
    """Powers citing one article (or the statute without an article), grouped by agency
    (only those of `agencies` when given)."""
    groups: dict[str, dict] = {}
    if agencies is None:
        entries = site.corpus.citing(statute_id, article)
    else:
        grouped = site.corpus.citing_by_agency(statute_id, article)
        entries = [entry for agency_id in sorted(grouped.keys() & agencies) for entry in grouped[agency_id]]
    for ref, citation in entries:
        group = groups.setdefault(ref.agency_id, {
            "agency": Link(ref.agency.name, site.link(from_page, agency_path(ref.agency_id))), "powers": []})
        ref_text = citation.ref if citation.ref and (citation.paragraph or citation.item) else None
        group["powers"].append({"link": Link(ref.power.name, site.link(from_page, power_path(ref.agency_id, ref.power.id))),
                                "ref": ref_text})
    return [groups[agency_id] for agency_id in sorted(groups)]


def by_shard(site: Site, from_page: str, statute_id: str, article: int | None) -> list[dict]:
    """Powers citing one article, counted per shard, each with a link to the shard's citations."""
    counts: dict[str, list] = {}
    for ref, _ in site.corpus.citing(statute_id, article):
        entry = counts.setdefault(site.layout.shards[ref.agency_id], [set(), 0])
        entry[0].add(ref.agency_id)
        entry[1] += 1
    anchor = article_anchor(article) if article is not None else "whole"
    return [{"shard": Link(site.layout.titles[shard_id], site.link(from_page, shard_cited_path(shard_id, statute_id), anchor)),
             "agencies": len(agencies), "powers": powers}
            for shard_id, (agencies, powers) in sorted(counts.items())]
