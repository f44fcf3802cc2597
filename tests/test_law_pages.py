"""Statute pages with an official text, and the power pages that cite them (render.py, templates)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from htmlcheck import broken_links
from test_law_support import FIXTURES, imported_content, make_content

from generator.content.reader import load_corpus
from generator.law.importer import import_statute
from generator.site.render import render_site


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    return imported_content(tmp_path_factory.mktemp("law-pages"))


@pytest.fixture(scope="module")
def pages(content):
    return {page.path: page.text for page in render_site(load_corpus(content), offer_zip=False)}


def test_whole_text_with_chapters_sections_and_anchors(pages):
    page = pages["statutes/shili-baozhangfa.md"]
    for n in range(1, 8):
        assert re.search(rf"^#+ 第[一二三四五六七]条 \{{#art-{n}( \.quanze-cited)?\}}$", page, re.M), n
    assert "## 第二章 经办与监督 {#chapter-2}" in page
    assert "### 第一节 经办 {#section-1}" in page
    assert "#### 第五条 {#art-5 .quanze-cited}" in page
    assert "被检查的单位和个人应当如实提供有关资料，不得拒绝检查。\n{: #art-5-2 }" in page
    assert "（三）对隐匿、转移示例保障基金的行为予以制止并责令改正。\n{: #art-5-1-3 .quanze-item }" in page
    assert '<tr><th scope="row">时效性</th><td>有效（自 2018-12-29）</td></tr>' in page


def test_versions_each_on_a_page(pages):
    current, older = pages["statutes/shili-baozhangfa.md"], pages["statutes/shili-baozhangfa/2010-1.md"]
    assert "版本：[2010](shili-baozhangfa/2010-1.md)（已修改） · **2018（有效）**" in current
    assert "版本：**2010（已修改）** · [2018](../shili-baozhangfa.md)（有效）\n{: .quanze-versions }\n" in older
    assert "（有效）**\n{: .quanze-versions }\n" in current
    assert ('<tr><th scope="row">时效性</th><td>已修改（自 2018-12-29，依据《关于修改〈中华人民共和国示例保障法〉的决定》）'
            '</td></tr>') in older
    assert "个人账户记录" in older and "个人账户记录" not in current.split("#### 第三条")[1].split("####")[0].split("引用本条")[0]


def test_each_article_says_what_it_was_in_the_version_before(pages):
    current, older = pages["statutes/shili-baozhangfa.md"], pages["statutes/shili-baozhangfa/2010-1.md"]
    third = current.split("#### 第三条")[1].split("#### 第四条")[0]
    assert ("\n\n2010 年版：[第三条](shili-baozhangfa/2010-1.md#art-3)（本版有修改） · "
            "[本条沿革](shili-baozhangfa/history/art-3.md)\n{: .quanze-article-history }\n") in third
    assert current.count("quanze-article-history") == 3  # 第二、三、五条 reworded; the others the same
    assert older.count("quanze-article-history") == 3 and "年版：" not in older  # no version before: the history only
    assert "#### 第三条 {#art-3 .quanze-cited}\n\n[本条沿革](history/art-3.md)\n{: .quanze-article-history }\n" in older


def test_cited_articles_followed_by_their_powers_and_differences(pages):
    page = pages["statutes/shili-baozhangfa.md"]
    third = page.split("#### 第三条")[1].split("#### 第四条")[0]
    assert "引用本条的职权（其中 1 处引文与本文不同）：" in third
    assert "[对骗取示例保障基金支出的处罚](../agencies/shili/chufa.md)：引文不同，个人&#91;账户&#93;→&#91;权益&#93;记录" in third
    assert "## 本文没有的条文 {#missing}" in page and "第九条：[示例保障基金监督检查]" in page
    assert "1 处引文与本文不同，见[引文与官方文本的差异](differences.md)" in page


def test_power_pages_link_paragraphs_and_items(pages):
    page = pages["agencies/shili/jiancha.md"]
    assert '<a href="../../statutes/shili-baozhangfa.html#art-5-2">《中华人民共和国示例保障法》第五条第二款</a>' in page
    assert '<a href="../../statutes/shili-baozhangfa.html#art-5-1-3">《中华人民共和国示例保障法》第五条第一款第三项</a>' in page
    assert '<a href="../../statutes/shili-baozhangfa.html">《中华人民共和国示例保障法》第九条</a>' in page  # no such article: the page, no anchor


def test_power_page_notice_of_a_differing_quote(pages):
    page = pages["agencies/shili/chufa.md"]
    assert ('<p class="quanze-differs">引文与官方文本（2018 年版第三条）不同：个人&#91;账户&#93;→&#91;权益&#93;记录'
            '（<a href="../../statutes/shili-baozhangfa.html#art-3">官方条文</a>）</p>') in page
    assert "quanze-differs" not in pages["agencies/shili/jiancha.md"]


def test_differences_page_by_agency(pages):
    page = pages["statutes/differences.md"]
    assert "共 1 处" in page and "## [示例县医疗保障局](../agencies/shili/index.md) {#shili}" in page
    assert "| [对骗取示例保障基金支出的处罚](../agencies/shili/chufa.md) | 依据 2 | [中华人民共和国示例保障法（2018）第三条](shili-baozhangfa.md#art-3) |" in page
    assert "见[引文与官方文本的差异](differences.md)" in pages["statutes/index.md"]


def test_repealed_statute_page(pages):
    page = pages["statutes/shili-guanli-banfa.md"]
    assert '<tr><th scope="row">时效性</th><td>已废止（自 2020-01-01，依据示例部令第30号）</td></tr>' in page and '<tr><th scope="row">废止</th><td>2020-01-01</td></tr>' in page


def test_heading_text_sub_items_tables_annexes_and_notes(pages):
    page = pages["statutes/shili-shoufei-tiaoli.md"]
    assert "## 第一章 总则 {#chapter-1}\n\n本章规定示例收费管理的一般原则。\n\n### 第一条" in page
    assert "1．个人每件10元；\n{: #art-2-1-1-1 .quanze-item .quanze-point }" in page
    assert "登记费减半收取的情形由省级价格主管部门规定。\n{: #art-2-1-1-p2 .quanze-item .quanze-more }" in page
    assert "\n\n| 项目 | 标准 |\n| --- | --- |\n| 登记费 | 10元 |\n\n" in page
    annex = page.split("## 附件：示例收费目录 {#annex-1}")[1]
    assert annex.startswith("\n\n| 序号 | 项目 |\n| --- | --- |\n| 1 | 登记费 |\n\n注：目录由价格主管部门调整。\n")
    assert "## 注 {#notes}\n\n1：本条例2020年公布时规定自2020年5月1日起施行。" in page
    assert page.index("{#annex-1}") > page.index("{#art-3}")  # after the articles, not a paragraph of the last


def test_statute_text_is_escaped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = make_content(tmp_path)
    text = (FIXTURES / "shili_guanli_banfa_2005.md").read_text(encoding="utf-8").replace(
        "按月结算。", "按月结算<script>alert(1)</script>[链接](javascript:x) *强调* {: #x }。")
    source = tmp_path / "bad_2005.md"
    source.write_text(text, encoding="utf-8")
    import_statute(source, content, statute_id="shili-guanli-banfa")
    page = {p.path: p.text for p in render_site(load_corpus(content), offer_zip=False)}["statutes/shili-guanli-banfa.md"]
    assert "<script>" not in page and "](javascript:" not in page and "*强调*" not in page
    assert "{: #x }" not in page


@pytest.mark.parametrize("sharded", [False, True])
def test_sites_build_strict_with_every_link_resolved(content, tmp_path, sharded):
    site = tmp_path / "site"
    shard = ["--shard-by", "agency", "--jobs", "1"] if sharded else ["--shard-by", "none", "--no-zip"]
    run = subprocess.run([sys.executable, "-m", "generator", "--content", str(content), "build", "--site-dir",
                          str(site), *shard], capture_output=True, text=True, cwd=Path(__file__).parents[1],
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, run.stderr
    assert (site / "statutes" / "differences.html").exists()
    assert broken_links(site) == []
    html = (site / "statutes" / "shili-baozhangfa.html").read_text(encoding="utf-8")
    for anchor in ("art-87", "art-5", "art-5-2", "art-5-1-3", "chapter-2"):
        assert (f'id="{anchor}"' in html) == (anchor != "art-87"), anchor
    annexed = (site / "statutes" / "shili-shoufei-tiaoli.html").read_text(encoding="utf-8")
    assert annexed.count("<table>") == 3 and "<td>登记费</td>" in annexed  # facts, article, annex
    for anchor in ("art-2-1-1-1", "art-2-1-1-p2", "annex-1", "notes"):
        assert f'id="{anchor}"' in annexed, anchor


REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "statutes"


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="reference statute texts not present")
def test_reference_statutes_on_the_shipped_lists(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(Path(__file__).parents[1] / "content", tmp_path / "content")
    shutil.copytree(Path(__file__).parents[1] / "sources", tmp_path / "sources")  # the agencies' source_file
    monkeypatch.chdir(tmp_path)
    for name in ("shehui_baoxian_fa_2018.md", "yibao_jijin_jianguan_tiaoli_735_2021.md"):
        import_statute(REFERENCE / name, tmp_path / "content")
    pages = {p.path: p.text for p in render_site(load_corpus(tmp_path / "content"), offer_zip=False)}
    law, rules = pages["statutes/shehuibaoxian-fa.md"], pages["statutes/yiliaobaozhang-jijin-shiyong-jiandu-guanlitiaoli.md"]
    assert len(re.findall(r"^#+ 第\S+条 \{#art-\d+", law, re.M)) == 98
    assert len(re.findall(r"^#+ 第\S+条 \{#art-\d+", rules, re.M)) == 50
    assert len(re.findall(r"^## 第\S+章 ", law, re.M)) == 12 and "## 第一章 总则 {#chapter-1}" in law
    assert "{: #art-40-1 }" in rules
    power = pages["agencies/huinong/0247001000.md"]
    assert 'href="../../statutes/yiliaobaozhang-jijin-shiyong-jiandu-guanlitiaoli.html#art-40-1"' in power


def test_a_quote_edited_to_the_official_wording_changes_the_pages_that_count_differences(tmp_path, monkeypatch):
    """A quote's wording is not in an agency's outline (`site/outline.py`): the pages that count or
    show the differing quotes are made from the agencies themselves, and a render kept in the
    page cache is a clean render after the edit."""
    from generator.site.render import PageCache

    content = imported_content(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    cache = PageCache()
    before = {p.path: p.text for p in render_site(load_corpus(content), offer_zip=False, cache=cache)}
    assert "引文与官方文本的差异" in before["statutes/index.md"]
    shili = content / "agencies" / "shili.yaml"
    text = shili.read_text("utf-8")
    assert "个人账户记录" in text
    shili.write_text(text.replace("个人账户记录", "个人权益记录"), "utf-8")
    after = {p.path: p.text for p in render_site(load_corpus(content), offer_zip=False, cache=cache)}
    assert after == {p.path: p.text for p in render_site(load_corpus(content), offer_zip=False)}
    assert "引文与官方文本的差异" not in after["statutes/index.md"]


@pytest.mark.parametrize("sharded", [False, True])
def test_an_official_text_renders_again_only_when_a_citation_it_shows_changes(tmp_path, monkeypatch, sharded):
    """A statute's pages are made from each agency's citations (`outline.citations`): a list's
    title edited renders no official text again; a power renamed, only where names are shown (one
    site; a sharded site counts per unit, with or without an official text); a quote edited
    renders them again. Each time the pages are a clean render's."""
    from generator.publish.plan import plan_sites
    from generator.site.render import PageCache

    content = imported_content(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    layout = plan_sites(load_corpus(content), "agency").layout if sharded else None
    given = {"layout": layout} if sharded else {}
    cache, calls = PageCache(), []
    original = cache.page
    cache.page = lambda path, inputs, render: original(path, inputs, lambda: calls.append(path) or render())
    render_site(load_corpus(content), offer_zip=False, cache=cache, **given)
    texts = ["statutes/shili-baozhangfa.md", "statutes/shili-baozhangfa/2010-1.md"]
    shili = content / "agencies" / "shili.yaml"

    def edit(old: str, new: str) -> dict[str, str]:
        text = shili.read_text("utf-8")
        assert old in text
        shili.write_text(text.replace(old, new, 1), "utf-8")
        calls.clear()
        pages = {p.path: p.text for p in render_site(load_corpus(content), offer_zip=False, cache=cache, **given)}
        assert pages == {p.path: p.text for p in render_site(load_corpus(content), offer_zip=False, **given)}
        return {p: pages[layout.place(p) if layout else p] for p in texts}

    title = next(line for line in shili.read_text("utf-8").splitlines() if line.startswith("title: "))
    edit(title, title + "（修订）")
    assert calls and not set(texts) & set(calls)
    name = load_corpus(content).agencies["shili"].powers[0].name
    pages = edit(f"name: {name}", f"name: {name}（改）")
    if sharded:  # (no statute's page names a power: counts per unit)
        assert calls and [p for p in calls if p.startswith("statutes/") and p != "statutes/index.md"] \
            == ["statutes/differences.md"]  # (the index is made from every list, the differences name powers)
    else:
        assert set(texts) <= set(calls) and f"{name}（改）" in pages["statutes/shili-baozhangfa.md"]
    edit("个人账户记录", "个人权益记录")  # (a quote of the 2010 text: the differences counted change)
    assert set(texts) <= set(calls)
