"""Stage 4, render: the typed corpus -> Markdown pages (one per power, statute, agency, category).

Sorting, grouping and lookups happen here; the Jinja templates in `site_templates/pages/`
hold presentation only. Every `{{ value }}` a template prints is escaped for Markdown
(`escape.escape_inline`) unless render.py marked it as generated markup (`Markup`):
links and anchors built from ASCII ids, never from content text.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import unicodedata
from collections import Counter, defaultdict
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import escape
from .corpus import Corpus, PowerRef
from .law.check import QuoteDifference, quote_differences
from .law.layout import Heading
from .law.layout import blocks as text_blocks
from .law.text import current_version, unit
from .model import Citation, Statute
from .numerals import int_to_cn
from .project import PACKAGED_TEMPLATES
from .vocab import CATEGORIES, CATEGORY_SLUGS, LEVEL_SLUGS, LEVELS

TEMPLATES = PACKAGED_TEMPLATES / "pages"
"""quanze's own page templates (a project's `site_templates/pages/` can replace any of them)."""
ZIP_NAME = "quanze-site.zip"
EMPTY = "—"
ELSEWHERE_INLINE = 8
"""A power page lists at most this many same powers of other agencies; more get a page of their own."""
SOURCES_INLINE = 12
"""A statute page names at most this many agencies that quote one wording (and says how many more)."""


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


# --- where pages go -----------------------------------------------------------------------

@dataclass(frozen=True)
class Layout:
    """Where pages go: one site, or a top site plus one sub-site (shard) per group of agencies.

    Pages are rendered at their logical paths (`agencies/<id>/<power>.md`); `place` gives the
    path in the assembled site, where a sharded agency's pages sit under its shard's folder.
    A link between two sub-sites points at the built HTML file, since MkDocs resolves only
    links to pages of the site it builds.
    """

    shards: dict[str, str] = field(default_factory=dict)
    """agency id -> shard id (empty: one site)."""
    titles: dict[str, str] = field(default_factory=dict)
    """shard id -> title, in shard order."""
    split: bool = True
    """Whether each shard is built as a site of its own (False: one site, shard folders in it)."""

    @property
    def sharded(self) -> bool:
        return bool(self.titles)

    def place(self, path: str) -> str:
        parts = path.split("/")
        if len(parts) == 3 and parts[0] == "agencies" and parts[1] in self.shards:
            return f"{self.shards[parts[1]]}/{path}"
        return path

    def site_of(self, placed: str) -> str | None:
        """The shard a placed path belongs to, or None for the top site."""
        first = placed.split("/", 1)[0]
        return first if first in self.titles and "/" in placed else None


ONE_SITE = Layout()
_layout: ContextVar[Layout] = ContextVar("layout", default=ONE_SITE)


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


def shard_path(shard_id: str) -> str:
    return f"{shard_id}/index.md"


def shard_cited_path(shard_id: str, statute_id: str) -> str:
    return f"{shard_id}/statutes/{statute_id}.md"


def same_path(power_name: str) -> str:
    """Page listing every agency's power of one (normalised) name."""
    return f"same/{hashlib.sha1(name_key(power_name).encode('utf-8')).hexdigest()[:12]}.md"


def _relpath(target: str, source: str) -> str:
    """`target` relative to the folder of `source` (both normalised paths from the site root);
    posixpath.relpath would ask the operating system for the current folder twice per link."""
    folder, parts = source.split("/")[:-1], target.split("/")
    common = 0
    while common < min(len(folder), len(parts) - 1) and folder[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(folder) - common) + parts[common:])


def relative(from_page: str, to_page: str, anchor: str | None = None) -> Markup:
    """A relative link from one page to another (and an anchor on it), both at logical paths."""
    layout = _layout.get()
    source, target = layout.place(from_page), layout.place(to_page)
    url = _relpath(target, source)
    if layout.split and layout.site_of(source) != layout.site_of(target):
        url = url.removesuffix(".md") + ".html"
    return Markup(url + (f"#{anchor}" if anchor else ""))


def article_label(article: int) -> str:
    return f"第{int_to_cn(article)}条"


# --- lookups -----------------------------------------------------------------------------

