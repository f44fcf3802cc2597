"""Worker processes: work shared with forks, and the collector's rhythm."""

from __future__ import annotations

import gc
import os
import time

import pytest

from generator import processes
from generator.processes import COLLECT_EVERY, collect_less, in_forks


def test_collect_less_sets_the_thresholds(monkeypatch):
    before = gc.get_threshold()
    try:
        collect_less()
        assert gc.get_threshold() == COLLECT_EVERY
    finally:
        gc.set_threshold(*before)


def slowly(n):
    time.sleep(0.005)
    return n * n, os.getpid()


def test_work_shared_with_forks_comes_back_in_order_done_by_each(monkeypatch):
    monkeypatch.setattr(processes, "FORK_AT_LEAST", 1)
    monkeypatch.setattr(processes, "CHUNK", 2)
    here = os.getpid()
    found = in_forks(slowly, list(range(50)), 3)
    assert [value for value, _ in found] == [n * n for n in range(50)]
    assert len({pid for _, pid in found}) == 3 and here in {pid for _, pid in found}


def test_a_fork_that_fails_has_its_share_done_here(monkeypatch):
    monkeypatch.setattr(processes, "FORK_AT_LEAST", 1)
    monkeypatch.setattr(processes, "CHUNK", 3)
    here = os.getpid()

    def only_here(n):
        if os.getpid() != here:
            os._exit(3)  # (as a fork killed outright, after it took a chunk: this one is slower)
        time.sleep(0.01)
        return n + 1
    assert in_forks(only_here, list(range(20)), 2) == list(range(1, 21))


def test_the_chunks_a_fork_handed_back_before_it_failed_are_kept(monkeypatch):
    """A fork hands back each chunk once done: what it did before it ended is not done again."""
    monkeypatch.setattr(processes, "FORK_AT_LEAST", 1)
    monkeypatch.setattr(processes, "CHUNK", 2)
    here = os.getpid()
    done_there = []

    def dies_in_its_third_chunk(n):
        if os.getpid() != here:
            done_there.append(n)  # (the fork's own list)
            if len(done_there) > 4:
                os._exit(3)
        time.sleep(0.005)
        return n, os.getpid()
    found = in_forks(dies_in_its_third_chunk, list(range(40)), 2)
    assert [n for n, _ in found] == list(range(40))
    assert sum(pid != here for _, pid in found) == 4


def test_an_error_in_a_forks_share_is_raised_here(monkeypatch):
    monkeypatch.setattr(processes, "FORK_AT_LEAST", 1)
    monkeypatch.setattr(processes, "CHUNK", 2)

    def failing(n):
        if n == 7:
            raise ValueError("item 7")
        return n
    with pytest.raises(ValueError, match="item 7"):
        in_forks(failing, list(range(20)), 2)  # (in whichever process takes it)


def test_few_items_are_done_here():
    assert in_forks(lambda n: os.getpid(), [1, 2], 2) == [os.getpid()] * 2


SET_HERE = "at import"


def _what_was_set() -> str:
    return SET_HERE


@pytest.mark.parametrize("above, inherited", [(1 << 50, True), (0, False)])
def test_workers_start_afresh_once_this_process_holds_more_than_the_threshold(monkeypatch, above, inherited):
    from generator.processes import Workers

    monkeypatch.setattr(processes, "FRESH_ABOVE", above)
    monkeypatch.setitem(globals(), "SET_HERE", "set by the test")
    with Workers(1, fresh=None) as workers:
        found = workers.submit(_what_was_set).result()
    assert (found == "set by the test") is inherited and workers.forked is inherited
    assert processes.resident_bytes() > 10_000_000  # (this process: read, not guessed)


def test_a_worker_started_afresh_collects_at_the_builds_rhythm(monkeypatch):
    from generator.processes import Workers

    with Workers(1, fresh=True) as workers:
        assert workers.submit(gc.get_threshold).result() == COLLECT_EVERY


def _say_without_a_line_break() -> int:
    import sys

    sys.stdout.write("said before the end")  # (held in the buffer: no line break, no flush)
    return os.getpid()


def test_a_worker_started_afresh_keeps_what_it_wrote_before_it_ends(capfd, monkeypatch):
    from generator.processes import Workers

    monkeypatch.delenv("PYTHONUNBUFFERED", raising=False)  # (its output held in a buffer)
    with Workers(1, fresh=True) as workers:
        assert workers.submit(_say_without_a_line_break).result() != os.getpid()
    assert "said before the end" in capfd.readouterr().out


