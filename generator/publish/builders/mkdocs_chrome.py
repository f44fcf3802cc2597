"""What Material prints into every page and only a script reads, served once a site as a cached
script rather than repeated in every page.

Two parts of Material's page are the same on every page of a site but for the way up to its
root, and do nothing without scripts: the search dialog (its form, buttons, icons and result
list, about 1.7 KB) and the `__config` JSON (the search interface's words and the theme's
features, about 0.8 KB). On a site of many short pages they are a fifth of each page.

Here they leave the page for one script of the site, `assets/javascripts/quanze-chrome.<digest>.js`,
loaded where the JSON was, before Material's bundle: it puts the JSON back, with the site's root
found from its own address, and fills the search dialog left empty in the page. The digest
names the script's content, so a browser's cached copy is never stale; the content is known once
the site's last page is made, so each page is written with the name's place held and the digest
written into it then (one write of 8 bytes a page). A page is changed only
when both parts are found and are those of the site's first page (its own way up aside); any
other page keeps them, so a theme whose pages differ is left as it is.

The same script holds the parts of the page that many pages of a site repeat but that a reader
without scripts cannot use anyway: the header's icons, the navigation and table of contents of the
sidebars (the drawer that shows them on a phone opens with Material's script), the button back to
the top, and Material's settings script in the head (its functions are used by Material's bundle
only). A part leaves a page once a second page of the site has the same part, so a part only one
page has is never copied into the script; its links are kept from the root (`href`, `src`), so
pages at any depth share it, and the script sets them back from its own address. The page says
which of the script's parts are its own in the script tag's `data-parts`. A power page of a
national site is about 3 KB lighter (12.5 -> 9.5 KB); a site's script holds at most `VARIANTS`
contents a part (40-45 KB a province unit, loaded once).

The rest of Material's frame that only its script uses leaves too (`_frame`), each piece the same
on every page once the parts' contents are out of it: the check boxes that open the drawer and
the search and the drawer's overlay, first in the body (without scripts the drawer holds nothing
and there is no search); the drawer's and the search's buttons in the header and the search
dialog's box (their icons and content are parts already); the button back to the top; the empty
announcement box; the dialog Material's scripts speak through ("copied"), last before its JSON;
and the logo link's `title`, a tooltip repeating the site's name its `aria-label` gives. The
script puts each back where it was; a page leaves them when it has them all as the site's first
page has them and leaves the contents of those buttons too (`t` in `data-parts`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import posixpath
import re
from pathlib import Path

#: Material's JSON (base.html, block `config`): escaped for HTML by Jinja's `tojson`, so no `<` inside.
_CONFIG = re.compile(r'<script id="__config" type="application/json">([^<]*)</script>')
#: Material's search dialog (partials/search.html); its content ends at the matching `</div>`.
_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_DIV = re.compile(r"<div[\s>]|</div>")

#: The parts a page shares when another page has them: the element's opening tag as Material writes
#: it (found once in the page), and the selector the script finds it by.
PARTS = (
    ('<label class="md-header__button md-icon" for="__drawer">', 'label.md-header__button[for="__drawer"]'),
    ('<label class="md-header__button md-icon" for="__search">', 'label.md-header__button[for="__search"]'),
    ('<div class="md-sidebar md-sidebar--primary" data-md-component="sidebar" data-md-type="navigation" >',
     ".md-sidebar--primary"),
    ('<div class="md-sidebar md-sidebar--secondary" data-md-component="sidebar" data-md-type="toc" >',
     ".md-sidebar--secondary"),
    ('<button type="button" class="md-top md-icon" data-md-component="top" hidden>', ".md-top"),
)
#: The parts whose elements are pieces of the frame (`_frame`): a page leaves its frame only when
#: it leaves their contents too (`TOP_PART`, the button back to the top, when the page has one).
TOP_PART = 4
FRAMED_PARTS = (0, 1, TOP_PART)
#: At most this many different contents a part (the tables of contents of pages of few shapes).
VARIANTS = 32
#: Material's frame that only its script uses (base.html, partials/header.html), each piece found
#: where Material puts it and put back there by the script (`FRAME`): the check boxes and overlay
#: first in the body (group 1), the drawer's button after the logo (group 1), the search's button and
#: dialog last in the header (from the button to the end of the header's `nav`), the button back to
#: the top last in `main`, the empty announcement box after the skip link (group 1), the dialog
#: before the JSON, and the logo's tooltip (`_LOGO`, group 1: ` title="…"`, its value group 2 the same
#: as the `aria-label`, group 3).
_TOGGLES = re.compile(r'<body\b[^>]*>(\s*<input class="md-toggle" data-md-toggle="drawer" type="checkbox" '
                      r'id="__drawer" autocomplete="off">\s*<input class="md-toggle" data-md-toggle="search" '
                      r'type="checkbox" id="__search" autocomplete="off">\s*<label class="md-overlay" for="__drawer"></label>)')
_LOGO = re.compile(r'<a href="[^"]*"( title="([^"<]*)")? class="md-header__button md-logo" aria-label="([^"<]*)" '
                   r'data-md-component="logo">.*?</a>(\s*<label class="md-header__button md-icon" for="__drawer">)', re.S)
_SEARCH = re.compile(r'<label class="md-header__button md-icon" for="__search">')
_HEADER_END = re.compile(r'</div>(\s*)</nav>')
_TOP = '<button type="button" class="md-top md-icon" data-md-component="top" hidden>'
_MAIN = '<main class="md-main" data-md-component="main">'
_MAIN_END = re.compile(r'</button>(\s*)</main>')
_ANNOUNCE = re.compile(r'<div data-md-component="skip">[^<]*(?:<a [^>]*>[^<]*</a>[^<]*)?</div>'
                       r'(\s*<div data-md-component="announce">\s*</div>)')
_FRAME_DIALOG = re.compile(r'<div class="md-dialog" data-md-component="dialog">\s*'
                           r'<div class="md-dialog__inner md-typeset"></div>\s*</div>\s*')
#: Material's settings script (base.html): the way up as JSON, then functions that use no other value.
_SCOPE = re.compile(r'<script>__md_scope=new URL\(("[^"<\\]*"),location\)(,.*?)</script>')
_TAG = re.compile(r"<([a-z]+)")
#: A link or source: the attribute's value (not `data-src` and the like).
_URL = re.compile(r'(?<![\w-])(href|src)="([^"]*)"')
#: A value kept as it is: empty, a fragment, from the host's root, or with a scheme.
_FIXED = re.compile(r"$|#|/|[A-Za-z][A-Za-z0-9+.-]*:")

FOLDER = "assets/javascripts"
#: The script's name in a page until the script is written: its digest's place held.
PENDING = "quanze-chrome.________.js"
ENABLED = True
"""False to keep every part in every page (tests compare the two)."""


DECIDE = object()
"""`Chrome.page` decides what leaves the page (no replay has)."""


class Chrome:
    """The chrome shared by the pages of one site (`page` for each rendered page, in order; then
    `write` into the built site)."""

    def __init__(self) -> None:
        self.shared: tuple[dict, str] | None = None  # the JSON without its base, the dialog's content
        self.frame: tuple[str, ...] | None = None  # the frame's pieces (`_frame`) as the first page has them
        self.name: str | None = None  # the script's file name
        # each part's contents in the script, and those one page had; the last: the settings
        # script's functions (one)
        self.variants: list[list[str]] = [[] for _ in range(len(PARTS) + 1)]
        self.seen: list[set[str]] = [set() for _ in range(len(PARTS) + 1)]
        self.last: tuple | None = None  # what the last page gave and what was made of it

    def page(self, html: str, path: str, made=DECIDE) -> str:
        """The page with its JSON and search dialog left to the site's script, when they are the
        site's, and the parts other pages share (`path`: the page's, from the site's root). What
        the page gave and what was made of it is `last` (see `replay`); given `made` (what a
        replay made of the page, in its place among the others), that is made of it, and nothing
        else is taken of it."""
        found = _parts(html)
        if found is None:
            self.last = None
            return html
        config_span, base, config, dialog_span, dialog = found
        folder = posixpath.dirname(path)
        spans, contents = [], []
        for opening, _selector in PARTS:
            part = _part(html, opening, folder)
            spans.append(part[0] if part else None)
            contents.append(part[1] if part else None)
        scope = _scope(html, base)
        frame = _frame(html, config_span[0], spans, dialog_span)
        given = (config, dialog, tuple(contents), scope[1] if scope is not None else None,
                 frame[1] if frame is not None else None)
        made = self._decide(given) if made is DECIDE else made
        self.last = (given, made)
        if made is None:
            return html
        chosen, scoped, framed = made
        cuts = [(dialog_span, "")] if not framed else []  # (span, what takes its place), in any order
        cuts += [(span, "") for index, (span, number) in enumerate(zip(spans, chosen))
                 if number is not None and not (framed and index in FRAMED_PARTS)]
        if scoped:
            cuts.append((scope[0], ""))
        if framed:  # (its pieces hold the dialog's content and those of FRAMED_PARTS)
            cuts += [(span, "") for span in frame[0]]
        src = posixpath.normpath(posixpath.join(base, FOLDER, PENDING))
        parts = ",".join("" if number is None else str(number) for number in chosen)
        flags = ("," + ("s" if scoped else "") + (",t" if framed else "")) if scoped or framed else ""
        tag = f'<script src="{src}"' + (f' data-parts="{parts}{flags}"' if parts.strip(",") or flags else "")
        cuts.append((config_span, tag + "></script>"))
        pieces, done = [], 0
        for (start, end), text in sorted(cuts):
            pieces += [html[done:start], text]
            done = end
        pieces.append(html[done:])
        return "".join(pieces)

    def _decide(self, given: tuple) -> tuple | None:
        """What leaves a page that gave `given` (its JSON, dialog, parts' contents, settings
        script's functions and frame): None when its JSON and dialog are not the site's, else the
        number of each part in the script (None: the part stays), whether the settings script
        leaves and whether the frame does (when it is the site's first page's)."""
        config, dialog, contents, scope, frame = given
        if self.shared is None:
            self.shared = (config, dialog)
        elif (config, dialog) != self.shared:
            return None
        if self.frame is None:
            self.frame = frame
        chosen = tuple(self._variant(index, content) for index, content in enumerate(contents))
        return (chosen, scope is not None and self._variant(len(PARTS), scope, limit=1) is not None,
                frame is not None and frame == self.frame
                and all(chosen[index] is not None for index in FRAMED_PARTS if index != TOP_PART or frame[3] is not None))

    def replay(self, given: tuple):
        """Take a page made before as `page` takes it, without its HTML (`given`: what it gave,
        `last[0]` then); return what is made of it now. The same as then: its page as written
        then is the page now, the script's name aside."""
        return self._decide(given)

    def _variant(self, index: int, content: str | None, limit: int | None = None) -> int | None:
        """The number of `content` among the script's contents of part `index`: None when no other
        page has had it yet (it is remembered) or the part has as many contents as it may (`limit`)."""
        if content is None:
            return None
        variants = self.variants[index]
        try:
            return variants.index(content)
        except ValueError:
            pass
        if content not in self.seen[index]:
            self.seen[index].add(content)
            return None
        if len(variants) >= (VARIANTS if limit is None else limit):
            return None
        variants.append(content)
        return len(variants) - 1

    def script(self) -> str:
        """The script that gives a page back what `page` took."""
        config, dialog = self.shared
        parts = [{"selector": selector, "contents": contents}
                 for (_opening, selector), contents in zip(PARTS, self.variants)]
        scope = self.variants[len(PARTS)][0] if self.variants[len(PARTS)] else None
        values = {"CONFIG": _js(config), "DIALOG": _js(dialog), "PARTS": _js(parts), "SCOPE": _js(scope),
                  "FRAME": _js(list(self.frame) if self.frame is not None else None)}
        return re.sub(r"\b(CONFIG|DIALOG|PARTS|SCOPE|FRAME)\b", lambda match: values[match.group(1)], _SCRIPT)

    def write(self, site_dir: Path, pages) -> None:
        """Write the script into the built site, when a page uses it, and its name into `pages`
        ((path, byte offset of `PENDING`) of each page written with it): the name is the content's
        digest, known once every page is made, so a browser's cached copy is never stale."""
        if self.shared is None:
            return
        script = self.script()
        digest = hashlib.sha256(script.encode()).hexdigest()[:8]
        self.name = PENDING.replace("________", digest)
        path = Path(site_dir) / FOLDER / self.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(script, encoding="utf-8")
        name, at = digest.encode(), PENDING.index("_")
        for page, offset in pages:
            descriptor = os.open(page, os.O_WRONLY)
            try:
                os.pwrite(descriptor, name, offset + at)
            finally:
                os.close(descriptor)


def pending_at(html: str) -> int | None:
    """The byte offset of `PENDING` in a page as MkDocs writes it (UTF-8, other characters as
    references), or None."""
    found = html.find(PENDING)
    return None if found < 0 else len(html[:found].encode("utf-8", "xmlcharrefreplace"))


def _js(value) -> str:
    """A JSON value as JavaScript, U+2028 and U+2029 escaped (older engines end a string there)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _parts(html: str):
    """(the JSON's span, the page's way up, the JSON without it, the dialog's content span, the
    content) or None when the page has not both, one dialog before the JSON, or a JSON whose search
    worker is not under the way up (under the site's root, or a shard's way up to the top site's
    theme files: `SharedTheme`)."""
    start = html.find(_DIALOG)
    if start < 0 or html.find(_DIALOG, start + 1) >= 0:
        return None
    inner = start + len(_DIALOG)
    depth, end = 1, None
    for match in _DIV.finditer(html, inner):
        depth += 1 if match.group(0) != "</div>" else -1
        if depth == 0:
            end = match.start()
            break
    config = _CONFIG.search(html, end) if end is not None else None
    if config is None or _CONFIG.search(html, config.end()) is not None:
        return None
    found = _settings(config.group(1))
    if found is None:
        return None
    base, value = found
    return (config.start(), config.end()), base, value, (inner, end), html[inner:end]


@functools.lru_cache(maxsize=64)  # (the pages of a folder have the same JSON: read once)
def _settings(text: str) -> tuple[str, dict] | None:
    """The way up and the rest of Material's JSON `text` (its search worker from the way up; a
    value shared by the pages that have it: never changed), or None."""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("base"), str) or not isinstance(value.get("search"), str):
        return None
    base = value.pop("base")
    prefix = "" if base in ("", ".") else base.rstrip("/") + "/"
    if not value["search"].startswith(prefix) or "://" in value["search"]:
        return None
    search = posixpath.normpath(value["search"][len(prefix):])
    if search.startswith("/") or search in (".", ".."):
        return None
    value["search"] = search
    return base, value


def _part(html: str, opening: str, folder: str):
    """(the span of the content of the element opened by `opening`, that content with its links
    from the root) or None: when the element is not once in the page or not closed; the content
    is None when a link goes neither from the page's root nor out of its site."""
    start = html.find(opening)
    inner = start + len(opening)
    if start < 0 or html.find(opening, inner) >= 0:
        return None
    depth = 1
    for match in _tags(_TAG.match(opening).group(1)).finditer(html, inner):
        depth += 1 if match.group(0)[1] != "/" else -1
        if depth == 0:
            content = html[inner:match.start()]
            return (inner, match.start()), _from_root(content, folder)
    return None


