"""Where readers see what became of a citation: the power page beside it, the agency's count,
the statute index and pages; and each changed article's history (site/article_history.py)."""

from __future__ import annotations

import re

import pytest
from test_law_support import FIXTURES, registration_content

from generator.content.reader import load_corpus
from generator.law.importer import import_statute
from generator.law.lineage import diff_paragraphs
from generator.site.render import render_site


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    content = registration_content(tmp_path_factory.mktemp("history-pages"))
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1764547200")
    try:
        return {page.path: page.text for page in render_site(load_corpus(content), offer_zip=False)}
    finally:
        mp.undo()


def basis(page: str) -> list[str]:
    """The items of a power page's list of citations."""
    return re.findall(r"<li><p>【.*?</li>", page.split('<ol class="quanze-basis">')[1].split("</ol>")[0], re.S)


def test_a_citation_amended_since_the_list_says_so_with_links(pages):
    first, second = basis(pages["agencies/jiu/chexiao.md"])
    assert '<a href="../../statutes/shili-dengjifa/2015-1.html#art-4">《中华人民共和国示例登记法》第四条</a></p>' in first  # the text relied on
    assert ('<p class="quanze-stale">已修改（2021-07-15）：现为<a href="../../statutes/shili-dengjifa.html#art-5">第五条</a>'
            '（2021 年版），条文有修改；清单所据为<a href="../../statutes/shili-dengjifa/2015-1.html#art-4">2015 年版第四条</a>；'
            '<a href="../../statutes/shili-dengjifa/history/art-5.html">本条沿革</a>。</p>') in first
    assert ('已修改（2021-07-15）：现为<a href="../../statutes/shili-dengjifa.html#art-4-1">第四条第一款</a>（2021 年版），'
            '条文未改；') in second


def test_the_full_list_says_the_same_of_each_citation(pages):
    """The printable list reads each citation on the list's date too: what the power page says of it."""
    whole = pages["agencies/jiu/full_list.md"]
    assert ('已修改（2021-07-15）：现为<a href="../../statutes/shili-dengjifa.html#art-5">第五条</a>'
            '（2021 年版），条文有修改；') in whole
    on_power_pages = sum(text.count('<p class="quanze-stale">') for path, text in pages.items()
                         if path.startswith("agencies/jiu/") and path not in ("agencies/jiu/index.md", "agencies/jiu/full_list.md"))
    assert on_power_pages >= 3 and whole.count('<p class="quanze-stale">') == on_power_pages


def test_a_citation_of_no_such_article_is_marked(pages):
    renumbered, missing = basis(pages["agencies/jiu/dengji.md"])
    assert "现为<a href=\"../../statutes/shili-dengjifa.html#art-3\">第三条</a>" in renumbered
    assert ('<p class="quanze-stale">本法规文本（2015 年版）中无此条；现行文本见'
            '<a href="../../statutes/shili-dengjifa.html">2021 年版</a>。</p>') in missing


def test_a_citation_of_the_text_in_force_says_nothing(pages):
    page = pages["agencies/xin/chexiao.md"]
    assert "quanze-stale" not in page
    assert '<a href="../../statutes/shili-dengjifa.html#art-5">《中华人民共和国示例登记法》第五条</a>' in page
    assert "quanze-stale" not in pages["agencies/xin/index.md"]


def test_the_agency_page_counts_its_stale_citations(pages):
    assert '<p class="quanze-stale">本清单有 3 处依据此后已修改或废止' in pages["agencies/jiu/index.md"]


def test_statute_index_shows_status_and_date_in_force(pages):
    assert ("| [中华人民共和国示例登记法](shili-dengjifa.md) | 全国人民代表大会常务委员会 | 有效 | 2021-07-15 | 5 |"
            in pages["statutes/index.md"])


