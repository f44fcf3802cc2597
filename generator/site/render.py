"""Stage 4, render: the typed corpus -> Markdown pages (one per power, statute, agency, category).

`render_site` is pure: the corpus, the layout and the templates in, the pages out, each at its
place in the assembled site. A `PageCache` (a preview server keeps one) re-renders only the
pages whose inputs changed.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

from ..cachekey import key as cache_key
from ..cachekey import set_aside
from ..content.corpus import Corpus
from ..content.model import Document
from ..content.vocab import CATEGORIES
from . import outline as outlines
from .about import ABOUT_PATH, OPEN_DATA_PATH, about_context, about_words, open_data_context
from .article_history import history_renders
from .catalogue import catalogue_inputs, catalogue_links, catalogue_renders
from .chrome import data_date, dress, dress_inputs, page_dates, powers_by_path
from .compare import compare_renders
from .context import Site
from .editions import edition_renders
from .full_list import full_list_context, full_list_inputs
from .home import home_words
from .outline import Outline, citations, outline
from .pages import (
    ELSEWHERE_INLINE,
    agencies_context,
    agency_context,
    agency_inputs,
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
    StoredText,
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
from .templates import TEMPLATES, PageTemplates, folders


def render_site(corpus: Corpus, *, offer_zip: bool = True, templates: Path | list[Path] = TEMPLATES,
                layout: Layout = ONE_SITE, cache: PageCache | None = None,
                store: PageStore | None = None, jobs: int = 1, beside: Beside | None = None,
                later: list | None = None, wanted=None) -> list[Page]:
    """Every page of the site, at its place in the assembled site, sorted by path.

    With a `cache` (a preview server keeps one), a page whose inputs have the digests they had when
    it was last rendered is not rendered again; with a `store`, nor is a page whose inputs have
    the same content as in an earlier run. The pages to render are rendered in `jobs` processes
    (`processes.in_forks`: forks of this one, which has the corpus and its index), and the work
    `beside` them is shared with the same processes. With a list `later`, the store is saved by
    the call this appends to it (a build saves it while its builder works), else before returning.
    Given `wanted` (a page's place in the assembled site -> whether to render it: a build of some
    units, `--only`), the other pages are listed without their text (None).
    """
    cache = cache if cache is not None else PageCache()
    found = folders(templates)
    edited = tuple(sorted((str(t), t.stat().st_mtime_ns) for folder in found for t in folder.glob("*.j2")))
    site = Site(corpus, layout)
    date, powers = data_date(corpus), powers_by_path(corpus)
    cache.expect((offer_zip, tuple(found), edited, layout, date))  # an edited template renders every page again
    cache.dressing = lambda path, text, day: dress(site, path, text, day, powers)
    cache.dressed_from = lambda path: dress_inputs(corpus, path)
    cache.dated = page_dates(corpus, date)
    cache.store = store
    cache.wanted = (lambda path: wanted(layout.place(path))) if wanted is not None else None
    if store is not None:
        store.begin(corpus, [offer_zip, [_folder_print(f) for f in found], repr(layout), date,
                             str(getattr(corpus, "project", None))], partial=wanted is not None)
    pages = cache.settle(list(_pages(site, PageTemplates(found), offer_zip, cache)), jobs, beside)
    cache.keep({page.path for page in pages})
    if store is not None and later is not None:
        later.append(store.save)
    elif store is not None:
        store.save()
    return sorted((Page(layout.place(page.path), page.text, page.key) for page in pages), key=lambda page: page.path)


class PageCache:
    """Rendered pages (front matter and all) with what they were rendered from: content documents
    (compared by their digests) and plain values. Behind it, an optional `PageStore` of earlier runs."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[tuple, str]] = {}
        self.settings: object = None
        self.dressing = lambda path, text, day: text
        self.dressed_from = lambda path: ()
        self.dated = lambda inputs: None  # a page's inputs -> its data date
        self.store: PageStore | None = None
        self.wanted = None  # a page's path -> whether to render it (None: every page)

    def expect(self, settings: tuple) -> None:
        """Forget everything when the settings of the render changed."""
        if settings != self.settings:
            self.pages.clear()
            self.settings = settings

    def page(self, path: str, inputs: tuple, render) -> Page | _Due:
        """The page at `path` as kept, or a _Due for `settle` to render (or, when it is not
        `wanted`, the page without its text)."""
        if self.wanted is not None and not self.wanted(path):
            return Page(path, None, None)
        inputs = (*inputs, *self.dressed_from(path))
        day = self.dated(inputs)
        inputs = (*inputs, day)  # the date a page shows is among what it is made from
        hit = self.pages.get(path)
        if hit is not None and _same(hit[0], inputs):
            key = self.store.key(path, inputs) if self.store is not None else None
            if self.store is not None:
                self.store.keep(path, key, hit[1])
            return Page(path, hit[1], key)
        key = self.store.key(path, inputs) if self.store is not None else None
        text = self.store.get(key) if self.store is not None else None
        if text is None:
            return _Due(path, inputs, key, day, render)  # (rendered by `settle`)
        return self._kept(path, inputs, key, text)

    def made(self, due: _Due) -> str | StoredText:
        """The text of a page to render (for a store that gives its texts `encoded`, encoded the
        same way: a text rendered in a fork then comes back as it is kept, and the build decodes
        only what it reads)."""
        text = self.dressing(due.path, due.render(), due.day)
        return StoredText(text.encode("utf-8", "surrogateescape")) if self.store is not None and self.store.encoded \
            else text

    def _kept(self, path: str, inputs: tuple, key: str | None, text: str | StoredText) -> Page:
        if self.store is not None:
            self.store.keep(path, key, text)
        self.pages[path] = (inputs, text)
        return Page(path, text, key)

    def settle(self, found: list, jobs: int = 1, beside: Beside | None = None) -> list[Page]:
        """The pages `found` (each a Page, or a _Due to render) with those to render rendered, in
        `jobs` processes, which also do the work `beside` (first)."""
        from ..processes import in_forks

        due = [item for item in found if isinstance(item, _Due)]
        others = [_Other(item) for item in beside.items] if beside is not None else []
        done = in_forks(lambda item: self.made(item) if isinstance(item, _Due) else beside.function(item.item),
                        [*others, *due], jobs)
        if beside is not None:
            beside.results = done[:len(others)]
        texts = iter(done[len(others):])
        return [self._kept(item.path, item.inputs, item.key, next(texts)) if isinstance(item, _Due) else item
                for item in found]

    def keep(self, paths: set[str]) -> None:
        for path in set(self.pages) - paths:
            del self.pages[path]


