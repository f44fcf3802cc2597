"""A sub-site built again keeps the pages of its previous build that nothing changed.

A sub-site is built again when one of its pages or files changed; most of its pages did not. A
page MkDocs writes is made of its docs text, its address and the sub-site's frame (the theme and
its templates, the configuration and the sub-site's settings, the project's assets: `Reuse.frame`),
and of the pages before it through one thing only: the chrome they share (mkdocs_chrome), whose
choices depend on the parts of the pages before. The titles, front matter and anchors of the
other pages reach a page through the navigation.

A build records, for each page of a sub-site in order, the digest of its text, what the chrome
was given and made of it, where the chrome script's name is written in it, its title, front
matter and anchors, its search entries and facts (one file a sub-site in the user's private
cache; `Reuse` says where, and where the previous site is). The next build of the sub-site, when
the record is the previous build's (its fingerprint of the sub-site) and the frame is the same,
leaves out of MkDocs' work the pages of the same text (MkDocs' dirty build), gives each its title,
front matter and anchors, takes the chrome through its record in its place among the pages made
(`Chrome.replay`) and copies its file from the previous site, whose script name the chrome
writes anew. A page the replay makes anything else of (a page before it now has a part first,
a renamed page moved among the others) is made again once the others are, with what the replay
made of it. Only the pages quanze renders as HTML (mkdocs_html) are kept: MkDocs' conversion of
another page reads the other files (its links).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

from ...cachekey import digest
from . import Reuse

RECORD = 1
"""The shape of a record (a record of another shape is not read)."""


class Made(NamedTuple):
    """What a build made of one page."""

    text: str
    """The digest of its docs text."""
    dest: str
    url: str
    title: str | None
    meta: dict
    anchors: frozenset
    chrome: tuple | None
    """What the chrome was given and made of it (`Chrome.last`)."""
    offset: int | None
    """Where the chrome script's name is written in its file (bytes)."""
    entries: list
    facts: tuple | None


def frame_of(reuse: Reuse, chrome: bool) -> str:
    """The frame of a record: the pipeline's, and whether the pages share their chrome."""
    return f"{reuse.frame}:{int(chrome)}"


def kept_pages(reuse: Reuse | None, files: dict | None, chrome: bool) -> dict[str, Made]:
    """The pages of `files` (the docs) to keep from the previous build: src_uri -> what it made of
    the page, for each page of the same text whose file is there; none when the record is not
    the previous build's, or the frame changed."""
    from ...fileio import read_kept

    if reuse is None or reuse.previous is None or files is None:
        return {}
    found = read_kept(reuse.record)
    if not (isinstance(found, tuple) and len(found) == 4 and found[:3] == (RECORD, reuse.previous_build,
                                                                           frame_of(reuse, chrome))
            and isinstance(found[3], dict)):
        return {}
    kept = {}
    for src_uri, made in found[3].items():
        text = files.get(src_uri)
        if isinstance(made, Made) and text is not None and made.text == digest(text) \
                and (reuse.previous / made.dest).is_file():
            kept[src_uri] = made
    return kept


def record(reuse: Reuse, chrome: bool, made: dict[str, Made]) -> None:
    """Keep what this build made of the sub-site's pages for the next build."""
    from ...fileio import keep

    keep(reuse.record, (RECORD, reuse.build, frame_of(reuse, chrome), made))


class KeptPages:
    """The MkDocs plugin that leaves the `kept` pages out of the build and puts what it made of
    them in their places, and that gathers what the build makes of every page (`made`). It
    comes before the shared chrome among the plugins: the chrome takes each kept page just before
    the first page made after it. A kept page the chrome makes another page of now is made
    again after the others (`again`), with what the chrome made of it in its place."""

    def __init__(self, kept: dict[str, Made], previous: Path | None, texts: dict | None, store) -> None:
        self.kept, self.previous, self.texts, self.store = kept, previous, texts or {}, store
        self.order: list = []  # the documentation pages, in the order MkDocs builds them
        self.index: dict[str, int] = {}  # src_uri -> its place in the order
        self.done = 0  # the pages before this place are taken
        self.again: dict[str, object] = {}  # src_uri -> what the chrome made of a kept page now, to make it so
        self.nav = self.files = self.env = None

    def on_nav(self, nav, config, files):
        self.nav, self.files = nav, files
        for file in files.documentation_pages():
            if file.src_uri in self.kept:
                file.is_modified = _unmodified  # (MkDocs' dirty build neither reads nor builds it)
        return nav

    def on_env(self, env, config, files):
        from . import privates

        self.env = env
        self.order = list(files.documentation_pages())
        self.index = {file.src_uri: number for number, file in enumerate(self.order)}
        for file in self.order:
            made = self.kept.get(file.src_uri)
            if made is not None and file.page is not None:
                privates.set_title_from_render(file.page, made.title)
                file.page.meta = dict(made.meta)
                file.page.present_anchor_ids = set(made.anchors)
                self.store.pages[file.url] = made.entries
        return env

    def on_post_page(self, output, page, config):
        self._take(config, self.index.get(page.file.src_uri, 0))
        self.done = max(self.done, self.index.get(page.file.src_uri, -1) + 1)
        return output

    def on_post_build(self, config):
        from . import privates

        self._take(config, len(self.order))
        chrome = config.plugins.get("quanze/shared-chrome")
        for file in self.order:
            if file.src_uri in self.again:
                chrome.replayed[file.url] = self.again[file.src_uri]
                privates.build_page(file.page, config, self.files, self.nav, self.env)

    def _take(self, config, until: int) -> None:
        """Put the kept pages before place `until` in their places: the chrome's choices, their
        files, their facts."""
        chrome = config.plugins.get("quanze/shared-chrome")
        facts = config.plugins.get("quanze/page-facts")
        for file in self.order[self.done:until]:
            made = self.kept.get(file.src_uri)
            if made is None:
                continue
            if chrome is not None and chrome.chrome is not None and made.chrome is not None:
                now = chrome.chrome.replay(made.chrome[0])
                if now != made.chrome[1]:
                    self.again[file.src_uri] = now
                    continue
                chrome.made[file.url] = (made.chrome, made.offset)
                if made.offset is not None:
                    chrome.pending.append((file.abs_dest_path, made.offset))
            target = Path(file.abs_dest_path)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.previous / made.dest, target)
            if facts is not None and made.facts is not None:
                facts.facts[file.url] = made.facts
        self.done = max(self.done, until)

    def made(self, config) -> dict[str, Made]:
        """What this build made of each page quanze rendered as HTML (after the build)."""
        chrome = config.plugins.get("quanze/shared-chrome")
        facts = config.plugins.get("quanze/page-facts")
        out = {}
        for file in self.order:
            if file.src_uri in self.kept and file.src_uri not in self.again:
                out[file.src_uri] = self.kept[file.src_uri]
                continue
            page = file.page
            text = self.texts.get(file.src_uri)
            if page is None or text is None or not getattr(page, "quanze_as_html", False):
                continue
            shared = chrome.made.get(file.url, (None, None)) if chrome is not None and chrome.chrome is not None \
                else (None, None)
            out[file.src_uri] = Made(digest(text), file.dest_uri, file.url, getattr(page, "_title_from_render", None),
                                     dict(page.meta), frozenset(page.present_anchor_ids or ()), shared[0], shared[1],
                                     self.store.pages.get(file.url, []),
                                     facts.facts.get(file.url) if facts is not None else None)
        return out


def _unmodified() -> bool:
    return False
