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
    def resolver(self) -> Resolver:
        """Citations read on their lists' dates against the official texts, and followed to today's;
        each statute's versions aligned once per render."""
        return Resolver(self.corpus.statutes)
