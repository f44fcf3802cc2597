"""The body of an official text, read line by line into articles, 款, 项 and 目, headings,
annexes and notes.

    ## 第一章 总则                      a heading: 编, 分编, 章, 节 (also without its #), or unnumbered (## 附则)
    本章所称……                          text under a heading, before its first article
    第一条 为了……                        an article: its first paragraph (款)
    县级以上……                           a further line: the next paragraph
    （一）……                             an item (项) of the paragraph before
    1．…… / （1）……                      a point (目) of the item before
    | 项目 | 标准 |                       a table row, kept with the paragraph before
    [^1]: …… / 注：……                    a note, kept apart from the articles
    附件：……                             an annex: it and every line after it, apart

Every problem is recorded with its line; the caller refuses a text with problems whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ConfigDict

from ..content.model import (
    MAX_NUMBER,
    Annex,
    Division,
    Footnote,
    Item,
    OfficialArticle,
    Paragraph,
    Point,
    StatuteVersion,
)
from ..content.numerals import cn_to_int, int_to_cn
from ..errors import Problem
from ..i18n import _

_NUMERAL = "零〇一二两三四五六七八九十百千万0-9０-９"
_HEADING = re.compile(r"^#{1,6}\s*(.*?)\s*$")
_DIVISION = re.compile(rf"^第\s*([{_NUMERAL}]+)\s*(分编|编|章|节)(?:\s+(.*)|$)")
_ARTICLE = re.compile(rf"^第([{_NUMERAL}]+)条(之[一二三四五六七八九十]+)?(?:[\s\u3000]+(.*)|$)")
_ITEM = re.compile(r"^[（(]([零〇一二两三四五六七八九十百]+)[）)]\s*(.*)$")
_DIGIT_ITEM = re.compile(r"^([（(]([0-9０-９]{1,3})[）)])\s*(.*)$")
_POINT = re.compile(r"^(([0-9０-９]{1,3})\s*[．.、])(?![0-9０-９])\s*(.+)$")
_ANNEX = re.compile(r"^(?:附件|附表|附录)[0-9０-９一二三四五六七八九十]*(?:$|[\s：:．.、]|[（(])|^附[：:]")
_FOOTNOTE = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$|^注[：:]\s*(.*)$")
_TABLE = re.compile(r"^\|")
_COMMENT = re.compile(r"^<!--.*-->$")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")
_INTRODUCES = ("：", ":")
_ENDS = ("。", "；", "：", ";", ":")
_PART_OF_CODE = re.compile(r"编(?![制辑写码号纂])")  # 民法典合同编, 民法典（第三编）; not 编制, 汇编 …


class _DraftParagraph(Paragraph):
    """A paragraph while the reader fills it (the models are frozen once validated)."""

    model_config = ConfigDict(frozen=False)


class _DraftArticle(OfficialArticle):
    """An article while the reader fills it."""

    model_config = ConfigDict(frozen=False)


class _DraftItem(Item):
    """An item while the reader fills it."""

    model_config = ConfigDict(frozen=False)


@dataclass
class _Heading:
    """A heading waiting for its first article, with the text printed under it."""

    line: int
    kind: str
    number: int
    title: str
    text: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.title if self.kind == "其他" else f"第{int_to_cn(self.number)}{self.kind}"


class BodyReader:
    """State while reading the body: what was read so far and the problems found."""

    def __init__(self, display: str, title: str = ""):
        self.display = display
        self.part_of_code = bool(_PART_OF_CODE.search(title))  # 民法典合同编: the code's numbering carries on
        self.problems: list[Problem] = []
        self.preamble: list[str] = []
        self.divisions: list[Division] = []
        self.pending: list[_Heading] = []
        self.articles: list[OfficialArticle] = []
        self.article_lines: list[int] = []
        self.annexes: list[Annex] = []
        self.footnotes: list[Footnote] = []

    def read(self, number: int, line: str) -> None:
        """Read one line of the body (cleaned: no invisible characters, no surrounding spaces)."""
        if not line or _COMMENT.match(line):
            return
        heading = _HEADING.match(line)[1] if line.startswith("#") else None
        if (match := _FOOTNOTE.match(line)) and (match[1] or not self.annexes):
            self.footnote(number, match)
        elif self.annexes and not (heading is not None and _ANNEX.match(heading)):
            self.annexes[-1].lines.append(line if heading is None else heading)
        elif heading is not None:
            self.heading(number, heading)
        elif self.articles and _ANNEX.match(line) and len(line) <= 60:
            self.annex(number, line)
        elif _DIVISION.match(line) and len(line) <= 40 and not line.endswith(_ENDS):
            self.heading(number, line)  # 第一章 总则 printed without its # marks
        elif match := _ARTICLE.match(line):
            self.article(number, match)
        else:
            self.text(number, line)

    def finish(self) -> None:
        """Record the headings left without an article and the articles left without text."""
        for line, article in zip(self.article_lines, self.articles):
            if not any(p.text or p.items or p.table for p in article.paragraphs):
                self.error(line, _("article {article} has no text").format(article=_label(article)),
                           _("put the article's text after its number, on the same line or the next"))
        self._headings_without_article()

    def _headings_without_article(self) -> None:
        for heading in self.pending:
            self.error(heading.line, _("heading {heading} has no article under it").format(heading=heading.name),
                       _("remove the heading, or add its articles"))
        self.pending = []

    def error(self, line: int, message: str, hint: str) -> None:
        self.problems.append(Problem(self.display, line, 1, "error", message, hint))

    def footnote(self, line: int, match: re.Match) -> None:
        text = (match[2] if match[1] else match[3]).strip()
        if not text:
            self.error(line, _("empty note"), _("write the note's text after its mark, or remove the line"))
            return
        self.footnotes.append(Footnote(mark=match[1] or "", text=text))

    def heading(self, line: int, text: str) -> None:
        if self.articles and _ANNEX.match(text):
            self.annex(line, text)
            return
        match = _DIVISION.match(text)
        if not match:
            if not text:
                self.error(line, _("empty heading"), _("remove the line, or write the heading, e.g. ## 第一章 总则"))
                return
            others = sum(1 for d in [*self.divisions, *self.pending] if d.kind == "其他")
            self.pending.append(_Heading(line, "其他", others + 1, _CJK_GAP.sub("", text)))
            return
        number = self.number(line, match[1], f"第{match[1]}{match[2]}")
        if number:
            self.pending.append(_Heading(line, match[2], number, _CJK_GAP.sub("", (match[3] or "").strip())))

    def annex(self, line: int, text: str) -> None:
        """附件 …: an annex starts; every later line belongs to it (or to the next annex)."""
        self._headings_without_article()
        self.annexes.append(Annex(title=_CJK_GAP.sub("", text), lines=[]))

    def article(self, line: int, match: re.Match) -> None:
        number = self.number(line, match[1], f"第{match[1]}条")
        if not number:
            return
        if match[2]:
            self.inserted(line, match, number)
            return
        expected = self.articles[-1].number + 1 if self.articles else 1
        first_of_a_part = not self.articles and (self.part_of_code or any(h.kind in ("编", "分编") for h in self.pending))
        if number != expected and not first_of_a_part:
            self.error(line, _("article 第{printed}条 ({number}) where 第{numeral}条 ({expected}) was expected").format(
                           printed=match[1], number=number, numeral=int_to_cn(expected), expected=expected),
                       _("an article is missing, repeated or misnumbered: compare with the published text"))
        for heading in self.pending:
            self.divisions.append(Division(kind=heading.kind, number=heading.number, title=heading.title,
                                           first_article=number, text=heading.text))
        self.pending = []
        self.articles.append(_DraftArticle.model_construct(number=number, suffix=None, paragraphs=[]))
        self.article_lines.append(line)
        self.paragraph((match[3] or "").strip())

    def inserted(self, line: int, match: re.Match, number: int) -> None:
        """第X条之一, 之二 …: an article an amendment inserted after 第X条 (or after its 之一 …)."""
        suffix = self.number(line, match[2][1:], f"第{match[1]}条{match[2]}")
        if not suffix:
            return
        last = self.articles[-1] if self.articles else None
        expected = (last.suffix or 0) + 1 if last is not None and last.number == number else None
        if expected != suffix:
            where = f"第{match[1]}条" + (f"之{int_to_cn(suffix - 1)}" if suffix > 1 else "")
            self.error(line, _("article 第{printed}条{suffix} where it does not follow {where}").format(
                           printed=match[1], suffix=match[2], where=where),
                       _("an inserted article follows the article it is numbered after: compare with the published text"))
            return
        self.articles.append(_DraftArticle.model_construct(number=number, suffix=suffix, paragraphs=[]))
        self.article_lines.append(line)
        self.paragraph((match[3] or "").strip())

    def text(self, line: int, text: str) -> None:
        """A line that is not a heading, an article, a note or an annex."""
        if self.pending:
            self.pending[-1].text.append(text)
        elif not self.articles:
            self.preamble.append(text)
        elif _TABLE.match(text):
            self.articles[-1].paragraphs[-1].table.append(text)
        elif match := _ITEM.match(text):
            self.item(line, match[1], match[2], text)
        elif (match := _DIGIT_ITEM.match(text) or _POINT.match(text)) and self._last_item():
            self.point(line, match)
        elif match := _DIGIT_ITEM.match(text):
            self.item(line, match[2], match[3], text)
        elif (item := self._last_item()) and _last_text(item).endswith(_INTRODUCES):
            item.paragraphs.append(text)
        else:
            self.paragraph(text)

    def paragraph(self, text: str) -> None:
        paragraphs = self.articles[-1].paragraphs
        if paragraphs and not paragraphs[-1].text and not paragraphs[-1].items:
            paragraphs[-1].text = text  # 第一条 alone on its line: the text follows
        elif text or not paragraphs:
            paragraphs.append(_DraftParagraph.model_construct(text=text, items=[], table=[]))

    def item(self, line: int, numeral: str, text: str, printed: str) -> None:
        number = self.number(line, numeral, printed[:len(numeral) + 2])
        paragraphs = self.articles[-1].paragraphs
        if number and number > 1 and not paragraphs[-1].items:
            self._fold_into_item(number)
        paragraph = paragraphs[-1]
        expected = paragraph.items[-1].number + 1 if paragraph.items else 1
        if number and number != expected:
            self.error(line, _("item （{numeral}） of article {article} where （{expected}） was expected").format(
                           numeral=numeral, article=self.articles[-1].number, expected=int_to_cn(expected)),
                       _("an item is missing, repeated or misnumbered: compare with the published text"))
        paragraph.items.append(_DraftItem(number=number or expected, text=text.strip()))

    def _fold_into_item(self, number: int) -> None:
        """Paragraphs read between item N-1 and item N are further paragraphs of item N-1."""
        paragraphs = self.articles[-1].paragraphs
        with_items = [n for n, p in enumerate(paragraphs) if p.items]
        if not with_items or paragraphs[with_items[-1]].items[-1].number != number - 1:
            return
        owner = paragraphs[with_items[-1]]
        for paragraph in paragraphs[with_items[-1] + 1:]:
            owner.items[-1].paragraphs.append(paragraph.text)
            owner.table += paragraph.table
        del paragraphs[with_items[-1] + 1:]

    def point(self, line: int, match: re.Match) -> None:
        item = self._last_item()
        number = self.number(line, match[2], match[1])
        expected = item.points[-1].number + 1 if item.points else 1
        if number and number != expected:
            self.error(line, _("point {point} of item （{item}） of article {article} where {expected} was expected").format(
                           point=match[1], item=int_to_cn(item.number), article=self.articles[-1].number, expected=expected),
                       _("a point (目) is missing, repeated or misnumbered: compare with the published text"))
        item.points.append(Point(number=number or expected, marker=match[1], text=match[3].strip()))

    def _last_item(self) -> Item | None:
        paragraph = self.articles[-1].paragraphs[-1] if self.articles and self.articles[-1].paragraphs else None
        return paragraph.items[-1] if paragraph is not None and paragraph.items else None

    def number(self, line: int, numeral: str, printed: str) -> int | None:
        """The number a numeral means; None, with the problem recorded, for one that is not a
        number, is 0 or is beyond the largest the registry takes."""
        try:
            value = cn_to_int(numeral)
        except ValueError as exc:
            self.error(line, f'"{numeral}" in {printed} is not a number', str(exc))
            return None
        if value == 0:
            self.error(line, _("{printed} is numbered 0").format(printed=printed),
                       _("numbering starts at 一 (1): compare with the published text"))
            return None
        if value > MAX_NUMBER:
            self.error(line, _("{printed} is numbered {value}, above {largest}, the largest number the registry takes").format(
                           printed=printed, value=value, largest=MAX_NUMBER),
                       _("compare the number with the published text"))
            return None
        return value

    def into(self, version: StatuteVersion) -> StatuteVersion:
        """`version` with what was read (the drafts validated as the models they are drafts of)."""
        return version.model_copy(update={
            "preamble": self.preamble, "divisions": self.divisions,
            "articles": [OfficialArticle.model_validate(a.model_dump()) for a in self.articles],
            "annexes": self.annexes, "footnotes": self.footnotes})


def _label(article: OfficialArticle) -> str:
    return f"第{int_to_cn(article.number)}条" + (f"之{int_to_cn(article.suffix)}" if article.suffix else "")


def _last_text(item: Item) -> str:
    if item.paragraphs:
        return item.paragraphs[-1]
    return item.points[-1].text if item.points else item.text
