"""Worker processes: every process quanze starts, for the loader, a build or a preview.

    with Workers(2) as workers:                   # started when first given work
        future = workers.submit(function, *args)  # run by a worker (here, without workers)
    done = in_forks(function, items, 2)           # this process and a fork of it, chunk by chunk

Workers are forked where the system can, so that they share (copy-on-write) what this process has
read: the corpus, the rendered pages. Before they fork, the objects this process holds are frozen
out of the garbage collector (`gc.freeze`): a collection in a worker would touch, and so copy, every
page of them. Where the system cannot fork, or where the work carries its inputs and this process
has grown large (a fork's resident memory counts all of its parent's), they are started afresh
and share nothing.

A process killed outright (SIGKILL: an out-of-memory killer, a CI job's timeout) cannot tell its
workers to stop, and an idle worker waits for work forever: each worker watches the process that
started it and ends when that one is gone.
"""

from __future__ import annotations

import atexit
import gc
import math
import multiprocessing
import os
import pickle
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

#: How often a worker looks whether the process that started it is still there (seconds).
WATCH_EVERY = 0.5


#: Allocations between two collections of the youngest generation, and collections of each
#: generation before the next one is collected (Python's defaults: 700, 10, 10).
COLLECT_EVERY = (100_000, 50, 100)


def collect_less() -> None:
    """Collect garbage less often in this process (and the workers it forks): a build makes
    millions of objects that live to its end (the content's models, the pages), and the
    collector's default rhythm went over them again and again (a third of the time of reading
    1,000 agencies' kept models). Cycles are still collected, in larger batches."""
    gc.set_threshold(*COLLECT_EVERY)


def available_cpus(cgroups: Path = Path("/sys/fs/cgroup"), own: Path = Path("/proc/self/cgroup")) -> int:
    """The CPUs this process may keep busy: those it may run on (`sched_getaffinity`: `taskset`, a
    container's cpuset), within its control group's quota (`docker --cpus 2` on a host of 64
    cores: 2), at least one. `os.cpu_count()` counts the host's: a build would start that many
    workers, each holding half a gigabyte, where it was given two cores."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    quota = cgroup_cpu_quota(cgroups, own)
    if quota is not None:
        count = min(count, math.ceil(quota))
    return max(1, count)


def cgroup_cpu_quota(cgroups: Path, own: Path) -> float | None:
    """The CPUs' worth of time this process's control group may use (cgroup v2 `cpu.max`, v1
    `cpu.cfs_quota_us` over `cpu.cfs_period_us`), or None: no quota, or none to read (not Linux)."""
    lines = (_read_small(own, 1 << 16) or "").splitlines()
    paths: dict[str, str] = {}  # controller ("" for cgroup v2) -> this process's group
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) == 3:
            for controller in parts[1].split(","):
                paths.setdefault(controller, parts[2] or "/")
    for folder in (cgroups / paths.get("", "/").lstrip("/"), cgroups):
        found = _read_small(folder / "cpu.max")
        if found is not None:
            parts = found.split()
            if len(parts) == 2 and parts[0] != "max":
                return _ratio(parts[0], parts[1])
            return None
    v1 = paths.get("cpu", "/").lstrip("/")
    for mount in ("cpu", "cpu,cpuacct", "cpuacct,cpu"):
        for folder in (cgroups / mount / v1, cgroups / mount):
            quota, period = _read_small(folder / "cpu.cfs_quota_us"), _read_small(folder / "cpu.cfs_period_us")
            if quota is not None and period is not None:
                return None if quota.strip().startswith("-") else _ratio(quota, period)
    return None


def _read_small(path: Path, limit: int = 256) -> str | None:
    """The start of a small file of the system's (`limit` characters), or None."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(limit)
    except OSError:
        return None


def _ratio(quota: str, period: str) -> float | None:
    try:
        value = int(quota) / int(period)
    except (ValueError, ZeroDivisionError):
        return None
    return value if value > 0 else None


def forking() -> bool:
    """Whether workers can be forked here (they then share what this process has read)."""
    return "fork" in multiprocessing.get_all_start_methods()


def fork_is_safe() -> bool:
    """Whether this process may fork now: the system can, and no other thread runs (a thread
    holding a lock at the fork leaves the lock held in the worker)."""
    return forking() and threading.active_count() == 1