@functools.lru_cache(maxsize=None)
def _tags(name: str) -> re.Pattern:
    """The openings and closings of elements `name`."""
    return re.compile(rf"<{name}[\s>]|</{name}>")


@functools.lru_cache(maxsize=256)  # the pages of one folder, made one after another, repeat their parts
def _from_root(content: str, folder: str) -> str | None:
    """`content` with each relative link from the site's root instead of from the page's
    `folder` (from the root), or None when a link cannot be moved."""
    unfit = False

    def moved(match: re.Match) -> str:
        nonlocal unfit
        value = match.group(2)
        if _FIXED.match(value):
            return match.group(0)
        moved_value = from_root(value, folder)
        if moved_value is None:
            unfit = True
            return match.group(0)
        return f'{match.group(1)}="{moved_value}"'
    moved_content = _URL.sub(moved, content)
    return None if unfit else moved_content


def from_root(value: str, folder: str) -> str | None:
    """A relative link of a page in `folder` as a link from the site's root (a trailing slash,
    query and fragment kept), or None for one with a character a path cannot be joined with."""
    cut = min((value.find(mark) for mark in "?#" if mark in value), default=len(value))
    path, rest = value[:cut], value[cut:]
    if not path or "\\" in path or "&" in path:
        return None
    joined = posixpath.normpath(posixpath.join(folder, path))
    if path.endswith("/") or path.endswith("/.") or path in (".", ".."):
        joined = "./" if joined == "." else joined + "/"
    return joined + rest


