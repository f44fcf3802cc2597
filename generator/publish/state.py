"""What a build leaves for the next one: fingerprints of everything each sub-site was built from.

The state is kept in the site's marker file (`.quanze-site`, JSON). A sub-site whose
fingerprint is unchanged is not built again: its folder is moved from the previous site into
the new one just before the swap (the top site's files, and a sub-site whose index is refreshed,
are hard links), so one edited bureau of a national portal rebuilds its province and the top
site only. The search entries a sub-site gets from the others are a separate, cheaper step: when
only they changed, the sub-site's own index is taken from the previous build (the entries
appended last are dropped) and the new entries appended again.

A fingerprint covers the sub-site's rendered docs (pages and assets, the data dates they print
among them), its settings, the configuration file, the theme overrides, the builder, quanze's
toolchain (`cachekey`: its code and templates, the versions of MkDocs, Material and the rest) and
the build date (MkDocs stamps it into the sitemap), so a reused sub-site is byte for byte what a
clean build would write.

A site is reused only as its build left it: what the build wrote is recorded (each file's
size, time of change and inode, and the content of those written in the last moments, whose time
a later edit could share) in the user's cache folder, and a site that differs from its record,
or has none, is built anew.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..cachekey import digest, set_aside, toolchain
from .sitedir import SITE_MARKER

FORMAT = 1


@dataclass
class SiteState:
    """One sub-site as the previous build left it."""

    build: str
    """Fingerprint of what its builder was given."""
    entries: str
    """Fingerprint of the search entries of the other sub-sites added to its index."""
    appended: int
    """How many entries were appended to its search index (dropped before new ones are added)."""
    warnings: list[str] = field(default_factory=list)


@dataclass
class BuildState:
    inputs: str = ""
    """Fingerprint of every input of the whole build: equal means nothing to do."""
    sites: dict[str, SiteState] = field(default_factory=dict)
    files: str = ""
    """Fingerprint of the site's files as written (names and sizes, which a build writes the same
    every time): a site changed by hand since is built again."""

    def as_json(self) -> str:
        return json.dumps({"format": FORMAT, "about": "a site built by quanze: `quanze build` replaces this folder",
                           "inputs": self.inputs, "files": self.files,
                           "sites": {k: vars(v) for k, v in sorted(self.sites.items())}}, indent=1, sort_keys=True)


def read_state(site_dir: Path) -> BuildState:
    """The state of the site at `site_dir`; empty when there is none or it cannot be read."""
    try:
        data = json.loads((Path(site_dir) / SITE_MARKER).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return BuildState()
        return BuildState(str(data.get("inputs", "")),
                          {k: SiteState(**v) for k, v in dict(data.get("sites", {})).items()}, str(data.get("files", "")))
    except (OSError, ValueError, TypeError, AttributeError):
        return BuildState()


def write_state(site: Path, state: BuildState, final: Path | None = None, listing: list | None = None,
                elsewhere: dict[str, Path] | None = None) -> None:
    """Write the marker of the site at `site`, and record its files as written for the site's
    place once it is swapped in (`final`, by default where it is); `listing`: `site_listing(site)`
    when the caller has it, with the files of the folders that are moved in later, which are at
    `elsewhere` (a top-level folder's name -> where it is now) until then."""
    listing = listing if listing is not None else _listing(site)
    state.files = hashlib.sha256("".join(f"{path}\0{size}\n" for path, size, _, _ in listing)
                                 .encode("utf-8", "surrogateescape")).hexdigest()
    (Path(site) / SITE_MARKER).write_text(state.as_json() + "\n", encoding="utf-8")
    record = _record(site, listing, time.time_ns(), elsewhere or {})
    _remember(Path(final or site), {**record, "state": _state_print(state)})


#: Files changed this close (in nanoseconds) to the moment their site is recorded are recorded by
#: their content too: a file system's clock may give an edit made just after the same time.
RACY_NS = 200_000_000


def site_listing(site: Path) -> list[tuple[str, int, int, int]]:
    """(path, size, time of change, inode) of every file of a built site, its marker left out,
    sorted by path: what `write_state` records (give it this listing when the site is complete)."""
    return _listing(site)


def _listing(site: Path) -> list[tuple[str, int, int, int]]:
    """(path, size, time of change, inode) of every file of a site, its marker left out."""
    found: list[tuple[str, int, int, int]] = []
    _walk(str(site), "", found)
    return [entry for entry in found if entry[0] != SITE_MARKER]


def with_folders(listing: list, other: list, names: set[str]) -> list:
    """`listing` (a site's) with the files of the top-level folders `names` of `other` (another
    site's listing) among them, in the order a walk of the site holding all of them lists them."""
    if not names:
        return listing
    taken = [entry for entry in other if entry[0].partition("/")[0] in names]
    return sorted([*listing, *taken], key=lambda entry: entry[0].split("/"))  # (a walk's: by name in each folder)


def _walk(folder: str, prefix: str, found: list) -> None:
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if entry.is_dir(follow_symlinks=False):
            _walk(entry.path, f"{prefix}{entry.name}/", found)
        else:
            info = entry.stat(follow_symlinks=False)
            found.append((prefix + entry.name, info.st_size, info.st_mtime_ns, info.st_ino))


def _record(site: Path, listing: list, now: int, elsewhere: dict[str, Path]) -> dict:
    """What a build wrote: a digest of the listing and the content of the files written last."""
    def where(path: str) -> Path:
        first, _, rest = path.partition("/")
        return elsewhere[first] / rest if rest and first in elsewhere else Path(site) / path

    racy = {path: _content(where(path)) for path, _, changed, _ in listing if changed >= now - RACY_NS}
    return {"listing": _listing_print(listing), "racy": racy}


def _listing_print(listing: list) -> str:
    return hashlib.sha256("".join(f"{path}\0{size}\0{changed}\0{inode}\n" for path, size, changed, inode in listing)
                          .encode("utf-8", "surrogateescape")).hexdigest()


def _content(path: Path) -> str:
    found = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            found.update(block)
    return found.hexdigest()


def as_built(site: Path, state: BuildState) -> list[tuple[str, int, int, int]] | None:
    """The listing of the site at `site` (`site_listing`) when it holds exactly the files its
    build wrote (as recorded then), else None (a site without a record is not known to)."""
    record = _recalled(Path(site))
    if (not state.files or not isinstance(record, dict) or not isinstance(record.get("racy"), dict)
            or record.get("state") != _state_print(state)):
        return None
    try:
        listing = _listing(site)
        same = record.get("listing") == _listing_print(listing) and all(
            _content(Path(site) / path) == content for path, content in record["racy"].items())
    except OSError:
        return None
    return listing if same else None


def _state_print(state: BuildState) -> str:
    """A digest of the marker a build wrote: a record is of that build's site only."""
    return hashlib.sha256(state.as_json().encode("utf-8")).hexdigest()


def _record_file(site: Path) -> Path | None:
    from ..fileio import user_cache_dir

    folder = user_cache_dir("sites")
    name = hashlib.sha256(str(Path(site).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return folder / f"{name}.json" if folder is not None else None


def _remember(site: Path, record: dict) -> None:
    from ..fileio import WriteError, write_atomic

    path = _record_file(site)
    if path is None:
        return
    try:
        write_atomic(path, json.dumps(record, sort_keys=True))
    except (OSError, WriteError) as exc:  # the next build then builds the site anew: slower, the same
        set_aside(str(exc))


def _recalled(site: Path) -> object:
    path = _record_file(site)
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path is not None else None
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        set_aside(f"{path}: {type(exc).__name__}")
        return None


def build_date() -> str:
    """The day of the build as MkDocs stamps it into the sitemap (`YYYY-MM-DD`: the day
    SOURCE_DATE_EPOCH names when set, else today, UTC), by the one rule every part of a build asks."""
    from ..content.dates import build_date as day

    return day().isoformat()


fingerprint = digest
"""A digest of values (text, bytes, paths of files or folders, mappings, lists), in order."""


def environment_print(config_file: Path, custom_dirs: list[Path], builder: str) -> str:
    """What every sub-site is built with besides its docs: configuration, theme, quanze's
    toolchain (`cachekey`), date."""
    return fingerprint(config_file, [Path(d) for d in custom_dirs], builder, toolchain(), build_date())


