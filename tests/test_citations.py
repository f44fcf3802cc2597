"""Citation parser: unit cases, golden files from the five sources, and the nothing-dropped property.

Golden files: tests/golden/citations/<name>.txt holds one basis cell, <name>.json the
expected (citations, leftover). Regenerate with UPDATE_GOLDEN=1 and review the diff.
"""

import html
import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.model import Citation
from generator.content.numerals import int_to_cn
from generator.content.registry import Registry
from generator.importers.citations import parse_basis, parse_ref

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "citations"
SOURCES = ROOT / "sources"
REGISTRY = Registry()
#: Characters the parser may drop: they only delimit fields (tags, titles, quotes, separators).
DELIMITERS = set("【】《》“”\"：:；;，,。、")


def parse(text):
    return parse_basis(text, REGISTRY)


def significant(text):
    text = re.sub(r"</?(?:p|b)>", "", html.unescape(text))
    return Counter(c for c in text if not c.isspace() and c not in DELIMITERS)


def kept(citations, leftover, once_per_header):
    """Significant characters of the output; header fields counted per citation or per run of one header."""
    fields, previous = [], None
    for c in citations:
        header = tuple(c.get(k) for k in ("title", "level", "version"))
        if header != previous or not once_per_header:
            fields += [h for h in header if h]
        previous = header
        fields += [str(c[k]) for k in ("ref", "text") if k in c]
    return significant("".join(fields) + (leftover or ""))


def assert_nothing_dropped(text):
    """Every significant input character is in the output, and the output invents none."""
    citations, leftover = parse(text)
    assert significant(text) - kept(citations, leftover, once_per_header=False) == Counter()
    assert kept(citations, leftover, once_per_header=True) - significant(text) == Counter()


# -- references -------------------------------------------------------------------------
@pytest.mark.parametrize("ref, expected", [
    ("第八十七条第一款", (87, 1, None)), ("第三条第六项", (3, None, 6)), ("第一百零四条", (104, None, None)),
    ("第 3 条", (3, None, None)), ("第二十一条第一款第二项", (21, 1, 2)), ("七十九条", (79, None, None)),
])
def test_parse_ref(ref, expected):
    assert parse_ref(ref) == expected


@given(st.integers(1, 9999), st.one_of(st.none(), st.integers(1, 99)), st.one_of(st.none(), st.integers(1, 99)))
def test_parse_ref_any_numbers(article, paragraph, item):
    ref = f"第{int_to_cn(article)}条"
    ref += f"第{int_to_cn(paragraph)}款" if paragraph else ""
    ref += f"第{int_to_cn(item)}项" if item else ""
    assert parse_ref(ref) == (article, paragraph, item)


@pytest.mark.parametrize("junk", ["第八十七", "八十七", "第条", "第八十七条规定"])
def test_parse_ref_refuses_junk(junk):
    with pytest.raises(ValueError, match="article reference"):
        parse_ref(junk)


# -- shapes -----------------------------------------------------------------------------
def test_level_tag_version_and_articles_one_per_citation():
    cs, left = parse("【法律】《中华人民共和国社会保险法》（2018 年修正）\n第八十七条 甲。\n第八十八条 乙。")
    assert left is None
    assert [(c["article"], c["text"]) for c in cs] == [(87, "甲。"), (88, "乙。")]
    assert all(c["level"] == "法律" and c["version"] == "（2018 年修正）" for c in cs)
    assert cs[0]["statute"] == REGISTRY.statute_id("社会保险法")


def test_keys_are_citation_fields_and_validate():
    cs, _ = parse("《社会保险法》第八十七条第一款：“甲。”")
    assert list(cs[0]) == [k for k in Citation.model_fields if k in cs[0]]
    Citation(**cs[0])
    assert cs[0]["paragraph"] == 1 and cs[0]["text"] == "甲。"


def test_quoted_articles_in_a_row():
    cs, _ = parse("《中华人民共和国社会保险法》第八十七条：“甲。”第八十八条：“乙。”；")
    assert [(c["ref"], c["text"]) for c in cs] == [("第八十七条", "甲。"), ("第八十八条", "乙。")]


