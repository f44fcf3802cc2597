"""Pages whose blocks are HTML, given to MkDocs without converting them again.

A page rendered from an `.html.j2` template (site/templates.py) says so in its front matter: its
blocks are HTML, but for its headings (`## 标题 {#id}`). Python-Markdown would pass those blocks
through unchanged, at the cost of parsing each one; most of a site's pages are such pages, and
converting them was about half of MkDocs' time. Here the page's HTML is made as Python-Markdown
makes it, with less work: each block is kept as it is, and only the headings go through the
project's Markdown configuration (its `toc` settings: ids, permalinks, depth), so the page gets
the same HTML, table of contents, title and anchors. A page that holds any other kind of block
(or a block asking md_in_html for Markdown inside it), a heading with Markdown marks in its
text, or a configuration with an extension not known to leave such pages alone, is converted by
MkDocs as usual. `tests/test_html_pages.py` holds the two ways together on every such page of
the default site (one site and sharded), of the hostile corpus, and on generated pages.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as etree

from ...escape import YAML_UNSAFE
from ...site.templates import HTML_BODY
from . import privates

#: An ATX heading as the templates write it: the text, and an id in attr_list's `{#id}`, perhaps
#: with Material's `data-search-exclude` (a section the search does not index).
_HEADING = re.compile(r"(#{1,6}) (\S(?:[^\n{}]*[^\s#{}])?)(?: \{#([A-Za-z][\w-]*)( data-search-exclude)?\})?")
#: A heading's text as the templates print it: escaped (`escape.escape_inline`), so no mark of
#: Markdown or of an extension's syntax but in a character reference.
_PLAIN_TEXT = re.compile(r"(?:[^\\`*_{}\[\]<>&|!~^=$:\"']|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)*")
_OPENING = re.compile(r"<([a-z][a-z0-9]*)[\s>/]")
_ANCHOR = re.compile(r"<[a-z][a-z0-9]*\s[^>]*?\bid=\"([^\"<>&]*)\"|<a\s[^>]*?\bname=\"([^\"<>&]*)\"")


def is_html_page(page) -> bool:
    return page.meta.get(HTML_BODY) is True


def take_as_html(page, config) -> None:
    """Render `page` (its source read) here rather than by Python-Markdown, when its front matter
    says its blocks are HTML; MkDocs calls `page.render` next."""
    if not is_html_page(page):
        return
    original = page.render

    def render(config, files):
        if not _render(page, config, files):
            original(config, files)
    page.render = render


def _render(page, config, files) -> bool:
    """Set the page's content, table of contents, title and anchors; False when the page holds a
    block that is not a heading or HTML (then MkDocs converts it)."""
    from mkdocs.structure.toc import get_toc

    md = _markdown(config)
    converted = convert(page.markdown, md) if md is not None else None
    if converted is None:
        return False
    page.content, tokens, title, anchors, own = converted
    page.toc = get_toc(tokens)
    privates.set_title_from_render(page, title)
    page.present_anchor_ids = anchors
    # the links MkDocs checks: the headings' own (permalinks), as Python-Markdown would give them;
    # those of the HTML blocks are not MkDocs' to check, on any page (quanze's link check reads them)
    page.links_to_anchors = {page.file: own} if own else {}
    page.quanze_as_html = True  # (a page a later build may keep: mkdocs_kept)
    return True


def convert(source: str, md) -> tuple | None:
    """Python-Markdown's output for `source` (HTML blocks and headings) with `md`'s configuration:
    (html, toc tokens, title, anchor ids, the headings' own links), or None for another kind of
    block. The title is the first block's, when it is an h1 (as MkDocs' `Page.render` gives it)."""
    blocks = [block for block in re.split(r"\n(?:[ \t]*\n)+", source.strip("\n")) if block.strip()]
    headings, pieces, anchors = [], [], set()
    for block in blocks:
        heading = _HEADING.fullmatch(block)
        if heading is not None:
            if not _PLAIN_TEXT.fullmatch(heading.group(2)):
                return None
            headings.append((len(heading.group(1)), heading.group(2), heading.group(3), bool(heading.group(4))))
            pieces.append(None)
            continue
        opening = _OPENING.match(block)
        if opening is None or not md.is_block_level(opening.group(1)) or not block.rstrip().endswith(">"):
            return None
        if block != block.strip() or "\x02" in block or "\x03" in block or "markdown=" in block:
            return None  # (indented, holding Python-Markdown's own markers, or Markdown inside HTML)
        pieces.append(block + "\n")
        if 'id="' in block or 'name="' in block:  # (what _ANCHOR needs, found quicker)
            anchors.update(a or b for a, b in _ANCHOR.findall(block))
    done, tokens, title, ids, own = _headings(md, headings, titled=bool(blocks) and pieces[0] is None)
    made = iter(done)
    return ("\n".join(piece if piece is not None else next(made) for piece in pieces).strip(), tokens, title,
            anchors | ids, own)


def _headings(md, headings: list[tuple], titled: bool) -> tuple:
    """The headings of a page, each (level, text, id or None, whether the search leaves it out),
    through `md`'s `toc` as Python-Markdown would take them: their HTML, the toc tokens, the
    title (the first heading's, if `titled` and it is an h1), their ids and their own links.

    Pages repeat the same headings with other texts (every power page: its name, then the same
    sections), so what `toc` makes of a page's headings is kept by their shape: levels, ids, the
    slugs of the texts of those without an id (what their ids are made from) and the flags. The
    shape is taken once through `toc` with a placeholder for each text, and each text is put
    back where its placeholder came out; the text's one other use, the toc's plain name, is
    made from the token's HTML as `toc` makes it. A shape whose placeholders do not come out
    each once where expected, a text with a character the placeholders or Python-Markdown's own
    markers use, and a configuration with other postprocessors than Python-Markdown's own are
    taken through `toc` with their texts, as before."""
    texts = [text for _, text, _, _ in headings]
    if not _PLACEHOLDER_SAFE.isdisjoint("".join(texts)) or not _plain_postprocessors(md):
        return _through_toc(md, headings, titled)
    toc = _toc(md)
    slugs = [toc.slugify(html.unescape(_strip_tags(text)), toc.sep) if toc is not None and ident is None else None
             for _, text, ident, _ in headings]
    kept = md.__dict__.setdefault("_quanze_shapes", {})
    shape = (titled, tuple((level, ident, excluded, slug)
                           for (level, _, ident, excluded), slug in zip(headings, slugs)))
    found = kept.get(shape)
    if found is None:
        if len(kept) > 4096:
            kept.clear()
        found = kept[shape] = _shape_through_toc(md, headings, slugs, titled)
        md.reset()
    if found is False:
        return _through_toc(md, headings, titled)
    done, tokens, title, ids, own = found

    def put_back(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: texts[int(m.group(1))], text)

    def tokens_of(shaped: list) -> list:
        return [{**token, "html": (inner := put_back(token["html"])), "name": _strip_tags(inner),
                 "children": tokens_of(token["children"])} for token in shaped]

    return ([put_back(piece) for piece in done], tokens_of(tokens),
            " ".join(texts[0].split()) if title is not None else None, set(ids), dict(own))


#: A heading's text stands in a shape as "\ue000<n>\ue001" (private-use characters: a text
#: holding them, or Python-Markdown's markers \x02 and \x03, is taken through toc as it is).
_PLACEHOLDER = re.compile("\ue000([0-9]+)\ue001")
_PLACEHOLDER_SAFE = frozenset("\ue000\ue001\x02\x03")


def _placeholder(n: int) -> str:
    return f"\ue000{n}\ue001"


def _plain_postprocessors(md) -> bool:
    """Whether the postprocessors are Python-Markdown's own, which put stashed raw HTML back as
    it was stored (and `&` for its marker): a heading's text comes out of them unchanged."""
    from markdown import postprocessors

    return all(type(p) in (postprocessors.RawHtmlPostprocessor, postprocessors.AndSubstitutePostprocessor)
               for p in md.postprocessors)


def _shape_through_toc(md, headings: list[tuple], slugs: list, titled: bool):
    """What `toc` makes of headings of this shape, with placeholders for their texts (the slugs of
    the texts given to `toc` for the placeholders'), or False when a placeholder does not come out
    once in its heading's HTML, token and title."""
    toc = _toc(md)
    shaped = [(level, _placeholder(n), ident, excluded) for n, (level, _, ident, excluded) in enumerate(headings)]
    given = {_placeholder(n): slug for n, slug in enumerate(slugs) if slug is not None}
    asked = []
    if toc is not None:
        slugify = toc.slugify
        toc.slugify = lambda value, sep: asked.append(value) or (given[value] if value in given else slugify(value, sep))
    try:
        done, tokens, title, ids, own = _through_toc(md, shaped, titled)
    finally:
        if toc is not None:
            toc.slugify = slugify
    if sorted(asked) != sorted(given):  # (each heading without an id has its text's slug, and only those)
        return False
    if any(_PLACEHOLDER.findall(piece) != [str(n)] for n, piece in enumerate(done)):
        return False
    flat = list(_flat(tokens))
    if any(len(_PLACEHOLDER.findall(t["html"])) != 1 or t["name"] != _strip_tags(t["html"]) or t["data-toc-label"]
           for t in flat):
        return False
    if title is not None and title != _placeholder(0):
        return False
    return done, tokens, title, ids, own


def _flat(tokens: list):
    for token in tokens:
        yield token
        yield from _flat(token["children"])


def _through_toc(md, headings: list[tuple], titled: bool) -> tuple:
    """Python-Markdown's own way: the headings as elements, the text of each stashed as raw HTML,
    through `toc`, serialized and postprocessed."""
    from mkdocs.utils.rendering import get_heading_text

    md.reset()
    root = etree.Element("div")
    elements = []
    for level, text, ident, excluded in headings:
        element = etree.SubElement(root, f"h{level}")
        if excluded:  # a valueless attribute, as attr_list sets it
            element.set("data-search-exclude", None)
        if ident:
            element.set("id", ident)
        element.text = md.htmlStash.store(text)
        elements.append(element)
    toc = _toc(md)
    if toc is not None:
        toc.run(root)
    tokens = getattr(md, "toc_tokens", []) if toc is not None else []
    done = []
    for element in elements:
        text = md.serializer(element)
        for processor in md.postprocessors:
            text = processor.run(text)
        done.append(text)
    ids = {element.get("id") for element in elements if element.get("id") is not None}
    title = get_heading_text(elements[0], md) if titled and elements and elements[0].tag == "h1" else None
    own = {link[1:]: link for heading in elements for a in heading.iter("a") if (link := a.get("href", "")).startswith("#")}
    return done, tokens, title, ids, own


def _toc(md):
    """The configuration's `toc` treeprocessor, or None without the extension."""
    return md.treeprocessors["toc"] if "toc" in md.treeprocessors else None


def _strip_tags(text: str) -> str:
    """`toc`'s plain text of a heading's HTML (a text with no `<` has no tag: its white space
    collapsed, as `strip_tags` does)."""
    from markdown.extensions.toc import strip_tags

    return strip_tags(text) if "<" in text else " ".join(text.split())


#: Extensions that change nothing of an HTML block, nor of a heading's escaped text but through
#: `toc`: Python-Markdown's and Material's usual ones (their syntax needs marks the text has not).
KNOWN_EXTENSIONS = frozenset({
    "markdown.extensions.toc", "markdown.extensions.tables", "markdown.extensions.attr_list",
    "markdown.extensions.fenced_code", "markdown.extensions.admonition", "markdown.extensions.def_list",
    "markdown.extensions.md_in_html", "markdown.extensions.sane_lists", "markdown.extensions.codehilite",
    "markdown.extensions.meta", "markdown.extensions.footnotes",
    "pymdownx.highlight", "pymdownx.superfences", "pymdownx.inlinehilite", "pymdownx.details",
    "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.emoji", "pymdownx.caret", "pymdownx.mark",
    "pymdownx.tilde", "pymdownx.betterem", "material.extensions.emoji",
})

_CONFIGURED: dict = {}


def _markdown(config):
    """One Markdown instance per configuration of extensions (as MkDocs gives them to each page),
    or None when an extension is not among the known ones."""
    key = (config["markdown_extensions"], config["mdx_configs"] or {})
    if _CONFIGURED.get("key") != key:
        import markdown

        md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
        known = all(_module(extension) in KNOWN_EXTENSIONS for extension in config["markdown_extensions"])
        _CONFIGURED.update(key=key, markdown=md if known else None)
    return _CONFIGURED["markdown"]


def _module(extension) -> str:
    """The module of an extension as a configuration names it ("toc", "pymdownx.tabbed",
    "markdown.extensions.toc:TocExtension") or gives it (an instance)."""
    if not isinstance(extension, str):
        return type(extension).__module__
    name = extension.partition(":")[0]
    return name if "." in name else f"markdown.extensions.{name}"


#: What a page's layout indents: a line break and the HTML white space after it (never U+3000
#: or a no-break space, which show); and what keeps its white space as it is.
_INDENT_OR_VERBATIM = re.compile(r"<(pre|textarea|script|style|code|kbd)\b.*?</\1\s*>|\n[ \t\n\r\f]+", re.S | re.I)


_VERBATIM_START = re.compile(r"<(?:pre|textarea|script|style|code|kbd)\b", re.I)
_INDENT = re.compile(r"\n[ \t\n\r\f]+")


def compact(html: str) -> str:
    """A built page without the theme's indentation and blank lines: each run of white space that
    holds a line break becomes one line break, which a browser shows as it showed the run (outside
    `pre`, `textarea`, `code`, `kbd`, scripts and styles, which are kept whole). A power page
    of a national site is a sixth smaller.

    The same as `_INDENT_OR_VERBATIM.sub` (tests/test_html_pages.py holds them together), in half
    the time: the text between the elements kept whole is found first and its runs replaced by
    one simpler expression."""
    pieces, done = [], 0
    for element in _verbatim(html):
        pieces += [_INDENT.sub("\n", html[done:element.start()]), element.group(0)]
        done = element.end()
    if not pieces:
        return _INDENT.sub("\n", html)
    pieces.append(_INDENT.sub("\n", html[done:]))
    return "".join(pieces)


def _verbatim(html: str):
    """The elements `compact` keeps whole, in order (matches of `_INDENT_OR_VERBATIM`)."""
    found = _VERBATIM_START.search(html)
    while found is not None:
        element = _INDENT_OR_VERBATIM.match(html, found.start())
        if element is None:  # an opening never closed: not kept whole
            found = _VERBATIM_START.search(html, found.start() + 1)
            continue
        yield element
        found = _VERBATIM_START.search(html, element.end())


# --- a stamp's pages compacted as they are filled --------------------------------------------------

#: An opening or closing of an element `compact` keeps whole, or what could begin one (`<codex`).
_VERBATIM_TAG = re.compile(r"</?(?:pre|textarea|script|style|code|kbd)", re.I)
#: The start of a tag that the text after it could finish (`<`, `</`, `<co`, `</scr`), from a `<`.
_OPEN_TAG = re.compile(r"<[/A-Za-z\s]*")
_SPACES = (" ", "\t", "\n", "\r", "\f")


def compact_stamp(output: str, holes: re.Pattern) -> tuple[list[str], list[str | None]] | None:
    """A page template's output with holes (the matches of `holes`, which hold no white space) as
    `compact` leaves it: its pieces between the holes and, for each hole, the tag of the element
    kept whole it lies in (None: none). `compact` of the output filled is then the pieces filled
    with `compact_value` of each value, whenever that gives one. None when no value can be put so:
    a piece before a hole ends in a tag's start, which the value could finish."""
    compacted = compact(output)
    found = list(holes.finditer(compacted))
    pieces = [compacted[start:end] for start, end in
              zip([0, *(hole.end() for hole in found)], [*(hole.start() for hole in found), len(compacted)])]
    if any(_open_at_end(piece) for piece in pieces[:-1]):
        return None
    elements = [(element.start(), element.end(), element.group(1).lower()) for element in _verbatim(compacted)]
    tags = [next((tag for start, end, tag in elements if start < hole.start() < end), None) for hole in found]
    return pieces, tags


def _open_at_end(text: str) -> bool:
    """Whether `text` ends in the start of a tag that the text after it could finish."""
    last = text.rfind("<")
    return last >= 0 and _OPEN_TAG.fullmatch(text, last) is not None


def compact_value(value: str, tag: str | None) -> str | None:
    """A value put in a hole of `compact_stamp`'s pieces as `compact` of the whole page leaves it, or
    None when that cannot be told from the value alone: white space at its ends (a run the piece
    beside it continues), a tag it leaves open at its end, and, in an element kept whole (`tag`),
    a closing tag; outside one, an opening or closing of such an element."""
    if not value or _open_at_end(value):
        return None
    if tag is not None:
        return None if "</" in value else value
    # (the ends by startswith, not value[0]: an item of a Markup is a Markup made anew)
    if value.startswith(_SPACES) or value.endswith(_SPACES) or _VERBATIM_TAG.search(value):
        return None
    return _INDENT.sub("\n", value) if "\n" in value else value


class Compaction:
    """`compact` as a stamp does it (mkdocs_stamps.Stamper): `cut` its output, each `value` put in,
    and the `whole` page, for the stamp's first page and for any value that cannot be put so."""

    cut = staticmethod(compact_stamp)
    value = staticmethod(compact_value)
    whole = staticmethod(compact)


# --- front matter ----------------------------------------------------------------------------

#: A line of front matter as quanze writes it: a lower-case key and a JSON value (escape.yaml_flow,
#: escape.escape_yaml_title); keys YAML would read as something other than their text excluded.
_JSON_LINE = re.compile(r"(?!(?:y|n|yes|no|on|off|true|false|null)\b)([a-z_][a-z0-9_]*): ([\[{\"].*|true|false|null|-?[1-9][0-9]*|0)")
#: A surrogate's escape: JSON joins a pair of them into one character, YAML does not.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def front_matter(source: str) -> tuple[str, dict]:
    """MkDocs' `meta.get_data(source)` (the page's Markdown and its front matter), with each line
    of a front matter of JSON values read by the JSON reader, which is YAML's reading of them for
    the JSON Python writes (no floats, no character YAML reads as a line break or refuses,
    `escape.YAML_UNSAFE`, which quanze writes escaped): four times
    faster than YAML's. Anything else is read by MkDocs. tests/test_html_pages.py holds the two
    together on every page of the default and hostile sites and on generated values."""
    from mkdocs.utils import meta

    found = meta.YAML_RE.match(source)
    if found is None:
        return meta.get_data(source)
    data = {}
    for line in found.group(1).splitlines():
        line_match = _JSON_LINE.fullmatch(line)
        if line_match is None or YAML_UNSAFE.search(line) or _SURROGATE_ESCAPE.search(line) or line_match.group(1) in data:
            return meta.get_data(source)
        try:
            value = json.loads(line_match.group(2))
        except ValueError:
            return meta.get_data(source)
        if _has_float(value):
            return meta.get_data(source)
        data[line_match.group(1)] = value
    if not data:
        return meta.get_data(source)
    return source[found.end():].lstrip("\n"), data


def _has_float(value) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


def read_source(page, config) -> None:
    """`Page.read_source` for a page in memory, its front matter read by `front_matter`."""
    page.markdown, page.meta = front_matter(page.file.content_string)
