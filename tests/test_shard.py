"""Sharding: planning sub-sites from the corpus, and one sharded build of a small corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from htmlcheck import broken_links, links, parse

from benchmarks.corpus import write_corpus
from generator.content.reader import load_corpus
from generator.publish.pipeline import build_sharded
from generator.publish.plan import TOP, layout_of, listing, plan, province, shard_map
from generator.publish.search_index import loaded_bytes, read_index, searched_docs

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """Six agencies in six provinces (北京 天津 河北 山西 内蒙古 辽宁), two powers each."""
    return write_corpus(MINI, tmp_path_factory.mktemp("shards") / "content", 6)


@pytest.fixture(scope="module")
def site(content, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("sharded") / "site"
    build_sharded(content, site, by="region", jobs=2)
    return site


@pytest.mark.parametrize("region, shard", [
    ("宁夏回族自治区石嘴山市惠农区", "ningxia"), ("宁夏银川市", "ningxia"), ("山西省大同市", "shanxi"),
    ("陕西省西安市", "shaanxi"), ("内蒙古自治区", "neimenggu"), ("示例省示例市", "qita"),
])
def test_province_of_a_region(region, shard):
    assert province(region)[2] == shard


def test_every_agency_in_exactly_one_shard(content):
    corpus = load_corpus(content)
    for by in ("region", "agency"):
        shards = plan(corpus, by)
        held = [a for s in shards for a in s.agencies]
        assert sorted(held) == sorted(corpus.agencies)
        assert sum(s.powers for s in shards) == sum(len(a.powers) for a in corpus.agencies.values())
    assert len(plan(corpus, "region")) == 6 and len(plan(corpus, "agency")) == 6


def test_listing_is_json_for_a_ci_matrix(content):
    shards = listing(load_corpus(content), "region")
    assert shards[0]["id"] == TOP
    assert [s["id"] for s in shards[1:]] == ["beijing", "hebei", "liaoning", "neimenggu", "shanxi", "tianjin"]
    json.dumps(shards, ensure_ascii=False)


def test_each_shard_is_a_site_with_its_own_search(content, site):
    corpus = load_corpus(content)
    where = shard_map(plan(corpus, "region"))
    for agency_id, shard in where.items():
        docs = searched_docs(site / shard)
        locations = {doc["location"].split("#")[0] for doc in docs}
        assert f"agencies/{agency_id}/0247001000.html" in locations
        others = [d for d in docs for other in where if where[other] != shard and f"agencies/{other}/" in d["location"]]
        assert others and all("#" not in d["location"] for d in others), "other shards: one light entry per page"
        assert not any("职权依据" in d["title"] for d in others), "no sections of other shards' pages"
        assert (site / shard / "index.html").is_file()
    assert (site / "index.html").is_file() and (site / "search" / "search_index.json").is_file()
    assert not (site / "agencies" / next(iter(where))).exists(), "power pages live in their shard only"


def test_links_between_sub_sites_resolve(site):
    assert broken_links(site) == []


def test_statute_lists_citing_powers_in_every_shard(content, site):
    """statute page -> each shard's citations of the article -> the citing power, across provinces."""
    statute = site / "statutes" / "shehui-baoxian-fa.html"
    targets = {url for tag, url in links(parse(statute)) if tag == "a"}
    corpus = load_corpus(content)
    for agency_id, shard in shard_map(plan(corpus, "region")).items():
        assert f"../{shard}/statutes/shehui-baoxian-fa.html#art-87" in targets
        cited = site / shard / "statutes" / "shehui-baoxian-fa.html"
        assert "art-87" in parse(cited).ids
        powers = {url for tag, url in links(parse(cited)) if tag == "a"}
        assert f"../agencies/{agency_id}/0247001000.html" in powers
        assert "../../statutes/shehui-baoxian-fa.html#art-87" in powers


def test_statute_page_size_does_not_grow_with_agencies(content, site):
    """A shard's line on the statute page counts its powers; the list is on the shard's page."""
    statute = (site / "statutes" / "shehui-baoxian-fa.html").read_text("utf-8")
    assert "bj-00001/0247001000" not in statute
    assert "1 个机关的 1 项职权" in statute


