"""The link check's scanner finds what one alternation of its patterns finds, in order."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.publish.links import _EXTERNAL, THEME_ANCHORS, anchors_of, broken_links, links_of
from generator.site.paths import Page

#: The patterns as one alternation each (the way they read, and slower to run).
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|\bhref=\"([^\"]+)\"")
ANCHOR = re.compile(r"\{:?[^}\n]*?#([A-Za-z0-9_-]+)[^}\n]*\}|\bid=\"([A-Za-z0-9_-]+)\"")

PIECES = ["](", ")", "href=\"", "id=\"", "\"", "{:", "{", "}", "#", " ", "\n", "a", "x-", "数", "_", "<", ">",
          "../b.md", "#art-1", "https://e.org"]


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_same_matches_as_one_alternation(text):
    assert list(links_of(text)) == [t for m, h in LINK.findall(text) if not _EXTERNAL.match(t := m or h)]
    assert anchors_of(text) == {a or b for a, b in ANCHOR.findall(text)} | THEME_ANCHORS


def test_word_start_and_nested_matches():
    text = 'x](a) href="b" data-href="c" xhref="d" [y](e "t") href="f](g)" {: #h } xid="i" {: data-id="j" #k}'
    assert list(links_of(text)) == ["a", "b", "c", "e", "f](g)"]
    assert anchors_of(text) == {"h", "k"} | THEME_ANCHORS


def test_a_link_to_a_missing_anchor_is_reported_once_per_link():
    pages = [Page("a/x.md", "[1](y.md#top) [2](y.md#none) [3](../b.md)"), Page("a/y.md", "# Y {#top}")]
    assert broken_links(pages) == ["a/x.md: y.md#none (no anchor #none on a/y.md)", "a/x.md: ../b.md (no such page)"]
