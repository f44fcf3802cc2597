"""When each content file last changed: the date of the last commit that touched it.

A site says how current its data is (the footer's 数据日期) without reading the clock, so that
two builds of the same commit are the same bytes. The date of a page is that of the newest
content file it is made from (`site/chrome.py:page_date`), so an edit to one agency's list
changes the dates of that agency's pages only, and an incremental build stays incremental.

Dates come from git, and only when the project folder is the top of a work tree with its whole
history: in a shallow clone (the default of many CI checkouts) the last commit would seem to
have touched every file, and in a folder inside another repository (a test fixture, an example)
the dates would be those of the outer project's commits. Otherwise there are no dates and the
pages fall back to the dates the content gives (publication of a list, an edition, an
adjustment). A file changed but not committed keeps the date of its last commit.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path


def source_date_epoch() -> int | None:
    """The time a reproducible build stamps (SOURCE_DATE_EPOCH, seconds since 1970-01-01 UTC), or
    None when it is unset or not a whole number. The one place quanze reads the variable: the
    build date, the pages' data date, the zip's entries and the build's fingerprint ask it here."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else None


def build_date() -> dt.date:
    """The day of the build, the one rule for every part that prints or compares it (statutes'
    status, the data files, the site): the day SOURCE_DATE_EPOCH names when set, else today (UTC)."""
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).date()
    return dt.datetime.now(tz=dt.timezone.utc).date()


GIT_TIMEOUT = 120
"""Seconds one `git log` over the content folder may take before the dates are left out."""

#: Settings given to every git command quanze runs: a repository's own configuration (a project
#: received from someone else, its `.git/config` theirs) can name programs that git runs, and
#: none is: no file-system monitor (`core.fsmonitor`, run by `diff` and `ls-files`), no
#: signature check (`log.showSignature`, `gpg.program`), no pager; paths printed as they are.
SAFE_GIT = ("-c", "core.fsmonitor=false", "-c", "log.showSignature=false", "-c", "gpg.program=false",
            "-c", "gpg.ssh.program=false", "-c", "gpg.x509.program=false", "-c", "core.quotepath=off", "--no-pager")


def run_git(args: list[str], cwd: Path, *, stdin: bytes | None = None,
            timeout: float | None = None) -> subprocess.CompletedProcess:
    """git with `args` in the folder `cwd`, run so that nothing the repository configures runs
    (`SAFE_GIT`), its output captured as bytes. Raises OSError when git is missing, and
    subprocess.TimeoutExpired after `timeout` seconds."""
    return subprocess.run(["git", *SAFE_GIT, *args], cwd=cwd, input=stdin, capture_output=True, timeout=timeout,
                          env={**os.environ, "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
                          check=False)


def last_changed(project_root: Path, content_dir: Path) -> dict[str, dt.date]:
    """Content file (posix path relative to `content_dir`) -> date of the last commit that changed
    it, or {} when the project is not the top of a complete git work tree (or git is missing)."""
    if shutil.which("git") is None or not (Path(project_root) / ".git").exists():
        return {}
    root, content = Path(project_root).resolve(), Path(content_dir).resolve()
    if not content.is_relative_to(root):
        return {}
    run = lambda *args: run_git(list(args), root, timeout=GIT_TIMEOUT)  # noqa: E731
    try:
        top = run("rev-parse", "--show-toplevel", "--is-shallow-repository")
        if top.returncode != 0:
            return {}
        lines = top.stdout.decode("utf-8", "replace").splitlines()
        if len(lines) != 2 or Path(lines[0]).resolve() != root or lines[1].strip() != "false":
            return {}
        log = run("log", "--format=format:%x1e%cs", "--name-only", "--no-renames", "-z", "--",
                  content.relative_to(root).as_posix() or ".")
    except (OSError, subprocess.SubprocessError):
        return {}
    if log.returncode != 0:
        return {}
    return _parse(log.stdout.decode("utf-8", "replace"), content.relative_to(root).as_posix())


def _parse(output: str, content: str) -> dict[str, dt.date]:
    """The first (newest) date each file appears under in `git log --name-only -z` output."""
    dates: dict[str, dt.date] = {}
    prefix = "" if content in ("", ".") else content.rstrip("/") + "/"
    for record in output.split("\x1e"):
        if not record.strip("\0\n"):
            continue
        head, _, names = record.partition("\n")
        try:
            day = dt.date.fromisoformat(head.strip())
        except ValueError:
            continue
        for name in names.split("\0"):
            name = name.strip("\n")
            if name.startswith(prefix) and name not in ("", prefix):
                dates.setdefault(name[len(prefix):], day)
    return dates
