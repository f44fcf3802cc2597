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
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第一条 甲。\n## 附件\n", 6,
     "heading 附件 has no article under it"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第一条 甲。\n第一条之二 乙。\n", 6,
     "article 第一条之二 where it does not follow 第一条之一"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第一条 甲。\n第二条之一 乙。\n", 6,
     "article 第二条之一 where it does not follow 第二条"),
    ("# 某法\n\n<!-- INFO END -->\n第一条 甲。\n", 1, "no date in the issuance lines"),
    ("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n总则\n", 5, "no article found"),
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
