"""The page builders: for each kind of page, the context its template prints.

Sorting, grouping and lookups happen here; the templates in `site_templates/pages/` hold
presentation only.
"""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import date
from pathlib import PurePosixPath

from markupsafe import Markup

from .. import escape
from ..content.checks import SOURCE_TYPES, SourceFileRefused, open_source_file
from ..content.corpus import Corpus, PowerRef
from ..content.model import Citation, Correction, Power, Statute
from ..content.places import department
from ..content.vocab import CATEGORIES, CATEGORY_SLUGS, LEVEL_SLUGS, LEVELS
from ..law.check import QuoteDifference
from ..law.resolve import list_date
from ..law.text import current_version
from ..law.validity import build_date, validity, version_start
from .about import ABOUT_PATH, OPEN_DATA_PATH
from .citing import by_shard, cited_by
from .compare import compare_link, coverage_link
from .context import Site
from .data_paths import agency_links, power_link, source_text_file
from .editions import agency_editions, power_history_context
from .home import HomeWords
from .index import Index
from .lists import lead_and_items
from .outline import outline
from .paths import (
    DIFFERENCES_PATH,
    ELSEWHERE_INLINE,
    ZIP_NAME,
    Link,
    agency_path,
    article_anchor,
    article_label,
    category_path,
    full_list_path,
    name_key,
    power_path,
    same_path,
    shard_agencies,
    shard_cited_path,
    shard_path,
    statute_path,
)
from .statutes import EMPTY, citation_anchor, citation_status, cited_link, difference_notice, statute_anchor
from .templates import ExternalLink

OFFICIAL_DATABASE = "https://flk.npc.gov.cn/"
"""Where the official texts of laws and regulations are published (国家法律法规数据库)."""
SOURCES_INLINE = 12
"""A statute page names at most this many agencies that quote one wording (and says how many more)."""


def power_inputs(index: Index, ref: PowerRef, count: int) -> tuple:
    """What a power page shows besides its own agency: the statutes it cites (and the day, when one
    has an official text: what is in force is worked out on the day of the build) and the same
    power elsewhere (listed, or counted)."""
    statutes = cited_statutes(index.corpus, [ref.power])
    if count > ELSEWHERE_INLINE:
        return (ref.agency, ref.index, *statutes, "more")
    return (ref.agency, ref.index, *statutes, *(outline(other.agency_id, other.agency) for other, _ in index.elsewhere(ref)))


def cited_statutes(corpus: Corpus, powers) -> tuple:
    """The statutes the powers cite, in citation order, and the build date when one has an official text."""
    statutes = tuple(corpus.statutes.get(c.statute) for power in powers for c in power.basis)
    official = any(s is not None and s.official_versions for s in statutes)
    return (*statutes, build_date().isoformat()) if official else statutes


def agency_inputs(site: Site, agency_id: str) -> tuple:
    """What an agency page is made from: the agency, and the statutes it cites (for its count of stale citations)."""
    agency = site.corpus.agencies[agency_id]
    found = cited_statutes(site.corpus, agency.powers)
    return (agency, *{getattr(s, "digest", s): s for s in found}.values())  # (each statute once)


def category_counts(powers) -> dict[str, int]:
    counts = {category: 0 for category in CATEGORIES}
    for power in powers:
        counts[power.category] += 1
    return counts


