"""A sub-site built again keeps the pages of its previous build that nothing changed
(publish/builders/mkdocs_kept): only the pages an edit changed are made again, and the site
is byte for byte a clean build's."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI
from test_incremental import retitle, tree

from generator.publish.pipeline import build_sharded


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Six agencies, two of them in one province (beijing): a top site and five sub-sites."""
    from benchmarks.corpus import write_corpus

    content = write_corpus(MINI, tmp_path / "project" / "content", 6)
    moved = content / "agencies" / "tj-00002.yaml"
    moved.write_text(moved.read_text("utf-8").replace("region: 天津市", "region: 北京市", 1), "utf-8")
    return content


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """The pages the builder makes (quanze's HTML pages MkDocs renders), as it makes them."""
    from generator.publish.builders import mkdocs_html

    seen: list[str] = []
    real = mkdocs_html._render
    monkeypatch.setattr(mkdocs_html, "_render",
                        lambda page, config, files: seen.append(page.file.src_uri) or real(page, config, files))
    return seen


def rename_first_power(content: Path, agency_id: str) -> None:
    path = content / "agencies" / f"{agency_id}.yaml"
    text = path.read_text("utf-8")
    start = text.index("\n  name: ") + len("\n  name: ")
    end = text.index("\n", start)
    path.write_text(text[:start] + text[start:end] + "（改）" + text[end:], "utf-8")


def test_a_sub_site_built_again_makes_only_the_pages_an_edit_changed(corpus, tmp_path, made):
    site = tmp_path / "site"
    build_sharded(corpus, site)
    everything = list(made)
    assert any(uri.startswith("agencies/tj-00002/") for uri in everything)
    made.clear()
    retitle(corpus, "bj-00001")
    build_sharded(corpus, site)
    assert any(uri.startswith("agencies/bj-00001/") for uri in made), made
    assert not any(uri.startswith("agencies/tj-00002/") for uri in made), made  # (same sub-site, untouched)
    assert 0 < len(made) < len(everything) / 3
    made.clear()
    rename_first_power(corpus, "bj-00001")  # (the same name's pages change: tianjin's, the top site's)
    build_sharded(corpus, site)
    assert "agencies/tj-00002/0647001000.md" not in made and len(made) < len(everything) / 3, made
    clean = tmp_path / "clean"
    build_sharded(corpus, clean)
    assert tree(site) == tree(clean)


def test_a_kept_page_the_shared_chrome_makes_otherwise_now_is_made_again_so(corpus, tmp_path, made):
    """What the shared chrome makes of a page depends on the pages before it (the first page with
    a part keeps it): a page the replay makes otherwise than its record says is made again, after
    the others, as the replay made it."""
    import pickle

    from generator.publish.builders.mkdocs_kept import Made

    site = tmp_path / "site"
    build_sharded(corpus, site)
    for record in records(corpus):  # (every kept page recorded as made otherwise)
        shape, build, frame, pages = pickle.loads(record.read_bytes())
        pages = {uri: page._replace(chrome=(page.chrome[0], "otherwise")) if isinstance(page, Made) and page.chrome
                 else page for uri, page in pages.items()}
        record.write_bytes(pickle.dumps((shape, build, frame, pages)))
    retitle(corpus, "bj-00001")
    assert_built_whole_and_clean(corpus, site, tmp_path / "clean", made)


def assert_built_whole_and_clean(corpus: Path, site: Path, clean: Path, made: list[str]) -> None:
    """Build `site` again: the untouched agency's pages are made (nothing kept), and the site is a
    clean build's."""
    made.clear()
    build_sharded(corpus, site)
    assert any(uri.startswith("agencies/tj-00002/") for uri in made), made
    build_sharded(corpus, clean)
    assert tree(site) == tree(clean)


def records(content: Path) -> list[Path]:
    """The records of what the last build of `content` made of its sub-sites' pages."""
    from generator.fileio import user_store_dir
    from generator.publish.pipeline import project_of, store_name

    return sorted(user_store_dir("built", store_name(project_of(content), "build")).glob("*.pickle"))


def test_a_record_cut_short_or_another_frame_keeps_nothing(corpus, tmp_path, made, monkeypatch):
    from generator.publish.builders import mkdocs_chrome

    site = tmp_path / "site"
    build_sharded(corpus, site)
    assert len(records(corpus)) == 6  # (the top site and five sub-sites)
    for record in records(corpus):
        record.write_bytes(record.read_bytes()[:100])
    rename_first_power(corpus, "bj-00001")
    clean = tmp_path / "clean"
    assert_built_whole_and_clean(corpus, site, clean, made)
    # the pages' chrome not shared (a switch of the tests, not an input of the build): another frame
    monkeypatch.setattr(mkdocs_chrome, "ENABLED", False)
    rename_first_power(corpus, "bj-00001")
    made.clear()
    build_sharded(corpus, site)
    assert any(uri.startswith("agencies/tj-00002/") for uri in made), made
    build_sharded(corpus, clean)
    assert tree(site / "beijing") == tree(clean / "beijing")


def test_the_records_of_sub_sites_no_longer_planned_are_removed(corpus, tmp_path):
    """A province whose only agency moved is no sub-site any more: its record goes with it."""
    from generator.fileio import user_store_dir
    from generator.publish.pipeline import project_of, record_path, store_name

    site = tmp_path / "site"
    build_sharded(corpus, site)
    assert len(records(corpus)) == 6
    moved = corpus / "agencies" / "ln-00006.yaml"
    moved.write_text(moved.read_text("utf-8").replace("region: 辽宁省", "region: 北京市", 1), "utf-8")
    build_sharded(corpus, site)
    folder = user_store_dir("built", store_name(project_of(corpus), "build"))
    assert not (site / "liaoning").exists() and (site / "beijing" / "agencies" / "ln-00006").is_dir()
    planned = ["top", "beijing", "hebei", "neimenggu", "shanxi"]
    assert records(corpus) == sorted(record_path(folder, name) for name in planned)


def test_a_county_of_other_departments_keeps_the_pages_of_the_departments_not_edited(tmp_path, made):
    """A county's departments (market regulation, emergency management, …: hundreds of powers,
    子项, long bases) in one sub-site: a list's title edited makes that department's pages only."""
    from benchmarks.government import write_government

    content = tmp_path / "project" / "content"
    write_government(content, level="county", departments=4, scale=0.1, seed=5)
    agencies = sorted(path.stem for path in (content / "agencies").glob("*.yaml"))
    site = tmp_path / "site"
    build_sharded(content, site, by="region")
    everything = list(made)
    made.clear()
    retitle(content, agencies[0])
    build_sharded(content, site, by="region")
    assert any(uri.startswith(f"agencies/{agencies[0]}/") for uri in made), made
    assert not any(uri.startswith(f"agencies/{other}/") for other in agencies[1:] for uri in made), made
    assert len(made) < len(everything) / 2
    clean = tmp_path / "clean"
    build_sharded(content, clean, by="region")
    assert tree(site) == tree(clean)
