"""Parsing official statute texts (generator/law/parse.py, history.py, text.py).

The fixtures in tests/fixtures/statutes are small made-up statutes in the Markdown shape of
public Chinese-law collections; their parse is kept as golden YAML (regenerate with
UPDATE_GOLDEN=1 and review the diff). The reference texts in ../shared, when present, are
parsed too and must give every article.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from generator.content.dump import dump
from generator.content.model import Citation, StatuteVersion
from generator.errors import ContentError
from generator.law.history import events, read_history
from generator.law.importer import version_data
from generator.law.parse import parse_statute
from generator.law.text import anchor, article_text, unit

FIXTURES = Path(__file__).parent / "fixtures" / "statutes"
GOLDEN = FIXTURES / "golden"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "statutes"
REFERENCE_ARTICLES = {
    "shehui_baoxian_fa_2018.md": 98, "yibao_jijin_jianguan_tiaoli_735_2021.md": 50,
    "jiben_yiliao_weisheng_jiankang_cujin_fa_2019.md": 110, "shehui_jiuzhu_zanxing_banfa_2019.md": 70,
    "jiage_fa_1997.md": 48, "shehui_baoxian_jingban_tiaoli_2023.md": 63,
}
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="reference statute texts not present")


def parse_fixture(name: str, **kw):
    path = FIXTURES / name
    return parse_statute(path.read_text(encoding="utf-8"), f"tests/fixtures/statutes/{name}", **kw)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.md")))
def test_fixture_parse_matches_golden(name):
    version = parse_fixture(name).version
    text = dump(version_data(version), StatuteVersion)
    golden = GOLDEN / (Path(name).stem + ".yaml")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}; run with UPDATE_GOLDEN=1 and review"
    assert text == golden.read_text(encoding="utf-8")


def test_chapters_sections_paragraphs_items():
    version = parse_fixture("shili_baozhang_fa_2018.md").version
    assert [a.number for a in version.articles] == list(range(1, 8))
    assert [(d.kind, d.number, d.title, d.first_article) for d in version.divisions] == [
        ("章", 1, "总则", 1), ("章", 2, "经办与监督", 3), ("节", 1, "经办", 3), ("节", 2, "监督", 5),
        ("章", 3, "法律责任", 6)]
    fifth = version.articles[4]
    assert len(fifth.paragraphs) == 2
    assert fifth.paragraphs[0].text == "示例保障行政部门对示例保障基金实施监督检查，有权采取下列措施："
    assert [i.number for i in fifth.paragraphs[0].items] == [1, 2, 3]
    assert fifth.paragraphs[0].items[2].text == "对隐匿、转移示例保障基金的行为予以制止并责令改正。"
    assert fifth.paragraphs[1].items == []


def test_dates_issuer_and_label():
    old = parse_fixture("shili_baozhang_fa_2010.md").version
    assert (old.label, old.adopted, old.promulgated, old.in_force) == (
        "2010", date(2010, 3, 1), date(2010, 3, 1), date(2010, 7, 1))
    assert (old.issuer, old.document_number) == ("全国人民代表大会常务委员会", "主席令第二十号")
    new = parse_fixture("shili_baozhang_fa_2018.md").version
    assert (new.label, new.amended, new.in_force) == ("2018", [date(2018, 12, 29)], None)
    repealed = parse_fixture("shili_guanli_banfa_2005.md").version
    assert (repealed.repealed, repealed.issuer, repealed.document_number) == (date(2020, 1, 1), "示例部", "示例部令第5号")


def test_events_on_one_line():
    assert events("2021年1月15日 中华人民共和国国务院令第735号公布 自2021年5月1日起施行") == [
        ("promulgated", date(2021, 1, 15)), ("in_force", date(2021, 5, 1))]
    assert events("根据2009年8月27日第十一届全国人民代表大会常务委员会第十次会议《关于修改部分法律的决定》第一次修正") == [
        ("amended", date(2009, 8, 27))]
    assert read_history(["2020年12月9日 国务院第117次常务会议通过"]).issuer == "国务院"


def test_units_and_anchors():
    version = parse_fixture("shili_baozhang_fa_2018.md").version
    cite = lambda **kw: unit(version, Citation(statute="x", **kw))  # noqa: E731
    assert cite(article=5).text == article_text(version.articles[4])
    assert cite(article=5, paragraph=2).text == "被检查的单位和个人应当如实提供有关资料，不得拒绝检查。"
    assert cite(article=5, paragraph=1, item=2).text == "（二）询问与调查事项有关的单位和个人；"
    assert cite(article=5, item=3).anchor == "art-5-1-3"  # the one paragraph with items
    assert cite(article=9).missing == "第九条"
    assert cite(article=5, paragraph=3).missing == "第三款"
    assert cite(article=5, paragraph=1, item=4).missing == "第四项"
    assert (anchor(87), anchor(87, 1), anchor(87, 1, 2)) == ("art-87", "art-87-1", "art-87-1-2")


@pytest.mark.parametrize(("text", "line", "message"), [
    ("第一条 没有标题。\n", 1, "the text does not start with a `# title` line"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第一条 甲。\n\n第三条 丙。\n", 7,
     "article 第三条 (3) where 第二条 (2) was expected"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第一条 甲：\n（一）乙；\n（三）丙。\n", 7,
     "item （三） of article 1 where （二） was expected"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第一条 甲。\n## 第二章 罚则\n", 6,
     "heading 第二章 has no article under it"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第一条 甲。\n第一条之二 乙。\n", 6,
     "article 第一条之二 where it does not follow 第一条之一"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第一条 甲。\n第二条之一 乙。\n", 6,
     "article 第二条之一 where it does not follow 第二条"),
    ("# 某法\n\n<!-- INFO END -->\n第一条 甲。\n", 1, "no date in the issuance lines"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n总则\n", 5, "no article found"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第0条 甲。\n", 5, "第0条 is numbered 0"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第〇条 甲。\n", 5, "第〇条 is numbered 0"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第一条 甲：\n（〇）乙。\n", 6, "（〇） is numbered 0"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第一条 甲。\n第一万条 乙。\n", 6,
     "第一万条 is numbered 10000, above 9999, the largest number the registry takes"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第一条 甲。\n第10000条 乙。\n", 6,
     "第10000条 is numbered 10000, above 9999"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第一条 甲：\n（一）乙：\n1．丙；\n3．丁。\n", 8,
     "point 3． of item （一） of article 1 where 2 was expected"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第一条\n第二条 乙。\n", 5, "article 第一条 has no text"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第一条 甲。\n[^1]:\n", 6, "empty note"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n## 第三编 合同\n第四百六十三条 甲。\n第四百六十五条 乙。\n", 7,
     "article 第四百六十五条 (465) where 第四百六十四条 (464) was expected"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第四百六十三条 甲。\n", 5,
     "article 第四百六十三条 (463) where 第一条 (1) was expected"),
])
def test_malformed_text_one_line_errors(text, line, message):
    with pytest.raises(ContentError) as caught:
        parse_statute(text, "bad.md")
    first = str(caught.value).splitlines()[0]
    assert first.startswith(f"bad.md:{line}:1: error: {message}")
    assert re.search(r"\(.+\)$", first), "every error says how to fix it"


@needs_reference
@pytest.mark.parametrize("name", sorted(REFERENCE_ARTICLES))
def test_reference_texts_give_every_article(name):
    path = REFERENCE / name
    version = parse_statute(path.read_text(encoding="utf-8"), name, default_label="2000").version
    assert [a.number for a in version.articles] == list(range(1, REFERENCE_ARTICLES[name] + 1))
    assert version.divisions and version.divisions[0].first_article == 1
    assert all(p.text for a in version.articles for p in a.paragraphs)
    body = path.read_text(encoding="utf-8").split("<!-- INFO END -->", 1)[1]
    lines = [line.strip() for line in body.splitlines() if line.strip() and not line.startswith("#")]
    parsed = sum(len(p.items) + 1 for a in version.articles for p in a.paragraphs)
    assert parsed == len(lines), "every line of the text is a paragraph or an item"


def test_other_shapes_parts_unnumbered_headings_no_marker():
    version = parse_fixture("shili_bian_tiaoli_2022.md").version
    assert [a.number for a in version.articles] == list(range(1, 7))
    assert [(d.kind, d.number, d.title, d.first_article) for d in version.divisions] == [
        ("编", 1, "总则", 1), ("章", 1, "一般规定", 1), ("编", 2, "分则", 3), ("章", 2, "待遇", 3),
        ("节", 1, "医疗待遇", 3), ("节", 2, "生育待遇", 4), ("其他", 1, "附则", 6)]
    assert version.articles[0].paragraphs[0].text == "为了示例，制定本条例。"  # 第一条 alone on its line
    assert [i.text for i in version.articles[2].paragraphs[0].items] == ["门诊费用；", "住院费用。"]
    assert (version.label, version.in_force, version.issuer) == ("2022", date(2022, 3, 1), "国务院")
    from generator.law.layout import Heading, blocks
    headings = [(b.level, b.text) for b in blocks(version) if isinstance(b, Heading)]
    assert headings == [(2, "第一编 总则"), (3, "第一章 一般规定"), (2, "第二编 分则"), (3, "第二章 待遇"),
                        (4, "第一节 医疗待遇"), (4, "第二节 生育待遇"), (3, "附则")]


INSERTED = """# 示例插入条文法

