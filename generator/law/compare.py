"""A quote against the official wording: the same text, or a short diff.

Differences that do not change the wording are ignored: the width of punctuation and digits
(，and ,), spaces, line breaks, final punctuation, and a leading 第X条 label. A quote of part of
the text (one sentence of an article) is the same text, and so is a quote that leaves out
stretches marked …… or ...; the items' （一） markers are ignored too (lists often drop them). Otherwise `short_diff` gives each
differing stretch with two characters of context: `个人[账户]→[权益]记录` (quote, then law).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

_TRAILING = "。；;，,：:、.！!？? ”’\"'"
_LEADING = "“‘\"' "
_ITEM_MARKER = re.compile(r"[（(][一二三四五六七八九十]+[）)]")
_ELLIPSIS = re.compile(r"\.{3,}|…+|⋯+|。{3,}")
#: Longest stretch a message shows of each side.
CLIP = 16
_LABEL = re.compile(r"^第[零〇一二两三四五六七八九十百千0-9]+条(?:第[零〇一二两三四五六七八九十0-9]+款)?")
#: How many differing stretches a message shows before it says "…".
MAX_STRETCHES = 3
CONTEXT = 2


_FULL_WIDTH = str.maketrans(",;:()!?", "，；：（）！？")


def normalise(text: str) -> str:
    """The wording with width (punctuation full-width, digits half-width), spaces, line breaks and
    final punctuation removed."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    text = _ITEM_MARKER.sub("", text).translate(_FULL_WIDTH)
    return _LABEL.sub("", text.lstrip(_LEADING)).rstrip(_TRAILING)


@dataclass(frozen=True)
class Difference:
    """How a quote differs from the law: the stretches, and how much of the quote matches at all."""

    stretches: tuple[tuple[str, str, str, str], ...]  # (before, quote, law, after)
    ratio: float

    def short(self) -> str:
        shown = [f"{before}[{_clip(quote)}]→[{_clip(law)}]{after}" for before, quote, law, after in self.stretches[:MAX_STRETCHES]]
        more = len(self.stretches) - MAX_STRETCHES
        return "；".join(shown) + (f"；… ({more} more)" if more > 0 else "")


@functools.lru_cache(maxsize=65536)  # the same quotes recur in many lists, and check and render both ask
def compare(quote: str, official: str, excerpt: bool = True) -> Difference | None:
    """None when the quote is the official wording (or, if `excerpt`, part of it); else the difference."""
    ours, law = normalise(quote), normalise(official)
    if ours == law or (excerpt and (not ours or ours in law or _in_order(_ELLIPSIS.split(ours), law))):
        return None
    ours = _ELLIPSIS.sub("", ours)
    window = law
    if excerpt:
        start, end = _window(difflib.SequenceMatcher(None, law, ours, autojunk=False), len(law), len(ours))
        window = law[start:end]
    matcher = difflib.SequenceMatcher(None, window, ours, autojunk=False)
    stretches = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            stretches.append((ours[max(0, j1 - CONTEXT):j1], ours[j1:j2], window[i1:i2], ours[j2:j2 + CONTEXT]))
    return Difference(tuple(stretches), matcher.ratio())


def _clip(text: str) -> str:
    return text if len(text) <= CLIP else text[:CLIP] + "…"


def _in_order(fragments: list[str], law: str) -> bool:
    """True when every fragment of a quote with omissions is in the law, in order."""
    if len(fragments) < 2:
        return False
    position = 0
    for fragment in fragments:
        found = law.find(fragment.strip(_TRAILING), position)
        if found < 0:
            return False
        position = found + len(fragment.strip(_TRAILING))
    return True


def _window(matcher: difflib.SequenceMatcher, law_length: int, quote_length: int) -> tuple[int, int]:
    """The stretch of the law the quote corresponds to (a quote is often one sentence of an article)."""
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return 0, law_length
    first, last = blocks[0], blocks[-1]
    start = max(0, first.a - first.b)
    end = min(law_length, last.a + last.size + (quote_length - last.b - last.size))
    return start, max(end, start)
