"""Pages kept between runs (render.PageStore): a page is rendered again exactly when something
it is rendered from changed, and what the store gives is what a render without it gives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import MINI

from generator.cachekey import digest
from generator.content.reader import load_corpus
from generator.site.paths import StoredText, text_of
from generator.site.render import TEMPLATES, Beside, PageCache, PageStore, render_site

POWER = "agencies/demo/0247001000.md"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the mini content and of the page templates, and a private cache of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shutil.copytree(MINI, tmp_path / "content")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    return tmp_path


def render(project: Path, rendered: list[str] | None = None, name: str = "site") -> dict[str, str]:
    """The pages rendered with a store (in a fresh process's state: a new cache), the paths
    actually rendered appended to `rendered`."""
    cache = PageCache()
    original = cache.page
    done = rendered if rendered is not None else []
    cache.page = lambda path, inputs, page: original(path, inputs, lambda: done.append(path) or page())
    corpus = load_corpus(project / "content", fast=True)
    pages = render_site(corpus, templates=project / "templates", cache=cache, store=PageStore(name))
    return {p.path: p.text for p in pages}


def clean(project: Path) -> dict[str, str]:
    """The pages rendered without any cache."""
    corpus = load_corpus(project / "content", fast=True)
    return {p.path: p.text for p in render_site(corpus, templates=project / "templates")}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_second_run_renders_nothing_and_gives_the_same_pages(project):
    first = render(project)
    rendered: list[str] = []
    again = render(project, rendered)
    assert rendered == [] and again == first == clean(project)


def test_an_encoded_store_gives_its_pages_as_they_are_kept_and_they_read_as_rendered(project):
    """A build's store gives the texts it renders and those it finds as their UTF-8 bytes (decoded
    where read), with the digests of the texts, and keeps them as a store not encoded reads them."""
    expected = clean(project)
    corpus = load_corpus(project / "content", fast=True)
    for _ in ("rendered", "found"):
        pages = render_site(corpus, templates=project / "templates", store=PageStore("site", encoded=True))
        assert pages and all(isinstance(page.text, StoredText) for page in pages)
        assert {page.path: text_of(page.text) for page in pages} == expected
        assert all(digest(page.text) == digest(expected[page.path]) for page in pages)
    rendered: list[str] = []
    assert render(project, rendered) == expected and rendered == []


def test_an_edited_agency_renders_its_pages_again(project):
    render(project)
    edit(project / "content" / "agencies" / "demo.yaml", "name: 示例", "name: 改名示例")
    rendered: list[str] = []
    pages = render(project, rendered)
    assert POWER in rendered and "agencies/demo/index.md" in rendered
    assert pages == clean(project) and "改名示例" in pages["agencies/demo/index.md"]


def test_an_edited_template_renders_its_pages_again(project):
    render(project)
    template = project / "templates" / "power.html.j2"
    template.write_text(template.read_text("utf-8") + "\n附注\n", "utf-8")
    rendered: list[str] = []
    pages = render(project, rendered)
    assert POWER in rendered and pages == clean(project) and "附注" in pages[POWER]


def test_an_edited_statute_renders_the_pages_citing_it_again(project):
    render(project)
    statute = next((project / "content" / "statutes").glob("*.yaml"))
    text = statute.read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    edit(statute, title, title + "（修正）")
    rendered: list[str] = []
    pages = render(project, rendered)
    assert POWER in rendered and pages == clean(project)  # its page names the statutes it cites
    assert "（修正）" in pages[f"statutes/{statute.stem}.md"]


def test_an_added_and_a_removed_agency(project):
    render(project)
    agencies = project / "content" / "agencies"
    copy = agencies / "demo2.yaml"
    copy.write_text((agencies / "demo.yaml").read_text("utf-8").replace("name: 示例", "name: 另一示例", 1), "utf-8")
    added = render(project)
    assert added == clean(project) and "agencies/demo2/index.md" in added
    copy.unlink()
    rendered: list[str] = []
    removed = render(project, rendered)
    assert removed == clean(project) and "agencies/demo2/index.md" not in removed
    assert "index.md" in rendered and POWER in rendered  # the lists of all agencies, and the same power elsewhere
    assert "agencies/demo/index.md" not in rendered


def test_two_files_of_the_same_bytes_are_two_agencies(project):
    agencies = project / "content" / "agencies"
    shutil.copy(agencies / "demo.yaml", agencies / "demo2.yaml")
    first = render(project)
    again = render(project)
    assert first == again == clean(project)
    assert "agencies/demo2/index.md" in again


def test_a_store_cut_short_is_ignored(project):
    render(project)
    (store,) = (project / "cache" / "quanze" / "pages").iterdir()
    files = sorted(store.iterdir())
    assert len(files) > 3  # a file per agency's pages and per other folder
    for file in files:
        file.write_bytes(file.read_bytes()[:100])
    rendered: list[str] = []
    assert render(project, rendered) == clean(project) and POWER in rendered
    for file in store.iterdir():
        file.write_bytes(b"not a pickle")
    assert render(project) == clean(project)


def test_only_the_files_of_changed_pages_are_written_again(project):
    render(project)
    (store,) = (project / "cache" / "quanze" / "pages").iterdir()
    before = {file.name: file.stat().st_ino for file in store.iterdir()}
    render(project)
    assert {file.name: file.stat().st_ino for file in store.iterdir()} == before  # nothing changed: nothing written
    edit(project / "content" / "agencies" / "demo.yaml", "name: 示例", "name: 改名示例")
    render(project)
    after = {file.name: file.stat().st_ino for file in store.iterdir()}
    assert after.keys() == before.keys() and all(after[name] != before[name] for name in after)


def test_a_cache_folder_others_can_write_is_not_used(project):
    render(project)
    folder = project / "cache" / "quanze" / "pages"
    os.chmod(folder, 0o777)
    rendered: list[str] = []
    assert render(project, rendered) == clean(project) and POWER in rendered
    assert PageStore("site").folder is None


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="changing a file's owner needs root")
def test_a_cache_folder_owned_by_someone_else_is_not_used(project):
    render(project)
    folder = project / "cache" / "quanze" / "pages"
    os.chown(folder, 12345, 12345)
    rendered: list[str] = []
    assert render(project, rendered) == clean(project) and POWER in rendered


def test_a_page_whose_inputs_cannot_be_digested_is_rendered_every_time(project):
    store = PageStore("site")
    store.begin(load_corpus(project / "content", fast=True), [])
    assert store.key("x.md", (object(),)) is None
    assert store.key("x.md", ("a", 1, None)) == store.key("x.md", ("a", 1, None)) != store.key("y.md", ("a", 1, None))


def test_models_are_frozen_and_a_changed_copy_has_its_own_digest():
    from pydantic import ValidationError

    corpus = load_corpus(MINI, fast=True)
    agency = next(iter(corpus.agencies.values()))
    with pytest.raises(ValidationError, match="frozen"):
        agency.powers[0].name = "改"
    assert agency.digest.startswith("file:")  # the loader's: of the file's bytes and name
    renamed = agency.model_copy(update={"title": agency.title + "（改）"})
    assert renamed.digest.startswith("json:") and renamed.digest != agency.digest
    assert agency.model_copy().digest == agency.model_copy().digest  # the same content, the same digest


def test_rendering_and_data_files_leave_the_corpus_as_it_was():
    """Models are frozen field by field, not their lists: nothing after the loader may change
    one, or what was made from a digest would not be what the digest names."""
    from conftest import CONTENT

    from generator.content.checks import check_corpus
    from generator.opendata import data_files
    from generator.publish.plan import plan_sites

    corpus = load_corpus(CONTENT, fast=True)
    before = {(kind, name): model.model_dump_json() for kind, models in (("a", corpus.agencies), ("s", corpus.statutes))
              for name, model in models.items()}
    check_corpus(corpus)
    for by in ("region", "agency"):
        plan = plan_sites(corpus, by)
        data_files(corpus, plan.layout, render_site(corpus, layout=plan.layout, offer_zip=False))
    after = {(kind, name): model.model_dump_json() for kind, models in (("a", corpus.agencies), ("s", corpus.statutes))
             for name, model in models.items()}
    assert after == before


@pytest.mark.parametrize("shard_by", ["none", "region"])
def test_pages_rendered_in_forks_are_the_pages_rendered_here(monkeypatch, shard_by):
    from conftest import CONTENT

    from generator import processes
    from generator.publish.plan import plan_sites

    monkeypatch.setattr(processes, "FORK_AT_LEAST", 1)
    assert processes.fork_is_safe()  # (else all would be rendered here)
    corpus = load_corpus(CONTENT, fast=True)
    layout = plan_sites(corpus, shard_by).layout
    here = [(p.path, p.text) for p in render_site(corpus, layout=layout)]
    beside = Beside(lambda agency_id: (agency_id, os.getpid()), sorted(corpus.agencies))
    forked = [(p.path, p.text) for p in render_site(corpus, layout=layout, jobs=2, beside=beside)]
    assert len(here) > 100 and forked == here
    assert [agency for agency, _ in beside.results] == sorted(corpus.agencies)  # the work beside, in order


def test_a_new_process_takes_the_outlines_an_earlier_run_worked_out(project, monkeypatch):
    """Each agency's outline (what the pages listing many agencies are made from) is kept with
    the pages: a new process works out only the outlines of the agencies that changed."""
    from generator.site import outline

    def new_process() -> list[str]:
        for memo in (outline._PARTS, outline._KEYS, outline._RECALLED):
            memo.clear()
        worked: list[str] = []
        real = outline._digest
        monkeypatch.setattr(outline, "_digest", lambda text: worked.append(text) or real(text))
        return worked

    render(project)
    worked = new_process()
    assert render(project) == clean(project) and worked == []
    edit(project / "content" / "agencies" / "demo.yaml", "name: 示例", "name: 改名示例")
    worked = new_process()
    assert render(project) == clean(project)
    assert worked and all("改名示例" in text for text in worked)  # (the edited agency's alone)
