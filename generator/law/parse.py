"""Parse an official statute text in the Markdown shape of public Chinese-law collections.

    # 中华人民共和国社会保险法
    2010年10月28日 第十一届全国人民代表大会常务委员会第十七次会议通过
    <!-- INFO END -->
    ## 第一章 总则
    ### 第一节 …                       (sections, and 编/分编, the same way; ## 附则 unnumbered)
    第一条 为了规范社会保险关系，……    one line per article: its first paragraph (款)
    县级以上地方人民政府……              a further line: the next paragraph
    （一）……                             an item (项) of the paragraph before

body.py reads the body (sub-items, tables, notes and annexes too); history.py the issuance
lines. Blank lines, HTML comments and characters that print as nothing (zero-width spaces,
byte-order marks) are ignored. The entry into force is the 施行 date of the issuance lines,
else that of the article 本法自…起施行, when it is the version's own (a text amended, not
revised, keeps the first version's date). Every problem is reported with its line
(`file:12:1: error: …`); a text with problems is refused whole.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ..content.model import OfficialArticle, StatuteVersion
from ..errors import ContentError, Problem
from ..i18n import _
from .body import BodyReader
from .history import DATE, History, read_history

INFO_END = "<!-- INFO END -->"
_TITLE = re.compile(r"^#\s+(.+?)\s*$")
_ARTICLE = re.compile(r"^第[零〇一二两三四五六七八九十百千万0-9０-９]+条")
_COMMENT = re.compile(r"^<!--.*-->$")
_ENTRY_INTO_FORCE = re.compile(r"^本[\u4e00-\u9fff]{1,12}?自(.{4,20}?)起(?:施行|实施)")
_PUBLICATION_DAY = re.compile(r"^(?:公布|发布|印发|颁布)之日$")
_LAST_ARTICLES = 5


@dataclass
class ParsedStatute:
    """A parsed file: the title printed on it and the version it holds."""

    title: str
    version: StatuteVersion
    history: History


def parse_statute(text: str, display: str, label: str | None = None, source: str | None = None,
                  default_label: str | None = None) -> ParsedStatute:
    """The statute version a Markdown text holds; ContentError with every problem found.

    The version is named `label`, else by the year of its issuance lines, else `default_label`.
    """
    lines = [clean(line) for line in text.splitlines()]
    title, info, body_start, problems = _head(lines, display)
    reader = BodyReader(display, title)
    reader.problems += problems
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        reader.read(number, line)
    reader.finish()
    if not reader.articles and title and not reader.problems:
        reader.error(len(lines) or 1, _("no article found (expected lines starting 第一条, 第二条 …)"),
                     _("put the articles after the {marker} line, one paragraph per line").format(marker=INFO_END))
    history = read_history([line for _, line in info])
    label = label or history.label or default_label
    if not label and title:
        reader.error(1, _("no date in the issuance lines to name this version by"),
                     _("give one with --label, e.g. --label 2023"))
    if reader.problems:
        raise ContentError(reader.problems)
    version = StatuteVersion(
        label=label, issuer=history.issuer, document_number=history.document_number, adopted=history.adopted,
        amended=history.amended, promulgated=history.promulgated, in_force=in_force(history, reader.articles),
        repealed=history.repealed, amended_by=history.amended_by, repealed_by=history.repealed_by,
        history=history.lines, source=source)
    version = reader.into(version)
    return ParsedStatute(title=title, version=version, history=history)


def clean(line: str) -> str:
    """A line in NFC without the characters that print as nothing (format characters such as
    zero-width spaces and byte-order marks) and without surrounding white space."""
    line = unicodedata.normalize("NFC", line)
    return "".join(c for c in line if unicodedata.category(c) != "Cf").strip()


def in_force(history: History, articles: list[OfficialArticle]) -> date | None:
    """The version's entry into force: the 施行 date of the issuance lines, else of the article
    本…自…起施行 near the end; None when neither is on or after the version's own date."""
    own = history.latest
    for day in (history.in_force, _article_in_force(history, articles)):
        if day and (own is None or day >= own):
            return day
    return None


def _article_in_force(history: History, articles: list[OfficialArticle]) -> date | None:
    for article in reversed(articles[-_LAST_ARTICLES:]):
        for paragraph in article.paragraphs:
            if match := _ENTRY_INTO_FORCE.match(paragraph.text):
                return _day(match[1], history)
    return None


def _day(text: str, history: History) -> date | None:
    if _PUBLICATION_DAY.match(text):
        return history.promulgated
    if match := DATE.fullmatch(text.strip()):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def _head(lines: list[str], display: str) -> tuple[str, list[tuple[int, str]], int, list[Problem]]:
    """Title, issuance lines (with their line numbers) and the index where the body starts."""
    problems = []
    start = next((n for n, line in enumerate(lines) if line.strip()), 0)
    match = _TITLE.match(lines[start].strip()) if lines else None
    if not match:
        problems.append(Problem(display, start + 1, 1, "error", _("the text does not start with a `# title` line"),
                                _("put the statute's title first, e.g. # 中华人民共和国社会保险法")))
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
