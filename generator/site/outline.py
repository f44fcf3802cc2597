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
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..content.model import Agency

_KEYS: dict[tuple[str, str], str] = {}
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
        found = _KEYS[(agency_id, agency.digest)] = hashlib.blake2b(repr(shown).encode(), digest_size=20).hexdigest()
    return Outline(agency, found)
