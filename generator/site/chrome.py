"""What every page carries around its content, for the theme's templates (site_templates/overrides/):
the breadcrumb trail, the `<title>` parts, the meta description, the data date (shown as the
site's update date), the links of the footer (about, open data) and of the head (the feed and
the data the page is made from), and a schema.org description of a power or statute page.

`page_meta` computes them from the page's logical path and the corpus; `with_meta` writes them
into the page's front matter under `quanze:` (plain values: the theme escapes them when it
prints; `print_head`, a full list's running head in print, already escaped as a CSS string). Deterministic: the data date is SOURCE_DATE_EPOCH when set, else the newest date the
content gives (publication of a list or an edition, date of an adjustment), never the clock.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import yaml

from ..content.corpus import Corpus
from ..content.dates import build_date, source_date_epoch
from ..content.model import Document
from ..content.vocab import CATEGORIES, CATEGORY_SLUGS, LEVEL_SLUGS
from ..escape import css_string, yaml_flow
from . import data_paths
from .about import ABOUT_PATH, OPEN_DATA_PATH
from .context import Site
from .linked_data import government_service, legislation, script_json
from .outline import Outline
from .paths import agency_path, power_path, statute_path

#: libyaml's safe loader where PyYAML has it (a page's title read back: the same value, ten times as fast).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

HOME, AGENCIES, STATUTES, CATEGORIES_PAGE = "index.md", "agencies/index.md", "statutes/index.md", "categories/index.md"
CATALOGUES_PAGE = "catalogues/index.md"


def data_date(corpus: Corpus) -> str | None:
    """The date of the data (YYYY-MM-DD) a page falls back to, or None when neither SOURCE_DATE_EPOCH
    nor the content gives one."""
    if source_date_epoch() is not None:
        return build_date().isoformat()
    dates = []
    for agency in corpus.agencies.values():
        dates += [agency.published, *(e.published for e in agency.editions), *(a.date for a in agency.adjustments)]
    dates = [d for d in dates if isinstance(d, dt.date)]
    return max(dates).isoformat() if dates else None


def page_dates(corpus: Corpus, fallback: str | None):
    """A function: a page's inputs -> its data date. With SOURCE_DATE_EPOCH, that date; else the
    date the newest agency or statute file among the page's inputs last changed (`corpus.changed`,
    from git), so that an edit to one list changes the dates of the pages made from it only; a
    page made from no such file, or a corpus without those dates, has `fallback`."""
    if source_date_epoch() is not None or not corpus.changed:
        return lambda inputs: fallback
    keys: dict[str, list[str]] = {}  # a document's digest -> its files (two, for the same content twice)
    for kind, models in (("agencies", corpus.agencies), ("statutes", corpus.statutes)):
        for name, model in models.items():
            keys.setdefault(model.digest, []).append(f"{kind}/{name}")

    def date_of(inputs: tuple) -> str | None:
        dates = [corpus.changed[key] for value in _flat_inputs(inputs) if isinstance(value, Document)
                 for key in keys.get(value.digest, ()) if key in corpus.changed]
        return max(dates).isoformat() if dates else fallback
    return date_of


def _flat_inputs(inputs):
    for value in inputs:
        if isinstance(value, tuple):
            yield from _flat_inputs(value)
        elif isinstance(value, Outline):  # (dated by its agency's file)
            yield value.agency
        else:
            yield value


def powers_by_path(corpus: Corpus) -> dict[tuple[str, str], object]:
    """(agency id, power id) -> the power's reference, once per render."""
    return {(ref.agency_id, ref.power.id): ref for ref in corpus.powers()}


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _flat(text: str) -> str:
    """Text on one line as a heading shows it: lines joined, spaces trimmed, unprintables as U+FFFD."""
    return _CONTROL.sub("\ufffd", " ".join(line.strip() for line in str(text).splitlines() if line.strip()))


