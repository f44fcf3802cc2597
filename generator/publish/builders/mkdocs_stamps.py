"""The theme's page template rendered once for many pages: a stamp with holes, filled per page.

Material's page template is most of MkDocs' time on a big site, and on a page that is not in
the navigation it prints the same chrome around every page of a folder: the header, the search
dialog, the navigation, the footer. Only a few values differ from page to page: the title, the
table of contents, the content, the front matter's values, the page's file name.

So the template is rendered once with a stand-in page whose strings are markers (`Leaf`), and
the output is cut at the markers into a stamp; the next page of the same shape gets the stamp
with its own values put in the holes. A page's shape is everything else the template can read:
its folder's parent (the folder's own name is a value, so the lists' folders side by side
share their stamps, but for a page whose chrome links into its own folder), the structure of its front matter and table of contents (keys, lengths, numbers,
which strings are empty), the context's other values. What the template does with a marker is
watched:

- printed as it is, escaped (`| e`, or joined into a longer string that is escaped), or
  stripped of its tags (`| striptags`): the hole takes the page's value so;
- tested (`in`, `==`, `replace` of a text it does not hold): the answer for the page that made
  the stamp is recorded, and the stamp serves only pages that give the same answers;
- anything else (its length, a slice, a method, `Markup(...)`, a key of a dict): the stamp is
  refused and the pages of that shape are rendered in full.

A stamp is used only after it has made, filled with the values of the page it was made from,
that page exactly as the template renders it (`Stamper.render`). Pages in the navigation, and
pages of any other kind than MkDocs' `Page`, are always rendered in full.

What is not watched: a string made from a marker that is no longer a leaf (the page's address,
the stand-in's `url`, which MkDocs' filters work links out from; a text joined to a title)
compared with another. Such a comparison is answered for the markers. Material's templates and
quanze's compare none, so stamps are used only with those (`builders.mkdocs.checked_templates`):
a project with templates of its own has its pages rendered in full.
`tests/test_stamps.py` holds the two ways together on every page of real sites and on
templates that do what a stamp cannot.
"""

from __future__ import annotations

import re
import sys
from urllib.parse import unquote

import markupsafe

OPEN, CLOSE = "\ue000", "\ue001"
"""Markers are written between two private-use characters; a page that holds either anywhere
in its values is rendered in full."""
SPECIAL = "<&'\">"
"""What HTML escapes, at the end of every marker: a marker joined into a longer string (no longer
a leaf) and then escaped is seen escaped; one cased, cut, encoded or stripped of its tags is
no longer a marker, and the stamp is refused."""
STRIPPED = SPECIAL[1:]
"""The end of a marker handed to Jinja's `striptags`: what it leaves as it is."""
_MODES = {("r", SPECIAL): "as it is", ("r", str(markupsafe.escape(SPECIAL))): "escaped", ("e", ""): "escaped",
          ("s", STRIPPED): "stripped", ("s", str(markupsafe.escape(STRIPPED))): "stripped, escaped"}
"""A marker as the output shows it: how the page's value is put in its hole."""
_MARK = re.compile(f"{OPEN}([res])([0-9]+)([^{OPEN}{CLOSE}]*){CLOSE}")
_ESCAPE_CODE = markupsafe.escape.__code__
MAX_STAMPS = 8
"""Stamps kept for one shape (each for other answers to the template's tests) before the pages
of that shape are rendered in full."""


class Unstampable(Exception):
    """The template does with a page's value more than print, escape or test it."""


class _Recorder:
    """The values of the page a stamp is made from, and the answers the template had of them."""

    def __init__(self, values: list[str]) -> None:
        self.values = values
        self.guards: list[tuple] = []


def _refuse(name):
    def refused(self, *args, **kwargs):
        raise Unstampable(name)
    refused.__name__ = name
    return refused


