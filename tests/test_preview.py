"""The preview (`quanze serve`): each sub-site's docs written again after an edit, only those
that changed rebuilt dirty, and a search index after a dirty build that is the index of a
clean build of the same pages."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import MINI

from generator.publish.builders import mkdocs as builder
from generator.publish.builders.mkdocs_search import PageEntries
from generator.publish.pipeline import preview_jobs, project_of
from generator.publish.search_index import read_index


def copy_content(tmp_path: Path) -> Path:
    content = tmp_path / "project" / "content"
    shutil.copytree(MINI, content)
    return content


def rename_first_power(content: Path) -> str:
    path = sorted((content / "agencies").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    start = text.index("\n  name: ") + len("\n  name: ")
    end = text.index("\n", start)
    new = text[start:end] + "（改）"
    path.write_text(text[:start] + new + text[end:], encoding="utf-8")
    return new


def build(job, site: Path, store: PageEntries, dirty: bool) -> dict:
    from mkdocs.commands.build import build as mkdocs_build

    config = builder.load(job.config_file, job.docs_dir, site, job.custom_dir, job.overrides, search_store=store)
    mkdocs_build(config, dirty=dirty)
    builder.finish_search_index(site, job.search_entries)
    return read_index(site)


def test_only_sub_sites_whose_docs_changed_are_marked_changed(tmp_path):
    content = copy_content(tmp_path)
    project = project_of(content)
    first = preview_jobs(project, tmp_path / "docs")
    assert [(job.site, changed) for job, changed in first] == [("top", True)]
    assert (first[0][0].docs_dir / "index.md").is_file()
    again = preview_jobs(project, tmp_path / "docs")
    assert [changed for _, changed in again] == [False]
    rename_first_power(content)
    assert [changed for _, changed in preview_jobs(project, tmp_path / "docs")] == [True]


def first_build(tmp_path: Path):
    """The mini content, previewed once: (content, project, search store, site, job, index)."""
    content = copy_content(tmp_path)
    project = project_of(content)
    store, site = PageEntries(), tmp_path / "preview"
    [(job, _)] = preview_jobs(project, tmp_path / "docs")
    return content, project, store, site, job, build(job, site, store, dirty=True)


def test_a_dirty_build_keeps_every_page_in_the_search_index_and_each_once(tmp_path):
    content, project, store, site, job, before = first_build(tmp_path)
    new = rename_first_power(content)
    [(job, changed)] = preview_jobs(project, tmp_path / "docs")
    assert changed
    after = build(job, site, store, dirty=True)
    clean = build(job, tmp_path / "clean", PageEntries(), dirty=False)
    assert after == clean
    assert len(after["docs"]) == len(before["docs"])
    titles = [doc["title"].replace("\u200b", "") for doc in after["docs"]]
    assert sum(new in title for title in titles) >= 1
    locations = [doc["location"] for doc in after["docs"]]
    assert len(locations) == len(set(locations)), "no page twice"


def test_a_page_removed_leaves_the_index(tmp_path):
    _, _, store, site, job, before = first_build(tmp_path)
    extra = job.docs_dir / "extra.md"
    extra.write_text("# 临时页\n\n一段文字。\n", encoding="utf-8")
    with_extra = build(job, site, store, dirty=True)
    assert any(doc["location"] == "extra.html" for doc in with_extra["docs"])
    extra.unlink()
    assert build(job, site, store, dirty=True)["docs"] == before["docs"]


def test_the_preview_builds_shows_an_edit_and_keeps_the_last_good_site_on_a_content_error(tmp_path, caplog):
    import logging

    content = copy_content(tmp_path)
    project = project_of(content)
    preview = builder.Preview(lambda: preview_jobs(project, tmp_path / "docs"), tmp_path / "root",
                              "http://127.0.0.1:8000/")
    preview.rebuild()
    home = tmp_path / "root" / "index.html"
    assert home.is_file() and (tmp_path / "root" / "search" / "search_index.json").is_file()
    new = rename_first_power(content)
    preview.rebuild()
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "root" / "agencies").rglob("*.html")]
    assert any(new in page for page in pages)
    path = sorted((content / "agencies").glob("*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("category: 行政处罚", "category: 行政处", 1), "utf-8")
    before = home.read_bytes()
    with caplog.at_level(logging.ERROR, logger="mkdocs"):
        preview.rebuild()  # no exception: the server goes on
    assert any(f"{path.name}:" in record.getMessage() for record in caplog.records)
    assert home.read_bytes() == before
    preview.wait()


def test_a_big_corpus_is_previewed_as_the_sub_sites_of_a_build_and_an_edit_marks_its_own(tmp_path):
    """Above the sharding threshold the preview has the build's sub-sites; a list's title edited
    changes its province's docs and the top site's (which lists every list), no other."""
    from benchmarks.corpus import write_corpus
    from generator.content.reader import load_corpus
    from generator.publish.plan import AUTO_AGENCIES, TOP, plan_sites

    content = write_corpus(MINI, tmp_path / "project" / "content", AUTO_AGENCIES + 1)
    project = project_of(content)
    first = preview_jobs(project, tmp_path / "docs")
    sites = [job.site for job, _ in first]
    plan = plan_sites(load_corpus(content), "auto")
    assert sites == sorted([TOP, *(shard.id for shard in plan.shards)]) and len(sites) > 2
    assert all(changed for _, changed in first)
    assert all(job.light["site"] == job.site and not job.search_entries for job, _ in first), \
        "each sub-site finds the others, through the one file of them the top site has"
    assert (tmp_path / "docs" / TOP / "search" / "light.js").read_text("utf-8").startswith("var __light = ")
    assert not any(changed for _, changed in preview_jobs(project, tmp_path / "docs"))
    agency = sorted((content / "agencies").glob("*.yaml"))[3]
    text = agency.read_text(encoding="utf-8")
    start = text.index("\ntitle: ") + len("\ntitle: ")
    end = text.index("\n", start)
    agency.write_text(text[:end] + "（修订）" + text[end:], encoding="utf-8")
    changed = [job.site for job, changed in preview_jobs(project, tmp_path / "docs") if changed]
    assert changed == sorted([TOP, plan.layout.shards[agency.stem]])


def test_a_page_gone_since_the_last_rebuild_leaves_the_preview(tmp_path):
    content = copy_content(tmp_path)
    project = project_of(content)
    preview = builder.Preview(lambda: preview_jobs(project, tmp_path / "docs"), tmp_path / "root",
                              "http://127.0.0.1:8000/")
    preview.rebuild()
    path = sorted((content / "agencies").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    first = text.index("\n- ", text.index("\npowers:"))
    second = text.index("\n- ", first + 1)  # the second power's item
    pages = sorted((tmp_path / "root" / "agencies").rglob("*.html"))
    path.write_text(text[:second] + "\n", encoding="utf-8")  # the list keeps its first power only
    preview.rebuild()
    preview.wait()
    left = sorted((tmp_path / "root" / "agencies").rglob("*.html"))
    assert len(left) < len(pages)
    gone = set(pages) - set(left)
    assert gone and all(page.suffix == ".html" for page in gone)
    index = read_index(tmp_path / "root")
    assert not any(doc["location"].split("#")[0] == str(page.relative_to(tmp_path / "root")) for page in gone
                   for doc in index["docs"])


def test_the_first_preview_of_a_big_corpus_builds_its_sub_sites_in_processes_and_keeps_their_entries(tmp_path):
    """The sub-sites of the first build are built by worker processes; the search entries they
    return let the next (dirty) rebuild keep every other page of the edited sub-site."""
    from benchmarks.corpus import write_corpus
    from generator.publish.plan import AUTO_AGENCIES

    content = write_corpus(MINI, tmp_path / "project" / "content", AUTO_AGENCIES + 1)
    project = project_of(content)
    preview = builder.Preview(lambda: preview_jobs(project, tmp_path / "docs"), tmp_path / "root",
                              "http://127.0.0.1:8000/")
    preview.rebuild()
    assert len(preview.stores) > 2 and all(store.order for store in preview.stores.values())
    agency = sorted((content / "agencies").glob("*.yaml"))[3]
    shard = next(path.parent.parent.parent.name for path in (tmp_path / "root").glob(f"*/agencies/{agency.stem}/index.html"))
    index = tmp_path / "root" / shard / "search" / "search_index.json"
    entries = len(read_index(index.parent.parent)["docs"])
    text = agency.read_text(encoding="utf-8")
    start = text.index("\n  name: ") + len("\n  name: ")
    end = text.index("\n", start)
    agency.write_text(text[:end] + "（改）" + text[end:], encoding="utf-8")
    preview.rebuild()
    preview.wait()
    after = read_index(index.parent.parent)["docs"]
    assert len(after) == entries, "every other page of the sub-site kept"
    assert any("（改）" in doc["title"].replace("\u200b", "") for doc in after)