def test_power_page_links_the_statute_article_at_the_top(content, site):
    page = site / "beijing" / "agencies" / "bj-00001" / "0247001000.html"
    targets = {url for tag, url in links(parse(page)) if tag == "a"}
    assert "../../../statutes/shehui-baoxian-fa.html#art-87" in targets


def test_a_sharded_site_has_no_page_of_the_whole_list_and_points_to_the_workbook_instead(site):
    assert not list(site.rglob("full_list.html"))
    page = site / "beijing" / "agencies" / "bj-00001" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "按清单公布的顺序：<a href=\"data/bj-00001.xlsx\">Excel 表格</a>（可打印）" in html
    assert (page.parent / "data" / "bj-00001.xlsx").is_file()


def test_only_builds_the_named_sub_sites(content, tmp_path):
    site = tmp_path / "site"
    build_sharded(content, site, by="region", only=["beijing"])
    assert sorted(p.name for p in site.iterdir()) == [".quanze-site", ".quanze-unit", "beijing"]
    with pytest.raises(Exception, match="unknown shard"):
        build_sharded(content, tmp_path / "other", by="region", only=["atlantis"])


def test_every_sub_site_finds_every_power_by_name(content, site):
    """The light entries: each sub-site's search locates the powers and agencies of the others,
    through the one file of them the top site keeps (each index holds its own pages only)."""
    corpus = load_corpus(content)
    where = shard_map(plan(corpus, "region"))
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("light.js")) == ["search/light.js"]
    for sub in [TOP, *sorted(set(where.values()))]:
        root = site if sub == TOP else site / sub
        index = read_index(root)
        offline = (root / "search" / "search_index.js").read_text("utf-8")
        assert offline == "var __index = " + json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        assert not [d for d in index["docs"] if d["location"].startswith("../")], "no light entry in a sub-site's own index"
        assert index["config"]["light"]["site"] == sub
        assert loaded_bytes(root) == sum((root / f).stat().st_size for f in (
            "search/search_index.json", "search/search_index.js", index["config"]["light"]["script"]))
        docs = searched_docs(root)
        for agency_id, shard in where.items():
            power = corpus.agencies[agency_id].powers[0]
            found = [d for d in docs if d["location"].split("#")[0].endswith(f"{agency_id}/{power.id}.html")]
            assert found, (sub, agency_id)
            assert (root / found[0]["location"].split("#")[0]).resolve().is_file()
            if shard != sub:
                assert found[0]["title"].replace("\u200b", "") == power.name


def test_with_materials_own_search_each_sub_site_index_holds_the_others_light_entries(tmp_path):
    """Material's search worker reads one index: the light entries are appended to each sub-site's
    (cut into words), and there is no shared file of them."""
    content = write_corpus(MINI, tmp_path / "project" / "content", 3)
    config = (Path(__file__).parent.parent / "mkdocs.yml").read_text("utf-8")
    (tmp_path / "project" / "mkdocs.yml").write_text(
        config.replace("    - assets/javascripts/quanze-search.js\n", ""), "utf-8")
    site = tmp_path / "site"
    build_sharded(content, site, by="region")
    assert not list(site.rglob("light.js"))
    corpus = load_corpus(content)
    where = shard_map(plan(corpus, "region"))
    for agency_id, shard in where.items():
        index = read_index(site / shard)
        assert "light" not in index["config"] and index["docs"] == searched_docs(site / shard)
        power = corpus.agencies[agency_id].powers[0]
        for other in set(where.values()) - {shard}:
            titles = [d["title"].replace("\u200b", "") for d in read_index(site / other)["docs"]
                      if d["location"] == f"../{shard}/agencies/{agency_id}/{power.id}.html"]
            assert titles == [power.name], (other, agency_id)


