"""The MkDocs + Material builder: a finished docs folder -> a site folder.

This is the one module that drives MkDocs for `quanze build` and `quanze serve`. It loads the
project's mkdocs.yml with the docs and site folders, the theme overrides and the sub-site's
settings given as overrides, and without `hooks:` (the hook is the door for plain `mkdocs
build`; here the pages are rendered already). Around MkDocs it adds what the site needs:
Material's jieba segmentation cached per distinct text, its search index made with less work
per page (mkdocs_search), its search settings translated once a language (`search_defaults`),
pages of HTML blocks taken as they are (mkdocs_html), theme templates compiled once per user, and
after the build the search index rewritten as UTF-8 with the light entries of the other
sub-sites and what each page says of its agency, taken as the page is written (`PageFacts`).
What this relies on of MkDocs and Material beyond their public API is in `privates`.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
from pathlib import Path

from ...errors import ContentError, QuanzeError
from ...escape import for_terminal
from ...i18n import _
from . import BuildJob, privates

NAME = "mkdocs"
IN_MEMORY = True
"""A build's docs are handed to MkDocs in memory (no docs folder written, read and copied)."""


def build(job: BuildJob) -> list[str]:
    """Build one sub-site; return the warnings MkDocs logged (the caller decides on strictness).
    A configuration or build error becomes a QuanzeError carrying every message MkDocs logged.
    With `job.reuse`, the pages of the previous build that nothing changed are kept (mkdocs_kept)
    and what this build made of every page is recorded for the next."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    from ...site.paths import StoredText, text_of
    from . import mkdocs_chrome, mkdocs_kept
    from .mkdocs_search import PageEntries

    chrome = mkdocs_chrome.ENABLED
    files = {path: text_of(data) if isinstance(data, StoredText) else data  # (the pages a build found in its
             for path, data in job.files.items()} if job.files is not None else None  # page store: decoded here)
    kept = mkdocs_kept.kept_pages(job.reuse, files, chrome)
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    logging.getLogger("mkdocs.commands.build").addFilter(_not_dirty)
    try:
        shutil.rmtree(job.site_dir, ignore_errors=True)  # (MkDocs' dirty build does not empty it)
        store = PageEntries() if job.reuse is not None else None
        keeping = mkdocs_kept.KeptPages(kept, job.reuse.previous, files, store) if store is not None else None
        config = load(job.config_file, job.docs_dir, job.site_dir, job.custom_dir, job.overrides, search_store=store,
                      files=files, theme_up=job.theme_up, keeping=keeping)
        mkdocs_build(config, dirty=bool(kept))
    except MkDocsException as exc:
        raise QuanzeError("\n".join([*collect.messages, f"mkdocs: {exc}"])) from None
    finally:
        logger.removeHandler(collect)
        logging.getLogger("mkdocs.commands.build").removeFilter(_not_dirty)
    finish_search_index(job.site_dir, job.search_entries, job.config_file, job.light,
                        config.plugins["quanze/page-facts"].facts)
    leave_out_unused_assets(job.site_dir, config)
    if keeping is not None:
        mkdocs_kept.record(job.reuse, chrome, keeping.made(config))
    return collect.messages


#: quanze's own search script, which answers Material's search in the page (no worker, no lunr).
OWN_SEARCH = "quanze-search.js"


def answers_search(extra) -> bool:
    """Whether quanze's own search script answers the site's search (it is among the configuration's
    `extra.polyfills`). It finds any substring of the index's text, so the text needs no words cut
    (Material's jieba cuts add a zero-width space, 3 bytes, between every two words: a quarter of
    an index), and Material's search worker, with lunr, is never started."""
    polyfills = extra.get("polyfills") if extra is not None and hasattr(extra, "get") else None  # a mapping
    return any(str(script).endswith(OWN_SEARCH) for script in polyfills or [])


def leave_out_unused_assets(site_dir: Path, config) -> None:
    """Remove from a built site the theme's files no reader's browser asks for: the source maps
    (1.3 MB, for a developer's tools) and, when quanze's own search script answers the search,
    lunr's languages (0.9 MB), which only Material's search worker loads. Each sub-site of a big
    corpus carries its own copy of the theme's files."""
    assets = Path(site_dir) / "assets"
    for path in sorted(assets.rglob("*.map")):
        path.unlink()
    if answers_search(config.extra):
        shutil.rmtree(assets / "javascripts" / "lunr", ignore_errors=True)


def unused_asset(dest_uri: str, config) -> bool:
    """Whether `leave_out_unused_assets` would remove the file built at `dest_uri`."""
    return dest_uri.startswith("assets/") and (
        dest_uri.endswith(".map") or (dest_uri.startswith("assets/javascripts/lunr/") and answers_search(config.extra)))


class UnusedAssets:
    """The theme's files no reader's browser asks for (`leave_out_unused_assets`) left out of the
    files MkDocs copies: each sub-site of a big corpus would copy, then remove, some fifty."""

    def on_files(self, files, config):
        for file in [file for file in files if unused_asset(file.dest_uri, config)]:
            files.remove(file)
        return files


