"""Deploy units sized by what they weigh: a sub-site's search index, files and bytes.

A sharded build is deployed unit by unit (a CI runner builds each; a host takes each or the
whole), so every unit must stay within what a browser loads and a host accepts (`LIMITS`):

    weigh(agency)        -> Weight   what an agency's pages add to a unit, estimated from its text
    split(corpus, ...)   -> groups   a province, split by city, then county, then department, while a
                                     group weighs more than a unit may
    measure(site, plan)  -> Weight   what each built unit weighs, from its files
    over_limits(...)     -> messages the units a build made heavier than a unit may be

The estimate decides the plan before anything is built; the measurement after the build proves
it (a unit over a limit is reported, by name and limit). The coefficients were fitted on measured
builds (`docs/reference/big-corpora.md`) and rounded up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..content.model import Agency, Citation, Document
from ..i18n import _
from ..site.context import steps_left_out


@dataclass(frozen=True)
class Weight:
    """What a deploy unit weighs."""

    index: int = 0
    """Bytes of its search index (`search/search_index.json`, and the script holding its entries)."""
    files: int = 0
    bytes: int = 0
    largest: int = 0
    """Bytes of its largest file."""

    def __add__(self, other: Weight) -> Weight:
        return Weight(self.index + other.index, self.files + other.files, self.bytes + other.bytes,
                      max(self.largest, other.largest))

    def fits(self, limits: Weight) -> bool:
        return self.index <= limits.index and self.files <= limits.files and self.bytes <= limits.bytes

    def as_dict(self) -> dict:
        return {"index_bytes": self.index, "files": self.files, "bytes": self.bytes}


LIMITS = Weight(index=3_000_000, files=20_000, bytes=1_000_000_000, largest=25 * 2**20)
"""A unit's search index (what a phone loads before its first search), its files (Cloudflare Pages
takes 20,000 a deployment) and bytes (GitHub Pages: 1 GB a site), and a file (Cloudflare: 25 MiB)."""
SITE_BYTES = 1_000_000_000
"""What one GitHub Pages site may be (GitLab Pages: the same): a sharded site past it is deployed
unit by unit, each at its folder under the top site's address."""

# --- the estimate ----------------------------------------------------------------------------
# Fitted on sharded builds, each unit's index measured (`search/search_index.js`) against what its
# agencies' lists hold: `benchmarks.government --level county` (40 departments, 8,109 powers, 13
# units) and 3,400 medical security bureaus (`benchmarks.corpus`, 124 units), 2026-12-07. The index
# holds text as UTF-8 (a Chinese character three bytes, an id or a date one a character) and leaves
# out the lists of steps a list repeats (`steps_left_out`), so the estimate counts the bytes the
# search indexes, not characters of every field: least squares (relative) gave 1.32 index bytes a
# byte of a power's searched text, 297 a power and 1.69 a byte of each quoted wording searched once
# a list, and measured over estimated 0.90-1.09 on both corpora (the first estimate, by characters
# of every field, was 0.54-0.74 on the county and 0.41-0.67 on the bureaus: units half as full as
# they could be). The coefficients below are those times 1.36, rounded up, and 2,000 bytes an agency
# for its own page (the fit, the agencies' powers weighing most, gave none): measured over estimated
# at most 0.80, a fifth of a unit's limit to spare, as before.

INDEX_PER_BYTE = 1.8
"""Search-index bytes per UTF-8 byte of a power's own text that the search indexes (with the
page's markup, written as JSON); a statute's quote is indexed on the statute's page."""
INDEX_PER_POWER = 420
"""Search-index bytes per power besides its text: the page's location, title and section entries."""
INDEX_PER_QUOTED_BYTE = 2.3
"""Search-index bytes per UTF-8 byte of a quote searched on a power page (one site: every quote;
a sharded site whose statute texts are not searched: each wording once a list)."""
INDEX_PER_AGENCY = 2_000
INDEX_PER_STATUTE_CHAR = 4.4
"""Search-index bytes per character of a statute page's text (`plan.statutes_weight`: the top site's
statute pages, whose texts are searched while they fit; not refitted with the agencies' coefficients)."""
INDEX_PER_STATUTE = 1_460
BYTES_PER_STATUTE = 18_000
FILES_PER_POWER = 1
"""A power's page."""
FILES_PER_AGENCY = 8
"""An agency's page, full list (a sharded site has none: an upper bound) and data files."""
FILES_PER_CITED_STATUTE = 1
"""The page of a statute's citations in the unit (counted for each agency that cites it)."""
BYTES_PER_CHAR = 22
"""Bytes of HTML and data files per character of a power's text, quotes included."""
BYTES_PER_POWER = 8_000
BYTES_PER_AGENCY = 50_000
INDEX_COPIES = 1
"""The index's entries are written once (the script pages opened from files load; the JSON holds the settings)."""
TOP_INDEX_PER_POWER = 18
"""Search-index bytes the top site's category pages add per power of the corpus (they list every
power by name: 300 KB of the top's 530 KB index at 1,000 medical security bureaus)."""
TOP_INDEX_PER_AGENCY = 65
"""Search-index bytes the top site's list of agencies adds per agency."""
TOP_BYTES_PER_POWER = 1_100
"""Bytes the top site's category, same-name and `api/` files add per power of the corpus."""
UNIT = Weight(index=100_000, files=120, bytes=3_200_000)
"""What every unit carries besides its agencies: its chrome script, home page, sitemap, search page
(the theme's files are the top site's: builders.mkdocs.SharedTheme)."""
LIGHT_ENTRY = 88
"""Bytes of one light search entry (an agency, statute or power of another unit) besides its text."""
LIGHT_PER_CHAR = 3


