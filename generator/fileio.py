"""Files the user owns: read with a bound, written atomically.

Every command that writes a user's file (fmt, new power, registry update, import -o,
corrections) goes through `write_atomic`: the new bytes go to a temporary file in the same
folder, are flushed to disk, and replace the old file in one rename. A kill, a full disk or
an error midway leaves the file exactly as it was. A symbolic link is replaced by the
written file, never followed: a link cannot make a command write outside the project.
"""

from __future__ import annotations

import functools
import os
import stat
import tempfile
from pathlib import Path

from .errors import QuanzeError
from .escape import for_terminal
from .i18n import _


class WriteError(QuanzeError):
    """A file could not be written (full disk, read-only folder ...); it was left as it was."""


def write_atomic(path: Path, data: bytes | str, durable: bool = True) -> None:
    """Replace `path` with `data` (text is written as UTF-8) in one step, or leave it untouched.
    `durable`: on the disk before this returns (a cache's file is not: one cut short by a crash is
    only a cache found unreadable, and a thousand waits for the disk cost a cold build seconds).

    An OS error (full disk, read-only folder, no permission) is raised as `WriteError`, one
    line naming the file; the file is then exactly as it was."""
    path = Path(path)
    try:
        _write_atomic(path, data.encode("utf-8") if isinstance(data, str) else data, durable)
    except OSError as exc:
        raise WriteError(_("{path}: cannot write: {why}; the file was left as it was").format(
            path=for_terminal(path), why=exc.strerror or exc)) from None


def _write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    mode = _mode_of(path)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durable:
        _sync_folder(folder)


def _mode_of(path: Path) -> int:
    """The permissions the written file keeps: the old file's, else the usual 0644 less the umask."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
    if stat.S_ISDIR(info.st_mode):
        raise QuanzeError(_("{path} is a folder, not a file").format(path=path))
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else 0o644


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


class NotARegularFile(OSError):
    """A path that is a FIFO, a device, a socket or a folder where a file was expected."""


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, refusing FIFOs and devices (opened without blocking, checked
    before any read) and reading at most `limit + 1` bytes, so /dev/zero cannot fill memory.
    The caller compares the length with `limit`."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _CLOEXEC)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(f"{path}: " + _("{kind}, not a regular file").format(kind=kind_of(info.st_mode)))
        return read_descriptor(descriptor, limit)
    finally:
        os.close(descriptor)


def read_descriptor(descriptor: int, limit: int) -> bytes:
    """At most `limit + 1` bytes from an open file, from where it stands (the caller compares the
    length with `limit`)."""
    chunks, size = [], 0
    while size <= limit:
        chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class LinkedFile(OSError):
    """A file reached through a symbolic link, or one with more than one hard link: either can
    show, under a project's folder, a file from anywhere else (`.git/config`, `/etc/passwd`)."""

    def __init__(self, path: str, links: int = 0) -> None:
        super().__init__(path)
        self.path = path
        """The path up to the link (the symbolic link itself), or the file's path."""
        self.links = links
        """The file's number of hard links; 0 for a symbolic link."""


def open_inside(folder: Path, relative: str) -> int:
    """A descriptor of the regular file at `relative` (a path of plain names, `/`-separated) in
    `folder`, opened through no symbolic link, and with exactly one hard link. Each folder on the
    way is opened from the one before it without following a link, and the file is checked on
    the descriptor itself: reading from it reads the very file that was checked, whatever
    happens to its name meanwhile. Raises LinkedFile, NotARegularFile, or the OSError of a
    missing name; the caller closes the descriptor."""
    parts = relative.split("/")
    current = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC)
    try:
        for n, part in enumerate(parts):
            last = n == len(parts) - 1
            flags = os.O_RDONLY | _NOFOLLOW | _CLOEXEC | (os.O_NONBLOCK if last else getattr(os, "O_DIRECTORY", 0))
            try:
                opened = os.open(part, flags, dir_fd=current)
            except OSError:
                if stat.S_ISLNK(os.lstat(part, dir_fd=current).st_mode):
                    raise LinkedFile("/".join(parts[:n + 1])) from None
                raise
            os.close(current)
            current = opened
        return _checked(current, relative)
    except BaseException:
        os.close(current)
        raise