def _frame(html: str, config_start: int, spans: list, dialog_span: tuple[int, int]):
    """(the spans of the frame's pieces, their texts without the parts' contents) when the page has
    each where Material puts it (`_TOGGLES` … `_FRAME_DIALOG`; `spans`: those of the parts'
    contents, `dialog_span` that of the search dialog's, `config_start` where the JSON begins) and
    the logo's tooltip is its `aria-label`; else None. The button back to the top is there only
    with the theme's `navigation.top` (its text None when the page has none). Each piece is put
    back as it was, where the script finds the element before or around it (the body, the first
    logo of the header, the header's `nav`, `main`, the skip link), so only those must be the
    first of their kind; each is looked for near where it must be, not in the whole page."""
    toggles = _TOGGLES.search(html, 0, dialog_span[0])
    if toggles is None or spans[0] is None or spans[1] is None:
        return None
    logo = _LOGO.search(html, toggles.end(), spans[0][0])
    if logo is None or logo.group(1) is None or logo.group(2) != logo.group(3) or logo.end(4) != spans[0][0] \
            or not html.startswith("</label>", spans[0][1]) or "md-header__button md-logo" in html[:logo.start()]:
        return None
    drawer = (logo.start(4), spans[0][1] + len("</label>"))
    search = _SEARCH.search(html, drawer[1], spans[1][0])
    header_end = _HEADER_END.match(html, dialog_span[1])
    shell = html.rfind("<div", 0, dialog_span[0])
    main_close = html.rfind("</main>", dialog_span[1], config_start)
    button_close = html.rfind("</button>", dialog_span[1], main_close) if main_close >= 0 else -1
    main_end = _MAIN_END.match(html, button_close) if button_close >= 0 else None
    has_top = spans[TOP_PART] is not None and spans[TOP_PART][1] == button_close and main_end is not None \
        and main_end.end() == main_close + len("</main>") and html.startswith(_TOP, spans[TOP_PART][0] - len(_TOP))
    main_at = html.rfind(_MAIN, dialog_span[1], main_close) + len('<main class="md-main" ')  # (its component's)
    announce = _ANNOUNCE.search(html, toggles.end(), logo.start())
    dialog = html.rfind('<div class="md-dialog"', main_close, config_start) if main_close >= 0 else -1
    dialog = _FRAME_DIALOG.match(html, dialog) if dialog >= 0 else None
    if search is None or search.end() != spans[1][0] or header_end is None or announce is None or dialog is None \
            or dialog.end() != config_start or (not has_top and html.find(_TOP, dialog_span[1], config_start) >= 0) \
            or not re.fullmatch(r"</label>\s*", html[spans[1][1]:shell]) \
            or (has_top and html.find('data-md-component="main"', dialog_span[1]) != main_at) \
            or html.count('<nav class="md-header__inner', toggles.end(), search.start()) != 1 \
            or "<nav" in html[logo.end():search.start()]:
        return None
    header = (search.start(), header_end.end() - len("</nav>"))
    bottom = (spans[TOP_PART][0] - len(_TOP), main_end.end() - len("</main>")) if has_top else None
    pieces = [toggles.span(1), drawer, header, bottom, announce.span(1), dialog.span()]

    def without(span, *inner):
        """The text of `span` without the contents at `inner` (spans within it, in order)."""
        kept, done = [], span[0]
        for start, end in inner:
            kept.append(html[done:start])
            done = end
        return "".join(kept) + html[done:span[1]]
    texts = (html[slice(*pieces[0])], without(drawer, spans[0]), without(header, spans[1], dialog_span),
             without(bottom, spans[TOP_PART]) if has_top else None, html[slice(*pieces[4])], html[slice(*pieces[5])])
    return [piece for piece in pieces if piece is not None] + [logo.span(1)], texts


