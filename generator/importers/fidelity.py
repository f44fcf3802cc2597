"""How much of a source's substantive text is in an agency mapping.

Substantive text: the runs of text between punctuation marks and white space (cell,
line and word boundaries), once markup (`<p>`, `<b>`, entities such as `&lt;`) is decoded
and table headers (also when printed run together, 责任主体实施主体), serial numbers and
separator rows are left out. A run counts as placed when it occurs in the agency's text (all
its string values joined, white space removed; a citation's reference and text also joined,
as the list printed them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .tsv_cells import strip_markup

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[，。；：、！？“”‘’《》〈〉<>（）()【】\[\]「」『』,.;:!?\"'…—\-|#*_/\\·]+")
HEADERS = {
    "序号", "职权编码", "基本编码", "职权名称", "职权依据", "备注", "项目", "子项", "行使内容",
    "责任事项", "追责情形", "担责方式", "事项名称", "事项类型", "事项依据", "责任主体", "实施主体",
    "职权类型", "实施依据", "项目名称", "职权类别", "设定依据", "职责类别", "序号职权编码", "职权",
    "编码", "事项", "名称", "类型", "依据",
}
#: A run made only of header words: headers printed without a space between them (责任主体实施主体).
_HEADER_RUN = re.compile("(?:" + "|".join(sorted(map(re.escape, HEADERS), key=len, reverse=True)) + ")+")


def strings(data: Any) -> Iterable[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
        if isinstance(data.get("ref"), str) and isinstance(data.get("text"), str):
            yield data["ref"] + data["text"]  # a citation as printed: 第八十七条 社会保险经办机构……
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def runs(text: str) -> list[str]:
    """Substantive runs of a source text."""
    from .columns import normalise, table

    text = strip_markup(text, " ")
    pieces = (piece for word in text.split() for piece in _PUNCT.split(word))
    return [r for r in pieces if r and not _HEADER_RUN.fullmatch(r) and not r.isdigit() and normalise(r) not in table()]


def measure(source: str, agency: dict) -> tuple[int, int]:
    """(characters of substantive source text, characters of it found in the agency)."""
    haystack = _SPACE.sub("", "\u0000".join(strings(agency)))
    total = placed = 0
    for run in runs(source):
        total += len(run)
        if run in haystack:
            placed += len(run)
    return total, placed


def missing(source: str, agency: dict) -> list[str]:
    """Runs of the source not found in the agency, in source order."""
    haystack = _SPACE.sub("", "\u0000".join(strings(agency)))
    return [run for run in runs(source) if run not in haystack]


#: Keys whose text is kept for an editor, not placed in a field.
KEPT_KEYS = ("notes", "unplaced", "extra", "editor_notes")


def _without_kept(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_kept(v) for k, v in data.items() if k not in KEPT_KEYS}
    if isinstance(data, list):
        return [_without_kept(v) for v in data]
    return data


def measure_fields(source: str, agency: dict) -> tuple[int, int, int]:
    """(characters of substantive source text, of it placed in fields, of it found only in notes/unplaced/extra)."""
    everywhere = _SPACE.sub("", "\u0000".join(strings(agency)))
    in_fields = _SPACE.sub("", "\u0000".join(strings(_without_kept(agency))))
    total = placed = kept = 0
    for run in runs(source):
        total += len(run)
        if run in in_fields:
            placed += len(run)
        elif run in everywhere:
            kept += len(run)
    return total, placed, kept
