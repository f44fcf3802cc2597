"""Trust boundaries of the build: what a hostile contributor or a careless editor can put in a
project must not destroy files, leak files, hang the build or run as the person building.

Each case was reproduced against the code before its fix (see the test names)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import MINI, ROOT

from generator.content.reader import load_corpus
from generator.errors import ContentError, QuanzeError
from generator.publish.builders.mkdocs import template_cache_dir
from generator.publish.pipeline import build_sharded, build_site, project_of, render_docs
from generator.publish.plan import plan
from generator.publish.sitedir import SITE_MARKER
from generator.tools.check import run_check

QUANZE = [sys.executable, "-m", "generator"]


def quanze(*args: str, cwd: Path, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """The command line as a user runs it; the timeout only bounds a hang."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*QUANZE, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env,
                          **kwargs)


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(MINI, tmp_path / "content")
    (tmp_path / "notes.txt").write_text("the editor's own file", "utf-8")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


# --- --site-dir never destroys what the user wrote --------------------------------------------

@pytest.mark.parametrize("target", ["content", ".", "content/agencies", "..", "notes.txt", "mine"])
def test_site_dir_that_is_not_a_site_is_refused_and_left_in_place(project, target):
    (project / "mine").mkdir()
    (project / "mine" / "index.html").write_text("my own page", "utf-8")
    before = snapshot(project)
    result = quanze("build", "--site-dir", target, cwd=project)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("quanze: error: --site-dir "), result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before
    assert sorted(p.name for p in project.iterdir()) == ["content", "mine", "notes.txt"]


def test_a_site_built_before_is_replaced(project):
    build_site(project / "content", project / "site", zip_site=False)
    assert (project / "site" / SITE_MARKER).is_file()
    (project / "site" / "stale.html").write_text("old", "utf-8")
    build_site(project / "content", project / "site", zip_site=False)
    assert not (project / "site" / "stale.html").exists()


def test_an_empty_folder_may_receive_the_site(project):
    (project / "public").mkdir()
    build_site(project / "content", project / "public", zip_site=False)
    assert (project / "public" / "index.html").is_file()


def test_sharded_build_refuses_the_content_folder(project):
    with pytest.raises(QuanzeError, match="content folder"):
        build_sharded(project / "content", project / "content", by="region")
    assert (project / "content" / "agencies" / "demo.yaml").is_file()


# --- files that are not plain files ------------------------------------------------------------

def special_file(project: Path, kind: str) -> Path:
    path = project / "content" / "agencies" / "special.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "outside":
        secret = project.parent / f"{project.name}-secret.yaml"
        secret.write_text((MINI / "agencies" / "demo.yaml").read_text("utf-8").replace("演示", "秘密"), "utf-8")
        path.symlink_to(secret)
    elif kind == "folder":
        path.mkdir()
    return path


@pytest.mark.parametrize("kind,message", [
    ("fifo", "a named pipe (FIFO), not a regular file"),
    ("zero", "symbolic link to a file outside the project"),
    ("outside", "symbolic link to a file outside the project"),
    ("folder", "a folder, not a regular file"),
])
def test_files_that_are_not_plain_files_are_errors_in_check_and_build(project, kind, message):
    special_file(project, kind)
    expected = f"content/agencies/special.yaml:0:0: error: {message}"
    check = quanze("check", cwd=project, timeout=60)
    assert check.returncode == 1
    assert expected in check.stdout.splitlines()[0], check.stdout
    build = quanze("build", cwd=project, timeout=60)
    assert build.returncode == 1 and "Traceback" not in build.stderr
    assert build.stderr.splitlines()[0].startswith(expected), build.stderr
    assert not (project / "site").exists()


def test_a_link_inside_the_project_is_read(project):
    shared = project / "shared-statutes"
    shutil.move(project / "content" / "statutes", shared)
    (project / "content" / "statutes").mkdir()
    for path in shared.iterdir():
        (project / "content" / "statutes" / path.name).symlink_to(path)
    assert run_check(project / "content").ok