class Leaf(str):
    """A marker in place of one string of the page: the text `OPEN r<n><&'"> CLOSE`, escaped by
    `markupsafe.escape` to `OPEN e<n> CLOSE`; a test of it is answered for the real value and
    recorded."""

    def __new__(cls, index: int, recorder: _Recorder):
        leaf = super().__new__(cls, "".join((OPEN, "r", str(index), SPECIAL, CLOSE)))
        leaf.index = index
        leaf.recorder = recorder
        return leaf

    def __str__(self):  # printed: kept a marker (str() of a str subclass copies it otherwise)
        return self

    def __html__(self):
        caller = sys._getframe(1).f_code
        if caller is _ESCAPE_CODE:
            return markupsafe.Markup("".join((OPEN, "e", str(self.index), CLOSE)))
        if caller is _striptags_code():
            return "".join((OPEN, "s", str(self.index), STRIPPED, CLOSE))
        raise Unstampable("__html__")  # (Markup(value): the value taken as markup as it is)

    def __bool__(self) -> bool:
        return True  # (an empty string is no leaf: it is part of the page's shape)

    def _answer(self, operation: str, argument, answer):
        self.recorder.guards.append((operation, self.index, argument, answer))
        return answer

    def __contains__(self, text) -> bool:
        if type(text) is not str:
            raise Unstampable("in")
        return self._answer("in", text, text in self.recorder.values[self.index])

    def __eq__(self, other):
        if isinstance(other, Leaf):
            raise Unstampable("==")
        if not isinstance(other, str):
            return False
        return self._answer("==", str(other), self.recorder.values[self.index] == other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def replace(self, old, new, count=-1):
        """The value unchanged when it does not hold `old` (Jinja's `replace` of a character
        the page's value never has); anything else is refused."""
        if type(old) is not str or not old or self._answer("in", old, old in self.recorder.values[self.index]):
            raise Unstampable("replace")
        return self

    __hash__ = _refuse("__hash__")


for _name in [*(name for name in vars(str) if not name.startswith("_")),
              "__len__", "__getitem__", "__iter__", "__mul__", "__rmul__", "__mod__", "__rmod__",
              "__lt__", "__le__", "__gt__", "__ge__", "__format__", "__reduce__", "__reduce_ex__"]:
    if _name not in Leaf.__dict__:
        setattr(Leaf, _name, _refuse(_name))


def _striptags_code():
    from jinja2.filters import do_striptags

    return do_striptags.__code__


def _put(value: str, mode: str) -> str:
    """A page's value as a hole of `mode` takes it."""
    if mode == "as it is":
        return value
    if mode == "escaped":
        return markupsafe.escape(value)
    stripped = markupsafe.Markup(value).striptags()  # as Jinja's striptags does a string
    return stripped if mode == "stripped" else markupsafe.escape(stripped)


class _StandIn:
    """A stand-in for a page or a heading of its table of contents: the attributes given, and for
    any other the real object's absence (an attribute it has is a value the stamp cannot know)."""

    def __init__(self, real, **attributes) -> None:
        self.__dict__.update(attributes)
        self.__dict__["_real"] = real

    def __getattr__(self, name):
        if not name.startswith("__") and hasattr(self._real, name):
            raise Unstampable(name)
        raise AttributeError(name)


class _Shape:
    """A page's values (`values`) and everything else of it (`key`), with the stand-in's parts
    made on demand: marker for value n is `Leaf(n)`."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self.parts: list = []

    def value(self, text: str):
        """A string of the page: a leaf, or (empty) part of the shape."""
        if not text:
            self.parts.append("")
            return lambda recorder: text
        if OPEN in text or CLOSE in text:
            raise Unstampable("marker")
        index = len(self.values)
        self.values.append(text)
        self.parts.append("s")
        return lambda recorder: Leaf(index, recorder)

    def data(self, value):
        """Front matter: its strings leaves, its structure and other values part of the shape."""
        if isinstance(value, str):
            return self.value(value)
        if isinstance(value, dict):
            self.parts.append(("{", len(value)))
            items = [(key, self._key(key), self.data(item)) for key, item in value.items()]
            return lambda recorder: {key: make(recorder) for key, _, make in items}
        if isinstance(value, list):
            self.parts.append(("[", len(value)))
            items = [self.data(item) for item in value]
            return lambda recorder: [make(recorder) for make in items]
        if value is None or isinstance(value, (bool, int, float)):
            self.parts.append((type(value).__name__, value))
            return lambda recorder: value
        raise Unstampable(type(value).__name__)

    def _key(self, key):
        if not isinstance(key, (str, int, bool)) or key is None:
            raise Unstampable("key")
        self.parts.append(key)
        return key

    def toc(self, items):
        self.parts.append(("toc", len(items)))
        made = []
        for item in items:
            self.parts.append(item.level)
            title, anchor = self.value(item.title), self.value(item.id)
            if hasattr(item, "typeset"):
                raise Unstampable("typeset")
            made.append((item, item.level, title, anchor, self.toc(list(item.children))))
        return lambda recorder: [_anchor(item, level, title(recorder), anchor(recorder), children(recorder))
                                 for item, level, title, anchor, children in made]


def _anchor(real, level, title, anchor, children):
    return _StandIn(real, title=title, id=anchor, level=level, children=children, url="#" + anchor)


_CONTEXT = ("nav", "base_url", "extra_css", "extra_javascript", "mkdocs_version", "config")
"""What of MkDocs' context a stamp is rendered with, beside the page. The rest (`pages`, the
time of the build to the microsecond, what a plugin adds) is left out: a template that prints
it gives a stamp that does not make its page, and the pages of that shape are rendered in full."""


def _shape(page, context, in_nav, share: bool):
    """(key, values, make, folder): the page's shape, its values, the maker of its stand-in page
    and, when `share`, the name of its folder, which is then one of its values (its parent folder
    part of the shape), so that the pages of the folders beside it share its stamps; or raises
    Unstampable."""
    from mkdocs.structure.pages import Page

    if type(page) is not Page or id(page) in in_nav or page.parent is not None or page.ancestors \
            or page.previous_page is not None or page.next_page is not None or not isinstance(page.meta, dict):
        raise Unstampable("page")
    shape = _Shape()
    folder, slash, name = page.url.rstrip("/").rpartition("/")
    trailing = page.url[len(folder) + len(slash) + len(name):]
    parent, sep, own = folder.rpartition("/")
    if not (share and own):
        parent, sep, own = folder, "", None
    shape.parts.append((parent, sep, own is None, slash, trailing))
    stem, dot, extension = name.rpartition(".") if "." in name else (name, "", "")
    shape.parts.append((dot, extension))
    mine = shape.value(own) if own is not None else (lambda recorder: "")
    stem = shape.value(stem)
    title = shape.value(page.title or "") if isinstance(page.title, str) or page.title is None else None
    if title is None:
        raise Unstampable("title")
    shape.parts.append(page.title is None)
    content = shape.value(page.content or "")
    shape.parts.append(page.content is None)
    meta = shape.data(page.meta)
    toc = shape.toc(list(page.toc))
    optional = {}
    for name_ in ("canonical_url", "abs_url", "edit_url"):
        value = getattr(page, name_)
        shape.parts.append((name_, value is None))
        optional[name_] = shape.value(value) if value is not None else (lambda recorder: None)
    shape.parts.append(page.is_homepage)
    for name_ in _CONTEXT:
        value = context.get(name_)
        shape.parts.append(_same(value))

    def make(recorder):
        url = "".join((parent, sep, mine(recorder), slash, stem(recorder), dot, extension, trailing))
        return _StandIn(page, title=title(recorder) if page.title is not None else None, url=url,
                        content=content(recorder) if page.content is not None else None,
                        meta=meta(recorder), toc=toc(recorder), is_homepage=page.is_homepage, parent=None,
                        ancestors=[], previous_page=None, next_page=None, active=True, is_page=True,
                        is_section=False, is_link=False, children=None,
                        **{name_: value(recorder) for name_, value in optional.items()})

    return tuple(shape.parts), shape.values, make, own


def _same(value):
    """A value of the context as a part of a key: itself when it can be one (a string, a date,
    an object equal only to itself), a list as a tuple of the same, or the object's identity."""
    if isinstance(value, list):
        return tuple(_same(item) for item in value)
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))
    return value


