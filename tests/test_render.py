"""Rendering the corpus into Markdown pages: golden pages, structure, lookups, escaping."""

from __future__ import annotations

import json
import os

import pytest
import yaml
from conftest import MINI, ROOT

from generator.content.reader import load_corpus
from generator.site.index import Index
from generator.site.paths import name_key
from generator.site.render import render_site

GOLDEN = ROOT / "tests" / "golden" / "pages"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {page.path: page.text for page in render_site(load_corpus(MINI))}


@pytest.mark.parametrize("path", ["agencies/demo/0247001000.md", "statutes/shehui-baoxian-fa.md", "agencies/demo/index.md"])
def test_golden_pages(pages, path):
    golden = GOLDEN / path
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[path], encoding="utf-8")
    assert golden.is_file(), f"missing {golden}; run with UPDATE_GOLDEN=1 and review the diff"
    assert pages[path] == golden.read_text(encoding="utf-8")


def test_every_page_of_the_site(pages):
    assert sorted(pages) == sorted([
        "index.md", "about.md", "open-data.md", "agencies/index.md", "agencies/demo/index.md", "agencies/demo/0247001000.md",
        "agencies/demo/0647001000.md", "agencies/demo/full_list.md", "statutes/index.md", "statutes/shehui-baoxian-fa.md", "categories/index.md",
        *[f"categories/{slug}.md" for slug in
          ("xuke", "chufa", "qiangzhi", "zhengshou", "geifu", "jiancha", "queren", "jiangli", "caijue", "qita")],
    ])


def row(key: str, value: str, searched: bool = True) -> str:
    """A row of a table of fields: the field's name a row header (a row the search leaves out: one
    only of use on the page, as its number in the list)."""
    return f'<tr{"" if searched else " data-search-exclude"}><th scope="row">{key}</th><td>{value}</td></tr>'


def test_power_page_has_every_field_in_order(pages):
    text = pages["agencies/demo/0247001000.md"]
    order = [row("序号", "1", searched=False), row("职权编码", "0247001000"), row("适用范围", "（仅指医疗保险、生育保险）"),
             row("实施主体", "示例区医疗保障局"), row("备注", "增加"), "## 职权依据 {#basis}", "【法律】",
             '<a href="../../statutes/shehui-baoxian-fa.html#art-87">《中华人民共和国社会保险法》（2018 年修正）第八十七条</a>',
             "<blockquote><p>社会保险经办机构",
             "## 行使内容", "## 责任事项", "<li><strong>立案责任</strong>：", "<li><strong>调查责任</strong>：",
             "## 追责情形", "## 担责方式", '<li>下一项：<a href="0647001000.html">对医疗保障基金使用情况的监督检查</a></li>']
    positions = [text.index(snippet) for snippet in order]
    assert positions == sorted(positions)


def test_category_as_published_is_shown(pages):
    assert "行政检查（清单写作“行政监督检查”）" in pages["agencies/demo/0647001000.md"]


def test_agency_page_groups_by_category_with_counts(pages):
    text = pages["agencies/demo/index.md"]
    assert "## 行政处罚类（共 1 项） {#chufa data-search-exclude}" in text  # (each power is found by its own page)
    assert "## 行政检查类（共 1 项） {#jiancha data-search-exclude}" in text
    assert "<tr>\n<td>1</td>\n<td>0247001000</td>\n<td><a href=\"0247001000.html\">以欺诈" in text


def test_statute_page_anchors_articles_and_lists_citing_powers(pages):
    text = pages["statutes/shehui-baoxian-fa.md"]
    assert "## 第八十七条 {#art-87}" in text
    assert text.count("href=\"../agencies/demo/0647001000.html\"") == 2  # article 87 and without an article
    assert "## 未注明条款的引用 {#whole}" in text


def test_home_counts(pages):
    text = pages["index.md"]
    assert "共收录 1 个机关的 2 项职权，1 部法律法规，3 条引用。" in text
    assert "| [示例区医疗保障局](agencies/demo/index.md) | 1 | 1 | 2 |" in text


def test_home_without_zip_has_no_link():
    home = next(p.text for p in render_site(load_corpus(MINI), offer_zip=False) if p.path == "index.md")
    assert ".zip" not in home


