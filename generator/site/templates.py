"""The Jinja environment of the page templates: presentation only.

Every `{{ value }}` a template prints is escaped for Markdown (`escape.escape_inline`) unless
the page builders marked it as generated markup (`Markup`): links and anchors built from ASCII
ids, never from content text.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .. import escape
from ..project import PACKAGED_TEMPLATES
from .paths import Link

TEMPLATES = PACKAGED_TEMPLATES / "pages"
"""quanze's own page templates (a project's `site_templates/pages/` can replace any of them)."""


def _finalize(value):
    if isinstance(value, Link):
        return Markup(f"[{escape.escape_inline(value.text)}]({value.url})")
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return escape.escape_inline(str(value))


def _unsearched(markdown: str, prefix: str = "") -> Markup:
    """Markdown paragraphs (from the `block` filter) kept out of the search index: each gets
    Material's `data-search-exclude` attribute (attr_list)."""
    marker = f"\n{prefix}{{: data-search-exclude }}"
    paragraphs = str(markdown).split(f"\n{prefix.rstrip()}\n")
    return Markup(f"\n{prefix.rstrip()}\n".join(p + marker for p in paragraphs if p))


def folders(templates: Path | list[Path]) -> list[Path]:
    return [Path(templates)] if isinstance(templates, (str, Path)) else [Path(t) for t in templates]


def environment(templates: Path | list[Path] = TEMPLATES) -> Environment:
    """The Jinja environment of the page templates; with several folders, the first that holds
    a template wins (a project's own templates over quanze's)."""
    env = Environment(
        loader=FileSystemLoader([str(t) for t in folders(templates)]), finalize=_finalize, undefined=StrictUndefined,
        comment_start_string="{##", comment_end_string="##}",  # `{#id}` is Markdown (attr_list)
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
    )
    env.filters["block"] = lambda text, prefix="": Markup(escape.escape_block(text, prefix))
    env.filters["unsearched"] = _unsearched
    env.filters["title"] = lambda text: Markup(escape.escape_yaml_title(text))
    return env
