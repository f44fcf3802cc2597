"""The Jinja environments of the page templates: presentation only.

Every `{{ value }}` a template prints is escaped for Markdown (`escape.escape_inline`) unless
the page builders marked it as generated markup (`Markup`): links and anchors built from ASCII
ids, never from content text.

A page template is `<name>.md.j2` (a Markdown page) or `<name>.html.j2`: a Markdown page whose
blocks are HTML, but for its headings (`## 标题 {#id}`), which any Markdown reader turns into the
same HTML. There links are printed as `<a>`, and `block` writes HTML paragraphs; the page says
so in its front matter (`HTML_BODY`), and the MkDocs builder then takes its blocks as they are
instead of converting them (builders/mkdocs_html.py). The power pages (most of a site) and the full lists are such
pages. A project's template of either kind replaces quanze's of the same name.

Templates are rendered in Jinja's sandbox: a project's template (from a contributor's branch, say)
prints the values its page is given and cannot reach Python's internals (`''.__class__`, a
function's globals, `os`); one that tries is refused with one line at its place.
"""

from __future__ import annotations

import functools
import traceback
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup

from .. import escape
from ..content.load import display_path
from ..errors import QuanzeError
from ..project import PACKAGED_TEMPLATES
from .paths import Link

TEMPLATES = PACKAGED_TEMPLATES / "pages"
"""quanze's own page templates (a project's `site_templates/pages/` can replace any of them)."""


LONG_QUOTE = 300
"""A quoted article longer than this many characters is folded on a power page (its start shown)."""
QUOTE_START = 60
"""How many characters of a folded quote its summary shows."""


@dataclass(frozen=True)
class ExternalLink:
    """A link to another site (an http(s) address checked by the model): shown with its text,
    opened without giving the other site a handle on this page."""

    text: str
    url: str


def _text(text) -> str:
    """Link text: content escaped, or generated markup (a correction's mark) as it is."""
    return str(text) if isinstance(text, Markup) else escape.escape_inline(text)


def _external(link: ExternalLink) -> Markup:
    return Markup(f'<a href="{escape.escape_html(link.url)}" rel="external noopener noreferrer">'
                  f"{_text(link.text)}</a>")


def html_url(url: str) -> str:
    """A page link as raw HTML needs it: the built file (`x.md#a` -> `x.html#a`), since MkDocs
    rewrites only the links of Markdown."""
    path, mark, fragment = str(url).partition("#")
    return (path[:-3] + ".html" if path.endswith(".md") else path) + mark + fragment


def _html(value) -> Markup:
    """A value printed inside raw HTML (a table of fields, a list of citations), where Markdown is
    not read: a link as `<a>`, text escaped as everywhere."""
    if isinstance(value, Link):
        return _html_link(str(value.text), isinstance(value.text, Markup), str(value.url))
    return _finalize(value)


@functools.lru_cache(maxsize=1 << 18)
def _html_link(text: str, markup: bool, url: str) -> Markup:
    """(Made once per link: a site links the same pages from thousands of pages. The text's kind
    is part of the key, since generated markup and content text of the same characters differ.)"""
    return Markup(f'<a href="{escape.escape_html(html_url(url))}">{text if markup else escape.escape_inline(text)}</a>')


def _paragraphs(text: str, searched: bool = True) -> str:
    """Text as HTML paragraphs, one per source line (each kept out of the search index unless `searched`)."""
    tag = "<p>" if searched else "<p data-search-exclude>"
    return "".join(f"{tag}{line}</p>" for line in escape.escape_lines(text))


def _quote(text: str, searched: bool = True, fold: bool = True) -> Markup:
    """A quoted article as a block quote; a long one (with `fold`) in a `<details>` whose summary
    shows its start (print shows it whole)."""
    quote = f"<blockquote>{_paragraphs(text, searched)}</blockquote>"
    flat = " ".join(str(text).split())
    if not fold or len(flat) <= LONG_QUOTE:
        return Markup(quote)
    start = escape.escape_inline(flat[:QUOTE_START].rstrip())
    return Markup(f'<details class="quanze-quote"><summary>{start}……（全文 {len(flat)} 字）</summary>{quote}</details>')


def _finalize(value):
    if isinstance(value, Link):
        return Markup(f"[{_text(value.text)}]({value.url})")
    if isinstance(value, ExternalLink):
        return _external(value)
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return escape.escape_inline(str(value))


