"""The issuance lines above an official text: dates, issuing body, document number.

`2010年10月28日 第十一届全国人民代表大会常务委员会第十七次会议通过` is an adoption,
`…《关于修改〈…〉的决定》修正` an amendment, `…国务院令第735号公布` a promulgation,
`2021年5月1日 施行` the entry into force, `…废止` a repeal. One line may hold several
(`…公布 自2021年5月1日起施行`): each date starts an event, the last keyword before the next
date says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_KEYWORDS = {"通过": "adopted", "修正": "amended", "修订": "amended", "公布": "promulgated", "发布": "promulgated",
             "颁布": "promulgated", "印发": "promulgated", "施行": "in_force", "实施": "in_force", "废止": "repealed"}
_KEYWORD = re.compile("|".join(_KEYWORDS))
_MEETING = re.compile(r"(.+?)第[0-9一二三四五六七八九十百零]+次(?:全体|常务)?会议")
_TERM = re.compile(r"第[一二三四五六七八九十]+届")
_ORDER = re.compile(r"(?:中华人民共和国)?([\u4e00-\u9fff]{1,14}?)令\s*[（(]?第\s*([0-9一二三四五六七八九十百零]+)\s*号")
_FILE_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号")


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

    @property
    def start(self) -> date | None:
        """The date this version holds from: entry into force, else its last amendment, publication or adoption."""
        if self.in_force:
            return self.in_force
        if self.amended:
            return self.amended[-1]
        return self.promulgated or self.adopted

    @property
    def label(self) -> str | None:
        """The version's short name: the year of its last amendment, publication or adoption."""
        dates = [d for d in (*self.amended, self.promulgated, self.adopted) if d]
        return str(max(dates).year) if dates else None


def events(line: str) -> list[tuple[str, date]]:
    """(kind, date) of each event a line records; kinds: adopted, amended, promulgated, in_force, repealed."""
    found = []
    matches = list(_DATE.finditer(line))
    for n, match in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(line)
        keywords = _KEYWORD.findall(line[match.end():end])
        if not keywords:
            continue
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
        kind = "repealed" if "废止" in keywords else _KEYWORDS[keywords[-1]]
        found.append((kind, day))
    return found


def read_history(lines: list[str]) -> History:
    """The dates, issuer and document number the issuance lines give."""
    history = History()
    for line in lines:
        for kind, day in events(line):
            if kind == "amended":
                history.amended.append(day)
            elif getattr(history, kind) is None:
                setattr(history, kind, day)
        history.issuer = history.issuer or _issuer(line)
        history.document_number = history.document_number or _document_number(line)
    history.amended.sort()
    return history


def _issuer(line: str) -> str | None:
    if "通过" in line and (match := _MEETING.search(_TERM.sub("", _DATE.sub("", line)).strip())):
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