def _flatten(value):
    if isinstance(value, str):
        return _flat(value)
    if isinstance(value, list):
        return [_flatten(v) for v in value]
    if isinstance(value, dict):
        return {k: _flatten(v) for k, v in value.items()}
    return value


def _html(url: str) -> str:
    """A link between built pages: the theme's templates print it as is (MkDocs rewrites only Markdown)."""
    path, hash_, anchor = url.partition("#")
    return (path.removesuffix(".md") + ".html" if path.endswith(".md") else path) + hash_ + anchor


def page_meta(site: Site, path: str, title: str | None = None, powers: dict | None = None) -> dict:
    """Breadcrumbs (text, url) from the home page down to this page, its title parts and description."""
    def crumb(text: str, to: str, anchor: str | None = None) -> list[str]:
        return [text, _html(str(site.link(path, to, anchor)))]

    corpus, parts = site.corpus, path.split("/")
    crumbs = [crumb("首页", HOME)] if path != HOME else [["首页", ""]]  # home too: where the reader is
    meta: dict = {}
    if parts[0] == "agencies" and len(parts) >= 2:
        crumbs.append(crumb("机关", AGENCIES))
        agency = corpus.agencies.get(parts[1]) if len(parts) >= 3 else None
        if agency is not None:
            crumbs.append(crumb(agency.name, agency_path(parts[1])))
            ref = (powers if powers is not None else powers_by_path(corpus)).get((parts[1], parts[2].removesuffix(".md"))) if len(parts) == 3 else None
            if ref is not None:
                power = ref.power
                meta["title"] = [power.name, agency.name]
                meta["description"] = (f"{agency.name}权责清单中的{power.category}事项“{power.name}”"
                                       f"{'（编码 ' + power.code + '）' if power.code else ''}：职权依据、责任事项与追责情形。")
                meta["json_ld"] = script_json(government_service(power, agency))
                title = power.name
            elif parts[2] == "full_list.md":
                meta["title"] = ["全文清单", agency.name]
                meta["description"] = f"{agency.name}权责清单全文：{len(agency.powers)} 项职权按公布顺序，含依据、责任事项与追责情形。"
                meta["print_head"] = css_string(running_head(agency))
                title = "全文清单"
            elif parts[2] == "index.md":
                # the list's title names the agency or the title says whose list it is
                meta["title"] = [agency.title] if agency.name in agency.title else [agency.title, agency.name]
                meta["description"] = f"{agency.name}公布的权责清单，共 {len(agency.powers)} 项职权（{agency.region}）。"
                title = None
    elif parts[0] == "statutes" and len(parts) >= 2 and path != STATUTES:
        crumbs.append(crumb("法律法规", STATUTES))
        statute_id = parts[1].removesuffix(".md")
        statute = corpus.statutes.get(statute_id)
        if statute is not None:
            crumbs.append(crumb(statute.level, STATUTES, LEVEL_SLUGS.get(statute.level)))
            if len(parts) == 3:  # a version of an official text, below the statute's page
                crumbs.append(crumb(statute.title, statute_path(statute_id)))
            meta["title"] = [title or statute.title]
            if len(parts) == 2:  # the statute's own page (of the version in force)
                meta["json_ld"] = script_json(legislation(statute))
            meta["description"] = f"《{statute.title}》（{statute.level}）：各机关清单引用的条文，以及引用各条的职权。"
    elif parts[0] == "categories" and path != CATEGORIES_PAGE:
        crumbs.append(crumb("职权类别", CATEGORIES_PAGE))
        slug = parts[-1].removesuffix(".md")
        category = next((c for c in CATEGORIES if CATEGORY_SLUGS[c] == slug), None)
        if category:
            meta["description"] = f"各机关清单中的{category}类职权。"
    elif parts[0] == "same":
        crumbs.append(crumb("机关", AGENCIES))
    elif parts[0] == "catalogues" and path != CATALOGUES_PAGE:
        crumbs.append(crumb("参考目录", CATALOGUES_PAGE))
        catalogue = corpus.catalogues.get(parts[1]) if len(parts) == 4 else None
        if catalogue is not None:  # catalogues/<id>/agencies/<agency>.md
            crumbs.append(crumb(catalogue.title, f"catalogues/{parts[1]}/index.md"))
    if title and path != HOME:
        crumbs.append([title, ""])
    meta["crumbs"] = crumbs
    return meta