def test_same_power_elsewhere(tmp_path):
    content = tmp_path / "content"
    (content / "agencies").mkdir(parents=True)
    (content / "statutes").mkdir()
    (content / "statutes" / "shehui-baoxian-fa.yaml").write_text((MINI / "statutes" / "shehui-baoxian-fa.yaml").read_text("utf-8"), "utf-8")
    demo = yaml.safe_load((MINI / "agencies" / "demo.yaml").read_text("utf-8"))
    (content / "agencies" / "demo.yaml").write_text((MINI / "agencies" / "demo.yaml").read_text("utf-8"), "utf-8")
    other = dict(demo, name="另一区医疗保障局")
    other["powers"] = [dict(demo["powers"][0], code="0247009999"),
                       dict(demo["powers"][1], name=" 对医疗保障基金使用情况的 监督检查。", id="x")]
    (content / "agencies" / "other.yaml").write_text(json.dumps(other, ensure_ascii=False), "utf-8")
    corpus = load_corpus(content)
    index = Index.of(corpus)
    first, second = [r for r in corpus.powers() if r.agency_id == "demo"]
    assert [(r.agency_id, why) for r, why in index.elsewhere(first)] == [("other", ["名称相同"])]
    assert [(r.agency_id, why) for r, why in index.elsewhere(second)] == [("other", ["编码相同", "名称相同"])]
    text = next(p.text for p in render_site(corpus) if p.path == "agencies/demo/0647001000.md")
    assert '<li>另一区医疗保障局：<a href="../other/x.html">对医疗保障基金使用情况的 监督检查。</a>（编码相同、名称相同）</li>' in text


def test_name_key_ignores_width_spaces_and_punctuation():
    assert name_key("对（医疗） 保障，检查。") == name_key("对(医疗)保障检查")


def test_content_never_reaches_markdown_unescaped(tmp_path):
    text = next(p.text for p in render_site(load_corpus(MINI)) if p.path == "agencies/demo/0247001000.md")
    assert "{#basis}" in text  # generated anchors stay Markdown
    from generator.site.paths import ONE_SITE, Link, link
    from generator.site.templates import environment

    env = environment()
    page = env.from_string("{{ x }}|{{ y }}").render(x="*a* <b>", y=Link("[t]", link(ONE_SITE, "a/b.md", "c.md")))
    assert page == "&#42;a&#42; &#60;b&#62;|[&#91;t&#93;](../c.md)"


def test_page_cache_renders_only_what_changed(tmp_path):
    """A second render reuses a page whose inputs are the same objects; a changed agency, or an
    edited template, renders again."""
    import shutil

    from generator.site.render import TEMPLATES, PageCache

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    corpus = load_corpus(MINI)
    cache = PageCache()
    first = {p.path: p.text for p in render_site(corpus, templates=templates, cache=cache)}
    calls = []
    original = cache.page

    def counting(path, inputs, render):
        return original(path, inputs, lambda: calls.append(path) or render())

    cache.page = counting
    again = {p.path: p.text for p in render_site(corpus, templates=templates, cache=cache)}
    assert again == first and calls == []
    demo = corpus.agencies["demo"]
    corpus.agencies["demo"] = demo.model_copy(update={"name": "改名区医疗保障局"})
    changed = {p.path: p.text for p in render_site(corpus, templates=templates, cache=cache)}
    assert "agencies/demo/index.md" in calls and "改名区医疗保障局" in changed["agencies/demo/index.md"]
    calls.clear()
    power = templates / "power.html.j2"
    power.write_text(power.read_text("utf-8") + "\n附注\n", "utf-8")
    import os
    os.utime(power, ns=(power.stat().st_mtime_ns + 10**9,) * 2)
    render_site(corpus, templates=templates, cache=cache)
    assert "agencies/demo/0247001000.md" in calls


