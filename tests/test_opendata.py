"""Open data: each agency's list as CSV, XLSX and JSON (a power's data found at its JSON Pointer
in its agency's JSON), the corpus, the index and its schema; the XLSX imports back; formula-like
cells stay text; the files are deterministic."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import CONTENT

from generator.content.model import Agency
from generator.content.reader import load_corpus
from generator.importers import import_source
from generator.importers.basis import parse_cell
from generator.opendata import data_files, paths, schema_json
from generator.opendata.records import RECORDS, AgencyRecord, CorpusRecord, IndexRecord
from generator.opendata.spreadsheet import csv_bytes, xlsx_bytes
from generator.opendata.table import COLUMNS, basis_text
from generator.publish.plan import plan_sites
from generator.site.render import render_site

DAY = dt.date(2024, 5, 1)
ROUND_TRIP_FIELDS = [f for _, f in COLUMNS if f not in ("name", "basis")] + ["name", "scope", "category_as_published"]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CONTENT, fast=True)


@pytest.fixture(scope="module")
def files(corpus):
    return data_files(corpus, pages=render_site(corpus), date=DAY)


def pointed(document, pointer: str):
    """The value a JSON Pointer (RFC 6901, as a URI fragment: `/powers/3`) names in a document."""
    assert pointer.startswith("/"), pointer
    for token in pointer[1:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        document = document[int(token)] if isinstance(document, list) else document[token]
    return document


def power_data(files: dict[str, bytes], url: str, relative_to: str) -> dict:
    """The power a data URL (relative to the file `relative_to`) points at: a data file, then its fragment."""
    import posixpath

    path, mark, pointer = url.partition("#")
    assert mark, url
    placed = posixpath.normpath(posixpath.join(posixpath.dirname(relative_to), path))
    data = files[placed]
    return pointed(json.loads(gzip.decompress(data) if placed.endswith(".gz") else data), pointer)


def test_every_agency_has_its_list_in_three_formats_with_every_power(corpus, files):
    for agency_id, agency in corpus.agencies.items():
        record = json.loads(files[f"agencies/{agency_id}/data/{agency_id}.json"])
        assert Agency.model_validate({k: v for k, v in record.items() if k != "id"}) == agency
        table = list(csv.reader(io.StringIO(files[f"agencies/{agency_id}/data/{agency_id}.csv"].decode("utf-8-sig"))))
        assert table[0][:3] == ["序号", "职权编码", "职权名称"] and len(table) == len(agency.powers) + 1
        sheet = openpyxl.load_workbook(io.BytesIO(files[f"agencies/{agency_id}/data/{agency_id}.xlsx"])).active
        assert sheet.cell(1, 1).value == agency.title and sheet.max_row == len(agency.powers) + 2
        assert record["powers"] == [power.model_dump(mode="json") for power in agency.powers]


def test_no_power_has_a_file_of_its_own(files):
    """A power's data is in its agency's JSON: the agency's data folder holds its three lists only."""
    assert not [path for path in files if "/data/powers/" in path]
    for agency_id in ("xixia", "huinong"):
        assert sorted(p for p in files if p.startswith(f"agencies/{agency_id}/data/")) == [
            f"agencies/{agency_id}/data/{agency_id}.{ext}" for ext in ("csv", "json", "xlsx")]


def _imported(tmp_path: Path, name: str, data: bytes, agency_id: str) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    result = import_source(path, agency_id=agency_id)
    assert result.report.problems == []
    return result.agency


