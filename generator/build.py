"""Stage 5, build: content -> Markdown pages in a docs folder -> MkDocs + Material -> site/.

`build_site` builds into a fresh folder next to the site folder and swaps it in only when
the build succeeded, so a failed or interrupted build never leaves a half-written site.
Pages are written only when their bytes changed, so `mkdocs serve --dirty` re-renders only
what an edit touched. The zip of the site is deterministic: sorted entries, fixed times.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

from .fastload import load_corpus_fast
from .errors import QuanzeError
from .render import ONE_SITE, ZIP_NAME, PageCache, render_site

PROJECT_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PROJECT_DIR / "site_templates"
ASSETS_DIR = TEMPLATES_DIR / "assets"
DEFAULT_CONFIG = PROJECT_DIR / "mkdocs.yml"


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` unless the file already holds exactly these bytes."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


#: Pages rendered in this process, reused by the next render of the same content (a preview
#: server renders again after each edit: only the pages the edit touched are rendered anew).
PAGE_CACHE = PageCache()


def generate_docs(content_dir: Path, docs_dir: Path, *, offer_zip: bool = True, shard_by: str = "none") -> list[str]:
    """Render content into `docs_dir` (pages and assets); return the paths written. Stale files go.

    `shard_by` (auto, region, agency; default none) places agency pages in shard folders of the
    one site, with the bounded statute and category pages of a sharded site.
    """
    from .shard import layout_of, plan
    from .shard import shard_by as choose

    corpus = load_corpus_fast(Path(content_dir))
    by = choose(Path(content_dir), shard_by)
    layout = layout_of(plan(corpus, by), split=False) if by else ONE_SITE
    pages = render_site(corpus, offer_zip=offer_zip, layout=layout, cache=PAGE_CACHE)
    last = _WRITTEN.setdefault(Path(docs_dir).resolve(), {})
    written = []
    for page in pages:
        if last.get(page.path) is page.text and (docs_dir / page.path).is_file():
            continue  # the very text written there by the previous render in this process
        if write_if_changed(docs_dir / page.path, page.text.encode("utf-8")):
            written.append(page.path)
        last[page.path] = page.text
    keep = {page.path for page in pages}
    for path, data in asset_files().items():
        keep.add(path)
        if write_if_changed(docs_dir / path, data):
            written.append(path)
    for path in set(last) - keep:
        del last[path]
    remove_stale(docs_dir, keep)
    return sorted(written)


#: docs folder -> page path -> the text last written there by this process.
_WRITTEN: dict[Path, dict[str, str]] = {}


def asset_files() -> dict[str, bytes]:
    """The site's own assets (styles, scripts), by path in the docs folder."""
    return {"assets/" + asset.relative_to(ASSETS_DIR).as_posix(): asset.read_bytes()
            for asset in sorted(ASSETS_DIR.rglob("*")) if asset.is_file()}


def fail_if_warned(warnings: list[str], strict: bool) -> None:
    """In strict mode, MkDocs warnings fail the build (nothing is replaced)."""
    if strict and warnings:
        raise QuanzeError(f"build failed with {len(warnings)} warning(s) in strict mode:\n" + "\n".join(warnings))


def remove_stale(docs_dir: Path, keep: set[str]) -> None:
    """Delete the files of `docs_dir` not in `keep` (paths relative to it), then empty folders.
    Names starting with a dot (.gitignore and the like) belong to the folder, not the site."""
    for folder, dirs, files in os.walk(docs_dir, topdown=False):
        relative = os.path.relpath(folder, docs_dir)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in files:
            if not name.startswith(".") and prefix + name not in keep:
                os.unlink(os.path.join(folder, name))
        if prefix and not os.path.basename(folder).startswith(".") and not os.listdir(folder):
            os.rmdir(folder)