@pytest.mark.parametrize("sharded", [False, True])
def test_pages_listing_many_agencies_render_again_only_when_what_they_show_of_one_changes(tmp_path, sharded):
    """A list's title is on its own pages only: an edit of it renders those again, not the statute,
    category and same-name pages or other agencies' power pages that name the agency; a power's
    new name is on those and renders them again (but a sharded site's statute pages, which count
    the powers per unit). Either way the pages are a clean render's."""
    import shutil

    from conftest import CONTENT

    from generator.publish.plan import plan_sites
    from generator.site.paths import shard_cited_path
    from generator.site.render import PageCache

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    shutil.copytree(CONTENT.parent / "sources", tmp_path / "sources")
    layout = plan_sites(load_corpus(content), "agency").layout
    given, at = ({"layout": layout}, layout.place) if sharded else ({}, lambda path: path)
    cache, calls = PageCache(), []
    original = cache.page
    cache.page = lambda path, inputs, render: original(path, inputs, lambda: calls.append(path) or render())
    render_site(load_corpus(content), cache=cache, **given)
    huinong = content / "agencies" / "huinong.yaml"

    def edit(old: str, new: str) -> dict[str, str]:
        huinong.write_text(huinong.read_text("utf-8").replace(old, new, 1), "utf-8")
        calls.clear()
        pages = {p.path: p.text for p in render_site(load_corpus(content), cache=cache, **given)}
        assert pages == {p.path: p.text for p in render_site(load_corpus(content), **given)}  # a clean render's
        return pages

    edit("title: 惠农区医疗保障局行政权力和责任清单", "title: 惠农区医疗保障局权力清单")
    assert calls and [p for p in calls if p.startswith(("statutes/", "categories/", "same/")) and p != "statutes/index.md"
                      or p.startswith("agencies/") and not p.startswith(("agencies/huinong/", "agencies/index"))] == []
    # (the compare pages show each list's steps, the statutes' index counts the differing quotes:
    # made from the agencies themselves)
    name = load_corpus(content).agencies["huinong"].powers[0].name
    pages = edit(f"name: {name}", f"name: {name}（改）")
    cited = {c.statute for c in load_corpus(content).agencies["huinong"].powers[0].basis}
    if sharded:
        assert [p for p in calls if p.startswith("statutes/") and p != "statutes/index.md"] == []
        assert all(f"{name}（改）" in pages[at(shard_cited_path(layout.shards["huinong"], s))] for s in cited)
    else:
        assert {f"statutes/{s}.md" for s in cited} <= set(calls)
        assert all(f"{name}（改）" in pages[f"statutes/{s}.md"] for s in cited)
    assert [p for p in calls if p.startswith("agencies/") and not p.startswith("agencies/huinong/")
            and p != "agencies/index.md"], "the same power elsewhere names it"


def test_power_page_hides_empty_rows_and_keeps_given_ones(pages):
    text = pages["agencies/demo/0247001000.md"]
    assert ">子项<" not in text and ">责任主体<" not in text
    assert row("备注", "增加") in text and row("序号", "1", searched=False) in text


def test_lead_in_sentence_is_a_paragraph_not_item_one():
    from generator.site.lists import lead_and_items

    lines = ["因不履行或不正确履行行政职责，有下列情形的，应承担相应责任：", "没有法律依据的；", "其他情形。"]
    assert lead_and_items(lines) == {"lead": lines[0], "lines": lines[1:]}
    assert lead_and_items(lines[1:]) == {"lead": None, "lines": lines[1:]}
    assert lead_and_items(["只有一句："]) == {"lead": None, "lines": ["只有一句："]}


def test_every_page_has_breadcrumbs_title_parts_and_the_data_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    rendered = {p.path: p.text for p in render_site(load_corpus(MINI))}
    for path, text in rendered.items():
        meta = yaml.safe_load(text.split("---\n")[1])["quanze"]
        assert meta["data_date"] == "2023-11-14", path
        assert meta["crumbs"][0] == ["首页", "" if path == "index.md" else meta["crumbs"][0][1]], path
    power = yaml.safe_load(rendered["agencies/demo/0247001000.md"].split("---\n")[1])["quanze"]
    assert power["title"] == ["以欺诈、伪造证明材料或者其他手段骗取社会保险基金支出行为的处罚", "示例区医疗保障局"]
    assert [c[0] for c in power["crumbs"]] == ["首页", "机关", "示例区医疗保障局", power["title"][0]]
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    home = next(p.text for p in render_site(load_corpus(MINI)) if p.path == "index.md")
    assert "data_date" not in home  # the mini content gives no date, and the clock is never read


def _edited(**changes):
    """The mini corpus with the first power of demo changed (`power`) and the agency changed (`agency`)."""
    corpus = load_corpus(MINI)
    demo = corpus.agencies["demo"]
    power = demo.powers[0].model_copy(update=changes.get("power", {}))
    corpus.agencies["demo"] = demo.model_copy(update={**changes.get("agency", {}),
                                                      "powers": [power, *demo.powers[1:]]})
    return {page.path: page.text for page in render_site(corpus)}