def load(config_file: Path, docs_dir: Path, site_dir: Path, custom_dir: Path, overrides: dict, search_store=None,
         files: dict | None = None, theme_up: str = "", keeping=None):
    """The MkDocs configuration of one build: the project's file, our folders and settings over it
    (`search_store`: a preview's search entries, kept between its builds, or a build's; `files`: the docs in
    memory, for a docs folder left empty; `theme_up`: the way up to the site whose theme files
    the pages use, see SharedTheme; `keeping`: the pages kept from the previous build, see mkdocs_kept)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # the banner is about MkDocs, not this build
    theme = {**raw_theme(config_file), "custom_dir": str(custom_dir)}
    config = load_config(config_file, docs_dir=str(docs_dir), site_dir=str(site_dir), hooks=[], theme=theme,
                         strict=False, **overrides)
    search_defaults(config)
    if files is not None:
        config.plugins["quanze/docs-in-memory"] = _InMemory(files)
    privates.remember_theme_files(_theme_files_key)
    config.plugins["quanze/template-cache"] = TemplateCache()
    config.plugins["quanze/stamps"] = Stamps()
    config.plugins["quanze/search-index"] = _SearchIndex(search_store)
    config.plugins["quanze/html-pages"] = HtmlPages()
    if theme_up:
        config.plugins["quanze/shared-theme"] = SharedTheme(theme_up)
    if keeping is not None:
        config.plugins["quanze/kept-pages"] = keeping  # (before the chrome: see KeptPages)
    config.plugins["quanze/shared-chrome"] = SharedChrome()
    config.plugins["quanze/unused-assets"] = UnusedAssets()
    config.plugins["quanze/page-facts"] = PageFacts()  # (the last to see a page: as it is written)
    logging.getLogger("jieba").setLevel(logging.WARNING)  # its dictionary banner is not news (set once
    cache_segmentation()  # Material's search plugin has imported jieba, which sets its own level)
    return config


def load_config(config_file: Path, **options):
    """MkDocs' configuration from the project's file with `options` over it, as MkDocs' own
    `load_config` makes it, but for the file being read with `read_config`: no Python tag."""
    from mkdocs import exceptions
    from mkdocs.config.defaults import MkDocsConfig

    config = MkDocsConfig(config_file_path=str(config_file))
    config.load_dict(read_config(config_file, config))
    config.load_dict({name: value for name, value in options.items() if value is not None})
    errors, warnings = config.validate()
    log = logging.getLogger("mkdocs.config")
    for name, warning in warnings:
        log.warning(f"Config value '{name}': {warning}")
    for name, error in errors:
        log.error(f"Config value '{name}': {error}")
    if errors:
        raise exceptions.Abort("Aborted with a configuration error!")
    return config


def read_config(config_file: Path, config=None) -> dict:
    """A mkdocs.yml as data, with the files it inherits from (`INHERIT`), read by PyYAML's safe
    loader with MkDocs' own tags (`!ENV`, `!relative`: its paths those of `config`, when given).
    A Python tag (`!!python/object/apply:os.system`, `!!python/name:...`), which MkDocs' loader
    would run, is refused with one line at its place: building a project's branch runs none of
    its code but the plugins and extensions it names."""
    import mergedeep
    import yaml
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils.yaml import get_yaml_loader

    config = config if config is not None else MkDocsConfig(config_file_path=str(config_file))
    try:
        with open(config_file, "rb") as handle:
            data = yaml.load(handle, Loader=get_yaml_loader(yaml.SafeLoader, config)) or {}
    except yaml.MarkedYAMLError as exc:
        raise QuanzeError(_yaml_error(config_file, exc)) from None
    if not isinstance(data, dict):
        raise QuanzeError(f"{for_terminal(config_file)}:1:1: error: " + _("expected the settings as a mapping (key: value)"))
    if "INHERIT" in data:
        parent = Path(config_file).parent / str(data.pop("INHERIT"))
        if not parent.is_file():
            raise QuanzeError(f"{for_terminal(config_file)}: error: INHERIT: " + _("no such file {path}").format(
                path=for_terminal(parent)))
        data = mergedeep.merge(read_config(parent, config), data)
    return data


def _yaml_error(config_file: Path, exc) -> str:
    """One line for a mkdocs.yml PyYAML cannot read safely, at the place of the problem."""
    mark = exc.problem_mark or exc.context_mark
    where = f"{for_terminal(config_file)}:{mark.line + 1}:{mark.column + 1}" if mark else for_terminal(config_file)
    problem = " ".join(str(exc.problem or exc.context or "").split())
    tag = re.search(r"tag '?([^' ]+)'?", problem)
    if tag and "python/" in tag.group(1):
        shown = tag.group(1).replace("tag:yaml.org,2002:", "!!")
        return f"{where}: error: " + _("the tag {tag} is refused: a Python tag would run code when the site is built "
                                       "(name the plugin or extension instead, e.g. in markdown_extensions)").format(
            tag=for_terminal(shown))
    return f"{where}: error: {for_terminal(problem)}"


#: (theme language, folders, their language partials' times and sizes) -> the search plugin's
#: lang, separator and pipeline in that language, as Material translates them.
_SEARCH_DEFAULTS: dict[tuple, tuple] = {}
_SEARCH_WORDS = ("search.config.lang", "search.config.separator", "search.config.pipeline")


def search_defaults(config) -> None:
    """Give Material's search plugin the settings it would translate for itself from the theme's
    language partials when the project's mkdocs.yml sets none (`lang`, `separator`, `pipeline`,
    its documented options): Material makes a Jinja environment and loads the partials again for
    each of the three, a twentieth of a second a sub-site; here each language of each theme is
    translated once a process (again when one of its partials changes)."""
    search = config.plugins.get("material/search")
    if search is None or not search.config.enabled or (
            search.config.lang and search.config.separator and search.config.pipeline is not None):
        return
    language = config.theme.get("language")
    names = ("partials/language.html", f"partials/languages/{language}.html", "partials/languages/en.html")
    stamps = []
    for folder in config.theme.dirs:
        for name in names:
            try:
                info = os.stat(os.path.join(folder, name))
                stamps.append((folder, name, info.st_mtime_ns, info.st_size))
            except OSError:
                continue
    key = (language, tuple(config.theme.dirs), tuple(stamps))
    if key not in _SEARCH_DEFAULTS:
        module = config.theme.get_env().get_template("partials/language.html", None, {"config": config}).module
        _SEARCH_DEFAULTS.clear()
        _SEARCH_DEFAULTS[key] = tuple(module.t(word) for word in _SEARCH_WORDS)
    lang, separator, pipeline = _SEARCH_DEFAULTS[key]
    if not search.config.lang:
        search.config.lang = [lang]
    if not search.config.separator:
        search.config.separator = separator
    if search.config.pipeline is None:
        search.config.pipeline = list(filter(len, re.split(r"\s*,\s*", pipeline)))


def raw_theme(config_file: Path) -> dict:
    """The `theme:` of a configuration file as written (a name, or a mapping)."""
    theme = read_config(config_file).get("theme") or {"name": "material"}
    return {"name": theme} if isinstance(theme, str) else dict(theme)


def site_name(config_file: Path) -> str:
    """The site's name as configured (sub-sites add their own title to it)."""
    return str(read_config(config_file).get("site_name") or "quanze")