@dataclass(frozen=True)
class Text:
    """The characters an agency's powers are made of, and the bytes of them its unit's search indexes."""

    own: int
    """Of the powers' own fields (name, content, responsibilities ...)."""
    quoted: int
    """Of the statute quotes in their basis."""
    quoted_once: int
    """Of the quotes, each wording of a statute counted once."""
    powers: int
    statutes: int
    """Statutes its powers cite."""
    searched: int
    """UTF-8 bytes of the powers' own fields but the steps the search leaves out (`steps_left_out`;
    the powers of earlier editions counted whole)."""
    quoted_bytes: int
    """UTF-8 bytes of the quotes."""
    quoted_once_bytes: int
    """UTF-8 bytes of the quotes, each wording of a statute counted once."""


def text_of(agency: Agency) -> Text:
    """Count the characters of an agency's powers, those of its earlier editions included (once
    per content in a process, and kept between runs by the agency's digest: `KEPT`)."""
    found = KEPT.texts.get(agency.digest)
    if found is None:
        found = KEPT.texts[agency.digest] = _count(agency)
    KEPT.used.add(agency.digest)
    return found


def _count(agency: Agency) -> Text:
    own = quoted = powers = searched = quoted_bytes = 0
    statutes = set()
    wordings = set()
    left_out = steps_left_out(agency.powers)
    for number, power in enumerate([*agency.powers, *(p for edition in agency.editions for p in edition.powers)]):
        powers += 1
        for citation in power.basis:
            quoted += len(citation.text or "")
            quoted_bytes += len((citation.text or "").encode("utf-8"))
            statutes.add(citation.statute)
            wordings.add((citation.statute, citation.text or ""))
        skipped = left_out.get(number, ())
        for name, item in power.__dict__.items():  # (text_size of the power, in one walk: its fields')
            chars, size = text_sizes(item)
            own += chars
            searched += 0 if name in skipped else size
    return Text(own, quoted, sum(len(text) for _, text in wordings), powers, len(statutes), searched, quoted_bytes,
                sum(len(text.encode("utf-8")) for _, text in wordings))


def text_size(value, bytes_of: bool = False) -> int:
    """Characters (`bytes_of`: UTF-8 bytes) of every text in a model (a citation's quote left out,
    and a document's digest, which is in its `__dict__` once stamped by the loader or worked out:
    not its text)."""
    return text_sizes(value)[bytes_of]


def text_sizes(value) -> tuple[int, int]:
    """The characters and the UTF-8 bytes of every text in a model (`text_size`), in one walk."""
    if isinstance(value, str):
        return len(value), len(value) if value.isascii() else len(value.encode("utf-8"))
    if isinstance(value, dict):
        items = value.values()
    elif isinstance(value, (list, tuple)):
        items = value
    elif hasattr(value, "__dict__"):
        left_out = "text" if isinstance(value, Citation) else "digest" if isinstance(value, Document) else None
        items = [item for name, item in value.__dict__.items() if name != left_out]
    else:
        text = str(value) if value is not None else ""
        return len(text), len(text)
    chars = size = 0
    for item in items:
        more = text_sizes(item)
        chars += more[0]
        size += more[1]
    return chars, size


def weigh(agency: Agency, one_site: bool = False, quotes: bool = False) -> Weight:
    """What an agency's pages add to the unit that holds them (estimated): on one site, with
    every quote searched; in a unit, with each wording searched once when `quotes`."""
    text = text_of(agency)
    index = INDEX_PER_BYTE * text.searched + INDEX_PER_POWER * text.powers + INDEX_PER_AGENCY
    if one_site:
        index += INDEX_PER_QUOTED_BYTE * text.quoted_bytes
    elif quotes:
        index += INDEX_PER_QUOTED_BYTE * text.quoted_once_bytes
    index = round(index)
    files = FILES_PER_POWER * text.powers + FILES_PER_AGENCY + FILES_PER_CITED_STATUTE * text.statutes
    size = BYTES_PER_CHAR * (text.own + text.quoted) + BYTES_PER_POWER * text.powers + BYTES_PER_AGENCY
    return Weight(index, files, size + INDEX_COPIES * index)


