"""An official text laid out for a page: headings for parts, chapters and sections, then each
article with its paragraphs (款) and items (项), each with its anchor. No links, no site: the
statute page builder in render.py adds those.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import OfficialArticle, StatuteVersion
from ..content.numerals import int_to_cn
from .text import anchor, item_text

_ORDER = ["编", "分编", "章", "节"]


@dataclass(frozen=True)
class Heading:
    """A part, chapter or section heading."""

    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Line:
    """One paragraph or item of an article."""

    text: str
    anchor: str
    item: bool


@dataclass(frozen=True)
class ArticleBlock:
    """One article: its heading level, label, anchor and lines."""

    number: int
    level: int
    label: str
    anchor: str
    lines: tuple[Line, ...]
    suffix: int | None = None
    """之一 … of an inserted article: citations name the article by its number, so none cite it here."""


def levels(version: StatuteVersion) -> dict[str, int]:
    """Heading level of each kind of division the text has (## for the highest)."""
    kinds = [k for k in _ORDER if any(d.kind == k for d in version.divisions)]
    found = {kind: 2 + n for n, kind in enumerate(kinds)}
    found["其他"] = found.get("章", min(found.values(), default=2))  # 附则 and the like: beside the chapters
    return found


def blocks(version: StatuteVersion) -> list[Heading | ArticleBlock]:
    """The text in reading order: headings before the article they start, then articles."""
    heading_levels = levels(version)
    article_level = min(6, max((heading_levels[d.kind] for d in version.divisions), default=1) + 1)
    starting: dict[int, list] = {}
    counters: dict[str, int] = {}
    for division in version.divisions:
        counters[division.kind] = counters.get(division.kind, 0) + 1
        text = f"第{int_to_cn(division.number)}{division.kind}" + (f" {division.title}" if division.title else "")
        if division.kind == "其他":
            text = division.title
        key = f"{_slug(division.kind)}-{counters[division.kind]}"
        starting.setdefault(division.first_article, []).append(Heading(heading_levels[division.kind], text, key))
    out: list[Heading | ArticleBlock] = []
    for article in version.articles:
        if not getattr(article, "suffix", None):
            out += starting.get(article.number, [])
        out.append(article_block(article, article_level))
    return out


def article_block(article: OfficialArticle, level: int) -> ArticleBlock:
    suffix = getattr(article, "suffix", None)
    lines = []
    for p, paragraph in enumerate(article.paragraphs, start=1):
        lines.append(Line(paragraph.text, anchor(article.number, p, suffix=suffix), item=False))
        lines += [Line(item_text(i.number, i.text), anchor(article.number, p, i.number, suffix=suffix), item=True)
                  for i in paragraph.items]
    label = f"第{int_to_cn(article.number)}条" + (f"之{int_to_cn(suffix)}" if suffix else "")
    return ArticleBlock(article.number, level, label, anchor(article.number, suffix=suffix), tuple(lines), suffix)


def _slug(kind: str) -> str:
    return {"编": "part", "分编": "subpart", "章": "chapter", "节": "section", "其他": "heading"}[kind]