def home_context(site: Site, offer_zip: bool, words: HomeWords) -> dict:
    """The home page: its title and introduction (`words`), a row per agency (grouped by
    department when the agencies are of several), or per shard (with its agency count) in a
    sharded site."""
    used = [c for c, n in category_counts(r.power for r in site.corpus.powers()).items() if n]
    rows = []
    if site.layout.sharded:
        for shard_id, agency_ids in shard_agencies(site.layout).items():
            powers = [p for a in agency_ids for p in site.corpus.agencies[a].powers]
            counts = category_counts(powers)
            rows.append({"link": Link(site.layout.titles[shard_id], site.link("index.md", shard_path(shard_id))),
                         "agencies": len(agency_ids), "counts": [counts[c] for c in used], "total": len(powers)})
    else:
        rows = agency_rows(site, used)
    levels = statute_levels(site.corpus)
    return {
        "title": words.title, "intro": words.intro, "publishers": words.publishers,
        "by_department": len({row.get("department") for row in rows}) > 1,
        "categories": [Link(c.removeprefix("行政"), site.link("index.md", category_path(c))) for c in used],
        "agencies": rows,
        "levels": [{"link": Link(level, site.link("index.md", "statutes/index.md", LEVEL_SLUGS[level])),
                    "count": len(statutes)} for level, statutes in levels],
        "totals": {"agencies": len(site.corpus.agencies), "powers": sum(len(a.powers) for a in site.corpus.agencies.values()),
                   "statutes": len(site.corpus.statutes),
                   "citations": sum(len(r.power.basis) for r in site.corpus.powers())},
        "zip": Markup(ZIP_NAME) if offer_zip else None,
        "sharded": site.layout.sharded,
        "about": Link("关于本站", site.link("index.md", ABOUT_PATH)),
        "open_data": Link("开放数据", site.link("index.md", OPEN_DATA_PATH)),
    }


def agency_rows(site: Site, used: list[str]) -> list[dict]:
    """A row per agency with its counts by category; grouped by department (民政局, 应急管理局),
    each department's agencies in id order, the department printed on its first row only."""
    rows = []
    for agency_id in sorted(site.corpus.agencies, key=lambda a: (department(site.corpus.agencies[a].name), a)):
        agency = site.corpus.agencies[agency_id]
        counts = category_counts(agency.powers)
        own = department(agency.name)
        rows.append({"link": Link(agency.name, site.link("index.md", agency_path(agency_id))), "department": own,
                     "first": not rows or rows[-1]["department"] != own,
                     "counts": [counts[c] for c in used], "total": len(agency.powers)})
    return rows


def agencies_context(site: Site) -> dict:
    path = "agencies/index.md"
    return {"agencies": [
        {"link": Link(a.name, site.link(path, agency_path(i))), "region": a.region, "admin_level": a.admin_level,
         "total": len(a.powers)}
        for i, a in sorted(site.corpus.agencies.items())
    ]}


def power_row(site: Site, from_page: str, ref: PowerRef) -> dict:
    power = ref.power
    return {"serial": power.serial, "code": power.code, "category": power.category_as_published or power.category,
            "link": Link(power.name, site.link(from_page, power_path(ref.agency_id, power.id)))}


def agency_context(site: Site, agency_id: str) -> dict:
    agency = site.corpus.agencies[agency_id]
    path = agency_path(agency_id)
    groups: dict[str, list[dict]] = {}
    for index, power in enumerate(agency.powers):
        row = power_row(site, path, PowerRef(agency_id, agency, power, index))
        groups.setdefault(power.category, []).append(row)
    # A site in units (a province's or a country's lists) has no page of the whole list: the
    # workbook is that list, printable, and the pages would be a fifth of the site's bytes.
    full_list = None if site.layout.sharded else Link("全文清单", site.link(path, full_list_path(agency_id)))
    return {"agency": agency, "full_list": full_list,
            "stale": stale_citations(site, agency_id),
            "data": agency_links(site.layout, agency_id), "editions": agency_editions(site, agency_id),
            "contact": contact_context(agency), "provenance": provenance_context(site, agency_id),
            "groups": [
        {"category": c, "anchor": Markup(CATEGORY_SLUGS[c]), "count": len(rows), "rows": rows}
        for c, rows in groups.items()
    ]}


def stale_citations(site: Site, agency_id: str) -> int:
    """How many citations of an agency's list rest on a statute repealed, or an article amended,
    renumbered or deleted, since the list's date."""
    agency = site.corpus.agencies[agency_id]
    when = list_date(agency)
    found = (site.resolver.resolve(c, when) for power in agency.powers for c in power.basis)
    return sum(1 for resolution in found if resolution is not None and resolution.stale)


def correction_anchor(number: int) -> str:
    return f"correction-{number}"


def corrections_of(power: Power, field: str) -> list[tuple[int, Correction]]:
    """The corrections of one text of a power, numbered as the page numbers them (from 1)."""
    return [(n, c) for n, c in enumerate(power.corrections, 1) if c.field == field]


