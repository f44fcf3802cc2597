"""The official wording of an article, 款 or 项, and which version of a statute is in force when.

A citation names an article and, when the list gives one, a paragraph (款) and an item (项).
`unit_text` returns that piece of the official text as one string (items with their （一）
markers), `anchor` its id on the statute page (`art-87`, `art-87-1`, `art-87-1-2`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..content.model import Citation, Item, OfficialArticle, Paragraph, Statute, StatuteVersion
from ..content.numerals import int_to_cn
from .validity import current_version, version_start

__all__ = ["Unit", "anchor", "article_text", "current_version", "find_article", "item_text", "paragraph_text",
           "unit", "unit_label", "version_at", "version_start", "whole_item"]


def version_at(statute: Statute, when: date | None) -> StatuteVersion | None:
    """The version in force at `when` (the current one when `when` is None); the oldest if all are later."""
    return current_version(statute, when)


def find_article(version: StatuteVersion, number: int) -> OfficialArticle | None:
    if 1 <= number <= len(version.articles) and version.articles[number - 1].number == number \
            and not getattr(version.articles[number - 1], "suffix", None):
        return version.articles[number - 1]
    return next((a for a in version.articles if a.number == number and not getattr(a, "suffix", None)), None)


def paragraph_text(paragraph: Paragraph) -> str:
    """A paragraph's wording: its text, then its items whole (a table printed in it is not wording)."""
    return "".join([paragraph.text, *(whole_item(i) for i in paragraph.items)])


def item_text(number: int, text: str) -> str:
    return f"（{int_to_cn(number)}）{text}"


def whole_item(item: Item) -> str:
    """An item's wording: its first line with its marker, its points (目) and its further paragraphs."""
    points = [point.marker + point.text for point in item.points]
    return "".join([item_text(item.number, item.text), *points, *item.paragraphs])


def article_text(article: OfficialArticle) -> str:
    return "".join(paragraph_text(p) for p in article.paragraphs)


@dataclass(frozen=True)
class Unit:
    """The piece of an official text a citation names, or why it cannot be found."""

    article: int
    paragraph: int | None
    item: int | None
    text: str | None
    missing: str | None = None  # e.g. "第二款" when the article has one paragraph

    @property
    def label(self) -> str:
        return unit_label(self.article, self.paragraph, self.item)

    @property
    def anchor(self) -> str:
        return anchor(self.article, self.paragraph, self.item)


def unit_label(article: int, paragraph: int | None = None, item: int | None = None) -> str:
    label = f"第{int_to_cn(article)}条"
    if paragraph:
        label += f"第{int_to_cn(paragraph)}款"
    if item:
        label += f"第{int_to_cn(item)}项"
    return label


def anchor(article: int, paragraph: int | None = None, item: int | None = None, suffix: int | None = None) -> str:
    """The id of an article, 款 or 项 on the statute page: art-87, art-87-1, art-87-1-2; an inserted
    article 第八十七条之一 is art-87zhi1 (its 款 art-87zhi1-1)."""
    parts = [f"art-{article}" + (f"zhi{suffix}" if suffix else "")]
    parts += ([str(paragraph)] if paragraph else []) + ([str(item)] if paragraph and item else [])
    return "-".join(parts)


def unit(version: StatuteVersion, citation: Citation) -> Unit | None:
    """The article, 款 or 项 a citation names in a version (None when it names no article)."""
    if citation.article is None:
        return None
    number, par, item = citation.article, citation.paragraph, citation.item
    article = find_article(version, number)
    if article is None:
        return Unit(number, par, item, None, missing=f"第{int_to_cn(number)}条")
    if item and not par:  # 第X条第Y项: the paragraph that has items, when there is exactly one
        with_items = [n for n, p in enumerate(article.paragraphs, 1) if p.items]
        par = with_items[0] if len(with_items) == 1 else None
        if par is None:
            return Unit(number, None, item, article_text(article))
    if par is None:
        return Unit(number, None, None, article_text(article))
    if par > len(article.paragraphs):
        return Unit(number, par, item, None, missing=f"第{int_to_cn(par)}款")
    paragraph = article.paragraphs[par - 1]
    if item is None:
        return Unit(number, par, None, paragraph_text(paragraph))
    if item > len(paragraph.items):
        return Unit(number, par, item, None, missing=f"第{int_to_cn(item)}项")
    return Unit(number, par, item, whole_item(paragraph.items[item - 1]))
