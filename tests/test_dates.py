"""When each content file last changed (`generator/content/dates.py`): the date of the last commit
that touched it, only for a project that is the top of a complete git work tree."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.content.dates import _parse, last_changed

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(root: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if date:
        env |= {"GIT_AUTHOR_DATE": f"{date}T12:00:00+08:00", "GIT_COMMITTER_DATE": f"{date}T12:00:00+08:00"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    (root / "content" / "agencies").mkdir(parents=True)
    (root / "content" / "statutes").mkdir()
    git(root, "init", "-q")
    (root / "content" / "agencies" / "a.yaml").write_text("name: A\n", encoding="utf-8")
    (root / "content" / "statutes" / "法 规.yaml").write_text("title: 法\n", encoding="utf-8")
    (root / "README.md").write_text("x\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first", date="2024-03-01")
    (root / "content" / "agencies" / "b.yaml").write_text("name: B\n", encoding="utf-8")
    (root / "content" / "agencies" / "a.yaml").write_text("name: A2\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "second", date="2025-06-30")
    (root / "README.md").write_text("y\n", encoding="utf-8")  # outside content/: no date changes
    git(root, "commit", "-qam", "third", date="2025-12-31")
    return root


def test_each_content_file_has_the_date_of_its_last_commit(project):
    assert last_changed(project, project / "content") == {
        "agencies/a.yaml": dt.date(2025, 6, 30), "agencies/b.yaml": dt.date(2025, 6, 30),
        "statutes/法 规.yaml": dt.date(2024, 3, 1)}


def test_an_uncommitted_edit_keeps_the_last_commit_date(project):
    (project / "content" / "agencies" / "a.yaml").write_text("name: A3\n", encoding="utf-8")
    (project / "content" / "agencies" / "new.yaml").write_text("name: N\n", encoding="utf-8")
    dates = last_changed(project, project / "content")
    assert dates["agencies/a.yaml"] == dt.date(2025, 6, 30) and "agencies/new.yaml" not in dates


def test_no_dates_in_a_shallow_clone_a_folder_inside_a_repository_or_without_git(project, tmp_path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", project.as_uri(), str(shallow)], check=True)
    assert last_changed(shallow, shallow / "content") == {}  # the one commit would seem to touch everything
    assert last_changed(project / "content", project / "content") == {}  # not the top of the work tree
    plain = tmp_path / "plain"
    shutil.copytree(project / "content", plain / "content")
    assert last_changed(plain, plain / "content") == {}
    assert last_changed(project, tmp_path / "elsewhere") == {}


def test_a_full_clone_has_the_same_dates(project, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", project.as_uri(), str(clone)], check=True)
    assert last_changed(clone, clone / "content") == last_changed(project, project / "content")


def test_parse_keeps_the_newest_date_and_ignores_other_folders():
    out = ("\x1e2025-01-02\ncontent/a.yaml\0content/b.yaml\0\0"
           "\x1e2024-01-01\ncontent/a.yaml\0other/c.yaml\0\0\x1ebad\ncontent/d.yaml\0")
    assert _parse(out, "content") == {"a.yaml": dt.date(2025, 1, 2), "b.yaml": dt.date(2025, 1, 2)}


def test_each_page_shows_the_date_of_the_newest_file_it_is_made_from(tmp_path, monkeypatch):
    """An agency's pages carry the date its list last changed, pages made from every list (the
    home page, a statute's page listing the powers citing it) the newest; SOURCE_DATE_EPOCH
    overrides them all; a copy outside git falls back to the dates the content gives (none)."""
    import yaml
    from conftest import MINI

    from generator.content.reader import load_corpus
    from generator.site.render import render_site

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "project"
    shutil.copytree(MINI, root / "content")
    demo = (root / "content" / "agencies" / "demo.yaml").read_text(encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first", date="2024-03-01")
    (root / "content" / "agencies" / "other.yaml").write_text(
        demo.replace("示例区医疗保障局", "另一区医疗保障局"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "second", date="2025-06-30")

    def dates(content):
        pages = {p.path: p.text for p in render_site(load_corpus(content), offer_zip=False)}
        return {path: yaml.safe_load(text.split("---\n")[1])["quanze"].get("data_date") for path, text in pages.items()}

    found = dates(root / "content")
    assert found["agencies/demo/index.md"] == "2024-03-01"
    assert found["agencies/demo/0247001000.md"] == "2025-06-30"  # it lists the same power in the other list
    assert found["agencies/other/index.md"] == "2025-06-30"
    assert found["index.md"] == "2025-06-30" and found["statutes/shehui-baoxian-fa.md"] == "2025-06-30"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert set(dates(root / "content").values()) == {"2023-11-14"}
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    shutil.copytree(root / "content", tmp_path / "copy" / "content")
    assert set(dates(tmp_path / "copy" / "content").values()) == {None}