2010年1月1日 通过

2020年1月1日 修正

<!-- INFO END -->

## 第一章 总则

第一条 甲。

第一条之一 乙：

（一）丙；

（二）丁。

第一条之二 戊。

第二条 己。
"""


def test_articles_an_amendment_inserted_are_kept_with_their_own_anchors():
    from generator.law.layout import blocks

    version = parse_statute(INSERTED, "inserted.md").version
    assert [(a.number, a.suffix) for a in version.articles] == [(1, None), (1, 1), (1, 2), (2, None)]
    articles = [b for b in blocks(version) if hasattr(b, "lines")]
    assert [b.label for b in articles] == ["第一条", "第一条之一", "第一条之二", "第二条"]
    assert [b.anchor for b in articles] == ["art-1", "art-1zhi1", "art-1zhi2", "art-2"]
    assert [line.anchor for line in articles[1].lines] == ["art-1zhi1-1", "art-1zhi1-1-1", "art-1zhi1-1-2"]
    assert unit(version, Citation(statute="x", article=1)).text == "甲。"  # a citation of 第一条 means 第一条
    assert unit(version, Citation(statute="x", article=2)).text == "己。"
    assert len([b for b in blocks(version) if not hasattr(b, "lines")]) == 1  # the chapter heading once


def test_sub_items_item_paragraphs_tables_notes_annexes_and_invisible_characters():
    version = parse_fixture("shili_shoufei_tiaoli_2022.md").version
    assert [a.number for a in version.articles] == [1, 2, 3]
    assert version.articles[0].paragraphs[0].text == "为了规范示例收费，制定本条例。"  # a zero-width space inside: gone
    assert version.divisions[0].text == ["本章规定示例收费管理的一般原则。"]  # under the heading, not in an article
    first, second = version.articles[1].paragraphs  # invisible-only lines made no paragraph
    assert [(s.marker, s.text) for s in first.items[0].points] == [("1．", "个人每件10元；"), ("2．", "单位每件50元；")]
    assert first.items[0].paragraphs == ["登记费减半收取的情形由省级价格主管部门规定。"]  # between （一） and （二）
    assert [s.marker for s in first.items[1].points] == ["（1）", "（2）"]  # 目 in brackets, not items
    assert first.items[2].paragraphs == ["咨询费和鉴定费，由省级价格主管部门核定。"]  # after an item ending ：
    assert [i.number for i in first.items] == [1, 2, 3, 4]
    assert (second.text, second.table[-1]) == ("收费标准见下表：", "| 登记费 | 10元 |")
    assert [(a.title, len(a.lines)) for a in version.annexes] == [("附件：示例收费目录", 4)]
    assert version.annexes[0].lines[-1] == "注：目录由价格主管部门调整。"  # a note inside the annex stays there
    assert [(f.mark, f.text) for f in version.footnotes] == [("1", "本条例2020年公布时规定自2020年5月1日起施行。")]
    assert version.articles[2].paragraphs[0].text == "本条例自2022年6月1日起施行。[^1]"
    cited = unit(version, Citation(statute="x", article=2, paragraph=1, item=1))
    assert cited.text == "（一）登记费，按照下列标准收取：1．个人每件10元；2．单位每件50元；登记费减半收取的情形由省级价格主管部门规定。"


def test_sub_items_and_tables_laid_out_with_anchors():
    from generator.law.layout import ArticleBlock, appendices, blocks

    version = parse_fixture("shili_shoufei_tiaoli_2022.md").version
    second = [b for b in blocks(version) if isinstance(b, ArticleBlock)][1]
    assert [(line.kind, line.anchor) for line in second.lines] == [
        ("paragraph", "art-2-1"), ("item", "art-2-1-1"), ("point", "art-2-1-1-1"), ("point", "art-2-1-1-2"),
        ("more", "art-2-1-1-p2"), ("item", "art-2-1-2"), ("point", "art-2-1-2-1"), ("point", "art-2-1-2-2"),
        ("item", "art-2-1-3"), ("more", "art-2-1-3-p2"), ("item", "art-2-1-4"), ("paragraph", "art-2-2"),
        ("table", "art-2-2-table")]
    assert [(a.title, a.anchor, [table for _, table in a.lines]) for a in appendices(version)] == [
        ("附件：示例收费目录", "annex-1", [True, False]), ("注", "notes", [False])]


def test_a_part_of_a_code_starts_at_its_first_article():
    version = parse_fixture("minfadian_hetong_bian_2020.md").version
    assert [a.number for a in version.articles] == [463, 464]
    assert [(d.kind, d.number, d.first_article) for d in version.divisions] == [
        ("编", 3, 463), ("分编", 1, 463), ("章", 1, 463)]
    titled = "# 中华人民共和国民法典（合同编）\n\n2020年5月28日 通过\n<!-- INFO END -->\n第四百六十三条 甲。\n"
    assert parse_statute(titled, "x.md").version.articles[0].number == 463  # the title says it is a part
    plain = ("# 中华人民共和国民法典\n\n2020年5月28日 通过\n<!-- INFO END -->\n第三编 合同\n第一分编 通 则\n"
             "第一章 一般规定\n第四百六十三条 甲。\n")  # headings printed without their # marks
    version = parse_statute(plain, "x.md").version
    assert [(d.kind, d.title, d.first_article) for d in version.divisions] == [
        ("编", "合同", 463), ("分编", "通则", 463), ("章", "一般规定", 463)]
    with pytest.raises(ContentError, match="第四百六十三条 \\(463\\) where 第一条"):
        parse_statute(titled.replace("（合同编）", "机构编制管理条例"), "x.md")  # 编制 is no part


def test_keywords_inside_titles_are_not_events():
    lines = ["2011年12月20日 中华人民共和国国务院令第613号公布",
             "2017年3月1日 《国务院关于修改和废止部分行政法规的决定》第一次修订　",
             "2018年3月19日 《国务院关于修改和废止部分行政法规的决定》第二次修订　"]
    history = read_history(lines)
    assert (history.repealed, history.amended) == (None, [date(2017, 3, 1), date(2018, 3, 19)])
    assert history.amended_by == "《国务院关于修改和废止部分行政法规的决定》"
    nested = "2020年1月1日 《关于废止〈示例《废止》办法〉的决定》修正"  # 〈〉 and 《》 inside a title
    assert events(nested) == [("amended", date(2020, 1, 1))]


@pytest.mark.parametrize(("line", "instrument"), [
    ("2020年1月1日 示例部令第30号废止", "示例部令第30号"),
    ("根据2020年5月1日《国务院关于废止部分行政法规的决定》废止", "《国务院关于废止部分行政法规的决定》"),
    ("2020年5月1日 第十三届全国人民代表大会常务委员会第十八次会议决定废止", None),
])
def test_a_repeal_is_a_line_whose_own_event_is_repeal(line, instrument):
    history = read_history(["2005年3月1日 示例部令第5号公布", line])
    assert history.repealed is not None and history.repealed_by == instrument


def test_a_history_line_broken_over_two_lines_keeps_its_amendment():
    history = read_history([
        "1982年11月19日 第五届全国人民代表大会常务委员会第二十五次会议通过",
        "1991年6月29日 第七届全国人民代表大会常务委员会第二十次会议《关于修改<中华人民共和国文物保护法>第三十条",
        "第三十一条的决定》第一次修正",
        "2002年10月28日 第九届全国人民代表大会常务委员会第三十次会议修订"])
    assert history.amended == [date(1991, 6, 29), date(2002, 10, 28)]
    assert len(history.lines) == 3 and history.lines[1].endswith("第三十条第三十一条的决定》第一次修正")


def test_entry_into_force_from_the_article_when_it_is_the_versions_own():
    assert parse_fixture("xingzheng_chufa_fa_2021.md").version.in_force == date(2021, 7, 15)
    assert parse_fixture("xingzheng_chufa_fa_2017.md").version.in_force is None  # 1996: the first version's date
    assert parse_fixture("shili_shoufei_tiaoli_2022.md").version.in_force == date(2022, 6, 1)
    published = ("# 某办法\n\n2010年1月1日 示例部令第1号公布\n<!-- INFO END -->\n"
                 "第一条 甲。\n第二条 本办法自公布之日起施行。\n")
    assert parse_statute(published, "x.md").version.in_force == date(2010, 1, 1)
    header = parse_fixture("shili_bian_tiaoli_2022.md").version  # the 施行 of the issuance lines first
    assert header.in_force == date(2022, 3, 1)


LAWREFBOOK = REFERENCE / "lawrefbook"


@pytest.mark.skipif(not LAWREFBOOK.is_dir(), reason="reference statute texts not present")
@pytest.mark.parametrize("path", sorted(LAWREFBOOK.glob("*.md")) if LAWREFBOOK.is_dir() else [],
                         ids=lambda p: p.stem)
def test_lawrefbook_texts_read_whole(path):
    version = parse_statute(path.read_text(encoding="utf-8"), path.name).version
    assert version.repealed is None, "none of these texts is repealed"
    assert all(p.text or p.items for a in version.articles for p in a.paragraphs), "no empty paragraph"
    assert len(version.amended) == sum("修正" in line or "修订" in line for line in version.history)
    assert [a.number for a in version.articles if a.suffix is None] == list(range(1, len(version.articles) + 1))


@pytest.mark.skipif(not LAWREFBOOK.is_dir(), reason="reference statute texts not present")
def test_lawrefbook_dates_and_paragraphs():
    def read(name):
        return parse_statute((LAWREFBOOK / name).read_text(encoding="utf-8"), name).version
    assert read("行政处罚法(2021-01-22).md").in_force == date(2021, 7, 15)
    assert read("公司法(2023-12-29).md").in_force == date(2024, 7, 1)
    assert sum(len(a.paragraphs) for a in read("公司法(2023-12-29).md").articles) == 490
    assert read("文物保护法(2017-11-04).md").amended[0] == date(1991, 6, 29)  # its line broken in two
    regulations = read("招标投标法实施条例(2019-03-02).md")
    assert (regulations.repealed, len(regulations.amended)) == (None, 2)