def test_reference_without_di_right_after_the_version():
    cs, _ = parse("【法律】《中华人民共和国社会保险法》(2010年主席令第三十五号,2018年修正)七十九条 社会保险行政部门。”")
    assert cs[0]["article"] == 79 and cs[0]["ref"] == "七十九条" and cs[0]["text"] == "社会保险行政部门。"


def test_references_inside_a_quote_stay_text():
    text = "《某某办法》（2013 年）\n第二十一条第一款 违反本办\n法第九条规定之一的，依照本法第八十六条的规定。第九条规定的除外。"
    cs, _ = parse(text)
    assert len(cs) == 1 and cs[0]["article"] == 21 and "第八十六条" in cs[0]["text"]


def test_titles_inside_a_quote_stay_text():
    cs, _ = parse("《甲办法》第二十七条 违反本办法规定，《中华人民共和国社会保险法》《乙条例》等已有规定的，从其规定。")
    assert len(cs) == 1 and "《乙条例》" in cs[0]["text"]


def test_several_statutes_in_one_paragraph_separated_by_spaces():
    cs, _ = parse("《中华人民共和国社会保险法》第八十七条：甲 《医疗保障基金使用监督管理条例》第三十七条：乙")
    assert [(c["title"], c["text"]) for c in cs] == [("中华人民共和国社会保险法", "甲"), ("医疗保障基金使用监督管理条例", "乙")]


def test_several_references_before_one_text():
    cs, _ = parse("《社会保险法》第二十七条、第二十八条 两条的文字。")
    assert [(c["article"], c.get("text")) for c in cs] == [(27, None), (28, "两条的文字。")]


def test_title_missing_its_closing_bracket():
    cs, _ = parse("【部门规章】《社会保险费征缴监督检查办法（1999 年劳动和社会保障部令\n第 3 号）\n第三条 甲。")
    assert cs[0]["title"] == "社会保险费征缴监督检查办法"
    assert cs[0]["version"] == "（1999 年劳动和社会保障部令第 3 号）" and cs[0]["article"] == 3


def test_title_split_by_a_line_break_and_repeated_bracket():
    cs, _ = parse("【法律】《中华人民共和国基本医疗卫\n《生与健康促进法》(2019年主席令第38号)第九十三条 甲")
    assert cs[0]["title"] == "中华人民共和国基本医疗卫生与健康促进法" and cs[0]["article"] == 93


def test_version_broken_over_lines():
    cs, _ = parse("【地方政府规章】《宁夏回族自治区基本医疗保险服务监督办法》 （2013\n\n年自治区政府令第 55 号）\n第二十二条 甲")
    assert cs[0]["version"] == "（2013年自治区政府令第 55 号）"


def test_inner_quotes_kept_in_title_and_same_id():
    cs, _ = parse("《实施〈中华人民共和国社会保险法〉若干规定》第二十五条：甲\n《实施<中华人民共和国社会保险法>若干规定》第二十六条：乙")
    assert cs[0]["title"] == "实施〈中华人民共和国社会保险法〉若干规定"
    assert cs[0]["statute"] == cs[1]["statute"]


def test_provision_list_of_a_normative_document_is_text():
    cs, _ = parse("《县委办公室关于印发〈某规定〉等26个部门“三定规定”的通知》（宝办〔2019〕36号）第四条：“（二）组织。（七）……监督。”")
    assert len(cs) == 1 and cs[0]["article"] == 4 and cs[0]["text"] == "（二）组织。（七）……监督。"


def test_text_after_a_header_without_article():
    cs, _ = parse("【规范性文件】《医疗保障行政执法事项指导目录》（医保发〔2020〕35号）\n8. 对药品价格进行监测")
    assert "article" not in cs[0] and cs[0]["text"] == "8. 对药品价格进行监测"


def test_forms_are_not_statutes():
    cs, left = parse("制作《行政处罚决定书》。\n《处罚听证告知书》")
    assert cs == [] and "《处罚听证告知书》" in left


