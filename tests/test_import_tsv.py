"""The importer of tab-separated tables with <p> cells, on the real sources and on snippets.

Golden files hold the import of each tsv source; regenerate them with
`UPDATE_GOLDEN=1 pytest tests/test_import_tsv.py` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator.importers import _parsers, detect_format, import_source, read_source, tsv
from generator.importers.corrections import load_index
from generator.importers.fidelity import measure, runs, strings
from generator.importers.tsv_cells import entries, merge, paragraphs, steps

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "import"
INDEX = load_index(ROOT)
TSV_IDS = [i for i, e in INDEX.items() if e.format == "tsv"]
EXPECTED_POWERS = {"huinong": 15, "neimenggu": 14, "baofeng": 14, "xixia": 23, "datong": 20}

HEADER = "序号\t职权名称\t基本编码\t职权依据\t行使内容\t责任事项\t追责情形\t担责方式\t备注"


def _import(agency_id: str):
    entry = INDEX[agency_id]
    if entry.format not in _parsers():
        pytest.skip(f"no {entry.format} importer yet")
    return import_source(entry.source, fmt=entry.format, agency_id=agency_id)


# -- real sources ---------------------------------------------------------------------------------


@pytest.mark.parametrize("agency_id", TSV_IDS)
def test_golden_import(agency_id):
    result = _import(agency_id)
    golden = GOLDEN / f"{agency_id}.yaml"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.yaml, encoding="utf-8")
    assert golden.exists(), f"missing {golden}; run with UPDATE_GOLDEN=1"
    assert result.yaml == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("agency_id", sorted(INDEX))
def test_power_counts(agency_id):
    result = _import(agency_id)
    assert result.report.powers == EXPECTED_POWERS[agency_id]
    assert result.report.problems == []


@pytest.mark.parametrize("agency_id", sorted(INDEX))
def test_import_fidelity_at_least_95_percent(agency_id):
    result = _import(agency_id)
    assert result.report.placed_ratio >= 0.95, result.report.text()


@pytest.mark.parametrize("agency_id", sorted(INDEX))
def test_content_fidelity_at_least_99_percent(agency_id):
    path = ROOT / "content" / "agencies" / f"{agency_id}.yaml"
    if not path.exists():
        pytest.skip(f"{path.name} not written yet")
    agency = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    total, placed = measure(read_source(INDEX[agency_id].source), agency)
    assert placed / total >= 0.99


@pytest.mark.parametrize("agency_id", sorted(INDEX))
def test_content_is_clean_and_complete(agency_id):
    path = ROOT / "content" / "agencies" / f"{agency_id}.yaml"
    if not path.exists():
        pytest.skip(f"{path.name} not written yet")
    agency = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    for text in strings(agency):
        assert "<p>" not in text and "</p>" not in text and "\t" not in text, text[:80]
    for power in agency["powers"]:
        assert power["name"] and power["category"]
        assert power.get("basis") or power.get("basis_note"), power["id"]


@pytest.mark.parametrize("agency_id", sorted(INDEX))
def test_format_detection(agency_id):
    entry = INDEX[agency_id]
    text = read_source(entry.source)
    if entry.format == "tsv":
        assert detect_format(text) == "tsv"
    else:
        assert tsv.detect(text) == 0.0
        if entry.format in _parsers():
            assert detect_format(text) == entry.format


def test_huinong_details():
    agency = _import("huinong").agency
    by_code = {p["code"]: p for p in agency["powers"]}
    assert "0347001000" in by_code, "code printed as 03470 01000 keeps no space"
    assert by_code["0647004000"]["name"] == "对纳入基本医疗保险基金支付范围的医疗服务行为和医疗费用进行监督管理"
    first = by_code["0247001000"]
    assert first["scope"] == "（仅指医疗保险、生育保险）"
    assert first["category"] == "行政处罚" and first["category_as_published"] == "行政处罚类"
    assert [s.get("step") for s in first["responsibilities"]][:2] == ["立案责任", "调查责任"]
    assert first["accountability"][0].startswith("因不履行或不正确履行行政职责")
    assert first["accountability"][8] == "违反法定的行政处罚程序的；"
    assert len(first["accountability"]) == 13 and len(first["liability"]) == 7
    assert by_code["0247009000"]["remarks"].startswith("由其他类别")


def test_baofeng_repeated_rows_are_one_power_and_catalogue_is_checked():
    agency = _import("baofeng").agency
    first = agency["powers"][0]
    refs = [c.get("ref") for c in first.get("basis", [])]
    assert refs.count("第三十九条") == 1 and "第四十一条" in refs
    assert any("医疗保县" in note for note in agency["notes"])
    assert any("门诊重症慢性病" in note for note in agency["notes"])


# -- snippets -------------------------------------------------------------------------------------


def _parse(text: str) -> tuple[dict, list[str]]:
    return tsv.parse(text, "demo")


def test_header_mapping_by_column_name():
    text = ("示例医疗保障局清单\n\n序号\t事项名称\t职权类型\t实施依据\t实施主体\t备注\n"
            "1\t对某事的检查\t行政监督检查\t<p>《某法》第三条 某某。</p>\t各级医疗保障行政部门\t新增\n")
    agency, unplaced = _parse(text)
    [power] = agency["powers"]
    assert power["name"] == "对某事的检查"
    assert power["category"] == "行政检查" and power["category_as_published"] == "行政监督检查"
    assert power["implementing_body"] == "各级医疗保障行政部门"
    assert power["remarks"] == "新增"
    assert unplaced == []


def test_unknown_column_is_kept_as_unplaced():
    text = "清单\n序号\t事项名称\t职权类型\t办理时限\n1\t某事项\t行政确认\t五个工作日\n"
    agency, unplaced = _parse(text)
    assert agency["powers"][0]["unplaced"] == "办理时限：五个工作日"
    assert unplaced == ["办理时限：五个工作日"]


def test_continuation_row_appends_cell_by_cell():
    text = ("# 某局清单\n## 一、行政处罚类（共 1 项）\n" + HEADER + "\n"
            "1\t对某行为\t02470 01000\t<p>【法律】《某法》</p> <p>第一条 某某应当</p>\t负责本区域\t"
            "<p>1. 立案责任：发现后</p>\t<p>1. 未依法</p>\t<p>1. 给予</p>\t增加\n"
            + HEADER + "\n"
            "\t的处罚\t\t<p>依法办理。</p> <p>第二条 另一条。</p>\t\t<p>及时审查。</p> <p>2. 调查责任：取证。</p>"
            "\t<p>处罚的；</p>\t<p>处分；</p>\t\n")
    agency, _ = _parse(text)
    [power] = agency["powers"]
    assert power["name"] == "对某行为的处罚"
    assert power["code"] == "0247001000"
    assert power["category"] == "行政处罚"
    assert power["responsibilities"] == [{"step": "立案责任", "text": "发现后及时审查。"},
                                         {"step": "调查责任", "text": "取证。"}]
    assert power["accountability"] == ["未依法处罚的；"]
    assert power["liability"] == ["给予处分；"]
    assert any("02470 01000" in note for note in agency["notes"])


def test_repeated_item_merges_basis_chunks():
    text = ("## 某局权责清单\n序号\t项目名称\t设定依据\t职责类别\n"
            "1\t某处罚\t<p>《某法》第一条：“甲。”</p>\t行政处罚\n"
            "1\t某处罚\t<p>第二条：“乙</p>\t行政处罚\n"
            "1\t某处罚\t<p>丙。”</p>\t行政处罚\n"
            "2\t另一事项\t<p>《某法》第三条：“丁。”</p>\t行政确认\n")
    agency, _ = _parse(text)
    assert [p["name"] for p in agency["powers"]] == ["某处罚", "另一事项"]
    basis_text = "\n".join(strings(agency["powers"][0].get("basis", []))) + (agency["powers"][0].get("basis_note") or "")
    assert "乙丙" in basis_text and "甲" in basis_text


def test_separator_rows_are_skipped():
    text = ("清单\n序号\t事项名称\t职权类型\n1\t甲事项\t行政处罚\n---\t---\t---\n\n"
            "2\t乙事项\t行政检查\n----\t--\t------\n")
    agency, unplaced = _parse(text)
    assert [p["name"] for p in agency["powers"]] == ["甲事项", "乙事项"]
    assert unplaced == []


def test_catalogue_gives_categories_and_disagreements_are_noted():
    text = ("## 某局权责清单目录\n序号\t项目名称\t职权类别\n1\t甲事项\t行政处罚\n2\t乙事项\t行政确认\n"
            "## 某局权责清单\n序号\t项目名称\t设定依据\t职责类别\n"
            "1\t甲事项\t<p>《某法》第一条</p>\t行政处罚\n2\t乙事项（修改）\t<p>《某法》第二条</p>\t行政检查\n")
    agency, _ = _parse(text)
    assert agency["title"] == "某局权责清单"
    assert len(agency["powers"]) == 2
    assert any("第 2 项职权类别为“行政确认”" in note for note in agency["notes"])
    assert any("第 2 项名称为“乙事项”" in note for note in agency["notes"])


def test_group_count_mismatch_is_noted():
    text = "# 某局清单（共 2 项）\n## 一、行政许可类（共 2 项）\n序号\t职权名称\n1\t某许可\n"
    agency, _ = _parse(text)
    assert any("共 2 项，清单实有 1 项" in note for note in agency["notes"])
    assert agency["powers"][0]["category"] == "行政许可"


def test_cells_paragraphs_strip_markup():
    assert paragraphs("<p><b>【法律】</b>《甲法》</p> <p>第一条 &lt;乙&gt;</p>") == ["【法律】《甲法》", "第一条 <乙>"]
    assert merge(["甲未完"], ["续。", "新段"]) == ["甲未完续。", "新段"]
    assert merge(["甲完。"], ["新段"]) == ["甲完。", "新段"]


def test_cells_lists_and_steps():
    assert entries(["前言：", "1. 甲的； 2. 乙的；", "3、丙 处 2 倍罚款"]) == ["前言：", "甲的；", "乙的；", "丙 处 2 倍罚款"]
    assert steps(["1.受理责任：公示材料。", "2. 其他法律法规规定的责任。"]) == [
        {"step": "受理责任", "text": "公示材料。"}, {"text": "其他法律法规规定的责任。"}]


def test_detect_rejects_plain_text():
    assert tsv.detect("西夏区医疗保障局行政职权事项\n1 行政处罚 0247001000\n") == 0.0
    assert tsv.detect("标题\n" + HEADER + "\n1\t甲\n") > 0.5


def test_text_outside_the_table_is_kept_in_notes():
    text = "清单\n序号\t事项名称\t职权类型\n1\t甲事项\t行政处罚\n注：本清单动态调整。\n2\t乙事项\t行政检查\n"
    agency, _ = _parse(text)
    assert [p["name"] for p in agency["powers"]] == ["甲事项", "乙事项"]
    assert "原文表格外的文字：注：本清单动态调整。" in agency["notes"]


def test_catalogue_category_is_used_when_the_list_has_none():
    text = ("## 某局权责清单目录\n序号\t项目名称\t职权类别\n1\t甲事项\t行政确认\n"
            "## 某局权责清单\n序号\t项目名称\t设定依据\n1\t甲事项\t<p>《某法》第一条</p>\n")
    agency, _ = _parse(text)
    assert agency["powers"][0]["category"] == "行政确认"


def test_fidelity_counts_a_citation_split_into_ref_and_text():
    source = "第八十七条社会保险经办机构骗取的"
    split = {"powers": [{"basis": [{"ref": "第八十七条", "text": "社会保险经办机构骗取的"}]}]}
    assert measure(source, split) == (len(source), len(source))
    assert measure(source, {"powers": [{"name": "社会保险经办机构骗取的"}]})[1] == 0


def test_fidelity_leaves_out_headers_printed_run_together():
    assert runs("事项依据 责任主体实施主体 骗取医疗保障基金") == ["骗取医疗保障基金"]


def test_report_lists_source_text_missing_from_the_yaml(tmp_path, monkeypatch):
    source = tmp_path / "list.txt"
    source.write_text(f"{HEADER}\n1\t甲事项\t0247001000\t<p>《某法》第一条 骗取基金的</p>\t\t\t\t\t\n", encoding="utf-8")
    assert import_source(source, fmt="tsv").report.missing == []
    parse = tsv.parse

    def lossy(text, agency_id):  # a parser that loses the quoted text
        agency, unplaced = parse(text, agency_id)
        for citation in agency["powers"][0]["basis"]:
            citation.pop("text", None)
        return agency, unplaced

    monkeypatch.setattr(tsv, "parse", lossy)
    report = import_source(source, fmt="tsv").report
    assert report.missing == ["骗取基金的"]
    assert report.source_chars - report.placed_chars == len("骗取基金的")
    assert "  not in the YAML: 骗取基金的" in report.text().splitlines()