def corrected(text: str, corrections: list[tuple[int, Correction]]) -> Markup | str:
    """The text with each corrected passage marked (`<ins>`, the published form as its title);
    text without corrections as it is. Every piece of content is escaped."""
    if not corrections:
        return text
    out, at = [], 0
    for _, correction in sorted(corrections, key=lambda nc: text.find(nc[1].corrected)):
        start = text.find(correction.corrected, at)
        if start < 0:  # overlapping corrections: the check reports them, the text stays unmarked
            continue
        title = escape.escape_inline(f"原文作“{correction.published}”")
        out += [escape.escape_inline(text[at:start]), f'<ins class="quanze-corrected" title="{title}">',
                escape.escape_inline(correction.corrected), "</ins>"]
        at = start + len(correction.corrected)
    return Markup("".join(out) + escape.escape_inline(text[at:]))


def correction_marks(corrections: list[tuple[int, Correction]]) -> Markup | None:
    """The note marks after a corrected text: links to the notes that say what was printed."""
    if not corrections:
        return None
    return Markup("".join(f'<sup class="quanze-note-mark"><a href="#{correction_anchor(n)}">注{n}</a></sup>'
                          for n, _ in corrections))


def corrections_context(power: Power) -> list[dict]:
    return [{"number": n, "anchor": Markup(correction_anchor(n)), "corrected": c.corrected,
             "published": c.published, "note": c.note} for n, c in enumerate(power.corrections, 1)]


def original_path(agency_id: str, source_file: str) -> str:
    """Where an agency's original file is published: beside its page, under a stable name."""
    return f"agencies/{agency_id}/original{PurePosixPath(source_file).suffix.lower()}"


def file_size(size: int) -> str:
    """A size as a reader reads it: 980 字节, 12.3 KB, 4.5 MB."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def original_context(site: Site, agency_id: str) -> dict | None:
    """The link to the agency's original file with its kind and size (None: no file, or a corpus in memory)."""
    source_file = site.corpus.agencies[agency_id].source_file
    return published_file(site, agency_id, "原始文件", source_file,
                          original_path(agency_id, source_file) if source_file else "")


def source_text_context(site: Site, agency_id: str) -> dict | None:
    """The link to the text extracted from the agency's file, with its kind and size (None: none)."""
    source_text = site.corpus.agencies[agency_id].source_text
    return published_file(site, agency_id, "从原件提取的文字", source_text,
                          source_text_file(agency_id, source_text) if source_text else "")


def published_file(site: Site, agency_id: str, text: str, value: str | None, target: str) -> dict | None:
    """A file of sources/ published beside the agency's page (`target`), linked with its kind and
    size as read through the checked descriptor; None when there is none or it is refused (the
    checks refuse it at its line, and the build when it reads the file)."""
    if value is None or site.corpus.project is None:
        return None
    try:
        descriptor = open_source_file(site.corpus.project, value)  # (the file the build publishes)
    except SourceFileRefused:
        return None
    try:
        size = os.fstat(descriptor).st_size
    finally:
        os.close(descriptor)
    return {"link": Link(text, site.link(agency_path(agency_id), target)),
            "kind": SOURCE_TYPES[PurePosixPath(value).suffix.lower()], "size": file_size(size)}


def provenance_context(site: Site, agency_id: str) -> dict:
    """Where the list comes from, as its page says it: who published it and the address of the
    page it was published on (None when the content gives none), the agency's own file and the
    text extracted from it."""
    agency = site.corpus.agencies[agency_id]
    return {"url": ExternalLink(agency.source_url, agency.source_url) if agency.source_url else None,
            "original": original_context(site, agency_id), "text": source_text_context(site, agency_id)}


def contact_context(agency) -> dict | None:
    """The agency's contact fields as its pages show them (None: nothing to show)."""
    contact = agency.contact
    if contact is None or not any((contact.address, contact.phone, contact.complaint_phone, contact.website)):
        return None
    return {"address": contact.address, "phone": contact.phone, "complaint_phone": contact.complaint_phone,
            "website": ExternalLink(contact.website, contact.website) if contact.website else None}