def test_text_before_the_first_title_is_leftover():
    cs, left = parse("根据国家规定。\n【法律】《社会保险法》第八十七条 甲")
    assert left == "根据国家规定。" and cs[0]["article"] == 87


def test_enumerator_and_issuer_before_a_title():
    cs, left = parse("一、《国家医疗保障局职能配置规定》（厅字〔2018〕64号）\n二、各级医疗保障主管部门《职能配置、机构设置和人员编制规定》。")
    assert [c["title"] for c in cs] == ["国家医疗保障局职能配置规定", "各级医疗保障主管部门职能配置、机构设置和人员编制规定"]
    assert left == "一、\n二、"


def test_unknown_level_tag_is_kept():
    cs, left = parse("【司法解释】《某解释》第一条 甲")
    assert "level" not in cs[0] and left == "【司法解释】"


def test_empty_input():
    assert parse("") == ([], None)
    assert parse("  \n ") == ([], None)


# -- shapes of other departments' lists ----------------------------------------------------
# Modelled on lists of transport, fire, market-regulation, emergency-management and civil-affairs
# departments: level tags in other brackets, numbered citations in one cell, abbreviated titles,
# items in brackets, items of a document. Each case: cell -> (full title, article, paragraph, item).
SHAPE_STATUTES = {
    "gonglu-fa": ("中华人民共和国公路法", ["公路法"]),
    "gonglu-anquan-baohu-tiaoli": ("公路安全保护条例", []),
    "xiaofang-fa": ("中华人民共和国消防法", ["消防法"]),
    "shipin-anquan-fa": ("中华人民共和国食品安全法", ["食品安全法"]),
    "xingzheng-xuke-fa": ("中华人民共和国行政许可法", ["行政许可法"]),
    "anquan-shengchan-fa": ("中华人民共和国安全生产法", ["安全生产法"]),
    "daolu-yunshu-tiaoli": ("中华人民共和国道路运输条例", ["道路运输条例"]),
    "tezhong-shebei-anquan-fa": ("中华人民共和国特种设备安全法", ["特种设备安全法"]),
    "guangxi-daolu-yunshu-tiaoli": ("广西壮族自治区道路运输管理条例", []),
    "baoliu-xingzheng-shenpi-jueding": ("国务院对确需保留的行政审批项目设定行政许可的决定", []),
}

G, GA, XF, SP, XK, AQ, DY, TZ = ("中华人民共和国公路法", "公路安全保护条例", "中华人民共和国消防法",
                                 "中华人民共和国食品安全法", "中华人民共和国行政许可法", "中华人民共和国安全生产法",
                                 "中华人民共和国道路运输条例", "中华人民共和国特种设备安全法")
GX = "广西壮族自治区道路运输管理条例"
JD = "国务院对确需保留的行政审批项目设定行政许可的决定"

