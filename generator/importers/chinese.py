"""Traditional -> Simplified characters for matching (OpenCC), with positions kept where possible."""

from __future__ import annotations

from ..content.traditional import to_simplified  # noqa: F401  (the importers' name for it)


def is_traditional(text: str) -> bool:
    """Whether a text is written in Traditional characters: at least 2 characters, and 1 in 100, change."""
    if not text:
        return False
    simple = to_simplified(text)
    if len(simple) != len(text):
        return simple != text
    changed = sum(1 for a, b in zip(text, simple) if a != b)
    return changed >= 2 and changed * 100 >= len(text)