def citation_context(site: Site, from_page: str, citation: Citation,
                     difference: QuoteDifference | None = None,
                     corrections: list[tuple[int, Correction]] = (), when: date | None = None) -> dict:
    """A citation as a page shows it: its statute and article linked (to the version in force on
    the list's date `when`, today's when None) and, on a power page, what became of it since."""
    statute = site.corpus.statutes.get(citation.statute)
    target = statute_path(citation.statute) if statute else None
    title = citation.title or (statute.title if statute else citation.statute)
    title = corrected(title, list(corrections)) if citation.title else title
    found = site.resolver.resolve(citation, when) if statute else None
    article = None
    if citation.article is not None:
        text = citation.ref or article_label(citation.article)
        if found is not None:
            article = Link(text, cited_link(site, from_page, citation.statute, found))
        else:
            article = Link(text, site.link(from_page, target, citation_anchor(statute, citation))) if target else text
    elif citation.ref:
        article = citation.ref
    marks = correction_marks(list(corrections)) if citation.title else None
    # One link for a citation of an article: the title, version and article together (a wider
    # target on a phone, and one URL instead of two on every power page); the title alone links
    # to the statute when the article is unknown or a note mark sits between them.
    cited = (Link(f"《{title}》{citation.version or ''}{article.text}", article.url)
             if isinstance(article, Link) and marks is None else None)
    return {
        "level": citation.level or (statute.level if statute else None), "cited": cited,
        "statute": Link(title, site.link(from_page, target)) if target else title,
        "version": citation.version, "article": article, "text": citation.text,
        "difference": difference_notice(site, from_page, difference) if difference else None,
        "marks": marks,
        "status": citation_status(site, from_page, citation.statute, found) if found is not None else None,
    }


def power_context(site: Site, ref: PowerRef) -> dict:
    power, agency = ref.power, ref.agency
    path = power_path(ref.agency_id, power.id)
    category = power.category
    if power.category_as_published and power.category_as_published != power.category:
        category = f"{power.category}（清单写作“{power.category_as_published}”）"
    count, elsewhere, more = site.index.elsewhere_count(ref), [], None
    if count > ELSEWHERE_INLINE:  # a page of its own keeps this page's size flat, and the page
        # says no count: one agency's edit does not change the pages of every agency
        more = {"link": Link("同名职权一览", site.link(path, same_path(power.name)))}
    elif count:
        elsewhere = site.index.elsewhere(ref)
    return {
        "power": power,
        "agency": Link(agency.name, site.link(path, agency_path(ref.agency_id))),
        "list": Link(agency.title, site.link(path, agency_path(ref.agency_id))),
        "category": Link(category, site.link(path, category_path(power.category))),
        "basis": [citation_context(site, path, c, site.differences.get((ref.agency_id, ref.index, n)),
                                   corrections_of(power, f"basis[{n}].title"), list_date(agency))
                  for n, c in enumerate(power.basis)],
        "name": corrected_name(power), "name_marked": bool(corrections_of(power, "name")),
        "corrections": corrections_context(power),
        "guide": ExternalLink("政务服务网办事指南", power.guide_url) if power.guide_url else None,
        "oversight": oversight_context(power, agency),
        "accountability": lead_and_items(power.accountability), "liability": lead_and_items(power.liability),
        "unsearched": site.searched_once.get((ref.agency_id, ref.index), set()),
        "elsewhere": [
            {"agency": other.agency.name, "reason": "、".join(reasons),
             "link": Link(other.power.name, site.link(path, power_path(other.agency_id, other.power.id)))}
            for other, reasons in elsewhere
        ],
        "more": more,
        "data": power_link(site.layout, ref.agency_id, power.id, ref.index),
        "history": power_history_context(site, ref.agency_id, power),
        "compare": compare_link(site, ref),
        "previous": neighbour_link(site, ref, ref.index - 1),
        "next": neighbour_link(site, ref, ref.index + 1),
        "empty": EMPTY,
        "quotes_searched": site.searched_quotes(ref.agency_id, ref.index),
    }