# --- around MkDocs ------------------------------------------------------------------------

def cache_segmentation() -> None:
    """Let Material's search segment each distinct run of Chinese text once per process.

    Material cuts every run of Han characters of every page with jieba; a corpus of many
    lists repeats the same statute quotes and responsibility texts on thousands of pages, and
    those runs are cut again each time. A cache in front of `jieba.cut` (same input, same
    words) pays for each distinct run once.
    """
    jieba = privates.search_jieba()
    if jieba is None or getattr(jieba, "quanze_cached", False):
        return  # (the hook module is loaded afresh for each configuration: no isinstance here)
    privates.replace_search_jieba(_CachedJieba(jieba))


class _CachedJieba:
    """`jieba` with `cut` cached by its input (a bounded cache: memory stays flat)."""

    def __init__(self, jieba) -> None:
        self._jieba = jieba
        self.quanze_cached = True
        self.cut = functools.lru_cache(maxsize=100_000)(lambda text: tuple(jieba.cut(text)))

    def __getattr__(self, name):
        return getattr(self._jieba, name)


class _InMemory:
    """The docs of a build handed over in memory: MkDocs reads them as the files of its docs folder
    (File.generated), and writes the site as it would from the folder. A page's front matter of
    JSON values, as quanze writes it, is read as JSON (mkdocs_html.front_matter) when no other
    plugin reads pages' sources."""

    def __init__(self, files: dict) -> None:
        self.files = files
        self.fast = False

    def on_config(self, config):
        self.fast = not any(name != "quanze/docs-in-memory" and getattr(plugin, "on_page_read_source", None)
                            for name, plugin in config.plugins.items())  # (a plugin's or a hook module's)
        return config

    def on_pre_page(self, page, config, files):
        if self.fast and page.file.src_uri in self.files:
            from .mkdocs_html import read_source

            page.read_source = functools.partial(read_source, page)
        return page

    def on_files(self, files, config):
        """Add the docs in the order MkDocs' walk of a folder would meet them (`file_sort_key`), so
        that the pages are built, and their search entries written, as from a folder."""
        from mkdocs.structure.files import File, file_sort_key

        generated = [File.generated(config, path, content=content) for path, content in self.files.items()]
        for file in sorted(generated, key=file_sort_key):
            files.append(file)
        return files


class TemplateCache:
    """Keep the theme's compiled templates on disk: a sharded build runs MkDocs once per sub-site,
    and compiling Material's templates again each time costs about 0.3 s a build. Jinja checks
    each template's source against the cache, so an edited template is compiled afresh.

    And keep the theme's Jinja environment in the process for the next sub-site of the same theme
    (its folders, language, and the names, sizes and times of the files of its own folder): its
    templates loaded, and the list of the theme's files (thousands, with Material's icons) walked,
    once a process, not once a sub-site. Only when no other plugin changes environments: what
    one adds may belong to one build."""

    def on_env(self, env, config, files):
        key = _environment_key(config)
        if key is not None and key in _ENVIRONMENTS:
            return _ENVIRONMENTS[key]
        # The theme's JSON in every page (`__config`: the search interface's words) as UTF-8 text,
        # without spaces: Jinja's `tojson` still escapes <, >, & and ' for HTML (half its bytes were
        # \u escapes of Chinese)
        env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}
        folder = template_cache_dir()
        if folder is not None:
            env.bytecode_cache = _bytecode_cache(folder)
        if key is not None:
            listed = functools.cache(env.loader.list_templates)
            env.loader.list_templates = lambda: list(listed())
            _ENVIRONMENTS.clear()
            _ENVIRONMENTS[key] = env
        return env


_ENVIRONMENTS: dict = {}
"""The theme's environment of the last build in this process, by `_environment_key`."""


def _environment_key(config) -> tuple | None:
    """What a theme's environment is made from, or None when another plugin may change it."""
    if any(getattr(type(plugin), "on_env", None) is not None for name, plugin in config.plugins.items()
           if not name.startswith("quanze/")):
        return None
    own = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    files = [(path, path.stat()) for path in own.rglob("*") if path.is_file()] if own is not None and own.is_dir() else []
    stamps = tuple(sorted((path.relative_to(own).as_posix(), stat.st_size, stat.st_mtime_ns) for path, stat in files))
    return tuple(config.theme.dirs), str(config.theme.locale), stamps


def _theme_files_key(config) -> tuple | None:
    """What the theme's files a site copies are found from (see privates.remember_theme_files)."""
    key = _environment_key(config)
    return None if key is None else (*key, tuple(sorted(config.theme.static_templates)))


