"""Cross-file checks on the typed corpus: references resolve, ids unique, codes consistent.

Each check is a small function yielding Problems located through the source Document.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .errors import Problem

if TYPE_CHECKING:
    from .corpus import Corpus


def _problem(corpus: "Corpus", doc_key: str, loc: tuple, severity: str, message: str, hint: str | None = None) -> Problem:
    doc = corpus.documents.get(doc_key)
    if doc is None:
        return Problem(doc_key, 0, 0, severity, message, hint)
    line, col = doc.locate(loc)
    return Problem(doc.display, line, col, severity, message, hint)


def check_citations_resolve(corpus: "Corpus") -> Iterator[Problem]:
    titles = {s.title: sid for sid, s in corpus.statutes.items()}
    for ref in corpus.powers():
        for n, citation in enumerate(ref.power.basis):
            if citation.statute not in corpus.statutes:
                wanted = citation.title or citation.statute
                close = difflib.get_close_matches(wanted, list(titles) + list(corpus.statutes), n=1, cutoff=0.3)
                hint = None
                if close:
                    sid = titles.get(close[0], close[0])
                    hint = f'did you mean "{sid}" ({corpus.statutes[sid].title})?'
                yield _problem(corpus, f"agencies/{ref.agency_id}", ("powers", ref.index, "basis", n, "statute"),
                               "error", f"powers[{ref.index}].basis[{n}].statute: unknown statute \"{citation.statute}\"", hint)


def check_power_ids_unique(corpus: "Corpus") -> Iterator[Problem]:
    for agency_id, agency in sorted(corpus.agencies.items()):
        seen: dict[str, int] = {}
        for index, power in enumerate(agency.powers):
            if power.id in seen:
                yield _problem(corpus, f"agencies/{agency_id}", ("powers", index, "id"), "error",
                               f"powers[{index}].id: duplicate id \"{power.id}\" (also powers[{seen[power.id]}])",
                               "give each power of an agency its own id")
            seen.setdefault(power.id, index)


CHECKS = [check_citations_resolve, check_power_ids_unique]


def check_corpus(corpus: "Corpus") -> list[Problem]:
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check(corpus))
    return problems