def test_a_name_many_agencies_share_is_one_light_entry(tmp_path):
    """Above the number a power page lists, same-named powers get one entry: the page of all of them."""
    from generator.publish.search import light_entries
    from generator.site.pages import ELSEWHERE_INLINE
    from generator.site.render import render_site

    corpus = load_corpus(write_corpus(MINI, tmp_path / "content", ELSEWHERE_INLINE + 3))
    layout = layout_of(plan(corpus, "region"))
    entries = light_entries(corpus, layout)
    name = corpus.agencies["bj-00001"].powers[0].name
    named = [e for e in entries if e.title == name]
    assert len(named) == 1 and named[0].path.startswith("same/") and named[0].site == ""
    pages = {p.path for p in render_site(corpus, offer_zip=False, layout=layout)}
    assert named[0].path.removesuffix(".html") + ".md" in pages
    assert sum(1 for e in entries if e.path.endswith("/index.html") and "/agencies/" in e.path) == len(corpus.agencies)


def test_auto_keeps_a_small_corpus_one_site_and_shards_above_the_agencies_or_the_limits(content, monkeypatch):
    import generator.publish.plan as shard
    from generator.publish import units

    corpus = load_corpus(content)  # six agencies, one per province
    assert shard.choose(corpus, "auto") is None and shard.choose(corpus, "none") is None
    monkeypatch.setattr(shard, "AUTO_AGENCIES", 5)
    assert shard.choose(corpus, "auto") == "auto"
    assert [s.id for s in plan(corpus, "auto")] == [s.id for s in plan(corpus, "region")], "each province fits"
    monkeypatch.setattr(shard, "AUTO_AGENCIES", 60)
    monkeypatch.setattr(units, "LIMITS", units.Weight(index=1, files=20_000, bytes=10**9))
    assert shard.choose(corpus, "auto") == "auto", "one site too heavy"


def test_a_province_too_heavy_splits_by_city_then_county_then_department(tmp_path, monkeypatch):
    """Units by weight: ids of places (province, city, county), then of agencies; the agencies of a
    level above the split keep the place's id."""
    import generator.publish.plan as shard
    from generator.publish import units

    content = write_corpus(MINI, tmp_path / "content", 2)
    agencies = sorted((content / "agencies").glob("*.yaml"))
    regions = ["广东省", "广东省深圳市", "广东省深圳市南山区", "广东省深圳市南山区", "广东省广州市"]
    template = agencies[0].read_text(encoding="utf-8")
    old_region = next(line for line in template.splitlines() if line.startswith("region: "))
    for path in agencies:
        path.unlink()
    for number, region in enumerate(regions):
        (content / "agencies" / f"gd-{number}.yaml").write_text(
            template.replace(old_region, f"region: {region}"), encoding="utf-8")
    corpus = load_corpus(content)
    assert [s.id for s in plan(corpus, "auto")] == ["guangdong"]
    one = units.weigh(corpus.agencies["gd-0"])
    base = units.UNIT + units.Weight(index=shard.light_weight(corpus, True))
    monkeypatch.setattr(units, "LIMITS", units.Weight(index=base.index + 2 * one.index, files=10**6, bytes=10**12))
    found = {s.id: s.agencies for s in plan(corpus, "auto")}
    assert found == {"guangdong": ["gd-0", "gd-4"], "guangdong-shenzhen": ["gd-1"],  # parts packed, in order
                     "guangdong-shenzhen-nanshan": ["gd-2", "gd-3"]}
    titles = {s.id: s.title for s in plan(corpus, "auto")}
    assert titles["guangdong"] == "广东省（本级等 2 地）" and titles["guangdong-shenzhen"] == "广东省深圳市"
    monkeypatch.setattr(units, "LIMITS", units.Weight(index=base.index + one.index, files=10**6, bytes=10**12))
    found = {s.id: s.agencies for s in plan(corpus, "auto")}
    assert found["gd-2"] == ["gd-2"] and found["gd-3"] == ["gd-3"] and "guangdong-shenzhen-nanshan" not in found


