"""Catalogue pages: a reference catalogue's items, and each agency's list held against it.

`catalogues/index.md` lists the catalogues; `catalogues/<id>/index.md` lists one catalogue's
items (each linked to the compare page of its code where there is one, with the lists that
carry it) and a row per agency; `catalogues/<id>/<agency>.md` is one agency's report: the
items it lacks, its powers outside the catalogue, and the names, codes, categories and bases
that differ, each power linked to its page. The matching is `content.alignment`'s.
"""

from __future__ import annotations

from ..content.alignment import RULES, AgencyAlignment, Article, align
from ..content.catalogue import CatalogueItem
from ..content.corpus import Corpus, PowerRef
from ..content.model import Citation
from .compare import compare_path, groups_of
from .context import Site
from .paths import Link, agency_path, article_anchor, article_label, power_path, statute_path
from .statutes import statute_anchor

CATALOGUES_PATH = "catalogues/index.md"


def catalogue_path(catalogue_id: str) -> str:
    return f"catalogues/{catalogue_id}/index.md"


def catalogue_agency_path(catalogue_id: str, agency_id: str) -> str:
    """One agency's list against one catalogue."""
    return f"catalogues/{catalogue_id}/agencies/{agency_id}.md"


def alignments_of(site: Site, catalogue_id: str) -> list[AgencyAlignment]:
    """`align` once per render and catalogue (kept on the render's Site)."""
    cache = site.__dict__.setdefault("_alignments", {})
    if catalogue_id not in cache:
        cache[catalogue_id] = align(site.corpus.catalogues[catalogue_id], site.corpus)
    return cache[catalogue_id]


def catalogue_renders(site: Site):
    """(path, inputs, template, context) of every catalogue page; none without catalogues."""
    corpus = site.corpus
    if not corpus.catalogues:
        return
    inputs = (*catalogue_inputs(corpus), *corpus.agencies.values(), *corpus.statutes.values(), tuple(corpus.agencies))
    yield CATALOGUES_PATH, inputs, "catalogues.md.j2", lambda: catalogues_context(site)
    for catalogue_id in sorted(corpus.catalogues):
        yield catalogue_path(catalogue_id), inputs, "catalogue.md.j2", \
            (lambda c=catalogue_id: catalogue_context(site, c))
        for alignment in alignments_of(site, catalogue_id):
            yield catalogue_agency_path(catalogue_id, alignment.agency_id), inputs, "catalogue_agency.md.j2", \
                (lambda c=catalogue_id, a=alignment: catalogue_agency_context(site, c, a))


def catalogue_inputs(corpus: Corpus) -> tuple[str, ...]:
    """The catalogues as plain values (id and content), as the page cache and store compare inputs."""
    return tuple(f"{cid}\0{c.model_dump_json()}" for cid, c in sorted(corpus.catalogues.items()))


def catalogue_links(site: Site, from_page: str) -> list[dict]:
    """A link to each catalogue's page, with its issuer and number of items (for the home page)."""
    return [{"link": Link(c.title, site.link(from_page, catalogue_path(cid))), "issuer": c.issuer,
             "count": len(c.items)} for cid, c in sorted(site.corpus.catalogues.items())]


def catalogues_context(site: Site) -> dict:
    return {"catalogues": catalogue_links(site, CATALOGUES_PATH)}


