"""The builder at its seams: nothing outside `generator/publish/builders/` imports MkDocs or
Material, and each name of theirs that is not public API, which `builders/privates.py` lists,
still exists with the shape quanze relies on. When an upgrade changes one, its test fails with
a message naming it, the module that relies on it and the version it was checked with."""

from __future__ import annotations

import ast
import inspect
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT

from generator.publish.builders import privates

PACKAGE = ROOT / "generator"
BUILDERS = PACKAGE / "publish" / "builders"
FRAMEWORKS = ("mkdocs", "material")

PRIVATES = "generator/publish/builders/privates.py"
CHECKED = {"MkDocs": privates.MKDOCS_CHECKED, "Material": privates.MATERIAL_CHECKED}


@contextmanager
def relied_on(name: str, library: str, module: str = PRIVATES):
    """Fail with one clear sentence when the block finds `name` gone or changed."""
    try:
        yield
    except (AssertionError, AttributeError, ImportError, KeyError, TypeError, ValueError) as exc:
        pytest.fail(f"{name} is gone or changed (relied on by {module}, checked with {library} "
                    f"{CHECKED[library]}): {type(exc).__name__}: {exc}", pytrace=False)


def parameters(function) -> list[str]:
    return [f"{p.kind.name.lower()} {p.name}" for p in inspect.signature(function).parameters.values()]


# --- only the builders know MkDocs ------------------------------------------------------------

