"""Every name of MkDocs and Material that quanze uses and that is not their public API.

The rest of the builder uses their documented words: the plugin events, `File.generated`,
`file_sort_key`, `Config`, `LiveReloadServer.watch`. What follows has no public equivalent,
so it is used here, and only here. Each was checked against MkDocs 1.6.1 and mkdocs-material
9.8.2 (pyproject.toml allows no later minor release of either), and each has a test in
`tests/test_builder_seams.py` that names it when an upgrade changes it.

MkDocs 1.6.1:

- `Page._title_from_render`: the title of a page whose first heading is an h1, which
  `Page.render` sets. `mkdocs_html` renders the pages of HTML blocks itself and sets it the same
  way (`set_title_from_render`).
- `LiveReloadServer._watched_paths`, `._watch_refs`, `._rebuild_cond`, `._want_rebuild`,
  `.observer`, `.build_delay`: how the live-reload server keeps its watches and asks for a
  rebuild. The preview watches with its own filter of file events (an editor's temporary
  files rebuild nothing), with the system's file events instead of polling, and waits a little
  longer for the writes of one save (`live_reload_server`).

- `mkdocs.commands.build._populate_page` and `._build_page`: how the build reads, renders and
  writes one page in its two loops over the pages, called after them for a page a sub-site
  built again kept from its previous build but whose shared chrome changed (`build_page`, see
  `mkdocs_kept`); the page's `File.is_modified`, replaced on a kept page so that MkDocs' dirty
  build (`dirty=True`) leaves it out of those loops.
- `Files.add_files_from_theme` (a method of the plugin API's `Files`, its behaviour undocumented):
  which of the theme's files a site copies. It walks the theme's folders (14,500 files with
  Material's icons) and matches each against a dozen patterns, for every sub-site of a build;
  the files it finds are kept here per theme (`remember_theme_files`) and added to the next
  sub-site's files as it adds them.

mkdocs-material 9.8.2, its search plugin (`material.plugins.search.plugin`):

- The module's `jieba`: the segmenter the plugin cuts Chinese with, replaced by a copy that cuts
  each distinct text once (`search_jieba`, `replace_search_jieba`).
- `SearchIndex._segment_chinese`: Material's segmentation of a text, for the light entries of
  the other sub-sites (`segment_chinese`) and cached per text in the index below.
- `SearchIndex` (its `entries`, `add_entry_from_context`, `create_entry_for_section`,
  `generate_search_index`) and the plugin's `search_index`: the index `mkdocs_search` makes,
  put in place of the plugin's own (`install_search_index`).
- `SearchPlugin.on_page_context`: index the page (`search_index.add_entry_from_context`), then
  strip its `data-search-*="…"` attributes with Material's `re.sub` (`\\s?data-search-\\w+="[^"]+"`); replaced
  in the build's events by the same work done faster (`replace_search_page_context`).
- `Parser` and the sections in its `data` (`id`, `title`, `text`, `is_excluded()`): the pages
  whose HTML `mkdocs_search` does not read itself are cut by Material's parser
  (`material_sections`).

What `mkdocs_stamps` relies on: MkDocs renders a page with
`env.get_template(name).render(context)` (`mkdocs.commands.build._build_page`), its context as
`get_context` makes it; markupsafe's `escape` and Jinja's `striptags` are the functions that call
a value's `__html__` (any other caller refuses the stamp). `tests/test_stamps.py` fails when an
upgrade changes any of these: its real sites are no longer filled by stamps.

Not private, but undocumented, and called as they are where they are needed (the same tests
guard their signatures): `mkdocs.commands.build.build` (what `mkdocs build` runs; in
`mkdocs.py`), `mkdocs.utils.yaml.get_yaml_loader` (MkDocs' YAML tags; in `mkdocs.py`),
`mkdocs.structure.toc.get_toc` and `mkdocs.utils.rendering.get_heading_text` (how
`Page.render` makes a table of contents and a title; in `mkdocs_html.py`), `mkdocs.utils.meta.get_data`
and its `YAML_RE` (how `Page.read_source` reads front matter; `mkdocs_html.front_matter` reads it
so, and `Page.read_source` is replaced on a page in memory from `on_pre_page`, which MkDocs calls
just before it).

Python-Markdown and jieba are used through their documented API only (Python-Markdown's
extension API: `htmlStash`, `treeprocessors`, `postprocessors`, `serializer`; `jieba.cut`,
`jieba.initialize`); `tests/test_html_pages.py` holds `mkdocs_html` against Python-Markdown's
own output.
"""