@functools.lru_cache(maxsize=65536)
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
    _unions: dict[tuple[str, str], Counter] = field(default_factory=dict)

    @classmethod
    def of(cls, corpus: Corpus) -> Index:
        by_code: dict[str, list[PowerRef]] = defaultdict(list)
        by_name: dict[str, list[PowerRef]] = defaultdict(list)
        for ref in corpus.powers():
            if ref.power.code:
                by_code[ref.power.code].append(ref)
            by_name[name_key(ref.power.name)].append(ref)
        return cls(corpus, dict(by_code), dict(by_name))

    def elsewhere_count(self, ref: PowerRef) -> int:
        """How many powers `elsewhere` would list, without listing them."""
        pair = (ref.power.code or "", name_key(ref.power.name))
        agencies = self._unions.get(pair)
        if agencies is None:  # powers with this code or name, counted by agency
            agencies = self._unions[pair] = Counter(agency_id for agency_id, _ in
                                                    {(r.agency_id, r.index) for r in self.by_code.get(pair[0], [])}
                                                    | {(r.agency_id, r.index) for r in self.by_name.get(pair[1], [])})
        return agencies.total() - agencies[ref.agency_id]

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


def _unsearched(markdown: str, prefix: str = "") -> Markup:
    """Markdown paragraphs (from the `block` filter) kept out of the search index: each gets
    Material's `data-search-exclude` attribute (attr_list)."""
    marker = f"\n{prefix}{{: data-search-exclude }}"
    paragraphs = str(markdown).split(f"\n{prefix.rstrip()}\n")
    return Markup(f"\n{prefix.rstrip()}\n".join(p + marker for p in paragraphs if p))


def _folders(templates: Path | list[Path]) -> list[Path]:
    return [Path(templates)] if isinstance(templates, (str, Path)) else [Path(t) for t in templates]


def environment(templates: Path | list[Path] = TEMPLATES) -> Environment:
    """The Jinja environment of the page templates; with several folders, the first that holds
    a template wins (a project's own templates over quanze's)."""
    env = Environment(
        loader=FileSystemLoader([str(t) for t in _folders(templates)]), finalize=_finalize, undefined=StrictUndefined,
        comment_start_string="{##", comment_end_string="##}",  # `{#id}` is Markdown (attr_list)
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
    )
    env.filters["block"] = lambda text, prefix="": Markup(escape.escape_block(text, prefix))
    env.filters["unsearched"] = _unsearched
    env.filters["title"] = lambda text: Markup(escape.escape_yaml_title(text))
    return env


# --- pages -------------------------------------------------------------------------------

def render_site(corpus: Corpus, *, offer_zip: bool = True, templates: Path | list[Path] = TEMPLATES,
                layout: Layout = ONE_SITE, cache: PageCache | None = None) -> list[Page]:
    """Every page of the site, at its place in the assembled site, sorted by path.

    With a `cache` (a preview server keeps one), a page whose inputs are the very objects it was
    last rendered from is not rendered again.
    """
    cache = cache if cache is not None else PageCache()
    folders = _folders(templates)
    edited = tuple(sorted((str(t), t.stat().st_mtime_ns) for folder in folders for t in folder.glob("*.j2")))
    cache.expect((offer_zip, tuple(folders), edited, layout))  # an edited template renders every page again
    token = _layout.set(layout)
    try:
        pages = list(_pages(corpus, environment(templates), offer_zip, layout, cache))
    finally:
        _layout.reset(token)
    cache.keep({page.path for page in pages})
    return sorted((Page(layout.place(page.path), page.text) for page in pages), key=lambda page: page.path)