_SIBLING = re.compile(r"(?<![./])\.\./([^./\"'#?\s<>][^/\"'#?\s<>]*)")
"""A relative link one folder up and into another: made for a page of a folder shared with the
folders beside it, a link into one of those is written so, where a page of that very folder
gets a shorter link."""


class Stamp:
    """A rendered template cut at its holes: `pieces` between `holes` ((value n, mode)), the
    answers to the template's tests it holds for, and the folders beside the page's its links go
    into (`siblings`: a page of one of those is not made by this stamp). With a `compaction`
    (mkdocs_html.Compaction), the same cut of the output compacted (`fill_compacted`)."""

    def __init__(self, output: str, guards: list[tuple], compaction=None) -> None:
        self.pieces: list[str] = []
        self.holes: list[tuple[int, str]] = []
        start = 0
        for mark in _MARK.finditer(output):
            mode = _MODES.get((mark.group(1), mark.group(3)))
            if mode is None:
                raise Unstampable("a marker changed")
            self.pieces.append(output[start:mark.start()])
            self.holes.append((int(mark.group(2)), mode))
            start = mark.end()
        self.pieces.append(output[start:])
        if any(OPEN in piece or CLOSE in piece for piece in self.pieces):
            raise Unstampable("a marker changed")  # (cut, cased, encoded: not printed as it is)
        self.guards = guards
        self.siblings = {name for piece in self.pieces for match in _SIBLING.finditer(piece)
                         for name in (match.group(1), unquote(match.group(1)))}
        self.compaction = compaction
        self.compacted = compaction.cut(output, _MARK) if compaction is not None else None
        if self.compacted is not None and len(self.compacted[0]) != len(self.pieces):
            self.compacted = None

    def holds(self, values: list[str], folder: str | None) -> bool:
        if folder is not None and folder in self.siblings:
            return False
        for operation, index, argument, answer in self.guards:
            value = values[index]
            if (argument in value if operation == "in" else value == argument) != answer:
                return False
        return True

    def fill(self, values: list[str]) -> str:
        parts = [self.pieces[0]]
        for (index, mode), piece in zip(self.holes, self.pieces[1:]):
            parts.append(_put(values[index], mode))
            parts.append(piece)
        return "".join(parts)

    def fill_compacted(self, values: list[str]) -> str | None:
        """The page of `values` compacted, when each value can be put in compacted alone; else None."""
        if self.compacted is None:
            return None
        pieces, tags = self.compacted
        value_of = self.compaction.value
        parts = [pieces[0]]
        for (index, mode), tag, piece in zip(self.holes, tags, pieces[1:]):
            value = value_of(_put(values[index], mode), tag)
            if value is None:
                return None
            parts.append(value)
            parts.append(piece)
        return "".join(parts)