SHAPE_CASES = [
    # transport: two numbered citations on one line
    ("1.《公路法》(主席令第19号修正)第七十六条 2.《公路安全保护条例》(国务院令593号)第六十四条",
     [(G, 76, None, None), (GA, 64, None, None)]),
    # transport: tag after the enumerator, two articles on one line separated by a space
    ("1.【法律】《中华人民共和国公路法》 \n    第四十四条 第七十六条\n2.【行政法规】《公路安全保护条例》(国务院令第593号)\n    第二十七条",
     [(G, 44, None, None), (G, 76, None, None), (GA, 27, None, None)]),
    # transport: item in brackets after a space
    ("《中华人民共和国公路法》第七十六条第(一)项", [(G, 76, None, 1)]),
    ("《公路法》第七十六条 第(二)项 《公路安全保护条例》第六十二条", [(G, 76, None, 2), (GA, 62, None, None)]),
    ("《中华人民共和国公路法》\n第七十六条第(三) 项   有下列违法行为之一的，由交通主管部门责令停止违法行为，可以处三万元以下的罚款：",
     [(G, 76, None, 3)]),
    # transport: numbered, tag after the enumerator, quotes, issuer notes with spaces
    ("1.【行政法规】《中华人民共和国道路运输条例》(2004年4月30日国务院令第406号,2016年2月6日予以修改)第十条  申请从事客运经营的，"
     "应当按照下列规定提出申请。\n  2.【地方性法规】《广西壮族自治区道路运输管理条例》(2012年3月23日广西壮族自治区第十一届人民代表大会"
     "常务委员会公告第48号公布  自公布之日起施行)第五条  从事客运经营的，必须具备国家规定的市场准入条件。第六条  变更经营主体的，"
     "应当向原许可机关申请。", [(DY, 10, None, None), (GX, 5, None, None), (GX, 6, None, None)]),
    # transport: two statutes in one paragraph after a sentence end and a space
    ("《中华人民共和国道路运输条例》(国务院令第628号)第六十九条 违反本条例的规定，客运经营者不按照规定携带车辆营运证的，处警告或者"
     "20元以上200元以下的罚款。 《公路安全保护条例》(国务院令第593号)第六十四条第二款 违反本条例的规定的，处罚款。",
     [(DY, 69, None, None), (GA, 64, 2, None)]),
    # transport: numbered, each title on its own line
    ("1.《中华人民共和国公路法》\n第七十七条   违反本法第四十六条的规定，造成公路路面损坏的，可以处五千元以下的罚款。\n"
     "2.《公路安全保护条例》\n第六十九条   车辆装载物触地拖行、掉落、遗洒的，处5000元以下的罚款。",
     [(G, 77, None, None), (GA, 69, None, None)]),
    # tag shapes: [ ], 〔〕, （）, 【政府规章】, 【地方性法规】
    ("[法律]《中华人民共和国消防法》第五十八条第一款第（一）项 依法应当进行消防设计审查的建设工程，未经依法审查的。",
     [(XF, 58, 1, 1)]),
    ("〔法律〕《中华人民共和国食品安全法》第一百二十二条 违反本法规定，未取得食品生产经营许可从事食品生产经营活动的。",
     [(SP, 122, None, None)]),
    ("（行政法规）《中华人民共和国道路运输条例》第六十三条：“违反本条例的规定，有下列情形之一的，责令停止经营。”",
     [(DY, 63, None, None)]),
    ("［部门规章］《道路危险货物运输管理规定》（交通运输部令2013年第2号）第六十三条 违反本规定的，处警告。",
     [("道路危险货物运输管理规定", 63, None, None)]),
    ("【政府规章】《上海市食品安全信息追溯管理办法》（上海市人民政府令第33号）第二十三条 违反本办法的，责令改正。",
     [("上海市食品安全信息追溯管理办法", 23, None, None)]),
    ("【地方性法规】《广西壮族自治区道路运输管理条例》第五条", [(GX, 5, None, None)]),
    # tag before the enumerator
    ("【法律】1.《中华人民共和国行政许可法》第十二条 下列事项可以设定行政许可。\n【行政法规】2.《中华人民共和国道路运输条例》第十条 "
     "申请从事客运经营的，应当提出申请。", [(XK, 12, None, None), (DY, 10, None, None)]),
    ("〔法律〕1、《中华人民共和国安全生产法》第六十五条 应急管理部门依法开展安全生产行政执法工作。〔部门规章〕2、《安全生产违法行为行政处罚办法》"
     "第十条 安全监管监察部门及其行政执法人员实施行政处罚，必须以事实为依据。",
     [(AQ, 65, None, None), ("安全生产违法行为行政处罚办法", 10, None, None)]),
    ("1、【法律】《中华人民共和国安全生产法》第六十五条第一款第（二）项\n2、【部门规章】《安全生产违法行为行政处罚办法》第十条",
     [(AQ, 65, 1, 2), ("安全生产违法行为行政处罚办法", 10, None, None)]),
    # enumerators in brackets, circled, full-width dot
    ("（1）《中华人民共和国特种设备安全法》第五十七条 负责特种设备安全监督管理的部门依照本法规定实施监督检查。（2）《特种设备安全监察条例》"
     "第五十条 特种设备安全监督管理部门依照本条例规定实施安全监察。",
     [(TZ, 57, None, None), ("特种设备安全监察条例", 50, None, None)]),
    ("(1)《中华人民共和国安全生产法》第六十二条 (2)《中华人民共和国消防法》第五十三条",
     [(AQ, 62, None, None), (XF, 53, None, None)]),
    ("①《中华人民共和国食品安全法》第一百一十条 ②《食品生产许可管理办法》第四十九条",
     [(SP, 110, None, None), ("食品生产许可管理办法", 49, None, None)]),
    ("1．《中华人民共和国消防法》第十五条 公众聚集场所投入使用前，应当申请消防安全检查。2．《消防监督检查规定》第十二条 "
     "公众聚集场所应当申请消防安全检查。", [(XF, 15, None, None), ("消防监督检查规定", 12, None, None)]),
    # separators: semicolon, line break, a bare N.《 after text
    ("《中华人民共和国消防法》第五十三条；《消防监督检查规定》第六条", [(XF, 53, None, None), ("消防监督检查规定", 6, None, None)]),
    ("《中华人民共和国行政许可法》第十二条\n《中华人民共和国道路运输条例》第十条", [(XK, 12, None, None), (DY, 10, None, None)]),
    ("《中华人民共和国公路法》第七十六条2.《公路安全保护条例》第六十二条", [(G, 76, None, None), (GA, 62, None, None)]),
    # 法规 decided by the issuer; an issuer before an abbreviated title
    ("【法规】《公路安全保护条例》（国务院令第593号）第六十二条", [(GA, 62, None, None)]),
    ("国务院《公路安全保护条例》第六十四条", [(GA, 64, None, None)]),
    # items of a document are not articles
    ("《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令第412号）第66项", [(JD, None, None, None)]),
    ("1.《中华人民共和国特种设备安全法》第五十七条\n2.《国务院对确需保留的行政审批项目设定行政许可的决定》附件第（六）项",
     [(TZ, 57, None, None), (JD, None, None, None)]),
    # articles listed with 、 under one numbered title
    ("1.《中华人民共和国食品安全法》第三十五条、第一百二十二条 2.《食品生产许可管理办法》第二条",
     [(SP, 35, None, None), (SP, 122, None, None), ("食品生产许可管理办法", 2, None, None)]),
]

