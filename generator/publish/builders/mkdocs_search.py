"""Material's search index, made with less work per page: the same entries, faster.

Material's search plugin cuts each page's HTML into sections with Python's `html.parser` and
a handler that compares elements by tag in sets and lists; then it segments each section's
Chinese text with jieba, compiling its pattern again for every text. On a corpus of many
lists that is a fifth of the build. Here:

- `Sections` reads the HTML Python-Markdown writes (start tags with quoted or bare
  attributes, end tags, text) with one regular expression and keeps Material's rules for
  sections, kept tags, skipped elements and whitespace, with tag names where Material
  compares elements by tag. Any other HTML (comments, declarations, script or style content,
  a `<` that starts no tag, unquoted values) is handed to Material's own parser, whole: the
  result is the same for every input (tests/test_search_sections.py holds the two parsers
  against each other, on every page of a site and on generated HTML).
- `segment` cuts each distinct text once per process, with Material's own function.

`install(plugin)` gives a configured search plugin this index; nothing else of Material
changes. What this relies on of Material's search plugin, none of it public, is in `privates`.
"""

from __future__ import annotations

import re
from html import escape, unescape

from . import privates

#: A start tag, end tag or text run, as Python-Markdown serialises them. Attribute values are
#: quoted or absent; names as HTML writes them.
_ATTR = r"""[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'))?"""
_TOKEN = re.compile(
    rf"""<(?P<start>[a-zA-Z][a-zA-Z0-9]*)(?P<attrs>(?:\s+{_ATTR})*)\s*(?P<close>/?)>"""
    r"""|</(?P<end>[a-zA-Z][a-zA-Z0-9]*)\s*>"""
    r"""|(?P<text>[^<]+)""")
