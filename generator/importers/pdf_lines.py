"""Lines of text extracted from a PDF table: undoing the wrapping of a cell's text.

PDF text breaks a cell's text wherever the column is full. Chinese text wraps without a
space, so wrapped lines are joined without one; spaces inside a line (`2018 年修正`) are
kept as printed. A line that starts a new paragraph (a statute header, an article
reference, an enumerator, or a line after a sentence end) begins a new paragraph.
"""

from __future__ import annotations

import re
import unicodedata

_NUM = r"[零〇一二两三四五六七八九十百千0-9０-９]+"

#: Line starts that begin a paragraph of a basis cell.
_PARAGRAPH_START = re.compile(
    rf"^(?:【|第\s*{_NUM}\s*[条款]|[（(]\s*[一二三四五六七八九十]+\s*[）)]|[一二三四五六七八九十]+、)")

#: Characters after which the next line starts a new paragraph.
_PARAGRAPH_END = "。；;：:"


def clean(line: str) -> str:
    """A line without the white space a page break or the layout put around it."""
    return line.strip(" \t\u3000\u00a0")


def width(text: str) -> int:
    """Printed width of a text: CJK and full-width characters count two, others one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def join_wrapped(lines: list[str]) -> str:
    """The text of lines broken by the column width: joined without a space."""
    return "".join(clean(line) for line in lines)


def starts_paragraph(previous: str, line: str) -> bool:
    """Whether `line` begins a new paragraph after `previous` (both cleaned)."""
    return bool(_PARAGRAPH_START.match(line)) or previous.endswith(tuple(_PARAGRAPH_END))


def paragraphs(lines: list[str]) -> list[str]:
    """The paragraphs of a cell's lines: wrapped lines joined, paragraph breaks kept."""
    out: list[str] = []
    previous = ""
    for raw in lines:
        line = clean(raw)
        if not line:
            continue
        if out and not starts_paragraph(previous, line):
            out[-1] += line
        else:
            out.append(line)
        previous = line
    return out
