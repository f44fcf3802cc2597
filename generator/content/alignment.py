"""Each agency's list held against a reference catalogue: what matches, what is missing, what differs.

A power matches a catalogue item by its code (the same ten characters, case ignored); a power
whose code matches no item matches by its name, after normalisation (`catalogue.name_key`:
punctuation, spaces and full/half width ignored), against the item's name or one of its
aliases. What is left of both sides is then paired by names alike: a power and an item of the
same category whose names (without what brackets hold and without 对, 的, 进行, 予以) share at
least `SIMILAR_AT` of their two-character pieces (Dice), each pair the best for both sides.
Such a pair is a probable match for an editor to confirm, reported with its score. Each match
keeps the rule that made it. A catalogue with a region is held against the
lists of that region only. Then, per agency:

- missing: items of the agency's level (`levels`, empty: every level) that no power matches;
- extra: powers that match no item;
- renamed: matched by code, but the name is neither the item's name nor one of its aliases;
- similar: matched by names alike only (confirm, then take the item's name or add an alias);
- code mismatches: matched by name, with another code or none;
- category mismatches: matched, with another category;
- basis differences: matched, and the articles cited differ (statute and article compared; a
  citation of a whole statute covers every article of it, both ways).

Everything is in a fixed order: agencies by id, items in the catalogue's order, powers in
published order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .catalogue import Catalogue, CatalogueItem, applies_to, covers, name_key
from .corpus import Corpus, PowerRef
from .model import Agency, Citation

RULES = {"code": "编码相同", "name": "名称相同", "alias": "别名相同", "similar": "名称相近"}
"""How a power matched an item, as the report and the site word it."""

SIMILAR_AT = 0.6
"""The least share of two-character pieces (Dice) two names share to be paired as alike. On the
five default lists, pairs at 0.6 and above were the same power worded apart (对可能被转移、隐匿或者
灭失的医疗保险基金相关资料进行封存 / …社会保险基金相关资料予以封存: 0.86); below it they were
other powers with words in common."""

Article = tuple[str, "int | None"]
"""A statute id and an article number (None: the whole statute)."""


@dataclass(frozen=True)
class Match:
    """One power of an agency matched to one catalogue item, and the rule that matched it."""

    item_index: int
    item: CatalogueItem
    ref: PowerRef
    rule: str
    score: float | None = None
    """For names alike: the share of two-character pieces the names share (0-1)."""

    @property
    def rule_label(self) -> str:
        return RULES[self.rule] + (f" {self.score:.2f}" if self.score is not None else "")


@dataclass(frozen=True)
class BasisDifference:
    """The articles a matched power and its item do not share."""

    match: Match
    missing: tuple[Article, ...]
    """Cited by the catalogue, not by the power."""
    extra: tuple[Article, ...]
    """Cited by the power, not by the catalogue."""


@dataclass
class AgencyAlignment:
    """One agency's list against one catalogue."""

    agency_id: str
    agency: Agency
    applicable: int = 0
    """Items of the catalogue that apply to the agency's level."""
    matched: list[Match] = field(default_factory=list)
    missing: list[tuple[int, CatalogueItem]] = field(default_factory=list)
    extra: list[PowerRef] = field(default_factory=list)
    renamed: list[Match] = field(default_factory=list)
    similar: list[Match] = field(default_factory=list)
    code_mismatches: list[Match] = field(default_factory=list)
    category_mismatches: list[Match] = field(default_factory=list)
    basis_differences: list[BasisDifference] = field(default_factory=list)

    @property
    def findings(self) -> int:
        """How many things differ from the catalogue (each missing item, extra power, mismatch)."""
        return (len(self.missing) + len(self.extra) + len(self.renamed) + len(self.similar) + len(self.code_mismatches)
                + len(self.category_mismatches) + len(self.basis_differences))

    def matched_items(self) -> set[int]:
        return {m.item_index for m in self.matched}


def align(catalogue: Catalogue, corpus: Corpus) -> list[AgencyAlignment]:
    """Every agency of the catalogue's region against the catalogue, agencies by id."""
    lookup = _Lookup(catalogue)
    return [_align_agency(catalogue, lookup, corpus, agency_id) for agency_id in sorted(corpus.agencies)
            if covers(catalogue, corpus.agencies[agency_id].region)]


def align_agency(catalogue: Catalogue, corpus: Corpus, agency_id: str) -> AgencyAlignment:
    """One agency against the catalogue."""
    return _align_agency(catalogue, _Lookup(catalogue), corpus, agency_id)


class _Lookup:
    """The catalogue's items by code (upper case) and by name key (names first, then aliases)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, tuple[int, str]] = {}
        for n, item in enumerate(catalogue.items):
            if item.code:
                self.by_code.setdefault(item.code.upper(), n)
            self.by_name.setdefault(name_key(item.name), (n, "name"))
        for n, item in enumerate(catalogue.items):
            for alias in item.aliases:
                self.by_name.setdefault(name_key(alias), (n, "alias"))

    def find(self, ref: PowerRef) -> tuple[int, str] | None:
        code = (ref.power.code or "").upper()
        if code in self.by_code:
            return self.by_code[code], "code"
        return self.by_name.get(name_key(ref.power.name))


def _align_agency(catalogue: Catalogue, lookup: _Lookup, corpus: Corpus, agency_id: str) -> AgencyAlignment:
    agency = corpus.agencies[agency_id]
    result = AgencyAlignment(agency_id, agency)
    found: dict[int, list[Match]] = {}
    unmatched: list[PowerRef] = []
    for index, power in enumerate(agency.powers):
        ref = PowerRef(agency_id, agency, power, index)
        hit = lookup.find(ref)
        if hit is None:
            unmatched.append(ref)
            continue
        item_index, rule = hit
        found.setdefault(item_index, []).append(Match(item_index, catalogue.items[item_index], ref, rule))
    left = [n for n, item in enumerate(catalogue.items) if n not in found and applies_to(item, agency.admin_level)]
    similar = alike(catalogue, left, unmatched)
    for match in similar:
        found[match.item_index] = [match]
    paired = {match.ref.index for match in similar}
    result.extra = [ref for ref in unmatched if ref.index not in paired]
    for n, item in enumerate(catalogue.items):
        applicable = applies_to(item, agency.admin_level)
        result.applicable += applicable
        if n not in found:
            if applicable:
                result.missing.append((n, item))
            continue
        for match in found[n]:
            _compare(result, match)
    return result


def _compare(result: AgencyAlignment, match: Match) -> None:
    item, power = match.item, match.ref.power
    result.matched.append(match)
    names = {name_key(item.name), *(name_key(a) for a in item.aliases)}
    if match.rule == "code" and name_key(power.name) not in names:
        result.renamed.append(match)
    if match.rule == "similar":
        result.similar.append(match)
    if match.rule != "code" and item.code and (power.code or "").upper() != item.code.upper():
        result.code_mismatches.append(match)
    if power.category != item.category:
        result.category_mismatches.append(match)
    missing, extra = basis_difference(item.basis, power.basis)
    if item.basis and (missing or extra):
        result.basis_differences.append(BasisDifference(match, missing, extra))


_BRACKETED = re.compile(r"[（(][^）)]*[）)]")
_FILLERS = re.compile(r"^对|的|进行|予以")


def core(name: str) -> str:
    """A name as names alike are compared: width-folded, without what brackets hold, punctuation,
    spaces and the fillers 对 (leading), 的, 进行 and 予以."""
    folded = _BRACKETED.sub("", unicodedata.normalize("NFKC", name))
    return _FILLERS.sub("", name_key(folded))


def likeness(a: str, b: str) -> float:
    """The share of two-character pieces two names share (Dice coefficient of their cores)."""
    x, y = core(a), core(b)
    grams_x = {x[i:i + 2] for i in range(len(x) - 1)} or {x}
    grams_y = {y[i:i + 2] for i in range(len(y) - 1)} or {y}
    return 2 * len(grams_x & grams_y) / (len(grams_x) + len(grams_y))


def alike(catalogue: Catalogue, items: list[int], refs: list[PowerRef]) -> list[Match]:
    """Items and powers left unmatched paired by names alike: same category, likeness at least
    SIMILAR_AT (against the item's name or an alias), best pairs first, each side used once;
    on equal scores the earlier item and power."""
    pairs = []
    for n in items:
        item = catalogue.items[n]
        for ref in refs:
            if ref.power.category != item.category:
                continue
            score = max(likeness(ref.power.name, name) for name in (item.name, *item.aliases))
            if score >= SIMILAR_AT:
                pairs.append((-round(score, 6), n, ref.index, ref, score))
    used_items, used_powers, matches = set(), set(), []
    for _, n, index, ref, score in sorted(pairs, key=lambda p: p[:3]):
        if n in used_items or index in used_powers:
            continue
        used_items.add(n)
        used_powers.add(index)
        matches.append(Match(n, catalogue.items[n], ref, "similar", round(score, 2)))
    return matches


def articles(basis: list[Citation]) -> list[Article]:
    """The (statute, article) pairs of a basis, in order, each once."""
    return list(dict.fromkeys((c.statute, c.article) for c in basis))


def basis_difference(standard: list[Citation], published: list[Citation]) -> tuple[tuple[Article, ...], tuple[Article, ...]]:
    """(cited by `standard` only, cited by `published` only); a whole statute covers its articles."""
    ours, theirs = articles(standard), articles(published)
    return tuple(a for a in ours if not _covered(a, theirs)), tuple(a for a in theirs if not _covered(a, ours))


def _covered(article: Article, others: list[Article]) -> bool:
    statute, number = article
    return any(s == statute and (n == number or n is None or number is None) for s, n in others)
