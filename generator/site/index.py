"""Lookups over the corpus that several pages need: the same power in other agencies."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..content.corpus import Corpus, PowerRef
from .paths import name_key


@dataclass
class Index:
    """Lookups over the corpus that several pages need."""

    corpus: Corpus
    by_code: dict[str, list[PowerRef]]
    by_name: dict[str, list[PowerRef]]
    _unions: dict[tuple[str, str], tuple[Counter, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, corpus: Corpus) -> Index:
        by_code: dict[str, list[PowerRef]] = defaultdict(list)
        by_name: dict[str, list[PowerRef]] = defaultdict(list)
        for ref in corpus.powers():
            if ref.power.code:
                by_code[ref.power.code].append(ref)
            by_name[name_key(ref.power.name)].append(ref)
        return cls(corpus, dict(by_code), dict(by_name))

    def elsewhere_count(self, ref: PowerRef) -> int:
        """How many powers `elsewhere` would list, without listing them."""
        pair = (ref.power.code or "", name_key(ref.power.name))
        found = self._unions.get(pair)
        if found is None:  # powers with this code or name, counted by agency (and in all)
            agencies = Counter(agency_id for agency_id, _ in
                               {(r.agency_id, r.index) for r in self.by_code.get(pair[0], [])}
                               | {(r.agency_id, r.index) for r in self.by_name.get(pair[1], [])})
            found = self._unions[pair] = (agencies, agencies.total())
        agencies, total = found
        return total - agencies[ref.agency_id]

    def elsewhere(self, ref: PowerRef) -> list[tuple[PowerRef, list[str]]]:
        """The same power in other agencies: same code or same normalised name."""
        reasons: dict[tuple[str, int], list[str]] = defaultdict(list)
        found: dict[tuple[str, int], PowerRef] = {}
        for other in self.by_code.get(ref.power.code or "", []):
            found[(other.agency_id, other.index)] = other
            reasons[(other.agency_id, other.index)].append("编码相同")
        for other in self.by_name.get(name_key(ref.power.name), []):
            found[(other.agency_id, other.index)] = other
            reasons[(other.agency_id, other.index)].append("名称相同")
        return [(found[key], reasons[key]) for key in sorted(found) if key[0] != ref.agency_id]