_ATTRS = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*(=)\s*(?:"([^"]*)"|'([^']*)'))?""")
#: Elements whose content html.parser reads as raw text (in some Python versions): their pages
#: go to Material's parser. Their names in any case of ASCII letters, as html.parser lowers them
#: (written out: an expression ignoring case scans a page at a third of the speed).
_RAW_TEXT = re.compile(r"<\s*/?\s*(?:%s)\b" % "|".join(
    "".join(f"[{c}{c.upper()}]" for c in name)
    for name in ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext")))

_HEADINGS = frozenset(f"h{x}" for x in range(1, 7))
_KEEP = frozenset(["p", "code", "pre", "li", "ol", "ul", "sub", "sup"])
_ALWAYS_SKIPPED = frozenset(["object", "script", "style"])
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"])


class _Section:
    """Material's section: a heading element (`tag`, or "hx" for the text before the first), its
    depth, title and text pieces, and its anchor."""

    __slots__ = ("tag", "attrs", "depth", "text", "title", "id")

    def __init__(self, tag: str, attrs: dict, depth: float = 0) -> None:
        self.tag, self.attrs, self.depth = tag, attrs, depth
        self.text: list[str] = []
        self.title: list[str] = []
        self.id = None

    def is_excluded(self) -> bool:
        return "data-search-exclude" in self.attrs


def tokens(page_html: str) -> list[tuple] | None:
    """The start tags, end tags and texts of `page_html` as html.parser reports them to its
    handler (("start", tag, attrs, self_closing, hides), ("end", tag), ("data", text)), or None
    when the HTML has anything else. A start tag's `attrs` are its attributes as written, which
    `attributes` makes the dict Material's handler makes of them, and `hides` whether they hide
    the element's content from the search (`data-search-exclude`, Material's `linenodiv`).

    The page is read in pieces cut before each `<` that starts a line, each piece read once a
    process (the pages of a site repeat their headings, table rows and quoted articles): a tag
    or text ends at such a cut, and a tag the cut falls inside (a quoted value holding a line
    break and `<`) leaves its piece unreadable, so the page goes to Material's parser whole."""
    if _RAW_TEXT.search(page_html):
        return None
    found = []
    pieces = page_html.split("\n<")
    last = len(pieces) - 1
    for number, piece in enumerate(pieces):
        piece = ("<" if number else "") + piece + ("\n" if number < last else "")
        read = _PIECES.get(piece)
        if read is None:
            read = _tokens_of(piece)
            if read is None:
                return None
            _remember(piece, read)
        found += read
    return found


_PIECES: dict[str, tuple[tuple, ...]] = {}
"""The tokens of each piece of a page read in this process, up to `_PIECES_HELD` characters of
pieces (then forgotten and read again: memory stays flat whatever the pages). Kept as tuples of
tuples of texts, which the garbage collector stops following once it has seen them (a list it
follows at every collection: a builder's worker collects after each sub-site, and went over more
of these each time, 0.01 -> 0.08 s a collection in 16 sub-sites)."""
_PIECES_HELD = 8_000_000
_held = 0


def _remember(piece: str, read: list[tuple]) -> None:
    global _held
    if _held + len(piece) > _PIECES_HELD:
        _PIECES.clear()
        _held = 0
    if len(piece) <= _PIECES_HELD // 1000:  # (a piece that long is not worth holding)
        _PIECES[piece] = tuple(read)
        _held += len(piece)


def _tokens_of(page_html: str) -> list[tuple] | None:
    """`tokens` of a piece of a page, read whole."""
    found, at = [], 0
    for match in _TOKEN.finditer(page_html):
        if match.start() != at:
            return None  # a `<` that starts none of these
        at = match.end()
        text, end = match.group("text"), match.group("end")
        if text is not None:
            found.append(("data", unescape(text) if "&" in text else text))
        elif end is not None:
            found.append(("end", end.lower()))
        else:
            written = match.group("attrs")
            hides = _read_attributes(written)[1]
            found.append(("start", match.group("start").lower(), written, match.group("close") == "/", hides))
    return found if at == len(page_html) else None


def attributes(written: str) -> dict:
    """The dict Material's handler makes of a start tag's attributes as written (`tokens`), one
    for each way of writing them in this process (shared by the tags that repeat it: never
    changed). A token holds the text, not the dict: a tuple of texts is one the garbage
    collector stops following, one holding a dict it follows at every collection."""
    return _read_attributes(written)[0]


def _read_attributes(written: str) -> tuple[dict, bool]:
    """`attributes(written)`, and whether they hide the element's content from the search."""
    found = _ATTRIBUTES.get(written)
    if found is None:
        if len(_ATTRIBUTES) >= _ATTRIBUTES_HELD:
            _ATTRIBUTES.clear()
        attrs = dict((name.lower(), None if not equals else unescape(double or single))
                     for name, equals, double, single in _ATTRS.findall(written))
        found = _ATTRIBUTES[written] = (attrs, any(key == "data-search-exclude" or key == "class" and value == "linenodiv"
                                                   for key, value in attrs.items()))
    return found


_ATTRIBUTES: dict[str, tuple[dict, bool]] = {}
_ATTRIBUTES_HELD = 100_000


class Sections:
    """A page's HTML cut into Material's sections (`data`), for `SearchIndex.add_entry_from_context`."""

    def __init__(self, found: list[tuple]) -> None:
        self.context: list[tuple[str, dict]] = []
        self.tags: dict[str, int] = {}  # how many open elements of each tag
        self.skip = set(_ALWAYS_SKIPPED)  # tags whose open elements hide their content
        self.hidden = 0  # how many open elements have a tag in `skip`
        self.section: _Section | None = None
        self.data: list[_Section] = []
        data, end, start = self.handle_data, self.handle_endtag, self.handle_starttag
        for token in found:
            kind = token[0]
            if kind == "data":
                data(token[1])
            elif kind == "end":
                end(token[1])
            else:
                start(token[1], attributes(token[2]), token[4])
                if token[3]:
                    end(token[1])

    def handle_starttag(self, tag: str, attrs: dict, hides: bool) -> None:
        if tag in _VOID:
            return
        self.context.append((tag, attrs))
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag in self.skip:
            self.hidden += 1
        if tag in _HEADINGS:
            depth = len(self.context)
            if "id" in attrs:
                if tag != "h1" and not self.data:
                    self.section = _Section("hx", {}, depth)
                    self.data.append(self.section)
                self.section = _Section(tag, attrs, depth)
                if self.data:
                    self.section.id = attrs["id"]
                self.data.append(self.section)
        if not self.section:
            self.section = _Section("hx", {})
            self.data.append(self.section)
        if hides:
            if tag not in self.skip:  # (every open element of the tag hides its content now)
                self.skip.add(tag)
                self.hidden += self.tags[tag]
            return
        if tag in _KEEP and not self.hidden:
            section = self.section
            (section.title if self.tags.get(section.tag) else section.text).append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        context = self.context
        if not context or context[-1][0] != tag:
            return
        if self.section.depth > len(context):
            for section in reversed(self.data):
                if section.depth <= len(context):
                    self.section.depth = float("inf")
                    self.section = section
                    break
        context.pop()
        self.tags[tag] -= 1
        if tag in self.skip:
            self.hidden -= 1
            if tag not in _ALWAYS_SKIPPED:
                self.skip.remove(tag)
                self.hidden -= self.tags[tag]  # (the other open elements of the tag show again)
            return
        if tag in _KEEP and not self.hidden:
            section = self.section
            data = section.title if self.tags.get(section.tag) else section.text
            index = data.index(f"<{tag}>")
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        tags = self.tags
        pre = tags.get("pre")
        if not pre:
            data = data.replace("\n", " ") if not data.isspace() else " "
        section = self.section
        if not section:
            section = self.section = _Section("hx", {})
            self.data.append(section)
        if tags.get(section.tag):
            if not any(tag == "a" and attrs.get("class") == "headerlink" for tag, attrs in self.context):
                section.title.append(escape(data, quote=False) if "&" in data or "<" in data or ">" in data else data)
        elif data.isspace():
            text = section.text
            if not text or not text[-1].isspace() or pre:
                text.append(data)
        else:
            section.text.append(escape(data, quote=False) if "&" in data or "<" in data or ">" in data else data)


def sections(page_html: str):
    """Material's sections of a page: ours when the page's HTML is of the kind read here, else
    those of Material's parser."""
    found = tokens(page_html)
    if found is not None:
        return Sections(found).data
    return privates.material_sections(page_html)


class PageEntries:
    """The index entries of each page of one site, kept from build to build: a dirty build
    (a preview's) renders only the pages an edit touched, and the index is made of theirs
    new and the others' kept, in the site's page order (Material's own way keeps the entries of
    the first rebuilt page only, and every other rebuilt page's twice)."""

    def __init__(self) -> None:
        self.pages: dict[str, list[dict]] = {}
        self.order: list[str] = []


def install(plugin, store: PageEntries | None = None, segment: bool = True) -> None:
    """Give Material's configured search plugin (`config.plugins["material/search"]`) the index
    made here, keeping its configuration; with a `store`, the entries of the pages a dirty
    build does not render again are taken from it; without `segment`, Chinese text is left as it
    is (no jieba cuts: see mkdocs.answers_search)."""
    privates.install_search_index(plugin, sections, _segmented if segment else _as_it_is, store)


def _as_it_is(cut, data: str) -> str:
    return data


_cut_cache: dict[str, str] = {}


def _segmented(cut, data: str) -> str:
    """`cut(data)`, each distinct text cut once (a bounded cache: memory stays flat)."""
    done = _cut_cache.get(data)
    if done is None:
        if len(_cut_cache) > 200_000:
            _cut_cache.clear()
        done = _cut_cache[data] = cut(data)
    return done

