"""A build killed with SIGKILL midway leaves the previous site as it was: never half-written, never gone."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MINI, ROOT

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def build(cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--site-dir", "site"], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def work_folders(folder: Path) -> set[str]:
    return {p.name for p in folder.glob("site.*")}


def kill_midway(folder: Path, delay: float) -> bool:
    """Start a build and kill it `delay` seconds after its work folder appears; False if it finished first."""
    seen = work_folders(folder)
    process = build(folder)
    while not work_folders(folder) - seen:
        if process.poll() is not None:
            return False
        time.sleep(0.005)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    return process.wait(timeout=60) == -signal.SIGKILL


def working_span(folder: Path) -> float:
    """Seconds from a build's work folder appearing to the build's end: the span the kills are spread over,
    so they fall midway on a fast machine as on a slow one."""
    seen = work_folders(folder)
    process = build(folder)
    while not work_folders(folder) - seen and process.poll() is None:
        time.sleep(0.005)
    started = time.monotonic()
    assert process.wait(timeout=120) == 0
    return time.monotonic() - started


def test_killed_builds_leave_the_previous_site_intact(tmp_path):
    shutil.copytree(MINI, tmp_path / "content")
    span = working_span(tmp_path)
    new = site_bytes(tmp_path / "site")
    (tmp_path / "site" / "previous-build.txt").write_text("the site before the killed builds", encoding="utf-8")
    old = site_bytes(tmp_path / "site")
    killed = 0
    for share in (0.0, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8):
        killed += kill_midway(tmp_path, span * share)
        site = site_bytes(tmp_path / "site")
        assert site in (old, new), f"killed {span * share:.2f} s into a build: the site is neither the old nor the new one"
    assert killed >= 4
    assert build(tmp_path).wait(timeout=120) == 0
    assert site_bytes(tmp_path / "site") == new


def processes_in(folder: Path) -> list[int]:
    """The processes whose working folder is `folder` (Linux: /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if Path(os.readlink(entry / "cwd")) == folder:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="needs /proc")
def test_a_killed_build_leaves_no_worker_behind(tmp_path):
    """The workers of a build killed outright end too (they watch the process that started them)."""
    shutil.copytree(MINI, tmp_path / "content")
    span = working_span(tmp_path)
    killed = 0
    for share in (0.05, 0.2, 0.4):
        shutil.rmtree(tmp_path / "site", ignore_errors=True)  # a build to do, not one up to date
        killed += kill_midway(tmp_path, span * share)
    assert killed >= 1
    deadline = time.monotonic() + 10
    while processes_in(tmp_path.resolve()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_in(tmp_path.resolve()) == []
