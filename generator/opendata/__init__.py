"""Open data: the corpus as files a reader can take away, beside the pages.

`data_files(corpus, layout, pages)` is pure: it returns {placed path: bytes} for

- each agency's list as CSV, XLSX (the published column layout, read back by `quanze import`)
  and JSON, in the agency's `data/` folder (a power's data is in its agency's JSON: a link to it
  is that file with the power's JSON Pointer, `data/xixia.json#/powers/3`); in a sharded build
  the CSV and JSON gzip-compressed (`xixia.csv.gz`, `xixia.json.gz`);
- `api/corpus.json` (every agency and statute) in a one-site build; in a sharded build, where
  it would be tens of megabytes (46 MB at 1,000 agencies), `api/provinces/<shard>.json.gz` (each
  sub-site's agencies, gzip-compressed: each agency's JSON is in its sub-site already) and
  `api/statutes.json` instead;
- `api/index.json` (every agency, power, statute, page and data file with relative URLs, the
  split files with their sizes; gzip-compressed in a sharded build, `api/index.json.gz`), `api/schema.json` (the JSON Schema of these files) and
  `api/changes.atom` (the feed of editions and adjustments);
- each agency's extracted text (`source_text`) beside its page (`sources.py`).

Sorted, no timestamps but the build date (SOURCE_DATE_EPOCH when set).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import zlib

from pydantic.json_schema import models_json_schema

from ..content.corpus import Corpus
from ..content.model import Agency
from ..site import data_paths as paths
from ..site.paths import ONE_SITE, Layout, agency_path, power_path, shard_agencies, statute_path
from .dates import build_date
from .feed import feed_bytes, site_address
from .records import RECORDS
from .sources import source_text_files
from .spreadsheet import csv_bytes, xlsx_bytes

__all__ = ["data_files", "agencies_files", "schema_json"]


def data_files(corpus: Corpus, layout: Layout = ONE_SITE, pages=(), date: dt.date | None = None,
               cache: dict | None = None, agencies: dict[str, bytes] | None = None,
               whole: bool = True) -> dict[str, bytes]:
    """Every data file of the site at its place in the assembled site (`pages`: the rendered
    pages, at their places, that the index lists). With a `cache` (a preview server keeps one),
    an agency whose content object is the one last seen is not written out again; `agencies`
    are the files of every agency made already (`stored_agency_files`, beside the render).
    Not `whole` (a build of some units, the top site not among them): the files of the
    `agencies` given only, without the site's own (its index, corpus, schema, feed, sources)."""
    date = date or build_date()
    files: dict[str, bytes] = dict(agencies) if agencies is not None \
        else agencies_files(corpus, date, cache, packed=layout.sharded)
    if not whole:
        return {paths.place(layout, path): data for path, data in sorted(files.items())}
    if layout.sharded:
        files.update(split_corpus_files(corpus, layout, files, date))
    else:
        files[paths.CORPUS] = _json(corpus_record(corpus, date))
    index = _json(index_record(corpus, layout, [page.path for page in pages], date, files, cache))
    files[paths.index_file(layout)] = _gzip(index) if layout.sharded else index
    files[paths.SCHEMA] = schema_json()
    files[paths.FEED] = feed_bytes(corpus, layout, date, site_address(corpus.project))
    files.update(source_text_files(corpus))
    return {paths.place(layout, path): data for path, data in sorted(files.items())}


def agencies_files(corpus: Corpus, date: dt.date | None = None, cache: dict | None = None,
                   packed: bool = False) -> dict[str, bytes]:
    """The files of every agency (its list as JSON, CSV and workbook; `packed`: CSV and JSON
    gzip-compressed), by logical path."""
    date = date or build_date()
    files: dict[str, bytes] = {}
    for agency_id in sorted(corpus.agencies):
        agency = corpus.agencies[agency_id]
        hit = cache.get(agency_id) if cache is not None else None
        if hit is None or hit[0] is not agency or hit[1] != (date, packed):
            hit = (agency, (date, packed), stored_agency_files(agency_id, agency, date, packed))
            if cache is not None:
                cache[agency_id] = hit
        files.update(hit[2])
    return files


