"""What quanze adds to a built site's search index, for its own search script
(site_templates/assets/javascripts/quanze-search.js):

- `where` on each power page's entry: its agency and category ("西夏区医疗保障局 · 行政处罚"),
  read from the page's `quanze-where` line, so that a result says whose power it is; and on an
  agency page whose list title does not name the agency (行政执法事项目录清单), the agency's
  name, read from the page's `<title>`, so that the name finds the list;
- `names` on each agency page's entry: the agency's name and the short names readers type
  (大同医保局 for 大同市医疗保障局), from the page's `data-quanze-agency` and the table kept as
  data in site_templates/search/short_names.yaml (`agency_names`);
- `config.synonyms`: the list kept as data in site_templates/search/synonyms.yaml (in `config`:
  Material hands its search only the index's `config` and `docs`).

The script finds substrings of the text itself, so the index needs no n-grams or extra cuts.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

import yaml

from ..content.places import department, places, short_place
from ..project import PACKAGED_TEMPLATES

SYNONYMS = PACKAGED_TEMPLATES / "search" / "synonyms.yaml"
SHORT_NAMES = PACKAGED_TEMPLATES / "search" / "short_names.yaml"
_AGENCY_NAME = re.compile(r'data-quanze-agency="([^"]*)"')
_SECOND_NAME = re.compile(r"[（(]([^（）()]{2,})[）)]$")
_WHERE = re.compile(r'<p class="quanze-where"(?: data-search-exclude)?>(.*?)</p>', re.S)
_TAG = re.compile(r"<[^>]*>")
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_TITLE_SEPARATOR = " – "
_AGENCY_PAGE = re.compile(r"(^|/)agencies/[^/]+/(index\.html)?$")


def synonyms(path: Path = SYNONYMS) -> dict[str, list[str]]:
    """The synonym list: word -> the words it also finds (values always a list of text); read
    once while the file is the same (a build puts it in the index of every sub-site)."""
    try:
        info = path.stat()
    except OSError:
        return {}
    return {word: list(words) for word, words in _synonyms(path, info.st_mtime_ns, info.st_size).items()}


@functools.lru_cache(maxsize=4)
def _synonyms(path: Path, mtime: int, size: int) -> dict[str, list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        return {}
    return {str(key): [str(v) for v in (value if isinstance(value, list) else [value])]
            for key, value in sorted(data.items())}


@functools.lru_cache(maxsize=1)
def _short_names(path: Path = SHORT_NAMES) -> dict[str, list[str]]:
    """Department name -> the short names readers use for it, longest name first."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    data = data if isinstance(data, dict) else {}
    departments = {str(k): [str(v) for v in (vs if isinstance(vs, list) else [vs])]
                   for k, vs in (data.get("departments") or {}).items()}
    return dict(sorted(departments.items(), key=lambda kv: (-len(kv[0]), kv[0])))


def agency_names(name: str) -> list[str]:
    """The names an agency is found by: its own, without a second name in brackets, and each form
    of its place (大同市, 大同; 银川市西夏区, 西夏区, 西夏) joined to each form of its department
    (医疗保障局, 医保局; a second name in brackets is one too)."""
    name = " ".join(name.split())
    names = [name]
    second = _SECOND_NAME.search(name)
    if second:
        name = name[:second.start()].strip()
        names.append(name)
    levels = places(name)
    own = department(name)
    if not levels or not own or own == name:
        return _distinct(names)
    departments = _short_names()
    ending = next((e for e in departments if own.endswith(e)), None)
    forms = [own, *([own[:-len(ending)] + short for short in departments[ending]] if ending else [])]
    if second:
        forms.append(second.group(1))
    place_forms = ["".join(levels), *levels[-1:]]
    place_forms.append(short_place(levels[-1]))
    return _distinct(names + [p + f for p in _distinct(place_forms) for f in forms])


