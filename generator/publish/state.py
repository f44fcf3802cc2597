"""What a build leaves for the next one: fingerprints of everything each sub-site was built from.

The state is kept in the site's marker file (`.quanze-site`, JSON). A sub-site whose
fingerprint is unchanged is not built again: its files are taken from the previous site (hard
links), so one edited bureau of a national portal rebuilds its province and the top site only.
The search entries a sub-site gets from the others are a separate, cheaper step: when only they
changed, the sub-site's own index is taken from the previous build (the entries appended last
are dropped) and the new entries appended again.

A fingerprint covers the sub-site's rendered docs (pages and assets), its settings, the
configuration file, the theme overrides, the builder and the versions of quanze, MkDocs and
Material, and the build date (MkDocs stamps it into the sitemap), so a reused sub-site is
byte for byte what a clean build would write.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .. import __version__
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


def write_state(site: Path, state: BuildState) -> None:
    state.files = files_print(site)
    (Path(site) / SITE_MARKER).write_text(state.as_json() + "\n", encoding="utf-8")


def files_print(site: Path) -> str:
    """Names and sizes of every file of a site (its marker left out)."""
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(site):
        dirs.sort()
        for name in sorted(files):
            if folder == str(site) and name == SITE_MARKER:
                continue
            info = os.lstat(os.path.join(folder, name))
            digest.update(f"{os.path.relpath(os.path.join(folder, name), site)}\0{info.st_size}\n"
                          .encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def untouched(site: Path, state: BuildState) -> bool:
    """Whether the site at `site` holds exactly the files its build wrote."""
    return bool(state.files) and state.files == files_print(site)


def _versions() -> str:
    found = [f"quanze {__version__}"]
    for name in ("mkdocs", "mkdocs-material", "zensical", "jieba", "markdown", "pymdown-extensions"):
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return "\n".join(found)


def build_date() -> str:
    """The date MkDocs stamps into a build (SOURCE_DATE_EPOCH if set, else today, UTC)."""
    from mkdocs.utils import get_build_date

    return get_build_date()


def fingerprint(*parts: object) -> str:
    """A digest of values (text, bytes, paths of files or folders, mappings, lists), in order."""
    digest = hashlib.sha256()
    for part in parts:
        _feed(digest, part)
    return digest.hexdigest()


def _feed(digest, part: object) -> None:
    if isinstance(part, bytes):
        digest.update(b"b%d:" % len(part) + part)
    elif isinstance(part, str):
        _feed(digest, part.encode("utf-8"))
    elif isinstance(part, Path):
        files = sorted(p for p in part.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if part.is_dir() else [part] if part.is_file() else []
        digest.update(b"p%d:" % len(files))
        for path in files:
            _feed(digest, path.relative_to(part).as_posix() if part.is_dir() else path.name)
            _feed(digest, path.read_bytes())
    elif isinstance(part, dict):
        digest.update(b"d%d:" % len(part))
        for key in sorted(part):
            _feed(digest, str(key))
            _feed(digest, part[key])
    elif isinstance(part, (list, tuple)):
        digest.update(b"l%d:" % len(part))
        for item in part:
            _feed(digest, item)
    else:
        _feed(digest, json.dumps(part, sort_keys=True, default=str))


def environment_print(config_file: Path, custom_dirs: list[Path], builder: str) -> str:
    """What every sub-site is built with besides its docs: configuration, theme, versions, date."""
    return fingerprint(config_file, [Path(d) for d in custom_dirs], builder, _versions(), build_date())


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
