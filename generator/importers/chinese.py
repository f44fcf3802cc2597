"""Traditional -> Simplified characters for matching (OpenCC), with positions kept where possible."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():
    try:
        import opencc
    except ImportError:  # without OpenCC fall back to the small table of the checks
        return None
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """`text` in Simplified characters (a copy for matching; fields keep the published text)."""
    if not text:
        return text
    converter = _converter()
    if converter is None:
        from ..content.traditional import simplified

        return simplified(text)
    return converter.convert(text)


def is_traditional(text: str) -> bool:
    """Whether a text is written in Traditional characters: at least 2 characters, and 1 in 100, change."""
    if not text:
        return False
    simple = to_simplified(text)
    if len(simple) != len(text):
        return simple != text
    changed = sum(1 for a, b in zip(text, simple) if a != b)
    return changed >= 2 and changed * 100 >= len(text)
