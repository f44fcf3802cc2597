"""Running a reader in a child process whose memory and processor time are limited.

Word, Excel and PDF files are read by libraries (python-docx, openpyxl, pdfplumber) that
hold a whole part or page in memory; a file made to exhaust them must cost one error line,
not the machine. `run` forks a child (or starts one afresh where this process cannot fork
safely), limits its address space to what it started with plus `budget.READER_MEMORY_BYTES`
(RLIMIT_AS) and its processor time to `budget.READER_CPU_SECONDS` (RLIMIT_CPU), and waits
`budget.READER_WALL_SECONDS` at most. The result comes back pickled (a merged cell placed
at several positions stays one object). A `QuanzeError` in the child comes back as its
message; an error raised inside a library on a damaged file as a one-line refusal; an error
raised in our own code (a bug) with its traceback.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path

from ..errors import QuanzeError
from ..i18n import _, language, use
from . import budget

_OURS = str(Path(__file__).resolve().parents[1])


@dataclass(frozen=True)
class Limits:
    """What the child may use: bytes of address space on top of its own, processor and wall-clock seconds."""

    memory: int = budget.READER_MEMORY_BYTES
    cpu_seconds: int = budget.READER_CPU_SECONDS
    wall_seconds: float = budget.READER_WALL_SECONDS


def run(function, args: tuple, name: str, kind: str, limits: Limits | None = None):
    """`function(*args)` in a child process under `limits`; its result, or QuanzeError naming the limit it reached.

    `name` is the file's name and `kind` what it is ("PDF file"), both for messages."""
    limits = limits or Limits()
    kind = _(kind)
    context = multiprocessing.get_context(_start_method())
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, function, args, limits, language()), daemon=True)
    child.start()
    sender.close()
    try:
        in_time = receiver.poll(limits.wall_seconds)
        outcome = _receive(receiver) if in_time else None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if outcome is None:
        raise QuanzeError(_stopped(name, kind, child.exitcode, limits, in_time))
    return _result(outcome, name, kind, limits)


def _start_method() -> str:
    """fork where it is safe (no other thread running), else a fresh interpreter."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _receive(receiver):
    """What the child sent, or None when it ended without a word."""
    try:
        return receiver.recv()
    except (EOFError, OSError):
        return None


def _child(sender, function, args: tuple, limits: Limits, lang: str = "en") -> None:
    """In the child: set the limits, run the reader, send back ("ok", result) or what went wrong
    (in the parent's language: a fresh interpreter would take the environment's)."""
    use(lang)
    _limit(limits)
    try:
        outcome = ("ok", function(*args))
    except QuanzeError as exc:
        outcome = ("refused", str(exc))
    except MemoryError:
        outcome = ("memory", "")
    except RecursionError:
        outcome = ("nested", "")
    except Exception as exc:
        outcome = ("damaged", _one_line(exc)) if _raised_in_library(exc) else ("bug", traceback.format_exc())
    try:
        sender.send(outcome)
    except MemoryError:
        os._exit(3)
    sender.close()


def _limit(limits: Limits) -> None:
    try:
        import resource
    except ImportError:  # Windows: only the wall-clock limit holds
        return
    _set(resource, resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 5)
    if (used := _address_space()) is not None:
        _set(resource, resource.RLIMIT_AS, used + limits.memory, used + limits.memory)


def _set(resource, which: int, soft: int, hard: int) -> None:
    """Lower a limit, never above the one this process was given."""
    given_soft, given_hard = resource.getrlimit(which)
    if given_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, given_hard), min(hard, given_hard)
    if given_soft != resource.RLIM_INFINITY:
        soft = min(soft, given_soft)
    resource.setrlimit(which, (soft, hard))


def _address_space() -> int | None:
    """Bytes of address space this process has mapped (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _raised_in_library(exc: BaseException) -> bool:
    """Whether an error was raised past our own code, inside a library (a damaged file), not by it (a bug)."""
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and not frames[-1].filename.startswith(_OURS)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _result(outcome: tuple, name: str, kind: str, limits: Limits):
    status, value = outcome
    if status == "ok":
        return value
    if status == "refused":
        raise QuanzeError(value)
    if status == "memory":
        raise QuanzeError(_memory_message(name, kind, limits))
    if status == "nested":
        raise QuanzeError(_("{name}: not a readable {kind}: nested too deeply; open it and save it again").format(
            name=name, kind=kind))
    if status == "damaged":
        raise QuanzeError(_("{name}: not a readable {kind} ({why}); open it and save it again").format(
            name=name, kind=kind, why=value))
    raise RuntimeError(f"reading {name} failed in the child process:\n{value}")


def _memory_message(name: str, kind: str, limits: Limits) -> str:
    return _("{name}: reading the {kind} needs more than {limit:,.0f} MB of memory (the limit); "
             "the file is made to exhaust a reader, or damaged: open it and save it again, or split it").format(
        name=name, kind=kind, limit=limits.memory / 1_000_000)


def _stopped(name: str, kind: str, exitcode: int | None, limits: Limits, in_time: bool) -> str:
    """The message for a child that ended without a result: which limit stopped it."""
    exhaust = _("the file is made to exhaust a reader, or damaged: open it and save it again, or split it")
    if not in_time:
        return _("{name}: reading the {kind} took more than {limit:g} s (the limit); {exhaust}").format(
            name=name, kind=kind, limit=limits.wall_seconds, exhaust=exhaust)
    if exitcode == -getattr(signal, "SIGXCPU", 0):
        return _("{name}: reading the {kind} took more than {limit:,} s of processor time (the limit); {exhaust}").format(
            name=name, kind=kind, limit=limits.cpu_seconds, exhaust=exhaust)
    if exitcode == 3:  # a MemoryError while sending the result
        return _memory_message(name, kind, limits)
    return _("{name}: the {kind} reader stopped (exit code {code}); {exhaust}").format(
        name=name, kind=kind, code=exitcode, exhaust=exhaust)
