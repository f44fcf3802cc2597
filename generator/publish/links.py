"""Collect, then resolve: every link a rendered page makes must point at a rendered page (or an
asset of the site) and, with a fragment, at an anchor that page defines.

Anchors and links are collected from the rendered Markdown of every sub-site together, so a
link from one sub-site to another is checked as well as one inside a sub-site (MkDocs sees
only the sub-site it builds). Pages are at their place in the assembled site; a link to
`x.html` is a link to the page `x.md`.
"""

from __future__ import annotations

import posixpath
import re
import sys
from collections.abc import Iterable

from ..errors import QuanzeError
from ..i18n import _
from ..site.paths import text_of

ZIP_PATH = "quanze-site.zip"

#: Markdown links and images `](target)`, and raw HTML `href="target"` (at the start of a word).
_LINKS = (re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"), re.compile(r"href=\"([^\"]+)\""))
#: Explicit anchors: attribute lists `{#id}` / `{: #id .class}` and raw HTML `id="id"` (at the start of a word).
_ANCHORS = (re.compile(r"\{:?[^}\n]*?#([A-Za-z0-9_-]+)[^}\n]*\}"), re.compile(r"id=\"([A-Za-z0-9_-]+)\""))
_WORD = re.compile(r"\w")
_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
#: Anchors every page has: the theme's own (top of the page, the content, search).
THEME_ANCHORS = {"", "__skip", "__drawer", "__search"}


def _scan(text: str, patterns: tuple[re.Pattern, re.Pattern]) -> list[str]:
    """What one pattern `first|\\bsecond` finds, in order, from two patterns that each start
    with a literal (which the regular expression engine finds far quicker than an alternation):
    the leftmost match of either (the first on a tie), then on from its end; a match of the
    second counts at the start of a word only."""
    first, second = patterns

    def next_second(pos: int):
        while (m := second.search(text, pos)) is not None and m.start() and _WORD.match(text, m.start() - 1):
            pos = m.start() + 1
        return m

    kept, pos = [], 0
    a, b = first.search(text, pos), next_second(pos)
    while a is not None or b is not None:
        m = a if b is None or (a is not None and a.start() <= b.start()) else b
        kept.append(m.group(1))
        pos = m.end()
        if a is not None and a.start() < pos:
            a = first.search(text, pos)
        if b is not None and b.start() < pos:
            b = next_second(pos)
    return kept


def anchors_of(text: str) -> set[str]:
    return set(_scan(text, _ANCHORS)) | THEME_ANCHORS


def links_of(text: str) -> Iterable[str]:
    for target in _scan(text, _LINKS):
        if not _EXTERNAL.match(target):
            yield target