def _bytecode_cache(folder: Path):
    """Jinja's cache of compiled templates in `folder`, its files named by quanze's toolchain
    (`cachekey`), where a template that cannot be written costs time, not the build."""
    from jinja2 import FileSystemBytecodeCache

    from ...cachekey import set_aside, toolchain

    class BytecodeCache(FileSystemBytecodeCache):
        def dump_bytecode(self, bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError as exc:
                set_aside(f"{folder}: {exc.strerror or exc}")

    return BytecodeCache(str(folder), f"__jinja2_{toolchain()[:16]}_%s.cache")


class Stamps:
    """The page template rendered once for the pages of one shape (see mkdocs_stamps)."""

    stamper = None

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_env(self, env, config, files):
        from .mkdocs_html import Compaction
        from .mkdocs_stamps import install

        checked = getattr(env, "quanze_checked", None)  # (an environment kept for the same theme: once)
        if checked is None:
            checked = env.quanze_checked = checked_templates(config)
        self.stamper = install(env, getattr(self, "nav", None), checked=checked, compaction=Compaction)
        return env


def checked_templates(config) -> bool:
    """Whether every template the theme can load is one stamps were checked against: quanze's own
    overrides as shipped, and Material's at the version `privates` names. A project's own template
    could compare a string made from the page's values (its address, a text joined to its title)
    with a given one, and such a comparison is answered for the stand-in's markers, unwatched
    (see mkdocs_stamps); Material's templates and quanze's compare none."""
    import material
    import mkdocs

    from ...project import PACKAGED_TEMPLATES

    dirs = [Path(folder).resolve() for folder in config.theme.dirs]
    packages = [Path(material.__file__).resolve().parent, Path(mkdocs.__file__).resolve().parent]
    return bool(dirs) and _same_files(dirs[0], PACKAGED_TEMPLATES / "overrides") \
        and all(any(folder.is_relative_to(package) for package in packages) for folder in dirs[1:]) \
        and getattr(material, "__version__", None) == privates.MATERIAL_CHECKED


def _same_files(folder: Path, shipped: Path) -> bool:
    """Whether `folder` holds the files of `shipped`, byte for byte, and no other."""
    def files(root: Path) -> dict[str, Path]:
        return {path.relative_to(root).as_posix(): path for path in root.rglob("*") if path.is_file()}
    mine, theirs = files(folder), files(shipped)
    return mine.keys() == theirs.keys() and all(mine[name].read_bytes() == theirs[name].read_bytes() for name in mine)


class PageFacts:
    """What the search index learns of each power and agency page (`search_index.page_facts`),
    taken from the page as MkDocs writes it, once the other plugins have changed it: the index is
    then made without reading every page back from the site."""

    def __init__(self) -> None:
        self.facts: dict[str, tuple] = {}

    def on_post_page(self, output, page, config):
        from ..search_index import page_facts, wants_facts

        if wants_facts(page.url):
            written = output
            try:
                output.encode("utf-8")
            except UnicodeEncodeError:  # (MkDocs writes what UTF-8 cannot hold as character references)
                written = output.encode("utf-8", "xmlcharrefreplace").decode("utf-8")
            self.facts[page.url] = page_facts(written, page.url)
        return output


class HtmlPages:
    """Pages whose blocks are HTML are not converted again (see mkdocs_html)."""

    def on_page_markdown(self, markdown, page, config, files):
        from .mkdocs_html import take_as_html

        take_as_html(page, config)
        return markdown

    def on_post_page(self, output, page, config):
        from .mkdocs_html import compact

        stamps = config.plugins.get("quanze/stamps")
        if stamps is not None and stamps.stamper is not None and output is stamps.stamper.compacted:
            return output  # (filled compacted by its stamp)
        return compact(output)


class SharedTheme:
    """A shard's pages use the top site's copy of the theme's files (`assets/`: Material's
    stylesheet and scripts, quanze's, the icons; 340 KB a sub-site, 43 MB of a site of 3,400
    agencies in 124 units) instead of one of their own: MkDocs copies none into the shard, and
    each link of a page (and of the 404 page) to one, and the search worker's address in the
    theme's settings, goes `up` to the top site's. The top is always deployed with its shards:
    their pages link its statutes, categories and search entries already. The site's chrome
    script (mkdocs_chrome) is the shard's own: it is written after this, beside no other."""

    def __init__(self, up: str) -> None:
        self.up = up

    def on_files(self, files, config):
        for file in [file for file in files if file.dest_uri.startswith("assets/")]:
            files.remove(file)
        return files

    def moved(self, output: str, way: str) -> str:
        """`output`'s links to the theme's files, which the theme writes from the page's `way` up
        to the site's root (`"../../assets/…`, in an attribute or the settings' JSON), in its
        chrome: before and after its article (a plain replace there: a pattern over every page
        took a fifth of a second a thousand pages)."""
        old, new = f'"{way}assets/', f'"{way}{self.up}assets/'
        start, end = output.find("<article"), output.rfind("</article>")
        if start < 0 or end < start:
            return output.replace(old, new)
        return "".join((output[:start].replace(old, new), output[start:end], output[end:].replace(old, new)))

    def on_post_page(self, output, page, config):
        return self.moved(output, "../" * page.file.dest_uri.count("/"))

    def on_post_template(self, output, template_name, config):
        return self.moved(output, "")  # (a static template is written at the site's root)


class SharedChrome:
    """The search dialog and theme settings every page repeats, in one script of the site (see
    mkdocs_chrome); not with Material's instant navigation, which swaps pages without their scripts."""

    chrome = None

    def on_config(self, config):
        from . import mkdocs_chrome

        instant = "navigation.instant" in (config.theme.get("features") or [])
        self.chrome = mkdocs_chrome.Chrome() if mkdocs_chrome.ENABLED and not instant else None
        self.pending = []  # (page written with the script's name to come, where the name goes)
        self.made: dict[str, tuple] = {}  # page's url -> what the chrome was given and made of it, where the name goes
        self.replayed: dict[str, object] = {}  # page's url -> what a replay made of it (see mkdocs_kept)
        return config

    def on_post_page(self, output, page, config):
        if self.chrome is None:
            return output
        from . import mkdocs_chrome
        from .mkdocs_chrome import pending_at

        output = self.chrome.page(output, page.file.dest_uri, self.replayed.pop(page.url, mkdocs_chrome.DECIDE))
        offset = pending_at(output)
        if offset is not None:
            self.pending.append((page.file.abs_dest_path, offset))
        self.made[page.url] = (self.chrome.last, offset)
        return output

    def on_post_build(self, config):
        if self.chrome is not None:
            self.chrome.write(Path(config.site_dir), self.pending)


class _SearchIndex:
    """Material's search index made with less work per page (see mkdocs_search): installed
    after Material's search plugin has read its configuration; with a `store`, kept from one
    (dirty) build of a preview to the next."""

    def __init__(self, store=None) -> None:
        self.store = store

    def on_config(self, config):
        search = config.plugins.get("material/search")
        if search is not None and search.config.enabled:
            from .mkdocs_search import install

            install(search, self.store, segment=not answers_search(config.extra))
            privates.replace_search_page_context(config.plugins, search)
        return config

    def on_files(self, files, config):
        if self.store is not None:
            pages = [file.url for file in files.documentation_pages()]
            self.store.order = pages
            kept = set(pages)
            for url in [url for url in self.store.pages if url not in kept]:
                del self.store.pages[url]  # a page removed since the last build
        return files


def template_cache_dir() -> Path | None:
    """`$XDG_CACHE_HOME/quanze/jinja`: the cache holds pickled code that Jinja runs, so it is used
    only when it is private to the user (see fileio.user_cache_dir)."""
    from ...fileio import user_cache_dir

    return user_cache_dir("jinja")


class _Collect(logging.Handler):
    """Keeps every warning MkDocs logs during a build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname.lower()}: {record.getMessage()}")


def _not_dirty(record: logging.LogRecord) -> bool:
    """Whether a record of MkDocs' build is other than its warning of a dirty build (a build that
    keeps pages is one: see mkdocs_kept)."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


