"""A cache may cost time, never correctness: a cached build is a clean build.

From random sequences of edits (a list, a statute, a page template of the project, its
configuration, a release of quanze with a category renamed, a git commit or an amend, a file of
the built site changed by hand at the same size, the cache folder made read-only), each build
that keeps its site and its cache folder from the builds before gives what a clean build (a new
site folder, an empty cache folder) of the same state gives: the same files byte for byte, or
the same errors.

Builds run in this process, the stores of the user's cache folder being what they keep between
runs; after a release, each build runs in its own process with the released package.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import MINI, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.dates import SAFE_GIT
from generator.errors import ContentError, QuanzeError
from generator.project import PACKAGED_CONFIG, PACKAGED_TEMPLATES

EDITS = ["content", "statute", "template", "config", "release", "commit", "amend", "hand edit", "read-only cache"]
RENAMED = ("行政检查", "行政督查")
"""The category a release renames (the mini content uses it)."""


class Project:
    """A project in a git repository, its site, its cache folder, and the quanze it is built with."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "project" / "content"
        shutil.copytree(MINI, self.content)
        self.site = root / "site"
        self.cache = root / "cache"
        self.release: Path | None = None
        self.days = 0
        self.edits = 0
        self.frozen: list[Path] = []
        self.git("init", "-q")
        self.commit()

    def git(self, *args: str) -> str:
        self.days += 1
        day = f"2021-03-{self.days:02d}T12:00:00+00:00"
        env = {**os.environ, "GIT_AUTHOR_DATE": day, "GIT_COMMITTER_DATE": day, "GIT_CONFIG_NOSYSTEM": "1",
               "HOME": str(self.root)}
        return subprocess.run(["git", *SAFE_GIT, "-c", "user.name=test", "-c", "user.email=test@example.org",
                               "-c", "commit.gpgsign=false", *args], cwd=self.content.parent, env=env,
                              capture_output=True, check=True, text=True).stdout

    def commit(self) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", "edit")

    def edit(self, kind: str) -> None:
        self.edits += 1
        n = self.edits
        if kind == "content":
            replace(self.content / "agencies" / "demo.yaml", "\ntitle: ", f"\ntitle: 第{n}版")
        elif kind == "statute":
            replace(self.content / "statutes" / "shehui-baoxian-fa.yaml", "\nissuer: ", f"\nissuer: 第{n}届")
        elif kind == "template":
            own = self.content.parent / "site_templates" / "pages" / "agencies.md.j2"
            own.parent.mkdir(parents=True, exist_ok=True)
            own.write_text((PACKAGED_TEMPLATES / "pages" / "agencies.md.j2").read_text("utf-8")
                           + f"\n\n第{n}次修改的模板。\n", "utf-8")
        elif kind == "config":
            config = PACKAGED_CONFIG.read_text("utf-8")
            (self.content.parent / "mkdocs.yml").write_text(
                config.replace("\nsite_name: ", f"\nsite_name: 第{n}版", 1) if "\nsite_name: " in config
                else config.replace("site_name: ", f"site_name: 第{n}版", 1), "utf-8")
        elif kind == "release":
            self.make_release()
        elif kind == "commit":
            self.commit()
        elif kind == "amend":
            self.git("add", "-A")
            self.git("commit", "-q", "--amend", "--allow-empty", "-m", "amended")
        elif kind == "hand edit":
            hand_edit(self.site)
        elif kind == "read-only cache" and not self.frozen:
            self.frozen = [folder for folder in [self.cache, *self.cache.rglob("*")] if folder.is_dir()]
            for folder in self.frozen:
                folder.chmod(0o500)
            if os.geteuid() == 0 and shutil.which("chattr"):  # (root writes to a folder of mode 500)
                subprocess.run(["chattr", "+i", *map(str, self.frozen)], capture_output=True, check=False)

    def make_release(self) -> None:
        """A quanze whose vocabulary names a category otherwise (as a release might)."""
        if self.release is not None:
            return
        self.release = self.root / "release"
        shutil.copytree(ROOT / "generator", self.release / "generator",
                        ignore=shutil.ignore_patterns("__pycache__"))
        vocab = self.release / "generator" / "content" / "vocab.py"
        vocab.write_text(vocab.read_text("utf-8").replace(f'"{RENAMED[0]}"', f'"{RENAMED[1]}"'), "utf-8")

    def build(self, site: Path, cache: Path) -> tuple:
        """What a build gives: ("built", every file of the site) or (what failed, its messages)."""
        if self.release is not None:
            return self._build_released(site, cache)
        from generator.publish.pipeline import build_site

        with environment(XDG_CACHE_HOME=str(cache)):
            try:
                build_site(self.content, site, zip_site=False)
            except ContentError as exc:
                return ("content error", [str(problem) for problem in exc.problems])
            except QuanzeError as exc:
                return ("error", str(exc))
        return ("built", tree(site))

    def _build_released(self, site: Path, cache: Path) -> tuple:
        env = {**os.environ, "PYTHONPATH": str(self.release), "XDG_CACHE_HOME": str(cache),
               "NO_MKDOCS_2_WARNING": "1"}
        env.pop("SOURCE_DATE_EPOCH", None)
        done = subprocess.run([sys.executable, "-m", "generator", "--content", str(self.content), "build",
                               "--site-dir", str(site), "--no-zip", "--shard-by", "none"],
                              cwd=self.content.parent, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            # the messages of the failure; not warnings, such as the one line an unusable cache folder costs
            return ("failed", [line for line in done.stderr.splitlines()
                               if not line.startswith(("warning: ", "quanze: warning: "))])
        return ("built", tree(site))

    def clean_build(self) -> tuple:
        """A build of the same state into a new site folder with an empty cache folder, in a state
        of this process where no earlier load is remembered."""
        from generator.content import fastload

        fresh = Path(tempfile.mkdtemp(dir=self.root, prefix="clean-"))
        kept = dict(fastload._CACHE)
        fastload._CACHE.clear()
        try:
            return self.build(fresh / "site", fresh / "cache")
        finally:
            fastload._CACHE.clear()
            fastload._CACHE.update(kept)
            shutil.rmtree(fresh, ignore_errors=True)

    def cleanup(self) -> None:
        if self.frozen and os.geteuid() == 0 and shutil.which("chattr"):
            subprocess.run(["chattr", "-i", *map(str, self.frozen)], capture_output=True, check=False)
        for folder in self.frozen:
            folder.chmod(stat.S_IRWXU)
        shutil.rmtree(self.root, ignore_errors=True)


def replace(path: Path, before: str, after: str) -> None:
    path.write_text(path.read_text("utf-8").replace(before, after, 1), "utf-8")


def hand_edit(site: Path) -> None:
    """One byte of a built page changed, its size kept."""
    page = site / "index.html"
    if page.is_file():
        data = page.read_bytes()
        page.write_bytes(data.replace(b"<head>", b"<HEAD>", 1) if b"<head>" in data else data[:-1] + b"!")


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@contextmanager
def environment(**values: str):
    before = {name: os.environ.get(name) for name in [*values, "SOURCE_DATE_EPOCH"]}
    os.environ.update(values)
    os.environ.pop("SOURCE_DATE_EPOCH", None)  # (with it the pages print no git dates)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def differences(cached: tuple, clean: tuple) -> str:
    if cached[0] != clean[0] or cached[0] != "built":
        return f"cached build: {cached[0]} {cached[1] if cached[0] != 'built' else ''}\n" \
               f"clean build: {clean[0]} {clean[1] if clean[0] != 'built' else ''}"
    names = sorted(set(cached[1]) ^ set(clean[1])) or [n for n in sorted(cached[1]) if cached[1][n] != clean[1][n]]
    return f"files that differ: {names[:10]}"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is missing")
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(EDITS), min_size=1, max_size=3))
def test_a_cached_build_is_a_clean_build(edits):
    project = Project(Path(tempfile.mkdtemp(prefix="quanze-invariant-")))
    try:
        project.build(project.site, project.cache)
        for kind in edits:
            project.edit(kind)
            cached = project.build(project.site, project.cache)
            clean = project.clean_build()
            assert cached == clean, f"after {edits[:edits.index(kind) + 1]}:\n{differences(cached, clean)}"
    finally:
        project.cleanup()