def refs_of(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A page's own anchors (the theme's left out) and its links, as a memo keeps them: each
    text once in memory however many pages have it (most links are those of many pages)."""
    return tuple(sorted(set(map(sys.intern, _scan(text, _ANCHORS))))), tuple(map(sys.intern, links_of(text)))


def broken_links(pages, files: Iterable[str] = (), memo: LinkMemo | None = None) -> list[str]:
    """Every link that misses, as `page: link (why)`, in page order (each page's anchors and
    links from `memo` where it has them; with it, a page whose links all held in the last check
    is not checked again while its text and the pages and files they reach are the same). A page
    without its text (one a build of some units does not render) is there, with any anchor; its
    own links are not checked."""
    refs = [((), ()) if page.text is None else memo.refs(page) if memo is not None else refs_of(text_of(page.text))
            for page in pages]
    anchors = {page.path: {*THEME_ANCHORS, *own} if page.text is not None else _ANY
               for page, (own, _) in zip(pages, refs)}
    others = set(files)
    passed = memo.passed(pages, refs, others) if memo is not None else _Passed()
    verdicts: dict[str, dict[str, str | None]] = {}  # folder -> link -> why it misses: a folder's pages link alike
    resolved: dict[tuple[str, str], str] = {}  # (folder, link's path) -> the page it points at
    broken = []
    for page, (_own, found) in zip(pages, refs):
        if not found or passed.holds(page):
            continue
        folder = posixpath.dirname(page.path)
        known = verdicts.get(folder)
        if known is None:
            known = verdicts[folder] = {}
        reached = set()  # (not its own path: its anchors changed, its key did)
        missed = False
        for target in found:
            if target.startswith("#"):  # (an anchor of the page itself: judged for each page)
                why = _miss(page.path, target[1:], anchors, others)
            else:
                path, _, fragment = target.partition("#")
                page_at = resolved.get(place := (folder, path))
                if page_at is None:
                    page_at = resolved[place] = _resolve(folder, path, anchors)
                if page_at:
                    reached.add(page_at)
                if page_at.endswith(".html"):  # (the page it would be, were there one)
                    reached.add(page_at[:-5] + ".md")
                why = known.get(target, _UNSEEN)
                if why is _UNSEEN:
                    why = known[target] = _miss(page_at, fragment, anchors, others)
            if why:
                missed = True
                broken.append(f"{page.path}: {target} ({why})")
        if not missed:
            passed.add(page, reached)
    return broken


class _Passed:
    """The pages whose links all held in a check, each with the pages and files its links reach;
    those of the last check that hold now (`holds`): a page of the same text (key) none of whose
    reached pages and files came, went or changed its anchors since."""

    def __init__(self, before: dict | None = None, changed: set[str] | None = None) -> None:
        self.before, self.changed = before or {}, changed or set()
        self.now: dict[tuple[str, str], frozenset] = {}
        self.reached: dict[frozenset, frozenset] = {}  # (one set for the pages that reach the same)

    def holds(self, page) -> bool:
        reached = self.before.get((page.path, page.key))
        if reached is None or not self.changed.isdisjoint(reached):
            return False
        self.now[(page.path, page.key)] = reached
        return True

    def add(self, page, reached: set[str]) -> None:
        if isinstance(page.key, str):
            found = frozenset(map(sys.intern, reached))
            self.now[(page.path, page.key)] = self.reached.setdefault(found, found)


_UNSEEN = object()


class _Any(frozenset):
    """The anchors of a page whose text is not at hand: every one."""

    def __contains__(self, anchor) -> bool:
        return True


_ANY = _Any()


class LinkMemo:
    """The anchors and links that earlier runs found in their pages, by the page store's key of
    each page's text (`Page.key`: a digest of all the page is made from, quanze's own code
    included, so one key is one text), kept in the user's private cache folder: after one edit
    the check scans the pages the edit changed, not every page again. A page without a key is
    scanned each time. The memo holds the pages of the last check of one site (`name`), in 256
    files by the keys' first two digits, each written again only when its keys changed; a file
    cut short, unreadable or of another shape is ignored (a cache costs time, never correctness)."""

    def __init__(self, name: str) -> None:
        from ..fileio import read_kept, user_store_dir

        self.folder = user_store_dir("links", name)
        self.found: dict[str, tuple] = {}
        self.groups: dict[str, set[str]] = {}  # file name -> the keys it holds
        self.used: dict[str, dict[str, tuple]] = {}  # file name -> the keys of this check, with their refs
        self.partial = False  # (set when the check has some pages only: see save)
        self.checked: _Passed | None = None  # the pages whose links held in this check
        self.reachable: tuple | None = None  # each page's anchors and the other files, this check
        for file in sorted(self.folder.glob("*.pickle")) if self.folder is not None else []:
            kept = read_kept(file)
            if isinstance(kept, dict) and all(_is_refs(refs) for refs in kept.values()):
                self.found.update(kept)
                self.groups[file.name] = set(kept)

    def refs(self, page) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The page's own anchors and its links (`refs_of`), from the memo when it has them."""
        key = page.key
        if not isinstance(key, str):
            return refs_of(text_of(page.text))
        found = self.found.get(key)
        if found is None:
            found = refs_of(text_of(page.text))
        self.used.setdefault(key[:2] + ".pickle", {})[key] = found
        return found

    def passed(self, pages, refs, files: set[str]) -> _Passed:
        """The pages whose links held in the last check (see `_Passed`), and what changed since
        among the pages and files they reach: the pages that came or went, or have other anchors,
        and the other files that came or went."""
        from ..fileio import read_kept

        anchors = {page.path: own for page, (own, _links) in zip(pages, refs)}
        self.reachable = (anchors, frozenset(files))
        self.checked = _Passed()
        kept = read_kept(self.folder / _PASSED) if self.folder is not None and not self.partial else None
        if not (isinstance(kept, tuple) and len(kept) == 3 and isinstance(kept[0], dict)
                and isinstance(kept[1], frozenset) and isinstance(kept[2], dict)):
            return self.checked
        before, before_files, passed = kept
        changed = {path for path in before.keys() | anchors.keys() if before.get(path) != anchors.get(path)}
        changed |= before_files ^ self.reachable[1]
        self.checked = _Passed(passed, changed)
        return self.checked

    def save(self) -> None:
        """Keep the pages of this check for the next: the files whose keys changed are written
        again, those no key of this check falls in removed; and the pages whose links held."""
        from ..cachekey import set_aside
        from ..fileio import keep

        if self.folder is None:
            return
        if self.checked is not None and self.reachable is not None and not self.partial:
            keep(self.folder / _PASSED, (*self.reachable, self.checked.now))
        for name, refs in self.used.items():
            if self.partial:  # (a check of some pages: the others' stay)
                refs = {**{key: self.found[key] for key in self.groups.get(name, ())}, **refs}
            if self.groups.get(name) != refs.keys():
                keep(self.folder / name, refs)
        try:
            for name in set(self.groups) - set(self.used) if not self.partial else ():
                (self.folder / name).unlink(missing_ok=True)
        except OSError as exc:  # a read-only cache folder costs room, not correctness
            set_aside(str(exc))


_PASSED = "passed"
"""The memo's file of the last check's pages and files, and the pages whose links held (not a
`*.pickle` of refs)."""


def _is_refs(value) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and all(
        isinstance(part, tuple) and all(isinstance(item, str) for item in part) for part in value)


def _resolve(folder: str, path: str, anchors: dict[str, set[str]]) -> str:
    """The page (or file) a link of a page in `folder` points at; "" for the page itself."""
    if not path:
        return ""
    resolved = posixpath.normpath(posixpath.join(folder, path))
    if resolved.endswith(".html") and resolved[:-5] + ".md" in anchors:
        resolved = resolved[:-5] + ".md"
    if resolved.endswith("/") or resolved == ".":
        resolved = posixpath.join(resolved, "index.md").lstrip("./") or "index.md"
    return resolved


def _miss(resolved: str, fragment: str, anchors: dict[str, set[str]], files: set[str]) -> str | None:
    if resolved not in anchors:
        return None if resolved in files else _("no such page")
    if fragment and fragment not in anchors[resolved]:
        return _("no anchor #{anchor} on {page}").format(anchor=fragment, page=resolved)
    return None


def check_links(pages, assets: Iterable[str] = (), extra: Iterable[str] = (), strict: bool = True,
                memo: LinkMemo | None = None) -> list[str]:
    """Refuse (strict) to build a site with a broken link, a fault of the templates or the
    renderer; else return the broken links as warnings. With a `memo`, the pages' links found
    are kept for the next check."""
    if memo is not None:
        memo.partial = any(page.text is None for page in pages)
    broken = broken_links(pages, [*assets, *extra], memo)
    if memo is not None:
        memo.save()
    if broken and strict:
        shown = "\n".join(broken[:20]) + ("\n" + _("… and {n} more").format(n=len(broken) - 20)
                                          if len(broken) > 20 else "")
        raise QuanzeError(_("{n} broken link(s) in the rendered pages:\n{shown}").format(n=len(broken), shown=shown))
    return ["warning: " + _("broken link: {link}").format(link=line) for line in broken]
