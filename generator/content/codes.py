"""Power codes as the lists print them: the shapes `quanze check` knows, declared once.

A code is kept exactly as the list prints it. `CODE_SHAPES` names the common shapes; the check
says which one a code has where it reports on it, warns about a code of no known shape, and
refuses only what cannot be a code at all (`impossible`). The README's description of the
`code` field is made from this table (`describe`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..i18n import N_, _
from .vocab import CATEGORIES, TYPE_LETTERS

MAX_CODE_LENGTH = 64
"""Longest code kept: an implementation code (实施编码) of region, organisation and item is 20-50."""


@dataclass(frozen=True)
class CodeShape:
    """One way the lists write a power code."""

    name: str
    """What the shape is called in messages and the docs."""
    term: str
    """Its name in the lists' words, for the docs."""
    pattern: re.Pattern
    """The whole code matches it (re.fullmatch)."""
    example: str
    """A code of this shape."""
    typed_by: str | None = None
    """"digits" when the first two digits are the type (01 许可 ... 10 其他), "letters" when the
    letters are (XK 许可, CF 处罚 ...), None when the shape says nothing of the type."""


CODE_SHAPES: tuple[CodeShape, ...] = (
    CodeShape(N_("basic code"), "基本编码", re.compile(r"(?:0[1-9]|10)[0-9A-Za-z]{8}"), "0247001000", "digits"),
    CodeShape(N_("9-digit local code"), "地方编码", re.compile(r"[0-9]{9}"), "111004001"),
    CodeShape(N_("12-digit local code"), "地方编码", re.compile(r"[0-9]{12}"), "330200001000"),
    CodeShape(N_("lettered code"), "字母编码", re.compile(r"(?:[0-9]{2,12}-)?[A-Za-z]{1,4}-?[0-9]{2,8}(?:-[0-9]{1,12})*"),
              "330200-CF-001", "letters"),
    CodeShape(N_("implementation code"), "实施编码", re.compile(r"[0-9A-Za-z](?:-?[0-9A-Za-z]){19,63}"),
              "11330200002536543F3330212005000"),
)


def shape_of(code: str) -> CodeShape | None:
    """The first shape of `CODE_SHAPES` the code has, or None."""
    return next((shape for shape in CODE_SHAPES if shape.pattern.fullmatch(code)), None)


def impossible(code: str) -> str | None:
    """Why `code` cannot be a code at all (empty, spaces or control characters inside, too long), or None."""
    if not code:
        return _("is empty")
    if any(unicodedata.category(c) == "Cc" for c in code):
        return _("contains a control character")
    if any(c.isspace() for c in code):
        return _("contains spaces")
    if len(code) > MAX_CODE_LENGTH:
        return _("has {n} characters, more than the {limit} a code has").format(n=len(code), limit=MAX_CODE_LENGTH)

    return None


def printed_type(code: str, shape: CodeShape) -> str | None:
    """The type (the category's two-digit code, 01 ... 10) a code of `shape` names, or None."""
    if shape.typed_by == "digits":
        return code[:2] if code[:2] in CATEGORIES.values() else None
    if shape.typed_by == "letters":
        letters = re.search(r"[A-Za-z]+", code)
        named = {letters: CATEGORIES[category] for category, letters in TYPE_LETTERS.items()}
        return named.get(letters.group(0).upper()) if letters else None
    return None


def describe() -> str:
    """The shapes and the rules of the check, in words, for the docs (the `code` field's description)."""
    shapes = "; ".join(f"{shape.name} ({shape.term}), e.g. {shape.example}" for shape in CODE_SHAPES)
    digits = ", ".join(f"{code} {category.removeprefix('行政')}" for category, code in CATEGORIES.items())
    letters = ", ".join(f"{code} {category.removeprefix('行政')}" for category, code in TYPE_LETTERS.items())
    return (f"Power code (职权编码/基本编码/实施编码) exactly as published. `quanze check` knows these shapes: {shapes}. "
            f"The type of a basic code is its first two digits ({digits}), of a lettered code its letters ({letters}): "
            "a type other than the category is a warning. A code of another shape is a warning; one that is empty, "
            f"has spaces or control characters, is longer than {MAX_CODE_LENGTH} characters, or is another power's "
            "of the same list (with the same sub_item) is an error.")