def test_a_sharded_site_indexes_statute_quotes_once_on_the_statute_page(content, site):
    """Quotes repeated on thousands of power pages are shown there but searched on the statute page."""
    corpus = load_corpus(content)
    citation = next(c for c in corpus.agencies["bj-00001"].powers[0].basis if c.text)
    quote = citation.text.splitlines()[0][:12]
    page = (site / "beijing" / "agencies" / "bj-00001" / f"{corpus.agencies['bj-00001'].powers[0].id}.html").read_text("utf-8")
    assert quote in page
    shard_index = (site / "beijing" / "search" / "search_index.js").read_text("utf-8").replace("\u200b", "")
    top_index = (site / "search" / "search_index.js").read_text("utf-8").replace("\u200b", "")
    assert quote not in shard_index and quote in top_index


def test_no_sub_site_takes_a_name_of_the_top_site(tmp_path):
    """Every folder and file at the top of a sharded site with a catalogue, compare pages and open
    data is a name no sub-site folder can take."""
    from generator.publish.plan import RESERVED

    content = write_corpus(MINI, tmp_path / "content", 3)
    (content / "catalogues").mkdir()
    (content / "catalogues" / "mulu.yaml").write_text(
        "title: 目录\ndescription: 测试\nitems:\n- name: 某项\n  category: 行政检查\n", encoding="utf-8")
    site = tmp_path / "site"
    build_sharded(content, site, by="region", jobs=2)
    assert (site / "catalogues").is_dir()
    subs = {p.name for p in site.iterdir() if (p / "search" / "search_index.json").is_file()}
    assert len(subs) == 3
    tops = {p.name.removesuffix(".html") for p in site.iterdir() if not p.name.startswith(".") and p.name not in subs}
    assert tops - {"sitemap.xml", "sitemap.xml.gz"} <= RESERVED, tops - RESERVED


def test_a_statute_page_links_each_sub_sites_citations_and_the_search_leaves_those_lines_out(site):
    """The lines "天津市：1 个机关的 2 项职权" grow with the sub-sites: shown and linked, not indexed."""
    pages = [p for p in (site / "statutes").glob("*.html") if 'class="quanze-cited-units"' in p.read_text("utf-8")]
    assert pages
    for page in pages:
        block = re.search(r'<ul class="quanze-cited-units" data-search-exclude>(.*?)</ul>', page.read_text("utf-8"), re.S)
        links = re.findall(r'<li><a href="([^"]+)">[^<]+</a>：\d+ 个机关的 \d+ 项职权</li>', block.group(1))
        assert links
        for url in links:
            assert (page.parent / url.split("#")[0]).resolve().is_file(), (page.name, url)
    texts = [doc["text"] for doc in read_index(site)["docs"] if doc["location"].startswith("statutes/")]
    assert texts and not [t for t in texts if "个机关的" in t.replace("\u200b", "")][:1]


def test_a_sub_site_s_statute_pages_search_their_articles_by_name_not_the_powers_they_list(content, site):
    """A sub-site's page of a statute lists, under each article, the powers citing it: every one
    is searched on its own page already, so the article's entry holds its heading and statute."""
    corpus = load_corpus(content)
    docs = read_index(site / "beijing")["docs"]
    articles = [d for d in docs if d["location"].startswith("statutes/") and "#art-" in d["location"]]
    assert articles and all(d["title"].startswith("第") and d["text"].startswith("<p>条文：") for d in articles)
    names = {p.name for p in corpus.agencies["bj-00001"].powers}
    assert not [d for d in articles if any(name in d["text"] for name in names)]
    assert names <= {d["title"] for d in docs if d["location"].startswith("agencies/bj-00001/")}
    page = next((site / "beijing" / "statutes").glob("*.html")).read_text("utf-8")
    assert any(f">{name}</a>" in page for name in names)  # (listed on the page all the same)


