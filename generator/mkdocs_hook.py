"""The one module that knows about MkDocs: the hook named in mkdocs.yml, and the build call.

As a hook (`hooks:` in mkdocs.yml) it renders content/ into the docs folder before MkDocs
reads it (`on_config`), makes `mkdocs serve` watch content/ and site_templates/ (`on_serve`)
and packs the built site into a zip (`on_post_build`, after the offline plugin wrote the
search index). `build_mkdocs()` runs a build for `generator.build.build_site`.

Settings come from the environment so that plain `mkdocs build` works as well:
QUANZE_CONTENT (content folder, default `content` next to mkdocs.yml), QUANZE_ZIP
(`0` to skip the zip) and QUANZE_SHARD_BY (`auto`, the default: a corpus of more than
shard.AUTO_AGENCIES agencies is laid out in one folder per province or agency, with statute and category
pages that do not grow with it; `none`, `region`, `agency`).
"""

from __future__ import annotations

import html
import json
import logging
import os
from contextlib import contextmanager
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.quanze")


def _project_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()


def content_dir(config) -> Path:
    return Path(os.environ.get("QUANZE_CONTENT") or _project_dir(config) / "content").resolve()


def zip_wanted() -> bool:
    return os.environ.get("QUANZE_ZIP", "1") != "0"


def prerendered() -> bool:
    """Whether the docs folder was filled beforehand (a sharded build), so there is nothing to render."""
    return os.environ.get("QUANZE_PRERENDERED") == "1"


def on_config(config):
    from generator.build import generate_docs
    from generator.errors import ContentError

    logging.getLogger("jieba").setLevel(logging.WARNING)  # its dictionary banner is not news
    _cache_segmentation()
    if prerendered():
        return config
    try:
        changed = generate_docs(content_dir(config), Path(config.docs_dir), offer_zip=zip_wanted(),
                                shard_by=os.environ.get("QUANZE_SHARD_BY", "auto"))
    except ContentError as exc:  # MkDocs prints a PluginError as a clean message and stops
        raise PluginError(f"{len(exc.problems)} content error(s):\n{exc}") from None
    log.debug("quanze: %d pages written", len(changed))
    return config


def _cache_segmentation() -> None:
    """Let Material's search segment each distinct run of Chinese text once per process.

    Material cuts every run of Han characters of every page with jieba; a corpus of many
    lists repeats the same statute quotes and responsibility texts on thousands of pages, and
    those runs are cut again each time. A cache in front of `jieba.cut` (same input, same
    words) pays for each distinct run once.
    """
    try:
        from material.plugins.search import plugin as search_plugin
    except ImportError:
        return
    if search_plugin.jieba is None or getattr(search_plugin.jieba, "quanze_cached", False):
        return  # (the hook module is loaded afresh for each configuration: no isinstance here)
    search_plugin.jieba = _CachedJieba(search_plugin.jieba)


class _CachedJieba:
    """`jieba` with `cut` cached by its input (a bounded cache: memory stays flat)."""

    def __init__(self, jieba) -> None:
        import functools

        self._jieba = jieba
        self.quanze_cached = True
        self.cut = functools.lru_cache(maxsize=100_000)(lambda text: tuple(jieba.cut(text)))

    def __getattr__(self, name):
        return getattr(self._jieba, name)


def on_env(env, config, files):
    """Keep the theme's compiled templates on disk: a sharded build runs MkDocs once per sub-site,
    and compiling Material's templates again each time costs about 0.3 s a build. Jinja checks
    each template's source against the cache, so an edited template is compiled afresh.

    The cache holds pickled code that Jinja runs: it lives in the user's own cache folder, and is
    used only when that folder belongs to the user and nobody else can write to it."""
    from jinja2 import FileSystemBytecodeCache

    folder = template_cache_dir()
    if folder is not None:
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env


def template_cache_dir() -> Path | None:
    """`$XDG_CACHE_HOME/quanze/jinja` (default `~/.cache/...`), created private; None when it
    cannot be made safe (someone else owns it, or others may write to it or to a folder above)."""
    import stat

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "quanze" / "jinja"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for path in (folder, folder.parent):
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
                return None
        if os.lstat(folder).st_mode & 0o077:
            os.chmod(folder, 0o700)
    except (OSError, RuntimeError):
        return None
    return folder


