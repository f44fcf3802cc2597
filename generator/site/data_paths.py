"""Where the data files go, and the pages' links to them (`generator/opendata/` writes the files).

An agency's files sit in a `data/` folder beside its pages (so a sharded build keeps them in
the agency's sub-site): `agencies/<id>/data/<id>.csv|.xlsx|.json`. A site built in units (a
sharded build: a province's or a country's lists) gzip-compresses the CSV and the JSON
(`<id>.csv.gz`, `<id>.json.gz`: a fifth of their size; the workbook is a zip already): at 3,400
agencies they are 266 MB of text, a quarter of what one host takes for a whole site. A power
has no file of its own: its data is in its agency's JSON, and a link to it is that file with
the power's JSON Pointer (RFC 6901) as the fragment, its position in the list from 0
(`data/xixia.json#/powers/3`).
Site-wide files are under `api/`: one site has the whole corpus in `api/corpus.json`; a sharded
site has each sub-site's agencies in `api/provinces/<shard>.json.gz` and the statutes in
`api/statutes.json` instead, and its index compressed (`index_file`). The folder name cannot be a page name: power ids have no dots, and
`data` holds only files.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from markupsafe import Markup

from .paths import Layout, agency_path, power_path, relpath

API = "api/"
INDEX = "api/index.json"
CORPUS = "api/corpus.json"
STATUTES = "api/statutes.json"
SCHEMA = "api/schema.json"
FEED = "api/changes.atom"
LIST_FORMATS = ("csv", "xlsx", "json")
#: The formats a site built in units gzip-compresses.
PACKED_FORMATS = ("csv", "json")


def agency_file(agency_id: str, ext: str, packed: bool = False) -> str:
    """The logical path of one agency's list as CSV, XLSX or JSON (`packed`: in a site built in
    units, where CSV and JSON are gzip-compressed, `<id>.csv.gz` and `<id>.json.gz`)."""
    name = f"agencies/{agency_id}/data/{agency_id}.{ext}"
    return f"{name}.gz" if packed and ext in PACKED_FORMATS else name


def list_file(layout: Layout, agency_id: str, ext: str) -> str:
    """`agency_file` as the site of `layout` has it: compressed in a site built in units."""
    return agency_file(agency_id, ext, packed=layout.sharded)


def index_file(layout: Layout) -> str:
    """The index of the site's files: `api/index.json`, gzip-compressed in a site built in units
    (`api/index.json.gz`: at 3,400 agencies the index is 25 MB of JSON, 1.3 MB compressed). Its
    URLs are relative to the `api/` folder either way."""
    return f"{INDEX}.gz" if layout.sharded else INDEX


def power_pointer(index: int) -> str:
    """The JSON Pointer (RFC 6901) of the power at `index` (from 0, in published order) in its
    agency's JSON: `/powers/<index>`, the fragment of a link to the power's data."""
    return f"/powers/{index}"


def source_text_file(agency_id: str, source_text: str) -> str:
    """The logical path of an agency's extracted text (`source_text`): beside its page, under a
    stable name of the file's kind (`text.txt`; a power id has no dot)."""
    return f"agencies/{agency_id}/text{PurePosixPath(source_text).suffix.lower()}"


def province_file(shard_id: str) -> str:
    """The JSON of one sub-site's agencies in a sharded build (a province, or an agency),
    gzip-compressed."""
    return f"api/provinces/{shard_id}.json.gz"


def place(layout: Layout, path: str) -> str:
    """A logical path at its place in the assembled site: an agency's files in its shard's folder."""
    parts = path.split("/")
    if len(parts) >= 3 and parts[0] == "agencies" and parts[1] in layout.shards:
        return f"{layout.shards[parts[1]]}/{path}"
    return path


def page_url(layout: Layout, page: str) -> str:
    """The built HTML file of a page (logical .md path) in the assembled site."""
    return layout.place(page).removesuffix(".md") + ".html"


def relative(target: str, source: str) -> str:
    """`target` relative to the folder of `source` (both placed paths from the site root)."""
    return relpath(target, source)


def data_link(layout: Layout, from_page: str, data_path: str) -> Markup:
    """A relative link from a page (logical path) to a data file (logical path); ASCII."""
    return Markup(relative(place(layout, data_path), layout.place(from_page)))


def agency_links(layout: Layout, agency_id: str) -> dict[str, object]:
    """Links from an agency's page to its list as csv, xlsx and json (`packed`: whether CSV and
    JSON are gzip-compressed)."""
    page = agency_path(agency_id)
    return {"packed": layout.sharded,
            **{ext: data_link(layout, page, list_file(layout, agency_id, ext)) for ext in LIST_FORMATS}}


def power_link(layout: Layout, agency_id: str, power_id: str, index: int) -> Markup:
    """Link from a power's page to its data: its agency's JSON, at the power's JSON Pointer
    (`data/xixia.json#/powers/3`, `index` the power's position in the list from 0)."""
    page = power_path(agency_id, power_id)
    return Markup(f"{data_link(layout, page, list_file(layout, agency_id, 'json'))}#{power_pointer(index)}")