def test_statute_texts_too_heavy_for_the_top_site_are_searched_as_quotes_once_a_list(content, monkeypatch):
    """When the statutes' texts would make the top site's index heavier than a unit's, the statute
    pages leave their articles out of the search and each unit searches its own lists' quotes,
    each wording once a list (the first power quoting it)."""
    import generator.publish.plan as shard
    from generator.publish import units
    from generator.site.paths import power_path, statute_path
    from generator.site.render import render_site

    corpus = load_corpus(content)
    assert shard.plan_sites(corpus, "region").layout.statute_texts
    light = shard.light_weight(corpus, shard.light_powers(corpus))
    monkeypatch.setattr(units, "LIMITS", units.Weight(index=units.UNIT.index + light + 1, files=20_000, bytes=10**9))
    plan = shard.plan_sites(corpus, "region")
    assert not plan.layout.statute_texts
    pages = {p.path: p.text for p in render_site(corpus, layout=plan.layout, offer_zip=False)}
    cited = sorted({c.statute for a in corpus.agencies.values() for p in a.powers for c in p.basis if c.text})
    for statute_id in cited:
        headings = re.findall(r"^## 第.+条 \{(.*)\}$", pages[statute_path(statute_id)], re.M)
        assert headings and all("data-search-exclude" in h for h in headings), statute_id
    for agency_id, agency in corpus.agencies.items():
        searched = unsearched = 0
        for power in agency.powers:
            page = pages[plan.layout.place(power_path(agency_id, power.id))]
            searched += len(re.findall(r"<blockquote><p>", page))
            unsearched += len(re.findall(r"<blockquote><p data-search-exclude>", page))
        wordings = {(c.statute, c.text) for p in agency.powers for c in p.basis if c.text}
        quotes = sum(1 for p in agency.powers for c in p.basis if c.text)
        assert searched == len(wordings) > 0 and unsearched == quotes - len(wordings)


def test_the_top_site_s_pages_about_every_power_count_in_whether_it_searches_the_statutes_texts(content, monkeypatch):
    """The statutes' texts stay in the top site's index only while they fit there with the light
    entries and the top's own pages about every power and agency (its category pages name each
    power): a limit that the texts and light entries alone would keep is not enough."""
    import generator.publish.plan as shard
    from generator.publish import units

    corpus = load_corpus(content)
    top = shard.top_pages_weight(corpus).index
    needed = units.UNIT.index + shard.light_weight(corpus, shard.light_powers(corpus)) \
        + shard.statutes_weight(corpus).index + top
    assert top > 0
    monkeypatch.setattr(units, "LIMITS", units.Weight(index=needed, files=20_000, bytes=10**9))
    assert shard.statute_texts_fit(corpus)
    monkeypatch.setattr(units, "LIMITS", units.Weight(index=needed - 1, files=20_000, bytes=10**9))
    assert not shard.statute_texts_fit(corpus)


def test_a_built_unit_past_a_limit_is_reported_with_what_a_walk_of_it_counts(content, tmp_path, monkeypatch):
    """The build weighs each unit from its one listing of the site: the same files and bytes a
    walk of the unit finds (`units.measure`), the other units' folders left out of the top's."""
    from generator.publish import units
    from generator.publish.pipeline import over_limits
    from generator.publish.plan import plan as plan_of
    from generator.publish.state import site_listing

    site = tmp_path / "site"
    monkeypatch.setattr(units, "LIMITS", units.Weight(index=10**9, files=5, bytes=10**12, largest=10**12))
    summary = build_sharded(content, site, by="region")
    shards = [s.id for s in plan_of(load_corpus(content), "region")]
    for unit in [TOP, *shards]:
        root = site if unit == TOP else site / unit
        walked = units.measure(root, skip=set(shards) | {".quanze-site"} if unit == TOP else set())
        walked_files = walked.files - (1 if unit == TOP else 0)  # (the walk counts the site's marker)
        assert f"warning: {unit}: it has {walked_files:,} files, over the 5 a unit may have" in summary, unit
    from generator.publish.plan import plan_sites
    listed = over_limits(site, plan_sites(load_corpus(content), "region"), shards, site_listing(site))
    assert sorted(listed) == sorted(shards)


