"""What quanze adds to a built site's search index, for its own search script
(site_templates/assets/javascripts/quanze-search.js):

- `where` on each power page's entry: its agency and category ("西夏区医疗保障局 · 行政处罚"),
  read from the page's `quanze-where` line, so that a result says whose power it is; and on an
  agency page whose list title does not name the agency (行政执法事项目录清单), the agency's
  name, read from the page's `<title>`, so that the name finds the list;
- `config.synonyms`: the list kept as data in site_templates/search/synonyms.yaml (in `config`:
  Material hands its search only the index's `config` and `docs`).

The script finds substrings of the text itself, so the index needs no n-grams or extra cuts.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from ..project import PACKAGED_TEMPLATES

SYNONYMS = PACKAGED_TEMPLATES / "search" / "synonyms.yaml"
_WHERE = re.compile(r'<p class="quanze-where">(.*?)</p>', re.S)
_TAG = re.compile(r"<[^>]*>")
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_TITLE_SEPARATOR = " – "
_AGENCY_PAGE = re.compile(r"(^|/)agencies/[^/]+/(index\.html)?$")


def synonyms(path: Path = SYNONYMS) -> dict[str, list[str]]:
    """The synonym list: word -> the words it also finds (values always a list of text)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    if not isinstance(data, dict):
        return {}
    return {str(key): [str(v) for v in (value if isinstance(value, list) else [value])]
            for key, value in sorted(data.items())}


def where(page_html: str) -> str | None:
    """A power page's `agency · category` line, as escaped HTML text (tags removed), or None."""
    found = _WHERE.search(page_html)
    if not found:
        return None
    text = html.unescape(_TAG.sub("", found.group(1)))
    return html.escape(" ".join(text.split()), quote=False)


def title_where(page_html: str) -> str | None:
    """The middle parts of a page's `<title>` (〈页面〉 – 〈机关〉 – 〈站名〉: the agency), as escaped
    HTML text, or None when the title has no middle part."""
    found = _TITLE.search(page_html)
    if not found:
        return None
    parts = html.unescape(found.group(1)).split(_TITLE_SEPARATOR)
    if len(parts) < 3:
        return None
    return html.escape(_TITLE_SEPARATOR.join(" ".join(p.split()) for p in parts[1:-1]), quote=False)


def _where_of_page(page_html: str, location: str) -> str | None:
    found = where(page_html)
    if found is None and _AGENCY_PAGE.search(location):
        return title_where(page_html)
    return found


def enrich(index: dict, site_dir: Path) -> dict:
    """Add `where` to the entries of power pages and `synonyms` to the index's config (in place)."""
    pages: dict[str, str | None] = {}
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        if "where" in doc:
            continue  # from an earlier pass over this index: its page did not change since
        if "#" in location or not location.startswith("agencies/") and "/agencies/" not in location:
            continue
        if location.startswith("../"):
            continue  # a page of another sub-site: its light entry brings its own `where`
        if location not in pages:
            pages[location] = _page_where(Path(site_dir) / location, location)
        if pages[location]:
            doc["where"] = pages[location]
    index.setdefault("config", {})["synonyms"] = synonyms()
    return index


#: page file -> (its modification time and size, its `where`): a preview enriches the index of
#: a sub-site after each edit, and reads again only the pages that edit rewrote.
_READ: dict[str, tuple[int, int, str | None]] = {}


def _page_where(page: Path, location: str) -> str | None:
    try:
        stat = page.stat()
    except OSError:
        return None
    known = _READ.get(str(page))
    if known is not None and known[:2] == (stat.st_mtime_ns, stat.st_size):
        return known[2]
    found = _where_of_page(page.read_text(encoding="utf-8"), location)
    _READ[str(page)] = (stat.st_mtime_ns, stat.st_size, found)
    return found