SHAPE_LEVELS = [
    ("[法律]《中华人民共和国消防法》第五十八条", ["法律"]),
    ("〔法律〕《中华人民共和国食品安全法》第一百二十二条", ["法律"]),
    ("（行政法规）《中华人民共和国道路运输条例》第六十三条", ["行政法规"]),
    ("［部门规章］《道路危险货物运输管理规定》第六十三条", ["部门规章"]),
    ("【政府规章】《上海市食品安全信息追溯管理办法》第二十三条", ["地方政府规章"]),
    ("【法规】《公路安全保护条例》（国务院令第593号）第六十二条", ["行政法规"]),
    ("【法规】《广西壮族自治区道路运输管理条例》第五条", ["地方性法规"]),
    ("【法律】1.《中华人民共和国行政许可法》第十二条 甲。\n【行政法规】2.《中华人民共和国道路运输条例》第十条 乙。",
     ["法律", "行政法规"]),
    ("1、（法律）《中华人民共和国安全生产法》第六十五条\n2、（部门规章）《安全生产违法行为行政处罚办法》第十条", ["法律", "部门规章"]),
]

SHAPES_REGISTRY = Registry()
for _sid, (_title, _aliases) in SHAPE_STATUTES.items():
    SHAPES_REGISTRY.add(_sid, _title, _aliases)


def numbers(citations):
    """(the statute's full title where the registry has it, article, paragraph, item) of each citation."""
    return [(SHAPES_REGISTRY.titles.get(c["statute"], c.get("title")), c.get("article"), c.get("paragraph"),
             c.get("item")) for c in citations]


