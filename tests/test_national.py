"""A national portal in small: a sharded build of a synthetic corpus over three provinces, the
same codes carried in several of them. Compare pages and the coverage matrix are split by
province, the corpus is split into one file per province, the index lists every page and data
file the site holds (and nothing else), and every link of the built site resolves on disk."""

from __future__ import annotations

import gzip
import hashlib
import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT

from benchmarks.corpus import PROVINCES, write_corpus
from generator.content.reader import load_corpus
from generator.opendata import data_files, paths
from generator.opendata.records import IndexRecord, ProvinceRecord, StatutesRecord
from generator.publish.pipeline import build_sharded

#: Where the eight synthetic agencies go (the corpus spreads them over eight provinces; three
#: are kept): 北京 holds copies of 宝丰, 内蒙古 and 惠农, 天津 of 大同 and 西夏, 河北 of 惠农, 宝丰
#: and 大同; the codes 惠农 and 西夏 share are in all three.
MOVES = {3: "北京市", 4: "天津市", 5: "河北省", 6: "河北省", 7: "北京市"}
SHARDS = ["beijing", "hebei", "tianjin"]


def _content(folder: Path) -> Path:
    out = write_corpus(CONTENT, folder, 8)
    for n, path in enumerate(sorted((out / "agencies").glob("*.yaml"), key=lambda p: p.stem.split("-")[1])):
        if n in MOVES:
            text = path.read_text(encoding="utf-8")
            old = next(name for name, _ in PROVINCES if f"\nregion: {name}" in text)
            path.write_text(text.replace(f"\nregion: {old}", f"\nregion: {MOVES[n]}", 1), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    root = tmp_path_factory.mktemp("national")
    content = _content(root / "content")
    build_sharded(content, root / "site", jobs=2)
    return content, root / "site"


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _index(site: Path) -> IndexRecord:
    return IndexRecord.model_validate_json(gzip.decompress((site / "api/index.json.gz").read_bytes()))


def test_the_corpus_is_spread_over_three_provinces_with_codes_shared_between_them(national):
    content, site = national
    corpus = load_corpus(content, fast=True)
    assert sorted(d for d in _files(site) if d.endswith("/index.html") and d.count("/") == 1
                  and not d.startswith(("agencies", "statutes", "categories", "compare", "same"))) == \
        [f"{s}/index.html" for s in SHARDS]
    assert len(corpus.agencies) == 8


def test_compare_page_of_a_code_counts_per_province_and_links_each_province_s_page(national):
    _, site = national
    summaries = sorted((site / "compare").glob("*.html"))
    assert summaries, "no compare pages"
    spread = []
    for summary in summaries:
        if summary.name == "index.html":
            continue
        html = summary.read_text(encoding="utf-8")
        linked = re.findall(r'href="\.\./([a-z]+)/compare/([0-9a-z]+)\.html"', html)
        assert linked and all((site / s / "compare" / f"{c}.html").is_file() for s, c in linked)
        assert {c for _, c in linked} == {summary.stem}
        spread.append(len(linked))
    assert max(spread) == 3  # a code every province carries: one row (and page) per province


def test_a_province_s_compare_page_holds_its_own_agencies_only(national):
    content, site = national
    corpus = load_corpus(content, fast=True)
    index = _index(site)
    shard_of = {a.id: a.page.split("/")[1] for a in index.agencies}
    for shard in SHARDS:
        for page in (site / shard / "compare").glob("*.html"):
            if page.name == "index.html":
                continue
            agencies = set(re.findall(r'href="\.\./agencies/([^/"]+)/index\.html"', page.read_text(encoding="utf-8")))
            assert agencies and all(shard_of[a] == shard for a in agencies), page
    hebei = (site / "hebei" / "compare" / "index.html").read_text(encoding="utf-8")
    columns = set(re.findall(r'href="\.\./agencies/([^/"]+)/index\.html"', hebei))
    assert columns == {a for a, s in shard_of.items() if s == "hebei"} and len(columns) == 3
    assert set(corpus.agencies) == set(shard_of)


def test_coverage_summary_has_a_column_per_province_and_links_each_province_s_matrix(national):
    _, site = national
    summary = (site / "compare" / "index.html").read_text(encoding="utf-8")
    for shard in SHARDS:
        assert f'href="../{shard}/compare/index.html"' in summary
        assert (site / shard / "compare" / "index.html").is_file()
    assert "地区机关总数" in summary


def test_the_corpus_is_split_by_province_and_the_index_gives_each_file_s_size(national):
    content, site = national
    corpus = load_corpus(content, fast=True)
    index = _index(site)
    assert not (site / paths.CORPUS).exists() and index.corpus is None
    assert [p.id for p in index.provinces] == SHARDS
    seen = []
    for entry in index.provinces:
        packed = (site / "api" / entry.url).read_bytes()
        assert entry.url == f"provinces/{entry.id}.json.gz"
        assert (entry.bytes, entry.sha256) == (len(packed), hashlib.sha256(packed).hexdigest())
        data = gzip.decompress(packed)
        assert len(packed) < len(data) / 3
        record = ProvinceRecord.model_validate_json(data)
        assert record.province == entry.id and len(record.agencies) == entry.agencies
        assert sum(len(a.powers) for a in record.agencies) == entry.powers
        for agency in record.agencies:  # each the agency's own JSON, in its sub-site's folder
            own = site / entry.id / "agencies" / agency.id / "data" / f"{agency.id}.json.gz"
            assert json.loads(gzip.decompress(own.read_bytes())) == agency.model_dump(mode="json")
        seen += [a.id for a in record.agencies]
    assert sorted(seen) == sorted(corpus.agencies)
    statutes = StatutesRecord.model_validate_json((site / "api" / index.statute_data).read_bytes())
    assert [s.id for s in statutes.statutes] == sorted(corpus.statutes)
    schema = json.loads((site / paths.SCHEMA).read_bytes())
    assert {"ProvinceRecord", "StatutesRecord", "ProvinceEntry"} <= set(schema["$defs"])


def _index_urls(index: IndexRecord) -> set[str]:
    urls = {index.home, index.schema_url, index.feed, index.statute_data, *index.pages}
    urls |= {p.url for p in index.provinces}
    for agency in index.agencies:
        urls |= {agency.page, *agency.data.values()}
    for power in index.powers:
        urls |= {power.page, power.data}
    urls |= {s.page for s in index.statutes}
    return {posixpath.normpath(posixpath.join("api", u.split("#")[0])) for u in urls}  # a power: its agency's file


def test_the_index_lists_every_page_and_data_file_the_site_holds_and_nothing_else(national):
    _, site = national
    listed = _index_urls(_index(site))
    held = _files(site)
    assert listed - held == set()  # nothing that does not exist
    pages = {f for f in held if f.endswith(".html") and f != "404.html"}
    data = {f for f in held if f.startswith("api/") or "/data/" in f} - {"api/index.json.gz"}
    assert (pages | data) - listed == set()  # every page and data file


def test_every_link_of_the_built_compare_pages_resolves_on_disk(national):
    """Relative links only, each to a file that exists: the site works from file://."""
    _, site = national
    checked = 0
    for page in [*site.glob("compare/*.html"), *site.glob("*/compare/*.html")]:
        for url in re.findall(r'href="([^"#]+)(?:#[^"]*)?"', page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:|^/", url):
                continue
            target = (page.parent / url).resolve()
            assert target.is_file() or (target / "index.html").is_file(), f"{page.relative_to(site)}: {url}"
            checked += 1
    assert checked > 100


def test_the_shards_use_the_top_site_s_theme_files_and_each_page_finds_every_one(national):
    """One copy of the theme's files, the top site's: a shard holds only its own chrome script
    under `assets/`, and every stylesheet, script and icon a page of any sub-site loads (its
    head, its scripts, the search worker in the theme's settings) is a file of the built site."""
    _, site = national
    shards = sorted(p.parent for p in site.glob("*/index.html") if (p.parent / "agencies").is_dir())
    assert len(shards) >= 3
    top = {p.relative_to(site / "assets").as_posix() for p in (site / "assets").rglob("*") if p.is_file()}
    assert {"stylesheets/quanze.css", "javascripts/quanze-search.js", "images/favicon.png"} <= top
    for shard in shards:
        own = [p.relative_to(shard / "assets").as_posix() for p in (shard / "assets").rglob("*") if p.is_file()]
        assert len(own) == 1 and re.fullmatch(r"javascripts/quanze-chrome\.[0-9a-f]{8}\.js", own[0]), own
    loaded = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for url in re.findall(r'(?:href|src)="([^"#?]*assets/[^"#?]+)"', text):
            assert (page.parent / url).resolve().is_file(), f"{page.relative_to(site)}: {url}"
            loaded += 1
        for search in re.findall(r'"search": ?"([^"]+)"', text):  # a page the chrome script left it in
            base = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', text).group(1))["base"]
            assert (page.parent / base / search).resolve().is_file(), f"{page.relative_to(site)}: {search}"
    assert loaded > 1000
    for script in site.glob("*/assets/javascripts/quanze-chrome.*.js"):  # its worker's address, from the shard's root
        search = json.loads(re.search(r'"search":("[^"]+")', script.read_text(encoding="utf-8")).group(1))
        assert search.startswith("../assets/") and (script.parents[2] / search).resolve().is_file(), script


def _edited(content: Path, folder: Path) -> tuple[Path, str]:
    """A copy of the content with the first agency's list title edited."""
    shutil.copytree(content, folder)
    target = sorted((folder / "agencies").glob("*.yaml"))[0]
    target.write_text(target.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: （修订）", 1), encoding="utf-8")
    return folder, target.stem


def test_one_agency_edited_writes_out_its_files_its_province_s_file_and_the_index_only(national, tmp_path,
                                                                                       monkeypatch):
    import generator.opendata as opendata

    content, _ = national
    edited, agency_id = _edited(content, tmp_path / "content")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    made = []
    make = opendata.agency_files
    monkeypatch.setattr(opendata, "agency_files", lambda a, *rest: made.append(a) or make(a, *rest))
    before = data_files(load_corpus(content, fast=True), _layout(content))
    assert len(made) == 8
    layout = _layout(edited)
    after = data_files(load_corpus(edited, fast=True), layout)
    assert made[8:] == [agency_id]  # the others' files are taken from the store
    assert set(before) == set(after)
    own = {paths.place(layout, paths.list_file(layout, agency_id, ext)) for ext in ("json", "xlsx")}  # the CSV has no title
    assert {path for path in after if after[path] != before[path]} == \
        own | {paths.province_file(layout.shards[agency_id]), paths.index_file(layout)}


def test_an_incremental_build_after_one_edit_changes_those_data_files_only(national, tmp_path):
    content, site = national
    edited, agency_id = _edited(content, tmp_path / "content")
    again = tmp_path / "site"
    shutil.copytree(site, again, symlinks=True)
    build_sharded(edited, again, jobs=2)
    data = lambda root: {f: (root / f).read_bytes() for f in _files(root) if f.startswith("api/") or "/data/" in f}  # noqa: E731
    before, after = data(site), data(again)
    assert set(before) == set(after)
    shard = _layout(edited).shards[agency_id]
    assert {f for f in after if after[f] != before[f]} == {
        f"{shard}/agencies/{agency_id}/data/{agency_id}.json.gz", f"{shard}/agencies/{agency_id}/data/{agency_id}.xlsx",
        paths.province_file(shard), "api/index.json.gz"}


def _layout(content: Path):
    from generator.publish.plan import plan_sites

    return plan_sites(load_corpus(content, fast=True), "region").layout


def _top_and_province_pages(folder: Path, count: int) -> dict[str, str]:
    """The compare pages of `count` synthetic agencies in three provinces (every template in each)."""
    from generator.publish.plan import plan_sites
    from generator.site.render import render_site

    out = write_corpus(CONTENT, folder, count)
    for n, path in enumerate(sorted((out / "agencies").glob("*.yaml"), key=lambda p: p.stem.split("-")[1])):
        text = path.read_text(encoding="utf-8")
        old = next(name for name, _ in PROVINCES if f"\nregion: {name}" in text)
        path.write_text(text.replace(f"\nregion: {old}", f"\nregion: {['北京市', '河北省', '天津市'][n % 3]}", 1),
                        encoding="utf-8")
    corpus = load_corpus(out, fast=True)
    rendered = render_site(corpus, layout=plan_sites(corpus, "region").layout, offer_zip=False)
    return {page.path: page.text for page in rendered if "compare/" in page.path}


def test_the_top_site_s_compare_pages_do_not_grow_with_the_agencies_of_a_province(tmp_path):
    """Five agencies a province, then fifteen: the top pages count them, the province pages list them."""
    small, big = _top_and_province_pages(tmp_path / "a", 15), _top_and_province_pages(tmp_path / "b", 45)
    top = [p for p in small if p.startswith("compare/")]
    assert top and set(top) == {p for p in big if p.startswith("compare/")}
    for path in top:
        assert len(big[path]) <= len(small[path]) * 1.05, path
    rows = lambda text: sum(1 for line in text.splitlines() if line.startswith("| ["))  # noqa: E731
    province = next(p for p in small if p.startswith("beijing/compare/") and not p.endswith("index.md"))
    assert rows(big[province]) == 3 * rows(small[province])
