"""An article through the versions of a statute: its number and wording in each, and how the
wording changed from one version to the next.

Articles are followed from version to version through the alignment of each consecutive pair
(align.py). An article whose number and wording are the same in every version has no history
worth a page; one renumbered, reworded, inserted or deleted has (`Lineage.changed`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..content.model import OfficialArticle, StatuteVersion
from ..escape import escape_inline
from .align import Key, key, reworded
from .text import whole_item

__all__ = ["Lineage", "article_lines", "diff_paragraphs", "lineages"]


@dataclass(frozen=True)
class Lineage:
    """One article in each version of a statute, oldest first (None: not in that version)."""

    articles: tuple[OfficialArticle | None, ...]

    @property
    def changed(self) -> bool:
        """Renumbered, reworded, inserted or deleted in some version."""
        present = [a for a in self.articles if a is not None]
        if len(present) < len(self.articles):
            return True
        return any(key(a) != key(b) or reworded(a, b) for a, b in zip(present, present[1:]))

    @property
    def last(self) -> tuple[int, OfficialArticle]:
        """The newest version the article is in (its position) and the article there."""
        position = max(n for n, a in enumerate(self.articles) if a is not None)
        return position, self.articles[position]


def lineages(versions: list[StatuteVersion], forward: list[dict[Key, Key | None]]) -> list[Lineage]:
    """Every article followed through `versions` (oldest first); `forward[n]` matches the articles of
    version n with those of version n + 1. In the order of the newest text, deleted articles after."""
    chains: dict[tuple[int, Key], list[OfficialArticle | None]] = {}
    for position, version in enumerate(versions):
        before = {new: old for old, new in forward[position - 1].items() if new is not None} if position else {}
        for article in version.articles:
            chain = chains.pop((position - 1, before[key(article)]), None) if key(article) in before else None
            chains[(position, key(article))] = (chain or [None] * position) + [article]
    found = [Lineage(tuple(chain + [None] * (len(versions) - len(chain)))) for chain in chains.values()]
    return sorted(found, key=lambda lineage: (-lineage.last[0], key(lineage.last[1])))


def article_lines(article: OfficialArticle) -> list[str]:
    """An article's wording line by line: each paragraph, each item on a line of its own."""
    lines = []
    for paragraph in article.paragraphs:
        lines += [paragraph.text] if paragraph.text else []
        lines += [whole_item(item) for item in paragraph.items]
    return lines


def diff_paragraphs(old: list[str], new: list[str]) -> list[str]:
    """The wording of `new` line by line as HTML, with what `old` had and `new` has not in `<del>`,
    what `new` added in `<ins>`, character by character; every piece of text escaped."""
    before, after = "\n".join(old), "\n".join(new)
    paragraphs: list[list[str]] = [[]]
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _add(paragraphs, after[j1:j2], None)
            continue
        _add(paragraphs, before[i1:i2], "del")
        _add(paragraphs, after[j1:j2], "ins")
    return ["".join(pieces) for pieces in paragraphs if pieces]


def _add(paragraphs: list[list[str]], text: str, tag: str | None) -> None:
    """Add a stretch of text, a line break in it starting a new paragraph (a deleted break too)."""
    for n, piece in enumerate(text.split("\n")):
        if n:
            paragraphs.append([])
        if piece:
            escaped = escape_inline(piece) if piece.strip() else piece
            paragraphs[-1].append(f"<{tag}>{escaped}</{tag}>" if tag else escaped)