def running_head(agency) -> str:
    """The line at the top of each printed A4 page of a full list: its title (and the agency when
    the title does not name it), edition and date, as far as the list gives them."""
    parts = [agency.title] if agency.name in agency.title else [agency.name, agency.title]
    parts += [agency.edition or "", f"{agency.published}公布" if agency.published else ""]
    return " · ".join(part for part in parts if part)


def with_meta(text: str, meta: dict) -> str:
    """A page's Markdown with `meta` added to its front matter under `quanze:`."""
    block = f"quanze: {yaml_flow(_flatten(meta))}\n"
    if text.startswith("---\n"):
        return "---\n" + block + text[4:]
    return "---\n" + block + "---\n\n" + text


def front_title(text: str) -> str | None:
    """The `title:` of a page's front matter, as YAML reads it."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 4)
    for line in text[4:end].splitlines():
        if line.startswith("title:"):
            if line[6:].strip().startswith('"'):  # as quanze's templates write it (escape_yaml_title): JSON
                try:
                    return str(json.loads(line[6:]))
                except ValueError:  # a YAML escape JSON does not have: read as YAML
                    pass
            value = yaml.load(line[6:], Loader=LOADER)
            return None if value is None else str(value)
    return None


def dress_inputs(corpus: Corpus, path: str) -> tuple:
    """What `dress` reads of the content for the page at `path` (a logical path), besides the
    page's text, the layout and the data date: the agency or statute the path names."""
    parts = path.split("/")
    if parts[0] == "agencies" and len(parts) >= 3:
        return (corpus.agencies.get(parts[1]),)
    if parts[0] == "statutes" and len(parts) >= 2:
        return (corpus.statutes.get(parts[1].removesuffix(".md")),)
    return ()


#: The pages whose head names the feed of changes: where a reader subscribes (the home page, an
#: agency's, the open-data and about pages), not every page of a site of 60,000 (9 MB at 3,400 agencies).
FEED_PAGES = re.compile(r"index\.md|agencies/[^/]+/index\.md|" + re.escape(ABOUT_PATH) + "|" + re.escape(OPEN_DATA_PATH))


def site_links(site: Site, path: str, powers: dict) -> dict:
    """The links every page carries (built-file URLs relative to the page): the about and
    open-data pages (footer), the data the page shows (head: an agency's list, a power's place
    in that list, else the index of the data files) and, on the pages of `FEED_PAGES`, the feed
    of changes."""
    layout, parts = site.layout, path.split("/")
    data = data_paths.relative(data_paths.index_file(layout), layout.place(path))
    if parts[0] == "agencies" and len(parts) == 3 and parts[1] in site.corpus.agencies:
        ref = powers.get((parts[1], parts[2].removesuffix(".md")))
        if parts[2] == "index.md":
            data = data_paths.data_link(layout, path, data_paths.list_file(layout, parts[1], "json"))
        elif ref is not None and path == power_path(parts[1], parts[2][:-3]):
            data = data_paths.power_link(layout, parts[1], ref.power.id, ref.index)
    return {"about": _html(str(site.link(path, ABOUT_PATH))), "open_data": _html(str(site.link(path, OPEN_DATA_PATH))),
            "feed": data_paths.relative(data_paths.FEED, layout.place(path)) if FEED_PAGES.fullmatch(path) else None,
            "data": str(data)}


def dress(site: Site, path: str, text: str, date: str | None, powers: dict) -> str:
    """The page with its breadcrumbs, title parts, description, data date and links in its front matter."""
    meta = page_meta(site, path, front_title(text), powers)
    meta.update(site_links(site, path, powers))
    if date:
        meta["data_date"] = date
    return with_meta(text, meta)