def zip_date_time() -> tuple[int, int, int, int, int, int]:
    """The time stamped on every zip entry: SOURCE_DATE_EPOCH if set, else 1980-01-01."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return (1980, 1, 1, 0, 0, 0)
    stamp = time.gmtime(max(int(epoch), 315532800))
    return stamp[:6]


def write_site_zip(site_dir: Path, name: str = ZIP_NAME) -> Path:
    """Pack the built site (without the zip itself) into `site_dir/name`, deterministically."""
    target = site_dir / name
    target.unlink(missing_ok=True)
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
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


def config_file() -> Path:
    """mkdocs.yml of the current folder if there is one, else the one shipped with quanze."""
    local = Path("mkdocs.yml")
    return local.resolve() if local.is_file() else DEFAULT_CONFIG


def build_site(content_dir: Path, site_dir: Path, strict: bool = True, zip_site: bool = True) -> str:
    """Build the site into `site_dir`, replacing it only on success; return a one-line summary."""
    from . import mkdocs_hook

    started = time.monotonic()
    refuse_site_dir(site_dir, content_dir)
    content_dir, site_dir = Path(content_dir).resolve(), Path(site_dir).resolve()
    corpus = load_corpus_fast(content_dir)  # content errors before any work on the site folder
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = work_dir(site_dir)
    try:
        warnings = mkdocs_hook.build_mkdocs(config_file(), content_dir, work / "docs", work / "site", zip_site=zip_site)
        fail_if_warned(warnings, strict)
        mark_site(work / "site")
        replace_dir(work / "site", site_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    powers = sum(len(a.powers) for a in corpus.agencies.values())
    return (f"built {site_dir}: {pages} pages ({len(corpus.agencies)} agencies, {powers} powers, "
            f"{len(corpus.statutes)} statutes), {len(warnings)} warnings, {time.monotonic() - started:.1f} s")


SITE_MARKER = ".quanze-site"
"""A file every build writes at the top of the site: only a folder holding it is replaced."""


def refuse_site_dir(site_dir: Path, content_dir: Path) -> None:
    """Refuse, before any work, a site folder whose replacement would destroy what the user
    wrote: the project, its content and sources, the current folder or a parent of any of
    them, a folder inside content/, a file, or a folder that holds something other than a
    site built by quanze."""
    site, content = Path(site_dir).resolve(), Path(content_dir).resolve()
    project = content.parent
    protected = {"the current folder": Path.cwd().resolve(), "the project folder": project,
                 "the content folder": content, "the sources folder": project / "sources",
                 "the templates folder": project / "site_templates"}
    for what, folder in protected.items():
        if folder == site or folder.is_relative_to(site):
            where = "is" if folder == site else "holds"
            raise QuanzeError(f"--site-dir {site_dir}: that folder {where} {what}; a build replaces the whole "
                              "site folder (choose a new folder, e.g. --site-dir site)")
    if site.is_relative_to(content):
        raise QuanzeError(f"--site-dir {site_dir}: that folder is inside the content folder "
                          "(choose a folder outside content/, e.g. --site-dir site)")
    if Path(site_dir).is_symlink() or (site.exists() and not site.is_dir()):
        raise QuanzeError(f"--site-dir {site_dir}: that is a file or a link, not a site folder "
                          "(choose a new folder, or remove it)")
    if site.is_dir() and any(site.iterdir()) and not (site / SITE_MARKER).is_file():
        raise QuanzeError(f"--site-dir {site_dir}: that folder holds files and no site built by quanze "
                          f"(no {SITE_MARKER} in it); a build would replace them (choose a new or empty folder)")


def mark_site(folder: Path) -> None:
    """Mark a built site as one that the next build may replace."""
    (Path(folder) / SITE_MARKER).write_text("a site built by quanze: `quanze build` replaces this folder\n",
                                             encoding="utf-8")


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


def serve_site(content_dir: Path, dev_addr: str = "127.0.0.1:8000") -> None:
    """Preview with live reload: edits in content/ or site_templates/ rebuild what they touch."""
    from . import mkdocs_hook

    load_corpus_fast(Path(content_dir))  # report content errors before the server starts
    mkdocs_hook.serve_mkdocs(config_file(), Path(content_dir), dev_addr)