def test_a_sharded_site_heavier_than_one_github_pages_site_is_told_to_deploy_unit_by_unit(content, tmp_path,
                                                                                           monkeypatch):
    """Each unit within a deploy unit's limits, the whole site past what one GitHub Pages site
    takes: the build says how much it weighs (what the files weigh, the markers left out) and how
    to deploy it; a site within it, or a unit built alone, hears nothing of it."""
    from generator.publish import units

    site = tmp_path / "site"
    summary = build_sharded(content, site, by="region")
    assert "GitHub Pages" not in summary
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and p.name != ".quanze-site")
    monkeypatch.setattr(units, "SITE_BYTES", total - 1)
    summary = build_sharded(content, tmp_path / "over", by="region")
    line = next(line for line in summary.splitlines() if "GitHub Pages" in line)
    assert line.startswith("warning: the whole site is ") and "deploy it unit by unit" in line
    assert f"{total / 1e9:.2f} GB" in line
    monkeypatch.setattr(units, "SITE_BYTES", total)
    assert "GitHub Pages" not in build_sharded(content, tmp_path / "again", by="region")


def test_the_estimate_counts_the_bytes_the_search_indexes():
    """A unit's index holds text as UTF-8 and each list of steps REPEATED powers of a list print
    alike once: the estimate counts so (an id's characters a byte each, a Chinese one three)."""
    from generator.content.model import Responsibility
    from generator.publish import units
    from generator.site.context import REPEATED, STEPS

    agency = load_corpus(MINI).agencies["demo"]
    power = agency.powers[0].model_copy(update={"responsibilities": []})
    steps = [Responsibility(step="受理责任", text="依法受理举报，" * 20)]
    alike = [power.model_copy(update={"id": f"p{n}", "responsibilities": steps}) for n in range(REPEATED + 2)]
    listed = agency.model_copy(update={"powers": alike, "editions": []})
    counted = units._count(listed)
    whole = sum(units.text_size(p, bytes_of=True) for p in alike)
    repeated = sum(units.text_size(getattr(power, field), bytes_of=True) for field in STEPS) \
        + units.text_size(steps, bytes_of=True)  # (the copies' other lists of steps are alike too)
    assert counted.searched == whole - (len(alike) - 1) * repeated
    assert units.text_size("abc医保", bytes_of=True) == 9 and units.text_size("abc医保") == 5
    fewer = listed.model_copy(update={"powers": alike[:REPEATED - 1]})  # (fewer alike: every page's are searched)
    assert units._count(fewer).searched == sum(units.text_size(p, bytes_of=True) for p in alike[:REPEATED - 1])


def test_every_unit_weighs_no_more_than_its_estimate(tmp_path):
    """The plan's estimate bounds what each unit built from it weighs (the top site too), on a
    county of other departments sharded into units: an estimate below a unit's real index would let a
    unit pass the limit unnoticed until it is built."""
    import shutil

    from conftest import ROOT

    from benchmarks.government import write_government
    from generator.publish import units
    from generator.publish.pipeline import BuildOptions, build, project_of

    content = tmp_path / "county" / "content"
    write_government(content, level="county", departments=8, scale=0.3, seed=5)
    shutil.copy(ROOT / "mkdocs.yml", content.parent / "mkdocs.yml")
    site = tmp_path / "site"
    build(project_of(content), site, BuildOptions(shard_by="agency", strict=True, zip_site=False))
    listed = listing(load_corpus(content), "agency")
    ids = {unit["id"] for unit in listed}
    assert len(ids) > 3
    for unit in listed:
        root = site if unit["id"] == TOP else site / unit["id"]
        measured = units.measure(root, skip=ids | {".quanze-site"} if unit["id"] == TOP else set())
        estimate = unit["estimate"]
        assert measured.index <= estimate["index_bytes"], (unit["id"], measured, estimate)
        assert measured.files <= estimate["files"] and measured.bytes <= estimate["bytes"], (unit["id"], measured, estimate)


def test_a_statutes_weight_is_the_same_whether_its_digest_was_worked_out_or_not(content):
    """A statute's digest (kept in its `__dict__` once stamped by the fast loader or worked out) is
    not its text: the plan is the same from either loader."""
    import generator.publish.plan as shard

    corpus = load_corpus(content)
    for statute in corpus.statutes.values():
        statute.__dict__.pop("digest", None)
    before = shard.statutes_weight(corpus)
    assert all(statute.digest for statute in corpus.statutes.values())  # (now in each one's __dict__)
    assert shard.statutes_weight(corpus) == before
