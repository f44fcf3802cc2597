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

GIT_TIMEOUT = 120
"""Seconds one `git log` over the content folder may take before the dates are left out."""


def last_changed(project_root: Path, content_dir: Path) -> dict[str, dt.date]:
    """Content file (posix path relative to `content_dir`) -> date of the last commit that changed
    it, or {} when the project is not the top of a complete git work tree (or git is missing)."""
    git = shutil.which("git")
    if git is None or not (Path(project_root) / ".git").exists():
        return {}
    root, content = Path(project_root).resolve(), Path(content_dir).resolve()
    if not content.is_relative_to(root):
        return {}
    run = lambda *args: subprocess.run(  # noqa: E731
        [git, "-c", "core.quotepath=off", "-C", str(root), *args], capture_output=True, timeout=GIT_TIMEOUT,
        env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}, check=False)
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
