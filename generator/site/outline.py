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

from ..content.model import Agency, Citation
from ..law.resolve import list_date

_KEYS: dict[tuple, str] = {}
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
    found = _KEYS.get((agency_id, agency.digest))
    if found is None:
        if len(_KEYS) > _KEPT:
            _KEYS.clear()
        shown = (agency_id, agency.name, agency.region, agency.admin_level, tuple(
            (p.id, p.serial, p.name, p.scope, p.sub_item, p.code, p.category, p.category_as_published,
             tuple((c.statute, c.title, c.level, c.version, c.ref, c.article, c.paragraph, c.item) for c in p.basis),
             tuple((c.field, c.published, c.corrected) for c in p.corrections))
            for p in agency.powers))
        found = _KEYS[(agency_id, agency.digest)] = _digest(shown)
    return Outline(agency, found)


def citations(agency_id: str, agency: Agency, named: bool) -> Outline:
    """The outline of an agency as a statute's page sees it: its name, its list's date and each
    power's citations, whole (`named`: with its powers' ids and names)."""
    memo = ("citations", named, agency_id, agency.digest)
    found = _KEYS.get(memo)
    if found is None:
        if len(_KEYS) > _KEPT:
            _KEYS.clear()
        names = tuple((p.id, p.name) for p in agency.powers) if named else ()
        shown = ("citations", agency_id, agency.name, str(list_date(agency)), names,
                 tuple(tuple(map(_CITATION, p.basis)) for p in agency.powers))
        found = _KEYS[memo] = _digest(shown)
    return Outline(agency, found)


_CITATION = attrgetter(*Citation.model_fields)
"""Every field of a citation."""


def _digest(shown: tuple) -> str:
    return hashlib.blake2b(repr(shown).encode(), digest_size=20).hexdigest()