def test_check_and_build_agree_on_which_files_are_content(project):
    agencies = project / "content" / "agencies"
    shutil.copy(agencies / "demo.yaml", agencies / "demo.yml")
    (agencies / "ghost.yhtml").write_text((agencies / "demo.yaml").read_text("utf-8"), "utf-8")
    report = run_check(project / "content")
    lines = [str(p) for p in report.problems]
    assert any("demo.yml:0:0: error: same id \"demo\"" in line for line in lines), lines
    assert any("ghost.yhtml:0:0: warning: not a YAML file: ignored" in line for line in lines), lines
    with pytest.raises(ContentError, match='same id "demo"'):
        load_corpus(project / "content", fast=True)
    (agencies / "demo.yml").unlink()
    docs = project / "docs"
    render_docs(project_of(project / "content"), docs, offer_zip=False)
    assert not any("ghost" in p.as_posix() for p in docs.rglob("*"))


# --- ids that would replace the site's own pages -----------------------------------------------

def test_statute_id_index_is_refused(project):
    statutes = project / "content" / "statutes"
    (statutes / "index.yaml").write_text("title: 索引办法\nlevel: 其他\n", "utf-8")
    lines = [str(p) for p in run_check(project / "content", root=project).problems]
    assert ('content/statutes/index.yaml:1:1: error: file name "index" cannot be a statute id: the site writes its '
            'own "index" page among the statute pages (rename the file, e.g. "index-1.yaml")') in lines, lines


@pytest.mark.parametrize("agency_id", ["top", "categories", "statutes", "search", "index"])
def test_agency_shards_never_take_the_place_of_the_top_site(project, agency_id):
    agencies = project / "content" / "agencies"
    shutil.copy(agencies / "demo.yaml", agencies / f"{agency_id}.yaml")
    corpus = load_corpus(project / "content", fast=True)
    ids = [shard.id for shard in plan(corpus, "agency")]
    assert agency_id not in ids and f"{agency_id}-shard" in ids
    site = project / "site"
    build_sharded(project / "content", site, by="agency")
    home = (site / "index.html").read_text("utf-8")
    assert "<h1" in home and "全站" not in home.split("<h1", 1)[0][-20:]
    assert (site / "categories" / "index.html").is_file()
    assert (site / "statutes" / "index.html").is_file()
    assert (site / f"{agency_id}-shard" / "index.html").is_file()


# --- numbers -----------------------------------------------------------------------------------

@pytest.mark.parametrize("value,message", [
    ("10000000000000000", "article: must be 9999 or less, found 10000000000000000"),
    ("true", "article: expected a whole number, found true/false"),
    ("0", "article: must be 1 or more, found 0"),
])
def test_article_numbers_are_bounded_and_strict(project, value, message):
    path = project / "content" / "agencies" / "demo.yaml"
    text = path.read_text("utf-8")
    assert "article: 87" in text
    path.write_text(text.replace("article: 87", f"article: {value}", 1), "utf-8")
    check = quanze("check", cwd=project)
    assert check.returncode == 1 and message in check.stdout, check.stdout
    build = quanze("build", cwd=project)
    assert build.returncode == 1 and "Traceback" not in build.stderr and message in build.stderr


# --- front matter ------------------------------------------------------------------------------

def front_matter(page: Path) -> dict:
    text = page.read_text("utf-8")
    assert text.startswith("---\n"), page
    head = text[4:text.index("\n---\n", 4)]
    data = yaml.safe_load(head)
    assert isinstance(data, dict) and isinstance(data.get("title"), str), (page, head)
    return data


@pytest.mark.parametrize("by", ["none", "region"])
def test_every_generated_page_has_valid_front_matter(tmp_path, by):
    from generator.publish.plan import layout_of
    from generator.site.render import render_site

    content = ROOT / "content"
    corpus = load_corpus(content, fast=True)
    layout = layout_of(plan(corpus, by), split=False) if by != "none" else None
    pages = render_site(corpus, offer_zip=False, **({"layout": layout} if layout else {}))
    docs = tmp_path / "docs"
    for page in pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, "utf-8")
    checked = 0
    for page in sorted(docs.rglob("*.md")):
        data = front_matter(page)
        assert "title:" not in page.read_text("utf-8").split("\n---\n", 1)[1].split("\n", 3)[0], page
        assert data["title"].strip(), page
        checked += 1
    assert checked == len(pages)
    if by == "region":
        shard_statutes = [p for p in docs.rglob("*/statutes/*.md") if not p.is_relative_to(docs / "statutes")]
        assert shard_statutes and all("（" in front_matter(p)["title"] for p in shard_statutes)