def test_a_worker_ends_at_once_once_its_output_is_written():
    """`_end_now`, the worker's last exit handler (so the first to run), writes out what is held in
    the output's buffer and ends the process there: none of the work of Python's ending follows
    (the other exit handlers, freeing each object: seconds for a province's builder)."""
    import subprocess
    import sys

    from conftest import ROOT

    program = ("import atexit; from generator import processes; "
               "atexit.register(lambda: print('an exit handler ran')); "
               "atexit.register(processes._end_now); print('written', end='')")
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}  # (a buffer)
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stdout) == (0, "written")


class _Held:
    """An object in a cycle (itself), seen by a weak reference once it is garbage."""

    def __init__(self) -> None:
        self.me = self


_HELD: list = []


def _make_a_cycle() -> int:
    import weakref

    _HELD.append(weakref.ref(_Held()))  # (garbage at once: only the cycle holds it)
    return os.getpid()


def _cycle_still_there() -> tuple[bool, int]:
    return _HELD[-1]() is not None, os.getpid()


@pytest.mark.parametrize("above, left", [(0, False), (1 << 50, True)])
def test_a_worker_grown_past_the_limit_collects_the_garbage_of_each_job_handed_out(monkeypatch, above, left):
    """A job's cycles (a sub-site's pages, navigation, plugins) are gone once it is done in a
    worker grown past `COLLECT_ABOVE`, not left for its rare collections (`collect_less`) while it
    builds the next sub-sites; below it, they wait for the garbage of the next jobs."""
    from generator.processes import Workers

    monkeypatch.setattr(processes, "COLLECT_ABOVE", above)
    with Workers(1, fresh=False) as workers:  # (forked: the limit set here)
        assert workers.submit(gc.get_threshold).result() == COLLECT_EVERY
        (_, made), = workers.hand_out(_make_a_cycle, [()])
        (_, there), = workers.hand_out(_cycle_still_there, [()])
        assert there.result() == (left, made.result())


# --- how many processes the machine gives --------------------------------------------------------

def _groups(tmp_path, own: str, files: dict[str, str]):
    (tmp_path / "proc").mkdir(exist_ok=True)
    (tmp_path / "proc" / "cgroup").write_text(own, encoding="utf-8")
    for name, text in files.items():
        path = tmp_path / "cg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "cg", tmp_path / "proc" / "cgroup"


@pytest.mark.parametrize("own, files, quota", [
    ("0::/build.scope\n", {"build.scope/cpu.max": "200000 100000\n"}, 2.0),      # cgroup v2, `docker --cpus 2`
    ("0::/\n", {"cpu.max": "150000 100000\n"}, 1.5),                            # a container's own root
    ("0::/build.scope\n", {"build.scope/cpu.max": "max 100000\n"}, None),       # no quota
    ("4:memory:/x\n1:cpu,cpuacct:/job\n", {"cpu,cpuacct/job/cpu.cfs_quota_us": "50000\n",
                                            "cpu,cpuacct/job/cpu.cfs_period_us": "100000\n"}, 0.5),  # cgroup v1
    ("1:cpu:/\n", {"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
    ("0::/\n", {"cpu.max": "garbage\n"}, None),
    ("", {}, None),                                                             # nothing to read
])
def test_the_cpu_quota_of_the_control_group(tmp_path, own, files, quota):
    from generator.processes import cgroup_cpu_quota

    assert cgroup_cpu_quota(*_groups(tmp_path, own, files)) == quota


def test_the_default_number_of_processes_is_what_the_machine_gives_not_what_the_host_has(tmp_path, monkeypatch):
    from generator import processes

    monkeypatch.setattr(processes.os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert processes.available_cpus(*_groups(tmp_path, "0::/\n", {"cpu.max": "200000 100000\n"})) == 2
    assert processes.available_cpus(*_groups(tmp_path, "0::/\n", {"cpu.max": "50000 100000\n"})) == 1
    assert processes.available_cpus(*_groups(tmp_path, "0::/\n", {"cpu.max": "max 100000\n"})) == 64
    monkeypatch.setattr(processes.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert processes.available_cpus(*_groups(tmp_path, "0::/\n", {"cpu.max": "1000000 100000\n"})) == 3