@pytest.fixture
def project(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is missing")
    made = Project(tmp_path / "example")
    yield made
    made.cleanup()


def test_a_release_that_renames_a_category_reports_the_list_not_a_stored_model(project):
    """A model stored by one release is not loaded by the next: the renamed category is an
    error at its file and line, as on a first build, not a KeyError from the checks."""
    project.build(project.site, project.cache)
    project.make_release()
    cached, clean = project.build(project.site, project.cache), project.clean_build()
    assert cached[0] == "failed" and not any("Traceback" in line for line in cached[1]), cached
    assert any("demo.yaml:37:" in line and RENAMED[0] in line for line in cached[1]), cached
    assert cached == clean


def test_an_amended_commit_changes_the_data_date_of_an_incremental_build(project):
    """The pages print the date of the last commit of their list: a commit amended on a later
    day is a change, though no file changed."""
    project.build(project.site, project.cache)
    committed = project.git("log", "-1", "--format=%cs").strip()
    assert committed in (project.site / "agencies" / "demo" / "index.html").read_text("utf-8")
    project.edit("amend")
    amended = project.git("log", "-1", "--format=%cs").strip()
    cached = project.build(project.site, project.cache)
    after = (project.site / "agencies" / "demo" / "index.html").read_text("utf-8")
    assert amended in after and committed not in after
    assert cached == project.clean_build()


def test_a_page_changed_by_hand_at_its_size_is_built_again(project):
    project.build(project.site, project.cache)
    built = (project.site / "index.html").read_bytes()
    hand_edit(project.site)
    assert (project.site / "index.html").read_bytes() != built
    project.build(project.site, project.cache)
    assert (project.site / "index.html").read_bytes() == built


def warnings_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("quanze: warning: the cache folder")]


