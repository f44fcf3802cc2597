"""The importer of text extracted from PDF tables, on the real sources and on snippets.

Golden files hold the import of each pdftext source; regenerate them with
`UPDATE_GOLDEN=1 pytest tests/test_import_pdftext.py` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator.importers import detect_format, import_source, pdftext, read_source, tsv
from generator.importers.corrections import check, diff_text, load_index, patched
from generator.importers.fidelity import measure, strings
from generator.importers.pdf_lines import join_wrapped, paragraphs, starts_paragraph
from generator.importers.pdf_rows import (
    inline_rows,
    is_header_line,
    merge_repeated,
    split_gap,
    split_interleaved,
    split_serial,
    stacked_rows,
)

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "import"
INDEX = load_index(ROOT)
PDF_IDS = sorted(i for i, e in INDEX.items() if e.format == "pdftext")
EXPECTED_POWERS = {"xixia": 23, "datong": 20}


def _import(agency_id: str):
    entry = INDEX[agency_id]
    return import_source(entry.source, fmt=entry.format, agency_id=agency_id)


def _content(agency_id: str) -> dict:
    path = ROOT / "content" / "agencies" / f"{agency_id}.yaml"
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_both_pdf_sources_are_in_the_index():
    assert PDF_IDS == ["datong", "xixia"]


# -- real sources ---------------------------------------------------------------------------------


@pytest.mark.parametrize("agency_id", PDF_IDS)
def test_golden_import(agency_id):
    result = _import(agency_id)
    golden = GOLDEN / f"{agency_id}.yaml"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.yaml, encoding="utf-8")
    assert golden.exists(), f"missing {golden}; run with UPDATE_GOLDEN=1"
    assert result.yaml == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("agency_id", PDF_IDS)
def test_power_counts_and_valid_import(agency_id):
    result = _import(agency_id)
    assert result.report.format == "pdftext"
    assert result.report.powers == EXPECTED_POWERS[agency_id]
    assert result.report.problems == []
    assert result.report.unplaced == []


@pytest.mark.parametrize("agency_id", PDF_IDS)
def test_import_fidelity_at_least_95_percent(agency_id):
    result = _import(agency_id)
    assert result.report.placed_ratio >= 0.95, result.report.text()


@pytest.mark.parametrize("agency_id", PDF_IDS)
def test_content_fidelity_at_least_97_percent(agency_id):
    total, placed = measure(read_source(INDEX[agency_id].source), _content(agency_id))
    assert placed / total >= 0.97


@pytest.mark.parametrize("agency_id", PDF_IDS)
def test_content_is_clean_and_complete(agency_id):
    agency = _content(agency_id)
    assert len(agency["powers"]) == EXPECTED_POWERS[agency_id]
    assert agency["region"] and agency["source"]
    for text in strings(agency):
        assert "<p>" not in text and "\t" not in text, text[:80]
    for power in agency["powers"]:
        assert power["name"] and power["category"] and power.get("basis")
        assert "unplaced" not in power


@pytest.mark.parametrize("agency_id", PDF_IDS)
def test_recorded_corrections_are_exactly_the_difference(agency_id):
    entry = INDEX[agency_id]
    assert check(ROOT, entry) is None
    raw = _import(agency_id).yaml
    content = (ROOT / "content" / "agencies" / f"{agency_id}.yaml").read_text(encoding="utf-8")
    recorded = (ROOT / "sources" / "corrections" / f"{agency_id}.diff").read_text(encoding="utf-8")
    assert diff_text(raw, content, agency_id) == recorded
    assert patched(raw, recorded, Path(f"{agency_id}.diff")) == content


@pytest.mark.parametrize("agency_id", PDF_IDS)
def test_format_detection(agency_id):
    text = read_source(INDEX[agency_id].source)
    assert detect_format(text) == "pdftext"
    assert tsv.detect(text) == 0.0
    assert pdftext.detect(text) > 0.8


@pytest.mark.parametrize("agency_id", sorted(i for i, e in INDEX.items() if e.format == "tsv"))
def test_tables_with_tabs_are_not_pdf_text(agency_id):
    assert pdftext.detect(read_source(INDEX[agency_id].source)) == 0.0


def test_xixia_details():
    agency = _import("xixia").agency
    assert agency["name"] == "西夏区医疗保障局" and agency["admin_level"] == "县级"
    by_serial = {p["serial"]: p for p in agency["powers"]}
    first = by_serial["1"]
    assert first["name"] == "以欺诈、伪造证明材料或者其他手段骗取社会保险基金支出行为的处罚"
    assert first["scope"] == "（仅指医疗保险、生育保险）"
    assert first["basis"][0]["version"] == "（2018 年修正）"
    assert first["basis"][1]["version"] == "（2013年自治区政府令第 55 号）"  # wrapped after 2013
    assert by_serial["14"]["scope"] == "(仅指医疗保险、生育保险)"
    assert by_serial["20"]["category"] == "其他" and by_serial["20"]["category_as_published"] == "其他类"
    assert by_serial["23"]["code"] == "10A2072000"
    interleaved = by_serial["22"]
    assert interleaved["name"] == "建立医疗卫生机构、人员等信用记录制度，纳入全国信用信息共享平台，对其失信行为按照国家规定实施联合惩戒。"
    assert interleaved["basis"][0]["version"] == "（2019 年中华人民共和国主席令第 38 号）"
    assert interleaved["basis"][0]["article"] == 93
    article = by_serial["5"]["basis"][-1]["text"]
    assert "按日加收千分之二的滞纳金。 用人单位伪造" in article  # a space inside a line is kept


def test_datong_details():
    agency = _import("datong").agency
    powers = agency["powers"]
    assert agency["name"] == "大同市医疗保障局" and agency["admin_level"] == "市级"
    assert [p.get("serial") for p in powers].count("2") == 1, "the row repeated after a page break is merged"
    second = powers[1]
    refs = [c["ref"] for c in second["basis"]]
    assert refs == ["第八十七条", "第二十五条", "第三十八条", "第三十九条", "第四十条", "第一百零四条"]
    assert second["basis"][3]["text"].startswith("定点医药机构有下列情形之一的，由医疗保障行政部门责令改正")
    assert sum(1 for p in powers if "serial" not in p) == 10
    assert powers[2]["name"] == "对个人骗取医疗保障基金支出行为的处罚"
    assert powers[11]["implementing_body"] == "大同市医疗保险服务中心"
    assert all(p["responsible_body"] == "大同市医疗保障局" for p in powers)
    assert any("没有序号" in note for note in agency["notes"])


# -- line joining ---------------------------------------------------------------------------------


def test_wrapped_chinese_lines_join_without_space_and_keep_inner_spaces():
    lines = ["【地方政府规章】《某办法》 （2013", "年自治区政府令第 55 号）"]
    assert join_wrapped(lines) == "【地方政府规章】《某办法》 （2013年自治区政府令第 55 号）"
    assert join_wrapped([" 遇的，由社会", "保险部门 "]) == "遇的，由社会保险部门"


@pytest.mark.parametrize(("previous", "line", "expected"), [
    ("甲乙丙", "第八十七条 某某", True),
    ("甲乙丙", "第二款 某某", True),
    ("甲乙丙", "【法律】《某法》", True),
    ("甲乙丙", "（一）某某", True),
    ("甲乙丙", "(三) 某某", True),
    ("甲乙丙", "一、《某规定》", True),
    ("下列措施：", "查阅资料", True),
    ("应当改正；", "逾期不改", True),
    ("罚款，对直接负责的主", "管人员处罚", False),
    ("暂停其医疗费用联网结算 3", "个月至 12 个月", False),
    ("令第", "第 3 号）", False),
])
def test_paragraph_starts(previous, line, expected):
    assert starts_paragraph(previous, line) is expected


def test_paragraphs_join_wraps_and_keep_breaks():
    lines = ["第十四条 对缴费单位有下列行为之一的，处以 5000", "", "元以下的罚款：", "（一）伪造登记证的；",
             "（二）未按规定代扣", "代缴的。"]
    assert paragraphs(lines) == ["第十四条 对缴费单位有下列行为之一的，处以 5000元以下的罚款：",
                                 "（一）伪造登记证的；", "（二）未按规定代扣代缴的。"]


def test_basis_text_is_one_string_with_paragraphs():
    assert pdftext.basis_text(["【法律】《某法》", "第一条 甲", "乙。", "第二条 丙。"]) == "【法律】《某法》\n第一条 甲乙。\n第二条 丙。"


# -- row segmentation -----------------------------------------------------------------------------


def test_header_lines():
    assert is_header_line("序") and is_header_line("职权 编码") and is_header_line("事项依据 责任主体实施主体")
    assert not is_header_line("行政执法事项目录清单") and not is_header_line("1 行政处罚 0247001000")


INLINE = """
某区医疗保障局行政职权事项
序
号
职权名称
职权依据 备注
1 行政处罚 0247001000
以欺诈、伪造证明材料或者其他手段
骗取社会保险基金支出行为的处罚
（仅指医疗保险、生育保险）
【法律】《某法》（2018 年修正）
第八十七条 甲乙
丙。
2 其他类 1047004000 建立医疗卫生机构、人员等信用记录 【法律】《某某法》（2019 年中华人民
 制度，纳入全国信用信息共享平台，
