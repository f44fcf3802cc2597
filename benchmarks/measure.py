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


def folder_disk_bytes(folder: Path) -> int:
    """The disk `folder` takes, as `du` counts it (its own and every file's and folder's blocks):
    each file rounded up to the file system's blocks (3,400 bureaus: 971.8 MB of files take
    1.13 GB of a disk of 4 KB blocks, 68,389 pages of 10.5 KB on average)."""
    import os
    import stat

    total, seen = 0, set()  # (a file linked twice counted once, as `du` does)
    for root, folders, files in os.walk(folder):
        for name in [*folders, *files, *([""] if root == str(folder) else [])]:
            try:
                info = os.lstat(os.path.join(root, name) if name else root)
            except OSError:
                continue
            if info.st_nlink > 1 and not stat.S_ISDIR(info.st_mode):
                if (info.st_dev, info.st_ino) in seen:
                    continue
                seen.add((info.st_dev, info.st_ino))
            total += info.st_blocks * 512
    return total


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


# --- what was deleted before a build: the file system's own cost ----------------------------

class Trash:
    """Folders of earlier runs and builds, moved aside while builds are measured and deleted once
    they are done (`empty`).

    On ext4 without a journal (this machine's disks) the kernel does not give a new file an inode
    freed in the last 60 s, nor one freed in the last 360 s while the block of the inode table
    holding it is not yet written back, which a build's own new files keep it from being: each file
    created walks past every such inode (`find_inode_bit` -> `recently_deleted`). A build measured
    minutes after a site as big was deleted pays for it: the 1,000 bureaus built in 37-38 s right
    after the previous run's site and cache were deleted (even after `sync` and 70 s), in 27-29 s
    into new folders (the workers' system time 8.8 s against 2.4 s each). So a run deletes nothing
    till its last build is measured: a rename frees no inode."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.elsewhere: list[Path] = []  # (on another file system: deleted at the end, where they are)

    def put(self, path: Path) -> None:
        """Move `path` (a folder or file, if it exists) out of the way, to be deleted at the end."""
        if not path.exists() and not path.is_symlink():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{len(list(self.folder.iterdir()))}-{path.name}"
        try:
            path.rename(target)
        except OSError:
            self.elsewhere.append(path)

    def empty(self) -> None:
        import shutil

        for path in [self.folder, *self.elsewhere]:
            shutil.rmtree(path, ignore_errors=True)
        self.elsewhere.clear()


def file_system(path: Path) -> dict:
    """The file system `path` is on (Linux's /proc/mounts): its type, mount point and, for ext4,
    whether it has a journal (one without one slows the creation of files for minutes after many
    were deleted: see `Trash`)."""
    try:
        mounts = [line.split() for line in Path("/proc/mounts").read_text().splitlines()]
    except OSError:
        return {}
    where = str(Path(path).resolve())
    best = max((m for m in mounts if len(m) > 2 and (where == m[1] or where.startswith(m[1].rstrip("/") + "/"))),
               key=lambda m: len(m[1]), default=None)
    if best is None:
        return {}
    found = {"type": best[2], "mount": best[1]}
    if best[2] == "ext4":
        device = Path(best[0]).name
        found["journal"] = any(Path("/proc/fs/jbd2").glob(f"{device}-*"))
    return found