def test_contact_fields_show_on_the_agency_pages_only_when_given(pages):
    from generator.content.model import Contact

    assert "联系电话" not in pages["agencies/demo/index.md"] and "联系方式" not in pages["agencies/demo/full_list.md"]
    contact = Contact(address="示例路 1 号<b>", phone="0951-5021234转8", website="https://ylbz.example.cn/?a=1&b=2")
    edited = _edited(agency={"contact": contact})
    for path in ("agencies/demo/index.md", "agencies/demo/full_list.md"):
        text = edited[path]
        assert row("地址", "示例路 1 号&#60;b&#62;") in text and row("联系电话", "0951-5021234转8") in text
        assert row("网站", '<a href="https://ylbz.example.cn/?a=1&amp;b=2" rel="external noopener noreferrer">'
                         "https&#58;//ylbz.example.cn/?a&#61;1&#38;b&#61;2</a>") in text
        assert "投诉举报电话" not in text  # not given, not shown


def test_service_fields_on_the_power_page_and_the_full_list(pages):
    assert "办事指南" not in pages["agencies/demo/0247001000.md"] and "## 救济渠道" not in pages["agencies/demo/0247001000.md"]
    edited = _edited(power={"guide_url": "https://zwfw.example.cn/guide?id=1", "service_code": "11640105MB19551231",
                            "supervision": "投诉举报电话 12393", "remedy": "可依法申请行政复议或者提起行政诉讼。"})
    page, full = edited["agencies/demo/0247001000.md"], edited["agencies/demo/full_list.md"]
    link = '<a href="https://zwfw.example.cn/guide?id=1" rel="external noopener noreferrer">政务服务网办事指南</a>'
    for text in (page, full):
        assert row("实施编码", "11640105MB19551231") in text and row("办事指南", link) in text
    assert ("## 监督与救济 {#oversight}\n\n### 监督方式 {#supervision}\n\n<p>投诉举报电话 12393</p>\n" in page
            and "\n### 救济渠道 {#remedy}\n\n<p>可依法申请" in page)
    assert "<p><strong>监督方式</strong></p>\n\n<p>投诉举报电话 12393</p>\n" in full and "<strong>救济渠道</strong>" in full


def test_a_corrected_title_is_marked_with_the_published_form_and_a_note():
    from generator.content.model import Correction

    correction = Correction(field="basis[0].title", published="社会保验<法", corrected="社会保险法", note="见原表*第 3 页*")
    page = _edited(power={"corrections": [correction]})["agencies/demo/0247001000.md"]
    assert ('<a href="../../statutes/shehui-baoxian-fa.html">中华人民共和国<ins class="quanze-corrected" '
            'title="原文作“社会保验&#60;法”">社会保险法</ins></a>》<sup class="quanze-note-mark">'
            '<a href="#correction-1">注1</a></sup>（2018 年修正）') in page
    assert ('<li><span class="quanze-note" id="correction-1">注1</span>：“社会保险法”原文作“社会保验&#60;法”，本页已更正。见原表&#42;第 3 页&#42;'
            in page)


def test_a_corrected_name_is_marked_in_the_table_of_fields():
    from generator.content.model import Correction

    page = _edited(power={"corrections": [Correction(field="name", published="骗去", corrected="骗取")]})[
        "agencies/demo/0247001000.md"]
    assert row("职权名称", '以欺诈、伪造证明材料或者其他手段<ins class="quanze-corrected" title="原文作“骗去”">骗取</ins>'
                       '社会保险基金支出行为的处罚<sup class="quanze-note-mark"><a href="#correction-1">注1</a></sup>') in page
    assert "# 以欺诈、伪造证明材料或者其他手段骗取社会保险基金支出行为的处罚\n" in page  # the heading stays plain