def test_statute_page_marks_the_articles_the_lists_meant(pages):
    current, older = pages["statutes/shili-dengjifa.md"], pages["statutes/shili-dengjifa/2015-1.md"]
    cited = re.findall(r"^## (第.条) \{#art-\d+ \.quanze-cited\}", current, re.M)
    assert cited == ["第三条", "第四条", "第五条"]  # 2015 第二、三、四条 and 2021 第五条; not 2021 第二条
    assert "[撤销以虚假材料取得的示例登记](../agencies/jiu/chexiao.md)（清单据 2015 年版引作第三条）" in current
    assert "- 2015 年版第九条：[示例登记](../agencies/jiu/dengji.md)" in current
    assert re.findall(r"^## (第.条) \{#art-\d+ \.quanze-cited\}", older, re.M) == ["第二条", "第三条", "第四条"]
    assert "（清单据 2021 年版引作第五条）" in older.split("## 第四条")[1].split("## 第五条")[0]


def test_statute_page_says_where_its_text_comes_from(pages):
    assert ('<tr><th scope="row">文本来源</th><td>导入自文件 shili&#95;dengji&#95;fa&#95;2021.md（本版 2021-01-22 修正或修订，'
            '2021-07-15 起施行）</td></tr>') in pages["statutes/shili-dengjifa.md"]


def test_a_page_of_quotes_says_it_is_not_the_official_text(tmp_path):
    from conftest import MINI

    page = {p.path: p.text for p in render_site(load_corpus(MINI))}["statutes/shehui-baoxian-fa.md"]
    assert "本页条文摘自各清单的引用，并非官方文本；官方文本见" in page
    assert '<a href="https://flk.npc.gov.cn/" rel="external noopener noreferrer">国家法律法规数据库</a>' in page


def test_a_history_page_for_each_article_that_changed_only(pages):
    history = sorted(p for p in pages if "/history/" in p)
    assert history == [f"statutes/shili-dengjifa/history/art-{n}.md" for n in (2, 3, 4, 5, 6)]  # not 第一条
    assert "[本条沿革](shili-dengjifa/history/art-5.md)" in pages["statutes/shili-dengjifa.md"]
    assert "## 第一条 {#art-1}\n\n为了" in pages["statutes/shili-dengjifa.md"]


def test_history_page_shows_each_wording_and_the_change(pages):
    page = pages["statutes/shili-dengjifa/history/art-5.md"]
    assert "# 中华人民共和国示例登记法第五条的沿革" in page
    assert "[第四条](../2015-1.md#art-4)（已修改，2015-07-01 起施行；[2015 年版全文](../2015-1.md)）" in page
    assert "> 违反本法第三条规定，提交虚假材料取得示例登记的，由示例主管部门撤销登记，处一千元以上一万元以下的罚款。" in page
    assert "### 2015 年版 → 2021 年版 {#compare-1-2}\n\n条号由第四条改为第五条；条文修改如下：" in page
    assert ('<blockquote class="quanze-diff"><p>违反本法第<del>三</del><ins>四</ins>条规定，提交虚假材料取得示例登记的，'
            '由示例主管部门撤销登记，处<del>一</del><ins>二</ins>千元以上<del>一</del><ins>二</ins>万元以下的罚款。</p></blockquote>'
            ) in page
    inserted = pages["statutes/shili-dengjifa/history/art-2.md"]
    assert "本版无此条（已修改，2015-07-01 起施行；" in inserted and "2021 年版新增本条（第二条）。" in inserted


def test_diff_escapes_every_piece():
    marked = diff_paragraphs(["甲<script>乙", "丙"], ["甲<b>乙", "丙*丁*"])
    assert marked == ["甲&#60;<del>script</del><ins>b</ins>&#62;乙", "丙<ins>&#42;丁&#42;</ins>"]


def test_history_pages_escape_the_statute_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = registration_content(tmp_path)
    payload = "<script>alert(1)</script>[链接](javascript:x) *强调*"
    text = (FIXTURES / "shili_dengji_fa_2021.md").read_text(encoding="utf-8").replace("在线提交申请材料。", payload + "。")
    source = tmp_path / "payload_2021.md"
    source.write_text(text, encoding="utf-8")
    import_statute(source, content, statute_id="shili-dengjifa")
    found = {p.path: p.text for p in render_site(load_corpus(content), offer_zip=False)}
    page = found["statutes/shili-dengjifa/history/art-4.md"]
    assert "<ins>" in page
    for text in (page, found["agencies/jiu/chexiao.md"]):
        assert "<script>" not in text and "](javascript:" not in text and "*强调*" not in text
