"""The Atom feed of changes (`api/changes.atom`): one entry per edition and per adjustment
record of every agency, newest first, each linking the page that shows the change.

An entry is dated (`updated`) by the last change to its agency's file (the date of the commit,
`corpus.changed`), else by the change's own date (the edition's publication, the adjustment's
date, the list's publication), else by the build date; `published` is the change's own date when
the content gives one. Links are relative to the feed, or absolute when the project's mkdocs.yml
gives a `site_url`.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

from ..content.corpus import Corpus
from ..content.model import URL_PATTERN
from ..site import data_paths as paths
from ..site.paths import Layout

ATOM = "http://www.w3.org/2005/Atom"
#: Characters XML 1.0 cannot hold (control characters, lone surrogates): written as U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def feed_bytes(corpus: Corpus, layout: Layout, date: dt.date, site_url: str = "") -> bytes:
    """The feed; `date` is the build date, `site_url` the site's address (empty: relative links)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", "urn:quanze:changes")
    _text(feed, "title", "权责清单的版本与调整")
    entries = sorted(dated_entries(corpus, layout, date), key=lambda e: (e["updated"], e["published"] or dt.date.min,
                                                                         e["id"]), reverse=True)
    newest = max([e["updated"] for e in entries] or corpus.changed.values() or [date])
    _text(feed, "updated", _stamp(newest))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=_address(site_url, paths.relative("index.html", paths.FEED)))
    if site_url:
        ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=urljoin(site_url, paths.FEED))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "quanze")
    for entry in entries:
        node = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(node, "id", entry["id"])
        _text(node, "title", entry["title"])
        _text(node, "updated", _stamp(entry["updated"]))
        if entry["published"]:
            _text(node, "published", _stamp(entry["published"]))
        ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", href=_address(site_url, entry["link"]))
        _text(node, "summary", entry["summary"])
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def dated_entries(corpus: Corpus, layout: Layout, date: dt.date) -> list[dict]:
    """The entries, each with `published` (the change's own date, or None) and `updated` (the
    last commit of its agency's file, never before `published`; else `published`; else `date`)."""
    out = []
    for entry in feed_entries(corpus, layout):
        own = entry["updated"]
        committed = corpus.changed.get(f"agencies/{entry['agency']}")
        updated = max(d for d in (committed, own) if d) if (committed or own) else date
        out.append({**entry, "published": own, "updated": updated})
    return out


def feed_entries(corpus: Corpus, layout: Layout) -> list[dict]:
    """The entries of the feed: the changes between editions and the adjustment records."""
    from ..site.editions import change_entries

    return change_entries(corpus, layout, paths.FEED)


def site_address(project: Path | None) -> str:
    """The `site_url` of the project's mkdocs.yml, ending in /, when it is an http(s) address; else empty."""
    from ..site.home import project_config

    url = str(project_config(project).get("site_url") or "")
    return url.rstrip("/") + "/" if re.fullmatch(URL_PATTERN, url) else ""


def _address(site_url: str, link: str) -> str:
    """A link relative to the feed, made absolute when the site's address is known."""
    return urljoin(urljoin(site_url, paths.FEED), link) if site_url else link


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    node.text = _NOT_XML.sub("\ufffd", text)
    return node


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
