"""Stage 3, model: every agency and statute, typed, with citations resolved both ways.

The corpus answers the questions the site asks: which powers cite this article, which powers
elsewhere are the same power. `reader.read_content` builds it from the content folder.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .load import Document
from .model import Agency, Citation, Power, Statute

if TYPE_CHECKING:
    from .catalogue import Catalogue


@dataclass(frozen=True)
class PowerRef:
    """A power together with the agency that holds it."""

    agency_id: str
    agency: Agency
    power: Power
    index: int


@dataclass
class Corpus:
    """All content, typed and indexed. Iteration orders are deterministic."""

    agencies: dict[str, Agency]
    statutes: dict[str, Statute]
    documents: dict[str, Document] = field(default_factory=dict)
    cited_by: dict[tuple[str, int | None], list[tuple[PowerRef, Citation]]] = field(default_factory=dict)
    catalogues: dict[str, Catalogue] = field(default_factory=dict)
    """Reference catalogues (`content/catalogues/`), by id; set by the reader."""
    changed: dict[str, date] = field(default_factory=dict)
    """When each content file last changed (`dates.last_changed`), by `agencies/<id>` or
    `statutes/<id>`; empty when the project is not a complete git work tree. Set by the reader."""
    project: Path | None = None
    """The project folder (the one holding the content folder): agencies' original files (`source_file`) are
    read from it. Set by the reader; None for a corpus made in memory (no original file is published)."""

    def __post_init__(self) -> None:
        self.cited_by = index_citations(self)

    def powers(self):
        """Every power of every agency, agencies in id order, powers in published order."""
        agencies = self.agencies
        key = tuple((agency_id, agencies[agency_id].digest) for agency_id in sorted(agencies))
        cached = self.__dict__.get("_powers")
        if cached is None or cached[0] != key:
            cached = self.__dict__["_powers"] = (key, [
                PowerRef(agency_id, agencies[agency_id], power, index)
                for agency_id, _ in key for index, power in enumerate(agencies[agency_id].powers)])
        return iter(cached[1])

    def citing(self, statute_id: str, article: int | None) -> list[tuple[PowerRef, Citation]]:
        """Powers citing `article` of a statute (None: citing the statute without an article)."""
        return self.cited_by.get((statute_id, article), [])

    def citing_by_agency(self, statute_id: str, article: int | None) -> dict[str, list[tuple[PowerRef, Citation]]]:
        """`citing`, by agency: each agency's in the same order (a unit's page of citations takes
        its own agencies' among thousands)."""
        entries = self.citing(statute_id, article)
        cache = self.__dict__.setdefault("_citing_by_agency", {})
        found = cache.get((statute_id, article))
        if found is None or found[0] is not entries:
            grouped: dict[str, list] = {}
            for ref, citation in entries:
                grouped.setdefault(ref.agency_id, []).append((ref, citation))
            found = cache[(statute_id, article)] = (entries, grouped)
        return found[1]

    def cited_articles(self, statute_id: str) -> list[int | None]:
        """The articles of a statute some power cites (None: the statute without an article), in
        the order `cited_by` holds them."""
        cached = self.__dict__.get("_cited_articles")
        if cached is None or cached[0] is not self.cited_by:
            by_statute: dict[str, list] = {}
            for sid, article in self.cited_by:
                by_statute.setdefault(sid, []).append(article)
            cached = self.__dict__["_cited_articles"] = (self.cited_by, by_statute)
        return cached[1].get(statute_id, [])


def index_citations(corpus: Corpus) -> dict:
    index: dict[tuple[str, int | None], list] = defaultdict(list)
    for ref in corpus.powers():
        seen = set()
        for citation in ref.power.basis:
            key = (citation.statute, citation.article)
            if key not in seen:
                index[key].append((ref, citation))
                seen.add(key)
    return dict(index)
