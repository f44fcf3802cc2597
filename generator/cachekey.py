"""One rule for what a kept thing depends on: every store of the user's cache folder keys an item by

    key(store, *inputs) = digest(store name, the inputs the item is made from,
                                 the settings that reach it, the toolchain)

where the toolchain is one digest of everything that makes any item at all: quanze's own
package files (every file of generator/), its site templates and base mkdocs.yml, the exact
version of each distribution quanze imports, and Python's version. Two runs that agree on a key
make the same item; anything else gets a new key, so a release, an upgraded library or an
edited template never meets an item made before it.

A store is an optimisation only: `set_aside` says once per process, in one warning line, that
the cache folder could not be used (unreadable, full, read-only, not the user's, an item cut
short), and the build goes on without it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from pathlib import Path

from .i18n import _

#: The distributions quanze imports, directly or through MkDocs and Material, whose code shapes
#: what a build writes (tests/test_cache_invariant.py checks that pyproject.toml names no other).
DISTRIBUTIONS = (
    "babel", "backrefs", "cn2an", "jieba", "jinja2", "lxml", "markdown", "markupsafe", "mergedeep", "mkdocs",
    "mkdocs-material", "openpyxl", "opencc", "pdfminer.six", "pdfplumber", "pydantic", "pydantic-core",
    "pygments", "pymdown-extensions", "pypinyin", "python-docx", "pyyaml", "ruamel.yaml", "xlsxwriter", "zensical",
)


def key(store: str, *inputs: object) -> str:
    """The key of an item of `store` made from `inputs` (text, bytes, paths of files or folders,
    numbers, mappings, lists) with this toolchain."""
    return digest(store, toolchain(), *inputs)


def digest(*parts: object) -> str:
    """A SHA-256 digest of values (text, bytes, paths of files or folders, mappings, lists), in order."""
    found = hashlib.sha256()
    for part in parts:
        _feed(found, part)
    return found.hexdigest()


def _feed(found, part: object) -> None:
    if isinstance(part, bytes):
        found.update(b"b%d:" % len(part))  # (the digest of the two parts joined, without joining them)
        found.update(part)
    elif isinstance(part, str):
        _feed(found, part.encode("utf-8", "surrogateescape"))
    elif isinstance(part, Path):
        files = sorted(p for p in part.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if part.is_dir() else [part] if part.is_file() else []
        found.update(b"p%d:" % len(files))
        for path in files:
            _feed(found, path.relative_to(part).as_posix() if part.is_dir() else path.name)
            _feed(found, path.read_bytes())
    elif isinstance(part, dict):
        found.update(b"d%d:" % len(part))
        for name in sorted(part, key=str):
            _feed(found, str(name))
            _feed(found, part[name])
    elif isinstance(part, (list, tuple)):
        found.update(b"l%d:" % len(part))
        for item in part:
            _feed(found, item)
    else:
        _feed(found, json.dumps(part, sort_keys=True, default=str))


@functools.cache
def toolchain() -> str:
    """One digest of what makes every kept item: quanze's package files, site templates and base
    configuration, the versions of the distributions it imports, and Python's version."""
    from .project import PACKAGED_CONFIG, PACKAGED_TEMPLATES

    package = Path(__file__).resolve().parent
    return digest(package, PACKAGED_TEMPLATES, PACKAGED_CONFIG, versions(), sys.version)


def versions() -> dict[str, str]:
    """The installed version of each of `DISTRIBUTIONS` ("none" where it is missing)."""
    from importlib import metadata

    found = {}
    for name in DISTRIBUTIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "none"
    return found


_SET_ASIDE: list[str] = []


def set_aside(reason: str) -> None:
    """Say once per process, on standard error, that the cache folder was not used (`reason`):
    the build is slower, its site the same."""
    if _SET_ASIDE:
        return
    _SET_ASIDE.append(reason)
    print("quanze: warning: " + _("the cache folder is not usable ({reason}); this build takes longer, "
                                  "its site is the same").format(reason=reason), file=sys.stderr)
