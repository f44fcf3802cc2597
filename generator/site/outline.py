"""What the pages listing powers across agencies show of one agency, as a page input.

A statute page without an official text, a category page, a same-name page, a sub-site's pages
of citations and a power page's "the same power elsewhere" show, of each agency they list, its name and place and each
power's id, number, name, code, category and citations (never its list's title, its
responsibilities or the quotes' wording: a statute page's wordings are the statute's own file).
Made from the agency itself, such a page would be rendered again after any edit of any list it
names: one title edited in a county of 40 departments rendered 1,221 pages, 361 of which changed.
An `Outline` stands for the agency among a page's inputs: compared and stored by a digest of
those fields alone, and dated by its agency's file (`chrome.page_dates`: the date a page shows is
still its newest file's, and among what the page is made from).

A statute's page shows less still: of each agency its name and the powers citing the statute, with
their citations (an official text's page reads them on the list's date and counts the quotes
differing from the text), and in a sharded site no power's name (counts per unit). `citations`
is that outline: a power renamed in one list does not render every statute's page again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from ..content.model import Agency, Citation
from ..law.resolve import list_date

_KEYS: dict[tuple, str] = {}
_PARTS: dict[tuple[str, str], tuple[str, str]] = {}
_KEPT = 200_000
"""Digests kept from render to render (a preview server's; cleared past this many)."""


@dataclass(frozen=True, eq=False)
class Outline:
    """An agency as a page listing many agencies sees it: `key` a digest of what it shows."""

    agency: Agency
    key: str


def outline(agency_id: str, agency: Agency) -> Outline:
    """The outline of an agency (its digest worked out once per content: keyed by the agency's id
    and the digest of its file)."""
    return Outline(agency, _parts(agency_id, agency)[0])


def citations(agency_id: str, agency: Agency, named: bool, quoted: frozenset[str] = frozenset()) -> Outline:
    """The outline of an agency as a statute's page sees it: its name, its list's date and each
    power's citations (`named`: with its powers' ids and names; with the quotes of the statutes
    `quoted`, those with an official text, whose pages count the quotes that differ from it)."""
    memo = ("citations", agency_id, agency.digest, named, quoted)
    found = _KEYS.get(memo)
    if found is None:
        names = tuple((p.id, p.name) for p in agency.powers) if named else ()
        quotes = tuple(c.text for p in agency.powers for c in p.basis if c.statute in quoted) if quoted else ()
        found = _kept(memo, _digest(repr(("citations", agency_id, agency.name, str(list_date(agency)), names,
                                          quotes)) + _parts(agency_id, agency)[1]))
    return Outline(agency, found)


def _parts(agency_id: str, agency: Agency) -> tuple[str, str]:
    """An agency's outline digest, and its powers' citations (every field but the quote) as text."""
    memo = (agency_id, agency.digest)
    found = _PARTS.get(memo)
    if found is None:
        cited = repr(tuple(tuple(map(_CITED, p.basis)) for p in agency.powers))
        shown = (agency_id, agency.name, agency.region, agency.admin_level, tuple(
            (p.id, p.serial, p.name, p.scope, p.sub_item, p.code, p.category, p.category_as_published,
             tuple((c.field, c.published, c.corrected) for c in p.corrections))
            for p in agency.powers))
        found = (_digest(repr(shown) + cited), cited)
        if len(_PARTS) > _KEPT:
            _PARTS.clear()
        _PARTS[memo] = found
    return found


_CITED = attrgetter(*(name for name in Citation.model_fields if name != "text"))
"""A citation's fields but its quote."""


def _kept(memo: tuple, key: str) -> str:
    if len(_KEYS) > _KEPT:
        _KEYS.clear()
    _KEYS[memo] = key
    return key


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def recall(path: Path | None, toolchain: str) -> None:
    """Take the outlines an earlier run worked out, kept at `path` by `keep` (a new process works
    out each agency's outline again otherwise: 0.4 s at 1,000 agencies, after any edit); only
    those of the same `toolchain` (what an outline holds is quanze's code)."""
    from ..fileio import read_kept

    kept = read_kept(path)
    if isinstance(kept, tuple) and len(kept) == 3 and kept[0] == toolchain and isinstance(kept[1], dict) \
            and isinstance(kept[2], dict):
        for memo, found in kept[1].items():
            _PARTS.setdefault(memo, found)
        for memo, found in kept[2].items():
            _KEYS.setdefault(memo, found)
        _RECALLED[path] = (toolchain, kept[1].keys(), kept[2].keys())


def keep(path: Path | None, toolchain: str, agencies: dict[str, Agency]) -> None:
    """Keep at `path` the outlines of `agencies` worked out so far, for `recall` by the next run
    (written when they are not those it recalled)."""
    from ..fileio import keep as keep_file

    if path is None:
        return
    current = {(agency_id, agency.digest) for agency_id, agency in agencies.items()}
    parts = {memo: found for memo, found in _PARTS.items() if memo in current}
    keys = {memo: found for memo, found in _KEYS.items() if memo[1:3] in current}
    if _RECALLED.get(path) != (toolchain, parts.keys(), keys.keys()):
        keep_file(path, (toolchain, parts, keys))
        _RECALLED[path] = (toolchain, parts.keys(), keys.keys())


_RECALLED: dict[Path, tuple] = {}
"""What `recall` took from a file, or `keep` wrote into it: written again only when it changed."""