@pytest.mark.parametrize("text, expected", SHAPE_CASES)
def test_shapes_of_other_departments(text, expected):
    citations, _ = parse_basis(text, SHAPES_REGISTRY)
    assert numbers(citations) == expected
    for c in citations:
        Citation(**c)


@pytest.mark.parametrize("text, expected", SHAPE_CASES)
def test_shapes_keep_everything_as_basis(text, expected):
    """Nothing is dropped: a tag's brackets delimit it like 【】; an enumerator and an issuer are leftover."""
    citations, leftover = parse_basis(text, SHAPES_REGISTRY)
    tags = re.sub(r"[\[［〔（(](法律|行政法规|部门规章|地方性法规|法规)[\]］〕）)]", r"【\1】", text)
    fields = "".join(str(c.get(k) or "") for c in citations for k in ("ref", "text")) + (leftover or "")
    headers = "".join(dict.fromkeys(f"{c.get('title')}{c.get('version') or ''}" for c in citations))
    levels = "".join(c.get("level", "") for c in citations)
    missing = significant(tags) - significant(fields + headers + levels + "政府规章" * tags.count("【政府规章】"))
    assert missing == Counter()


@pytest.mark.parametrize("text, levels", SHAPE_LEVELS)
def test_level_tags_in_any_bracket(text, levels):
    citations, _ = parse_basis(text, SHAPES_REGISTRY)
    assert [c.get("level") for c in citations] == levels


def test_a_level_read_as_another_says_so():
    notes = []
    parse_basis("【政府规章】《上海市食品安全信息追溯管理办法》第二十三条\n【法规】《公路安全保护条例》（国务院令第593号）第六十二条\n"
                "〔规章〕《道路危险货物运输管理规定》第六十三条", SHAPES_REGISTRY, notes)
    assert notes == ["依据中的【政府规章】记为地方政府规章。", "依据中的【法规】按制定机关记为行政法规。",
                     "依据中的〔规章〕按法规名称记为部门规章。"]


def test_enumerators_in_brackets_at_line_starts():
    citations, leftover = parse_basis("（一）《中华人民共和国消防法》第十五条\n（二）（法律）《中华人民共和国安全生产法》第六十二条",
                                      SHAPES_REGISTRY)
    assert numbers(citations) == [(XF, 15, None, None), (AQ, 62, None, None)]
    assert leftover == "（一）\n（二）" and citations[1]["level"] == "法律"


def test_issuer_before_a_title_the_registry_knows_without_it():
    citations, leftover = parse_basis("国务院《公路安全保护条例》第六十四条", SHAPES_REGISTRY)
    assert citations[0]["title"] == "公路安全保护条例" and citations[0]["statute"] == "gonglu-anquan-baohu-tiaoli"
    assert leftover == "国务院"
    citations, leftover = parse_basis("自治区医疗保障局《职能配置规定》", SHAPES_REGISTRY)
    assert citations[0]["title"] == "自治区医疗保障局职能配置规定" and leftover is None


def test_items_of_a_document_stay_its_text():
    citations, _ = parse_basis("《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令第412号）第66项", SHAPES_REGISTRY)
    assert citations == [{"statute": "baoliu-xingzheng-shenpi-jueding", "title": JD, "version": "（国务院令第412号）",
                          "text": "第66项"}]


def test_an_item_range_stays_in_the_quote():
    citations, _ = parse_basis("《公路安全保护条例》第二十七条 第(一)至第(五)项", SHAPES_REGISTRY)
    assert numbers(citations) == [(GA, 27, None, None)] and citations[0]["text"] == "第(一)至第(五)项"


def test_a_reference_mentioned_after_a_space_inside_a_quote_is_text():
    citations, _ = parse_basis("《中华人民共和国公路法》第七十六条 违反 《公路安全保护条例》第六十四条 规定的，处罚款。", SHAPES_REGISTRY)
    assert numbers(citations) == [(G, 76, None, None)] and "《公路安全保护条例》第六十四条" in citations[0]["text"]