class PageCache:
    """Rendered pages with what they were rendered from: content objects (compared by identity:
    the loader hands out the same object for a file that did not change) and plain values."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[tuple, str]] = {}
        self.settings: object = None

    def expect(self, settings: tuple) -> None:
        """Forget everything when the settings of the render changed."""
        if settings != self.settings:
            self.pages.clear()
            self.settings = settings

    def page(self, path: str, inputs: tuple, render) -> Page:
        hit = self.pages.get(path)
        if hit is not None and _same(hit[0], inputs):
            return Page(path, hit[1])
        text = render()
        self.pages[path] = (inputs, text)
        return Page(path, text)

    def keep(self, paths: set[str]) -> None:
        for path in set(self.pages) - paths:
            del self.pages[path]


def _same(old: tuple, new: tuple) -> bool:
    return len(old) == len(new) and all(
        a is b or (isinstance(a, (str, int, tuple)) and type(a) is type(b) and a == b) for a, b in zip(old, new))


def _pages(corpus: Corpus, env: Environment, offer_zip: bool, layout: Layout, cache: PageCache):
    index = Index.of(corpus)
    everything = (*corpus.agencies.values(), *corpus.statutes.values(), tuple(corpus.agencies), tuple(corpus.statutes))
    render = lambda name, context: lambda: env.get_template(name).render(context())  # noqa: E731

    yield cache.page("index.md", everything, render("home.md.j2", lambda: home_context(corpus, offer_zip, layout)))
    yield cache.page("agencies/index.md", everything, render("agencies.md.j2", lambda: agencies_context(corpus)))
    for agency_id in sorted(corpus.agencies):
        yield cache.page(agency_path(agency_id), (corpus.agencies[agency_id],),
                         render("agency.md.j2", lambda a=agency_id: agency_context(corpus, a)))
    crowded: dict[str, str] = {}  # name key -> a name, for the names that need a page of their own
    for ref in corpus.powers():
        count = index.elsewhere_count(ref)
        if count > ELSEWHERE_INLINE:
            crowded.setdefault(name_key(ref.power.name), ref.power.name)
        yield cache.page(power_path(ref.agency_id, ref.power.id), power_inputs(index, ref, count),
                         render("power.md.j2", lambda r=ref: power_context(index, r)))
    for key in sorted(crowded):
        group = tuple(r.agency for r in index.by_name[key])
        yield cache.page(same_path(crowded[key]), group,
                         render("same_power.md.j2", lambda k=key: same_power_context(index, crowded[k])))
    yield cache.page("statutes/index.md", everything, render("statutes.md.j2", lambda: statutes_context(corpus)))
    for statute_id in sorted(corpus.statutes):
        for version in corpus.statutes[statute_id].official_versions:
            yield cache.page(version_path(statute_id, corpus.statutes[statute_id], version), everything,
                             render("statute_official.md.j2", lambda s=statute_id, v=version:
                                    official_statute_context(corpus, s, v, layout)))
        if not corpus.statutes[statute_id].official_versions:
            yield cache.page(statute_path(statute_id), everything,
                             render("statute.md.j2", lambda s=statute_id: statute_context(corpus, s, layout)))
    if quote_differences_of(corpus):
        yield cache.page(DIFFERENCES_PATH, everything, render("differences.md.j2", lambda: differences_context(corpus)))
    yield cache.page("categories/index.md", everything, render("categories.md.j2", lambda: categories_context(corpus)))
    for category in CATEGORIES:
        yield cache.page(category_path(category), everything,
                         render("category.md.j2", lambda c=category: category_context(corpus, c, layout)))
    if layout.sharded:
        cited = {(layout.shards[ref.agency_id], sid) for (sid, _), entries in corpus.cited_by.items() for ref, _ in entries}
        for shard_id, agency_ids in shard_agencies(layout).items():
            members = tuple(corpus.agencies[a] for a in agency_ids)
            yield cache.page(shard_path(shard_id), members, render(
                "shard.md.j2", lambda s=shard_id, a=agency_ids: shard_context(corpus, layout, s, a)))
            for statute_id in sorted(corpus.statutes):
                if (shard_id, statute_id) in cited:
                    yield cache.page(shard_cited_path(shard_id, statute_id), (corpus.statutes[statute_id], *members),
                                     render("shard_statute.md.j2", lambda s=shard_id, a=agency_ids, t=statute_id:
                                            shard_statute_context(corpus, s, set(a), t)))


def power_inputs(index: Index, ref: PowerRef, count: int) -> tuple:
    """What a power page shows besides its own agency: titles of the statutes it cites and the
    same power elsewhere (listed, or counted)."""
    statutes = tuple(index.corpus.statutes.get(c.statute) for c in ref.power.basis)
    if count > ELSEWHERE_INLINE:
        return (ref.agency, ref.index, *statutes, "more")
    return (ref.agency, ref.index, *statutes, *(other.agency for other, _ in index.elsewhere(ref)))


def shard_agencies(layout: Layout) -> dict[str, list[str]]:
    """shard id -> its agency ids (sorted), in shard order."""
    groups: dict[str, list[str]] = {shard_id: [] for shard_id in layout.titles}
    for agency_id in sorted(layout.shards):
        groups[layout.shards[agency_id]].append(agency_id)
    return groups


def category_counts(powers) -> dict[str, int]:
    counts = {category: 0 for category in CATEGORIES}
    for power in powers:
        counts[power.category] += 1
    return counts


def home_context(corpus: Corpus, offer_zip: bool, layout: Layout = ONE_SITE) -> dict:
    """The home page: a row per agency, or per shard (with its agency count) in a sharded site."""
    used = [c for c, n in category_counts(r.power for r in corpus.powers()).items() if n]
    rows = []
    if layout.sharded:
        for shard_id, agency_ids in shard_agencies(layout).items():
            powers = [p for a in agency_ids for p in corpus.agencies[a].powers]
            counts = category_counts(powers)
            rows.append({"link": Link(layout.titles[shard_id], relative("index.md", shard_path(shard_id))),
                         "agencies": len(agency_ids), "counts": [counts[c] for c in used], "total": len(powers)})
    for agency_id in sorted(corpus.agencies) if not layout.sharded else ():
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
        "sharded": layout.sharded,
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


def citation_context(corpus: Corpus, from_page: str, citation: Citation,
                     difference: QuoteDifference | None = None) -> dict:
    statute = corpus.statutes.get(citation.statute)
    target = statute_path(citation.statute) if statute else None
    title = citation.title or (statute.title if statute else citation.statute)
    article = None
    if citation.article is not None:
        text = citation.ref or article_label(citation.article)
        article = Link(text, relative(from_page, target, citation_anchor(statute, citation))) if target else text
    elif citation.ref:
        article = citation.ref
    return {
        "level": citation.level or (statute.level if statute else None),
        "statute": Link(title, relative(from_page, target)) if target else title,
        "version": citation.version, "article": article, "text": citation.text,
        "difference": difference_notice(corpus, from_page, difference) if difference else None,
    }


def power_context(index: Index, ref: PowerRef) -> dict:
    power, agency = ref.power, ref.agency
    path = power_path(ref.agency_id, power.id)
    category = power.category
    if power.category_as_published and power.category_as_published != power.category:
        category = f"{power.category}（清单写作“{power.category_as_published}”）"
    count, elsewhere, more = index.elsewhere_count(ref), [], None
    if count > ELSEWHERE_INLINE:  # a page of its own keeps this page's size flat, and the page
        # says no count: one agency's edit does not change the pages of every agency
        more = {"link": Link("同名职权一览", relative(path, same_path(power.name)))}
    elif count:
        elsewhere = index.elsewhere(ref)
    return {
        "power": power,
        "agency": Link(agency.name, relative(path, agency_path(ref.agency_id))),
        "list": Link(agency.title, relative(path, agency_path(ref.agency_id))),
        "category": Link(category, relative(path, category_path(power.category))),
        "basis": [citation_context(index.corpus, path, c, quote_differences_of(index.corpus).get((ref.agency_id, ref.index, n)))
                  for n, c in enumerate(power.basis)],
        "elsewhere": [
            {"agency": other.agency.name, "reason": "、".join(reasons),
             "link": Link(other.power.name, relative(path, power_path(other.agency_id, other.power.id)))}
            for other, reasons in elsewhere
        ],
        "more": more,
        "previous": neighbour_link(ref, ref.index - 1),
        "next": neighbour_link(ref, ref.index + 1),
        "empty": EMPTY,
        "quotes_searched": not _layout.get().sharded,  # at scale a quote is found on its statute page
    }


def same_power_context(index: Index, name: str) -> dict:
    """Every agency's power of one normalised name, agencies in id order."""
    path = same_path(name)
    rows = [{"agency": Link(ref.agency.name, relative(path, agency_path(ref.agency_id))), "region": ref.agency.region,
             "link": Link(ref.power.name, relative(path, power_path(ref.agency_id, ref.power.id))),
             "code": ref.power.code}
            for ref in index.by_name[name_key(name)]]
    return {"title": name, "basis": f"职权名称为“{name}”（不计标点、空格和全半角）的职权", "rows": rows}


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
    differences = len(quote_differences_of(corpus))
    return {"differences": {"count": differences, "link": Link("引文与官方文本的差异", relative(path, DIFFERENCES_PATH))}
            if differences else None, "levels": [
        {"level": level, "anchor": Markup(LEVEL_SLUGS[level]), "statutes": [
            {"link": Link(s.title, relative(path, statute_path(i))), "issuer": s.issuer, "citing": citing[i]}
            for i, s in statutes
        ]}
        for level, statutes in statute_levels(corpus)
    ]}


