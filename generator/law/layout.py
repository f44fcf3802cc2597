"""An official text laid out for a page: headings for parts, chapters and sections (with the
text under them), then each article with its paragraphs (款), items (项) and points (目),
each with its anchor, and the tables printed in it; the annexes and notes come after the
articles (`annexes`, `notes`). No links, no site: the statute page builder in
site/statutes.py adds those.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import Item, OfficialArticle, StatuteVersion
from ..content.numerals import int_to_cn
from .text import anchor, item_text

_ORDER = ["编", "分编", "章", "节"]


@dataclass(frozen=True)
class Heading:
    """A part, chapter or section heading."""

    level: int
    text: str
    anchor: str
    paragraphs: tuple[str, ...] = ()
    """Text printed under the heading before its first article."""


@dataclass(frozen=True)
class Line:
    """One paragraph, item or point of an article, a further paragraph of an item, or a table."""

    text: str
    anchor: str
    item: bool
    kind: str = "paragraph"
    """paragraph, item, point, more (a further paragraph of an item) or table (`text` holds its rows)."""


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
        starting.setdefault(division.first_article, []).append(
            Heading(heading_levels[division.kind], text, key, tuple(division.text)))
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
        for item in paragraph.items:
            lines += item_lines(item, anchor(article.number, p, item.number, suffix=suffix))
        if paragraph.table:
            lines.append(Line("\n".join(paragraph.table), f"{anchor(article.number, p, suffix=suffix)}-table",
                              item=False, kind="table"))
    label = f"第{int_to_cn(article.number)}条" + (f"之{int_to_cn(suffix)}" if suffix else "")
    return ArticleBlock(article.number, level, label, anchor(article.number, suffix=suffix), tuple(lines), suffix)


def item_lines(item: Item, key: str) -> list[Line]:
    """An item's lines: its first (anchored `key`), its points (`key-1` …), its further paragraphs."""
    lines = [Line(item_text(item.number, item.text), key, item=True, kind="item")]
    lines += [Line(point.marker + point.text, f"{key}-{point.number}", item=True, kind="point")
              for point in item.points]
    lines += [Line(text, f"{key}-p{n}", item=True, kind="more") for n, text in enumerate(item.paragraphs, start=2)]
    return lines


@dataclass(frozen=True)
class Appendix:
    """An annex or the notes, after the articles: a heading, its anchor and its lines (a run of
    table rows is one line holding them all, `table` true)."""

    title: str
    anchor: str
    lines: tuple[tuple[str, bool], ...]


def appendices(version: StatuteVersion) -> list[Appendix]:
    """The annexes of a version (annex-1 …), then its notes (notes), each as a heading and its lines."""
    out = [Appendix(annex.title, f"annex-{n}", tuple(_runs(annex.lines))) for n, annex in enumerate(version.annexes, 1)]
    if version.footnotes:
        notes = tuple((f"{f.mark}：{f.text}" if f.mark else f.text, False) for f in version.footnotes)
        out.append(Appendix("注", "notes", notes))
    return out


def _runs(lines: list[str]) -> list[tuple[str, bool]]:
    """Lines, each run of table rows (`|` first) joined into one."""
    out: list[tuple[str, bool]] = []
    for line in lines:
        table = line.startswith("|")
        if table and out and out[-1][1]:
            out[-1] = (out[-1][0] + "\n" + line, True)
        else:
            out.append((line, table))
    return out


def _slug(kind: str) -> str:
    return {"编": "part", "分编": "subpart", "章": "chapter", "节": "section", "其他": "heading"}[kind]
