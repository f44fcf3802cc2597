"""The about page (关于本站) and the open-data page (开放数据), linked from every page's footer.

The about page says who runs the site, what it holds, how it is checked and how to report an
error. A project says who runs it in its own mkdocs.yml (`quanze init` asks for the first two):

    extra:
      quanze:
        operator: 某某县司法局              # who runs the site
        contact: 电话 0000-0000000          # how to reach them
        report_url: https://example.cn/jc   # where to report an error (a form, an issue tracker)
        report_email: jiucuo@example.cn     # or an address to write to
        policy: 本站……                       # how the site is edited and corrected

Whatever is not configured, the page says is not. The open-data page links the feed of changes,
the index of the data files and each agency's list as CSV, XLSX and JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path

from markupsafe import Markup

from .. import escape
from ..content.model import URL_PATTERN
from ..content.validate import shown
from ..errors import QuanzeError
from ..i18n import _
from . import data_paths
from .context import Site
from .home import HomeWords, project_words
from .paths import Link, agency_path
from .templates import ExternalLink

ABOUT_PATH = "about.md"
OPEN_DATA_PATH = "open-data.md"
EMAIL_PATTERN = r"^[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9.\-]{1,200}\.[A-Za-z]{2,24}$"
"""An address to write to: ASCII letters, digits and the few marks addresses use; nothing a link could carry."""


@dataclass(frozen=True)
class AboutWords:
    """What a project says about who runs its site (`extra.quanze` of its mkdocs.yml); empty: not configured."""

    operator: str = ""
    """Who runs the site, e.g. 某某县司法局."""
    contact: str = ""
    """How to reach them, e.g. 电话 0000-0000000."""
    report_url: str = ""
    """Where to report an error: an http(s) address."""
    report_email: str = ""
    """An address to write to about an error."""
    policy: str = ""
    """How the site is edited and corrected, in the operator's words."""

    def key(self) -> tuple[str, ...]:
        """The words as plain values (what the about page is rendered from)."""
        return tuple(getattr(self, f.name) for f in fields(self))


def about_words(project: Path | None) -> AboutWords:
    """The configured words of the project; a report address that is not one is refused in one line."""
    words = AboutWords(**project_words(project, tuple(f.name for f in fields(AboutWords))))
    where = f"{Path(project) / 'mkdocs.yml'}" if project else "mkdocs.yml"
    if words.report_url and not re.fullmatch(URL_PATTERN, words.report_url):
        raise QuanzeError(f"{where}: error: extra.quanze.report_url: " + _(
            '"{value}" is not an http(s) address (write the full address, e.g. https://example.cn/jiucuo)').format(
            value=shown(words.report_url)))
    if words.report_email and not re.fullmatch(EMAIL_PATTERN, words.report_email):
        raise QuanzeError(f"{where}: error: extra.quanze.report_email: " + _(
            '"{value}" is not an e-mail address (write it as name@example.cn)').format(value=shown(words.report_email)))
    return words


def about_context(site: Site, words: AboutWords, home: HomeWords) -> dict:
    """The about page: the configured words (None where not configured), what the site holds."""
    corpus = site.corpus
    email = words.report_email
    return {
        "operator": words.operator or None, "contact": words.contact or None, "policy": words.policy or None,
        "report_url": ExternalLink(words.report_url, words.report_url) if words.report_url else None,
        "report_email": Markup(f'<a href="mailto:{escape.escape_html(email)}">{escape.escape_inline(email)}</a>')
        if email else None,
        "publishers": home.publishers,
        "totals": {"agencies": len(corpus.agencies), "powers": sum(len(a.powers) for a in corpus.agencies.values()),
                   "statutes": len(corpus.statutes)},
        "open_data": Link("开放数据", site.link(ABOUT_PATH, OPEN_DATA_PATH)),
    }


def open_data_context(site: Site) -> dict:
    """The open-data page: the site-wide files, and each agency's list in its three formats (in a
    sharded site, where that would be thousands of rows, the split corpus files instead)."""
    layout = site.layout

    def data(path: str) -> Markup:
        return data_paths.data_link(layout, OPEN_DATA_PATH, path)

    agencies = [] if layout.sharded else [
        {"link": Link(agency.name, site.link(OPEN_DATA_PATH, agency_path(agency_id))),
         **{ext: data(data_paths.list_file(layout, agency_id, ext)) for ext in data_paths.LIST_FORMATS}}
        for agency_id, agency in sorted(site.corpus.agencies.items())]
    return {"feed": data(data_paths.FEED), "index": data(data_paths.index_file(layout)), "schema": data(data_paths.SCHEMA),
            "corpus": None if layout.sharded else data(data_paths.CORPUS),
            "statutes": data(data_paths.STATUTES) if layout.sharded else None,
            "provinces": [{"title": layout.titles[shard], "json": data(data_paths.province_file(shard))}
                          for shard in layout.titles],
            "agencies": agencies, "sharded": layout.sharded}