def framework_imports(source: str) -> list[str]:
    """The MkDocs and Material modules a module's source imports, anywhere in its code (a
    function's imports, `importlib.import_module("…")` and `__import__("…")` included)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            found.append(node.module or "")
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str) and ast.unparse(node.func) in ("importlib.import_module",
                                                                                      "import_module", "__import__"):
            found.append(node.args[0].value)
    return sorted(name for name in found if name.split(".")[0] in FRAMEWORKS)


def test_no_module_outside_the_builders_imports_mkdocs_or_material():
    outside = {path.relative_to(ROOT).as_posix(): framework_imports(path.read_text("utf-8"))
               for path in sorted(PACKAGE.rglob("*.py")) if not path.is_relative_to(BUILDERS)}
    assert len(outside) > 100  # the package was read
    offending = {path: names for path, names in outside.items() if names}
    assert offending == {}, f"only generator/publish/builders/ may import MkDocs or Material: {offending}"


def test_the_scan_finds_an_import_wherever_it_is():
    source = ("import mkdocs\nfrom material.plugins import search\nfrom . import mkdocs as ours\n"
              "def f():\n    from mkdocs.utils import get_build_date\n    importlib.import_module('material.x')\n")
    assert framework_imports(source) == ["material.plugins", "material.x", "mkdocs", "mkdocs.utils"]
    assert framework_imports((BUILDERS / "mkdocs.py").read_text("utf-8"))  # the builder itself does


def test_the_hook_file_only_hands_on_the_builders_events():
    import generator.mkdocs_hook as door
    from generator.publish.builders import mkdocs_hook as events

    names = sorted(name for name in dir(events) if name.startswith("on_"))
    assert names == ["on_config", "on_env", "on_page_markdown", "on_post_build", "on_post_page", "on_pre_build",
                     "on_serve"]
    assert all(getattr(door, name) is getattr(events, name) for name in names)
    assert door.on_post_build.mkdocs_priority == -200  # after the offline plugin has written its index


def test_the_fingerprints_date_is_the_date_mkdocs_stamps(monkeypatch):
    from mkdocs.utils import get_build_date

    from generator.publish.state import build_date

    with relied_on("mkdocs.utils.get_build_date", "MkDocs", "generator/publish/state.py"):
        assert build_date() == get_build_date()
        for epoch in ("0", "1700000000", "4102444799"):
            monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
            assert build_date() == get_build_date()


def test_docs_in_memory_are_ordered_as_mkdocs_walks_a_folder(tmp_path):
    """`file_sort_key` (public) replicates `get_files`' order; the docs handed over in memory are
    built, and their search entries written, in that order."""
    from mkdocs.structure.files import File, file_sort_key, get_files

    paths = ["z.md", "index.md", "a/b.md", "a/README.md", "a/c/index.md", "a/c/d.md", "b/x.md", "a.md",
             "assets/s.css", "a/z/y.md"]
    for path in paths:
        (tmp_path / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / path).write_text("x")
    config = mkdocs_config(tmp_path)
    walked = [file.src_uri for file in get_files(config)]
    files = [File(path, config.docs_dir, config.site_dir, config.use_directory_urls) for path in paths]
    assert [file.src_uri for file in sorted(files, key=file_sort_key)] == walked


def mkdocs_config(folder: Path):
    from mkdocs.config.defaults import MkDocsConfig

    config = MkDocsConfig(config_file_path=str(folder / "mkdocs.yml"))
    config.load_dict({"site_name": "seams", "docs_dir": str(folder / "docs"), "site_dir": str(folder / "site")})
    (folder / "docs").mkdir(exist_ok=True)
    errors, _ = config.validate()
    assert not errors, errors
    return config


# --- MkDocs' privates ----------------------------------------------------------------------------

def test_page_title_from_render(tmp_path):
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    with relied_on("mkdocs.structure.pages.Page._title_from_render", "MkDocs"):
        config = mkdocs_config(tmp_path)
        (tmp_path / "docs" / "page.md").write_text("# The title\n\nText.\n", "utf-8")
        file = File("page.md", config.docs_dir, config.site_dir, config.use_directory_urls)
        page = Page(None, file, config)
        assert "_title_from_render" in vars(page)
        page.read_source(config)
        page.render(config, Files([file]))
        assert page._title_from_render == "The title"  # what Page.render sets
        privates.set_title_from_render(page, "Another")
        assert page.title == "Another"  # and what the page's title is read from


def test_theme_files_remembered_are_the_files_mkdocs_finds(tmp_path):
    """The theme's files found once per theme are those `Files.add_files_from_theme` finds, for
    the next site too, a docs file of the same path still in their place; another theme (a file
    added to its own folder) finds them afresh."""
    from mkdocs.structure.files import File, Files

    from generator.publish.builders import mkdocs as builder

    with relied_on("mkdocs.structure.files.Files.add_files_from_theme", "MkDocs"):
        overrides = tmp_path / "overrides"
        shutil.copytree(ROOT / "site_templates" / "overrides", overrides)
        (tmp_path / "docs").mkdir()
        docs = [File("assets/javascripts/bundle.a5f9d56c.min.js", str(tmp_path / "docs"), str(tmp_path / "site"), False)]

        def found(remembering: bool) -> list[tuple[str, str]]:
            config = builder.load(ROOT / "mkdocs.yml", tmp_path / "docs", tmp_path / "site", overrides, {})
            files = Files(list(docs))
            original = getattr(Files.add_files_from_theme, "__wrapped__", None)
            add = Files.add_files_from_theme if remembering else original
            add(files, config.theme.get_env(), config)
            return sorted((file.src_uri, file.abs_src_path) for file in files)

        builder.load(ROOT / "mkdocs.yml", tmp_path / "docs", tmp_path / "site", overrides, {})  # installs it
        first, again, theirs = found(True), found(True), found(False)
        assert first == again == theirs and len(theirs) > 20
        assert ("assets/javascripts/bundle.a5f9d56c.min.js", str(tmp_path / "docs" / "assets/javascripts/bundle.a5f9d56c.min.js")) in theirs
        (overrides / "extra.css").write_text("p {}")
        assert ("extra.css", str(overrides / "extra.css")) in found(True) == found(False)


def test_live_reload_server_internals(tmp_path):
    from mkdocs.livereload import LiveReloadServer

    with relied_on("mkdocs.livereload.LiveReloadServer._watched_paths, _watch_refs, _rebuild_cond, "
                   "_want_rebuild, observer, build_delay", "MkDocs"):
        assert parameters(LiveReloadServer.watch) == ["positional_or_keyword self", "positional_or_keyword path",
                                                      "positional_or_keyword func", "keyword_only recursive"]
        own = inspect.getsource(LiveReloadServer)
        for name in ("self._watched_paths", "self._watch_refs", "self._rebuild_cond", "self._want_rebuild",
                     "self.observer", "self.build_delay"):
            assert own.count(name) > 1, f"{name} is no longer read by the server"
        server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
        try:
            assert isinstance(server._watched_paths, dict) and isinstance(server._watch_refs, dict)
            assert isinstance(server._rebuild_cond, threading.Condition)
            assert server._want_rebuild is False
            assert callable(server.observer.schedule) and isinstance(server.build_delay, float)
        finally:
            server.server_close()


def test_live_reload_server_rebuilds_on_a_wanted_event(tmp_path):
    class Observer:
        def __init__(self, polling):
            self.polling, self.scheduled = polling, []

        def schedule(self, handler, path, recursive):
            self.scheduled.append((handler, path))
            return len(self.scheduled)

    class Event:
        is_directory, event_type, src_path = False, "modified", str(tmp_path / "a.yaml")

    with relied_on("mkdocs.livereload.LiveReloadServer (its watch's bookkeeping)", "MkDocs"):
        server = privates.live_reload_server(lambda: None, "127.0.0.1", 0, str(tmp_path),
                                             lambda event, folder: event.src_path.endswith(".yaml"), Observer, 0.2)
        try:
            assert server.build_delay == 0.2 and isinstance(server.observer, Observer)
            server.watch(str(tmp_path))
            server.watch(str(tmp_path))
            assert server._watched_paths == {str(tmp_path): 2} and server._watch_refs == {str(tmp_path): 1}
            handler, _ = server.observer.scheduled[0]
            Event.src_path = str(tmp_path / "a.yaml~")
            handler.on_any_event(Event())
            assert server._want_rebuild is False
            Event.src_path = str(tmp_path / "a.yaml")
            handler.on_any_event(Event())
            assert server._want_rebuild is True
            server.unwatch(str(tmp_path))  # MkDocs' own unwatch reads the same bookkeeping
            assert server._watched_paths == {str(tmp_path): 1}
        finally:
            server.server_close()


def test_undocumented_mkdocs_functions_called_as_they_are():
    from mkdocs.commands.build import build
    from mkdocs.structure.toc import get_toc
    from mkdocs.utils.rendering import get_heading_text
    from mkdocs.utils.yaml import get_yaml_loader

    with relied_on("mkdocs.commands.build.build", "MkDocs", "generator/publish/builders/mkdocs.py"):
        assert parameters(build) == ["positional_or_keyword config", "keyword_only serve_url", "keyword_only dirty"]
    with relied_on("mkdocs.utils.yaml.get_yaml_loader", "MkDocs", "generator/publish/builders/mkdocs.py"):
        assert parameters(get_yaml_loader) == ["positional_or_keyword loader", "positional_or_keyword config"]
    with relied_on("mkdocs.structure.toc.get_toc", "MkDocs", "generator/publish/builders/mkdocs_html.py"):
        assert parameters(get_toc) == ["positional_or_keyword toc_tokens"]
    with relied_on("mkdocs.utils.rendering.get_heading_text", "MkDocs", "generator/publish/builders/mkdocs_html.py"):
        assert parameters(get_heading_text) == ["positional_or_keyword el", "positional_or_keyword md"]
    with relied_on("mkdocs.utils.meta.get_data", "MkDocs", "generator/publish/builders/mkdocs_html.py"):
        from mkdocs.utils import meta

        assert parameters(meta.get_data) == ["positional_or_keyword doc"]
        assert meta.YAML_RE.match("---\na: 1\n---\ntext").group(1) == "a: 1\n"
        from mkdocs.structure.pages import Page

        assert "meta.get_data(source)" in inspect.getsource(Page.read_source)  # what mkdocs_html.read_source stands for


def test_one_page_built_as_the_build_loops_build_it():
    from mkdocs.commands import build

    with relied_on("mkdocs.commands.build._populate_page", "MkDocs", "generator/publish/builders/privates.py"):
        assert parameters(build._populate_page) == ["positional_or_keyword page", "positional_or_keyword config",
                                                    "positional_or_keyword files", "positional_or_keyword dirty"]
    with relied_on("mkdocs.commands.build._build_page", "MkDocs", "generator/publish/builders/privates.py"):
        assert parameters(build._build_page) == [
            "positional_or_keyword page", "positional_or_keyword config", "positional_or_keyword doc_files",
            "positional_or_keyword nav", "positional_or_keyword env", "positional_or_keyword dirty",
            "positional_or_keyword excluded"]
    with relied_on("File.is_modified in MkDocs' dirty build", "MkDocs", "generator/publish/builders/mkdocs_kept.py"):
        source = inspect.getsource(build._populate_page) + inspect.getsource(build._build_page)
        assert source.count("if dirty and not page.file.is_modified():") == 2


# --- Material's privates -------------------------------------------------------------------------

def test_search_plugin_jieba():
    import jieba
    from material.plugins.search import plugin as search_plugin

    from generator.publish.builders import mkdocs

    with relied_on("material.plugins.search.plugin.jieba", "Material"):
        mkdocs.cache_segmentation()
        segmenter = privates.search_jieba()
        assert segmenter is search_plugin.jieba and getattr(segmenter, "quanze_cached", False)
        assert segmenter.cut.__wrapped__ is not None and segmenter.initialize == jieba.initialize
        for method in (search_plugin.SearchIndex.create_entry_for_section, search_plugin.SearchIndex._segment_chinese):
            assert "jieba" in names(method.__code__), f"{method.__qualname__} no longer reads the module's jieba"


def names(code) -> set[str]:
    """The global and attribute names a function's code reads, its inner functions' included."""
    return set(code.co_names).union(*(names(const) for const in code.co_consts if inspect.iscode(const)))


def test_search_index_segment_chinese():
    from material.plugins.search.plugin import SearchIndex

    with relied_on("material.plugins.search.plugin.SearchIndex._segment_chinese", "Material"):
        assert parameters(SearchIndex._segment_chinese) == ["positional_or_keyword self", "positional_or_keyword data"]
        cut = privates.segment_chinese()("行政处罚 医疗保障基金")
        assert cut.replace("\u200b", "") == "行政处罚 医疗保障基金" and "\u200b" in cut


def test_search_index_subclassed():
    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    with relied_on("material.plugins.search.plugin.SearchIndex (subclassed) and SearchPlugin.search_index",
                   "Material"):
        assert parameters(SearchIndex.__init__) == ["positional_or_keyword self", "var_keyword config"]
        assert parameters(SearchIndex.add_entry_from_context) == ["positional_or_keyword self",
                                                                  "positional_or_keyword page"]
        assert parameters(SearchIndex.create_entry_for_section) == [
            "positional_or_keyword self", "positional_or_keyword section", "positional_or_keyword toc",
            "positional_or_keyword url", "positional_or_keyword page"]
        assert parameters(SearchIndex.generate_search_index) == ["positional_or_keyword self",
                                                                 "positional_or_keyword prev"]
        assert SearchIndex(lang=["zh"]).entries == []
        assert "self.search_index = SearchIndex(" in inspect.getsource(SearchPlugin.on_config)
        assert "self.search_index.add_entry_from_context(page)" in inspect.getsource(SearchPlugin.on_page_context)
        assert "self.search_index.generate_search_index(" in inspect.getsource(SearchPlugin.on_post_build)


def test_search_page_event():
    """What `replace_search_page_context` does in place of Material's page event."""
    import re

    with relied_on("material.plugins.search.plugin.SearchPlugin.on_page_context", "Material"):
        from material.plugins.search.plugin import SearchPlugin

        body = inspect.getsource(SearchPlugin.on_page_context).split(":", 1)[1]
        assert re.sub(r"\s+|#[^\n]*", "", body) == (
            'ifnotself.config.enabled:returnself.search_index.add_entry_from_context(page)'
            'page.content=re.sub(r"\\s?data-search-\\w+=\\"[^\\"]+\\"","",page.content)')