def on_serve(server, config, builder):
    from generator.build import TEMPLATES_DIR

    server.watch(str(content_dir(config)))
    server.watch(str(TEMPLATES_DIR))
    return server


@event_priority(-200)  # after the offline plugin (-100) has written search/search_index.js
def on_post_build(config):
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if index_file.is_file():
        _write_search_index(index_file, json.loads(index_file.read_text(encoding="utf-8")))
    if not zip_wanted():
        return
    from generator.build import write_site_zip

    write_site_zip(Path(config.site_dir))


def _write_search_index(index_file: Path, index: dict) -> None:
    """Write a search index as UTF-8 text, not \\u escapes (a third of the bytes for Chinese),
    and its offline copy (`var __index = …`, loaded by a script tag from file://) if there is one."""
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"), default=str)
    index_file.write_text(data, encoding="utf-8")
    offline = index_file.with_suffix(".js")
    if offline.is_file():
        offline.write_text(f"var __index = {data}", encoding="utf-8")


class _Collect(logging.Handler):
    """Keeps every warning MkDocs logs during a build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname.lower()}: {record.getMessage()}")


@contextmanager
def _environment(**values: str):
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_mkdocs(config_file: Path, content: Path, docs_dir: Path, site_dir: Path, *, zip_site: bool) -> list[str]:
    """Build the site with MkDocs; return the warnings it logged (the caller decides on strictness).

    A configuration or build error becomes a QuanzeError carrying every message MkDocs logged.
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    return _build(config_file, docs_dir, site_dir, {}, QUANZE_CONTENT=str(content.resolve()),
                  QUANZE_ZIP="1" if zip_site else "0", QUANZE_SHARD_BY="none")


def build_prerendered(config_file: Path, docs_dir: Path, site_dir: Path, overrides: dict) -> list[str]:
    """Build one sub-site from a docs folder already filled (no rendering, no zip); return warnings.

    `overrides` replace settings of the configuration (site name, nav, validation).
    """
    return _build(config_file, docs_dir, site_dir, overrides, QUANZE_PRERENDERED="1", QUANZE_ZIP="0")


def _build(config_file: Path, docs_dir: Path, site_dir: Path, overrides: dict, **environment: str) -> list[str]:
    """One MkDocs build with these settings of the hook; return the warnings MkDocs logged."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.errors import QuanzeError

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        with _environment(NO_MKDOCS_2_WARNING="1", **environment):
            config = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=False,
                                 **overrides)
            build(config)
    except MkDocsException as exc:
        raise QuanzeError("\n".join([*collect.messages, f"mkdocs: {exc}"])) from None
    finally:
        logger.removeHandler(collect)
    return collect.messages


def extend_search_index(site_dir: Path, docs: list[dict]) -> int:
    """Append entries (location relative to the site root, title, text) to a built site's search
    index, segmented as Material segments its own; rewrite the offline copy too. Return the count.

    Title and text are plain text: Material shows an index's titles and texts as HTML, so they
    are escaped here, as the pages' own entries are escaped by Python-Markdown."""
    from material.plugins.search.plugin import SearchIndex

    _cache_segmentation()
    segment = SearchIndex()._segment_chinese  # Material's own: the index and the queries agree
    index_file = Path(site_dir) / "search" / "search_index.json"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    for doc in docs:
        index["docs"].append({"location": doc["location"], "title": segment(html.escape(doc["title"], quote=False)),
                              "text": segment(html.escape(doc["text"], quote=False))})
    _write_search_index(index_file, index)
    return len(docs)


def serve_mkdocs(config_file: Path, content: Path, dev_addr: str) -> None:
    """Serve with live reload; edits in content/ or site_templates/ rebuild the touched pages."""
    from mkdocs.commands.serve import serve

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    # no zip in previews: rebuilds stay quick (the home page then offers no download)
    with _environment(QUANZE_CONTENT=str(content.resolve()), QUANZE_ZIP="0", NO_MKDOCS_2_WARNING="1"):
        # dirty: only pages whose Markdown changed are rendered again (pages are written only on change)
        serve(str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty", strict=False)