def _scope(html: str, base: str):
    """(the span of Material's settings script, its functions) when the page has it once, with
    the page's way up, and no other script of the page uses its functions; else None."""
    start = html.find("<script>__md_scope=")
    found = _SCOPE.match(html, start) if start >= 0 else None
    if found is None or html.find("__md_", 0, start) >= 0 or html.find("__md_", found.end()) >= 0:
        return None  # (nor a second one)
    return (found.span(), found.group(2)) if _way_up(found.group(1)) == base else None


@functools.lru_cache(maxsize=64)
def _way_up(text: str) -> object:
    """The JSON value `text` (a string, Material's way up), or None when it is not JSON."""
    try:
        return json.loads(text)
    except ValueError:
        return None


#: The script: the way up is the way from this script's folder (assets/javascripts) to the root.
_SCRIPT = """\
/* The search dialog and the theme's settings this site's pages share (quanze). */
(function () {
  "use strict";
  var script = document.currentScript, root = new URL("../../", script.src);
  var parts = PARTS, chosen = (script.getAttribute("data-parts") || "").split(",");
  var frame = FRAME;
  if (chosen[parts.length + 1] === "t" && frame !== null) {
    var logo = document.querySelector(".md-header__button.md-logo");
    document.body.insertAdjacentHTML("afterbegin", frame[0]);
    logo.insertAdjacentHTML("afterend", frame[1]);
    document.querySelector(".md-header__inner").insertAdjacentHTML("beforeend", frame[2]);
    if (frame[3] !== null) document.querySelector('[data-md-component="main"]').insertAdjacentHTML("beforeend", frame[3]);
    document.querySelector('[data-md-component="skip"]').insertAdjacentHTML("afterend", frame[4]);
    script.insertAdjacentHTML("beforebegin", frame[5]);
    if (!logo.hasAttribute("title")) logo.setAttribute("title", logo.getAttribute("aria-label"));
  }
  var config = CONFIG;
  config.base = root.href;
  config.search = new URL(config.search, root).href;
  var json = document.createElement("script");
  json.id = "__config";
  json.type = "application/json";
  json.textContent = JSON.stringify(config);
  script.parentNode.insertBefore(json, script);
  var dialog = document.querySelector('[data-md-component="search"]');
  if (dialog && !dialog.firstChild) dialog.innerHTML = DIALOG;
  var fixed = /^$|^#|^\\/|^[A-Za-z][A-Za-z0-9+.-]*:/;
  parts.forEach(function (part, index) {
    var content = part.contents[chosen[index]];
    var element = chosen[index] && content !== undefined && document.querySelector(part.selector);
    if (!element || element.firstChild) return;
    element.innerHTML = content;
    element.querySelectorAll("[href],[src]").forEach(function (linked) {
      ["href", "src"].forEach(function (name) {
        var value = linked.getAttribute(name);
        if (value !== null && !fixed.test(value)) linked.setAttribute(name, new URL(value, root).href);
      });
    });
  });
  if (chosen[parts.length] === "s" && SCOPE !== null) {
    var scope = document.createElement("script");
    scope.textContent = "__md_scope=new URL(" + JSON.stringify(root.href) + ",location)" + SCOPE;
    script.parentNode.insertBefore(scope, script);
  }
})();
"""
