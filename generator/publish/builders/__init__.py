"""Builders: a finished docs folder -> a site folder. The seam that lets the project change
static-site builders by configuration.

Each builder is a module with `NAME`, `IN_MEMORY` (whether it takes the docs from memory rather
than from a docs folder written for it), `build(job) -> list[str]` (the warnings it logged) and
`refresh_entries(site_dir, appended, entries, config_file, light)` (a sub-site kept from the previous build gets
the search entries of the other sub-sites anew) and `shares_light_entries(config_file)` (whether
those entries are one file of the top site that each sub-site's search reads, publish.search);
the pipeline renders the pages, writes the docs folder, and calls the builder of the user's
choice on it. MkDocs + Material is the default; Zensical, Material's successor, builds the
same docs folder from the same mkdocs.yml.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import QuanzeError
from ...i18n import _

BUILDERS = ("mkdocs", "zensical")


@dataclass(frozen=True)
class Reuse:
    """What the build of a sub-site needs to keep pages of its previous build: where the record of
    what a build made of its pages is, the frame (the fingerprint of all its pages are made of but
    their own texts), this build's fingerprint of the sub-site (the record written is labelled
    with it), and the sub-site's folder in the previous site with the fingerprint it was built
    with (None: nothing to keep, the record written)."""

    record: Path
    frame: str
    build: str
    previous: Path | None = None
    previous_build: str | None = None


@dataclass
class BuildJob:
    """One sub-site to build: where its docs are, where its site goes, and its settings."""

    site: str
    config_file: Path
    docs_dir: Path
    site_dir: Path
    custom_dir: Path
    """The theme overrides folder (the project's over quanze's own)."""
    overrides: dict = field(default_factory=dict)
    """Settings that replace the configuration's (a sub-site's name, nav, validation)."""
    search_entries: list[dict] = field(default_factory=list)
    """Light entries of the other sub-sites for this sub-site's search index."""
    light: dict = field(default_factory=dict)
    """Where its search finds the light entries shared by every sub-site (search.light_config),
    when they are shared rather than in `search_entries`."""
    files: dict[str, str | bytes] | None = None
    """The docs themselves (path -> text, a page's `StoredText`, or bytes), for a builder that takes them from memory
    (`IN_MEMORY`); `docs_dir` is then an empty folder. None: they are in `docs_dir`."""
    reuse: Reuse | None = None
    """Where this sub-site's previous build is, for a builder that keeps what nothing changed
    (MkDocs: mkdocs_kept); None: built whole, nothing recorded."""
    theme_up: str = ""
    """The way up to the site whose theme files (`assets/`) this sub-site's pages use, a shard's
    to the top site's ("": its own). The shards of a sharded build link the top site already
    (its statutes, categories, search entries): one copy of the theme for all, and a reader's
    browser keeps it from one province to the next."""


def builder(name: str):
    """The builder module of this name; a clear error when it is unknown or not installed."""
    if name not in BUILDERS:
        raise QuanzeError(_("unknown builder {name} (expected one of: {builders})").format(
            name=repr(name), builders=", ".join(BUILDERS)))
    return importlib.import_module(f"{__name__}.{name}")
