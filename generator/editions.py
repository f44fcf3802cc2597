"""Editions and adjustments of an agency's list: what changed between two editions, and the
history of each power, computed from the content."""

from __future__ import annotations

from .corpus import Corpus
from .site.paths import Layout


def change_entries(corpus: Corpus, layout: Layout, from_path: str) -> list[dict]:
    """Feed entries (id, title, updated date, link relative to `from_path`, summary) of every
    edition and adjustment record."""
    return []