惩戒。
共和国主席令第 38 号）
第九十三条 丁。
"""


def test_inline_rows_split_name_and_basis():
    agency, unplaced = pdftext.parse(INLINE, "demo")
    assert unplaced == []
    first, second = agency["powers"]
    assert first["name"] == "以欺诈、伪造证明材料或者其他手段骗取社会保险基金支出行为的处罚"
    assert first["scope"] == "（仅指医疗保险、生育保险）"
    assert first["basis"][0]["text"] == "甲乙丙。"
    assert second["name"] == "建立医疗卫生机构、人员等信用记录制度，纳入全国信用信息共享平台，惩戒。"
    assert second["basis"][0]["version"] == "（2019 年中华人民共和国主席令第 38 号）"
    assert second["category"] == "其他" and second["category_as_published"] == "其他类"
    assert agency["name"] == "某区医疗保障局" and agency["admin_level"] == "县级"


def test_interleaved_name_stops_after_a_short_line():
    name, basis = split_interleaved("甲乙丙丁戊己 【法律】《某法》（2019", ["庚辛壬癸子丑", "寅。", "年修正）"], 12)
    assert name == ["甲乙丙丁戊己", "庚辛壬癸子丑", "寅。"]
    assert basis == ["【法律】《某法》（2019", "年修正）"]


def test_inline_lines_before_the_first_row_are_stray():
    rows, stray = inline_rows(["多余的一行", "1 行政检查 0647001000 某检查", "【法律】《某法》第一条 甲。"], [])
    assert stray == ["多余的一行"] and rows[0].name() == "某检查"


STACKED = """
行政执法事项目录清单
序
号
事项
名称
事项依据 责任主体实施主体
1
对医疗保障
经办机构的
处罚
行政处罚
《某法》第八十七条：甲乙
丙。
大同市医
疗保障局
大同市医
疗保障局
2
对定点医药
机构的处罚
行政处罚
《某条例》第三十九条：定点医药机构有下列情形之一的，
大同市医
疗保障局
大同市医
疗保障局
2
对定点医药
机构的处罚
行政处罚
由医疗保障行政部门责令改正。
大同市医
疗保障局
大同市医
疗保险服
务中心
 对个人骗取