def _distinct(names: list[str]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


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


def enrich(index: dict, site_dir: Path, known: dict | None = None) -> dict:
    """Add `where` to the entries of power pages, `names` to those of agency pages and `synonyms`
    to the index's config (in place); `known`: the `page_facts` of pages by location, taken from
    the pages as they were written (else each page is read from the site)."""
    pages: dict[str, tuple[str | None, list[str] | None]] = {}
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        if "where" in doc or "names" in doc:
            continue  # from an earlier pass over this index: its page did not change since
        if not wants_facts(location):
            continue  # (a section, another kind of page, or a page of another sub-site, whose light entry
            # brings its own `where` and `names`)
        if location not in pages:
            pages[location] = known[location] if known is not None and location in known \
                else _page_facts(Path(site_dir) / location, location)
        found_where, names = pages[location]
        if found_where:
            doc["where"] = found_where
        if names:
            doc["names"] = names
    index.setdefault("config", {})["synonyms"] = synonyms()
    return index


#: page file -> (its modification time and size, its `where` and `names`): a preview enriches the
#: index of a sub-site after each edit, and reads again only the pages that edit rewrote.
_READ: dict[str, tuple[int, int, tuple[str | None, list[str] | None]]] = {}


def _page_facts(page: Path, location: str) -> tuple[str | None, list[str] | None]:
    try:
        stat = page.stat()
    except OSError:
        return None, None
    known = _READ.get(str(page))
    if known is not None and known[:2] == (stat.st_mtime_ns, stat.st_size):
        return known[2]
    found = page_facts(page.read_text(encoding="utf-8"), location)
    _READ[str(page)] = (stat.st_mtime_ns, stat.st_size, found)
    return found


def page_facts(page_html: str, location: str) -> tuple[str | None, list[str] | None]:
    """What `enrich` adds to the entries of a built page (its HTML, at `location` in its site):
    the `where` of a power page, the `names` of an agency page."""
    agency = _AGENCY_NAME.search(page_html) if _AGENCY_PAGE.search(location) else None
    names = [html.escape(n, quote=False) for n in agency_names(html.unescape(agency.group(1)))] if agency else None
    return _where_of_page(page_html, location), names


def wants_facts(location: str) -> bool:
    """Whether `enrich` looks for the facts of the page at `location` (a page of its own site)."""
    return "#" not in location and not location.startswith("../") and (
        location.startswith("agencies/") or "/agencies/" in location)


#: Where a built site keeps its search index: the entries once, in the script Material loads
#: from file:// (`var __index = …`); the JSON Material fetches over http(s) keeps the settings and
#: `config.entries`, the script's name, which quanze-search.js then loads.
INDEX_JSON = Path("search") / "search_index.json"
INDEX_SCRIPT = Path("search") / "search_index.js"
_SCRIPT_PREFIX = "var __index = "


#: The light entries of a sharded site (publish.search: every sub-site's pages by name), once, in
#: the top site; each sub-site's index names it in `config.light`.
LIGHT_SCRIPT = Path("search") / "light.js"
LIGHT_PREFIX = "var __light = "


def light_doc(doc: dict, segment=lambda text: text) -> dict:
    """A light entry as a search index holds it: title and text escaped (and cut into words by
    `segment`, as Material cuts its own), `where` and `names` escaped when there are any."""
    return {"location": doc["location"],
            "title": segment(html.escape(doc["title"], quote=False)),
            "text": segment(html.escape(doc["text"], quote=False)),
            **({"where": html.escape(doc["where"], quote=False)} if doc.get("where") else {}),
            **({"names": [html.escape(n, quote=False) for n in doc["names"]]} if doc.get("names") else {})}


def read_index(site_dir: Path) -> dict | None:
    """A built site's whole search index (from its script when the JSON holds the settings only),
    or None when it has none."""
    files = _index_files_of(Path(site_dir))[0]
    return json.loads(files[-1].read_text(encoding="utf-8").removeprefix(_SCRIPT_PREFIX)) if files else None


def loaded_bytes(site_dir: Path) -> int:
    """Bytes of search index a reader's browser loads from a built site: the JSON, the script
    when the JSON holds the settings only, and the shared light entries its index names."""
    files, config = _index_files_of(Path(site_dir))
    light = _light_file(Path(site_dir), config)
    return sum(path.stat().st_size for path in files + ([light] if light is not None and light.is_file() else []))


def searched_docs(site_dir: Path) -> list[dict]:
    """The entries quanze's search script searches on a built site's pages: its index's, then the
    shared light entries of the other sub-sites (`config.light`), located from its root; [] for
    no index. (What the script does in the browser, for tests and tools.)"""
    index = read_index(site_dir)
    if index is None:
        return []
    light = index.get("config", {}).get("light")
    shared = _light_file(Path(site_dir), index.get("config", {}))
    if not light or shared is None or not shared.is_file():
        return index["docs"]
    docs = json.loads(shared.read_text(encoding="utf-8").removeprefix(LIGHT_PREFIX))["docs"]
    return index["docs"] + [{**{k: v for k, v in doc.items() if k != "site"},
                             "location": light["prefix"] + doc["location"]}
                            for doc in docs if doc.get("site") != light["site"]]


def _light_file(site_dir: Path, config: dict) -> Path | None:
    """The shared light entries an index's `config` names (`light.script`), or None."""
    light = config.get("light")
    return site_dir / light["script"] if isinstance(light, dict) and light.get("script") else None


def _index_files_of(site_dir: Path) -> tuple[list[Path], dict]:
    """The JSON of a built site's index, then its script if the entries are there, and the
    index's `config` (read once); ([], {}) for none."""
    json_file, script = site_dir / INDEX_JSON, site_dir / INDEX_SCRIPT
    if not json_file.is_file():
        return [], {}
    config = json.loads(json_file.read_text(encoding="utf-8")).get("config", {})
    return ([json_file, script] if config.get("entries") and script.is_file() else [json_file]), config


def index_files(index: dict, offline: bool) -> dict[Path, str]:
    """The files of a site's search index, by path in the site: with an offline copy (`offline`)
    its entries once, in the script, and the settings in the JSON; else all in the JSON."""
    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)

    if not offline:
        return {INDEX_JSON: dumps(index)}
    settings = {**index, "config": {**index.get("config", {}), "entries": INDEX_SCRIPT.name}, "docs": []}
    return {INDEX_JSON: dumps(settings), INDEX_SCRIPT: _SCRIPT_PREFIX + dumps(index)}