def cited_by(corpus: Corpus, from_page: str, statute_id: str, article: int | None,
             agencies: set[str] | None = None) -> list[dict]:
    """Powers citing one article (or the statute without an article), grouped by agency
    (only those of `agencies` when given)."""
    groups: dict[str, dict] = {}
    for ref, citation in corpus.citing(statute_id, article):
        if agencies is not None and ref.agency_id not in agencies:
            continue
        group = groups.setdefault(ref.agency_id, {
            "agency": Link(ref.agency.name, relative(from_page, agency_path(ref.agency_id))), "powers": []})
        ref_text = citation.ref if citation.ref and (citation.paragraph or citation.item) else None
        group["powers"].append({"link": Link(ref.power.name, relative(from_page, power_path(ref.agency_id, ref.power.id))),
                                "ref": ref_text})
    return [groups[agency_id] for agency_id in sorted(groups)]


def statute_context(corpus: Corpus, statute_id: str, layout: Layout = ONE_SITE) -> dict:
    """A statute page: each cited article with its wordings and the powers citing it.

    In a sharded site the page says, per article, how many powers of each shard cite it and
    links to that shard's page of citations, so its size does not grow with the corpus.
    """
    statute = corpus.statutes[statute_id]
    path = statute_path(statute_id)
    texts = {article.number: article.texts for article in statute.articles}
    cited = {article for (sid, article) in corpus.cited_by if sid == statute_id and article is not None}
    citing = by_shard if layout.sharded else cited_by
    articles = []
    for number in sorted(set(texts) | cited):
        articles.append({
            "label": article_label(number), "anchor": Markup(article_anchor(number)),
            "texts": [wording(corpus, path, t) for t in texts.get(number, [])],
            "cited_by": citing(corpus, path, statute_id, number),
        })
    return {"statute": statute, "articles": articles, "whole": citing(corpus, path, statute_id, None),
            "powers": len({(r.agency_id, r.index) for (sid, _), entries in corpus.cited_by.items()
                           if sid == statute_id for r, _ in entries}),
            "sharded": layout.sharded, "empty": EMPTY}


