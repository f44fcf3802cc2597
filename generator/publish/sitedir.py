"""The site folder: refused when replacing it would destroy what the user wrote, built beside
it in a fresh folder, swapped in one step, and packed into a deterministic zip."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

from ..content.dates import source_date_epoch
from ..errors import QuanzeError
from ..i18n import N_, _

SITE_MARKER = ".quanze-site"
"""A file every build writes at the top of the site: only a folder holding it is replaced."""

ZIP_NAME = "quanze-site.zip"


def refuse_site_dir(site_dir: Path, content_dir: Path, project_dir: Path | None = None) -> None:
    """Refuse, before any work, a site folder whose replacement would destroy what the user
    wrote: the project, its content and sources, the current folder or a parent of any of
    them, a folder inside content/, a file, or a folder that holds something other than a
    site built by quanze."""
    site, content = Path(site_dir).resolve(), Path(content_dir).resolve()
    project = Path(project_dir).resolve() if project_dir else content.parent
    protected = {N_("the current folder"): Path.cwd().resolve(), N_("the project folder"): project,
                 N_("the content folder"): content, N_("the sources folder"): project / "sources",
                 N_("the templates folder"): project / "site_templates"}
    for what, folder in protected.items():
        if folder == site or folder.is_relative_to(site):
            where = _("that folder is {what}") if folder == site else _("that folder holds {what}")
            raise QuanzeError("--site-dir {site}: ".format(site=site_dir) + where.format(what=_(what))
                              + _("; a build replaces the whole site folder (choose a new folder, e.g. --site-dir "
                                  "site)"))
    if site.is_relative_to(content):
        raise QuanzeError(f"--site-dir {site_dir}: " + _("that folder is inside the content folder (choose a folder "
                                                         "outside content/, e.g. --site-dir site)"))
    if Path(site_dir).is_symlink() or (site.exists() and not site.is_dir()):
        raise QuanzeError(f"--site-dir {site_dir}: " + _("that is a file or a link, not a site folder (choose a new "
                                                         "folder, or remove it)"))
    if site.is_dir() and any(site.iterdir()) and not (site / SITE_MARKER).is_file():
        raise QuanzeError(f"--site-dir {site_dir}: " + _("that folder holds files and no site built by quanze (no "
                                                         "{marker} in it); a build would replace them (choose a new "
                                                         "or empty folder)").format(marker=SITE_MARKER))



def work_dir(site_dir: Path) -> Path:
    """A fresh folder beside `site_dir` to build in, named with this process id; the folders
    left by builds that were killed (their process is gone) are removed first."""
    for stale in site_dir.parent.glob(f"{site_dir.name}.build-*"):
        pid = stale.name.removeprefix(f"{site_dir.name}.build-").split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{site_dir.name}.build-{os.getpid()}-", dir=site_dir.parent))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def replace_dir(new: Path, target: Path) -> None:
    """Put `new` in place of `target`; the old folder is removed afterwards. On Linux the two
    folders are exchanged in one step (renameat2), so `target` exists at every moment."""
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the previous site
        return
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def link_tree(source: Path, target: Path, skip: set[str] = frozenset()) -> None:
    """Make `target` hold the files of `source` (hard links, copies where links cannot be made),
    leaving out the top-level names in `skip`."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(source):
        if entry.name in skip:
            continue
        destination = target / entry.name
        if entry.is_dir(follow_symlinks=False):
            link_tree(Path(entry.path), destination)
        elif entry.is_file(follow_symlinks=False):
            try:
                os.link(entry.path, destination)
            except OSError:
                shutil.copy2(entry.path, destination)


def swap_in(new: Path, target: Path, kept: dict[str, Path]) -> None:
    """Put `new` in place of `target` (`replace_dir`), first moving into it the folders `kept`
    (a name in `new` -> a folder of `target`: what the build takes unchanged from the previous
    site), one rename each instead of a link for every file of theirs. When a move or the swap
    fails, the folders moved go back where they were. The previous site is whole until the moves,
    which take a few milliseconds before the swap: a build killed outright (SIGKILL) between
    them leaves it without some of these folders, and the next build, finding the site unlike
    its record (`state.as_built`), builds it anew."""
    moved: list[tuple[Path, Path]] = []
    try:
        for name, folder in kept.items():
            try:
                folder.rename(new / name)
                moved.append((folder, new / name))
            except OSError:  # (another file system: its files are copied)
                link_tree(folder, new / name)
        replace_dir(new, target)
    except BaseException:
        for folder, place in reversed(moved):
            try:
                place.rename(folder)
            except OSError:
                pass
        raise


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where that is not available."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def zip_date_time() -> tuple[int, int, int, int, int, int]:
    """The time stamped on every zip entry: SOURCE_DATE_EPOCH if set, else 1980-01-01 (the
    earliest time a zip entry can hold)."""
    epoch = source_date_epoch()
    if epoch is None:
        return (1980, 1, 1, 0, 0, 0)
    stamp = time.gmtime(max(epoch, 315532800))
    return stamp[:6]


def write_site_zip(site_dir: Path, name: str = ZIP_NAME) -> Path:
    """Pack the built site (without the zip itself) into `site_dir/name`, deterministically."""
    target = site_dir / name
    target.unlink(missing_ok=True)
    files = sorted(p for p in site_dir.rglob("*") if p.is_file() and p.name != SITE_MARKER)
    date_time = zip_date_time()
    prefix = Path(name).stem
    partial = site_dir / (name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(site_dir).as_posix()}", date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    partial.replace(target)
    return target
