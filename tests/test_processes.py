"""Worker processes: a large result handed back through a file, and the collector's rhythm."""

from __future__ import annotations

import gc

from generator.processes import COLLECT_EVERY, Workers, collect_less, spilled, taken


def _files(count: int, folder):
    return spilled({f"agencies/a{n}/data/a{n}.json": bytes([n % 256]) * 100_000 for n in range(count)}, folder)


def test_a_worker_hands_a_large_result_back_through_a_file_that_is_then_removed(tmp_path):
    with Workers(1) as workers:
        path = workers.submit(_files, 30, tmp_path).result()
    assert path.parent == tmp_path and path.is_file()
    found = taken(path)
    assert len(found) == 30 and found["agencies/a7/data/a7.json"] == bytes([7]) * 100_000
    assert not path.exists() and list(tmp_path.iterdir()) == []


def test_collect_less_sets_the_thresholds(monkeypatch):
    before = gc.get_threshold()
    try:
        collect_less()
        assert gc.get_threshold() == COLLECT_EVERY
    finally:
        gc.set_threshold(*before)
