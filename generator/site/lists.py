"""Lists as published, shaped for reading: a lead-in sentence is a paragraph, not item 1."""

from __future__ import annotations

LEAD_ENDINGS = ("：", ":")


def lead_and_items(lines: list[str]) -> dict:
    """Split a list whose first line introduces the others (它以冒号结尾：“……有下列情形的，……：”)
    into that lead-in and the items; any other list is all items. The text is kept as published."""
    lines = list(lines or [])
    if len(lines) > 1 and lines[0].rstrip().endswith(LEAD_ENDINGS):
        return {"lead": lines[0], "lines": lines[1:]}
    return {"lead": None, "lines": lines}