from __future__ import annotations

import os
import re
import types
from collections.abc import Callable
from pathlib import Path

MKDOCS_CHECKED = "1.6.1"
MATERIAL_CHECKED = "9.8.2"


# --- MkDocs: a page's title --------------------------------------------------------------------

def set_title_from_render(page, title: str | None) -> None:
    """Give `page` the title its first heading gives, as `Page.render` does (None: no h1 first)."""
    page._title_from_render = title


# --- MkDocs: one page built outside the build's loop -----------------------------------------

def build_page(page, config, files, nav, env) -> None:
    """Read, build and check the links of one page as MkDocs' build does in its loops over the
    pages (`_populate_page`, `_build_page`, `validate_anchor_links`), after them."""
    from mkdocs.commands import build

    build._populate_page(page, config, files)
    build._build_page(page, config, files.documentation_pages(), nav, env)
    page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)


# --- MkDocs: the live-reload server ------------------------------------------------------------

def live_reload_server(builder: Callable[[], None], host: str, port: int, root: str,
                       wanted: Callable[[object, Path], bool], observer: Callable, build_delay: float):
    """MkDocs' live-reload server serving `root`, which calls `builder` after the file events of a
    watched folder that `wanted(event, folder)` lets through, with its observer replaced by
    `observer(its own)`, and waiting `build_delay` seconds for more events before it rebuilds."""
    from mkdocs.livereload import LiveReloadServer
    from watchdog.events import FileSystemEventHandler

    class Server(LiveReloadServer):
        def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
            path = os.path.abspath(path)
            if path in self._watched_paths:
                self._watched_paths[path] += 1
                return
            self._watched_paths[path] = 1

            def callback(event) -> None:
                if wanted(event, Path(path)):
                    with self._rebuild_cond:
                        self._want_rebuild = True
                        self._rebuild_cond.notify_all()

            handler = FileSystemEventHandler()
            handler.on_any_event = callback
            self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    server = Server(builder=builder, host=host, port=port, root=root)
    server.build_delay = build_delay
    server.observer = observer(server.observer)
    return server


# --- Material: the search plugin ---------------------------------------------------------------

def search_jieba():
    """The segmenter Material's search cuts Chinese with: jieba, a copy set in its place, or None
    (jieba or Material not installed)."""
    try:
        from material.plugins.search import plugin as search_plugin
    except ImportError:
        return None
    return search_plugin.jieba


def replace_search_jieba(segmenter) -> None:
    """Make Material's search cut Chinese with `segmenter` (a stand-in for the jieba module)."""
    from material.plugins.search import plugin as search_plugin

    search_plugin.jieba = segmenter


def segment_chinese() -> Callable[[str], str]:
    """Material's segmentation of a text: each run of Han characters cut into words, joined and
    set off by zero-width spaces."""
    from material.plugins.search.plugin import SearchIndex

    return SearchIndex()._segment_chinese


