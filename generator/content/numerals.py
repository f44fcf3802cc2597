"""Chinese numerals as used in article references (第八十七条, 第一百零四条, 第 3 号).

A thin wrapper over cn2an: it accepts Chinese numerals (一, 十二, 一百零四, 两),
Arabic and full-width digits, and turns cn2an's messages into one clear ValueError.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_CHINESE = re.compile(r"^[零〇一二两三四五六七八九十百千万]+$")
_DIGITS = re.compile(r"^[0-9]+$")


def cn_to_int(text: str) -> int:
    """The whole number a numeral means: 八十七 -> 87, 一百零四 -> 104, ８７ -> 87.

    Raises ValueError when the text is not a whole, positive-or-zero numeral.
    """
    if not isinstance(text, str):
        # ValueError, like every other unusable input, so callers handle one exception
        raise ValueError(f"not a numeral: {text!r} (expected a string such as 八十七 or 87)")  # noqa: TRY004
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if _DIGITS.match(cleaned):
        return int(cleaned)
    if not _CHINESE.match(cleaned):
        raise ValueError(f"not a numeral: {text!r} (expected Chinese numerals such as 八十七 or digits such as 87)")
    try:
        value = _cn2an().cn2an(cleaned.replace("〇", "零"), "smart")
    except (ValueError, KeyError, IndexError) as exc:  # cn2an raises all three on malformed numerals
        raise ValueError(f"not a well-formed numeral: {text!r} ({exc})") from None
    return int(value)


def int_to_cn(number: int) -> str:
    """The Chinese numeral of a whole number as written in article numbers: 87 -> 八十七, 10 -> 十."""
    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        raise ValueError(f"not a whole number: {number!r}")
    return _cn2an().an2cn(number)


@functools.cache
def _cn2an():
    """cn2an, imported when a numeral is first converted (a tenth of a second: a build whose
    content comes from the cache converts none)."""
    import cn2an

    return cn2an
