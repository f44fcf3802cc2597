"""Stable ASCII ids for powers (and agencies), safe to use as file names."""

from __future__ import annotations

import re
import unicodedata

from .registry import slug

_NOT_ID = re.compile(r"[^a-z0-9-]")
_CODE_ID_MAX = 56
"""Longest id made from a code, leaving room for a suffix (-2 ... -9999) within the 63 of an id."""


def normalise_code(code: str | None) -> str | None:
    """A power code as published, with the stray spaces of PDF text removed."""
    if code is None:
        return None
    code = re.sub(r"\s+", "", code)
    return code or None


def _code_id(code: str | None) -> str:
    """The id a code gives (330200-CF-001 -> 330200-cf-001, full-width digits as half-width), or "" when it gives none that fits
    (nothing left of it, or too long to take a suffix: an id has at most 63 characters)."""
    base = _NOT_ID.sub("", unicodedata.normalize("NFKC", normalise_code(code) or "").lower()).strip("-")
    return base if len(base) <= _CODE_ID_MAX else ""


def power_id(name: str, code: str | None, taken: set[str]) -> str:
    """Id of a new power: its code when it has a unique one, else a pinyin slug of its name.

    `taken` holds the ids already given in the agency; a numeric suffix keeps ids unique.
    """
    base = _code_id(code) or slug(name, max_length=40)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate
