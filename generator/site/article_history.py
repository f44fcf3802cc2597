"""The page of an article's history: its number and wording in each version of its statute, and
what changed from one version to the next (deleted words in `<del>`, added ones in `<ins>`).

Only articles that changed get a page (`statutes/<id>/history/art-4.md`, see statutes.history_path):
a statute of one version, or an article the same in every version, adds no page.
"""

from __future__ import annotations

from markupsafe import Markup

from ..content.numerals import int_to_cn
from ..law.lineage import Lineage, article_lines, diff_paragraphs
from ..law.text import anchor as text_anchor
from ..law.validity import build_date, validities, version_start
from .context import Site
from .paths import Link, version_path
from .statutes import history_path


def history_renders(site: Site):
    """(path, inputs, template, context) of the history page of every article that changed."""
    for statute_id in sorted(site.corpus.statutes):
        versions = site.resolver.versions(statute_id)
        if versions is None or len(versions.statute.official_versions) < 2:
            continue
        for lineage in versions.lineages:
            if lineage.changed:
                yield (history_path(statute_id, versions, lineage), (versions.statute, build_date().isoformat()),
                       "statute_history.md.j2", lambda s=statute_id, n=lineage: history_context(site, s, n))


def article_name(article) -> str:
    """第四条, 第四条之一."""
    return f"第{int_to_cn(article.number)}条" + (f"之{int_to_cn(article.suffix)}" if article.suffix else "")


def history_context(site: Site, statute_id: str, lineage: Lineage) -> dict:
    """An article in each version (with its dates, status and a link to it there) and each change
    between consecutive versions."""
    statute = site.corpus.statutes[statute_id]
    versions = statute.official_versions
    path = history_path(statute_id, site.resolver.versions(statute_id), lineage)
    statuses = validities(versions, build_date())
    shown = []
    for n, (version, article, status) in enumerate(zip(versions, lineage.articles, statuses)):
        start = version_start(version)
        target = version_path(statute_id, statute, version)
        shown.append({
            "label": version.label, "anchor": Markup(f"v{n + 1}"), "status": status.status,
            "start": start.isoformat() if start else None,
            "article": Link(article_name(article), site.link(path, target, text_anchor(article.number, suffix=article.suffix)))
            if article else None,
            "version": Link(f"{version.label} 年版全文", site.link(path, target)),
            "text": "\n".join(article_lines(article)) if article else None})
    return {"statute": statute, "title": article_name(lineage.last[1]), "versions": shown,
            "page": Link(statute.title, site.link(path, version_path(statute_id, statute, versions[-1]))),
            "changes": [_change(versions, lineage, n) for n in range(len(versions) - 1)
                        if lineage.articles[n] is not None or lineage.articles[n + 1] is not None]}


def _change(versions, lineage: Lineage, n: int) -> dict:
    """What changed from version n to version n + 1 (counted from 0): the newer wording marked, or
    that the article was inserted or deleted."""
    old, new = lineage.articles[n], lineage.articles[n + 1]
    same = old is not None and new is not None and article_lines(old) == article_lines(new)
    marked = [Markup(p) for p in diff_paragraphs(article_lines(old), article_lines(new))] \
        if old is not None and new is not None and not same else []
    return {"old_label": versions[n].label, "new_label": versions[n + 1].label,
            "anchor": Markup(f"compare-{n + 1}-{n + 2}"), "inserted": old is None,
            "deleted": new is None, "same": same, "renumbered": old is not None and new is not None
            and (old.number, old.suffix) != (new.number, new.suffix),
            "old": article_name(old) if old else None, "new": article_name(new) if new else None, "marked": marked}