def material_sections(page_html: str) -> list:
    """A page's HTML cut into sections by Material's own parser."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(page_html)
    parser.close()
    return parser.data


#: Material's pattern without its optional white space first, so that a page is searched for its
#: literal start (Material's own pattern tries a match at every character: 90 µs a power page).
_SEARCH_ATTRIBUTE = re.compile(r'data-search-\w+="[^"]+"')


def without_search_attributes(html: str) -> str:
    r"""`re.sub(r'\s?data-search-\w+="[^"]+"', "", html)`, as Material's search strips a page:
    each attribute with the one white-space character before it (a match ends in `"`, so that
    character is never part of the match before)."""
    if "data-search-" not in html:
        return html
    pieces, done = [], 0
    for match in _SEARCH_ATTRIBUTE.finditer(html):
        start = match.start()
        if start > done and html[start - 1].isspace():
            start -= 1
        pieces.append(html[done:start])
        done = match.end()
    if not pieces:
        return html
    pieces.append(html[done:])
    return "".join(pieces)


def replace_search_page_context(plugins, search) -> bool:
    """Put in place of the search plugin's `on_page_context` among the events of `plugins` (a
    build's `config.plugins`) the same work with `without_search_attributes`; False when the
    event is not Material's, or Material is not the version checked."""
    import material
    from material.plugins.search.plugin import SearchPlugin

    if getattr(material, "__version__", None) != MATERIAL_CHECKED:
        return False

    def on_page_context(self, context, *, page, config, nav):
        if not self.config.enabled:
            return
        self.search_index.add_entry_from_context(page)
        page.content = without_search_attributes(page.content)

    events = plugins.events["page_context"]
    for number, method in enumerate(events):
        if getattr(method, "__self__", None) is search and getattr(method, "__func__", None) is SearchPlugin.on_page_context:
            events[number] = types.MethodType(on_page_context, search)
            plugins._event_origins[events[number]] = plugins._event_origins.get(method, "material/search")
            return True
    return False


def install_search_index(plugin, sections: Callable[[str], list], segmented: Callable, store=None) -> None:
    """Put in place of the configured search plugin's index (`config.plugins["material/search"]`)
    one of the same settings that cuts a page into `sections(html)`, segments each text with
    `segmented(Material's segmentation, text)`, and, with a `store` (mkdocs_search.PageEntries),
    keeps each page's entries there and makes the index of the pages in `store.order`."""
    from material.plugins.search.plugin import SearchIndex

    class Index(SearchIndex):
        def add_entry_from_context(self, page):
            start = len(self.entries)
            search = page.meta.get("search") or {}
            if not search.get("exclude"):
                for section in sections(page.content):
                    if not section.is_excluded():
                        self.create_entry_for_section(section, page.toc, page.url, page)
            if store is not None:
                store.pages[page.url] = self.entries[start:]

        def _segment_chinese(self, data):
            return segmented(super()._segment_chinese, data)

        def generate_search_index(self, prev):
            if store is not None:
                self.entries = [entry for url in store.order for entry in store.pages.get(url, ())]
            return super().generate_search_index(None)

    plugin.search_index = Index(**plugin.config)


_THEME_FILES: dict = {}
"""The theme's files a site copies (path, folder), for the theme of the key `remember_theme_files` was given."""


def remember_theme_files(key_of: Callable) -> None:
    """Make `Files.add_files_from_theme` find the theme's files once per theme: `key_of(config)`
    names what they are found from (None: find them afresh); a page or asset of the docs of the
    same path still takes the place of the theme's file."""
    from mkdocs.structure.files import File, Files

    if getattr(Files.add_files_from_theme, "remembering", False):
        return
    original = Files.add_files_from_theme

    def add_files_from_theme(self, env, config) -> None:
        key = key_of(config)
        if key is None:
            return original(self, env, config)
        found = _THEME_FILES.get(key)
        if found is None:
            theirs = Files([])
            original(theirs, env, config)
            found = [(file.src_uri, file.src_dir) for file in theirs]
            _THEME_FILES.clear()
            _THEME_FILES[key] = found
        for path, folder in found:
            if self.get_file_from_path(path) is None:
                self.append(File(path, folder, config.site_dir, config.use_directory_urls))
    add_files_from_theme.remembering = True
    add_files_from_theme.__wrapped__ = original
    Files.add_files_from_theme = add_files_from_theme
