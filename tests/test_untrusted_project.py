"""A project from someone else (a contributor's branch built in CI, a folder received): what it
holds is published only when it is the project's own file, and building it runs none of its code
but the MkDocs plugins and hooks its mkdocs.yml names on purpose.

Each case failed against the code before its fix."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import MINI

from generator.errors import QuanzeError
from generator.publish.pipeline import build_site


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(MINI, tmp_path / "project" / "content")
    (tmp_path / "shadow").write_text("root:$6$secret-hash:19000:0:99999:7:::\n", "utf-8")
    return tmp_path / "project"


# --- the project's templates and assets are its own files ---------------------------------------

def plant(project: Path, where: str, how: str) -> None:
    """A file of the project's templates that shows another file: a symbolic link to it, a hard
    link to it, or a symbolic link to the folder holding it."""
    path = project / "site_templates" / where
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = project.parent / "shadow"
    if how == "symlink":
        path.symlink_to(secret)
    elif how == "hardlink":
        os.link(secret, path)
    else:
        elsewhere = project.parent / "elsewhere"
        elsewhere.mkdir()
        (elsewhere / path.name).write_bytes(secret.read_bytes())
        path.parent.rmdir()
        path.parent.symlink_to(elsewhere)


@pytest.mark.parametrize("where", ["assets/stylesheets/shadow.css", "overrides/partials/shadow.html",
                                   "pages/home.md.j2"])
@pytest.mark.parametrize("how", ["symlink", "hardlink", "folder"])
def test_a_link_among_the_templates_is_refused_with_one_line_naming_it(project, tmp_path, where, how):
    plant(project, where, how)
    with pytest.raises(QuanzeError) as raised:
        build_site(project / "content", tmp_path / "site", zip_site=False)
    message = str(raised.value)
    shown = "site_templates/" + (where if how != "folder" else where.rsplit("/", 1)[0])
    what = "a file with 2 hard links" if how == "hardlink" else "a symbolic link"
    assert message == (f"{shown}: error: {what}, refused: it can show a file from outside the project (put the "
                       "file itself there)")
    assert not (tmp_path / "site").exists()
    assert "secret-hash" not in message


def test_the_projects_own_templates_and_assets_are_used(project, tmp_path):
    (project / "site_templates" / "assets" / "stylesheets").mkdir(parents=True)
    (project / "site_templates" / "assets" / "stylesheets" / "extra.css").write_text("/* ours */\n", "utf-8")
    (project / "site_templates" / "overrides").mkdir()
    (project / "site_templates" / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}本站由某某县维护{% endblock %}\n', "utf-8")
    build_site(project / "content", tmp_path / "site", zip_site=False)
    assert (tmp_path / "site" / "assets" / "stylesheets" / "extra.css").read_text("utf-8") == "/* ours */\n"
    assert "本站由某某县维护" in (tmp_path / "site" / "index.html").read_text("utf-8")


# --- mkdocs.yml: MkDocs' own tags, no Python ---------------------------------------------------

def configure(project: Path, extra: str) -> Path:
    """The project's mkdocs.yml: the one `quanze init` writes, with `extra` lines after it."""
    from generator.tools.init import site_config

    config = project / "mkdocs.yml"
    config.write_text(site_config() + extra, "utf-8")
    return config


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/object/new:os.system"])
def test_a_python_tag_in_mkdocs_yml_is_refused_without_running_it(project, tmp_path, tag):
    marker = tmp_path / "ran"
    config = configure(project, f'extra_payload: {tag} ["touch {marker}"]\n')
    line = config.read_text("utf-8").count("\n")
    with pytest.raises(QuanzeError) as raised:
        build_site(project / "content", tmp_path / "site", zip_site=False)
    assert str(raised.value) == (
        f"{config}:{line}:16: error: the tag {tag} is refused: a Python tag would run code when the site is built "
        "(name the plugin or extension instead, e.g. in markdown_extensions)")
    assert not marker.exists() and not (tmp_path / "site").exists()


def test_a_python_tag_in_an_inherited_configuration_is_refused(project, tmp_path):
    marker = tmp_path / "ran"
    (project / "base.yml").write_text(f'extra:\n  x: !!python/object/apply:os.system ["touch {marker}"]\n', "utf-8")
    configure(project, "INHERIT: base.yml\n")
    with pytest.raises(QuanzeError, match=r"base\.yml:2:6: error: the tag !!python/object/apply:os\.system"):
        build_site(project / "content", tmp_path / "site", zip_site=False)
    assert not marker.exists()


def test_mkdocs_own_tags_still_work(project, tmp_path, monkeypatch):
    monkeypatch.setenv("QUANZE_TEST_SITE_NAME", "某某县医疗保障局权责清单")
    config = configure(project, "")
    text = config.read_text("utf-8")
    site_name = next(line for line in text.splitlines() if line.startswith("site_name:"))
    config.write_text(text.replace(site_name, "site_name: !ENV [QUANZE_TEST_SITE_NAME, 默认]").replace(
        "  - tables\n", "  - tables\n  - pymdownx.snippets:\n      base_path: !relative $config_dir\n"), "utf-8")
    assert "site_name: !ENV" in config.read_text("utf-8") and "!relative $config_dir" in config.read_text("utf-8")
    build_site(project / "content", tmp_path / "site", zip_site=False)
    assert "<title>某某县医疗保障局权责清单</title>" in (tmp_path / "site" / "index.html").read_text("utf-8")


# --- page templates: presentation only ---------------------------------------------------------

