"""The Atom feed of changes (`api/changes.atom`): one entry per edition and per adjustment
record of every agency, newest first, each linking the page that shows the change."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from ..content.corpus import Corpus
from ..site.paths import Layout
from . import paths

ATOM = "http://www.w3.org/2005/Atom"
#: Characters XML 1.0 cannot hold (control characters, lone surrogates): written as U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def feed_bytes(corpus: Corpus, layout: Layout, date: dt.date) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", "urn:quanze:changes")
    _text(feed, "title", "权责清单的版本与调整")
    entries = sorted(feed_entries(corpus, layout), key=lambda e: (e["updated"] or date, e["id"]), reverse=True)
    _text(feed, "updated", _stamp(max((e["updated"] or date for e in entries), default=date)))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=paths.relative("index.html", paths.FEED))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "quanze")
    for entry in entries:
        node = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(node, "id", entry["id"])
        _text(node, "title", entry["title"])
        _text(node, "updated", _stamp(entry["updated"] or date))
        ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", href=entry["link"])
        _text(node, "summary", entry["summary"])
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def feed_entries(corpus: Corpus, layout: Layout) -> list[dict]:
    """The entries of the feed: the changes between editions and the adjustment records."""
    from ..site.editions import change_entries

    return change_entries(corpus, layout, paths.FEED)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    node.text = _NOT_XML.sub("\ufffd", text)
    return node


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