基金的处罚
行政处罚
《某法》第八十八条：丁。
大同市医
疗保障局
大同市医
疗保障局
"""


def test_stacked_rows_merge_repeats_and_keep_missing_serials():
    agency, unplaced = pdftext.parse(STACKED, "demo")
    powers = agency["powers"]
    assert [p.get("serial") for p in powers] == ["1", "2", None]
    assert [p["name"] for p in powers] == ["对医疗保障经办机构的处罚", "对定点医药机构的处罚", "对个人骗取基金的处罚"]
    assert powers[1]["basis"][0]["text"] == "定点医药机构有下列情形之一的，由医疗保障行政部门责令改正。"
    assert powers[1]["implementing_body"] == "大同市医疗保障局"
    assert powers[1]["unplaced"] == "大同市医疗保险服务中心", "a differing body in the repeat is kept, not dropped"
    assert unplaced == ["大同市医疗保险服务中心"]
    assert agency["name"] == "大同市医疗保障局" and agency["admin_level"] == "市级"
    assert any("合并为一项" in note for note in agency["notes"])


def test_gap_between_two_categories():
    gap = ["《某法》第一条：甲", "处分。", "大同市医", "疗保障局", "大同市医", "疗保险服", "务中心", "3", "对某事", "的处罚"]
    basis, bodies, head = split_gap(gap, 2)
    assert basis == ["《某法》第一条：甲", "处分。"]
    assert bodies == ["大同市医疗保障局", "大同市医疗保险服务中心"]
    assert split_serial(head) == ("3", ["对某事", "的处罚"])


def test_stacked_text_after_the_last_row_is_unplaced():
    rows, _ = stacked_rows(["某事项", "行政检查", "《某法》第一条：甲。", "某局", "某局", "多余"], ["responsible_body", "implementing_body"])
    assert rows[0].unplaced == ["多余"]


def test_rows_with_other_names_are_not_merged():
    rows, _ = stacked_rows(["1", "甲事项", "行政检查", "《某法》第一条：甲。", "某局", "某局",
                            "1", "乙事项", "行政检查", "《某法》第二条：乙。", "某局", "某局"],
                           ["responsible_body", "implementing_body"])
    assert [r.name() for r in merge_repeated(rows)] == ["甲事项", "乙事项"]
