"""The about page (who runs the site, what it holds, how it is checked, how to report an error),
the open-data page, and what every page carries to them: the footer's links, the head's feed and
data links, and a schema.org description (JSON-LD) of each power and statute page."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest
from conftest import MINI
from htmlcheck import html_files, parse

from generator.content.corpus import Corpus
from generator.content.model import Agency, Statute, StatuteVersion
from generator.content.reader import load_corpus
from generator.errors import QuanzeError
from generator.publish.pipeline import build_site
from generator.publish.plan import plan_sites
from generator.site.linked_data import legislation, script_json
from generator.site.render import render_site


def rendered(project: Path | None = None, layout=None) -> dict[str, str]:
    corpus = load_corpus(MINI)
    corpus.project = project
    kwargs = {"layout": layout} if layout is not None else {}
    return {page.path: page.text for page in render_site(corpus, offer_zip=False, **kwargs)}


def configure(project: Path, **words: str) -> None:
    lines = "".join(f"    {key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in words.items())
    (project / "mkdocs.yml").write_text(f"site_name: x\nextra:\n  quanze:\n{lines}", encoding="utf-8")


def test_the_about_page_says_plainly_what_is_not_configured():
    about = rendered()["about.md"]
    for words in ("本站未注明运营者。", "本站未注明联系方式。", "本站未设报告错误的渠道。", "本站未公布编辑方针。"):
        assert words in about
    assert "quanze check" in about and "所引条文在该法规中存在" in about
    assert "本站汇集示例区医疗保障局公布的权责清单：1 个机关的 2 项职权" in about
    assert '<a href="open-data.html">开放数据</a>' in about


def test_the_about_page_shows_the_projects_own_words_escaped(tmp_path):
    configure(tmp_path, operator="某某县司法局<script>alert(1)</script>", contact="电话 0000-1234567",
              report_url="https://example.cn/jiucuo?a=1&b=2", report_email="jiucuo@example.cn",
              policy="本站每周核对一次。\n更正在一周内完成。")
    about = rendered(tmp_path)["about.md"]
    assert "<script" not in about and "<p>本站由某某县司法局<script>alert(1)</script>运营。</p>" in html.unescape(about)
    assert "<p>联系方式：电话 0000-1234567</p>" in about
    assert '<a href="https://example.cn/jiucuo?a=1&amp;b=2" rel="external noopener noreferrer">' in about
    assert ("请通过 https://example.cn/jiucuo?a=1&b=2 报告，或发送电子邮件至 jiucuo@example.cn，"
            in re.sub(r"<[^>]+>", "", html.unescape(about)))
    assert '<a href="mailto:jiucuo@example.cn">jiucuo@example.cn</a>' in about
    assert "<p>本站每周核对一次。</p>\n<p>更正在一周内完成。</p>" in about
    assert not {"本站未注明运营者", "本站未注明联系方式", "本站未设报告错误的渠道", "本站未公布编辑方针"} & set(
        re.findall(r"本站未[^。，]+", about))


@pytest.mark.parametrize("key, value, why", [
    ("report_url", "javascript:alert(1)", '"javascript:alert(1)" is not an http(s) address (write the full address, '
                                          "e.g. https://example.cn/jiucuo)"),
    ("report_email", "a@b.cn?cc=x", '"a@b.cn?cc=x" is not an e-mail address (write it as name@example.cn)'),
])
def test_a_report_address_that_is_not_one_is_refused_in_one_line(tmp_path, key, value, why):
    configure(tmp_path, **{key: value})
    with pytest.raises(QuanzeError) as raised:
        rendered(tmp_path)
    assert str(raised.value) == f"{tmp_path / 'mkdocs.yml'}: error: extra.quanze.{key}: {why}"


def test_the_open_data_page_links_the_feed_the_index_and_each_list_in_three_formats():
    page = rendered()["open-data.md"]
    for href in ("api/changes.atom", "api/index.json", "api/schema.json", "api/corpus.json",
                 "agencies/demo/data/demo.csv", "agencies/demo/data/demo.xlsx", "agencies/demo/data/demo.json"):
        assert f'href="{href}"' in page, href
    assert "CSV：UTF-8 编码" in page and "Excel（XLSX）" in page and "JSON：清单的全部字段" in page
    assert "职权不另设文件" in page and "JSON 指针（RFC 6901）" in page and "xixia.json#/powers/3" in page
    assert "另有一个 JSON 文件" not in page


def test_a_sharded_open_data_page_links_the_split_files_not_every_agency():
    corpus = load_corpus(MINI)
    page = next(p.text for p in render_site(corpus, layout=plan_sites(corpus, "agency").layout, offer_zip=False)
                if p.path == "open-data.md")
    assert 'href="api/provinces/demo.json.gz"' in page and 'href="api/statutes.json"' in page
    assert "data/demo.csv" not in page and "api/corpus.json" not in page


def test_the_home_page_links_the_about_and_open_data_pages():
    home = rendered()["index.md"]
    assert "见[关于本站](about.md)；全部数据的下载和变更订阅，见[开放数据](open-data.md)。" in home


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("about")
    build_site(MINI, root / "site", strict=True, zip_site=False)
    return root / "site"


def test_every_page_links_the_about_and_open_data_pages_its_data_and_where_to_subscribe_the_feed(site):
    """Every page: its data in the head, the notice that the original prevails and the links to
    the about and open-data pages at its foot; the feed's link in the head of the pages where a
    reader subscribes (the home page, each agency's, about and open data), not on every page."""
    pages = html_files(site)
    assert {"about.html", "open-data.html"} <= {p.relative_to(site).as_posix() for p in pages}
    subscribe = {"index.html", "about.html", "open-data.html",
                 *(p.relative_to(site).as_posix() for p in site.glob("agencies/*/index.html"))}
    fed = set()
    for page in pages:
        if page.name == "404.html":
            continue
        parsed = parse(page)
        alternates = {e.attrs["type"]: e.attrs["href"] for e in parsed.elements
                      if e.tag == "link" and e.attrs.get("rel") == "alternate"}
        assert set(alternates) - {"application/atom+xml"} == {"application/json"}, page
        if "application/atom+xml" in alternates:
            fed.add(page.relative_to(site).as_posix())
        for href in alternates.values():  # a power's data: its agency's JSON, at a fragment
            assert (page.parent / href.partition("#")[0]).resolve().is_file(), (page, href)
        text = page.read_text("utf-8")
        assert "本站更新日期：" in text and "数据日期" not in text, page
        assert "仅供查阅；如有出入，以发布机关公布的原件为准" in text, page
        for name in ("about.html", "open-data.html"):
            href = re.search(rf'<a href="([^"]*{re.escape(name)})">', text).group(1)
            assert (page.parent / href).resolve() == (site / name).resolve(), (page, href)
    assert fed == subscribe and len(subscribe) >= 4


def test_a_page_links_the_data_it_shows(site):
    def json_link(path: str) -> str:
        return next(e.attrs["href"] for e in parse(site / path).elements
                    if e.tag == "link" and e.attrs.get("type") == "application/json")
    assert json_link("agencies/demo/index.html") == "data/demo.json"
    assert json_link("agencies/demo/0247001000.html") == "data/demo.json#/powers/0"
    listed = json.loads((site / "agencies/demo/data/demo.json").read_text("utf-8"))
    for n, power in enumerate(listed["powers"]):
        assert json_link(f"agencies/demo/{power['id']}.html") == f"data/demo.json#/powers/{n}"
    assert json_link("statutes/index.html") == "../api/index.json"


def ld_blocks(page: Path) -> list[dict]:
    """The JSON-LD blocks of a page, each parsed; the script's text holds no <, > or &."""
    blocks = []
    for element in parse(page).elements:
        if element.tag == "script" and element.attrs.get("type") == "application/ld+json":
            assert not set("<>&") & set(element.text), page
            blocks.append(json.loads(element.text))
    return blocks


def test_power_and_statute_pages_describe_themselves_in_json_ld(site):
    corpus = load_corpus(MINI)
    found = 0
    for page in html_files(site):
        relative = page.relative_to(site).as_posix()
        blocks = ld_blocks(page)
        for block in blocks:
            assert block["@context"] == "https://schema.org"
        if re.fullmatch(r"agencies/demo/\d+\.html", relative):
            power = next(p for p in corpus.agencies["demo"].powers if p.id == page.stem)
            assert blocks == [{"@context": "https://schema.org", "@type": "GovernmentService", "name": power.name,
                               "serviceType": power.category, "identifier": power.code,
                               "provider": {"@type": "GovernmentOrganization", "name": "示例区医疗保障局"},
                               "areaServed": {"@type": "AdministrativeArea", "name": "示例省示例市示例区"}}]
            found += 1
        elif relative == "statutes/shehui-baoxian-fa.html":
            assert [(b["@type"], b["name"]) for b in blocks] == [("Legislation", "中华人民共和国社会保险法")]
            found += 1
        else:
            assert blocks == [], relative
    assert found == 3


def test_json_ld_of_content_that_looks_like_markup_stays_inside_its_script():
    text = script_json({"name": "</script><script>alert(1)</script>&amp;"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script>&amp;"}


def test_a_statute_with_an_official_text_gives_its_number_date_and_force():
    version = StatuteVersion(label="2015", document_number="主席令第一号", promulgated=dt.date(2015, 4, 24),
                             in_force=dt.date(2015, 7, 1))
    statute = Statute(title="中华人民共和国示例法", level="法律", official_versions=[version])
    assert legislation(statute) == {"@context": "https://schema.org", "@type": "Legislation",
                                    "name": "中华人民共和国示例法", "legislationIdentifier": "主席令第一号",
                                    "legislationDate": "2015-04-24", "legislationLegalForce": "InForce"}
    repealed = Statute(title="示例办法", level="部门规章", document_number="示例部令第1号",
                       official_versions=[version.model_copy(update={"document_number": None,
                                                                     "repealed": dt.date(2020, 1, 1)})])
    assert legislation(repealed)["legislationLegalForce"] == "NotInForce"
    assert legislation(repealed)["legislationIdentifier"] == "示例部令第1号"
    assert "legislationLegalForce" not in legislation(Statute(title="示例条例", level="行政法规"))


def test_a_power_page_gathers_the_routes_of_oversight_and_remedy():
    agency = load_corpus(MINI).agencies["demo"].model_dump()
    agency["contact"] = {"complaint_phone": "12393"}
    agency["powers"][0] |= {"supervision": "接受社会监督。", "remedy": "可以申请行政复议。"}
    corpus = Corpus({"demo": Agency.model_validate(agency)}, {})
    pages = {p.path: p.text for p in render_site(corpus, offer_zip=False)}
    first, second = pages["agencies/demo/0247001000.md"], pages["agencies/demo/0647001000.md"]
    order = ["## 监督与救济 {#oversight}", "### 监督方式 {#supervision}", "<p>接受社会监督。</p>",
             "### 救济渠道 {#remedy}", "<p>可以申请行政复议。</p>", "### 投诉举报电话 {#complaint}",
             "<p>12393（示例区医疗保障局公布）</p>"]
    assert [first.index(s) for s in order] == sorted(first.index(s) for s in order)
    assert "## 监督与救济" in second and "### 投诉举报电话" in second and "### 监督方式" not in second
    agency["contact"] = None
    alone = {p.path: p.text for p in render_site(Corpus({"demo": Agency.model_validate(agency)}, {}), offer_zip=False)}
    assert "监督与救济" not in alone["agencies/demo/0647001000.md"]