def test_xlsx_imports_back_to_the_same_content(corpus, files, tmp_path):
    """Every field the table holds comes back exactly; the basis comes back as the importer reads
    the printed cell, which is the content's own citations for all but a few hand-corrected ones."""
    same = total = 0
    for agency_id, agency in sorted(corpus.agencies.items()):
        got = _imported(tmp_path, f"{agency_id}.xlsx", files[f"agencies/{agency_id}/data/{agency_id}.xlsx"], agency_id)
        assert (got["title"], got["name"], got["admin_level"]) == (agency.title, agency.name, agency.admin_level)
        assert [p["id"] for p in got["powers"]] == [p.id for p in agency.powers]
        for want, have in zip(agency.powers, got["powers"]):
            expected = want.model_dump(exclude_defaults=True)
            for name in ROUND_TRIP_FIELDS:
                assert have.get(name) == expected.get(name), (agency_id, want.id, name)
            printed, _ = parse_cell(basis_text(want.basis, want.basis_note))
            assert have.get("basis", []) == printed.get("basis", []), (agency_id, want.id)
            cited = [c.model_dump(exclude_defaults=True) for c in want.basis]
            total += len(cited)
            same += sum(1 for a, b in zip(cited, have.get("basis", [])) if a == b)
    assert total > 200 and same / total >= 0.95, (same, total)


#: Columns of an imported list that map to no field, kept as `extra`: their headers are printed.
EXTRA_COLUMNS = {"=HYPERLINK(\"http://evil.example\",\"点此\")": "a", "+备注": "b", "-编号": "c", "@SUM(A1)": "d",
                 "\t制表": "e", "\r回车": "f", "办理时限": "g"}


def _tricky(extra: dict | None = None) -> Agency:
    texts = ["=HYPERLINK(\"http://evil.example\",\"点此\")", "+1+2", "-3", "@SUM(A1)", "=1+1", "普通文本"]
    powers = [{"id": f"p{n}", "serial": str(n + 1), "name": f"{t}（{n}）", "category": "行政处罚", "remarks": t,
               "content": t, "implementing_body": t, "responsible_body": "=2*3", "extra": extra or {}}
              for n, t in enumerate(texts)]
    return Agency.model_validate({"name": "测试市医疗保障局", "region": "北京市", "admin_level": "市级",
                                  "title": "=测试市医疗保障局权责清单", "powers": powers})


def test_formula_like_cells_are_text_in_the_workbook_and_import_back_exactly(tmp_path):
    agency = _tricky()
    data = xlsx_bytes(agency, DAY)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert len(cells) > 20
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()
    got = _imported(tmp_path, "tricky.xlsx", data, "tricky")
    for want, have in zip(agency.powers, got["powers"]):
        for name in ("name", "remarks", "content", "implementing_body", "responsible_body"):
            assert have.get(name) == getattr(want, name)


def test_texts_that_read_like_excel_escapes_import_back_exactly(tmp_path):
    """OOXML writes a control character as `_x0007_` and the underscore of a text that reads like
    one as `_x005F_`; Excel shows both as the text, and so does the importer (but for a text that
    is literally a control character's escape or holds `x005F_`: openpyxl removes every `x005F_`)."""
    texts = ["编码_x0041_不是字母", "下划线_x", "_X0041_大写", "末尾_x004", "响铃\x07"]
    agency = _tricky()
    agency = agency.model_copy(update={"powers": [p.model_copy(update={"remarks": t, "content": f"行使\r{t}"})
                                                  for p, t in zip(agency.powers, texts)]})
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(agency, DAY))) as book:
        assert "_x005F_x0041_" in book.read("xl/sharedStrings.xml").decode()  # escaped as Excel escapes it
    got = _imported(tmp_path, "escapes.xlsx", xlsx_bytes(agency, DAY), "escapes")
    assert [p.get("remarks") for p in got["powers"]] == texts


def test_formula_like_cells_get_an_apostrophe_in_csv():
    rows = list(csv.reader(io.StringIO(csv_bytes(_tricky()).decode("utf-8-sig"))))
    starts = {cell[:1] for row in rows[1:] for cell in row if cell}
    assert not starts & set("=+-@") and "'" in starts
    assert rows[1][2] == "'=HYPERLINK(\"http://evil.example\",\"点此\")（0）"