# --- after MkDocs: the search index --------------------------------------------------------

def finish_search_index(site_dir: Path, entries: list[dict] = (), config_file: Path | None = None,
                        light: dict | None = None, known: dict | None = None) -> None:
    """Rewrite a built site's search index as UTF-8 text (not \\u escapes: a third of the bytes
    for Chinese), with `entries` appended (location relative to the site root, title, text:
    plain text, escaped here since Material shows an index's titles and texts as HTML, and
    segmented as Material segments its own so the index and the queries agree) and what our own
    search script reads (`search_index.enrich`: agency and category of power pages, synonyms;
    `light`: where the light entries of the other sub-sites are, when they are shared, see
    publish.search); with an offline copy (`var __index = …`, loaded by a script tag from
    file://) the entries are kept there only, and the JSON holds the settings
    (`search_index.index_files`). `config_file`: the configuration the site was built with (its
    search settings key the stored segmentation); `known`: the facts of its pages as they were
    written (`PageFacts`)."""
    refresh_entries(site_dir, 0, entries, config_file, light, known)


def refresh_entries(site_dir: Path, appended: int, entries: list[dict], config_file: Path | None = None,
                    light: dict | None = None, known: dict | None = None) -> None:
    """Replace the last `appended` entries of a built site's search index with `entries`, and
    its `config.light` with `light`."""
    from ..search_index import enrich, index_files, light_doc, read_index

    index = read_index(site_dir)
    if index is None:
        return
    if appended:
        del index["docs"][-appended:]
    if entries:
        if config_file is not None and _answers_search(config_file):
            segments = None
            def segment(text: str) -> str:
                return text
        else:
            segments = _segments(search_settings(config_file) if config_file is not None else "")
            segment = segments.segment
        index["docs"].extend(light_doc(doc, segment) for doc in entries)
        if segments is not None:
            segments.save()
    config = index.setdefault("config", {})
    config.pop("light", None)
    if light:
        config["light"] = light
    enrich(index, Path(site_dir), known)
    offline = (Path(site_dir) / "search" / "search_index.js").is_file()
    for path, data in index_files(index, offline).items():
        _replace(Path(site_dir) / path, data)


def shares_light_entries(config_file: Path) -> bool:
    """Whether the light entries of a sharded site are shared, in the top site's
    `search/light.js` (quanze's search script reads them there), rather than appended to each
    sub-site's index (Material's own search)."""
    return _answers_search(config_file)


def _answers_search(config_file: Path) -> bool:
    """`answers_search` of a configuration file's `extra`, read once while the file is the same
    (a build refreshes the entries of every kept sub-site from one configuration)."""
    info = Path(config_file).stat()
    key = (str(config_file), info.st_mtime_ns, info.st_size)
    if key not in _ANSWERS:
        _ANSWERS.clear()
        _ANSWERS[key] = answers_search(read_config(config_file).get("extra"))
    return _ANSWERS[key]


_ANSWERS: dict[tuple, bool] = {}


class _Segments:
    """Material's segmentation of the light entries' texts, each distinct text cut once: the
    sub-sites of a build append the same entries of the others, each at its own location, and
    the next build appends them again. Kept between runs in the user's private cache, by quanze's
    toolchain (`cachekey`: the versions of Material and jieba among it) and the search settings
    (`settings`, see `search_settings`); the texts of the last build only."""

    def __init__(self, settings: str = "") -> None:
        from ...cachekey import key
        from ...fileio import user_cache_dir

        folder = user_cache_dir("segments")
        name = key("segments", settings)[:24]
        self.path = folder / f"{name}.pickle" if folder is not None else None
        self.found = self._stored()
        self.used: dict[str, str] = {}
        self.saved = 0
        self.cut = None

    def _stored(self) -> dict[str, str]:
        import pickle

        try:
            with open(self.path, "rb") as handle:  # type: ignore[arg-type]
                found = pickle.load(handle)
            if isinstance(found, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in found.items()):
                return found
        except (FileNotFoundError, TypeError):  # none yet, or no cache folder
            pass
        except Exception as exc:  # cut short, unreadable or not ours: it is only a cache
            from ...cachekey import set_aside

            set_aside(f"{self.path}: {type(exc).__name__}")
        return {}

    def segment(self, text: str) -> str:
        done = self.used.get(text)
        if done is None:
            done = self.found.get(text)
            if done is None:
                if self.cut is None:
                    cache_segmentation()
                    self.cut = privates.segment_chinese()
                done = self.cut(text)
            self.used[text] = done
        return done

    def save(self) -> None:
        """Keep the texts cut so far in this process, when there are new ones, with those the
        store holds now (the worker processes of a build each add theirs)."""
        if self.path is None or len(self.used) == self.saved or self.used.keys() <= self.found.keys():
            return
        import pickle

        from ...cachekey import set_aside
        from ...fileio import WriteError, write_atomic

        try:
            found = {**self.found, **self._stored()}
            kept = self.used if len(found) > 4 * len(self.used) + 10_000 else {**found, **self.used}
            write_atomic(self.path, pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
            self.saved = len(self.used)
        except (OSError, WriteError) as exc:  # a full or read-only cache folder costs time, not correctness
            set_aside(str(exc))


@functools.cache
def _segments(settings: str = "") -> _Segments:
    return _Segments(settings)


def search_settings(config_file: Path) -> str:
    """A digest of the search plugin's settings in a configuration file, with the bytes of the
    jieba dictionaries they name (what Material cuts Chinese text with)."""
    from ...cachekey import digest

    plugins = read_config(config_file).get("plugins") or []
    entries = [{name: options} for name, options in plugins.items()] if isinstance(plugins, dict) else plugins
    found: dict = {}
    for entry in entries:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(dict(entry).items()), ("", {}))
        if name in ("search", "material/search") and isinstance(options, dict):
            dictionaries = {f"{option} file": Path(str(options[option]))
                            for option in ("jieba_dict", "jieba_dict_user") if options.get(option)}
            found = {**options, **dictionaries}
    return digest(found)


