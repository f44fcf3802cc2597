"""Each citation read against its statute's versions: the version in force on its list's date,
the part it names there, and what that part is in the version in force today.

A list is read on its own date: the agency's `published` date, else the date its edition names
(2021年3月 -> 2021-03-01); a list that gives neither is read on the day of the build, against
the text in force then. The part a citation names is followed from the version its list relied
on to today's through the alignment of the two (align.py): 2015 第三条 is 2021 第四条第一款.
The site and `quanze check` both ask a `Resolver`, which works out each pair of versions once
per statute and each (version, article, 款, 项) once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date

from ..content.model import Agency, Citation, Statute, StatuteVersion
from .align import Alignment, Change, Key, align, change, key
from .lineage import Lineage, lineages
from .text import Unit, unit
from .validity import build_date, current_version, version_start

__all__ = ["Resolution", "Resolver", "Versions", "edition_date", "list_date"]

_FULL_DATE = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})")
_MONTH = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})(?!\d)")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def edition_date(edition: str | None) -> date | None:
    """The date a list's edition names: 2021年3月5日, 2021-03-05; a month or a year alone gives its first day."""
    if not edition:
        return None
    for pattern in (_FULL_DATE, _MONTH, _YEAR):
        if match := pattern.search(str(edition)):
            parts = [int(g) for g in match.groups()] + [1, 1]
            try:
                return date(*parts[:3])
            except ValueError:
                continue
    return None


def list_date(agency: Agency) -> date | None:
    """The date a list is read on: its `published` date, else the date its edition names (None: neither)."""
    return agency.published or edition_date(agency.edition)


@dataclass(frozen=True)
class Resolution:
    """A citation of a statute with an official text, read on its list's date and today."""

    relied: StatuteVersion
    """The version in force on the list's date (today's when the list gives no date)."""
    current: StatuteVersion
    """The version in force on the day of the build."""
    part: Unit | None
    """The article, 款 or 项 cited, in `relied` (None: the citation names no article)."""
    change: Change | None = None
    """What became of the part from `relied` to `current` (None: the same, or no article cited)."""
    since: date | None = None
    """When the part first read differently: the start of the first later version that changed it."""
    repealed: date | None = None
    """When the statute was repealed, if it was by the day of the build."""

    @property
    def missing(self) -> bool:
        """The cited article, 款 or 项 is not in the text the list relied on."""
        return self.part is not None and self.part.text is None

    @property
    def stale(self) -> bool:
        """The statute was repealed, or the cited part amended, renumbered or deleted since the list's date."""
        return self.change is not None or self.repealed is not None


@dataclass
class Versions:
    """One statute's official versions on a day, with the alignment of each pair asked for,
    worked out once."""

    statute: Statute
    today: date
    alignments: dict[tuple[str, str], Alignment] = field(default_factory=dict)
    backwards: dict[tuple[str, str], dict[Key, Key]] = field(default_factory=dict)
    resolved: dict[tuple, Resolution] = field(default_factory=dict)

    @property
    def current(self) -> StatuteVersion:
        return current_version(self.statute, self.today)

    def started(self) -> list[StatuteVersion]:
        """The versions in force by today, or once in force, oldest first."""
        return [v for v in self.statute.official_versions if (version_start(v) or date.min) <= self.today]

    def alignment(self, old: StatuteVersion, new: StatuteVersion) -> Alignment:
        """The articles of `old` matched with those of `new` (`old` the older)."""
        key = (old.label, new.label)
        if key not in self.alignments:
            self.alignments[key] = align(old, new)
        return self.alignments[key]

    def article_in(self, number: int, source: StatuteVersion, target: StatuteVersion) -> Key | None:
        """The article of `target` that article `number` of `source` is (None: not there)."""
        if source is target:
            return (number, 0)
        versions = self.statute.official_versions
        if versions.index(source) < versions.index(target):
            return self.alignment(source, target).new_article(number)
        pair = (target.label, source.label)
        if pair not in self.backwards:
            self.backwards[pair] = self.alignment(target, source).backward()
        return self.backwards[pair].get((number, 0))

    @functools.cached_property
    def lineages(self) -> list[Lineage]:
        """Every article followed through the versions, through the alignment of each consecutive pair."""
        every = self.statute.official_versions
        return lineages(every, [self.alignment(old, new).forward for old, new in zip(every, every[1:])])

    @functools.cached_property
    def changed(self) -> dict[tuple[str, Key], Lineage]:
        """(version label, article key) -> the lineage of each article renumbered, reworded, inserted or deleted."""
        every = self.statute.official_versions
        return {(version.label, key(article)): lineage for lineage in self.lineages if lineage.changed
                for version, article in zip(every, lineage.articles) if article is not None}

    def resolve(self, citation: Citation, when: date | None) -> Resolution:
        """The citation read on `when` (the list's date; None: today) and today."""
        relied = current_version(self.statute, when or self.today)
        key = (relied.label, citation.article, citation.paragraph, citation.item)
        if key not in self.resolved:
            self.resolved[key] = self._resolve(citation, relied)
        return self.resolved[key]

    def _resolve(self, citation: Citation, relied: StatuteVersion) -> Resolution:
        current, part = self.current, unit(relied, citation)
        last = self.statute.official_versions[-1]
        repealed = last.repealed if last.repealed and last.repealed <= self.today else None
        versions = self.statute.official_versions
        if part is None or part.text is None or versions.index(relied) >= versions.index(current):
            return Resolution(relied, current, part, repealed=repealed)
        found = change(relied, current, citation, self.alignment(relied, current))
        return Resolution(relied, current, part, found, self._first_change(citation, relied) if found else None,
                          repealed)

    def _first_change(self, citation: Citation, relied: StatuteVersion) -> date | None:
        """The start of the first version after `relied` in which the cited part reads differently."""
        started = self.started()
        for later in started[started.index(relied) + 1:] if relied in started else []:
            if change(relied, later, citation, self.alignment(relied, later)) is not None:
                return version_start(later)
        return None


class Resolver:
    """The citations of a corpus's statutes read against their official texts on one day."""

    def __init__(self, statutes: dict[str, Statute], today: date | None = None) -> None:
        self.statutes = statutes
        self.today = today or build_date()
        self.by_statute: dict[str, Versions] = {}

    def versions(self, statute_id: str) -> Versions | None:
        """A statute's versions (None: unknown, or no official text)."""
        if statute_id not in self.by_statute:
            statute = self.statutes.get(statute_id)
            if statute is None or not statute.official_versions:
                return None
            self.by_statute[statute_id] = Versions(statute, self.today)
        return self.by_statute[statute_id]

    def resolve(self, citation: Citation, when: date | None) -> Resolution | None:
        """The citation read on its list's date `when` and today (None: no official text)."""
        versions = self.versions(citation.statute)
        return versions.resolve(citation, when) if versions is not None else None