# --- statutes with an official text ---------------------------------------------------------

DIFFERENCES_PATH = "statutes/differences.md"
_differences_memo: list = [None, {}]


def quote_differences_of(corpus: Corpus) -> dict[tuple[str, int, int], QuoteDifference]:
    """(agency, power index, basis index) -> how the quote differs from the official text; once per corpus."""
    if _differences_memo[0] is not corpus:
        found = quote_differences(corpus) if any(s.official_versions for s in corpus.statutes.values()) else []
        _differences_memo[:] = [corpus, {(d.agency_id, d.power_index, d.basis_index): d for d in found}]
    return _differences_memo[1]


def version_path(statute_id: str, statute: Statute, version) -> str:
    """The page of one version of an official text: the statute's page for the current version."""
    if version is current_version(statute):
        return statute_path(statute_id)
    position = statute.official_versions.index(version) + 1
    label = "".join(c for c in version.label.lower() if c.isascii() and (c.isalnum() or c == "-"))
    return f"statutes/{statute_id}/{label or 'v'}-{position}.md"


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


def difference_notice(corpus: Corpus, from_page: str, difference: QuoteDifference) -> dict:
    statute = corpus.statutes[difference.statute_id]
    version = next(v for v in statute.official_versions if v.label == difference.version)
    target = version_path(difference.statute_id, statute, version)
    return {"diff": difference.diff, "where": f"{difference.version} 年版{difference.label}",
            "link": Link("官方条文", relative(from_page, target, difference.anchor))}


