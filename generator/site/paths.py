"""Where pages go: the path of each page, the layout of one site or many, links between pages.

Pages are rendered at logical paths (`agencies/<agency>/<power>.md`); a `Layout` places them
in the assembled site (a sharded agency's pages under its shard's folder) and every link is
made relative from one placed page to another.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from dataclasses import dataclass, field

from markupsafe import Markup

from ..content.model import Statute
from ..content.numerals import int_to_cn
from ..content.vocab import CATEGORY_SLUGS
from ..law.text import current_version

ELSEWHERE_INLINE = 8
"""A power page lists at most this many same powers of other agencies; more get a page of their own."""

ZIP_NAME = "quanze-site.zip"
DIFFERENCES_PATH = "statutes/differences.md"


class StoredText(bytes):
    """A page's text as the page store keeps it, its UTF-8 bytes (`surrogateescape`): what a build
    finds in the store stays so until something reads it (`text_of`), so that the pages of the
    sub-sites it does not build are never decoded. Its digest (`cachekey.digest`) is the text's."""

    __slots__ = ()


def text_of(text: str | StoredText | None) -> str | None:
    """A page's text as a string (a `StoredText` decoded)."""
    return text.decode("utf-8", "surrogateescape") if isinstance(text, StoredText) else text


@dataclass(frozen=True)
class Page:
    """One Markdown page: its path under the docs folder and its text (None for a page a build of
    some units, `--only`, does not render: one of another unit; a `StoredText` for one a build
    found in the page store)."""

    path: str
    text: str | StoredText | None
    key: str | None = field(default=None, compare=False, repr=False)
    """The page store's key of its text (render.PageStore), when it has one: a digest of all the
    page is made from, which the link check's memo of each page's links is kept by."""


@dataclass(frozen=True)
class Link:
    """Link text (content, escaped when printed) and a relative URL (generated, ASCII)."""

    text: str
    url: Markup


# --- where pages go -----------------------------------------------------------------------

@dataclass(frozen=True)
class Layout:
    """Where pages go: one site, or a top site plus one sub-site (shard) per group of agencies.

    Pages are rendered at their logical paths (`agencies/<id>/<power>.md`); `place` gives the
    path in the assembled site, where a sharded agency's pages sit under its shard's folder.
    A link between two sub-sites points at the built HTML file, since MkDocs resolves only
    links to pages of the site it builds.
    """

    shards: dict[str, str] = field(default_factory=dict)
    """agency id -> shard id (empty: one site)."""
    titles: dict[str, str] = field(default_factory=dict)
    """shard id -> title, in shard order."""
    split: bool = True
    """Whether each shard is built as a site of its own (False: one site, shard folders in it)."""
    statute_texts: bool = True
    """Whether the search finds the statutes' texts on their pages. A sharded site whose statute
    texts would make the top site's index heavier than a unit's may be leaves them out there; each
    unit then finds the quotes on its power pages, and the top site the statutes by title."""

    @property
    def sharded(self) -> bool:
        return bool(self.titles)

    def place(self, path: str) -> str:
        parts = path.split("/")
        if len(parts) == 3 and parts[0] == "agencies" and parts[1] in self.shards:
            return f"{self.shards[parts[1]]}/{path}"
        return path

    def site_of(self, placed: str) -> str | None:
        """The shard a placed path belongs to, or None for the top site."""
        first = placed.split("/", 1)[0]
        return first if first in self.titles and "/" in placed else None


ONE_SITE = Layout()


# --- the path of each page -------------------------------------------------------------------------------

def agency_path(agency_id: str) -> str:
    return f"agencies/{agency_id}/index.md"


def power_path(agency_id: str, power_id: str) -> str:
    return f"agencies/{agency_id}/{power_id}.md"


def full_list_path(agency_id: str) -> str:
    """An agency's whole list on one page; `full_list` has an underscore, which no power id can have."""
    return f"agencies/{agency_id}/full_list.md"


def statute_path(statute_id: str) -> str:
    return f"statutes/{statute_id}.md"


def category_path(category: str) -> str:
    return f"categories/{CATEGORY_SLUGS[category]}.md"


def article_anchor(article: int) -> str:
    return f"art-{article}"


def shard_path(shard_id: str) -> str:
    return f"{shard_id}/index.md"


def shard_cited_path(shard_id: str, statute_id: str) -> str:
    return f"{shard_id}/statutes/{statute_id}.md"


def same_path(power_name: str) -> str:
    """Page listing every agency's power of one (normalised) name."""
    return f"same/{hashlib.sha1(name_key(power_name).encode('utf-8')).hexdigest()[:12]}.md"


def relpath(target: str, source: str) -> str:
    """`target` relative to the folder of `source` (both normalised paths from the site root);
    posixpath.relpath would ask the operating system for the current folder twice per link."""
    return _relpath(target, source.rpartition("/")[0])


@functools.lru_cache(maxsize=1 << 18)
def _relpath(target: str, source_folder: str) -> str:
    """(Thousands of pages of one folder link the same pages: each such link is worked out once.)"""
    folder, parts = source_folder.split("/") if source_folder else [], target.split("/")
    common = 0
    while common < min(len(folder), len(parts) - 1) and folder[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(folder) - common) + parts[common:])


def link(layout: Layout, from_page: str, to_page: str, anchor: str | None = None) -> Markup:
    """A relative link from one page to another (and an anchor on it), both at logical paths,
    placed by `layout`: between two sub-sites it points at the built HTML file."""
    source, target = layout.place(from_page), layout.place(to_page)
    url = relpath(target, source)
    if layout.split and layout.site_of(source) != layout.site_of(target):
        url = url.removesuffix(".md") + ".html"
    return Markup(url + (f"#{anchor}" if anchor else ""))


def article_label(article: int) -> str:
    return f"第{int_to_cn(article)}条"


def version_path(statute_id: str, statute: Statute, version) -> str:
    """The page of one version of an official text: the statute's page for the current version."""
    if version is current_version(statute):
        return statute_path(statute_id)
    position = statute.official_versions.index(version) + 1
    label = "".join(c for c in version.label.lower() if c.isascii() and (c.isalnum() or c == "-"))
    return f"statutes/{statute_id}/{label or 'v'}-{position}.md"


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A power name compared across agencies: width-folded, without spaces or punctuation."""
    folded = unicodedata.normalize("NFKC", name)
    return "".join(c for c in folded if unicodedata.category(c)[0] not in "PZSC")


def shard_agencies(layout: Layout) -> dict[str, list[str]]:
    """shard id -> its agency ids (sorted), in shard order."""
    groups: dict[str, list[str]] = {shard_id: [] for shard_id in layout.titles}
    for agency_id in sorted(layout.shards):
        groups[layout.shards[agency_id]].append(agency_id)
    return groups
