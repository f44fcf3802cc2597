"""What `quanze check` says about citations of statutes that have an official text.

For each citation of such a statute, in the version in force on the list's date (its
`published` date, else the date its edition names; the current version when the list gives
neither, see resolve.py):

- the article, 款 or 项 must exist;
- the quoted text must be its wording (or part of it), up to width, spaces and line breaks:
  `basis[1].text: the quote differs from 第八条 of 中华人民共和国社会保险法 (2018): 个人[账户]→[权益]记录`;
- the statute must not have been repealed, and a version the citation names must not have been
  amended before the list's date;
- when the part has since been renumbered, amended or deleted, the warning at the quote (at the
  article when there is no quote) says what it is now and since when:
  `第三条 of 中华人民共和国示例登记法 (2015) is now 第四条第一款 (2021), renumbered on 2021-07-15, its wording unchanged`.

A version counts once it is in force on the day of the check (validity.py), whatever status its
import recorded. All of these are warnings (`--strict` makes them errors): a list may quote an
old wording on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..content.model import Citation, Statute, StatuteVersion
from ..errors import Problem
from ..i18n import _
from .align import change
from .compare import compare
from .resolve import Resolution, Resolver, Versions, edition_date, list_date
from .text import find_article, unit, unit_label, version_at, version_start
from .validity import build_date

if TYPE_CHECKING:
    from ..content.corpus import Corpus, PowerRef

__all__ = ["QuoteDifference", "check_official_texts", "edition_date", "list_date", "quote_differences"]

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


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
        when = list_date(ref.agency)
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
    resolver = Resolver(corpus.statutes)
    for ref in corpus.powers():
        when = list_date(ref.agency)
        for n, citation in enumerate(ref.power.basis):
            versions = resolver.versions(citation.statute)
            if versions is not None:
                yield from _citation_problems(corpus, ref, n, citation, versions, when)


def _citation_problems(corpus: Corpus, ref: PowerRef, n: int, citation: Citation, versions: Versions,
                       when: date | None) -> Iterator[Problem]:
    statute = versions.statute
    version = version_at(statute, when)
    yield from _repealed(corpus, ref, n, statute, when)
    part = unit(version, citation)
    if part is None:
        return
    if part.text is None:
        field = {"条": "article", "款": "paragraph", "项": "item"}[part.missing[-1]]
        owner = "" if part.missing.endswith("条") else _("{article} of ").format(article=unit_label(part.article))
        count = (_(", which has {n} articles").format(n=len(version.articles)) if field == "article" else "")
        yield _problem(corpus, ref, n, field, _("{missing} does not exist in {owner}{statute}{count}").format(
                           missing=part.missing, owner=owner, statute=_where(statute, version), count=count),
                       _("check the article, paragraph and item numbers against the official text"))
        return
    if citation.text:
        difference = compare(citation.text, part.text)
        elsewhere = _quoted_part(version, citation, difference.ratio) if difference else None
        if elsewhere:
            label, diff = elsewhere
            yield _problem(corpus, ref, n, "text",
                           (_("the quote is close to {label} of {statute}, not {cited}") if diff
                            else _("the quote is {label} of {statute}, not {cited}")).format(
                               label=label, statute=_where(statute, version), cited=part.label)
                           + (f": {diff}" if diff else ""),
                           _("cite {label}, or correct the quote").format(label=label))
        elif difference:
            yield _problem(corpus, ref, n, "text",
                           _("the quote differs from {label} of {statute}: {diff}").format(
                               label=part.label, statute=_where(statute, version), diff=difference.short()),
                           _("correct the quote to the official wording, or note in editor_notes that the list "
                             "printed it so"))
    yield from _named_amended(corpus, ref, n, citation, versions, version)
    found = versions.resolve(citation, when)
    if found.change is not None:
        message, hint = _since(statute, found)
        yield _problem(corpus, ref, n, "text" if citation.text else "article", message, hint)


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
        timing = _("to be repealed on {date}")
    elif when is None:
        timing = _("repealed on {date}")
    elif last.repealed <= when:
        timing = _("repealed on {date}, before the list's edition")
    else:
        timing = _("repealed since the list's edition, on {date}")
    yield _problem(corpus, ref, n, "statute", _("rests on {title}, {timing}").format(
                       title=statute.title, timing=timing.format(date=last.repealed.isoformat())),
                   _("cite the statute that replaced it, or record in editor_notes why the list keeps it"))


def _named_amended(corpus: Corpus, ref: PowerRef, n: int, citation: Citation, versions: Versions,
                   version: StatuteVersion) -> Iterator[Problem]:
    """The list names an older version than the one in force on its date, and the part changed between them."""
    statute, every = versions.statute, versions.statute.official_versions
    named = _named_version(statute, citation)
    if named is None or every.index(named) >= every.index(version):
        return
    if change(named, version, citation, versions.alignment(named, version)):
        yield _problem(corpus, ref, n, "version",
                       _("cites the {named} version of {title}, whose {article} was amended on {date}, before the "
                         "list's edition").format(named=named.label, title=statute.title,
                                                  article=unit_label(citation.article), date=_start(version)),
                       _("quote the {label} wording and cite that version").format(label=version.label))


def _since(statute: Statute, found: Resolution) -> tuple[str, str]:
    """What became of a cited part since the list's date, in words, and what to do: (message, hint)."""
    was = _("{part} of {title} ({version})").format(part=found.part.label, title=statute.title,
                                                    version=found.relied.label)
    now, on = found.current.label, found.since.isoformat() if found.since else found.current.label
    became = found.change
    if became.gone:
        return (_("{was} no longer exists since {on} ({now})").format(was=was, on=on, now=now),
                _("check the power against the {now} text, or record in editor_notes why the list keeps it").format(
                    now=now))
    if became.now and not became.diff:
        return (_("{was} is now {part} ({now}), renumbered on {on}, its wording unchanged").format(
                    was=was, part=became.now, now=now, on=on),
                _("cite {part} of the {now} version").format(part=became.now, now=now))
    if became.now:
        return (_("{was} is now {part} ({now}); changed on {on}: {diff}").format(
                    was=was, part=became.now, now=now, on=on, diff=became.diff),
                _("check the power against the {now} wording and cite {part}").format(now=now, part=became.now))
    return (_("{was} changed on {on} ({now}): {diff}").format(was=was, on=on, now=now, diff=became.diff),
            _("check the power against the {now} wording").format(now=now))



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


