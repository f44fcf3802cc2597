"""Parse an official statute text in the Markdown shape of public Chinese-law collections.

    # 中华人民共和国社会保险法
    2010年10月28日 第十一届全国人民代表大会常务委员会第十七次会议通过
    <!-- INFO END -->
    ## 第一章 总则
    ### 第一节 …                       (sections, and 编/分编, the same way; ## 附则 unnumbered)
    第一条 为了规范社会保险关系，……    one line per article: its first paragraph (款)
    县级以上地方人民政府……              a further line: the next paragraph
    （一）……                             an item (项) of the paragraph before

Blank lines and HTML comments are ignored. Every problem is reported with its line
(`file:12:1: error: …`); a text with problems is refused whole.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ..content.model import Division, Item, OfficialArticle, Paragraph, StatuteVersion
from ..content.numerals import cn_to_int
from ..errors import ContentError, Problem
from .history import History, read_history

INFO_END = "<!-- INFO END -->"
_NUMERAL = "零〇一二两三四五六七八九十百千0-9０-９"
_TITLE = re.compile(r"^#\s+(.+?)\s*$")
_HEADING = re.compile(r"^#{1,6}\s*(.*?)\s*$")
_DIVISION = re.compile(rf"^第\s*([{_NUMERAL}]+)\s*(分编|编|章|节)(?:\s+(.*)|$)")
_ARTICLE = re.compile(rf"^第([{_NUMERAL}]+)条(之[一二三四五六七八九十]+)?(?:[\s\u3000]+(.*)|$)")
_ITEM = re.compile(rf"^[（(]([{_NUMERAL}]+)[）)]\s*(.*)$")
_COMMENT = re.compile(r"^<!--.*-->$")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")


@dataclass
class ParsedStatute:
    """A parsed file: the title printed on it and the version it holds."""

    title: str
    version: StatuteVersion
    history: History


class _Reader:
    """State while reading the body: the articles so far and the problems found."""

    def __init__(self, display: str):
        self.display = display
        self.problems: list[Problem] = []
        self.preamble: list[str] = []
        self.divisions: list[Division] = []
        self.pending: list[tuple[int, str, int, str]] = []  # divisions waiting for their first article
        self.articles: list[OfficialArticle] = []

    def error(self, line: int, message: str, hint: str) -> None:
        self.problems.append(Problem(self.display, line, 1, "error", message, hint))

    def heading(self, line: int, text: str) -> None:
        match = _DIVISION.match(text)
        if not match:
            if not text:
                self.error(line, "empty heading", "remove the line, or write the heading, e.g. ## 第一章 总则")
                return
            others = sum(1 for d in self.divisions if d.kind == "其他") + sum(1 for p in self.pending if p[1] == "其他")
            self.pending.append((line, "其他", others + 1, _CJK_GAP.sub("", text)))
            return
        number = self.number(line, match[1])
        if number:
            self.pending.append((line, match[2], number, _CJK_GAP.sub("", (match[3] or "").strip())))

    def article(self, line: int, match: re.Match) -> None:
        number = self.number(line, match[1])
        if not number:
            return
        if match[2]:
            self.inserted(line, match, number)
            return
        expected = self.articles[-1].number + 1 if self.articles else 1
        if number != expected:
            self.error(line, f"article 第{match[1]}条 ({number}) where 第{_cn(expected)}条 ({expected}) was expected",
                       "an article is missing, repeated or misnumbered: compare with the published text")
        for _, kind, n, title in self.pending:
            self.divisions.append(Division(kind=kind, number=n, title=title, first_article=number))
        self.pending = []
        self.articles.append(OfficialArticle.model_construct(number=number, suffix=None, paragraphs=[]))
        self.paragraph(line, (match[3] or "").strip())

    def inserted(self, line: int, match: re.Match, number: int) -> None:
        """第X条之一, 之二 …: an article an amendment inserted after 第X条 (or after its 之一 …)."""
        suffix = self.number(line, match[2][1:])
        if not suffix:
            return
        last = self.articles[-1] if self.articles else None
        expected = (last.suffix or 0) + 1 if last is not None and last.number == number else None
        if expected != suffix:
            where = f"第{match[1]}条" + (f"之{_cn(suffix - 1)}" if suffix > 1 else "")
            self.error(line, f"article 第{match[1]}条{match[2]} where it does not follow {where}",
                       "an inserted article follows the article it is numbered after: compare with the published text")
            return
        self.articles.append(OfficialArticle.model_construct(number=number, suffix=suffix, paragraphs=[]))
        self.paragraph(line, (match[3] or "").strip())

    def paragraph(self, line: int, text: str) -> None:
        if not self.articles:
            self.preamble.append(text)
            return
        paragraphs = self.articles[-1].paragraphs
        if paragraphs and not paragraphs[-1].text and not paragraphs[-1].items:
            paragraphs[-1].text = text  # 第一条 alone on its line: the text follows
        elif text:
            paragraphs.append(Paragraph.model_construct(text=text, items=[]))

    def item(self, line: int, match: re.Match, text: str) -> None:
        if not self.articles:
            self.preamble.append(text)
            return
        number = self.number(line, match[1])
        paragraph = self.articles[-1].paragraphs[-1]
        expected = paragraph.items[-1].number + 1 if paragraph.items else 1
        if number and number != expected:
            self.error(line, f"item （{match[1]}） of article {self.articles[-1].number} where （{_cn(expected)}） "
                             "was expected", "an item is missing, repeated or misnumbered: compare with the published text")
        paragraph.items.append(Item(number=number or expected, text=match[2].strip()))

    def number(self, line: int, numeral: str) -> int | None:
        try:
            return cn_to_int(numeral) or None
        except ValueError as exc:
            self.error(line, f'"{numeral}" is not a number', str(exc))
            return None


def _cn(number: int) -> str:
    from ..content.numerals import int_to_cn

    return int_to_cn(number)


def parse_statute(text: str, display: str, label: str | None = None, source: str | None = None,
                  default_label: str | None = None) -> ParsedStatute:
    """The statute version a Markdown text holds; ContentError with every problem found.

    The version is named `label`, else by the year of its issuance lines, else `default_label`.
    """
    lines = text.splitlines()
    title, info, body_start, problems = _head(lines, display)
    reader = _Reader(display)
    reader.problems += problems
    for number, raw in enumerate(lines[body_start:], start=body_start + 1):
        _read_line(reader, number, unicodedata.normalize("NFC", raw).strip())
    for line, kind, n, title in reader.pending:
        name = title if kind == "其他" else f"第{_cn(n)}{kind}"
        reader.error(line, f"heading {name} has no article under it", "remove the heading, or add its articles")
    if not reader.articles and title:
        reader.error(len(lines) or 1, "no article found (expected lines starting 第一条, 第二条 …)",
                     f"put the articles after the {INFO_END} line, one paragraph per line")
    history = read_history([line for _, line in info])
    label = label or history.label or default_label
    if not label and title:
        reader.error(1, "no date in the issuance lines to name this version by", "give one with --label, e.g. --label 2023")
    if reader.problems:
        raise ContentError(reader.problems)
    version = StatuteVersion(
        label=label, issuer=history.issuer, document_number=history.document_number, adopted=history.adopted,
        amended=history.amended, promulgated=history.promulgated, in_force=history.in_force,
        repealed=history.repealed, history=[line for _, line in info], source=source, preamble=reader.preamble,
        divisions=reader.divisions,
        articles=[OfficialArticle.model_validate(a.model_dump()) for a in reader.articles])
    return ParsedStatute(title=title, version=version, history=history)


def _read_line(reader: _Reader, number: int, line: str) -> None:
    if not line or _COMMENT.match(line):
        return
    if line.startswith("#"):
        reader.heading(number, _HEADING.match(line)[1])
    elif match := _ARTICLE.match(line):
        reader.article(number, match)
    elif match := _ITEM.match(line):
        reader.item(number, match, line)
    else:
        reader.paragraph(number, line)


def _head(lines: list[str], display: str) -> tuple[str, list[tuple[int, str]], int, list[Problem]]:
    """Title, issuance lines (with their line numbers) and the index where the body starts."""
    problems = []
    start = next((n for n, line in enumerate(lines) if line.strip()), 0)
    match = _TITLE.match(lines[start].strip()) if lines else None
    if not match:
        problems.append(Problem(display, start + 1, 1, "error", "the text does not start with a `# title` line",
                                "put the statute's title first, e.g. # 中华人民共和国社会保险法"))
        return "", [], start, problems
    end = next((n for n, line in enumerate(lines) if line.strip() == INFO_END), None)
    if end is None:  # no marker: the issuance lines run to the first heading or article
        end = next((n for n in range(start + 1, len(lines))
                    if lines[n].lstrip().startswith("#") or _ARTICLE.match(lines[n].strip())), len(lines))
        body = end
    else:
        body = end + 1
    info = [(n + 1, lines[n].strip()) for n in range(start + 1, end)
            if lines[n].strip() and not _COMMENT.match(lines[n].strip())]
    return match[1], info, body, problems


def today() -> date:
    """Today, or the day SOURCE_DATE_EPOCH names (for reproducible imports)."""
    import os
    from datetime import datetime, timezone

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date() if epoch else date.today()
