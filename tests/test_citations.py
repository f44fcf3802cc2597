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
