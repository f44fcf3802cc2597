"""Cells of tab-separated tables copied from HTML or Word: `<p>` paragraphs, lists, steps.

A cell is markup-light text: paragraphs in `<p>…</p>`, sometimes `<b>` or `<br>`, HTML
entities (`&lt;`). Here a cell becomes a list of plain paragraphs, and the paragraphs of a
cell become the shapes the model wants: numbered lists (追责情形, 担责方式) and ordered
responsibility steps (责任事项).
"""

from __future__ import annotations

import html
import re

_BREAKS = re.compile(r"</?p\b[^>]*>|<br\s*/?>", re.IGNORECASE)
#: The tags a table cell copied from HTML or Word carries; any other angle-bracketed text
#: (<DRG/DIP>, <CT>, 关于印发<…>的通知) is text as printed and stays.
CELL_TAGS = ("p", "br", "b", "strong", "i", "em", "u", "s", "span", "div", "font", "sup", "sub", "a", "td", "th",
             "tr", "li", "ul", "ol", "o:p", "st1:chsdate")
_TAGS = re.compile(r"</?(?:" + "|".join(re.escape(t) for t in CELL_TAGS) + r")(?:\s[^<>]*)?/?>", re.IGNORECASE)
#: An entity is decoded only when written in full, with its semicolon: `&region` stays as printed.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def strip_markup(text: str, tag: str = "") -> str:
    """Cell text without the cell's own tags (each replaced by `tag`) and with its entities decoded."""
    return _ENTITY.sub(lambda m: html.unescape(m.group()), _TAGS.sub(tag, text))
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_CJK = r"\u3400-\u9fff\uff00-\uffef\u3000-\u303f"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")

#: Characters after which a paragraph is complete; a chunk that follows starts a new one.
_TERMINAL = "。；;！!？?：:”\"」』"

#: Start of a numbered entry: "1.", "2、", "3．", "4 " before text (not "2 倍").
_NUMBERED = re.compile(r"(?:(?<=[；;。：:，,])|\s)\s*(?=\d{1,2}\s*[.．、]\s*[^\d\s])")
_NUMBER = re.compile(r"^\s*\d{1,2}\s*[.．、]\s*|^\s*\d{1,2}\s+(?=\D)")
_STEP = re.compile(r"^([^：:，,。；;、\s]{2,10})\s*[：:]\s*(.+)$", re.DOTALL)


def paragraphs(cell: str) -> list[str]:
    """The paragraphs of a cell: tags stripped, entities decoded, white space tidied."""
    text = strip_markup(_BREAKS.sub("\n", cell))
    out = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line:
            out.append(line)
    return out


def continues(previous: str, following: str) -> bool:
    """Whether `following` continues the unfinished last paragraph `previous`."""
    return bool(previous) and bool(following) and previous[-1] not in _TERMINAL


def merge(first: list[str], second: list[str]) -> list[str]:
    """Paragraphs of a cell followed by those of its continuation (page break, repeated row).

    A paragraph cut off mid-sentence by the break is joined with the first paragraph of
    the continuation; otherwise the continuation's paragraphs follow as new paragraphs.
    """
    if not first or not second:
        return first + second
    if continues(first[-1], second[0]):
        return first[:-1] + [first[-1] + second[0]] + second[1:]
    return first + second


def joined(pars: list[str]) -> str | None:
    """A cell's paragraphs as one text (paragraphs on their own lines), or None if empty."""
    return "\n".join(pars) or None


def inline(pars: list[str]) -> str | None:
    """A short cell (name, code, category) as one line; a break between CJK glyphs is dropped."""
    text = "".join(pars) if pars else ""
    return _CJK_GAP.sub("", text).strip() or None


def entries(pars: list[str]) -> list[str]:
    """Numbered entries of a list cell: one per paragraph or numbered item, numbers removed.

    A preamble (因不履行……应承担相应责任：) stays as the first entry.
    """
    out = []
    for par in pars:
        for piece in _NUMBERED.split(par):
            piece = _NUMBER.sub("", piece).strip()
            if piece:
                out.append(piece)
    return out


def steps(pars: list[str]) -> list[dict]:
    """Responsibility steps (责任事项): {step: 立案责任, text: …}; no step when unnamed."""
    out = []
    for entry in entries(pars):
        match = _STEP.match(entry)
        if match and (match.group(1).endswith(("责任", "监管", "监督")) or len(match.group(1)) <= 6):
            out.append({"step": match.group(1), "text": match.group(2).strip()})
        else:
            out.append({"text": entry})
    return out