def _html_block(text: str | None, prefix: str = "") -> Markup:
    """`block` in an HTML page: one `<p>` per source line, in a block quote when `prefix` is "> "
    (what Python-Markdown makes of `escape.escape_block`)."""
    paragraphs = "\n".join(f"<p>{line}</p>" for line in escape.escape_lines(text))
    if prefix.strip() == ">":
        return Markup(f"<blockquote>\n{paragraphs}\n</blockquote>")
    if prefix:
        raise ValueError(f"block prefix {prefix!r}: an HTML page quotes with '> ' or writes plain paragraphs")
    return Markup(paragraphs)


def _unsearched(markdown: str, prefix: str = "") -> Markup:
    """Markdown paragraphs (from the `block` filter) kept out of the search index: each gets
    Material's `data-search-exclude` attribute (attr_list)."""
    marker = f"\n{prefix}{{: data-search-exclude }}"
    paragraphs = str(markdown).split(f"\n{prefix.rstrip()}\n")
    return Markup(f"\n{prefix.rstrip()}\n".join(p + marker for p in paragraphs if p))


def folders(templates: Path | list[Path]) -> list[Path]:
    return [Path(templates)] if isinstance(templates, (str, Path)) else [Path(t) for t in templates]


HTML_BODY = "quanze_html"
"""The front-matter key (true) of a page whose blocks are HTML but for its headings."""


def environment(templates: Path | list[Path] = TEMPLATES, html: bool = False) -> Environment:
    """The Jinja environment of the page templates (`html`: of the `.html.j2` ones); with several
    folders, the first that holds a template wins (a project's own templates over quanze's). A
    project's own templates render in Jinja's sandbox; quanze's own, when they are all there is,
    outside it (the sandbox checks every attribute a template reads: a sixth of a render's time)."""
    trusted = all(folder == TEMPLATES or not any(folder.glob("*.j2")) for folder in folders(templates))
    kind = Environment if trusted else SandboxedEnvironment
    env = kind(
        loader=FileSystemLoader([str(t) for t in folders(templates)]), finalize=_html if html else _finalize,
        undefined=StrictUndefined,
        comment_start_string="{##", comment_end_string="##}",  # `{#id}` is Markdown (attr_list)
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
        auto_reload=False,  # one render's environment: no template changes during it (a file stat per include)
    )
    env.filters["block"] = lambda text, prefix="": Markup(escape.escape_block(text, prefix))
    env.filters["unsearched"] = _unsearched
    env.filters["title"] = lambda text: Markup(escape.escape_yaml_title(text))
    env.filters["html"] = _html
    env.filters["quote"] = _quote
    if html:
        env.filters["block"] = _html_block
    return env


class PageTemplates:
    """The page templates of a render: `render("power.md.j2", context)` renders `power.md.j2` or
    `power.html.j2`, whichever the first folder holding either has."""

    def __init__(self, templates: Path | list[Path] = TEMPLATES) -> None:
        self.folders = folders(templates)
        self.markdown = environment(self.folders)
        self.html = environment(self.folders, html=True)
        self._kinds: dict[str, bool] = {}

    def is_html(self, name: str) -> bool:
        if name not in self._kinds:
            for folder in self.folders:
                if (folder / f"{name}.md.j2").is_file() or (folder / f"{name}.html.j2").is_file():
                    self._kinds[name] = not (folder / f"{name}.md.j2").is_file()
                    break
            else:
                self._kinds[name] = False  # (Jinja says which template is missing)
        return self._kinds[name]

    def render(self, template: str, context: dict) -> str:
        name = template.removesuffix(".md.j2")
        try:
            if not self.is_html(name):
                return self.markdown.get_template(f"{name}.md.j2").render(context)
            text = self.html.get_template(f"{name}.html.j2").render(context)
        except SecurityError as exc:
            raise QuanzeError(sandbox_error(exc)) from None
        if not text.startswith("---\n"):
            return f"---\n{HTML_BODY}: true\n---\n\n{text}"
        return f"---\n{HTML_BODY}: true\n{text[4:]}"


def sandbox_error(exc: SecurityError) -> str:
    """One line for a template the sandbox stopped, at the template's line that tried."""
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename.endswith(".j2")]
    where = f"{display_path(Path(frames[-1].filename))}:{frames[-1].lineno}" if frames else "a page template"
    return (f"{where}: error: {exc} (a page template prints the values its page is given; it cannot reach "
            "Python's internals or modules)")