def oversight_context(power: Power, agency) -> dict | None:
    """The routes the list gives for oversight and remedy, shown together on a power page: how the
    power is supervised (监督方式), the remedies (救济渠道) and the agency's complaint line (投诉举报电话).
    None when the list gives none of them."""
    phone = agency.contact.complaint_phone if agency.contact else None
    if not (power.supervision or power.remedy or phone):
        return None
    return {"supervision": power.supervision, "remedy": power.remedy, "complaint_phone": phone, "agency": agency.name}


def corrected_name(power: Power) -> Markup | str:
    """The power's name, its corrected passages marked and followed by their note marks."""
    marks = corrections_of(power, "name")
    name = corrected(power.name, marks)
    return Markup(f"{name}{correction_marks(marks)}") if marks else name


def same_power_context(site: Site, name: str) -> dict:
    """Every agency's power of one normalised name, agencies in id order."""
    path = same_path(name)
    rows = [{"agency": Link(ref.agency.name, site.link(path, agency_path(ref.agency_id))), "region": ref.agency.region,
             "link": Link(ref.power.name, site.link(path, power_path(ref.agency_id, ref.power.id))),
             "code": ref.power.code}
            for ref in site.index.by_name[name_key(name)]]
    return {"title": name, "basis": f"职权名称为“{name}”（不计标点、空格和全半角）的职权", "rows": rows}


def neighbour_link(site: Site, ref: PowerRef, index: int) -> Link | None:
    """Link from a power page to another power of the same list, by position (None past either end)."""
    if not 0 <= index < len(ref.agency.powers):
        return None
    other = ref.agency.powers[index]
    return Link(other.name, site.link(power_path(ref.agency_id, ref.power.id), power_path(ref.agency_id, other.id)))


def statute_levels(corpus: Corpus) -> list[tuple[str, list[tuple[str, Statute]]]]:
    by_level: dict[str, list] = defaultdict(list)
    for statute_id in sorted(corpus.statutes):
        by_level[corpus.statutes[statute_id].level].append((statute_id, corpus.statutes[statute_id]))
    return [(level, by_level[level]) for level in LEVELS if by_level.get(level)]


def statutes_context(site: Site) -> dict:
    path = "statutes/index.md"
    citing = defaultdict(int)
    for (statute_id, _), entries in site.corpus.cited_by.items():
        citing[statute_id] += len(entries)
    differences = len(site.differences)
    return {"differences": {"count": differences, "link": Link("引文与官方文本的差异", site.link(path, DIFFERENCES_PATH))}
            if differences else None, "levels": [
        {"level": level, "anchor": Markup(LEVEL_SLUGS[level]), "statutes": [
            {"link": Link(s.title, site.link(path, statute_path(i))), "issuer": s.issuer, "citing": citing[i],
             **statute_status(s)}
            for i, s in statutes
        ]}
        for level, statutes in statute_levels(site.corpus)
    ]}


def statute_status(statute: Statute) -> dict:
    """A statute's status today and the date its text in force took effect (施行), from its official
    text; None for both when the registry holds none."""
    if not statute.official_versions:
        return {"status": None, "in_force": None}
    current = current_version(statute)
    start = version_start(current)
    return {"status": validity(statute, current).status, "in_force": start.isoformat() if start else None}


def statute_context(site: Site, statute_id: str) -> dict:
    """A statute page: each cited article with its wordings and the powers citing it.

    In a sharded site the page says, per article, how many powers of each shard cite it and
    links to that shard's page of citations, so its size does not grow with the site.corpus.
    """
    statute = site.corpus.statutes[statute_id]
    path = statute_path(statute_id)
    texts = {article.number: article.texts for article in statute.articles}
    cited = {article for article in site.corpus.cited_articles(statute_id) if article is not None}
    citing = by_shard if site.layout.sharded else cited_by
    articles = []
    for number in sorted(set(texts) | cited):
        articles.append({
            "label": article_label(number), "anchor": Markup(article_anchor(number)),
            "texts": [wording(site, path, t) for t in texts.get(number, [])],
            "cited_by": citing(site, path, statute_id, number),
        })
    return {"statute": statute, "articles": articles, "whole": citing(site, path, statute_id, None),
            "official": ExternalLink("国家法律法规数据库", OFFICIAL_DATABASE),
            "powers": len({(r.agency_id, r.index) for (sid, _), entries in site.corpus.cited_by.items()
                           if sid == statute_id for r, _ in entries}),
            "sharded": site.layout.sharded, "texts_searched": site.layout.statute_texts, "empty": EMPTY}