def test_formula_like_headers_get_an_apostrophe_in_csv_and_the_quote_prefix_in_the_workbook():
    header = next(csv.reader(io.StringIO(csv_bytes(_tricky(EXTRA_COLUMNS)).decode("utf-8-sig"), newline="")))
    assert header[-len(EXTRA_COLUMNS):] == ["'=HYPERLINK(\"http://evil.example\",\"点此\")", "'+备注", "'-编号",
                                            "'@SUM(A1)", "'\t制表", "'\r回车", "办理时限"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(_tricky(EXTRA_COLUMNS), DAY)))
    assert book.sheetnames == ["权责清单"]
    title, printed = list(book.active.iter_rows(max_row=2))
    assert title[0].value == "=测试市医疗保障局权责清单" and title[0].quotePrefix
    extra = printed[-len(EXTRA_COLUMNS):]
    assert [c.value for c in extra][:4] == ["=HYPERLINK(\"http://evil.example\",\"点此\")", "+备注", "-编号", "@SUM(A1)"]
    assert [c.quotePrefix for c in extra] == [True] * 6 + [False]


def test_the_workbook_prints_as_the_whole_list_a4_landscape_one_page_wide_the_header_on_every_page():
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(_tricky(EXTRA_COLUMNS), DAY))).active
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"
    # OOXML: an absent fitToWidth is 1 page wide
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0) and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$2:$2"
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text


def test_index_lists_every_agency_power_statute_and_page_with_relative_urls(corpus, files):
    index = IndexRecord.model_validate_json(files[paths.INDEX])
    assert [a.id for a in index.agencies] == sorted(corpus.agencies)
    assert len(index.powers) == sum(len(a.powers) for a in corpus.agencies.values())
    assert [s.id for s in index.statutes] == sorted(corpus.statutes)
    pages = render_site(corpus)
    assert sorted(index.pages) == sorted("../" + p.path[:-3] + ".html" for p in pages)
    xixia = next(a for a in index.agencies if a.id == "xixia")
    assert xixia.page == "../agencies/xixia/index.html"
    assert xixia.data == {e: f"../agencies/xixia/data/xixia.{e}" for e in ("csv", "xlsx", "json")}
    urls = [index.corpus, index.feed, index.schema_url, *[p.data for p in index.powers], *index.pages]
    assert all(not u.startswith("/") and ":" not in u for u in urls)
    assert (index.corpus, index.feed, index.schema_url) == ("corpus.json", "changes.atom", "schema.json")
    for entry in index.powers:
        assert power_data(files, entry.data, paths.INDEX) == corpus.agencies[entry.agency].powers[
            [p.id for p in corpus.agencies[entry.agency].powers].index(entry.id)].model_dump(mode="json")
    xixia_powers = [p for p in index.powers if p.agency == "xixia"]
    assert [p.data for p in xixia_powers[:2]] == ["../agencies/xixia/data/xixia.json#/powers/0",
                                                  "../agencies/xixia/data/xixia.json#/powers/1"]


def test_a_power_s_data_url_is_its_agency_s_json_at_the_power_s_pointer(corpus, files):
    """Each power of the index points, through the fragment, at itself in its agency's JSON, in
    published order: the pointer is its position in the list (from 0)."""
    index = IndexRecord.model_validate_json(files[paths.INDEX])
    for agency_id, agency in corpus.agencies.items():
        entries = [p for p in index.powers if p.agency == agency_id]
        assert [e.data.partition("#")[2] for e in entries] == [f"/powers/{n}" for n in range(len(agency.powers))]
        assert [power_data(files, e.data, paths.INDEX)["id"] for e in entries] == [p.id for p in agency.powers]


