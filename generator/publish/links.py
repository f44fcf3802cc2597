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
from collections.abc import Iterable

from ..errors import QuanzeError
from ..i18n import _

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


def broken_links(pages, files: Iterable[str] = ()) -> list[str]:
    """Every link that misses, as `page: link (why)`, in page order."""
    anchors = {page.path: anchors_of(page.text) for page in pages}
    others = set(files)
    resolved: dict[tuple[str, str], str] = {}  # (folder, link) -> page: the pages of a folder link alike
    broken = []
    for page in pages:
        folder = posixpath.dirname(page.path)
        for target in links_of(page.text):
            path, _, fragment = target.partition("#")
            where = (folder, path)
            if where not in resolved:
                resolved[where] = _resolve(folder, path, anchors)
            why = _miss(resolved[where] or page.path, fragment, anchors, others)
            if why:
                broken.append(f"{page.path}: {target} ({why})")
    return broken


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


def check_links(pages, assets: Iterable[str] = (), extra: Iterable[str] = (), strict: bool = True) -> list[str]:
    """Refuse (strict) to build a site with a broken link, a fault of the templates or the
    renderer; else return the broken links as warnings."""
    broken = broken_links(pages, [*assets, *extra])
    if broken and strict:
        shown = "\n".join(broken[:20]) + ("\n" + _("… and {n} more").format(n=len(broken) - 20)
                                          if len(broken) > 20 else "")
        raise QuanzeError(_("{n} broken link(s) in the rendered pages:\n{shown}").format(n=len(broken), shown=shown))
    return ["warning: " + _("broken link: {link}").format(link=line) for line in broken]