_ENUMERATORS = [lambda n: f"{n}.", lambda n: f"{n}、", lambda n: f"{n}．", lambda n: f"（{n}）", lambda n: f"({n})",
                lambda n: "①②③④⑤⑥"[n - 1]]
_TAG_SHAPES = ["", "【{}】", "[{}]", "〔{}〕", "（{}）"]
_STATUTES = [(G, "公路法"), (GA, "公路安全保护条例"), (XF, "消防法"), (SP, "中华人民共和国食品安全法"),
             (AQ, "安全生产法"), (DY, "道路运输条例"), (TZ, "特种设备安全法")]


@st.composite
def numbered_cells(draw):
    """N numbered citations in one cell, in any of the shapes the lists print, with what each must give."""
    enumerator = draw(st.sampled_from(_ENUMERATORS))
    tag_shape, tag_first = draw(st.sampled_from(_TAG_SHAPES)), draw(st.booleans())
    parts, expected = [], []
    for n in range(1, draw(st.integers(1, 6)) + 1):
        (full, printed), level = draw(st.sampled_from(_STATUTES)), draw(st.sampled_from(["法律", "行政法规"]))
        article = draw(st.integers(1, 300))
        paragraph, item = draw(st.one_of(st.none(), st.integers(1, 9))), draw(st.one_of(st.none(), st.integers(1, 9)))
        tag = tag_shape.format(level)
        lead = tag + enumerator(n) if tag_first else enumerator(n) + tag
        ref = f"第{int_to_cn(article)}条" + (f"第{int_to_cn(paragraph)}款" if paragraph else "")
        ref += draw(st.sampled_from([f"第{int_to_cn(item)}项", f"第（{int_to_cn(item)}）项", f"第({item})项"])) if item else ""
        text = draw(st.sampled_from(["", " 违反本法规定的，处罚款。", "：“应当依法办理。”", "\n有下列情形之一的，责令改正"]))
        sep = draw(st.sampled_from([" ", "\n", "；", ""])) if n > 1 else ""
        version = draw(st.sampled_from(["", "（2018年修正）", "(国务院令第593号)"]))
        parts.append(f"{sep}{lead}《{printed}》{version}{ref}{text}")
        expected.append((full, article, paragraph, item))
    return "".join(parts), expected


@settings(max_examples=300, deadline=None)
@given(numbered_cells())
def test_n_numbered_citations_give_n_citations(cell):
    text, expected = cell
    citations, _ = parse_basis(text, SHAPES_REGISTRY)
    assert numbers(citations) == expected


# -- every basis cell of the sources ------------------------------------------------------
def _tsv_cells(name, column):
    for line in (SOURCES / name).read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) > column and fields[column].strip() and fields[column] != "职权依据":
            yield re.sub(r"</p>\s*<p>", "\n", fields[column]).replace("<p>", "").replace("</p>", "")


def _pdf_chunks(name, start, stop):
    lines, chunk = (SOURCES / name).read_text(encoding="utf-8").splitlines(), None
    for line in lines:
        if chunk is None and re.match(start, line):
            chunk = [line]
        elif chunk is not None and re.match(stop, line):
            yield "\n".join(chunk)
            chunk = None
        elif chunk is not None:
            chunk.append(line)


def source_cells():
    cells = list(_tsv_cells("001_e2589d9be75f31d2.txt", 3))
    cells += list(_tsv_cells("003_119a4ff0c2874498.txt", 3))
    cells += list(_tsv_cells("004_a2d9480ce35c6198.txt", 2))
    cells += list(_pdf_chunks("000_0ba25a7bb6e4bfa6.txt", r"【", r"\d+ 行政|\d+ 其他"))
    cells += list(_pdf_chunks("002_94181a062bcecdc0.txt", r"《", r"大同市医"))
    return cells


def test_source_cells_are_found():
    assert len(source_cells()) > 60


@pytest.mark.parametrize("index", range(len(source_cells())))
def test_nothing_dropped_in_source_cells(index):
    assert_nothing_dropped(source_cells()[index])