def official_statute_context(corpus: Corpus, statute_id: str, version, layout: Layout = ONE_SITE) -> dict:
    """The page of one version of an official text: every article, chapters as headings, the cited
    articles marked and followed by the powers citing them (with the quotes that differ)."""
    statute = corpus.statutes[statute_id]
    path = version_path(statute_id, statute, version)
    differences = {key: d for key, d in quote_differences_of(corpus).items()
                   if d.statute_id == statute_id and d.version == version.label}
    cited = {article for (sid, article) in corpus.cited_by if sid == statute_id and article is not None}
    body = []
    for block in text_blocks(version):
        if isinstance(block, Heading):
            body.append({"heading": block.text, "hashes": Markup("#" * block.level), "anchor": Markup(block.anchor)})
            continue
        citing = _official_citing(corpus, path, statute_id, block.number, differences, layout)
        body.append({"label": block.label, "hashes": Markup("#" * block.level),
                     "attrs": Markup(f"{{#{block.anchor}{' .quanze-cited' if block.number in cited else ''}}}"),
                     "lines": [{"text": line.text,
                                "attrs": Markup(f"{{: #{line.anchor}{' .quanze-item' if line.item else ''} }}")}
                               for line in block.lines],
                     **citing})
    numbers = {a.number for a in version.articles}
    missing = [{"label": article_label(n), **_official_citing(corpus, path, statute_id, n, differences, layout)}
               for n in sorted(cited - numbers)]
    return {"statute": statute, "version": version, "body": body, "missing": missing,
            "versions": [{"label": v.label, "status": v.status, "current": v is version,
                          "link": Link(v.label, relative(path, version_path(statute_id, statute, v)))}
                         for v in statute.official_versions],
            "whole": (by_shard if layout.sharded else cited_by)(corpus, path, statute_id, None),
            "powers": len({(r.agency_id, r.index) for (sid, _), entries in corpus.cited_by.items()
                           if sid == statute_id for r, _ in entries}),
            "cited": len(cited & numbers), "differ": len(differences),
            "differences": Link("引文与官方文本的差异", relative(path, DIFFERENCES_PATH)) if differences else None,
            "sharded": layout.sharded, "empty": EMPTY}


def _official_citing(corpus: Corpus, path: str, statute_id: str, article: int, differences: dict,
                     layout: Layout) -> dict:
    """The powers citing one article, by agency (by shard in a sharded site), with their differing quotes."""
    here = {key: d for key, d in differences.items()
            if corpus.agencies[key[0]].powers[key[1]].basis[key[2]].article == article}
    if layout.sharded:
        return {"cited_by": by_shard(corpus, path, statute_id, article), "differ": len(here)}
    groups: dict[str, dict] = {}
    for ref, citation in corpus.citing(statute_id, article):
        group = groups.setdefault(ref.agency_id, {
            "agency": Link(ref.agency.name, relative(path, agency_path(ref.agency_id))), "powers": []})
        ref_text = citation.ref if citation.ref and (citation.paragraph or citation.item) else None
        group["powers"].append({"link": Link(ref.power.name, relative(path, power_path(ref.agency_id, ref.power.id))),
                                "ref": ref_text, "diffs": [d.diff for (a, p, _), d in sorted(here.items())
                                                           if (a, p) == (ref.agency_id, ref.index)]})
    return {"cited_by": [groups[a] for a in sorted(groups)], "differ": len(here)}


def differences_context(corpus: Corpus) -> dict:
    """Every quote that differs from the official text it cites, by agency, for the editors."""
    path = DIFFERENCES_PATH
    groups: dict[str, dict] = {}
    for (agency_id, p, n), d in sorted(quote_differences_of(corpus).items()):
        agency = corpus.agencies[agency_id]
        statute = corpus.statutes[d.statute_id]
        version = next(v for v in statute.official_versions if v.label == d.version)
        group = groups.setdefault(agency_id, {"agency": Link(agency.name, relative(path, agency_path(agency_id))),
                                              "anchor": Markup(agency_id), "rows": []})
        group["rows"].append({
            "power": Link(agency.powers[p].name, relative(path, power_path(agency_id, agency.powers[p].id))),
            "basis": n + 1, "diff": d.diff,
            "article": Link(f"{statute.title}（{d.version}）{d.label}",
                            relative(path, version_path(d.statute_id, statute, version), d.anchor))})
    return {"groups": [groups[a] for a in sorted(groups)], "count": sum(len(g["rows"]) for g in groups.values())}


def wording(corpus: Corpus, from_page: str, text) -> dict:
    """One wording of an article and (some of) the agencies whose lists quote it."""
    shown = text.sources[:SOURCES_INLINE]
    return {"text": text.text, "sources": [source_link(corpus, from_page, s) for s in shown],
            "more": len(text.sources) - len(shown)}