def read_folder(root: Path, folder: str) -> dict[str, bytes]:
    """Every file under `root/folder` (`folder`: a project's own templates or assets, a relative
    `/`-separated path, as messages show it) by its `/`-separated path there, each read through
    the descriptor `open_inside` checked: a symbolic link (to a file or a folder, the folder
    itself included), a file with more than one hard link or one that is not a regular file is
    refused with one line naming it."""
    for n in range(folder.count("/") + 1):
        if os.path.islink(os.path.join(root, *folder.split("/")[:n + 1])):
            raise QuanzeError(_linked("/".join(folder.split("/")[:n + 1]), LinkedFile(folder)))
    files = {}
    for top, folders, names in os.walk(os.path.join(root, folder)):
        folders.sort()
        for name in sorted([*folders, *names]):
            relative = os.path.relpath(os.path.join(top, name), os.path.join(root, folder)).replace(os.sep, "/")
            if os.path.islink(os.path.join(top, name)):
                raise QuanzeError(_linked(f"{folder}/{relative}", LinkedFile(relative)))
            if name in names:
                files[relative] = _read_inside(root, f"{folder}/{relative}")
    return dict(sorted(files.items()))


def _read_inside(root: Path, relative: str) -> bytes:
    try:
        descriptor = open_inside(root, relative)
    except LinkedFile as linked:
        raise QuanzeError(_linked(relative if linked.links else linked.path, linked)) from None
    except NotARegularFile:
        raise QuanzeError(f"{for_terminal(relative)}: error: " + _("not a regular file, refused (put a file there, not a "
                                                               "pipe or a device)")) from None
    try:
        return read_descriptor(descriptor, os.fstat(descriptor).st_size)
    finally:
        os.close(descriptor)


def _linked(shown: str, linked: LinkedFile) -> str:
    what = _("a file with {n} hard links").format(n=linked.links) if linked.links else _("a symbolic link")
    return (f"{for_terminal(shown)}: error: " + _("{what}, refused: it can show a file from outside the project "
                                                  "(put the file itself there)").format(what=what))


def _checked(descriptor: int, relative: str) -> int:
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        raise NotARegularFile(f"{relative}: " + _("{kind}, not a regular file").format(kind=kind_of(info.st_mode)))
    if info.st_nlink != 1:
        raise LinkedFile(relative, info.st_nlink)
    return descriptor


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def user_cache_dir(name: str) -> Path | None:
    """`$XDG_CACHE_HOME/quanze/<name>` (default `~/.cache/...`), created private; None when it
    cannot be made safe. Caches hold data that is loaded as code (pickles, compiled templates),
    so one is used only when the folder and the one above belong to the user, are no links,
    and nobody else can write to them."""
    from .cachekey import set_aside

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "quanze" / name
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for path in (folder, folder.parent):
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
                set_aside(_("{path} is a link, another user's, or others can write to it").format(path=for_terminal(path)))
                return None
        if os.lstat(folder).st_mode & 0o077:
            os.chmod(folder, 0o700)
        _writable(folder.parent)
    except (OSError, RuntimeError) as exc:
        set_aside(f"{for_terminal(folder)}: {getattr(exc, 'strerror', None) or exc}")
        return None
    return folder


def user_store_dir(store: str, name: str) -> Path | None:
    """A folder of `user_cache_dir(store)` for the items of one site or project (`name`), by a
    digest of the name; None when it cannot be made private (mode 0700, no link)."""
    import hashlib

    folder = user_cache_dir(store)
    if folder is None:
        return None
    folder = folder / hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        if folder.is_symlink() or folder.stat().st_mode & 0o077:
            return None
    except OSError:
        return None
    return folder


@functools.cache
def _writable(folder: Path) -> None:
    """Raise OSError when no file can be made in `folder` (tried once per process)."""
    descriptor, probe = tempfile.mkstemp(prefix=".probe.", dir=folder)
    os.close(descriptor)
    os.unlink(probe)


def read_kept(path: Path | None):
    """What `keep` wrote at `path`, or None: nothing there yet, no cache folder (`path` None), or a
    file cut short, unreadable or not ours, which is said once (`set_aside`): only a cache."""
    import pickle

    from .cachekey import set_aside

    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as exc:
        set_aside(f"{path}: {type(exc).__name__}")
        return None


def keep(path: Path | None, value) -> None:
    """Keep `value` at `path` for a later run (pickled, without waiting for the disk); a full or
    read-only cache folder is said once (`set_aside`) and costs time, not correctness."""
    import pickle

    from .cachekey import set_aside

    if path is None:
        return
    try:
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
    except (OSError, WriteError) as exc:
        set_aside(str(exc))