@pytest.mark.parametrize("expression, attribute", [
    ("''.__class__.__mro__[1].__subclasses__()", "'__class__' of 'str'"),
    ("cycler.__init__.__globals__.os.system('touch {marker}')", "'__init__' of 'type'"),
    ("self._TemplateReference__context", "'_TemplateReference__context' of 'TemplateReference'"),
])
def test_a_template_reaching_python_internals_is_refused_with_one_line(project, tmp_path, expression, attribute):
    from generator.project import PACKAGED_TEMPLATES

    marker = tmp_path / "ran"
    home = project / "site_templates" / "pages" / "home.md.j2"
    home.parent.mkdir(parents=True)
    shipped = (PACKAGED_TEMPLATES / "pages" / "home.md.j2").read_text("utf-8")
    home.write_text(shipped + "\n{{ " + expression.format(marker=marker) + " }}\n", "utf-8")
    line = home.read_text("utf-8").count("\n")
    with pytest.raises(QuanzeError) as raised:
        build_site(project / "content", tmp_path / "site", zip_site=False)
    assert str(raised.value) == (
        f"{home}:{line}: error: access to attribute {attribute} object is unsafe. (a page template prints the values "
        "its page is given; it cannot reach Python's internals or modules)")
    assert not marker.exists() and not (tmp_path / "site").exists()


# --- git: a repository's own configuration runs nothing ----------------------------------------

def hostile_repository(project: Path, marker: Path) -> None:
    """The project as a git repository whose .git/config names a program for git to run: as its
    file-system monitor (run by `git diff` and `git ls-files`), signature checker (run by `git
    log` on a signed commit) and pager. The last commit carries a signature."""
    import subprocess

    def git(*args: str, stdin: str | None = None) -> str:
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=project,
                              input=stdin, capture_output=True, text=True, check=True).stdout.strip()

    git("init", "-q")
    git("add", "content")
    git("commit", "-qm", "lists")
    signed = (f"tree {git('rev-parse', 'HEAD^{tree}')}\nparent {git('rev-parse', 'HEAD')}\n"
              "author t <t@example.org> 1700000000 +0000\ncommitter t <t@example.org> 1700000000 +0000\n"
              "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nsigned\n")
    git("update-ref", "HEAD", git("hash-object", "-t", "commit", "-w", "--stdin", stdin=signed))
    program = project.parent / "planted.sh"
    program.write_text(f'#!/bin/sh\necho "$0 $*" >> "{marker}"\ncat\n', "utf-8")
    program.chmod(0o755)
    for key in ("core.fsmonitor", "gpg.program", "core.pager"):
        git("config", key, str(program))
    git("config", "log.showSignature", "true")
    (project / "content" / "agencies" / "demo.yaml").write_text(
        (project / "content" / "agencies" / "demo.yaml").read_text("utf-8") + "# edited\n", "utf-8")


def test_git_run_by_quanze_runs_no_program_a_repository_configures(project, tmp_path):
    from generator.content.dates import run_git

    marker = tmp_path / "ran"
    hostile_repository(project, marker)
    assert run_git(["log", "-1"], project).returncode == 0
    assert run_git(["diff", "--name-only", "HEAD"], project).stdout == b"content/agencies/demo.yaml\n"
    assert not marker.exists()


def test_changed_files_and_dates_run_no_program_a_repository_configures(project, tmp_path):
    """`quanze shards --changed` (git diff, git ls-files: the file-system monitor) and the pages'
    dates (git log)."""
    from generator.content.dates import last_changed
    from generator.tools.diff import changed_files

    marker = tmp_path / "ran"
    hostile_repository(project, marker)
    assert changed_files("HEAD", project) == ["content/agencies/demo.yaml"]
    assert set(last_changed(project, project / "content")) >= {"agencies/demo.yaml"}
    assert not marker.exists(), marker.read_text("utf-8")


# --- leftovers ---------------------------------------------------------------------------------

def test_serve_stopped_by_sigterm_removes_its_temporary_folder(project, tmp_path):
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from conftest import ROOT

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temporary), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.communicate()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the preview did not answer"
            time.sleep(0.2)
        assert len(list(temporary.glob("quanze-preview-*"))) == 1  # (jieba keeps its cache there too)
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=60)
    finally:
        server.kill()
        server.wait()
    assert server.returncode == 130 and err.endswith("quanze: interrupted\n"), err
    assert list(temporary.glob("quanze-preview-*")) == []


def leftover(folder: Path) -> Path:
    """The temporary file a write of `folder/demo.yaml` killed midway leaves (fileio.write_atomic)."""
    import tempfile

    descriptor, name = tempfile.mkstemp(prefix=".demo.yaml.", suffix=".tmp", dir=folder)
    os.close(descriptor)
    return Path(name)


def ignored(repository: Path, path: Path) -> bool:
    import subprocess

    done = subprocess.run(["git", "check-ignore", "--no-index", "-q", str(path.relative_to(repository))],
                          cwd=repository, capture_output=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode == 0


def test_a_write_killed_midway_leaves_nothing_git_would_commit(tmp_path):
    import subprocess

    from conftest import ROOT

    from generator.tools.init import init_project

    init_project(tmp_path / "new", bare=True)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path / "new", check=True)
    assert ignored(tmp_path / "new", leftover(tmp_path / "new" / "content" / "agencies"))
    assert not ignored(tmp_path / "new", tmp_path / "new" / "content" / "agencies" / "demo.yaml")
    scratch = Path(ROOT / "content" / "agencies")
    left = leftover(scratch)
    try:
        assert ignored(ROOT, left)
    finally:
        left.unlink()
