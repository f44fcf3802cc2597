"""County-wide catalogues: a heading per department (一、区发展和改革委员会) above or inside the table.

A heading of a department's name, numbered (一、, （一）, 1.) or spanning the table's row,
starts that department's powers. A list of two or more departments imports as one agency
each: its name is the catalogue's place (某某区, from its title, else --region) and the
department (区发展和改革委员会 -> 某某区发展和改革委员会), its id a slug of that name, its
level from its place words (`identity`).
"""

from __future__ import annotations

import re

from ..content.places import department, places
from .chinese import to_simplified
from .identity import DEPARTMENT_ENDINGS

_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十百]+\s*[、.．]|[（(][一二三四五六七八九十百]+[）)]|\d{1,3}\s*[、.．])\s*")
_NOT_NAME = re.compile(r"[，。；;：:！？!?、《》（）()\d]|清单|目录|事项|类$")


def heading(text: str, numbered_only: bool = True) -> str | None:
    """The department a heading names (一、区发展和改革委员会 -> 区发展和改革委员会), or None.

    `numbered_only`: a line above a table must be numbered; a row spanning the table need not."""
    numbered = _NUMBERED.match(text)
    if numbered_only and not numbered:
        return None
    name = text[numbered.end():].strip() if numbered else text.strip()
    simple = to_simplified(name)
    ending = next((e for e in DEPARTMENT_ENDINGS if simple.endswith(e)), None)
    if not ending or len(simple) <= len(ending) or len(simple) > 30 or _NOT_NAME.search(simple):
        return None
    return name


def full_name(heading_name: str, lines: list[str], region: str | None) -> str:
    """The agency's name of a department heading: the catalogue's place before its department's words."""
    own = places(heading_name)
    if own and len(own[0]) > 1:
        return heading_name  # 某某区民政局: its place printed in full
    place = _catalogue_place(lines, region)
    return (place + department(heading_name)) if place else heading_name


def _catalogue_place(lines: list[str], region: str | None) -> str:
    """The place a catalogue is of: the place words of its first titled line, else the region's last."""
    for line in lines:
        found = places(line or "")
        if found and len(found[-1]) > 1:
            return "".join(found)
    found = places(region or "")
    return found[-1] if found else ""