def _replace(path: Path, text: str) -> None:
    """A new file in place of `path`: never written through a hard link shared with the previous site."""
    fresh = path.with_name(path.name + ".new")
    fresh.write_text(text, encoding="utf-8")
    os.replace(fresh, path)


# --- preview ------------------------------------------------------------------------------

def _native_observer(polling):
    """The operating system's file events (inotify, FSEvents …) where watchdog has them: an idle
    preview of a big corpus then costs nothing, where polling stats every watched file twice a second."""
    try:
        from watchdog.observers import Observer

        return Observer()
    except Exception:  # no native observer on this system: keep MkDocs' polling one
        return polling


#: Names editors give the files they write beside the one they save (temporary copies, swap
#: and backup files, lock files), and names of folders no preview reads.
_EDITOR_FILE = re.compile(r"^(\.|#)|~$|\.(swp|swx|swo|tmp|bak|orig|part|crdownload)$|^4913$|___jb_(tmp|old)___$")
_CHANGES = {"created", "modified", "moved", "deleted"}
_SKIPPED_FOLDERS = {"__pycache__", "node_modules"}  # and every folder whose name starts with a dot


def relevant(event, root: Path, ignored: list[Path]) -> bool:
    """Whether a file event under the watched folder `root` is an edit the preview shows: a file
    created, modified, moved or deleted, not a folder's event, not an editor's temporary, swap or backup file, nothing under `ignored`
    (the preview's own output) or a skipped folder. A file moved into place (the way many
    editors save: write a temporary file, rename it over the old one) counts by its new name,
    and a file moved away to such a temporary name (the old copy put aside) not at all."""
    if event.is_directory or event.event_type not in _CHANGES:
        return False  # (a file opened or closed: the rebuild reads every content file)
    path = (getattr(event, "dest_path", "") or "") if event.event_type == "moved" else event.src_path
    return bool(path) and _watched_file(Path(path), root, ignored)


def _watched_file(path: Path, root: Path, ignored: list[Path]) -> bool:
    if _EDITOR_FILE.search(path.name) or any(path.is_relative_to(folder) for folder in ignored):
        return False
    try:
        parts = path.relative_to(root).parts[:-1]
    except ValueError:
        return False
    return not any(part in _SKIPPED_FOLDERS or part.startswith(".") for part in parts)


def _server(builder, host: str, port: int, root: str, ignored: list[Path]):
    """MkDocs' live-reload server, watching for the edits `relevant` lets through with the
    system's file events: one save is one rebuild, however many files the editor wrote to make
    it (they come within a few milliseconds of each other)."""
    return privates.live_reload_server(builder, host, port, root, lambda event, folder: relevant(event, folder, ignored),
                                       observer=_native_observer, build_delay=0.2)