class Stamper:
    """The stamps of one build: per template and page shape, the stamps made (None: the shape is
    rendered in full). `counts`: pages filled, rendered in full, stamps made and refused."""

    def __init__(self, nav, compaction=None) -> None:
        self.in_nav = {id(page) for page in getattr(nav, "pages", [])}
        self.stamps: dict[tuple, list[Stamp] | None] = {}
        self.counts = {"filled": 0, "rendered": 0, "made": 0, "refused": 0, "compacted": 0}
        self.compaction = compaction
        self.compacted: str | None = None
        """The last page filled compacted (the very string: a plugin that changes the page
        makes another, which is compacted in full)."""

    def render(self, template, render, context) -> str:
        """The page of `context` as `render(context)` (the template's own render) makes it: by
        the stamps its folder shares with the folders beside it, else by its folder's own, else
        in full."""
        page = context.get("page")
        output = None
        for share in (True, False):
            try:
                key, values, make, folder = _shape(page, context, self.in_nav, share)
            except Unstampable:
                break
            key = (template.name, key)
            stamps = self.stamps.get(key, [])
            if stamps is None:
                continue
            for stamp in stamps:
                if stamp.holds(values, folder):
                    self.counts["filled"] += 1
                    compacted = stamp.fill_compacted(values)
                    if compacted is not None:
                        self.counts["compacted"] += 1
                        self.compacted = compacted
                        return compacted
                    return stamp.fill(values)
            if output is None:
                output = self._rendered(render, context)
            stamp = self._made(render, context, values, make, self.compaction) if len(stamps) < MAX_STAMPS else None
            if stamp is not None and stamp.holds(values, folder) and stamp.fill(values) == output:
                if stamp.compacted is not None and stamp.fill_compacted(values) not in (
                        None, self.compaction.whole(output)):
                    stamp.compacted = None  # (never seen: compact_stamp's rule is the safeguard's)
                self.stamps[key] = [*stamps, stamp]
                self.counts["made"] += 1
                return output
            self.stamps[key] = None
            self.counts["refused"] += 1
        return output if output is not None else self._rendered(render, context)

    def _rendered(self, render, context) -> str:
        self.counts["rendered"] += 1
        return render(context)

    @staticmethod
    def _made(render, context, values, make, compaction=None) -> Stamp | None:
        recorder = _Recorder(values)
        standing = {name: context[name] for name in _CONTEXT if name in context}
        standing["page"] = make(recorder)
        try:
            return Stamp(render(standing), recorder.guards, compaction)
        except Unstampable:
            return None
        except Exception:  # noqa: BLE001 - a template that fails on a marker: rendered in full
            return None


ENABLED = True
"""Whether builds stamp (tests build both ways)."""
ANY_TEMPLATES = False
"""Whether builds stamp with templates other than the checked ones (tests of what a stamp
watches, with templates that do what a stamp cannot)."""


def install(env, nav, checked: bool = True, compaction=None) -> Stamper | None:
    """Have `env`'s templates rendered through a new Stamper for this build (with `compaction`:
    its pages filled compacted, see Stamper.compacted); returns it (None when
    stamps are not `ENABLED`, or the theme's templates are not the `checked` ones). MkDocs renders each page with `env.get_template(name).render(context)`:
    the render of each template `env` gives is wrapped, once, on the template object, and asks the
    environment's stamper of the build under way (an environment may serve several builds)."""
    stamper = Stamper(nav, compaction) if ENABLED and (checked or ANY_TEMPLATES) else None
    env.quanze_stamper = stamper
    if getattr(env, "quanze_stamps_installed", False):
        return stamper
    original = env.get_template

    def get_template(name, parent=None, globals=None):
        template = original(name, parent, globals)
        if not getattr(template, "quanze_stamped", False):
            render = type(template).render.__get__(template)

            def stamped(*args, **kwargs):
                current = env.quanze_stamper
                if current is not None and len(args) == 1 and not kwargs and isinstance(args[0], dict) \
                        and args[0].get("page") is not None:
                    return current.render(template, render, args[0])
                return render(*args, **kwargs)
            template.render = stamped
            template.quanze_stamped = True
        return template

    env.get_template = get_template
    env.quanze_stamps_installed = True
    return stamper
