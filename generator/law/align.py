"""Which article of one version of a statute is which article of the next.

A revision renumbers: 行政处罚法 2017 第八条 (the kinds of penalty) is 第九条 in 2021, and
articles are inserted and deleted. Articles are matched by their wording, in order: first
the articles whose wording is the same in both and found once in each, then, between two such
anchors, the order-keeping matching that pairs the most similar articles (character pairs
shared, at least `THRESHOLD`). An article left without a match was deleted (old) or inserted
(new). `change` says what became of the part a citation names: renumbered, reworded, gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.model import Citation, OfficialArticle, StatuteVersion
from ..content.numerals import int_to_cn
from .compare import compare, normalise
from .text import Unit, anchor, article_text, find_article, paragraph_text, unit

_DIGITS = re.compile(r"[0-9]")

THRESHOLD = 0.5
"""Least similarity (Dice coefficient of the character pairs of two wordings) of a match."""

PARAGRAPH_THRESHOLD = 0.8
"""Least similarity of a whole old article and one paragraph of the article it became, for the
citation to be followed to that paragraph."""

Key = tuple[int, int]
"""An article: its number and, for an inserted 第X条之一, its suffix (else 0)."""


@dataclass(frozen=True)
class Alignment:
    """The articles of `old` matched to those of `new`: key -> key, or None when deleted."""

    old_label: str
    new_label: str
    forward: dict[Key, Key | None]

    def new_article(self, number: int, suffix: int | None = None) -> Key | None:
        """The new article an old one became (None: deleted, or not in the old version)."""
        return self.forward.get((number, suffix or 0))

    def backward(self) -> dict[Key, Key]:
        """Each article of the newer version that was in the older one -> its key there."""
        return {new: old for old, new in self.forward.items() if new is not None}

    def moved(self) -> list[tuple[Key, Key]]:
        """The old articles whose number changed, with their new one."""
        return [(old, new) for old, new in self.forward.items() if new is not None and new != old]


def key(article: OfficialArticle) -> Key:
    return article.number, article.suffix or 0


def align(old: StatuteVersion, new: StatuteVersion) -> Alignment:
    """Each article of `old` matched with an article of `new`, or None."""
    before = [normalise(article_text(a)) for a in old.articles]
    after = [normalise(article_text(a)) for a in new.articles]
    pairs: list[tuple[int, int]] = []
    last_i = last_j = -1
    for i, j in [*_anchors(before, after), (len(before), len(after))]:
        pairs += _best_order(before, after, range(last_i + 1, i), range(last_j + 1, j))
        if i < len(before):
            pairs.append((i, j))
        last_i, last_j = i, j
    matched = dict(pairs)
    forward = {key(a): (key(new.articles[matched[i]]) if i in matched else None) for i, a in enumerate(old.articles)}
    return Alignment(old.label, new.label, forward)


def _anchors(before: list[str], after: list[str]) -> list[tuple[int, int]]:
    """Pairs of articles with the same wording, found once in each version, in the order of both."""
    once_before = _unique(before)
    once_after = _unique(after)
    found = [(i, once_after[text]) for text, i in once_before.items() if text in once_after]
    found.sort()
    kept: list[tuple[int, int]] = []
    for i, j in _increasing(found):
        kept.append((i, j))
    return kept


def _unique(texts: list[str]) -> dict[str, int]:
    seen: dict[str, int] = {}
    twice = set()
    for n, text in enumerate(texts):
        if text in seen:
            twice.add(text)
        seen[text] = n
    return {text: n for text, n in seen.items() if text not in twice and text}


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs (sorted by their first) whose second also increases."""
    best: list[list[tuple[int, int]]] = []
    for pair in pairs:
        chain = max((c for c in best if c[-1][1] < pair[1]), key=len, default=[])
        best.append([*chain, pair])
    return max(best, key=len, default=[])


def _best_order(before: list[str], after: list[str], rows: range, columns: range) -> list[tuple[int, int]]:
    """The order-keeping matching of rows to columns with the greatest total similarity."""
    if not rows or not columns:
        return []
    grams = {j: _bigrams(after[j]) for j in columns}
    score = [[0.0] * (len(columns) + 1) for _ in range(len(rows) + 1)]
    for a, i in enumerate(rows, 1):
        mine = _bigrams(before[i])
        for b, j in enumerate(columns, 1):
            similar = _dice(mine, grams[j])
            take = score[a - 1][b - 1] + similar if similar >= THRESHOLD else -1.0
            score[a][b] = max(score[a - 1][b], score[a][b - 1], take)
    pairs = []
    a, b = len(rows), len(columns)
    while a and b:
        if score[a][b] == score[a - 1][b]:
            a -= 1
        elif score[a][b] == score[a][b - 1]:
            b -= 1
        else:
            pairs.append((rows[a - 1], columns[b - 1]))
            a, b = a - 1, b - 1
    return pairs[::-1]


def _bigrams(text: str) -> frozenset[str]:
    """The character pairs of a wording, every digit read as 0 (本法自1996年… and 本法自2021年… alike)."""
    text = _DIGITS.sub("0", text)
    return frozenset(text[n:n + 2] for n in range(len(text) - 1)) or frozenset([text])


def _dice(one: frozenset[str], other: frozenset[str]) -> float:
    """How alike two wordings are: the Dice coefficient of their character pairs, or, when one
    holds nearly all of the other's (a paragraph added or removed), nine tenths of that share."""
    if not one or not other:
        return 0.0
    shared = len(one & other)
    return max(2 * shared / (len(one) + len(other)), 0.9 * shared / min(len(one), len(other)) - 0.1)


def _plain_dice(one: frozenset[str], other: frozenset[str]) -> float:
    """The Dice coefficient alone: a paragraph alike to a whole article in wording and length."""
    return 2 * len(one & other) / (len(one) + len(other)) if one and other else 0.0


@dataclass(frozen=True)
class Change:
    """What became, from one version to the next, of the article, 款 or 项 a citation names."""

    label: str
    """The part as cited, e.g. 第八条第一款."""
    now: str | None = None
    """Its label in the newer version when the article was renumbered, e.g. 第九条第一款."""
    gone: bool = False
    """It is not in the newer version."""
    new: bool = False
    """It was not in the older version."""
    diff: str | None = None
    """How its wording changed (a short diff), when it did."""
    anchor: str | None = None
    """Its anchor in the newer version (art-9, art-9-1), when it is there."""

    @property
    def changed(self) -> bool:
        return self.gone or self.new or self.now is not None or self.diff is not None

    def describe(self, old_label: str, new_label: str) -> str:
        """One line: 第三条 changed from 2010 to 2018: …, 第八条 is 第九条 in 2021 …"""
        if self.gone:
            return f"{self.label} no longer exists in {new_label}"
        if self.new:
            return f"{self.label} is new in {new_label}"
        if self.now is not None:
            wording = f"changed: {self.diff}" if self.diff else "its wording unchanged"
            return f"{self.label} is {self.now} in {new_label}, {wording}"
        return f"{self.label} changed from {old_label} to {new_label}: {self.diff}"


def reworded(old: OfficialArticle, new: OfficialArticle) -> bool:
    """Whether an article's wording differs between two versions (width, spaces and the like aside)."""
    return normalise(article_text(old)) != normalise(article_text(new))


def change(old: StatuteVersion, new: StatuteVersion, citation: Citation, alignment: Alignment) -> Change | None:
    """What became of the part a citation names from `old` to `new` (`alignment` matches their
    articles); None when the citation names no article or the part is in neither."""
    before = unit(old, citation)
    if before is None:
        return None
    if find_article(old, citation.article) is None:
        after = unit(new, citation)
        return Change(before.label, new=True) if after.text is not None else None
    target = alignment.new_article(citation.article)
    if target is None:
        return Change(before.label, gone=True)
    if target[1]:  # now an inserted article 第X条之一, which no citation names
        return Change(before.label, now=f"第{int_to_cn(target[0])}条之{int_to_cn(target[1])}",
                      anchor=anchor(target[0], suffix=target[1]))
    after = _became(before, unit(new, citation.model_copy(update={"article": target[0]})), new)
    now = after.label if after.label != before.label else None
    if before.text is None or after.text is None:
        if before.text == after.text:
            return None
        return Change(before.label, gone=before.text is not None, new=before.text is None)
    difference = compare(before.text, after.text, excerpt=False)
    result = Change(before.label, now=now, diff=difference.short() if difference else None, anchor=after.anchor)
    return result if result.changed else None


def _became(before: Unit, after: Unit, new: StatuteVersion) -> Unit:
    """The part of the newer article a whole cited article became: a paragraph of it, when the
    article gained paragraphs and one of them is (nearly) the old wording (第三条 -> 第四条第一款)."""
    article = find_article(new, after.article) if before.paragraph is None and before.text else None
    if article is None or len(article.paragraphs) < 2:
        return after
    old = _bigrams(normalise(before.text))
    alike = [(_plain_dice(old, _bigrams(normalise(paragraph_text(p)))), n) for n, p in enumerate(article.paragraphs, 1)]
    similarity, paragraph = max(alike)
    if similarity < PARAGRAPH_THRESHOLD:
        return after
    return Unit(after.article, paragraph, None, paragraph_text(article.paragraphs[paragraph - 1]))