# --- the template cache -----------------------------------------------------------------------

def test_template_cache_lives_in_the_users_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = template_cache_dir()
    assert folder == tmp_path / "cache" / "quanze" / "jinja"
    assert folder.stat().st_mode & 0o777 == 0o700


def test_template_cache_others_can_write_to_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "cache" / "quanze").mkdir(parents=True)
    os.chmod(tmp_path / "cache" / "quanze", 0o777)
    assert template_cache_dir() is None


def test_template_cache_that_is_a_link_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "planted").mkdir(mode=0o700)
    (tmp_path / "cache" / "quanze").mkdir(parents=True, mode=0o700)
    (tmp_path / "cache" / "quanze" / "jinja").symlink_to(tmp_path / "planted")
    assert template_cache_dir() is None


def test_no_cache_in_the_shared_temporary_folder(project):
    source = (ROOT / "generator" / "publish" / "builders" / "mkdocs.py").read_text("utf-8")
    assert "gettempdir" not in source


# --- messages and signals ----------------------------------------------------------------------

def test_a_file_name_with_a_newline_cannot_forge_an_annotation(project):
    agencies = project / "content" / "agencies"
    (agencies / "x\n::error file=a.yaml::forged.yaml").write_text("name: [", "utf-8")
    result = quanze("check", cwd=project)
    assert not any(line.startswith("::error") for line in result.stdout.splitlines()), result.stdout
    assert "x\\n::error" in result.stdout


def test_control_characters_of_values_do_not_reach_the_terminal(project):
    path = project / "content" / "agencies" / "demo.yaml"
    path.write_text(path.read_text("utf-8").replace("category: 行政处罚", "category: \"行政\\e[31m处\\a罚\"", 1),
                    "utf-8")
    result = quanze("check", cwd=project)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b[31m" in result.stdout


def test_interrupt_is_one_line(project, monkeypatch, capsys):
    from generator import cli

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.tools.check.run_check", interrupted)
    monkeypatch.chdir(project)
    assert cli.main(["check"]) == 130
    assert capsys.readouterr().err == "quanze: interrupted\n"


def test_full_disk_during_a_build_is_one_line_and_the_site_stays(project, monkeypatch, capsys):
    import errno

    from generator import cli
    from generator.publish import pipeline as build

    build_site(project / "content", project / "site", zip_site=False)
    before = snapshot(project / "site")
    demo = project / "content" / "agencies" / "demo.yaml"
    demo.write_text(demo.read_text("utf-8").replace("category: 行政处罚", "category: 行政检查", 1), "utf-8")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(project / "site.build-x"))

    monkeypatch.setattr(build, "write_state", full)
    monkeypatch.chdir(project)
    assert cli.main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("quanze: error: No space left on device"), err
    assert snapshot(project / "site") == before
    assert sorted(p.name for p in project.iterdir()) == ["content", "notes.txt", "site"]


# --- importers keep what was printed ---------------------------------------------------------

def test_import_keeps_angle_brackets_and_entity_like_text(tmp_path):
    """A table of `<p>` cells (the tab-separated text family): only the cell's own tags go, and
    only entities written in full are decoded; the fidelity figure is measured on the raw text."""
    from generator.importers import import_source

    source = (ROOT / "sources" / "003_119a4ff0c2874498.txt").read_text("utf-8")
    at = source.index("\n1\t") + 3
    printed = "对<DRG/DIP>付费&region及<CT>检查&amp;"
    path = tmp_path / "list.txt"
    path.write_text(source[:at] + printed + source[at:], "utf-8")
    result = import_source(path, statutes_dir=ROOT / "content" / "statutes")
    first = result.agency["powers"][0]["name"]
    assert first.startswith("对<DRG/DIP>付费&region及<CT>检查&"), first
    assert "®" not in first
    assert result.report.placed_chars == result.report.source_chars
