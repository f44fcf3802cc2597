"""Measuring one build: wall time, peak memory of the process tree, sizes of what it wrote."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class Run:
    """One command run to completion."""

    command: list[str]
    seconds: float
    returncode: int
    max_rss_mb: float
    """Largest resident set of any single process of the tree (wait4 rusage)."""
    peak_tree_mb: float
    """Largest sum of the proportional sets of the whole tree (a page shared by n processes, as a
    fork shares its parent's, counted 1/n in each: the memory the tree holds), sampled every
    0.1 s; where the system does not say, the sum of their resident sets."""
    output_tail: str

    def as_dict(self) -> dict:
        return asdict(self)


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass
    return found


def _pss_kb(pid: int) -> int:
    """`pid`'s proportional set size (Linux's smaps_rollup), else its resident set."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return _rss_kb(pid)


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, IndexError, ValueError):
        return 0


def tree_memory_kb(pid: int) -> int:
    """The memory `pid` and all its descendants hold, in KB (their proportional sets: `_pss_kb`)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _pss_kb(current)
        todo += _children(current)
    return total


def run(command: list[str], cwd: Path | None = None, env: dict | None = None) -> Run:
    """Run `command`, sampling the memory of its process tree until it exits."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_memory_kb(proc.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    tail = output.decode("utf-8", "replace")[-3000:]
    return Run(command, round(seconds, 2), proc.returncode, round(usage.ru_maxrss / 1024, 1),
               round(peak[0] / 1024, 1), tail)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def count_pages(folder: Path, suffix: str = ".html") -> int:
    return sum(1 for _ in folder.rglob(f"*{suffix}"))


def largest_search_index(site: Path) -> tuple[str | None, int]:
    """The largest file in any `search/` folder of the site (what a page loads to search)."""
    best: tuple[str | None, int] = (None, 0)
    for path in site.rglob("*"):
        if path.is_file() and "search" in path.parent.parts and path.suffix in {".js", ".json"}:
            if path.name.startswith("worker") or "lunr" in path.parts:
                continue
            size = path.stat().st_size
            if size > best[1]:
                best = (str(path.relative_to(site)), size)
    return best