class Workers:
    """`count` worker processes (none when `count` is 0: `submit` then runs the call here), started
    when first given work: forked where the system can, or started afresh (`fresh`; None: when
    this process then holds more than `FRESH_ABOVE` bytes, for work whose every input is handed to
    it: a fork's resident memory counts all of its parent's, a fresh worker takes a second to
    start); they end with this process, or with the `with` block."""

    def __init__(self, count: int, fresh: bool | None = False) -> None:
        self.count, self.fresh = count, fresh
        self._executor: ProcessPoolExecutor | None = None
        self.forked = False

    @property
    def executor(self) -> ProcessPoolExecutor | None:
        if self._executor is None and self.count >= 1:
            fresh = self.fresh if self.fresh is not None else (resident_bytes() or 0) > FRESH_ABOVE
            self.forked = forking() and not fresh
            freeze()
            context = multiprocessing.get_context("fork" if self.forked else "spawn")
            self._executor = ProcessPoolExecutor(max_workers=self.count, mp_context=context,
                                                 initializer=_start_worker, initargs=(os.getpid(),))
        return self._executor

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=exc[0] is not None)

    def submit(self, function, *args) -> Future:
        """`function(*args)` in a worker, or here when there are none."""
        if self.executor is not None:
            return self.executor.submit(function, *args)
        done = Future()
        done.set_result(function(*args))
        return done

    def hand_out(self, function, jobs) -> list[tuple[tuple, Future]]:
        """`function(*job)` for each job (argument tuples, taken as they come), in the workers;
        each job with its future. What this process holds is frozen first, so that workers forked
        from now on share it. A worker collects the garbage of each job once it is done
        (`_then_collected`)."""
        freeze()
        if self.executor is None:
            return [(job, self.submit(function, *job)) for job in jobs]
        return [(job, self.submit(_then_collected, function, *job)) for job in jobs]


FRESH_ABOVE = 1 << 30
"""Resident bytes of this process above which `Workers(..., fresh=None)` start afresh."""


