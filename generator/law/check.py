"""What `quanze check` says about citations of statutes that have an official text.

For each citation of such a statute, in the version in force at the list's edition date
(the current version when the list gives no date):

- the article, 款 or 项 must exist;
- the quoted text must be its wording (or part of it), up to width, spaces and line breaks:
  `basis[1].text: the quote differs from 第八条 of 中华人民共和国社会保险法 (2018): 个人[账户]→[权益]记录`;
- the statute must not have been repealed, and the article not amended, before the list's
  edition (or since it: then the message gives the date); a version counts once it is in
  force on the day of the check (validity.py), whatever status its import recorded.

All of these are warnings (`--strict` makes them errors): a list may quote an old wording on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..content.model import Citation, Statute, StatuteVersion
from ..errors import Problem
from .align import Change, align, change
from .compare import compare
from .text import find_article, unit, unit_label, version_at, version_start
from .validity import build_date

if TYPE_CHECKING:
    from ..content.corpus import Corpus, PowerRef

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


@dataclass(frozen=True)
class QuoteDifference:
    """A quote that differs from the official wording: where, and how (for the site and the check)."""

    agency_id: str
    power_index: int
    basis_index: int
    statute_id: str
    version: str
    label: str  # 第八条, 第五条第二款 …
    anchor: str
    diff: str


def _where(statute: Statute, version: StatuteVersion) -> str:
    return f"{statute.title} ({version.label})"


def quote_differences(corpus: Corpus) -> list[QuoteDifference]:
    """Every quote in the corpus that differs from the official wording it cites."""
    found = []
    for ref in corpus.powers():
        when = edition_date(ref.agency.edition)
        for n, citation in enumerate(ref.power.basis):
            difference = _quote_difference(corpus.statutes.get(citation.statute), citation, when)
            if difference:
                version, part, diff = difference
                found.append(QuoteDifference(ref.agency_id, ref.index, n, citation.statute, version.label,
                                             part.label, part.anchor, diff))
    return found


def _quote_difference(statute: Statute | None, citation: Citation, when: date | None):
    if statute is None or not statute.official_versions or not citation.text or citation.article is None:
        return None
    version = version_at(statute, when)
    part = unit(version, citation)
    if part is None or part.text is None:
        return None
    difference = compare(citation.text, part.text)
    return (version, part, difference.short()) if difference else None


def check_official_texts(corpus: Corpus) -> Iterator[Problem]:
    """The problems of every citation of a statute that has an official text."""
    alignments = _Alignments()
    for ref in corpus.powers():
        when = edition_date(ref.agency.edition)
        for n, citation in enumerate(ref.power.basis):
            statute = corpus.statutes.get(citation.statute)
            if statute is None or not statute.official_versions:
                continue
            yield from _citation_problems(corpus, ref, n, citation, statute, when, alignments)


class _Alignments(dict):
    """(statute id, older label, newer label) -> the articles of two versions matched, each worked out once."""

    def change(self, old: StatuteVersion, new: StatuteVersion, citation: Citation) -> Change | None:
        key = (citation.statute, old.label, new.label)
        if key not in self:
            self[key] = align(old, new)
        return change(old, new, citation, self[key])


def _citation_problems(corpus: Corpus, ref: PowerRef, n: int, citation: Citation, statute: Statute,
                       when: date | None, alignments: _Alignments) -> Iterator[Problem]:
    version = version_at(statute, when)
    yield from _repealed(corpus, ref, n, statute, when)
    part = unit(version, citation)
    if part is None:
        return
    if part.text is None:
        field = {"条": "article", "款": "paragraph", "项": "item"}[part.missing[-1]]
        owner = "" if part.missing.endswith("条") else f"{unit_label(part.article)} of "
        count = (f", which has {len(version.articles)} articles" if field == "article" else "")
        yield _problem(corpus, ref, n, field, f"{part.missing} does not exist in {owner}{_where(statute, version)}{count}",
                       "check the article, paragraph and item numbers against the official text")
        return
    if citation.text:
        difference = compare(citation.text, part.text)
        elsewhere = _quoted_part(version, citation, difference.ratio) if difference else None
        if elsewhere:
            label, diff = elsewhere
            yield _problem(corpus, ref, n, "text",
                           f"the quote is {'close to ' if diff else ''}{label} of {_where(statute, version)}, "
                           f"not {part.label}" + (f": {diff}" if diff else ""),
                           f"cite {label}, or correct the quote")
        elif difference:
            yield _problem(corpus, ref, n, "text",
                           f"the quote differs from {part.label} of {_where(statute, version)}: {difference.short()}",
                           "correct the quote to the official wording, or note in editor_notes that the list printed it so")
    yield from _amended(corpus, ref, n, citation, statute, version, alignments)


def _quoted_part(version: StatuteVersion, citation: Citation, cited_ratio: float) -> tuple[str, str] | None:
    """The other paragraph or item of the cited article the quote is, or is
    much closer to than to the part cited: its label and the difference left ("" if none)."""
    article = find_article(version, citation.article)
    candidates = [(p, None) for p in range(1, len(article.paragraphs) + 1)] + [
        (p, i) for p, paragraph in enumerate(article.paragraphs, 1) for i in range(1, len(paragraph.items) + 1)]
    best = None
    for paragraph, item in candidates:
        if (paragraph, item) == (citation.paragraph, citation.item):
            continue
        other = unit(version, citation.model_copy(update={"paragraph": paragraph, "item": item}))
        if other.text is None:
            continue
        difference = compare(citation.text, other.text)
        if difference is None:
            return other.label, ""
        if difference.ratio >= 0.8 and difference.ratio > cited_ratio + 0.3 and (best is None or difference.ratio > best[0]):
            best = (difference.ratio, other.label, difference.short())
    return best[1:] if best else None


def _repealed(corpus: Corpus, ref: PowerRef, n: int, statute: Statute, when: date | None) -> Iterator[Problem]:
    last = statute.official_versions[-1]
    if last.repealed is None:
        return
    if last.repealed > build_date():
        timing = f"to be repealed on {last.repealed.isoformat()}"
    elif when is None:
        timing = f"repealed on {last.repealed.isoformat()}"
    elif last.repealed <= when:
        timing = f"repealed on {last.repealed.isoformat()}, before the list's edition"
    else:
        timing = f"repealed since the list's edition, on {last.repealed.isoformat()}"
    yield _problem(corpus, ref, n, "statute", f"rests on {statute.title}, {timing}",
                   "cite the statute that replaced it, or record in editor_notes why the list keeps it")


def _amended(corpus: Corpus, ref: PowerRef, n: int, citation: Citation, statute: Statute,
             version: StatuteVersion, alignments: _Alignments) -> Iterator[Problem]:
    """The article changed (reworded, renumbered, deleted) after the version in force at the
    edition (since the list), or the list names an older version that was amended before its edition."""
    versions = statute.official_versions
    position = versions.index(version)
    named = _named_version(statute, citation)
    if named is not None and versions.index(named) < position and alignments.change(named, version, citation):
        yield _problem(corpus, ref, n, "version",
                       f"cites the {named.label} version of {statute.title}, whose {unit_label(citation.article)} "
                       f"was amended on {_start(version)}, before the list's edition",
                       f"quote the {version.label} wording and cite that version")
    today = build_date()
    for later in versions[position + 1:]:
        found = None if (version_start(later) or date.min) > today else alignments.change(version, later, citation)
        if found is None:
            continue
        label, since = unit_label(citation.article), f"since the list's edition ({version.label} → {later.label})"
        if found.now and not found.diff:
            yield _problem(corpus, ref, n, "article",
                           f"{label} of {statute.title} is {found.now} since {_start(later)}, its wording unchanged, "
                           f"{since}", f"cite {found.now} of the {later.label} version")
        else:
            now = f"; it is {found.now} in {later.label}" if found.now else ""
            yield _problem(corpus, ref, n, "article", f"{label} of {statute.title} was amended on {_start(later)}, "
                                                      f"{since}{now}", f"check the power against the {later.label} wording")
        break


def _named_version(statute: Statute, citation: Citation) -> StatuteVersion | None:
    """The version a citation's version note (（2010年）, 2018年修正) names by its year."""
    years = _YEAR.findall(citation.version or "")
    labels = {v.label: v for v in statute.official_versions}
    return next((labels[y] for y in reversed(years) if y in labels), None)


def _start(version: StatuteVersion) -> str:
    start = version_start(version)
    return start.isoformat() if start else version.label


def _problem(corpus: Corpus, ref: PowerRef, n: int, field: str, message: str, hint: str) -> Problem:
    """A warning at `basis[n].<field>` of a power (at the citation when the field is absent)."""
    doc = corpus.documents.get(f"agencies/{ref.agency_id}")
    loc = ("powers", ref.index, "basis", n, field)
    line, col = doc.locate(loc) if doc else (0, 0)
    display = doc.display if doc else f"agencies/{ref.agency_id}.yaml"
    return Problem(display, line, col, "warning", f"basis[{n}].{field}: {message}", hint)