def test_search_parser_sections():
    with relied_on("material.plugins.search.plugin.Parser (its data: sections)", "Material"):
        found = privates.material_sections('<h1 id="a">标题</h1><p>正文</p><h2 id="b">小节</h2>'
                                           '<h2 id="c" data-search-exclude>x</h2>')
        assert [(s.id, "".join(s.title), "".join(s.text), s.is_excluded()) for s in found] == [
            (None, "标题", "<p>正文</p>", False), ("b", "小节", "", False), ("c", "", "", True)]


def test_the_assets_left_out_before_copying_are_those_removed_after(tmp_path, monkeypatch):
    """The theme's files MkDocs is not given to copy (`UnusedAssets`) are exactly those
    `leave_out_unused_assets` removes from a site built with them: the same site either way."""
    from conftest import MINI

    from generator.publish.builders import mkdocs as builder
    from generator.publish.pipeline import build_site

    build_site(MINI, tmp_path / "left-out", strict=True, zip_site=False)
    monkeypatch.setattr(builder.UnusedAssets, "on_files", lambda self, files, config: files)
    removed = []
    real = builder.leave_out_unused_assets

    def leave_out(site_dir, config):
        before = {p for p in Path(site_dir).rglob("*") if p.is_file()}
        real(site_dir, config)
        removed.extend(p for p in before if not p.exists())
    monkeypatch.setattr(builder, "leave_out_unused_assets", leave_out)
    build_site(MINI, tmp_path / "copied", strict=True, zip_site=False)
    assert len(removed) > 20  # (source maps and lunr's languages, copied then removed)

    def tree(site):
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
                if p.is_file() and p.name != ".quanze-site"}
    assert tree(tmp_path / "left-out") == tree(tmp_path / "copied")


@pytest.mark.parametrize("language", ["zh", "en", "ja"])
def test_search_settings_given_before_material_reads_them_are_its_own_translations(tmp_path, language):
    """The search plugin's lang, separator and pipeline that quanze gives it once a language
    (builders.mkdocs.search_defaults) are those Material translates for itself on each sub-site."""
    import yaml

    from generator.project import PACKAGED_TEMPLATES
    from generator.publish.builders import mkdocs as builder

    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump({"site_name": "x", "theme": {"name": "material", "language": language},
                                           "plugins": ["search"]}), "utf-8")
    (tmp_path / "docs").mkdir()
    ours = builder.load(config_file, tmp_path / "docs", tmp_path / "site", PACKAGED_TEMPLATES / "overrides", {})
    theirs = builder.load_config(config_file, docs_dir=str(tmp_path / "docs"), site_dir=str(tmp_path / "site"),
                                 hooks=[], strict=False,
                                 theme={"name": "material", "language": language,
                                        "custom_dir": str(PACKAGED_TEMPLATES / "overrides")})
    theirs.plugins["material/search"].on_config(theirs)
    for name in ("lang", "separator", "pipeline"):
        assert ours.plugins["material/search"].config[name] == theirs.plugins["material/search"].config[name], name