def resident_bytes() -> int | None:
    """Bytes of memory this process has resident (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


FORK_AT_LEAST = 500
"""Items below which `in_forks` does them all here (a fork costs more than it saves)."""


CHUNK = 64
"""Items a process of `in_forks` takes at a time."""


def in_forks(function, items: list, count: int) -> list:
    """`[function(item) for item in items]`, in `count` processes: this one and `count - 1` forked
    now. Each process takes the next `CHUNK` items not yet taken till none are left, so that one
    slowed by other work (a worker's, beside it) does less. The forks share what this process
    holds (copy-on-write: what `function` needs is there, nothing is pickled to them) and hand
    back each chunk's results through a pipe as soon as it is done (read here by a thread as they
    come: a fork holds one chunk's results at a time, not its whole share). Where the system
    cannot fork, with another thread running, or for a few items, all are done here. The chunks
    a fork took and did not hand back (it failed, or their results cannot be pickled) are done
    here after it: an error is raised as this process raises it."""
    if count < 2 or len(items) < FORK_AT_LEAST or not fork_is_safe():
        return [function(item) for item in items]
    freeze()
    context = multiprocessing.get_context("fork")
    taken_so_far = context.Value("q", 0)  # the next chunk to take, shared
    chunks = range(0, len(items), CHUNK)
    forks = []  # (process, its chunks received, the thread receiving them)
    for _ in range(1, count):
        reader, writer = _pipe()
        process = context.Process(target=_do_chunks, args=(function, items, taken_so_far, writer, os.getpid()),
                                  daemon=True)
        process.start()
        os.close(writer)
        received: list = []
        forks.append((process, received, threading.Thread(target=_receive, args=(reader, received), daemon=True)))
    for _process, _received, thread in forks:
        thread.start()  # (after the last fork: none is forked while a thread runs)
    results: list = [None] * len(items)
    done = set()
    for start, made in _chunks(function, items, taken_so_far):
        results[start:start + len(made)] = made
        done.add(start)
    for process, received, thread in forks:
        thread.join()
        process.join()
        for start, made in received:
            results[start:start + len(made)] = made
            done.add(start)
    for start in chunks:  # (those of a fork that failed)
        if start not in done:
            results[start:start + CHUNK] = [function(item) for item in items[start:start + CHUNK]]
    return results


def _chunks(function, items: list, taken_so_far):
    """(first index, results) of each chunk this process takes, till none are left."""
    while True:
        with taken_so_far.get_lock():
            start = taken_so_far.value * CHUNK
            taken_so_far.value += 1
        if start >= len(items):
            return
        yield start, [function(item) for item in items[start:start + CHUNK]]


def _do_chunks(function, items: list, taken_so_far, writer: int, parent: int) -> None:
    """In a fork of `in_forks`: each chunk it takes, written to the pipe once done; it stops at
    the first chunk that fails or cannot be pickled (the process that forked does the rest and
    raises what they raise), and ends as soon as `parent` is gone."""
    watch_parent(parent)
    with os.fdopen(writer, "wb") as pipe:
        try:
            for done in _chunks(function, items, taken_so_far):
                data = pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL)
                pipe.write(len(data).to_bytes(8, "little"))
                pipe.write(data)
                pipe.flush()
        except BaseException:  # noqa: BLE001 - the chunk it took (and the ones left) done there
            pass


PIPE_BYTES = 1 << 20
"""What a fork's pipe holds (Linux's default is 64 KB): the thread that reads it waits for the
interpreter's lock after each read, while this process renders (up to its switch interval, 5 ms),
and a fork whose pipe is full waits for it; at 64 KB a read, a render fork was idle half the time."""


def _pipe() -> tuple[int, int]:
    """A pipe (reader, writer) that holds `PIPE_BYTES` where the system lets it be that large."""
    reader, writer = os.pipe()
    try:
        import fcntl

        fcntl.fcntl(writer, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # (not Linux, or a lower limit: the pipe as it is)
        pass
    return reader, writer


def _receive(reader: int, received: list) -> None:
    """In the process that forked: the chunks a fork writes to the pipe `reader` (each its
    length, then its pickle), appended to `received` as they come, till the fork closes it (or
    stops in the middle of one). Each chunk is read whole before it is unpickled: a read as large
    as the pipe holds, not one per frame of the pickle."""
    with os.fdopen(reader, "rb", buffering=0) as pipe:
        while (head := _read_exactly(pipe, 8)) is not None:
            body = _read_exactly(pipe, int.from_bytes(head, "little"))
            if body is None:
                return
            try:
                received.append(pickle.loads(body))
            except Exception:  # noqa: BLE001 - a chunk cut short by a fork that died
                return


def _read_exactly(pipe, size: int) -> bytearray | None:
    """`size` bytes from the (unbuffered) `pipe`, or None when it ends before."""
    data = bytearray(size)
    view, at = memoryview(data), 0
    while at < size:
        count = pipe.readinto(view[at:])
        if not count:
            return None
        at += count
    return data


def _then_collected(function, *args):
    """`function(*args)`, then, in a worker grown past `COLLECT_ABOVE`, a collection of every
    generation (between two jobs: a sub-site's build). What a job made is garbage once it is done,
    much of it in cycles (a build's pages, navigation, configuration and plugins point at each
    other), and at the rhythm of `collect_less` a worker collected them only every few dozen jobs:
    a builder of the 3,400 bureaus' 94 sub-sites grew to 1.3 GB, more than the build's own process.
    A collection goes over everything the worker keeps (0.1–0.2 s: a collection after every job
    was 19 s of that build), so it waits until the garbage of several jobs is there."""
    try:
        return function(*args)
    finally:
        if (resident_bytes() or COLLECT_ABOVE) >= COLLECT_ABOVE:
            gc.collect()


COLLECT_ABOVE = 384 << 20
"""Resident bytes of a worker past which it collects its garbage once a job is done."""


def freeze() -> None:
    """Leave everything this process holds now out of every later garbage collection (here, and in
    workers forked from now on, which share it page by page until something writes to a page)."""
    gc.freeze()


def _start_worker(parent: int) -> None:
    """In a new worker: collect garbage at this process's rhythm (a worker started afresh has
    Python's defaults), end with `parent`, and end quickly once its work is done."""
    collect_less()
    watch_parent(parent)
    atexit.register(_end_now)


def _end_now() -> None:
    """The end of a worker once its pool is shut down: its output flushed, then ended without
    freeing each object it holds one by one. A worker started afresh ends as a Python program
    does (a forked one never gets here: it ends with `os._exit`); one that built a province's
    units held millions of objects, and the build waited two seconds for it to free them. Called
    first of the exit handlers (the last registered): nothing of the worker is left to clean up
    (its calls' results are sent back before the pool lets it go)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    os._exit(0)


def watch_parent(parent: int) -> None:
    """In a worker: end as soon as `parent`, the process that started it, is gone."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_EVERY)
        os._exit(1)

    threading.Thread(target=watch, name="quanze-watch-parent", daemon=True).start()