def test_source_cells_give_citations_with_articles():
    cited = [c for cell in source_cells() for c in parse(cell)[0]]
    assert len(cited) > 150
    assert sum("article" in c for c in cited) / len(cited) > 0.85
    for c in cited:
        Citation(**c)


# -- generated inputs -------------------------------------------------------------------
_title = st.text(alphabet="社会保险法条例办法医疗〈〉<> 中华人民共和国", min_size=1, max_size=12)
_prose = st.text(alphabet="甲乙丙，。；“”：第条款项一二三十《》【】本法规定的 \n（）", max_size=40)


@st.composite
def basis_cells(draw):
    parts = [draw(_prose)]
    for _ in range(draw(st.integers(0, 3))):
        level = draw(st.sampled_from(["", "【法律】", "【行政法规】", "【其它】"]))
        version = draw(st.sampled_from(["", "（2018 年修正）", "(2019\n年主席令第38号)"]))
        parts.append(f"\n{level}《{draw(_title)}》{version}")
        for _ in range(draw(st.integers(0, 3))):
            number = int_to_cn(draw(st.integers(1, 200)))
            sep = draw(st.sampled_from([" ", "：", "：“", "\n"]))
            parts.append(f"\n第{number}条{sep}{draw(_prose)}")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(basis_cells())
def test_nothing_dropped_generated(text):
    assert_nothing_dropped(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_parses_without_error(text):
    citations, _leftover = parse(text)
    for c in citations:
        Citation(**c)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 300), st.text(alphabet="甲乙丙丁的罚款之规定", min_size=1, max_size=20)),
                min_size=1, max_size=5))
def test_generated_articles_come_back_in_order(articles):
    text = "【法律】《中华人民共和国社会保险法》（2018 年修正）\n" + "\n".join(
        f"第{int_to_cn(n)}条 {body}。" for n, body in articles)
    cs, left = parse(text)
    assert left is None
    assert [(c["article"], c["text"]) for c in cs] == [(n, body + "。") for n, body in articles]


# -- golden files -------------------------------------------------------------------------
GOLDEN_CASES = sorted(p.stem for p in GOLDEN.glob("*.txt"))


@pytest.mark.parametrize("name", GOLDEN_CASES)
def test_golden(name):
    text = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    citations, leftover = parse(text)
    actual = json.dumps({"citations": citations, "leftover": leftover}, ensure_ascii=False, indent=2) + "\n"
    expected_path = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.exists(), f"no golden file {expected_path.name}; run with UPDATE_GOLDEN=1 and review"
    assert actual == expected_path.read_text(encoding="utf-8")


def test_golden_cases_exist():
    assert len(GOLDEN_CASES) >= 8


def test_a_numbered_cell_keeps_no_enumerators_and_notes_the_levels_read():
    from generator.importers.basis import parse_cell

    fields, notes = parse_cell("（1）【政府规章】《上海市食品安全信息追溯管理办法》第二十三条 （2）〔法规〕《公路安全保护条例》"
                               "（国务院令第593号）第六十二条 ③国务院《公路安全保护条例》第六十四条", SHAPES_REGISTRY)
    assert [c["level"] for c in fields["basis"][:2]] == ["地方政府规章", "行政法规"]
    assert fields["basis_note"] == "国务院"
    assert notes == ["依据中的【政府规章】记为地方政府规章。", "依据中的〔法规〕按制定机关记为行政法规。"]


@pytest.mark.parametrize("numeral", ["第八八八十七条", "第八十十十条"])
def test_an_article_number_no_one_can_read_is_kept_as_text_not_a_crash(numeral):
    from generator.importers.basis import parse_cell

    found, _ = parse_cell(f"《中华人民共和国社会保险法》{numeral} 社会保险经办机构……")
    (citation,) = found["basis"]
    assert "article" not in citation and numeral in citation["text"] and "社会保险经办机构" in citation["text"]


def test_malformed_numerals_raise_value_error_only():
    from generator.content.numerals import cn_to_int

    for text in ("八八八十七", "八十十十", "十百", "千千"):
        with pytest.raises(ValueError):
            cn_to_int(text)
