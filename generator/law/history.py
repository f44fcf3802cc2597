"""The issuance lines above an official text: dates, issuing body, document number.

`2010年10月28日 第十一届全国人民代表大会常务委员会第十七次会议通过` is an adoption,
`…《关于修改〈…〉的决定》修正` an amendment, `…国务院令第735号公布` a promulgation,
`2021年5月1日 施行` the entry into force, `…废止` a repeal. One line may hold several
(`…公布 自2021年5月1日起施行`): each date starts an event, and the last keyword before the
next date says which. Keywords inside a title (《国务院关于修改和废止部分行政法规的决定》)
are not read: such a title names the instrument of the event. A line that carries no date
continues the line before it (a history line broken over two lines of the file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_KEYWORDS = {"通过": "adopted", "修正": "amended", "修订": "amended", "公布": "promulgated", "发布": "promulgated",
             "颁布": "promulgated", "印发": "promulgated", "施行": "in_force", "实施": "in_force", "废止": "repealed"}
_KEYWORD = re.compile("|".join(_KEYWORDS))
_TITLE = re.compile(r"《[^《》]*》")
_MEETING = re.compile(r"(.+?)第[0-9一二三四五六七八九十百零]+次(?:全体|常务)?会议")
_TERM = re.compile(r"第[一二三四五六七八九十]+届")
_ORDER = re.compile(r"(?:中华人民共和国)?([\u4e00-\u9fff]{1,14}?)令\s*[（(]?第\s*([0-9一二三四五六七八九十百零]+)\s*号")
_FILE_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号")


@dataclass(frozen=True)
class Event:
    """One dated event of the issuance lines, and the instrument that made it when the line names one."""

    kind: str
    """adopted, amended, promulgated, in_force or repealed."""
    day: date
    instrument: str | None = None
    """The decision or order, e.g. 《关于修改〈中华人民共和国公司法〉的决定》 or 国务院令第588号."""


@dataclass
class History:
    """What the issuance lines say."""

    adopted: date | None = None
    amended: list[date] = field(default_factory=list)
    promulgated: date | None = None
    in_force: date | None = None
    repealed: date | None = None
    issuer: str | None = None
    document_number: str | None = None
    amended_by: str | None = None
    """The instrument of the last amendment, when its line names one."""
    repealed_by: str | None = None
    """The instrument of the repeal, when its line names one."""
    lines: list[str] = field(default_factory=list)
    """The issuance lines, each broken line joined to the line it continues."""

    @property
    def start(self) -> date | None:
        """The date this version holds from: entry into force, else its last amendment, publication or adoption."""
        if self.in_force:
            return self.in_force
        if self.amended:
            return self.amended[-1]
        return self.promulgated or self.adopted

    @property
    def latest(self) -> date | None:
        """The last date of adoption, amendment or publication: the version's own date."""
        dates = [d for d in (*self.amended, self.promulgated, self.adopted) if d]
        return max(dates) if dates else None

    @property
    def label(self) -> str | None:
        """The version's short name: the year of its last amendment, publication or adoption."""
        return str(self.latest.year) if self.latest else None


def without_titles(text: str) -> str:
    """The text with every 《…》 title (its inner 〈…〉 titles included) replaced by 《》."""
    while (stripped := _TITLE.sub("\0", text)) != text:  # the innermost titles first
        text = stripped
    return text.replace("\0", "《》")


def events(line: str) -> list[tuple[str, date]]:
    """(kind, date) of each event a line records; kinds: adopted, amended, promulgated, in_force, repealed."""
    return [(event.kind, event.day) for event in dated_events(line)]


def dated_events(line: str) -> list[Event]:
    """Each event a line records, with the instrument its part of the line names."""
    found = []
    matches = list(DATE.finditer(line))
    for n, match in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(line)
        part = line[match.end():end]
        keywords = _KEYWORD.findall(without_titles(part))
        if not keywords:
            continue
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
        found.append(Event(_KEYWORDS[keywords[-1]], day, _instrument(part)))
    return found


def joined(lines: list[str]) -> list[str]:
    """The lines with each line that carries no date joined to the line before it."""
    out: list[str] = []
    for line in lines:
        if out and not DATE.search(line):
            out[-1] += line
        else:
            out.append(line)
    return out


def read_history(lines: list[str]) -> History:
    """The dates, issuer and document number the issuance lines give."""
    history = History(lines=joined(lines))
    for line in history.lines:
        for event in dated_events(line):
            _record(history, event)
        history.issuer = history.issuer or _issuer(line)
        history.document_number = history.document_number or _document_number(line)
    history.amended.sort()
    return history


def _record(history: History, event: Event) -> None:
    if event.kind == "amended":
        history.amended.append(event.day)
        if event.day == max(history.amended):
            history.amended_by = event.instrument
    elif event.kind == "repealed" and history.repealed is None:
        history.repealed, history.repealed_by = event.day, event.instrument
    elif getattr(history, event.kind) is None:
        setattr(history, event.kind, event.day)


def _instrument(part: str) -> str | None:
    """The last 《…》 title of a part of a line, else the order or file number it names."""
    titles = _TITLE.findall(_outer(part))
    if titles:
        return titles[-1]
    return _document_number(part)


def _outer(text: str) -> str:
    """The text with inner 《》 marks of nested titles written 〈〉, so that a title is one match."""
    depth, out = 0, []
    for char in text:
        if char == "《":
            out.append("《" if depth == 0 else "〈")
            depth += 1
        elif char == "》" and depth:
            depth -= 1
            out.append("》" if depth == 0 else "〉")
        else:
            out.append(char)
    return "".join(out)


def _issuer(line: str) -> str | None:
    if "通过" in line and (match := _MEETING.search(_TERM.sub("", DATE.sub("", line)).strip())):
        return match.group(1).strip()
    if (match := _ORDER.search(line)) and match.group(1) not in ("主席", "总理"):
        return re.sub(r"^.*?[日号]", "", match.group(1)).strip() or None
    return None


def _document_number(line: str) -> str | None:
    if match := _ORDER.search(line):
        return f"{match.group(1)}令第{match.group(2)}号"
    if match := _FILE_NUMBER.search(line):
        return re.sub(r"\s", "", match.group(0))
    return None
