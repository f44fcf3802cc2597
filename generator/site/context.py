"""What every page builder is given: the corpus, where pages go, and the lookups they share."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from markupsafe import Markup

from ..content.corpus import Corpus
from ..law.check import QuoteDifference, quote_differences
from ..law.resolve import Resolver
from . import paths
from .index import Index
from .paths import ONE_SITE, Layout

#: The lists of steps a power page prints, each a section of its own.
STEPS = ("responsibilities", "accountability", "liability")
REPEATED = 10
"""A list of steps this many powers of one list print alike is searched once (`Site.searched_once`)."""


def _steps(power, field: str) -> tuple:
    value = getattr(power, field)
    return tuple((step.step, step.text) for step in value) if field == "responsibilities" else tuple(value)


def steps_left_out(powers: list) -> dict[int, set[str]]:
    """Power index -> the lists of steps of one list's powers that their pages show but the
    search leaves out: those that REPEATED or more powers of the list print alike, on every page
    but the first that prints them. A county bureau's standard steps, repeated on hundreds of its
    pages, were most of its unit's search index; each is still found once."""
    left_out: dict[int, set[str]] = {}
    for field in STEPS:
        holders: dict[tuple, list[int]] = {}
        for n, power in enumerate(powers):
            texts = _steps(power, field)
            if texts:
                holders.setdefault(texts, []).append(n)
        for indexes in holders.values():
            if len(indexes) >= REPEATED:
                for n in indexes[1:]:
                    left_out.setdefault(n, set()).add(field)
    return left_out


@dataclass
class Site:
    """One render of the site: built once per render, handed to every page builder."""

    corpus: Corpus
    layout: Layout = ONE_SITE
    index: Index | None = None

    def __post_init__(self) -> None:
        if self.index is None:
            self.index = Index.of(self.corpus)

    def link(self, from_page: str, to_page: str, anchor: str | None = None) -> Markup:
        """A relative link between two pages (logical paths) of this site."""
        return paths.link(self.layout, from_page, to_page, anchor)

    @functools.cached_property
    def differences(self) -> dict[tuple[str, int, int], QuoteDifference]:
        """(agency, power index, basis index) -> how a quote differs from the official text it cites."""
        if not any(s.official_versions for s in self.corpus.statutes.values()):
            return {}
        return {(d.agency_id, d.power_index, d.basis_index): d for d in quote_differences(self.corpus)}

    @functools.cached_property
    def searched_once(self) -> dict[tuple[str, int], set[str]]:
        """(agency, power index) -> the lists of steps (责任事项, 追责情形, 担责方式) its page shows
        but the search leaves out (`steps_left_out`)."""
        return {(agency_id, n): fields for agency_id in sorted(self.corpus.agencies)
                for n, fields in steps_left_out(self.corpus.agencies[agency_id].powers).items()}

    def searched_quotes(self, agency_id: str, index: int) -> set[int]:
        """The entries of a power's basis (by position) whose quotes the search finds on its page:
        every one on one site; in a sharded site none while the statute pages' texts are searched
        (a quote is found on its statute's page), else the first of each wording in its list."""
        if not self.layout.sharded:
            return set(range(len(self.corpus.agencies[agency_id].powers[index].basis)))
        if self.layout.statute_texts:
            return set()
        return self._first_quotes.get((agency_id, index), set())

    @functools.cached_property
    def _first_quotes(self) -> dict[tuple[str, int], set[int]]:
        found: dict[tuple[str, int], set[int]] = {}
        for agency_id in sorted(self.corpus.agencies):
            seen = set()
            for n, power in enumerate(self.corpus.agencies[agency_id].powers):
                for b, citation in enumerate(power.basis):
                    if citation.text and (citation.statute, citation.text) not in seen:
                        seen.add((citation.statute, citation.text))
                        found.setdefault((agency_id, n), set()).add(b)
        return found

    @functools.cached_property
    def resolver(self) -> Resolver:
        """Citations read on their lists' dates against the official texts, and followed to today's;
        each statute's versions aligned once per render."""
        return Resolver(self.corpus.statutes)
