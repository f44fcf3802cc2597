"""The one date the data files carry: the build date (content.dates.build_date: SOURCE_DATE_EPOCH
if set, else today, UTC)."""

from __future__ import annotations

from ..content.dates import build_date  # noqa: F401  (the data files' callers ask it here)
