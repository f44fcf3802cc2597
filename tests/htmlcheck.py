"""Reading a built site in tests: every element, link and script of its HTML files."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class Parsed:
    elements: list[Element] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    article: list[Element] = field(default_factory=list)


class _Parser(HTMLParser):
    """Collects elements with their attributes; elements inside <article> separately; script text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = Parsed()
        self.stack: list[Element] = []
        self.article_depth = 0
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.result.elements.append(element)
        if "id" in element.attrs:
            self.result.ids.add(element.attrs["id"])
        if tag == "article":
            self.article_depth += 1
        elif self.article_depth:
            self.result.article.append(element)
        if tag in ("script", "title", "h1", "style"):
            self.stack.append(element)

    def handle_endtag(self, tag):
        if tag == "article":
            self.article_depth -= 1
        if self.stack and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack:
            self.stack[-1].text += data


def parse(path: Path) -> Parsed:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.result


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "srcset")


def links(parsed: Parsed) -> list[tuple[str, str]]:
    return [(e.tag, e.attrs[a]) for e in parsed.elements for a in URL_ATTRIBUTES if a in e.attrs]


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme) or url.startswith("//")


def broken_links(site: Path) -> list[str]:
    """Every internal href/src that does not resolve to a file (and an id on it)."""
    cache: dict[Path, Parsed] = {}

    def parsed(path: Path) -> Parsed:
        if path not in cache:
            cache[path] = parse(path)
        return cache[path]

    broken = []
    for page in html_files(site):
        for tag, url in links(parsed(page)):
            if is_external(url) or not url or url.startswith("#") and url == "#":
                continue
            parts = urlsplit(url)
            base = site if parts.path.startswith("/") else page.parent  # 404.html: absolute from the root
            target = page if not parts.path else (base / unquote(parts.path).lstrip("/")).resolve()
            where = f"{page.relative_to(site)}: <{tag}> {url}"
            if not target.is_file():
                broken.append(f"{where}: no such file")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parsed(target).ids:
                broken.append(f"{where}: no anchor #{parts.fragment}")
            elif not str(target).startswith(str(site.resolve())):
                broken.append(f"{where}: outside the site")
    return broken


def relative_page(site: Path, page: Path, url: str) -> str:
    """The site-relative path a link on `page` points to (without the anchor)."""
    path = urlsplit(url).path
    return posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), path))