class Beside:
    """Work done in the processes that render the pages, beside them: `function(item)` for each
    of `items`, the results in `results` once the pages are rendered."""

    def __init__(self, function, items: list) -> None:
        self.function, self.items = function, items
        self.results: list | None = None


class _Other:
    __slots__ = ("item",)

    def __init__(self, item) -> None:
        self.item = item


class _Due:
    """A page to render: its path, inputs, key in the store, data date and renderer."""

    __slots__ = ("path", "inputs", "key", "day", "render")

    def __init__(self, path: str, inputs: tuple, key: str | None, day, render) -> None:
        self.path, self.inputs, self.key, self.day, self.render = path, inputs, key, day, render


def _same(old: tuple, new: tuple) -> bool:
    """Whether two pages' inputs are the same: documents by their digests, plain values by value."""
    return len(old) == len(new) and all(_same_value(a, b) for a, b in zip(old, new))


def _same_value(a, b) -> bool:
    if isinstance(a, Outline):
        return isinstance(b, Outline) and a.key == b.key
    if isinstance(a, Document):
        return isinstance(b, Document) and type(a) is type(b) and a.digest == b.digest
    if isinstance(a, tuple):
        return isinstance(b, tuple) and _same(a, b)
    return isinstance(a, (str, int, float, type(None))) and type(a) is type(b) and a == b