def test_sharded_layout_puts_each_agency_s_files_in_its_sub_site(corpus):
    plan = plan_sites(corpus, "region")
    placed = data_files(corpus, plan.layout, date=DAY)
    assert "ningxia/agencies/xixia/data/xixia.xlsx" in placed and "api/index.json" not in placed
    index = IndexRecord.model_validate_json(gzip.decompress(placed["api/index.json.gz"]))  # (units: compressed)
    xixia = next(a for a in index.agencies if a.id == "xixia")
    assert xixia.page == "../ningxia/agencies/xixia/index.html"
    assert xixia.data["csv"] == "../ningxia/agencies/xixia/data/xixia.csv.gz"
    assert xixia.data["xlsx"] == "../ningxia/agencies/xixia/data/xixia.xlsx"
    first = next(p for p in index.powers if p.agency == "xixia")
    assert first.data == "../ningxia/agencies/xixia/data/xixia.json.gz#/powers/0"
    assert power_data(placed, first.data, paths.INDEX)["id"] == corpus.agencies["xixia"].powers[0].id
    assert not [path for path in placed if "/data/powers/" in path]


def test_a_sharded_site_gives_each_agency_s_csv_and_json_gzip_compressed(corpus, files):
    """A site built in units compresses the CSV and the JSON (a fifth of their size), byte for
    byte the one site's files once decompressed; the workbook, a zip already, is as it is."""
    plan = plan_sites(corpus, "region")
    placed = data_files(corpus, plan.layout, date=DAY)
    for agency_id in corpus.agencies:
        own = f"agencies/{agency_id}/data/{agency_id}"
        at = paths.place(plan.layout, own)
        for ext in ("csv", "json"):
            assert f"{at}.{ext}" not in placed
            assert gzip.decompress(placed[f"{at}.{ext}.gz"]) == files[f"{own}.{ext}"]
        assert placed[f"{at}.xlsx"] == files[f"{own}.xlsx"]
    assert data_files(corpus, plan.layout, date=DAY) == placed, "the same bytes from build to build"


def test_one_site_has_the_whole_corpus_in_one_file_and_no_split(corpus, files):
    index = json.loads(files[paths.INDEX])
    assert index["corpus"] == "corpus.json" and "provinces" not in index and "statute_data" not in index
    assert not [path for path in files if path.startswith("api/provinces/") or path == paths.STATUTES]


def test_sharded_layout_splits_the_corpus_into_one_file_per_sub_site(corpus):
    from generator.opendata import _json, agency_record
    from generator.opendata.records import ProvinceRecord, StatutesRecord

    plan = plan_sites(corpus, "region")
    placed = data_files(corpus, plan.layout, date=DAY)
    assert paths.CORPUS not in placed
    index = IndexRecord.model_validate_json(gzip.decompress(placed[paths.index_file(plan.layout)]))
    assert index.corpus is None and index.statute_data == "statutes.json"
    assert [(p.id, p.agencies, p.url) for p in index.provinces] == [
        ("henan", 1, "provinces/henan.json.gz"), ("neimenggu", 1, "provinces/neimenggu.json.gz"),
        ("ningxia", 2, "provinces/ningxia.json.gz"), ("shanxi", 1, "provinces/shanxi.json.gz")]
    packed = placed["api/provinces/ningxia.json.gz"]
    assert index.provinces[2].bytes == len(packed)
    assert packed == data_files(corpus, plan.layout, date=DAY)["api/provinces/ningxia.json.gz"], "the same bytes"
    ningxia = gzip.decompress(packed)
    record = ProvinceRecord.model_validate_json(ningxia)
    assert (record.province, record.title, [a.id for a in record.agencies]) == ("ningxia", "宁夏回族自治区",
                                                                                 ["huinong", "xixia"])
    whole = {"date": "2024-05-01", "province": "ningxia", "title": "宁夏回族自治区",
             "agencies": [agency_record(a, corpus.agencies[a]) for a in ("huinong", "xixia")]}
    assert ningxia == _json(whole)  # joined from the agencies' files, byte for byte
    statutes = StatutesRecord.model_validate_json(placed[paths.STATUTES])
    assert [s.id for s in statutes.statutes] == sorted(corpus.statutes) and statutes.date == "2024-05-01"