def test_a_long_quote_folds_with_its_start_as_summary_and_a_short_one_does_not(pages):
    from generator.content.model import Citation
    from generator.site.templates import LONG_QUOTE

    assert "<details" not in pages["agencies/demo/0247001000.md"]
    long = "第一句<话>。" * (LONG_QUOTE // 7 + 1)
    basis = [Citation(statute="shehui-baoxian-fa", title="中华人民共和国社会保险法", article=87, text=long + "\n第二段。")]
    page = _edited(power={"basis": basis})["agencies/demo/0247001000.md"]
    summary = "第一句&#60;话&#62;。" * 8 + "第一句&#60;"  # the first 60 characters
    assert (f'<details class="quanze-quote"><summary>{summary}……（全文 {len(long) + 5} 字）</summary><blockquote>'
            "<p>" + "第一句&#60;话&#62;。" * (LONG_QUOTE // 7 + 1) + "</p><p>第二段。</p></blockquote></details>") in page
    full = _edited(power={"basis": basis})["agencies/demo/full_list.md"]
    assert "<details" not in full  # the full list is a document: every quote whole


def test_links_to_other_sites_are_not_taken_for_missing_pages():
    from generator.content.model import Contact
    from generator.publish.links import broken_links

    corpus = load_corpus(MINI)
    demo = corpus.agencies["demo"]
    power = demo.powers[0].model_copy(update={"guide_url": "https://zwfw.example.cn/guide?id=1"})
    corpus.agencies["demo"] = demo.model_copy(update={"contact": Contact(website="http://ylbz.example.cn/"),
                                                      "powers": [power, *demo.powers[1:]]})
    rendered = render_site(corpus)
    assert not [b for b in broken_links(rendered) if "example.cn" in b]
    assert 'href="https://zwfw.example.cn/guide?id=1"' in next(p.text for p in rendered if p.path.endswith("0247001000.md"))


def test_front_matter_reads_back_through_yaml_as_it_was_written(tmp_path):
    """Every page's front matter, hostile text included, is written as one line of JSON (YAML's
    flow style, quick to write): PyYAML's safe loader, which MkDocs reads it with, gets what was
    written, and a page's title is read back as YAML reads it."""
    import json

    from test_xss import write_content

    from generator.site.chrome import front_title

    pages = 0
    for content in (MINI, write_content(tmp_path / "xss")):
        for page in render_site(load_corpus(content), offer_zip=False):
            head = page.text[4:page.text.index("\n---", 4)]
            meta = yaml.load(head, Loader=yaml.SafeLoader)
            line = next(line for line in head.splitlines() if line.startswith("quanze: "))
            assert meta["quanze"] == json.loads(line[len("quanze: "):]), page.path
            assert front_title(page.text) == (None if meta.get("title") is None else str(meta["title"])), page.path
            pages += 1
    assert pages > 40


def test_a_projects_markdown_template_replaces_the_html_one(tmp_path):
    from generator.site.templates import HTML_BODY, TEMPLATES

    own = tmp_path / "pages"
    own.mkdir()
    (own / "power.md.j2").write_text("---\ntitle: {{ power.name | title }}\n---\n\n# {{ power.name }}\n\n{{ agency }}\n",
                                     "utf-8")
    corpus = load_corpus(MINI)
    mine = {p.path: p.text for p in render_site(corpus, templates=[own, TEMPLATES])}["agencies/demo/0247001000.md"]
    ours = {p.path: p.text for p in render_site(corpus)}["agencies/demo/0247001000.md"]
    assert f"{HTML_BODY}: true" in ours and f"{HTML_BODY}" not in mine
    assert mine.endswith("\n[示例区医疗保障局](index.md)\n")  # a Markdown link: MkDocs converts this page


def test_a_link_of_content_text_and_one_of_markup_with_the_same_characters_stay_apart():
    from markupsafe import Markup

    from generator.site.paths import Link
    from generator.site.templates import _html

    url = Markup("x.md")
    assert _html(Link(Markup("<ins>改</ins>"), url)) == '<a href="x.html"><ins>改</ins></a>'
    assert _html(Link("<ins>改</ins>", url)) == '<a href="x.html">&#60;ins&#62;改&#60;/ins&#62;</a>'
    assert _html(Link(Markup("<ins>改</ins>"), url)) == '<a href="x.html"><ins>改</ins></a>'


def _agency(name: str, region: str) -> dict:
    return {"name": name, "region": region, "admin_level": "县级", "title": f"{name}权责清单",
            "powers": [{"id": "p1", "name": "某项职权", "category": "行政检查"}]}


def _home(agencies: dict[str, dict], project=None) -> str:
    from generator.content.corpus import Corpus
    from generator.content.model import Agency

    corpus = Corpus({i: Agency.model_validate(a) for i, a in agencies.items()}, {}, project=project)
    return next(p.text for p in render_site(corpus, offer_zip=False) if p.path == "index.md")


def test_home_names_its_agencies_when_the_project_does_not_say():
    one = _home({"yingji": _agency("某某县应急管理局", "某某省某某县")})
    assert "\n# 某某县应急管理局权责清单\n" in one and "本站汇集某某县应急管理局公布的权责清单" in one
    same = _home({"a": _agency("甲县应急管理局", "某省甲县"), "b": _agency("乙县应急管理局", "某省乙县")})
    assert "\n# 应急管理局权责清单\n" in same and "本站汇集各地应急管理局公布的" in same
    for text in (one, same):
        assert "医疗保障" not in text


def test_home_of_one_government_groups_its_departments():
    text = _home({"yj": _agency("某某县应急管理局", "某某省某某县"), "mz": _agency("某某县民政局", "某某省某某县"),
                  "mz2": _agency("某某县民政局（某某县老龄办）", "某某省某某县")})
    assert "\n# 某某县权责清单\n" in text and "本站汇集某某县各部门公布的" in text
    rows = [line.split(" | ")[:2] for line in text.splitlines() if line.startswith("| ") and "agencies/" in line]
    assert rows == [["| 应急管理局", "[某某县应急管理局](agencies/yj/index.md)"],
                    ["| 民政局", "[某某县民政局](agencies/mz/index.md)"],
                    ["| ", "[某某县民政局（某某县老龄办）](agencies/mz2/index.md)"]]
    assert "| 部门 | 机关 |" in text


def test_home_words_come_from_the_projects_own_mkdocs_yml(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nextra:\n  quanze:\n    site_title: 某某县人民政府部门权责清单\n"
                                         "    publishers: 某某县人民政府各部门\n", encoding="utf-8")
    text = _home({"yj": _agency("某某县应急管理局", "某某省某某县")}, project=tmp_path)
    assert "\n# 某某县人民政府部门权责清单\n" in text and "本站汇集某某县人民政府各部门公布的权责清单" in text
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nextra:\n  quanze:\n    intro: 自己写的介绍。\n", encoding="utf-8")
    text = _home({"yj": _agency("某某县应急管理局", "某某省某某县")}, project=tmp_path)
    assert "\n自己写的介绍。\n" in text and "本站汇集" not in text


def test_the_repositorys_own_site_keeps_its_medical_security_words():
    text = next(p.text for p in render_site(load_corpus(ROOT / "content"), offer_zip=False) if p.path == "index.md")
    assert "\n# 医疗保障部门权责清单\n" in text and "本站汇集医疗保障局公布的权责清单" in text
    assert "| 部门 |" not in text  # one department: no grouping


def test_steps_that_ten_powers_of_a_list_print_alike_are_searched_on_the_first_page_only(tmp_path):
    """A county bureau's standard 责任事项 on hundreds of pages: each page shows them, the search
    finds them once."""
    import copy
    import shutil

    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    path = sorted((content / "agencies").glob("*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = data["powers"][0]
    steps = [{"step": "立案责任", "text": "依法立案"}, {"step": "调查责任", "text": "调查取证"}]
    data["powers"] = [{**copy.deepcopy(first), "id": f"p{n:02d}", "name": f"{first['name']}{n}", "code": None,
                       "responsibilities": copy.deepcopy(steps), "accountability": [f"第{n}种情形"]} for n in range(11)]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rendered = {page.path: page.text for page in render_site(load_corpus(content))}
    agency = path.stem
    heads = [next(line for line in rendered[f"agencies/{agency}/p{n:02d}.md"].splitlines() if line.startswith("## 责任事项"))
             for n in range(11)]
    assert heads[0] == "## 责任事项 {#responsibilities}"
    assert all(head == "## 责任事项 {#responsibilities data-search-exclude}" for head in heads[1:])
    assert all("步骤" not in text for text in heads)
    accountability = [line for n in range(11) for line in rendered[f"agencies/{agency}/p{n:02d}.md"].splitlines()
                      if line.startswith("## 追责情形")]
    assert accountability == ["## 追责情形 {#accountability}"] * 11  # each different: each searched
    assert all("依法立案" in rendered[f"agencies/{agency}/p{n:02d}.md"] for n in range(11))  # shown on every page
