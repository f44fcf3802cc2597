"""Stage 4, render: the typed corpus -> Markdown pages (one per power, statute, agency, category).

`render_site` is pure: the corpus, the layout and the templates in, the pages out, each at its
place in the assembled site. A `PageCache` (a preview server keeps one) re-renders only the
pages whose inputs changed.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

from ..content.corpus import Corpus
from ..content.vocab import CATEGORIES
from .catalogue import catalogue_links, catalogue_renders
from .chrome import data_date, dress, powers_by_path
from .compare import compare_renders
from .context import Site
from .editions import edition_renders
from .full_list import full_list_context, full_list_inputs
from .pages import (
    ELSEWHERE_INLINE,
    agencies_context,
    agency_context,
    categories_context,
    category_context,
    home_context,
    power_context,
    power_inputs,
    same_power_context,
    shard_context,
    shard_statute_context,
    statute_context,
    statutes_context,
)
from .paths import (
    DIFFERENCES_PATH,
    ONE_SITE,
    Layout,
    Page,
    agency_path,
    category_path,
    full_list_path,
    name_key,
    power_path,
    same_path,
    shard_agencies,
    shard_cited_path,
    shard_path,
    statute_path,
    version_path,
)
from .statutes import differences_context, official_statute_context
from .templates import TEMPLATES, environment, folders


def render_site(corpus: Corpus, *, offer_zip: bool = True, templates: Path | list[Path] = TEMPLATES,
                layout: Layout = ONE_SITE, cache: PageCache | None = None) -> list[Page]:
    """Every page of the site, at its place in the assembled site, sorted by path.

    With a `cache` (a preview server keeps one), a page whose inputs are the very objects it was
    last rendered from is not rendered again.
    """
    cache = cache if cache is not None else PageCache()
    found = folders(templates)
    edited = tuple(sorted((str(t), t.stat().st_mtime_ns) for folder in found for t in folder.glob("*.j2")))
    cache.expect((offer_zip, tuple(found), edited, layout))  # an edited template renders every page again
    site = Site(corpus, layout)
    pages = list(_pages(site, environment(templates), offer_zip, cache))
    cache.keep({page.path for page in pages})
    date, powers = data_date(corpus), powers_by_path(corpus)
    return sorted((Page(layout.place(page.path), dress(site, page.path, page.text, date, powers)) for page in pages),
                  key=lambda page: page.path)


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


def _pages(site: Site, env: Environment, offer_zip: bool, cache: PageCache):
    corpus, index, layout = site.corpus, site.index, site.layout
    everything = (*corpus.agencies.values(), *corpus.statutes.values(), tuple(corpus.agencies), tuple(corpus.statutes))
    render = lambda name, context: lambda: env.get_template(name).render(context())  # noqa: E731

    yield cache.page("index.md", (*everything, *corpus.catalogues.values()), render("home.md.j2", lambda: {
        **home_context(site, offer_zip), "catalogues": catalogue_links(site, "index.md")}))
    yield cache.page("agencies/index.md", everything, render("agencies.md.j2", lambda: agencies_context(site)))
    for agency_id in sorted(corpus.agencies):
        yield cache.page(agency_path(agency_id), (corpus.agencies[agency_id],),
                         render("agency.md.j2", lambda a=agency_id: agency_context(site, a)))
        yield cache.page(full_list_path(agency_id), full_list_inputs(site, agency_id),
                         render("full_list.md.j2", lambda a=agency_id: full_list_context(site, a)))
    for path, inputs, template, context in edition_renders(site):
        yield cache.page(path, inputs, render(template, context))
    crowded: dict[str, str] = {}  # name key -> a name, for the names that need a page of their own
    for ref in corpus.powers():
        count = index.elsewhere_count(ref)
        if count > ELSEWHERE_INLINE:
            crowded.setdefault(name_key(ref.power.name), ref.power.name)
        yield cache.page(power_path(ref.agency_id, ref.power.id), power_inputs(index, ref, count),
                         render("power.md.j2", lambda r=ref: power_context(site, r)))
    for key in sorted(crowded):
        group = tuple(r.agency for r in index.by_name[key])
        yield cache.page(same_path(crowded[key]), group,
                         render("same_power.md.j2", lambda k=key: same_power_context(site, crowded[k])))
    for path, inputs, template, context in (*compare_renders(site), *catalogue_renders(site)):
        yield cache.page(path, inputs, render(template, context))
    yield cache.page("statutes/index.md", everything, render("statutes.md.j2", lambda: statutes_context(site)))
    for statute_id in sorted(corpus.statutes):
        for version in corpus.statutes[statute_id].official_versions:
            yield cache.page(version_path(statute_id, corpus.statutes[statute_id], version), everything,
                             render("statute_official.md.j2", lambda s=statute_id, v=version:
                                    official_statute_context(site, s, v)))
        if not corpus.statutes[statute_id].official_versions:
            yield cache.page(statute_path(statute_id), everything,
                             render("statute.md.j2", lambda s=statute_id: statute_context(site, s)))
    if site.differences:
        yield cache.page(DIFFERENCES_PATH, everything, render("differences.md.j2", lambda: differences_context(site)))
    yield cache.page("categories/index.md", everything, render("categories.md.j2", lambda: categories_context(site)))
    for category in CATEGORIES:
        yield cache.page(category_path(category), everything,
                         render("category.md.j2", lambda c=category: category_context(site, c)))
    if layout.sharded:
        cited = {(layout.shards[ref.agency_id], sid) for (sid, _), entries in corpus.cited_by.items() for ref, _ in entries}
        for shard_id, agency_ids in shard_agencies(layout).items():
            members = tuple(corpus.agencies[a] for a in agency_ids)
            yield cache.page(shard_path(shard_id), members, render(
                "shard.md.j2", lambda s=shard_id, a=agency_ids: shard_context(site, s, a)))
            for statute_id in sorted(corpus.statutes):
                if (shard_id, statute_id) in cited:
                    yield cache.page(shard_cited_path(shard_id, statute_id), (corpus.statutes[statute_id], *members),
                                     render("shard_statute.md.j2", lambda s=shard_id, a=agency_ids, t=statute_id:
                                            shard_statute_context(site, s, set(a), t)))