@pytest.fixture
def fresh_warning(monkeypatch):
    from generator import cachekey

    monkeypatch.setattr(cachekey, "_SET_ASIDE", [])


def test_a_full_cache_folder_costs_time_and_one_warning(project, monkeypatch, capsys, fresh_warning):
    import errno

    from generator import fileio

    def full(path, data, durable=True):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileio, "_write_atomic", full)
    project.edit("content")
    cached = project.build(project.site, project.cache)
    assert len(warnings_of(capsys.readouterr().err)) == 1
    monkeypatch.undo()
    assert cached == project.clean_build()


@pytest.mark.parametrize("damage", ["truncated", "garbage", "foreign"])
def test_a_damaged_cache_folder_costs_time_and_one_warning(project, capsys, fresh_warning, damage):
    project.build(project.site, project.cache)
    project.edit("content")
    stored = [p for p in (project.cache / "quanze").rglob("*") if p.is_file()]
    assert stored
    for path in stored:
        data = path.read_bytes()
        path.write_bytes(data[:len(data) // 2] if damage == "truncated" else b"\x80\x05garbage" * 9)
    if damage == "foreign":
        if os.geteuid() != 0:
            pytest.skip("only root can give a folder to another user")
        os.chown(project.cache / "quanze", 4242, -1)
    capsys.readouterr()
    cached = project.build(project.site, project.cache)
    assert len(warnings_of(capsys.readouterr().err)) == 1
    assert cached == project.clean_build()


def test_the_toolchain_names_every_dependency():
    """A dependency upgraded changes every store's key: each one pyproject.toml names is among them."""
    import re
    import tomllib

    from generator.cachekey import DISTRIBUTIONS

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    named = [*project["dependencies"], *project["optional-dependencies"]["zensical"]]
    found = {re.split(r"[<>=!~ \[;]", name, maxsplit=1)[0].lower() for name in named}
    assert found <= set(DISTRIBUTIONS), sorted(found - set(DISTRIBUTIONS))