@pytest.mark.parametrize("by", ["none", "region"])
def test_the_index_is_its_model_dumped_field_for_field_in_order(corpus, by):
    """The index is written from plain values (a model per power is a quarter of a gigabyte at
    3,400 agencies): they are what the model validates and dumps, key for key, in its order."""
    layout = plan_sites(corpus, by).layout
    index = data_files(corpus, layout, date=DAY)[paths.index_file(layout)]
    raw = json.loads(gzip.decompress(index) if layout.sharded else index)
    model = IndexRecord.model_validate(raw)
    dumped = model.model_dump(mode="json", exclude=set() if layout.sharded else {"provinces", "statute_data"})
    assert json.dumps(dumped, ensure_ascii=False) == json.dumps(raw, ensure_ascii=False)
    assert model.powers and all(p.data.endswith(f"#/powers/{n}") for n, p in enumerate(
        p for p in model.powers if p.agency == model.powers[0].agency))


def test_corpus_file_holds_everything_and_the_schema_is_the_models(corpus, files):
    record = CorpusRecord.model_validate_json(files[paths.CORPUS])
    assert [a.id for a in record.agencies] == sorted(corpus.agencies) and record.date == "2024-05-01"
    assert sum(len(a.powers) for a in record.agencies) == sum(len(a.powers) for a in corpus.agencies.values())
    schema = json.loads(files[paths.SCHEMA])
    assert files[paths.SCHEMA] == schema_json()
    assert {"CorpusRecord", "ProvinceRecord", "StatutesRecord", "AgencyRecord", "IndexRecord"} <= set(schema["$defs"])
    assert "PowerRecord" not in schema["$defs"]  # no file holds one power on its own
    assert schema["anyOf"] == [{"$ref": f"#/$defs/{model.__name__}"} for model in RECORDS]
    assert "#/powers/" in schema["$defs"]["PowerEntry"]["properties"]["data"]["description"]
    assert set(schema["$defs"]["AgencyRecord"]["properties"]) == set(AgencyRecord.model_fields)


