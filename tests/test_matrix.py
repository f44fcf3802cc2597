"""A matrix build: each unit built by its own process into its own folder, as CI runners build
them (`quanze build --only UNIT`), then `quanze assemble`: byte for byte the one-machine build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus

MINI = Path(__file__).parent / "fixtures" / "mini"
ROOT = Path(__file__).parent.parent
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


def quanze(*args: str, cwd: Path, cache: Path | None = None) -> str:
    env = {**os.environ, **EPOCH, "PYTHONPATH": str(ROOT), **({"XDG_CACHE_HOME": str(cache)} if cache else {})}
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


def files_of(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """Four agencies in four provinces: a top site and four units when sharded by region."""
    root = tmp_path_factory.mktemp("matrix")
    write_corpus(MINI, root / "content", 4)
    return root


def test_units_built_apart_and_assembled_are_the_one_machine_build(project, tmp_path):
    options = ["--shard-by", "region", "--no-zip", "--project", str(project)]
    quanze("build", *options, "--site-dir", str(tmp_path / "one"), "--jobs", "1", cwd=tmp_path)
    units = json.loads(quanze("shards", "--shard-by", "region", "--ids", "--project", str(project), cwd=tmp_path))
    assert units[0] == "top" and len(units) == 5
    folders = []
    for unit in units:  # each a runner of its own: a process, a folder, an empty cache
        folder = tmp_path / "runners" / unit / "site"
        quanze("build", *options, "--only", unit, "--site-dir", str(folder), cwd=tmp_path,
               cache=tmp_path / "runners" / unit / "cache")
        folders.append(str(folder))
    quanze("assemble", *folders, "--site-dir", str(tmp_path / "assembled"), cwd=tmp_path)
    one, assembled = files_of(tmp_path / "one"), files_of(tmp_path / "assembled")
    assert sorted(assembled) == sorted(one)
    assert [path for path in one if one[path] != assembled[path]] == []
    assert ".quanze-site" in one and "sitemap.xml" in one and any(p.endswith("/sitemap.xml") for p in one if "/" in p)


def test_the_assembled_site_is_kept_by_the_next_build(project, tmp_path):
    """The marker the assemble writes is the one-machine build's: nothing to do next time."""
    options = ["--shard-by", "region", "--no-zip", "--project", str(project)]
    units = json.loads(quanze("shards", "--shard-by", "region", "--ids", "--project", str(project), cwd=tmp_path))
    folders = []
    for unit in units:
        folder = tmp_path / unit
        quanze("build", *options, "--only", unit, "--site-dir", str(folder), cwd=tmp_path)
        folders.append(str(folder))
    quanze("assemble", *folders, "--site-dir", str(tmp_path / "site"), cwd=tmp_path)
    assert "is up to date" in quanze("build", *options, "--site-dir", str(tmp_path / "site"), cwd=tmp_path)


def test_assemble_refuses_a_missing_unit_and_units_of_different_builds(project, tmp_path, monkeypatch):
    from generator.errors import QuanzeError
    from generator.publish.assemble import assemble
    from generator.publish.pipeline import build_sharded

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH["SOURCE_DATE_EPOCH"])
    content = project / "content"
    build_sharded(content, tmp_path / "a", only=["top"])
    build_sharded(content, tmp_path / "b", only=["beijing"])
    with pytest.raises(QuanzeError, match="missing unit"):
        assemble([tmp_path / "a", tmp_path / "b"], tmp_path / "site")
    build_sharded(content, tmp_path / "c", only=["beijing"], strict=False)  # other options: another build
    with pytest.raises(QuanzeError, match="different builds"):
        assemble([tmp_path / "a", tmp_path / "c"], tmp_path / "site")
    with pytest.raises(QuanzeError, match="no unit of a build"):
        assemble([tmp_path / "a", project], tmp_path / "site")


def test_assemble_refuses_a_link_in_a_unit(project, tmp_path, monkeypatch):
    """A unit's folder holds what a build writes: a link (to a file outside it) is refused, not copied."""
    from generator.content.reader import load_corpus
    from generator.errors import QuanzeError
    from generator.publish.assemble import assemble
    from generator.publish.pipeline import build_sharded
    from generator.publish.plan import listing

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH["SOURCE_DATE_EPOCH"])
    content = project / "content"
    folders = []
    for unit in [u["id"] for u in listing(load_corpus(content), "region")]:
        folders.append(tmp_path / unit)
        build_sharded(content, folders[-1], only=[unit])
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site", encoding="utf-8")
    (folders[1] / folders[1].name / "leak.txt").symlink_to(secret)
    with pytest.raises(QuanzeError, match="a link or special file"):
        assemble(folders, tmp_path / "site")
    assert not (tmp_path / "site" / folders[1].name / "leak.txt").exists()


def test_a_build_of_some_units_renders_their_pages_and_keeps_the_others_stored(project, tmp_path, monkeypatch):
    """`--only` renders the pages of the units named (and their agencies' data files), not the
    whole site's; what the page store and the link check's memo hold of the other units stays."""
    from generator.publish.pipeline import build_sharded
    from generator.site import render

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rendered: list[str] = []
    made = render.PageCache.made
    monkeypatch.setattr(render.PageCache, "made", lambda self, due: rendered.append(due.path) or made(self, due))
    content = project / "content"
    build_sharded(content, tmp_path / "unit", by="region", only=["beijing"])
    assert rendered and all(path.startswith(("agencies/bj-", "beijing/")) for path in rendered), rendered
    assert (tmp_path / "unit" / "beijing" / "index.html").is_file() and not (tmp_path / "unit" / "index.html").exists()
    build_sharded(content, tmp_path / "whole", by="region")
    rendered.clear()
    build_sharded(content, tmp_path / "unit", by="region", only=["tianjin"])
    build_sharded(content, tmp_path / "again", by="region")
    assert rendered == [path for path in rendered if path.startswith(("agencies/tj-", "tianjin/"))]
    assert files_of(tmp_path / "again") == files_of(tmp_path / "whole")
