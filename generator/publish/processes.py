"""Worker processes of a build or a preview, which end with the process that started them.

A process killed outright (SIGKILL: an out-of-memory killer, a CI job's timeout) cannot tell its
pool's workers to stop, and an idle worker waits for work forever. Each worker here watches the
process that started it and ends when that one is gone.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

#: How often a worker looks whether the process that started it is still there (seconds).
WATCH_EVERY = 0.5


def forking() -> bool:
    """Whether workers can be forked here (they then share what this process has read)."""
    return "fork" in multiprocessing.get_all_start_methods()


def pool(workers: int) -> ProcessPoolExecutor:
    """`workers` processes, forked where the system can (else started afresh), each ending when
    this process ends."""
    context = multiprocessing.get_context("fork" if forking() else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=watch_parent,
                               initargs=(os.getpid(),))


def watch_parent(parent: int) -> None:
    """In a worker: end as soon as `parent`, the process that started it, is gone."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_EVERY)
        os._exit(1)

    threading.Thread(target=watch, name="quanze-watch-parent", daemon=True).start()