def test_files_are_deterministic_and_dated_by_source_date_epoch(corpus, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    first, second = data_files(corpus), data_files(corpus)
    assert first == second
    assert json.loads(first[paths.CORPUS])["date"] == "2023-11-14"
    with zipfile.ZipFile(io.BytesIO(first["agencies/xixia/data/xixia.xlsx"])) as book:
        assert b"2023-11-14T00:00:00Z" in book.read("docProps/core.xml")
        assert {info.date_time for info in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_preview_cache_reuses_an_unchanged_agency(corpus):
    cache: dict = {}
    data_files(corpus, date=DAY, cache=cache)
    kept = {k: v[2] for k, v in cache.items()}
    data_files(corpus, date=DAY, cache=cache)
    assert all(cache[k][2] is kept[k] for k in kept)


def test_built_site_links_the_data_files(default_site):
    page = (default_site / "agencies" / "xixia" / "index.html").read_text(encoding="utf-8")
    for ext in ("csv", "xlsx", "json"):
        assert f'href="data/xixia.{ext}"' in page and (default_site / "agencies/xixia/data" / f"xixia.{ext}").is_file()
    power = (default_site / "agencies" / "xixia" / "0247001000.html").read_text(encoding="utf-8")
    assert '<a href="data/xixia.json#/powers/0">JSON</a>' in power
    assert 'type="application/json" title="本页数据" href="data/xixia.json#/powers/0"' in power
    listed = json.loads((default_site / "agencies" / "xixia" / "data" / "xixia.json").read_text(encoding="utf-8"))
    assert pointed(listed, "/powers/0")["id"] == "0247001000"
    assert not (default_site / "agencies" / "xixia" / "data" / "powers").exists()
    assert (default_site / "api" / "index.json").is_file() and (default_site / "api" / "changes.atom").is_file()


def test_docs_folder_for_plain_mkdocs_and_previews_holds_the_data_files(tmp_path):
    from generator.publish.pipeline import project_of, render_docs

    written = render_docs(project_of(CONTENT), tmp_path / "docs", offer_zip=False)
    for path in ("agencies/xixia/data/xixia.xlsx", "agencies/xixia/data/xixia.json", paths.INDEX,
                 paths.CORPUS, paths.FEED, paths.SCHEMA):
        assert path in written and (tmp_path / "docs" / path).is_file()
    assert not (tmp_path / "docs" / "agencies" / "xixia" / "data" / "powers").exists()


def test_an_agencys_data_files_are_kept_between_runs_and_made_anew_when_it_changes(tmp_path, monkeypatch):
    """The store in the user's cache gives the very bytes a fresh run writes, and an edited
    agency (or another date) gets its files made again."""
    import datetime as dt
    import shutil

    from conftest import MINI

    import generator.opendata as opendata
    from generator.content.reader import load_corpus

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    day = dt.date(2026, 1, 1)
    agency = load_corpus(content).agencies["demo"]
    first = opendata.stored_agency_files("demo", agency, day)
    assert (tmp_path / "cache" / "quanze" / "opendata" / "demo.pickle").is_file()
    made = []
    real = opendata.agency_files
    monkeypatch.setattr(opendata, "agency_files", lambda *a: made.append(a[0]) or real(*a))
    assert opendata.stored_agency_files("demo", agency, day) == first and made == []
    assert opendata.stored_agency_files("demo", agency, dt.date(2026, 1, 2)) != first and made == ["demo"]
    edited = agency.model_copy(update={"title": agency.title + "（修订）"})
    assert opendata.stored_agency_files("demo", edited, day) == real("demo", edited, day)


def _feed(corpus, site_url: str = "") -> list[dict]:
    """The feed's entries as (title, updated, published, link)."""
    import xml.etree.ElementTree as ET

    from generator.opendata.feed import ATOM, feed_bytes
    from generator.site.paths import ONE_SITE

    root = ET.fromstring(feed_bytes(corpus, ONE_SITE, DAY, site_url))
    entries = [{"title": e.findtext(f"{{{ATOM}}}title"), "updated": e.findtext(f"{{{ATOM}}}updated"),
                "published": e.findtext(f"{{{ATOM}}}published"), "link": e.find(f"{{{ATOM}}}link").get("href")}
               for e in root.findall(f"{{{ATOM}}}entry")]
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{{{ATOM}}}link")}
    return [{"feed_updated": root.findtext(f"{{{ATOM}}}updated"), **links}, *entries]


def _editions_corpus(**changes):
    from test_editions import editions_agency

    from generator.content.corpus import Corpus

    agency = Agency.model_validate({**editions_agency(), **changes})
    return Corpus({"demo": agency}, {})


def test_feed_entries_are_dated_by_the_last_change_to_their_list_and_keep_their_own_date():
    corpus = _editions_corpus()
    corpus.changed = {"agencies/demo": dt.date(2025, 2, 3), "statutes/x": dt.date(2025, 9, 9)}
    head, *entries = _feed(corpus)
    assert head["feed_updated"] == "2025-02-03T00:00:00Z" and head["alternate"] == "../index.html"
    assert {e["updated"] for e in entries} == {"2025-02-03T00:00:00Z"}
    assert [(e["title"].split("：")[1][:2], e["published"]) for e in entries] == [
        ("20", "2024-03-01T00:00:00Z"), ("增加", "2023-06-01T00:00:00Z"), ("取消", "2022-01-10T00:00:00Z")]
    assert entries[0]["link"] == "../agencies/demo/changes.2024-nian-ban.html"


def test_without_dates_from_git_an_entry_has_its_own_date_then_the_lists_then_the_build_date():
    head, *entries = _feed(_editions_corpus())
    assert [e["updated"] for e in entries] == ["2024-03-01T00:00:00Z", "2023-06-01T00:00:00Z", "2022-01-10T00:00:00Z"]
    assert head["feed_updated"] == "2024-03-01T00:00:00Z"
    undated = _editions_corpus(published=None, editions=[],
                               adjustments=[{"kind": "取消", "powers": ["0247001000"]}])
    _, entry = _feed(undated)
    assert entry["updated"] == f"{DAY.isoformat()}T00:00:00Z" and entry["published"] is None
    listed = _editions_corpus(editions=[], adjustments=[{"kind": "取消", "powers": ["0247001000"]}])
    assert _feed(listed)[1]["updated"] == "2024-03-01T00:00:00Z"


def test_feed_links_are_absolute_when_the_site_has_an_address(tmp_path):
    from generator.opendata.feed import site_address

    (tmp_path / "mkdocs.yml").write_text("site_name: x\nsite_url: https://example.cn/qzqd\n", encoding="utf-8")
    assert site_address(tmp_path) == "https://example.cn/qzqd/"
    head, *entries = _feed(_editions_corpus(), site_address(tmp_path))
    assert head["self"] == "https://example.cn/qzqd/api/changes.atom"
    assert head["alternate"] == "https://example.cn/qzqd/index.html"
    assert entries[0]["link"] == "https://example.cn/qzqd/agencies/demo/changes.2024-nian-ban.html"
    assert entries[1]["link"] == "https://example.cn/qzqd/agencies/demo/index.html#adjustments"
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nsite_url: javascript:alert(1)\n", encoding="utf-8")
    assert site_address(tmp_path) == "" and site_address(None) == ""


def test_workbook_columns_are_as_wide_as_their_text(corpus, files):
    from generator.opendata.spreadsheet import MAX_WIDTH, MIN_WIDTH, column_widths, display_width

    assert display_width("职权abc") == 7 and display_width("（一）") == 6
    assert column_widths([["序号", "职权名称"], ["1", "甲" * 100], ["10", "乙\n丙丙丙"]]) == [6.0, 60.0]
    assert column_widths([["a", "职权编码"], ["", "0247001000"]]) == [MIN_WIDTH, 12.0] and MAX_WIDTH == 60
    sheet = openpyxl.load_workbook(io.BytesIO(files["agencies/xixia/data/xixia.xlsx"])).active
    # stored as Excel stores a width typed in its interface: the characters and the default font's padding
    widths = {letter: int(sheet.column_dimensions[letter].width) for letter in "ABC"}
    assert widths == {"A": 6, "B": 12, "C": 60}  # 序号, 职权编码 (ten digits), 职权名称 (long names)


def test_workbook_column_widths_skip_only_cells_that_cannot_widen_a_column():
    import random

    from generator.opendata.spreadsheet import MAX_WIDTH, MIN_WIDTH, column_widths, display_width

    def every_line(table):
        widths = [max(display_width(line) for row in table for line in (row[c].splitlines() or [""]))
                  for c in range(len(table[0]))]
        return [float(min(MAX_WIDTH, max(MIN_WIDTH, width + 2))) for width in widths]
    rng = random.Random(7)
    alphabet = "a1 甲乙（）\n、ｆ"
    for _ in range(300):
        table = [["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 80))) for _ in range(3)]
                 for _ in range(rng.randrange(1, 6))]
        assert column_widths(table) == every_line(table), table


def test_a_texts_display_width_counts_wide_characters_twice_as_unicode_says():
    import random
    import unicodedata

    from generator.opendata.spreadsheet import display_width

    one_by_one = lambda text: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)  # noqa: E731
    rnd = random.Random(7)
    pools = [(0x20, 0x7F), (0x80, 0x3000), (0x3000, 0xA000), (0xA000, 0xE000), (0xF900, 0x30000), (0x30000, 0x110000)]
    for _ in range(5000):
        text = "".join(chr(rnd.randrange(*rnd.choice(pools))) for _ in range(rnd.randrange(0, 24)))
        assert display_width(text) == one_by_one(text), ascii(text)
    assert display_width("医疗保障局，第一条") == 18 and display_width("abc") == 3
