"""Pages of editions and adjustments: each earlier edition of a list at a stable URL, a page of
what changed between consecutive editions, and the contexts the agency and power pages show.

Paths are `agencies/<agency>/edition.<label>.md` and `agencies/<agency>/changes.<label>.md`
(the label of the newer edition, in pinyin): power ids have no dot, so no power page is there.
"""

from __future__ import annotations

from markupsafe import Markup

from ..content.corpus import Corpus
from ..content.editions import EditionDiff, EditionView, diffs, editions_of, label_slug, power_history
from ..content.model import Citation, Power
from .context import Site
from .paths import Link, agency_path, article_label, power_path, statute_path


def edition_path(agency_id: str, label: str) -> str:
    return f"agencies/{agency_id}/edition.{label_slug(label)}.md"


def changes_path(agency_id: str, label: str) -> str:
    return f"agencies/{agency_id}/changes.{label_slug(label)}.md"


def edition_pages(corpus: Corpus) -> list[tuple[str, str, str, int]]:
    """(path, template, agency id, index) of every edition page (index into editions) and change
    page (index into the diffs), agencies in id order."""
    out = []
    for agency_id in sorted(corpus.agencies):
        agency = corpus.agencies[agency_id]
        for n, edition in enumerate(agency.editions):
            out.append((edition_path(agency_id, edition.label), "edition.md.j2", agency_id, n))
        for n, view in enumerate(editions_of(agency)[1:]):
            out.append((changes_path(agency_id, view.label), "edition_changes.md.j2", agency_id, n))
    return out


def edition_renders(site: Site):
    """(path, inputs, template, context) of every edition and change page, for the renderer."""
    for path, template, agency_id, n in edition_pages(site.corpus):
        context = edition_context if template == "edition.md.j2" else changes_context
        yield path, (site.corpus.agencies[agency_id],), template, (lambda c=context, a=agency_id, i=n: c(site, a, i))


def change_entries(corpus: Corpus, layout, feed_path: str) -> list[dict]:
    """Feed entries of every change between editions and every adjustment record: id, title,
    updated (the change's own date, when the content gives one), link (relative to `feed_path`),
    summary and the agency's id."""
    from .data_paths import page_url, relative

    out = []
    for agency_id in sorted(corpus.agencies):
        agency = corpus.agencies[agency_id]
        for diff in diffs(agency):
            names = [p.name for p in diff.added] + [p.name for p in diff.removed] + [c.new.name for c in diff.changed]
            out.append({"id": f"urn:quanze:{agency_id}:edition:{label_slug(diff.new.label)}",
                        "title": f"{agency.name}：{diff.new.label}较{diff.old.label}{diff.summary()}",
                        "updated": diff.new.published or diff.old.published,
                        "link": relative(page_url(layout, changes_path(agency_id, diff.new.label)), feed_path),
                        "summary": "；".join([f"增加：{p.name}" for p in diff.added] + [f"取消：{p.name}" for p in diff.removed]
                                            + [f"变更（{'、'.join(c.what())}）：{c.new.name}" for c in diff.changed])
                        or "无变化", "powers": names, "agency": agency_id})
        for n, adjustment in enumerate(agency.adjustments):
            named = _power_names(agency, adjustment.powers)
            out.append({"id": f"urn:quanze:{agency_id}:adjustment:{n + 1}",
                        "title": f"{agency.name}：{adjustment.kind}{'；'.join(named)}",
                        "updated": adjustment.date or agency.published,
                        "link": relative(page_url(layout, agency_path(agency_id)), feed_path) + "#adjustments",
                        "summary": "；".join(x for x in (adjustment.document_number, adjustment.reason) if x)
                        or adjustment.kind, "powers": named, "agency": agency_id})
    return out


def _power_names(agency, ids: list[str]) -> list[str]:
    names = {p.id: p.name for e in agency.editions for p in e.powers} | {p.id: p.name for p in agency.powers}
    return [names.get(i, i) for i in ids]


def edition_link(site: Site, from_page: str, agency_id: str, view: EditionView) -> Link:
    target = agency_path(agency_id) if view.current else edition_path(agency_id, view.label)
    return Link(view.label, site.link(from_page, target))