def stored_agency_files(agency_id: str, agency: Agency, date: dt.date, packed: bool = False) -> dict[str, bytes]:
    """`agency_files`, kept between runs in the user's private cache by a digest of the agency's
    content and the date with quanze's toolchain (`cachekey`): a build after one edit writes one
    agency's spreadsheets anew, not a thousand."""
    from ..cachekey import key as cache_key
    from ..fileio import keep, read_kept, user_cache_dir

    folder = user_cache_dir("opendata")
    if folder is None:
        return agency_files(agency_id, agency, date, packed)
    key = cache_key("opendata", agency_id, date.isoformat(), agency.digest, packed, zlib.ZLIB_RUNTIME_VERSION)
    path = folder / f"{agency_id}.pickle"
    found = read_kept(path)
    if isinstance(found, tuple) and len(found) == 2 and found[0] == key and isinstance(found[1], dict):
        return found[1]
    files = agency_files(agency_id, agency, date, packed)
    keep(path, (key, files))
    return files


def agency_files(agency_id: str, agency: Agency, date: dt.date, packed: bool = False) -> dict[str, bytes]:
    """One agency's list as JSON (every power in full: no power has a file of its own), CSV and
    workbook (`packed`: CSV and JSON gzip-compressed, as a site built in units has them)."""
    def file(ext: str, data: bytes) -> tuple[str, bytes]:
        name = paths.agency_file(agency_id, ext, packed)
        return name, (_gzip(data) if name.endswith(".gz") else data)

    return dict([file("json", _json(agency_record(agency_id, agency))), file("csv", csv_bytes(agency)),
                 file("xlsx", xlsx_bytes(agency, date))])


def agency_json(files: dict[str, bytes], agency_id: str) -> bytes:
    """An agency's JSON among its files, gzip-compressed or not."""
    packed = files.get(paths.agency_file(agency_id, "json", packed=True))
    return gzip.decompress(packed) if packed is not None else files[paths.agency_file(agency_id, "json")]


def agency_record(agency_id: str, agency: Agency) -> dict:
    return {"id": agency_id, **agency.model_dump(mode="json")}


def corpus_record(corpus: Corpus, date: dt.date, agency_ids: list[str] | None = None) -> dict:
    """The corpus (`CorpusRecord`): every agency, or those of `agency_ids`, and every statute."""
    return {"date": date.isoformat(),
            "agencies": [agency_record(i, corpus.agencies[i]) for i in
                         (sorted(corpus.agencies) if agency_ids is None else agency_ids)],
            "statutes": [{"id": i, **corpus.statutes[i].model_dump(mode="json")} for i in sorted(corpus.statutes)]}


def split_corpus_files(corpus: Corpus, layout: Layout, files: dict[str, bytes], date: dt.date) -> dict[str, bytes]:
    """A sharded build's corpus: one file per sub-site with its agencies (`ProvinceRecord`, made
    from the agencies' own JSON files in `files`, not encoded again, then gzip-compressed) and
    one of the statutes."""
    from concurrent.futures import ThreadPoolExecutor

    def packed(shard: str, agency_ids: list[str]) -> bytes:
        return gzipped(shard, _joined({"date": date.isoformat(), "province": shard, "title": layout.titles[shard]},
                                      "agencies", [agency_json(files, a) for a in agency_ids]))

    shards = shard_agencies(layout)
    with ThreadPoolExecutor(2) as pool:  # (zlib lets go of the interpreter while it compresses: two share the cores)
        split = dict(zip(map(paths.province_file, shards), pool.map(packed, shards, shards.values())))
    split[paths.STATUTES] = _json({"date": date.isoformat(), "statutes": corpus_record(corpus, date, [])["statutes"]})
    return split


def gzipped(name: str, data: bytes) -> bytes:
    """`data` gzip-compressed, the same bytes from build to build (no file name or time in the
    header), kept between runs in the user's private cache under `name` (a sub-site's id: one
    file each) with a digest of `data`: an edit compresses its own province's file again, not
    every one."""
    from ..cachekey import key as cache_key
    from ..fileio import keep, read_kept, user_cache_dir

    digest = hashlib.blake2b(data, digest_size=20).hexdigest()
    folder = user_cache_dir("gzip")
    path = folder / f"{name}.pickle" if folder is not None else None
    key = cache_key("gzip", digest, zlib.ZLIB_RUNTIME_VERSION)
    found = read_kept(path)
    if isinstance(found, tuple) and len(found) == 2 and found[0] == key and isinstance(found[1], bytes):
        return found[1]
    packed = _gzip(data)
    keep(path, (key, packed))
    return packed


def _gzip(data: bytes) -> bytes:
    """`data` gzip-compressed, the same bytes from build to build (no file name or time)."""
    return gzip.compress(data, compresslevel=6, mtime=0)


