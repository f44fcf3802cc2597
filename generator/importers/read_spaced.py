"""Reader for page text whose cells are separated by spaces (a portal's table copied as plain text).

    序号 实施部门 事项名称 事项类型 设定依据 行使层级 指导部门 追责情形 追责依据
    1177 县医保局 对……的处罚 行政处罚 《……办法》第十五条 有下列行为之一的……。 市级、区县级 市医保局 因不履行……：
    1. 不依法处理举报……；

The header is a line of three or more known column names. A row starts at a line whose
first word is a serial that follows the one before; the lines after it, up to the next
row, go on with the row's last cell. Within a row's first line the words are read left to
right: one word a column up to the category (a category word), the basis from the next
word to the first word that ends a sentence (。；) after which no more words remain than
columns (and no article or title follows), then one word a column. A cell with
spaces of its own other than the basis cannot be told apart: such a list is better
imported from its HTML page.
"""

from __future__ import annotations

import re

from . import budget
from .grid import Cell, Document, Table, paragraphs

_SERIAL = re.compile(r"^(?:\d{1,6}|\*+)$")
#: The most characters of a column name spaced out one a word (法律法规规章依据 has 8).
_LONGEST_NAME = 12
_SENTENCE_END = ("。", "；", ";", "。”", "；”")
#: A word that goes on with the basis: another article, title or numbered basis.
_BASIS_GOES_ON = re.compile(r"^(?:第[零〇一二两三四五六七八九十百千\d]+条|《|【|\d+\s*[.、．]\s*《|[（(][一二三四五六七八九十]+[）)])")


def header_line(lines: list[str]) -> int | None:
    """Index of a line made of three or more known column names, one word each."""
    from . import columns as col

    for i, line in enumerate(lines[:40]):
        words = header_words(line)
        if "\t" not in line and "|" not in line and len(words) >= 3 and col.lookup(words[0]) == "serial":
            return i
    return None


def header_words(line: str) -> list[str]:
    """The column names of a header line, [] when a word is none. A name spaced out for justification
    (实  施  依  据) is a run of one-character words, joined into the longest known names."""
    from . import columns as col

    words, out, k = line.split(), [], 0
    while k < len(words):
        if len(words[k]) > 1 or not words[k].strip():
            if not col.lookup(words[k]):
                return []
            out.append(words[k])
            k += 1
            continue
        end = next((j for j in range(min(len(words), k + _LONGEST_NAME), k + 1, -1) if all(len(w) == 1 for w in words[k:j])
                    and col.normalise("".join(words[k:j])) in col.table()), None)
        if end is None:
            return []
        out.append("".join(words[k:end]))
        k = end
    return out


def detect(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    at = header_line(lines)
    return at is not None and any(_SERIAL.match((line.split() or [""])[0]) for line in lines[at + 1:at + 4])


def read(text: str, name: str) -> Document:
    from . import columns as col
    from .read_text import _follows

    doc = Document("spaced")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    at = header_line(lines) or 0
    doc.lines = lines[:at]
    header = header_words(lines[at])
    fields = [col.lookup(w) for w in header]
    rows: list[list[str]] = []
    previous = None
    for line in lines[at + 1:]:
        budget.check_cell(len(line), "a line")
        first = line.split()[0]
        if _SERIAL.match(first) and _follows(previous, first) and line.split()[1:]:
            previous = first
            rows.append(_split(line, fields))
        elif rows:
            rows[-1][-1] += "\n" + line
        else:
            doc.lines.append(line)
    grid = [[Cell([h]) for h in header]]
    for r, values in enumerate(rows, start=2):
        values = values + [""] * (len(header) - len(values))
        grid.append([Cell(paragraphs(v), f"line {r} cell {c}") for c, v in enumerate(values, start=1)])
    doc.tables.append(Table(grid, name))
    return doc


def _split(line: str, fields: list[str | None]) -> list[str]:
    """The cells of a row's first line (see the module's docstring)."""
    from .tsv_power import category_of

    words = line.split()
    if "category" not in fields or "basis" not in fields:
        return words[: len(fields) - 1] + [" ".join(words[len(fields) - 1:])] if len(words) >= len(fields) else words
    ci, bi = fields.index("category"), fields.index("basis")
    at = next((k for k in range(1, len(words)) if category_of(words[k])[0] and len(words[k]) <= 8), None)
    if at is None:
        return words
    before = words[1:at]
    slots = ci - 1  # columns between the serial and the category
    if len(before) > slots and slots:
        before = before[: slots - 1] + [" ".join(before[slots - 1:])] if slots > 1 else [" ".join(before)]
    cells = [words[0]] + before + [""] * (slots - len(before)) + [words[at]]
    rest = words[at + 1:]
    if bi != ci + 1:
        return cells + rest
    trailing = len(fields) - bi - 1
    ends = [k + 1 for k, w in enumerate(rest) if w.endswith(_SENTENCE_END)
            and len(rest) - (k + 1) <= trailing and not (k + 1 < len(rest) and _BASIS_GOES_ON.match(rest[k + 1]))]
    end = ends[0] if ends else max(1, len(rest) - trailing)
    cells.append(" ".join(rest[:end]))
    after = rest[end:]
    if len(after) > trailing and trailing:
        after = after[: trailing - 1] + [" ".join(after[trailing - 1:])]
    return cells + after
