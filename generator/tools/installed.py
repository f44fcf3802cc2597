"""How this copy of quanze was installed, and the command that installs the same copy in a
project's CI (the workflow `quanze init` writes).

pip records where a distribution came from in its `direct_url.json` (PEP 610):

    none                          from an index         pip install "quanze==X"
    vcs_info                      git URL at a commit   pip install "git+URL@COMMIT"
    archive_info, a file          a wheel or sdist      copied into the project's .quanze/
    archive_info, a remote URL    a wheel or sdist      pip install "quanze @ URL"
    dir_info (editable or not)    a folder              a wheel of it built into .quanze/; else
                                                        the folder's git remote at its commit;
                                                        else a step that says what to write
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..content.dates import run_git

SOURCE_TREE = Path(__file__).resolve().parent.parent.parent
"""The folder this module was imported from: a checkout, when quanze was never installed."""

BUILD_TIMEOUT = 300
"""Seconds pip may take to build a wheel of the folder quanze was installed from."""
FOLDER = ".quanze"
"""Where a project keeps the wheel or sdist its CI installs, when quanze came from a file."""


def install_command(project: Path) -> str:
    """The shell lines that install this copy of quanze in the CI of `project` (copying the
    wheel or sdist it installs into `project/.quanze/` when it needs one)."""
    try:
        found = importlib.metadata.distribution("quanze")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout, never installed
        return from_folder(SOURCE_TREE, project)
    return from_direct_url(found.read_text("direct_url.json"), found.version, project)


def from_direct_url(text: str | None, version: str, project: Path) -> str:
    """The install command for a distribution whose `direct_url.json` is `text` (None when it
    came from an index)."""
    if not text:
        return f'pip install "quanze=={version}"'
    info = json.loads(text)
    url = info["url"]
    if "vcs_info" in info:
        vcs = info["vcs_info"]
        return f'pip install "{vcs.get("vcs", "git")}+{url}@{vcs["commit_id"]}"'
    if "archive_info" in info and not url.startswith("file:"):
        return f'pip install "quanze @ {url}"'
    if "archive_info" in info:
        return from_archive(_path_of(url), project)
    return from_folder(_path_of(url), project)


def from_archive(archive: Path, project: Path) -> str:
    """Copy the wheel or sdist quanze was installed from into the project; install that."""
    if not archive.is_file():
        return unknown(f"quanze was installed from {archive}, which is no longer there")
    (project / FOLDER).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(archive, project / FOLDER / archive.name)
    return f"pip install {FOLDER}/{archive.name}"


def from_folder(folder: Path, project: Path) -> str:
    """A wheel of the folder quanze was installed from, built into the project; if it cannot be
    built, the folder's git remote at its current commit; else a step saying what to write."""
    wheel = built_wheel(folder.resolve())
    if wheel is not None:
        return from_archive(wheel, project)
    remote = git_remote(folder)
    if remote is None:
        return unknown(f"quanze was installed from the folder {folder}, which is no git checkout with a remote, "
                       "and no wheel of it could be built")
    url, commit = remote
    return (f"# the commit quanze was installed from ({folder}); push it to {url} first\n"
            f'pip install "git+{url}@{commit}"')


def unknown(why: str) -> str:
    """A step that fails, saying why and what to write in its place."""
    return (f"# {why}: replace these lines with the command that installs quanze, e.g.\n"
            '# pip install "git+https://github.com/OWNER/quanze@vX.Y.Z" or pip install .quanze/quanze-X.whl\n'
            'echo "write the command that installs quanze in .github/workflows/site.yml" >&2\n'
            "exit 1")


@functools.cache
def built_wheel(folder: Path) -> Path | None:
    """A wheel of the project in `folder` (built once per process), or None when pip cannot
    build one (no pyproject.toml, no build backend reachable)."""
    if not (folder / "pyproject.toml").is_file():
        return None
    out = Path(tempfile.mkdtemp(dir=_scratch().name))
    for isolation in (["--no-build-isolation"], []):  # the installed setuptools, else one pip fetches
        try:
            done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                                   "--disable-pip-version-check", *isolation, "--wheel-dir", str(out), str(folder)],
                                  capture_output=True, check=False, timeout=BUILD_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired):
            continue
        wheels = sorted(out.glob("quanze-*.whl"))
        if done.returncode == 0 and len(wheels) == 1:
            return wheels[0]
    return None


@functools.cache
def _scratch() -> tempfile.TemporaryDirectory:
    """A folder for the wheels this process builds, removed when it ends."""
    return tempfile.TemporaryDirectory(prefix="quanze-wheel-")


def git_remote(folder: Path) -> tuple[str, str] | None:
    """(the URL pip can fetch of the folder's first remote, its checked-out commit), or None."""
    try:
        remotes = run_git(["remote"], folder, timeout=30)
        names = remotes.stdout.decode("utf-8", "replace").split()
        if remotes.returncode != 0 or not names:
            return None
        url = run_git(["remote", "get-url", names[0]], folder, timeout=30).stdout.decode("utf-8", "replace").strip()
        commit = run_git(["rev-parse", "HEAD"], folder, timeout=30).stdout.decode("ascii", "replace").strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return (fetchable(url), commit) if url and len(commit) == 40 else None


def fetchable(url: str) -> str:
    """A git remote as pip takes it: scp-like `git@host:owner/repo` becomes `ssh://git@host/owner/repo`."""
    if "://" not in url and ":" in url.split("/")[0]:
        host, path = url.split(":", 1)
        return f"ssh://{host}/{path}"
    return url


def _path_of(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))