class KeptTexts:
    """The characters of each agency's content (`text_of`) counted by earlier runs, by the agency's
    digest, in the user's private cache folder (`cachekey`: the counting code is in the key):
    planning a thousand agencies after one edit counts one. `save` keeps the counts of this run."""

    def __init__(self) -> None:
        self.texts: dict[str, Text] = {}
        self.used: set[str] = set()
        self.path = None
        self.read = False

    def load(self) -> None:
        from ..cachekey import key as cache_key
        from ..fileio import read_kept, user_cache_dir

        if self.read:
            return
        self.read = True
        folder = user_cache_dir("units")
        self.path = folder / f"{cache_key('units')[:32]}.pickle" if folder is not None else None
        found = read_kept(self.path)
        if isinstance(found, dict) and all(isinstance(v, Text) for v in found.values()):
            self.texts = {**found, **self.texts}

    def save(self) -> None:
        from ..fileio import keep

        kept = {digest: self.texts[digest] for digest in self.used}
        if kept:
            keep(self.path, kept)


KEPT = KeptTexts()


def light_weight(titles: list[str]) -> int:
    """Search-index bytes of light entries with these titles and words (estimated)."""
    return round(sum(LIGHT_ENTRY + LIGHT_PER_CHAR * len(title) for title in titles))


# --- the measurement -------------------------------------------------------------------------

def measure(root: Path, skip: set[str] = frozenset()) -> Weight:
    """What the unit built at `root` weighs (`skip`: top-level folders of other units)."""
    files = size = largest = 0
    for folder, folders, names in os.walk(root):
        if folder == str(root):
            folders[:] = [name for name in folders if name not in skip]
        for name in names:
            bytes_ = os.stat(os.path.join(folder, name), follow_symlinks=False).st_size
            files, size, largest = files + 1, size + bytes_, max(largest, bytes_)
    return Weight(index_size(root), files, size, largest)


def measure_listed(root: Path, files: list[tuple[str, int]]) -> Weight:
    """What the unit built at `root` weighs, from a listing of its files (path relative to it, size)
    that the build has made anyway (`state.site_listing`): a walk of the site is a tenth of a second
    for every 10,000 files."""
    size = largest = 0
    for _path, bytes_ in files:
        size, largest = size + bytes_, max(largest, bytes_)
    return Weight(index_size(root), len(files), size, largest)


def index_size(root: Path) -> int:
    """Bytes of search index a reader's browser loads from the unit at `root`."""
    from .search_index import loaded_bytes

    return loaded_bytes(root)


def site_over_limit(total: int) -> list[str]:
    """A line when the whole site (`total` bytes, every unit) is more than one GitHub Pages site
    takes (`SITE_BYTES`): each unit is within a deploy unit's limits, and is deployed on its own."""
    if total <= SITE_BYTES:
        return []
    return [_("the whole site is {size:.2f} GB, over the {limit:.0f} GB one GitHub Pages site may be: deploy it unit "
              "by unit, each at its folder under the top site's address (`quanze shards` lists them)").format(
        size=total / 1e9, limit=SITE_BYTES / 1e9)]


def over_limits(unit: str, weight: Weight, limits: Weight | None = None) -> list[str]:
    """What in a built unit passes the limits (`LIMITS` as it is when asked), one message each
    (none when it fits)."""
    limits = limits or LIMITS
    found = []
    if weight.index > limits.index:
        found.append(_("{unit}: its search index is {size:.2f} MB, over the {limit:.0f} MB a unit's index may be").format(
            unit=unit, size=weight.index / 1e6, limit=limits.index / 1e6))
    if weight.files > limits.files:
        found.append(_("{unit}: it has {files:,} files, over the {limit:,} a unit may have").format(
            unit=unit, files=weight.files, limit=limits.files))
    if weight.bytes > limits.bytes:
        found.append(_("{unit}: it is {size:.2f} GB, over the {limit:.0f} GB a unit may be").format(
            unit=unit, size=weight.bytes / 1e9, limit=limits.bytes / 1e9))
    if weight.largest > limits.largest:
        found.append(_("{unit}: its largest file is {size:.1f} MiB, over the {limit:.0f} MiB a file may be").format(
            unit=unit, size=weight.largest / 2**20, limit=limits.largest / 2**20))
    return found
