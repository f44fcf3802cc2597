"""The link check's scanner finds what one alternation of its patterns finds, in order."""

from __future__ import annotations

import pickle
import re

from hypothesis import given
from hypothesis import strategies as st

from generator.publish.links import _EXTERNAL, THEME_ANCHORS, LinkMemo, anchors_of, broken_links, check_links, links_of
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


def test_a_page_of_another_unit_is_there_with_any_anchor_and_its_links_unchecked(tmp_path, monkeypatch):
    """A build of some units lists the other units' pages without their text: a link to one of
    them holds (whatever its anchor), a link to no page still misses, and theirs are not read."""
    pages = [Page("u/x.md", "[1](../v/y.md#art-87) [2](../v/z.md) [3](../w.md#a)", key="k1"),
             Page("v/y.md", None), Page("w.md", '<h2 id="a">A</h2>', key="k2"), Page("v/q.md", None)]
    assert broken_links(pages) == ["u/x.md: ../v/z.md (no such page)"]
    check_links([Page("v/y.md", '<h2 id="art-87">87</h2>', key="k0")], memo=_memo(tmp_path, monkeypatch))
    check_links(pages, strict=False, memo=_memo(tmp_path, monkeypatch))
    assert set(_memo(tmp_path, monkeypatch).found) == {"k0", "k1", "k2"}  # (what it holds of the others kept)


def _memo(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return LinkMemo("site")


def test_the_memo_scans_only_pages_it_has_not_seen_and_still_checks_every_link(tmp_path, monkeypatch):
    from generator.publish import links

    scanned = []
    real = links.refs_of
    monkeypatch.setattr(links, "refs_of", lambda text: scanned.append(text) or real(text))
    a = Page("a/x.md", "[1](y.md#top) [2](../b.md#s)", key="k1")
    b = Page("a/y.md", "# Y {#top}", key="k2")
    c = Page("b.md", '<h2 id="s">S</h2>', key="k3")
    memo = _memo(tmp_path, monkeypatch)
    assert check_links([a, b, c], memo=memo) == []
    assert len(scanned) == 3
    scanned.clear()
    # the anchor gone from y (a new text, so a new key): x, taken from the memo, is checked against it
    y_changed = Page("a/y.md", "# Y {#other}", key="k4")
    memo = _memo(tmp_path, monkeypatch)
    assert broken_links([a, y_changed, c], memo=memo) == ["a/x.md: y.md#top (no anchor #top on a/y.md)"]
    assert scanned == ["# Y {#other}"]
    memo.save()
    # a page without a key is scanned every time; the memo keeps only the keys of its last check
    scanned.clear()
    memo = _memo(tmp_path, monkeypatch)
    assert set(memo.found) == {"k1", "k3", "k4"}
    assert broken_links([a, Page("a/y.md", "# Y {#top}"), c], memo=memo) == []
    assert scanned == ["# Y {#top}"]


def test_the_memo_resolves_again_only_the_links_of_changed_pages_and_of_pages_reaching_a_change(tmp_path, monkeypatch):
    from generator.publish import links

    resolved = []
    real = links._resolve
    monkeypatch.setattr(links, "_resolve", lambda folder, path, anchors: resolved.append(folder) or
                        real(folder, path, anchors))
    a = Page("a/x.md", "[1](y.md#top) [2](../b.md#s)", key="k1")
    b = Page("a/y.md", "# Y {#top}", key="k2")
    c = Page("b.md", '<h2 id="s">S</h2> [3](a/y.md)', key="k3")
    check_links([a, b, c], memo=_memo(tmp_path, monkeypatch))
    assert sorted(resolved) == ["", "a", "a"]
    resolved.clear()
    check_links([a, b, c], memo=_memo(tmp_path, monkeypatch))
    assert resolved == []
    # c's text changed, its anchors did not: only its links are resolved again
    c2 = Page("b.md", '<h2 id="s">S</h2> [3](a/y.md#top) [4](a/z.md)', key="k4")
    assert broken_links([a, b, c2], memo=_memo(tmp_path, monkeypatch)) == ["b.md: a/z.md (no such page)"]
    assert resolved == ["", ""]
    # an anchor gone from y: the pages whose links reach y are checked again (x's now miss)
    resolved.clear()
    check_links([a, b, c], memo=_memo(tmp_path, monkeypatch))
    y_changed = Page("a/y.md", "# Y {#other}", key="k5")
    assert broken_links([a, y_changed, c], memo=_memo(tmp_path, monkeypatch)) == [
        "a/x.md: y.md#top (no anchor #top on a/y.md)"]
    # a page that comes or goes, a file that comes or goes: the pages that reach it are checked again
    d = Page("d/z.md", "[5](../data.csv) [6](../a/w.md)", key="k6")
    check_links([a, b, c, d], ["data.csv"], strict=False, memo=_memo(tmp_path, monkeypatch))
    resolved.clear()
    assert broken_links([a, b, c, d], ["data.csv"], memo=_memo(tmp_path, monkeypatch)) == [
        "d/z.md: ../a/w.md (no such page)"]  # (a page whose link missed is checked every time)
    w = Page("a/w.md", "W", key="k7")
    check_links([a, b, c, d, w], ["data.csv"], memo=_memo(tmp_path, monkeypatch))
    resolved.clear()
    assert broken_links([a, b, c, d], ["data.csv"], memo=_memo(tmp_path, monkeypatch)) == [
        "d/z.md: ../a/w.md (no such page)"]
    assert resolved == ["d", "d"]  # (w went: d alone is checked again)
    resolved.clear()
    assert broken_links([a, b, c, d, w], [], memo=_memo(tmp_path, monkeypatch)) == [
        "d/z.md: ../data.csv (no such page)"]
    assert resolved == ["d", "d"]
    resolved.clear()
    assert broken_links([a, b, c, d, w], ["data.csv", "other.csv"], memo=_memo(tmp_path, monkeypatch)) == []
    assert resolved == []  # (a file no page links)


def test_a_memo_file_cut_short_or_of_another_shape_is_ignored(tmp_path, monkeypatch):
    a = Page("a/x.md", "[1](y.md#top)", key="aa1")
    b = Page("a/y.md", "# Y {#top}", key="bb1")
    memo = _memo(tmp_path, monkeypatch)
    broken_links([a, b], memo=memo)
    memo.save()
    files = sorted(memo.folder.glob("*.pickle"))
    assert [f.name for f in files] == ["aa.pickle", "bb.pickle"]
    files[0].write_bytes(files[0].read_bytes()[:10])
    files[1].write_bytes(pickle.dumps({"bb1": ((), ("y.md#gone", 3))}))
    memo = _memo(tmp_path, monkeypatch)
    assert memo.found == {}
    assert broken_links([a, b], memo=memo) == []


def test_the_memo_and_a_fresh_scan_agree_on_the_default_site(tmp_path, monkeypatch):
    from conftest import CONTENT

    from generator.content.reader import load_corpus
    from generator.site.render import render_site

    pages = render_site(load_corpus(CONTENT, fast=True), offer_zip=False)
    memo = _memo(tmp_path, monkeypatch)
    keyed = [Page(p.path, p.text, key=f"{i:04x}") for i, p in enumerate(pages)]
    fresh = broken_links(pages)
    assert fresh  # (the data files are not given: their links miss, alike both ways)
    assert broken_links(keyed, memo=memo) == fresh
    memo.save()
    again = _memo(tmp_path, monkeypatch)
    assert len(again.found) == len(keyed)
    assert broken_links(keyed, memo=again) == fresh