class PageStore:
    """Pages rendered by earlier runs, kept in the user's private cache folder: a build after one
    edit renders the pages that edit touched, not every page again.

    A page is found by a digest of everything it is rendered from: its path, its inputs (each
    agency and statute by its id and a digest of its content, plain values as they are), the
    settings of the render (templates by their bytes, layout, data date, whether a zip is
    offered), quanze's toolchain (`cachekey`: its code and templates, the versions of the
    libraries), and `shared`: a
    digest of the inputs no page names (content beside the agencies and statutes). A page whose
    inputs are anything else is rendered every time. A store `encoded` (a build's) gives the texts
    it finds, and the render those it makes, as UTF-8 bytes (`paths.StoredText`): the build decodes
    only those it reads. The store holds the pages of the last render of one site (`name`), one
    file per agency's folder of pages and per other top-level folder, so that an edit rewrites the
    few files of the pages it changed; a file cut short, unreadable or not private is ignored.
    """

    def __init__(self, name: str, shared: str = "", encoded: bool = False) -> None:
        from ..fileio import read_kept, user_store_dir

        self.folder = user_store_dir("pages", name)
        self.shared = shared
        self.encoded = encoded  # (the texts found given as they are kept: `StoredText`)
        self.found: dict[str, str | bytes] = {}  # a page's key -> its text (as UTF-8 when read from a file)
        self.groups: dict[str, set[str]] = {}  # file name -> the keys it holds
        self.kept: dict[str, dict[str, str]] = {}
        self.documents: dict[str, str | None] = {}  # a document's digest -> its token (kind, id, digest)
        self.tuples: dict[int, tuple[tuple, str | None]] = {}  # a long tuple of inputs of this render -> its token
        self.settings = ""
        self.agencies: dict = {}  # the agencies of this render (their outlines kept with the pages)
        self.partial = False  # (a render of some pages: the others' files are left as they are)
        for file in sorted(self.folder.glob("*.pickle")) if self.folder is not None else []:
            pages = read_kept(file)  # (None when cut short, unreadable or not ours: it is only a cache)
            if isinstance(pages, dict) and all(isinstance(k, str) and isinstance(v, bytes) for k, v in pages.items()):
                self.found.update(pages)
                self.groups[file.name] = set(pages)

    def begin(self, corpus: Corpus, settings: list, partial: bool = False) -> None:
        """Name each content document of `corpus` by its kind, id and digest, and digest the
        render's settings, for `key` (`partial`: the render makes some of the pages only)."""
        self.partial = partial
        names: dict[str, set[str]] = {}
        for kind, models in (("agency", corpus.agencies), ("statute", corpus.statutes)):
            for name, model in models.items():
                names.setdefault(model.digest, set()).add(f"{kind}\0{name}")
        # the same content under two ids: which one a page means is unknown, it is rendered every time
        self.documents = {digest: f"{next(iter(found))}\0{digest}" if len(found) == 1 else None
                          for digest, found in names.items()}
        self.settings = cache_key("pages", json.dumps([*settings, self.shared]))
        self.tuples: dict[int, tuple[tuple, str | None]] = {}
        self.agencies = corpus.agencies
        outlines.recall(self._outlines(), cache_key("outlines"))

    def key(self, path: str, inputs: tuple) -> str | None:
        token = self._token(inputs)
        return None if token is None else hashlib.sha256(f"{self.settings}\0{path}\0{token}".encode()).hexdigest()

    def _token(self, value) -> str | None:
        if isinstance(value, Outline):
            return f"outline:{value.key}"
        if isinstance(value, Document):
            return self.documents.get(value.digest)
        if value is None or isinstance(value, (str, int, float)):
            return f"{type(value).__name__}:{value!r}"
        if isinstance(value, tuple):
            long = len(value) > _LONG
            if long:  # (the inputs of every page that lists all agencies: one tuple, met by dozens of pages)
                known = self.tuples.get(id(value))
                if known is not None and known[0] is value:
                    return known[1]
            parts = [self._token(v) for v in value]
            token = None if None in parts else f"({','.join(parts)})"  # type: ignore[arg-type]
            if long:
                self.tuples[id(value)] = (value, token)  # (held: its id stays its own while the render runs)
            return token
        return None  # not content we can digest: rendered every time

    def get(self, key: str | None) -> str | StoredText | None:
        found = self.found.get(key) if key is not None else None
        if type(found) is bytes:  # read from a file: decoded once (`encoded`: marked), then kept as the page's text
            found = self.found[key] = StoredText(found) if self.encoded else found.decode("utf-8", "surrogateescape")
        return found

    def keep(self, path: str, key: str | None, text: str | StoredText) -> None:
        if key is not None:
            self.kept.setdefault(_group_file(path), {})[key] = text

    def save(self) -> None:
        """Keep the pages of this render for the next: the files whose pages changed are
        written again, those of pages no longer rendered removed."""
        kept, self.kept = self.kept, {}
        if self.folder is None:
            return
        from ..fileio import WriteError, write_atomic

        outlines.keep(self._outlines(), cache_key("outlines"), self.agencies)
        try:
            for name, pages in kept.items():
                if self.groups.get(name) != pages.keys():
                    # the texts as UTF-8 bytes: a text pickled as it is keeps a UTF-8 copy of itself for
                    # the rest of the build (CPython caches it in the string: 0.6 GB at 75,000 pages)
                    encoded = {key: bytes(text) if isinstance(text, StoredText) else text.encode("utf-8", "surrogateescape")
                               for key, text in pages.items()}
                    write_atomic(self.folder / name, pickle.dumps(encoded, protocol=pickle.HIGHEST_PROTOCOL),
                                 durable=False)
            for name in set(self.groups) - set(kept) if not self.partial else ():
                (self.folder / name).unlink(missing_ok=True)
        except (OSError, WriteError) as exc:  # a full or read-only cache folder costs time, not correctness
            set_aside(str(exc))
        self.found = {key: text for pages in kept.values() for key, text in pages.items()}
        self.groups = {name: set(pages) for name, pages in kept.items()}

    def _outlines(self) -> Path | None:
        """Where the agencies' outlines worked out are kept (outline.recall): not a file of pages."""
        return self.folder / "outlines" if self.folder is not None else None


