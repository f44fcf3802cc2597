"""Stage 4, render: the typed corpus -> Markdown pages (one per power, statute, agency, category).

Sorting, grouping and lookups happen here; the Jinja templates in `site_templates/pages/`
hold presentation only. Every `{{ value }}` a template prints is escaped for Markdown
(`escape.escape_inline`) unless render.py marked it as generated markup (`Markup`):
links and anchors built from ASCII ids, never from content text.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import escape
from .corpus import Corpus, PowerRef
from .model import Citation, Statute
from .numerals import int_to_cn
from .vocab import CATEGORIES, CATEGORY_SLUGS, LEVEL_SLUGS, LEVELS

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates" / "pages"
ZIP_NAME = "quanze-site.zip"
EMPTY = "—"


@dataclass(frozen=True)
class Page:
    """One Markdown page: its path under the docs folder and its text."""

    path: str
    text: str


@dataclass(frozen=True)
class Link:
    """Link text (content, escaped when printed) and a relative URL (generated, ASCII)."""

    text: str
    url: Markup


# --- paths -------------------------------------------------------------------------------

def agency_path(agency_id: str) -> str:
    return f"agencies/{agency_id}/index.md"


def power_path(agency_id: str, power_id: str) -> str:
    return f"agencies/{agency_id}/{power_id}.md"


def statute_path(statute_id: str) -> str:
    return f"statutes/{statute_id}.md"


def category_path(category: str) -> str:
    return f"categories/{CATEGORY_SLUGS[category]}.md"


def article_anchor(article: int) -> str:
    return f"art-{article}"


def relative(from_page: str, to_page: str, anchor: str | None = None) -> Markup:
    """A relative link from one page to another (and an anchor on it)."""
    url = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return Markup(url + (f"#{anchor}" if anchor else ""))


def article_label(article: int) -> str:
    return f"第{int_to_cn(article)}条"


# --- lookups -----------------------------------------------------------------------------

def name_key(name: str) -> str:
    """A power name compared across agencies: width-folded, without spaces or punctuation."""
    folded = unicodedata.normalize("NFKC", name)
    return "".join(c for c in folded if not unicodedata.category(c)[0] in "PZSC")


@dataclass
class Index:
    """Lookups over the corpus that several pages need."""

    corpus: Corpus
    by_code: dict[str, list[PowerRef]]
    by_name: dict[str, list[PowerRef]]

    @classmethod
    def of(cls, corpus: Corpus) -> Index:
        by_code: dict[str, list[PowerRef]] = defaultdict(list)
        by_name: dict[str, list[PowerRef]] = defaultdict(list)
        for ref in corpus.powers():
            if ref.power.code:
                by_code[ref.power.code].append(ref)
            by_name[name_key(ref.power.name)].append(ref)
        return cls(corpus, dict(by_code), dict(by_name))

    def elsewhere(self, ref: PowerRef) -> list[tuple[PowerRef, list[str]]]:
        """The same power in other agencies: same code or same normalised name."""
        reasons: dict[tuple[str, int], list[str]] = defaultdict(list)
        found: dict[tuple[str, int], PowerRef] = {}
        for other in self.by_code.get(ref.power.code or "", []):
            found[(other.agency_id, other.index)] = other
            reasons[(other.agency_id, other.index)].append("编码相同")
        for other in self.by_name.get(name_key(ref.power.name), []):
            found[(other.agency_id, other.index)] = other
            reasons[(other.agency_id, other.index)].append("名称相同")
        return [(found[key], reasons[key]) for key in sorted(found) if key[0] != ref.agency_id]


# --- the Jinja environment ---------------------------------------------------------------

def _finalize(value):
    if isinstance(value, Link):
        return Markup(f"[{escape.escape_inline(value.text)}]({value.url})")
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return escape.escape_inline(str(value))


def environment(templates: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)), finalize=_finalize, undefined=StrictUndefined,
        comment_start_string="{##", comment_end_string="##}",  # `{#id}` is Markdown (attr_list)
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
    )
    env.filters["block"] = lambda text, prefix="": Markup(escape.escape_block(text, prefix))
    env.filters["title"] = lambda text: Markup(escape.escape_yaml_title(text))
    return env


# --- pages -------------------------------------------------------------------------------

def render_site(corpus: Corpus, *, offer_zip: bool = True, templates: Path = TEMPLATES) -> list[Page]:
    """Every page of the site, sorted by path."""
    env = environment(templates)
    index = Index.of(corpus)
    pages = [Page("index.md", env.get_template("home.md.j2").render(home_context(corpus, offer_zip)))]
    pages.append(Page("agencies/index.md", env.get_template("agencies.md.j2").render(agencies_context(corpus))))
    for agency_id in sorted(corpus.agencies):
        path = agency_path(agency_id)
        pages.append(Page(path, env.get_template("agency.md.j2").render(agency_context(corpus, agency_id))))
    power_template = env.get_template("power.md.j2")
    for ref in corpus.powers():
        path = power_path(ref.agency_id, ref.power.id)
        pages.append(Page(path, power_template.render(power_context(index, ref))))
    pages.append(Page("statutes/index.md", env.get_template("statutes.md.j2").render(statutes_context(corpus))))
    statute_template = env.get_template("statute.md.j2")
    for statute_id in sorted(corpus.statutes):
        pages.append(Page(statute_path(statute_id), statute_template.render(statute_context(corpus, statute_id))))
    pages.append(Page("categories/index.md", env.get_template("categories.md.j2").render(categories_context(corpus))))
    for category in CATEGORIES:
        path = category_path(category)
        pages.append(Page(path, env.get_template("category.md.j2").render(category_context(corpus, category))))
    return sorted(pages, key=lambda page: page.path)


def category_counts(powers) -> dict[str, int]:
    counts = {category: 0 for category in CATEGORIES}
    for power in powers:
        counts[power.category] += 1
    return counts


def home_context(corpus: Corpus, offer_zip: bool) -> dict:
    used = [c for c, n in category_counts(r.power for r in corpus.powers()).items() if n]
    rows = []
    for agency_id in sorted(corpus.agencies):
        agency = corpus.agencies[agency_id]
        counts = category_counts(agency.powers)
        rows.append({"link": Link(agency.name, relative("index.md", agency_path(agency_id))),
                     "counts": [counts[c] for c in used], "total": len(agency.powers)})
    levels = statute_levels(corpus)
    return {
        "categories": [Link(c.removeprefix("行政"), relative("index.md", category_path(c))) for c in used],
        "agencies": rows,
        "levels": [{"link": Link(level, relative("index.md", "statutes/index.md", LEVEL_SLUGS[level])),
                    "count": len(statutes)} for level, statutes in levels],
        "totals": {"agencies": len(corpus.agencies), "powers": sum(len(a.powers) for a in corpus.agencies.values()),
                   "statutes": len(corpus.statutes),
                   "citations": sum(len(r.power.basis) for r in corpus.powers())},
        "zip": Markup(ZIP_NAME) if offer_zip else None,
    }


def agencies_context(corpus: Corpus) -> dict:
    path = "agencies/index.md"
    return {"agencies": [
        {"link": Link(a.name, relative(path, agency_path(i))), "region": a.region, "admin_level": a.admin_level,
         "total": len(a.powers)}
        for i, a in sorted(corpus.agencies.items())
    ]}


def power_row(from_page: str, ref: PowerRef) -> dict:
    power = ref.power
    return {"serial": power.serial, "code": power.code, "category": power.category_as_published or power.category,
            "link": Link(power.name, relative(from_page, power_path(ref.agency_id, power.id)))}


def agency_context(corpus: Corpus, agency_id: str) -> dict:
    agency = corpus.agencies[agency_id]
    path = agency_path(agency_id)
    groups: dict[str, list[dict]] = {}
    for index, power in enumerate(agency.powers):
        row = power_row(path, PowerRef(agency_id, agency, power, index))
        groups.setdefault(power.category, []).append(row)
    return {"agency": agency, "groups": [
        {"category": c, "anchor": Markup(CATEGORY_SLUGS[c]), "count": len(rows), "rows": rows}
        for c, rows in groups.items()
    ]}


def citation_context(corpus: Corpus, from_page: str, citation: Citation) -> dict:
    statute = corpus.statutes.get(citation.statute)
    target = statute_path(citation.statute) if statute else None
    title = citation.title or (statute.title if statute else citation.statute)
    article = None
    if citation.article is not None:
        text = citation.ref or article_label(citation.article)
        article = Link(text, relative(from_page, target, article_anchor(citation.article))) if target else text
    elif citation.ref:
        article = citation.ref
    return {
        "level": citation.level or (statute.level if statute else None),
        "statute": Link(title, relative(from_page, target)) if target else title,
        "version": citation.version, "article": article, "text": citation.text,
    }


def power_context(index: Index, ref: PowerRef) -> dict:
    power, agency = ref.power, ref.agency
    path = power_path(ref.agency_id, power.id)
    category = power.category
    if power.category_as_published and power.category_as_published != power.category:
        category = f"{power.category}（清单写作“{power.category_as_published}”）"
    return {
        "power": power,
        "agency": Link(agency.name, relative(path, agency_path(ref.agency_id))),
        "list": Link(agency.title, relative(path, agency_path(ref.agency_id))),
        "category": Link(category, relative(path, category_path(power.category))),
        "basis": [citation_context(index.corpus, path, c) for c in power.basis],
        "elsewhere": [
            {"agency": other.agency.name, "reason": "、".join(reasons),
             "link": Link(other.power.name, relative(path, power_path(other.agency_id, other.power.id)))}
            for other, reasons in index.elsewhere(ref)
        ],
        "previous": neighbour_link(ref, ref.index - 1),
        "next": neighbour_link(ref, ref.index + 1),
        "empty": EMPTY,
    }


def neighbour_link(ref: PowerRef, index: int) -> Link | None:
    """Link from a power page to another power of the same list, by position (None past either end)."""
    if not 0 <= index < len(ref.agency.powers):
        return None
    other = ref.agency.powers[index]
    return Link(other.name, relative(power_path(ref.agency_id, ref.power.id), power_path(ref.agency_id, other.id)))


def statute_levels(corpus: Corpus) -> list[tuple[str, list[tuple[str, Statute]]]]:
    by_level: dict[str, list] = defaultdict(list)
    for statute_id in sorted(corpus.statutes):
        by_level[corpus.statutes[statute_id].level].append((statute_id, corpus.statutes[statute_id]))
    return [(level, by_level[level]) for level in LEVELS if by_level.get(level)]


def statutes_context(corpus: Corpus) -> dict:
    path = "statutes/index.md"
    citing = defaultdict(int)
    for (statute_id, _), entries in corpus.cited_by.items():
        citing[statute_id] += len(entries)
    return {"levels": [
        {"level": level, "anchor": Markup(LEVEL_SLUGS[level]), "statutes": [
            {"link": Link(s.title, relative(path, statute_path(i))), "issuer": s.issuer, "citing": citing[i]}
            for i, s in statutes
        ]}
        for level, statutes in statute_levels(corpus)
    ]}


def cited_by(corpus: Corpus, from_page: str, statute_id: str, article: int | None) -> list[dict]:
    """Powers citing one article (or the statute without an article), grouped by agency."""
    groups: dict[str, dict] = {}
    for ref, citation in corpus.citing(statute_id, article):
        group = groups.setdefault(ref.agency_id, {
            "agency": Link(ref.agency.name, relative(from_page, agency_path(ref.agency_id))), "powers": []})
        ref_text = citation.ref if citation.ref and (citation.paragraph or citation.item) else None
        group["powers"].append({"link": Link(ref.power.name, relative(from_page, power_path(ref.agency_id, ref.power.id))),
                                "ref": ref_text})
    return [groups[agency_id] for agency_id in sorted(groups)]


def statute_context(corpus: Corpus, statute_id: str) -> dict:
    statute = corpus.statutes[statute_id]
    path = statute_path(statute_id)
    texts = {article.number: article.texts for article in statute.articles}
    cited = {article for (sid, article) in corpus.cited_by if sid == statute_id and article is not None}
    articles = []
    for number in sorted(set(texts) | cited):
        articles.append({
            "label": article_label(number), "anchor": Markup(article_anchor(number)),
            "texts": [{"text": t.text, "sources": [source_link(corpus, path, s) for s in t.sources]}
                      for t in texts.get(number, [])],
            "cited_by": cited_by(corpus, path, statute_id, number),
        })
    return {"statute": statute, "articles": articles, "whole": cited_by(corpus, path, statute_id, None),
            "powers": len({(r.agency_id, r.index) for (sid, _), entries in corpus.cited_by.items()
                           if sid == statute_id for r, _ in entries}),
            "empty": EMPTY}


def source_link(corpus: Corpus, from_page: str, agency_id: str):
    agency = corpus.agencies.get(agency_id)
    return Link(agency.name, relative(from_page, agency_path(agency_id))) if agency else agency_id


def categories_context(corpus: Corpus) -> dict:
    counts = category_counts(r.power for r in corpus.powers())
    path = "categories/index.md"
    return {"categories": [{"link": Link(c, relative(path, category_path(c))), "code": code, "count": counts[c]}
                           for c, code in CATEGORIES.items()]}


def category_context(corpus: Corpus, category: str) -> dict:
    path = category_path(category)
    groups = []
    for agency_id in sorted(corpus.agencies):
        agency = corpus.agencies[agency_id]
        rows = [power_row(path, PowerRef(agency_id, agency, p, i))
                for i, p in enumerate(agency.powers) if p.category == category]
        if rows:
            groups.append({"agency": Link(agency.name, relative(path, agency_path(agency_id))),
                           "anchor": Markup(agency_id), "rows": rows})
    return {"category": category, "groups": groups, "count": sum(len(g["rows"]) for g in groups)}