def catalogue_context(site: Site, catalogue_id: str) -> dict:
    catalogue = site.corpus.catalogues[catalogue_id]
    path = catalogue_path(catalogue_id)
    alignments = alignments_of(site, catalogue_id)
    compared = groups_of(site)
    items = []
    for n, item in enumerate(catalogue.items):
        holders = [a for a in alignments if n in a.matched_items()]
        code = item.code.upper() if item.code else None
        items.append({
            "anchor": f"item-{n + 1}", "number": n + 1,
            "code": Link(item.code, site.link(path, compare_path(code))) if code in compared else item.code or "—",
            "name": item.name, "aliases": "、".join(item.aliases), "category": item.category,
            "basis": [_citation(site, path, c) for c in item.basis], "levels": "、".join(item.levels) or "各级",
            "holders": len(holders), "lacking": sum(1 for a in alignments if (n, item) in a.missing),
        })
    rows = [{"agency": Link(a.agency.name, site.link(path, catalogue_agency_path(catalogue_id, a.agency_id))),
             "level": a.agency.admin_level, "matched": len(a.matched_items()), "applicable": a.applicable,
             "missing": len(a.missing), "extra": len(a.extra), "renamed": len(a.renamed), "similar": len(a.similar),
             "code": len(a.code_mismatches), "category": len(a.category_mismatches),
             "basis": len(a.basis_differences)} for a in alignments]
    return {"catalogue": catalogue, "items": items, "agencies": rows, "catalogues": Link("参考目录", site.link(
        path, CATALOGUES_PATH)), "description": catalogue.description}


def catalogue_agency_context(site: Site, catalogue_id: str, a: AgencyAlignment) -> dict:
    catalogue = site.corpus.catalogues[catalogue_id]
    path = catalogue_agency_path(catalogue_id, a.agency_id)

    def item_link(n: int, item: CatalogueItem) -> Link:
        return Link(f"{item.code or '（无编码）'} {item.name}", site.link(path, catalogue_path(catalogue_id), f"item-{n + 1}"))

    def power(ref: PowerRef) -> Link:
        sub = f"（{ref.power.sub_item}）" if ref.power.sub_item else ""
        return Link(ref.power.name + sub, site.link(path, power_path(ref.agency_id, ref.power.id)))

    def match(m) -> dict:
        return {"item": item_link(m.item_index, m.item), "power": power(m.ref), "code": m.ref.power.code or "—",
                "rule": m.rule_label, "category": m.ref.power.category, "item_category": m.item.category,
                "item_code": m.item.code or "—"}

    return {
        "catalogue": catalogue, "agency": a.agency,
        "back": Link(catalogue.title, site.link(path, catalogue_path(catalogue_id))),
        "agency_link": Link(a.agency.name, site.link(path, agency_path(a.agency_id))),
        "matched": len(a.matched_items()), "applicable": a.applicable,
        "rules": "、".join(f"{label} {n}" for rule, label in RULES.items()
                          if (n := sum(1 for m in a.matched if m.rule == rule))),
        "missing": [{"item": item_link(n, item), "category": item.category} for n, item in a.missing],
        "extra": [{"power": power(r), "code": r.power.code or "—", "category": r.power.category} for r in a.extra],
        "renamed": [match(m) for m in a.renamed],
        "similar": [match(m) for m in a.similar],
        "code_mismatches": [match(m) for m in a.code_mismatches],
        "category_mismatches": [match(m) for m in a.category_mismatches],
        "basis": [{**match(d.match), "catalogue_only": [_article(site, path, x) for x in d.missing],
                   "list_only": [_article(site, path, x) for x in d.extra]} for d in a.basis_differences],
    }


def _anchor(site: Site, statute_id: str, article: int | None) -> str | None:
    """The anchor of an article on its statute's page, None when the page has none for it."""
    statute = site.corpus.statutes[statute_id]
    if article is None or statute.official_versions:
        return statute_anchor(statute, article)
    known = any(a.number == article for a in statute.articles) or (statute_id, article) in site.corpus.cited_by
    return article_anchor(article) if known else None


def _article(site: Site, from_page: str, article: Article) -> Link | str:
    statute_id, number = article
    statute = site.corpus.statutes.get(statute_id)
    label = f"《{statute.title if statute else statute_id}》" + (article_label(number) if number else "")
    if statute is None:
        return label
    return Link(label, site.link(from_page, statute_path(statute_id), _anchor(site, statute_id, number)))


def _citation(site: Site, from_page: str, citation: Citation) -> Link | str:
    return _article(site, from_page, (citation.statute, citation.article))