def index_record(corpus: Corpus, layout: Layout, pages: list[str], date: dt.date,
                 files: dict[str, bytes] | None = None, cache: dict | None = None) -> dict:
    """The index (`IndexRecord`, as its JSON: plain values, its fields in the model's order; at
    3,400 agencies a model of each of 58,480 powers took a quarter of a gigabyte to make, and
    kept much of it), every URL relative to `api/index.json` (`files`: the data files by logical
    path, for the sizes of a sharded build's split corpus; `cache`: a preview's, where the
    entries of an agency whose content object is the one last seen are kept)."""
    def url(placed: str) -> str:
        return paths.relative(placed, paths.INDEX)

    def data(path: str) -> str:
        return url(paths.place(layout, path))

    def entries(i: str, a: Agency) -> tuple[dict, list[dict]]:
        hit = cache.get(("index", i)) if cache is not None else None
        if hit is not None and hit[0] is a and hit[1] == layout:
            return hit[2]
        own = data(paths.list_file(layout, i, "json"))
        made = ({"id": i, "name": a.name, "region": a.region, "admin_level": a.admin_level, "title": a.title,
                 "powers": len(a.powers), "page": url(paths.page_url(layout, agency_path(i))),
                 "data": {ext: data(paths.list_file(layout, i, ext)) for ext in paths.LIST_FORMATS}},
                [{"agency": i, "id": p.id, "code": p.code, "name": p.name, "category": p.category,
                  "page": url(paths.page_url(layout, power_path(i, p.id))), "data": f"{own}#{paths.power_pointer(n)}"}
                 for n, p in enumerate(a.powers)])
        if cache is not None:
            cache[("index", i)] = (a, layout, made)
        return made

    made = [entries(i, a) for i, a in sorted(corpus.agencies.items())]
    record = {"date": date.isoformat(), "home": url("index.html"),
              "corpus": None if layout.sharded else url(paths.CORPUS),
              "schema_url": url(paths.SCHEMA), "feed": url(paths.FEED),
              "agencies": [agency for agency, _ in made],
              "powers": [power for _, agency_powers in made for power in agency_powers],
              "statutes": [{"id": i, "title": s.title, "level": s.level,
                            "page": url(paths.page_url(layout, statute_path(i)))}
                           for i, s in sorted(corpus.statutes.items())],
              "pages": sorted(url(p.removesuffix(".md") + ".html") for p in pages)}
    if not layout.sharded:
        return record
    files = files if files is not None else split_corpus_files(corpus, layout, {
        paths.agency_file(i, "json"): _json(agency_record(i, a)) for i, a in corpus.agencies.items()}, date)
    record["provinces"] = [{"id": shard, "title": layout.titles[shard], "agencies": len(agency_ids),
                            "powers": sum(len(corpus.agencies[a].powers) for a in agency_ids),
                            "url": url(paths.province_file(shard)),
                            "bytes": len(files[paths.province_file(shard)]),
                            "sha256": hashlib.sha256(files[paths.province_file(shard)]).hexdigest()}
                           for shard, agency_ids in shard_agencies(layout).items()]
    record["statute_data"] = url(paths.STATUTES)
    return record


SCHEMA_TITLE = "quanze open data"
"""The title of the data files' JSON Schema: a published file, in English whatever the user's language."""


def schema_json() -> bytes:
    """The JSON Schema of every data file: one definition per kind of file, under `$defs`."""
    _, schema = models_json_schema([(model, "serialization") for model in RECORDS],
                                   title=SCHEMA_TITLE, ref_template="#/$defs/{model}")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema,
              "anyOf": [{"$ref": f"#/$defs/{model.__name__}"} for model in RECORDS]}
    return _json(schema, compact=False)


def _joined(head: dict, key: str, items: list[bytes]) -> bytes:
    """`_json({**head, key: [...]})` of items already written by `_json`, byte for byte, without
    encoding them again (a province's agencies are megabytes of JSON the agencies' files hold)."""
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return (text + f',"{key}":[').encode("utf-8") + b",".join(item.rstrip(b"\n") for item in items) + b"]}\n"


def _json(value: dict, compact: bool = True) -> bytes:
    """UTF-8 JSON without indentation (the fast encoder: a thousand lists are tens of megabytes); the
    schema indented, for people to read."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":")) if compact else \
        json.dumps(value, ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")
