"""The agency of an imported list: who published it (`identity`), and notes on its groups."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .grid import Document
from .identity import admin_level, identify

if TYPE_CHECKING:
    from .mapper import Mapping

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
    """The agency's fields: who published the list (`identity`), its notes; --name, --region,
    --level and --title (`meta`) win over what the list says."""
    bodies = [p.get("responsible_body") or p.get("implementing_body") or "" for p in powers]
    found = identify([meta.get("title"), choose_title(doc, mapping), *mapping.titles, agency_id], bodies,
                     meta.get("region"))
    title = meta.get("title") or found.title or agency_id or ""
    name = meta.get("name") or found.name or title
    notes = list(mapping.notes)
    for line, count in mapping.groups:
        found_items = sum(1 for i in mapping.items if i.group and i.group in line)
        if count is not None and count != found_items:
            notes.append(f"“{line}”称共 {count} 项，实有 {found_items} 项。")
    if mapping.groups:
        notes.append("清单按职权类别分组：" + "；".join(line for line, _ in mapping.groups) + "。")
    level = meta.get("level") or (admin_level(name) if meta.get("name") else None) or found.level
    agency = {"name": name, "region": meta.get("region") or "", "admin_level": level, "title": title}
    if found.aliases and not meta.get("name"):
        agency["aliases"] = found.aliases
    edition = found.edition or _edition(mapping.titles)
    if edition:
        agency["edition"] = edition
    if found.document_number:
        agency["document_number"] = found.document_number
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
