"""Escaping of content placed into Markdown: every content value is data, never markup.

Python-Markdown (with the extensions in mkdocs.yml) gives meaning to ASCII punctuation:
emphasis (* _), code (`), links and footnotes ([ ]), raw HTML and autolinks (< >),
entities (&), tables (|), headings (#), attribute lists ({ }), admonitions (!), and at
the start of a line lists (1. - + *), quotes (>), code blocks (indentation) and rules.
Each such character is written as a numeric character reference, which Python-Markdown
passes through untouched and the browser shows as the character itself. Angle brackets
used as quotation marks in titles (关于印发<…>的通知) therefore display as written.
"""

from __future__ import annotations

import functools
import html
import json
import re

#: Characters with a meaning anywhere in a line.
INLINE_SPECIAL = set("\\`*_{}[]<>&|#!~^=$:\"'")

#: A line that would start a list, quote, heading, rule or table: escape its first mark.
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+>=])")

_WHITESPACE = re.compile(r"[ \t\u3000]+")


def _reference(char: str) -> str:
    return f"&#{ord(char)};"


def escape_inline(text: str | None) -> str:
    """Escape text for one line of Markdown (heading, list item, link text, table cell)."""
    if not text:
        return ""
    return _escape_inline(str(text))


@functools.lru_cache(maxsize=1 << 18)
def _escape_inline(text: str) -> str:
    """(A site prints the same names, titles and quotes on thousands of pages: each is escaped once.)"""
    flat = " ".join(line.strip() for line in text.splitlines() if line.strip())
    flat = _WHITESPACE.sub(lambda m: " " if "\u3000" not in m.group() else m.group(), flat)
    return _escape_line(flat)


#: Control characters cannot be shown, and Python-Markdown uses \x02 and \x03 internally.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


_REFERENCES = str.maketrans({c: _reference(c) for c in INLINE_SPECIAL})


def _escape_line(line: str) -> str:
    line = _CONTROL.sub("\ufffd", line)
    return _LINE_START.sub(_escape_line_start, line.translate(_REFERENCES), count=1)


def _escape_line_start(match: re.Match) -> str:
    if match.group(1) is not None:
        return match.group(1) + _reference(match.group(2))
    return _reference(match.group(3))


def escape_lines(text: str | None) -> list[str]:
    """Escape multi-line text: one escaped Markdown line per non-empty source line."""
    if not text:
        return []
    return [_escape_line(line.strip()) for line in str(text).splitlines() if line.strip()]


def escape_block(text: str | None, prefix: str = "") -> str:
    """Escape multi-line text as Markdown paragraphs, one per source line, each with `prefix`."""
    lines = escape_lines(text)
    blank = prefix.rstrip()
    return f"\n{blank}\n".join(prefix + line for line in lines)


def escape_cell(text: str | None) -> str:
    """Escape text for a table cell (one line; the pipe is escaped like every other mark)."""
    return escape_inline(text)


def escape_html(text: str | None) -> str:
    """Escape text placed inside raw HTML that Markdown passes through."""
    return html.escape(text or "", quote=True)


#: Characters a YAML reader refuses or treats as line breaks; written as \uXXXX escapes (and a
#: line holding one is not read as JSON by builders.mkdocs_html.front_matter).
YAML_UNSAFE = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape_yaml_title(text: str) -> str:
    """A page title for front matter: HTML-escaped (MkDocs templates print it unescaped), double-quoted."""
    flat = _CONTROL.sub("\ufffd", " ".join(line.strip() for line in text.splitlines() if line.strip()))
    quoted = json.dumps(html.escape(flat, quote=True), ensure_ascii=False)
    return YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def yaml_flow(value) -> str:
    """A value (text, numbers, lists, mappings) as one line of YAML that reads back the same: JSON,
    which is YAML's flow style, with every character YAML would read otherwise (line and
    paragraph separators, NEL, a byte-order mark) as a \\u escape. Far quicker to write than YAML's
    block style, and to read for a title."""
    return YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False, sort_keys=True))


#: How a text a spreadsheet would take for a formula starts (OWASP's list for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would evaluate `text` typed into a cell (`=HYPERLINK(...)`, `+1`, `@SUM`)."""
    return text.startswith(FORMULA_START)


def for_spreadsheet(text: str) -> str:
    """A text as written into a CSV file (every cell, header included): one a spreadsheet would take
    for a formula gets a leading apostrophe, as spreadsheets themselves mark a text typed so."""
    return "'" + text if formula_like(text) else text


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: object) -> str:
    """Text for one line of a terminal or CI log: control characters (newlines, ESC, BEL, and
    the bidirectional overrides) shown as escapes, so a file name or a value cannot start a new
    line, forge a `::error::` annotation or drive the terminal."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1] if m.group() != "\\" else m.group(), str(text))


_CSS_UNSAFE = re.compile(r"[^\w\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff .,:;·()（）《》〈〉、，。：；—-]")


def css_string(text: str | None) -> str:
    """Text for a double-quoted CSS string inside a `<style>` element (a printed page's running
    header): every character that could end the string, the rule or the element (quotes,
    backslashes, braces, angle brackets, line breaks) written as a six-digit CSS escape."""
    flat = " ".join((text or "").split())
    return _CSS_UNSAFE.sub(lambda m: f"\\{ord(m.group()):06x}", flat)