def wording(site: Site, from_page: str, text) -> dict:
    """One wording of an article and (some of) the agencies whose lists quote it."""
    shown = text.sources[:SOURCES_INLINE]
    return {"text": text.text, "sources": [source_link(site, from_page, s) for s in shown],
            "more": len(text.sources) - len(shown)}


def shard_statute_context(site: Site, shard_id: str, agency_ids: set[str], statute_id: str) -> dict:
    """A shard's page of the powers (of its agencies) citing one statute, article by article."""
    statute = site.corpus.statutes[statute_id]
    path = shard_cited_path(shard_id, statute_id)
    keys = sorted(site.corpus.cited_articles(statute_id), key=lambda a: (a is None, a or 0))
    articles = []
    for article in keys:
        groups = [g for g in cited_by(site, path, statute_id, article, agency_ids)]
        if groups:
            articles.append({
                "label": article_label(article) if article is not None else "未注明条款的引用",
                "anchor": Markup(article_anchor(article) if article is not None else "whole"),
                "statute": Link(statute.title, site.link(path, statute_path(statute_id),
                                                        statute_anchor(statute, article))),
                "cited_by": groups})
    return {"statute": statute, "shard": site.layout.titles[shard_id], "articles": articles,
            "home": Link(site.layout.titles[shard_id], site.link(path, shard_path(shard_id))),
            "page": Link(statute.title, site.link(path, statute_path(statute_id)))}


def shard_context(site: Site, shard_id: str, agency_ids: list[str]) -> dict:
    path = shard_path(shard_id)
    return {
        "title": site.layout.titles[shard_id],
        "agencies": [{"link": Link(site.corpus.agencies[a].name, site.link(path, agency_path(a))),
                      "region": site.corpus.agencies[a].region, "admin_level": site.corpus.agencies[a].admin_level,
                      "total": len(site.corpus.agencies[a].powers)} for a in agency_ids],
        "powers": sum(len(site.corpus.agencies[a].powers) for a in agency_ids),
        "home": Link("全站首页", site.link(path, "index.md")),
        "all_agencies": Link("全部机关", site.link(path, "agencies/index.md")),
        "statutes": Link("法律法规", site.link(path, "statutes/index.md")),
        "coverage": coverage_link(site, shard_id),
    }


def source_link(site: Site, from_page: str, agency_id: str):
    agency = site.corpus.agencies.get(agency_id)
    return Link(agency.name, site.link(from_page, agency_path(agency_id))) if agency else agency_id


def categories_context(site: Site) -> dict:
    counts = category_counts(r.power for r in site.corpus.powers())
    path = "categories/index.md"
    return {"categories": [{"link": Link(c, site.link(path, category_path(c))), "code": code, "count": counts[c]}
                           for c, code in CATEGORIES.items()]}


def category_context(site: Site, category: str) -> dict:
    """A category page: the powers of that category, grouped by agency. In a sharded site a
    row per agency (with its count) links to the agency page's section of the category."""
    path = category_path(category)
    groups = []
    for agency_id in sorted(site.corpus.agencies):
        agency = site.corpus.agencies[agency_id]
        found = [(i, p) for i, p in enumerate(agency.powers) if p.category == category]
        if found:
            rows = [] if site.layout.sharded else [power_row(site, path, PowerRef(agency_id, agency, p, i))
                                                   for i, p in found]  # sharded: a count, the rows on the agency's page
            link = Link(agency.name, site.link(path, agency_path(agency_id), CATEGORY_SLUGS[category]))
            groups.append({"agency": Link(agency.name, site.link(path, agency_path(agency_id))), "section": link,
                           "region": agency.region, "anchor": Markup(agency_id), "rows": rows, "count": len(found)})
    return {"category": category, "groups": groups, "count": sum(g["count"] for g in groups),
            "sharded": site.layout.sharded}
