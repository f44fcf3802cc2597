"""Stable ASCII ids for powers (and agencies), safe to use as file names."""

from __future__ import annotations

import re

from .registry import slug

_NOT_ID = re.compile(r"[^a-z0-9-]")


def normalise_code(code: str | None) -> str | None:
    """A power code as published, with the stray spaces of PDF text removed."""
    if code is None:
        return None
    code = re.sub(r"\s+", "", code)
    return code or None


def power_id(name: str, code: str | None, taken: set[str]) -> str:
    """Id of a new power: its code when it has a unique one, else a pinyin slug of its name.

    `taken` holds the ids already given in the agency; a numeric suffix keeps ids unique.
    """
    base = _NOT_ID.sub("", (normalise_code(code) or "").lower()) or slug(name, max_length=40)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate
