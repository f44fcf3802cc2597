"""Editions and adjustments of an agency's list: what changed between two consecutive editions,
and the history of each power, computed from the content (never from git).

Powers of two editions are matched by id, then by code, then by name (width-folded, without
punctuation); what is left is added or removed. A matched pair is renamed, re-coded,
re-categorised or has its basis changed, citation by citation (statute, article, 款, 项).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from .model import Agency, Citation, Edition, Power

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=1024)  # (every list's current edition has the same label)
def label_slug(label: str) -> str:
    """An edition's label as it names the edition's pages: in pinyin, ASCII (2021年版 -> 2021-nian-ban)."""
    from pypinyin import Style, lazy_pinyin  # (a fifth of a second to import: only where a slug is made)
    words = lazy_pinyin(label, style=Style.NORMAL, errors=lambda text: [text])
    return _NOT_SLUG.sub("-", "-".join(words).lower()).strip("-")[:48] or "v"


CURRENT = None
"""The edition index of the current edition (the agency's own fields) in `editions_of`."""


@dataclass(frozen=True)
class EditionView:
    """One edition of a list: an earlier one (`edition` set) or the current one."""

    label: str
    published: dt.date | None
    document_number: str | None
    title: str
    powers: list[Power]
    edition: Edition | None = None

    @property
    def current(self) -> bool:
        return self.edition is None


def editions_of(agency: Agency) -> list[EditionView]:
    """Every edition, oldest first, the current one last (labelled 现行版 when it has no label)."""
    views = [EditionView(e.label, e.published, e.document_number, e.title or agency.title, e.powers, e)
             for e in agency.editions]
    views.append(EditionView(agency.edition or "现行版", agency.published, agency.document_number, agency.title,
                             agency.powers))
    return views


@dataclass
class PowerChange:
    """One power present in both editions, and what differs."""

    old: Power
    new: Power
    renamed: bool = False
    recoded: bool = False
    recategorised: bool = False
    basis_added: list[Citation] = field(default_factory=list)
    basis_removed: list[Citation] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.renamed or self.recoded or self.recategorised or bool(self.basis_added or self.basis_removed)

    def what(self) -> list[str]:
        """What changed, in words (for the feed and the history)."""
        out = []
        if self.renamed:
            out.append("更名")
        if self.recoded:
            out.append("编码变更")
        if self.recategorised:
            out.append("类别变更")
        if self.basis_added or self.basis_removed:
            out.append("依据变更")
        return out


@dataclass
class EditionDiff:
    """The differences between two consecutive editions."""

    old: EditionView
    new: EditionView
    added: list[Power]
    removed: list[Power]
    changed: list[PowerChange]
    unchanged: int

    def summary(self) -> str:
        return f"增加 {len(self.added)} 项、取消 {len(self.removed)} 项、变更 {len(self.changed)} 项"


def name_key(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name)
    return "".join(c for c in folded if unicodedata.category(c)[0] not in "PZSC")


def match(old: list[Power], new: list[Power]) -> list[tuple[Power, Power]]:
    """Pairs (old, new) of the same power: by id, then code, then name; each power in one pair at most."""
    pairs: list[tuple[Power, Power]] = []
    left, right = list(old), list(new)
    for key in (lambda p: p.id, lambda p: p.code, lambda p: name_key(p.name) + "\0" + (p.sub_item or "")):
        by_key: dict = {}
        for power in right:
            if key(power):
                by_key.setdefault(key(power), power)
        for power in list(left):
            other = by_key.get(key(power)) if key(power) else None
            if other is not None and other in right:
                pairs.append((power, other))
                left.remove(power)
                right.remove(other)
    order = {id(p): n for n, p in enumerate(new)}
    return sorted(pairs, key=lambda pair: order[id(pair[1])])


def citation_key(citation: Citation) -> tuple:
    return (citation.statute, citation.article, citation.paragraph, citation.item)


def compare(old: EditionView, new: EditionView) -> EditionDiff:
    pairs = match(old.powers, new.powers)
    matched_old = {id(a) for a, _ in pairs}
    matched_new = {id(b) for _, b in pairs}
    changes, unchanged = [], 0
    for a, b in pairs:
        before, after = [citation_key(c) for c in a.basis], [citation_key(c) for c in b.basis]
        change = PowerChange(a, b, renamed=name_key(a.name) != name_key(b.name) or a.sub_item != b.sub_item,
                             recoded=a.code != b.code, recategorised=a.category != b.category,
                             basis_added=[c for c in b.basis if citation_key(c) not in before],
                             basis_removed=[c for c in a.basis if citation_key(c) not in after])
        if change.changed:
            changes.append(change)
        else:
            unchanged += 1
    return EditionDiff(old, new, [p for p in new.powers if id(p) not in matched_new],
                       [p for p in old.powers if id(p) not in matched_old], changes, unchanged)


def diffs(agency: Agency) -> list[EditionDiff]:
    """What changed from each edition to the next, oldest first (none for a list of one edition)."""
    views = editions_of(agency)
    return [compare(a, b) for a, b in zip(views, views[1:])]


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a power's history: the edition (or adjustment) and what it says."""

    label: str
    date: dt.date | None
    text: str
    diff_index: int | None = None
    """Index of the edition diff this entry comes from (None: an adjustment record)."""


def power_history(agency: Agency, power: Power) -> list[HistoryEntry]:
    """The current power's history: each earlier edition it appears in (under which name) and what
    changed there, and each adjustment record that names it; oldest first."""
    entries: list[HistoryEntry] = []
    found = diffs(agency)
    target = power
    chain: list[tuple[int, str]] = []
    for n in range(len(found) - 1, -1, -1):  # walk back from the current edition
        diff = found[n]
        change = next((c for c in diff.changed if c.new is target), None)
        if any(p is target for p in diff.added):
            chain.append((n, f"{diff.new.label}新增"))
            break
        pair = next(((a, b) for a, b in match(diff.old.powers, diff.new.powers) if b is target), None)
        if pair is None:
            break
        if change is not None:
            chain.append((n, f"{diff.new.label}较{diff.old.label}：" + "、".join(change.what())
                          + (f"（原名“{pair[0].name}”）" if change.renamed else "")))
        target = pair[0]
    for n, text in reversed(chain):
        entries.append(HistoryEntry(found[n].new.label, found[n].new.published, text, n))
    ids = {power.id}
    for adjustment in agency.adjustments:
        if ids & set(adjustment.powers):
            text = adjustment.kind + (f"（{adjustment.document_number}）" if adjustment.document_number else "")
            if adjustment.reason:
                text += f"：{adjustment.reason}"
            entries.append(HistoryEntry(adjustment.edition or "", adjustment.date, text))
    return entries