_LONG = 64
"""Inputs of more items than this are tokenised once a render (`PageStore._token`)."""


def _group_file(path: str) -> str:
    """The store's file of a page: one per agency's folder (`agencies/<id>/`), one per other
    top-level folder or page."""
    parts = path.split("/")
    group = "/".join(parts[:2]) if parts[0] == "agencies" and len(parts) > 2 else parts[0]
    return hashlib.sha256(group.encode("utf-8", "surrogateescape")).hexdigest()[:24] + ".pickle"


def _folder_print(folder: Path) -> list[str]:
    """Every file of a template folder, by name and a digest of its bytes."""
    return [f"{p.relative_to(folder).as_posix()}:{hashlib.sha256(p.read_bytes()).hexdigest()}"
            for p in sorted(folder.rglob("*")) if p.is_file()]


def _pages(site: Site, templates: PageTemplates, offer_zip: bool, cache: PageCache):
    corpus, index, layout = site.corpus, site.index, site.layout
    everything = (*corpus.agencies.values(), *corpus.statutes.values(), tuple(corpus.agencies), tuple(corpus.statutes))
    render = lambda name, context: lambda: templates.render(name, context())  # noqa: E731

    # what the pages listing powers across agencies are made from: each agency's outline (an edit
    # of a list's title, steps or quotes leaves them as they are), the statutes, the ids
    outlines = {i: outline(i, a) for i, a in corpus.agencies.items()}  # (one each, for every page below)
    rest = (*corpus.statutes.values(), tuple(corpus.agencies), tuple(corpus.statutes))
    listing = (*outlines.values(), *rest)
    words = home_words(corpus)
    yield cache.page("index.md", (*everything, *catalogue_inputs(corpus), words.key()), render("home.md.j2", lambda: {
        **home_context(site, offer_zip, words), "catalogues": catalogue_links(site, "index.md")}))
    about = about_words(corpus.project)
    yield cache.page(ABOUT_PATH, (*everything, *about.key(), words.key()), render("about.md.j2", lambda: about_context(
        site, about, words)))
    yield cache.page(OPEN_DATA_PATH, everything, render("open_data.md.j2", lambda: open_data_context(site)))
    yield cache.page("agencies/index.md", everything, render("agencies.md.j2", lambda: agencies_context(site)))
    for agency_id in sorted(corpus.agencies):
        yield cache.page(agency_path(agency_id), agency_inputs(site, agency_id),
                         render("agency.md.j2", lambda a=agency_id: agency_context(site, a)))
        if not layout.sharded:  # a site in units: the workbook is the whole list (pages.agency_context)
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
        group = tuple(outlines[r.agency_id] for r in index.by_name[key])
        yield cache.page(same_path(crowded[key]), group,
                         render("same_power.md.j2", lambda k=key: same_power_context(site, crowded[k])))
    for path, inputs, template, context in (*compare_renders(site), *catalogue_renders(site), *history_renders(site)):
        yield cache.page(path, inputs, render(template, context))
    # (the statutes' index counts the quotes that differ from the official texts: every agency)
    yield cache.page("statutes/index.md", everything, render("statutes.md.j2", lambda: statutes_context(site)))
    # (a statute's pages: the citations of every agency, the quotes among them; one site names the powers)
    quoted = frozenset(i for i, s in corpus.statutes.items() if s.official_versions)
    quoting = (*(citations(i, a, not layout.sharded, quoted) for i, a in corpus.agencies.items()), *rest) \
        if layout.sharded or quoted else ()
    for statute_id in sorted(corpus.statutes):
        for version in corpus.statutes[statute_id].official_versions:
            yield cache.page(version_path(statute_id, corpus.statutes[statute_id], version), quoting,
                             render("statute_official.md.j2", lambda s=statute_id, v=version:
                                    official_statute_context(site, s, v)))
        if not corpus.statutes[statute_id].official_versions:
            yield cache.page(statute_path(statute_id), quoting if layout.sharded else listing,
                             render("statute.md.j2", lambda s=statute_id: statute_context(site, s)))
    if site.differences:
        yield cache.page(DIFFERENCES_PATH, everything, render("differences.md.j2", lambda: differences_context(site)))
    yield cache.page("categories/index.md", listing, render("categories.md.j2", lambda: categories_context(site)))
    for category in CATEGORIES:
        yield cache.page(category_path(category), listing,
                         render("category.md.j2", lambda c=category: category_context(site, c)))
    if layout.sharded:
        cited = {(layout.shards[ref.agency_id], sid) for (sid, _), entries in corpus.cited_by.items() for ref, _ in entries}
        for shard_id, agency_ids in shard_agencies(layout).items():
            members = tuple(outlines[a] for a in agency_ids)
            yield cache.page(shard_path(shard_id), members, render(
                "shard.md.j2", lambda s=shard_id, a=agency_ids: shard_context(site, s, a)))
            for statute_id in sorted(corpus.statutes):
                if (shard_id, statute_id) in cited:
                    yield cache.page(shard_cited_path(shard_id, statute_id), (corpus.statutes[statute_id], *members),
                                     render("shard_statute.md.j2", lambda s=shard_id, a=agency_ids, t=statute_id:
                                            shard_statute_context(site, s, set(a), t)))