def agency_editions(site: Site, agency_id: str) -> dict | None:
    """The agency page's section of editions and adjustments (None for a list of one edition
    without adjustment records)."""
    agency = site.corpus.agencies[agency_id]
    if not agency.editions and not agency.adjustments:
        return None
    path = agency_path(agency_id)
    views, found = editions_of(agency), diffs(agency)
    rows = []
    for n, view in enumerate(views):
        diff = found[n - 1] if n else None
        rows.append({"link": edition_link(site, path, agency_id, view), "current": view.current,
                     "published": view.published, "document_number": view.document_number, "powers": len(view.powers),
                     "changes": Link(diff.summary(), site.link(path, changes_path(agency_id, view.label))) if diff else None})
    return {"editions": rows, "adjustments": [adjustment_row(site, path, agency_id, a) for a in agency.adjustments]}


def adjustment_row(site: Site, from_page: str, agency_id: str, adjustment) -> dict:
    current = {p.id: p for p in site.corpus.agencies[agency_id].powers}
    names = {p.id: p.name for e in site.corpus.agencies[agency_id].editions for p in e.powers}
    powers = [Link(current[i].name, site.link(from_page, power_path(agency_id, i))) if i in current
              else names.get(i, i) for i in adjustment.powers]
    return {"date": adjustment.date, "document_number": adjustment.document_number, "kind": adjustment.kind,
            "powers": powers, "reason": adjustment.reason, "edition": adjustment.edition}


def edition_context(site: Site, agency_id: str, index: int) -> dict:
    """An earlier edition: its facts and its powers (linked to the current power when it remains)."""
    agency = site.corpus.agencies[agency_id]
    view = editions_of(agency)[index]
    path = edition_path(agency_id, view.label)
    current = {p.id for p in agency.powers}
    rows = [{"serial": p.serial, "code": p.code, "category": p.category,
             "name": Link(p.name, site.link(path, power_path(agency_id, p.id))) if p.id in current else p.name,
             "basis": "；".join(citation_text(c) for c in p.basis)} for p in view.powers]
    return {"agency": Link(agency.name, site.link(path, agency_path(agency_id))), "edition": view,
            "notes": view.edition.notes, "source": view.edition.source, "rows": rows,
            "current": Link(agency.edition or "现行版", site.link(path, agency_path(agency_id)))}


def citation_text(citation: Citation) -> str:
    where = citation.ref or (article_label(citation.article) if citation.article else "")
    return f"《{citation.title or citation.statute}》{where}"


def changes_context(site: Site, agency_id: str, index: int) -> dict:
    """What changed from one edition to the next."""
    agency = site.corpus.agencies[agency_id]
    diff: EditionDiff = diffs(agency)[index]
    path = changes_path(agency_id, diff.new.label)
    current = {p.id for p in agency.powers}

    def power(p: Power, view: EditionView):
        if view.current or p.id in current:
            return Link(p.name, site.link(path, power_path(agency_id, p.id)))
        return p.name

    def cited(c: Citation) -> dict:
        statute = site.corpus.statutes.get(c.statute)
        title = c.title or (statute.title if statute else c.statute)
        where = c.ref or (article_label(c.article) if c.article else "（未注明条款）")
        return {"statute": Link(title, site.link(path, statute_path(c.statute))) if statute else title, "where": where}

    changed = [{"power": power(c.new, diff.new), "code": c.new.code, "what": "、".join(c.what()),
                "renamed": c.old.name if c.renamed else None, "recoded": (c.old.code, c.new.code) if c.recoded else None,
                "recategorised": (c.old.category, c.new.category) if c.recategorised else None,
                "added": [cited(x) for x in c.basis_added], "removed": [cited(x) for x in c.basis_removed]}
               for c in diff.changed]
    return {"agency": Link(agency.name, site.link(path, agency_path(agency_id))),
            "old": edition_link(site, path, agency_id, diff.old), "new": edition_link(site, path, agency_id, diff.new),
            "old_label": diff.old.label, "new_label": diff.new.label, "summary": diff.summary(),
            "added": [{"power": power(p, diff.new), "code": p.code, "category": p.category} for p in diff.added],
            "removed": [{"power": p.name, "code": p.code, "category": p.category} for p in diff.removed],
            "changed": changed, "unchanged": diff.unchanged, "anchor": Markup("changes")}


def power_history_context(site: Site, agency_id: str, power: Power) -> list[dict]:
    """The power page's history: a line per edition change and adjustment record naming it."""
    agency = site.corpus.agencies[agency_id]
    if not agency.editions and not agency.adjustments:
        return []
    path = power_path(agency_id, power.id)
    views = editions_of(agency)
    out = []
    for entry in power_history(agency, power):
        link = None
        if entry.diff_index is not None:
            link = Link("变化详情", site.link(path, changes_path(agency_id, views[entry.diff_index + 1].label)))
        out.append({"date": entry.date, "text": entry.text, "link": link})
    return out