def by_shard(corpus: Corpus, from_page: str, statute_id: str, article: int | None) -> list[dict]:
    """Powers citing one article, counted per shard, each with a link to the shard's citations."""
    layout = _layout.get()
    counts: dict[str, list] = {}
    for ref, _ in corpus.citing(statute_id, article):
        entry = counts.setdefault(layout.shards[ref.agency_id], [set(), 0])
        entry[0].add(ref.agency_id)
        entry[1] += 1
    anchor = article_anchor(article) if article is not None else "whole"
    return [{"shard": Link(layout.titles[shard_id], relative(from_page, shard_cited_path(shard_id, statute_id), anchor)),
             "agencies": len(agencies), "powers": powers}
            for shard_id, (agencies, powers) in sorted(counts.items())]


def shard_statute_context(corpus: Corpus, shard_id: str, agency_ids: set[str], statute_id: str) -> dict:
    """A shard's page of the powers (of its agencies) citing one statute, article by article."""
    statute = corpus.statutes[statute_id]
    path = shard_cited_path(shard_id, statute_id)
    keys = sorted((article for (sid, article) in corpus.cited_by if sid == statute_id),
                  key=lambda a: (a is None, a or 0))
    articles = []
    for article in keys:
        groups = [g for g in cited_by(corpus, path, statute_id, article, agency_ids)]
        if groups:
            articles.append({
                "label": article_label(article) if article is not None else "未注明条款的引用",
                "anchor": Markup(article_anchor(article) if article is not None else "whole"),
                "statute": Link(statute.title, relative(path, statute_path(statute_id),
                                                        statute_anchor(statute, article))),
                "cited_by": groups})
    layout = _layout.get()
    return {"statute": statute, "shard": layout.titles[shard_id], "articles": articles,
            "home": Link(layout.titles[shard_id], relative(path, shard_path(shard_id))),
            "page": Link(statute.title, relative(path, statute_path(statute_id)))}


def shard_context(corpus: Corpus, layout: Layout, shard_id: str, agency_ids: list[str]) -> dict:
    path = shard_path(shard_id)
    return {
        "title": layout.titles[shard_id],
        "agencies": [{"link": Link(corpus.agencies[a].name, relative(path, agency_path(a))),
                      "region": corpus.agencies[a].region, "admin_level": corpus.agencies[a].admin_level,
                      "total": len(corpus.agencies[a].powers)} for a in agency_ids],
        "powers": sum(len(corpus.agencies[a].powers) for a in agency_ids),
        "home": Link("全站首页", relative(path, "index.md")),
        "all_agencies": Link("全部机关", relative(path, "agencies/index.md")),
        "statutes": Link("法律法规", relative(path, "statutes/index.md")),
    }


def source_link(corpus: Corpus, from_page: str, agency_id: str):
    agency = corpus.agencies.get(agency_id)
    return Link(agency.name, relative(from_page, agency_path(agency_id))) if agency else agency_id


def categories_context(corpus: Corpus) -> dict:
    counts = category_counts(r.power for r in corpus.powers())
    path = "categories/index.md"
    return {"categories": [{"link": Link(c, relative(path, category_path(c))), "code": code, "count": counts[c]}
                           for c, code in CATEGORIES.items()]}


def category_context(corpus: Corpus, category: str, layout: Layout = ONE_SITE) -> dict:
    """A category page: the powers of that category, grouped by agency. In a sharded site a
    row per agency (with its count) links to the agency page's section of the category."""
    path = category_path(category)
    groups = []
    for agency_id in sorted(corpus.agencies):
        agency = corpus.agencies[agency_id]
        rows = [power_row(path, PowerRef(agency_id, agency, p, i))
                for i, p in enumerate(agency.powers) if p.category == category]
        if rows:
            link = Link(agency.name, relative(path, agency_path(agency_id), CATEGORY_SLUGS[category]))
            groups.append({"agency": Link(agency.name, relative(path, agency_path(agency_id))), "section": link,
                           "region": agency.region, "anchor": Markup(agency_id), "rows": [] if layout.sharded else rows,
                           "count": len(rows)})
    return {"category": category, "groups": groups, "count": sum(g["count"] for g in groups),
            "sharded": layout.sharded}