class Preview:
    """The site a preview serves from `root`, built again after each edit: `render()` writes the
    docs folder of each sub-site again (only the pages that changed) and returns each sub-site's
    job with whether its docs changed; those sub-sites are rebuilt dirty (only the changed pages),
    each into its folder (the top site at the root, as a build assembles them), with the search
    entries of their other pages kept."""

    def __init__(self, render, root: Path, url: str) -> None:
        self.render, self.root, self.url = render, Path(root), url
        self.stores: dict = {}  # sub-site -> its pages' search entries (mkdocs_search.PageEntries)
        self.appended: dict[str, list[dict]] = {}  # sub-site -> the light entries its index holds
        self.pending: list = []  # the refresh of the other sub-sites' light entries, under way
        self.log = logging.getLogger("mkdocs")

    def rebuild(self) -> None:
        """Render, then build the sub-sites whose docs changed. A content error is reported like
        `quanze check` reports it, and the preview keeps the site before the edit."""
        import gc
        import threading
        import time

        from ...processes import freeze
        from ..plan import TOP
        from .mkdocs_search import PageEntries

        self.wait()
        log = self.log
        log.info("Building documentation...")
        started = time.monotonic()
        try:
            jobs = self.render()
        except ContentError as exc:
            for problem in exc.problems:
                log.error(str(problem))
            log.error(f"{len(exc.problems)} error(s) in the content: the preview shows the site before this edit")
            return
        except QuanzeError as exc:
            log.error(f"quanze: error: {exc}")
            return
        rendered = time.monotonic() - started
        later, todo = [], []
        for job, changed in jobs:
            target = self.root if job.site == TOP else self.root / job.site
            if changed or job.site not in self.stores:
                site_url = self.url if job.site == TOP else f"{self.url}{job.site}/"
                todo.append((job, target, site_url, self.stores.get(job.site) or PageEntries()))
            elif self.appended.get(job.site) != job.search_entries:
                later.append((target, len(self.appended.get(job.site, ())), job.search_entries))
            self.appended[job.site] = job.search_entries
        built = [job.site for job, *_ in todo]
        for site, store in zip(built, self._build(todo)):
            self.stores[site] = store
        log.info(f"Rendered in {rendered:.1f} s, built {', '.join(built) or 'nothing'} in "
                 f"{time.monotonic() - started - rendered:.1f} s")
        gc.collect()
        freeze()  # what the preview keeps (content, pages, search entries): no collection goes over it again
        if later:  # what the other sub-sites find of the edited ones: right after the page reloads
            self.pending.append(threading.Thread(target=self._refresh, args=(later,), daemon=True))
            self.pending[-1].start()

    def _build(self, todo: list) -> list:
        """Build each sub-site of `todo` ((job, target, url, store)); return their stores. The
        first build of a big corpus (every sub-site, before the server runs any thread) is shared
        among processes, one per core; a rebuild after an edit, a sub-site or two, runs here."""
        from ...processes import Workers, available_cpus, fork_is_safe

        count = min(available_cpus(), len(todo))
        if count < 2 or len(todo) < 3 or not fork_is_safe():
            return [build_preview_site(*item) for item in todo]
        self.log.info(f"Building {len(todo)} sub-sites in {count} processes")
        with Workers(count) as workers:  # forked now: they share the rendered pages
            handed = workers.hand_out(build_preview_site, todo)
            if not answers_search(read_config(todo[0][0].config_file).get("extra")):
                _load_segmenter()  # while they build: the first rebuild after an edit runs here
            return [future.result() for _, future in handed]

    def wait(self) -> None:
        """Until the search entries of the last edit are all in place."""
        for thread in self.pending:
            thread.join()
        self.pending.clear()

    def _refresh(self, later: list) -> None:
        try:
            for target, count, entries in later:
                refresh_entries(target, count, entries)
        except Exception as exc:  # a preview goes on, its search across sub-sites behind
            self.log.error(f"the other sub-sites' search does not know this edit yet ({exc}): restart `quanze serve`")


def _load_segmenter() -> None:
    """Load jieba's dictionary now (Material's search cuts Chinese text with it; loading takes a
    second or two, the first time a text is cut)."""
    jieba = privates.search_jieba()
    if jieba is not None:
        logging.getLogger("jieba").setLevel(logging.WARNING)
        jieba.initialize()


def build_preview_site(job: BuildJob, target: Path, site_url: str, store):
    """One sub-site of a preview built dirty into `target` (only the pages changed since its last
    build), its search entries kept in `store`; return the store."""
    from mkdocs.commands.build import build as mkdocs_build

    before = set(store.order)
    config = load(job.config_file, job.docs_dir, target, job.custom_dir, job.overrides, search_store=store,
                  theme_up=job.theme_up)
    config.site_url = site_url
    mkdocs_build(config, serve_url=site_url, dirty=True)
    for url in before - set(store.order):  # a page gone since: a dirty build leaves its file
        if url.endswith(".html") and (target / url).is_file():
            (target / url).unlink()
    finish_search_index(target, job.search_entries, job.config_file, job.light)
    return store


def serve(render, watched: list[Path], ignored: list[Path], dev_addr: str) -> None:
    """Serve a `Preview` with live reload; `watched` are the folders to watch, `ignored` folders
    whose changes are no edits (the preview's own output)."""
    import shutil
    import tempfile

    log = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.addFilter(lambda record: not record.getMessage().startswith("A 'dirty' build"))  # a preview's own way
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    host, _, port = dev_addr.rpartition(":")
    root = Path(tempfile.mkdtemp(prefix="quanze-preview-"))
    preview = Preview(render, root, f"http://{host}:{port}/")
    try:
        preview.rebuild()  # before the file-system observer starts its thread: the first build may fork
        server = _server(preview.rebuild, host, int(port), str(root), [*ignored, root])
        for folder in watched:
            server.watch(str(folder))
        try:
            server.serve()
        finally:
            server.shutdown()
    finally:
        log.removeHandler(handler)
        shutil.rmtree(root, ignore_errors=True)
