"""Two builds of the default content, one after the other, give the same bytes (zip and search index included)."""

from __future__ import annotations

from pathlib import Path

from conftest import CONTENT

from generator.publish.pipeline import build_site


def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_default_content_builds_byte_identical(default_site, tmp_path):
    build_site(CONTENT, tmp_path / "again", strict=True, zip_site=True)
    first, second = site_bytes(default_site), site_bytes(tmp_path / "again")
    assert "quanze-site.zip" in first and "search/search_index.js" in first
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_docs_given_to_mkdocs_in_memory_build_the_site_a_docs_folder_builds(tmp_path, monkeypatch):
    from generator.publish.builders import mkdocs as builder
    from generator.publish.pipeline import build_sharded

    assert builder.IN_MEMORY
    build_sharded(CONTENT, tmp_path / "memory", jobs=2)
    monkeypatch.setattr(builder, "IN_MEMORY", False)  # the docs written to a folder, as for other builders
    build_sharded(CONTENT, tmp_path / "folder", jobs=2)
    memory, folder = site_bytes(tmp_path / "memory"), site_bytes(tmp_path / "folder")
    assert len(memory) > 100 and sorted(memory) == sorted(folder)
    assert [name for name in memory if memory[name] != folder[name]] == []
