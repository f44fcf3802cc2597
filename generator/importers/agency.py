"""The agency of an imported list: title, name, level, edition, notes on its groups."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from .chinese import to_simplified
from .grid import Document
from .pdftext import admin_level

if TYPE_CHECKING:
    from .mapper import Mapping

_AGENCY = re.compile(r"(?P<name>[^\s，。、：:|>》《]*?医疗保障局)")
_NOT_TITLE = re.compile(r"^(?:您当前的位置|当前位置|您的位置|位置[:：]|首页|索引号|发布机构|发布日期|发文日期|生成日期|"
                        r"来源[:：]|字号|打印|关闭|分享|浏览次数|访问量|[\s|｜>›»/\\-]*$)")
#: Fields read as one line (paragraphs joined): the name must never carry a header-like break.


def good_title(line: str) -> bool:
    """A line that can be the list's title: not a breadcrumb, an index number, a date or a lone bar."""
    text = line.strip()
    return len(text) >= 4 and not _NOT_TITLE.match(text) and ">" not in text and "索引号" not in text \
        and not re.fullmatch(r"[\d\s年月日.\-/:：]+", text)


def choose_title(doc: Document, mapping: Mapping) -> str | None:
    candidates = ([doc.title] if doc.title else []) + mapping.titles
    candidates = [re.sub(r"\s+", " ", c).strip() for c in candidates if c]
    good = [c for c in candidates if good_title(c)]
    preferred = [c for c in good if re.search(r"清单|目录|事项|权责|职权|权力", c)]
    return (preferred or good or [None])[0]


def agency_of(doc: Document, mapping: Mapping, powers: list[dict], agency_id: str | None, meta: dict) -> dict:
    title = meta.get("title") or choose_title(doc, mapping) or agency_id or ""
    name = meta.get("name") or _agency_name(title, mapping, powers) or title
    notes = list(mapping.notes)
    for line, count in mapping.groups:
        found = sum(1 for i in mapping.items if i.group and i.group in line)
        if count is not None and count != found:
            notes.append(f"“{line}”称共 {count} 项，实有 {found} 项。")
    if mapping.groups:
        notes.append("清单按职权类别分组：" + "；".join(line for line, _ in mapping.groups) + "。")
    level = meta.get("level") or admin_level(to_simplified(name))
    agency = {"name": name, "region": meta.get("region") or "", "admin_level": level, "title": title}
    edition = _edition(mapping.titles)
    if edition:
        agency["edition"] = edition
    return agency | {"notes": notes, "powers": powers}


_DATE = re.compile(r"(?:发布日期|发布时间|印发日期|公布日期|生成日期|日期|时间)\s*[:：]\s*"
                   r"(?P<date>\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)")


def _edition(lines: list[str]) -> str | None:
    """The date printed with the list (发布日期：2024-03-01), as printed."""
    for line in lines:
        match = _DATE.search(line or "")
        if match:
            return match.group("date")
    return None


def _agency_name(title: str, mapping: Mapping, powers: list[dict]) -> str | None:
    for line in [title] + mapping.titles:
        simple = to_simplified(line or "")
        match = _AGENCY.search(simple)
        if match and good_title(line):
            same = len(simple) == len(line)
            return line[match.start("name"):match.end("name")] if same else match.group("name")
    simple = to_simplified(title or "")
    match = re.match(r"^([^\s，。、：:|>》《]*?医疗保障)(?!局)", simple)
    if match and good_title(title):
        return (title[:match.end()] if len(simple) == len(title) else match.group(1)) + "局"
    bodies = Counter(p.get("responsible_body") or p.get("implementing_body") for p in powers)
    bodies.pop(None, None)
    top = bodies.most_common(1)
    return top[0][0].split("\n")[0] if top and _AGENCY.search(top[0][0]) else None
