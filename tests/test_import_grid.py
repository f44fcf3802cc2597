"""The grid importers on small lists made for each shape real lists take.

Fixtures in tests/fixtures/import/: a portal page with a two-row header (项目名称 over
主项 | 子项), group rows, a category cell spanning its group, serials that start at 1177
or are masked; a page in Traditional characters; a CSV with quoted line breaks; pipe text
in both layouts. Word and Excel files are made here with python-docx and openpyxl.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import QuanzeError
from generator.importers import import_source
from generator.importers.columns import lookup, markdown_table, normalise, parse_overrides

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "import"


def _import(name: str, **options):
    return import_source(FIXTURES / name, **options)


def _quanze(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


# -- columns ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "field"), [
    ("法律依据", "basis"), ("执法依据", "basis"), ("法律法规规章依据", "basis"), ("审核依据", "basis"),
    ("类型", "category"), ("执法类别", "category"), ("权利类型", "category"), ("事项 类型", "category"),
    ("执法事项名称", "name"), ("权力名称", "name"), ("检查事项", "name"), ("主项", "name"), ("子项", "sub_item"),
    ("基本编码", "code"), ("执法主体", "implementing_body"), ("承办机构", "responsible_body"),
    ("序號", "serial"), ("序\n号", "serial"), ("ＸＸ职权名称", "name"), ("行使层级", "extra"), ("是否涉企", "extra"),
])
def test_column_names_of_real_lists(header, field):
    assert lookup(header) == field


def test_unknown_column_is_not_a_field_and_columns_option_maps_it():
    assert lookup("联络人") is None
    assert lookup("联络人", parse_overrides(["联络人=responsible_body"])) == "responsible_body"
    assert normalise("權力 名稱") == "权力名称"


def test_columns_option_with_an_unknown_field_is_a_one_line_error():
    with pytest.raises(QuanzeError, match=r"--columns '联络人=who': expected HEADER=FIELD"):
        parse_overrides(["联络人=who"])


def test_the_importing_reference_prints_the_column_table():
    page = (ROOT / "docs" / "reference" / "importing.md").read_text(encoding="utf-8")
    assert markdown_table() in page, \
        "docs/reference/importing.md's column table is stale: paste generator.importers.columns.markdown_table()"


# -- structure --------------------------------------------------------------------------------------


def test_portal_page_with_sub_items_groups_and_spans():
    result = _import("subitems.html")
    agency = result.agency
    assert result.report.format == "html"
    assert agency["title"] == "某某县医疗保障局权责清单"  # not the breadcrumb nor the index number
    assert agency["name"] == "某某县医疗保障局" and agency["admin_level"] == "县级"
    powers = agency["powers"]
    assert [(p["serial"], p["name"], p.get("sub_item")) for p in powers] == [
        ("1177", "对定点医药机构的监督检查", "对定点医疗机构的检查"),
        ("1177", "对定点医药机构的监督检查", "对定点零售药店的检查"),
        ("*", "对参保人员的检查", None),
        ("1179", "对骗取医疗保障基金支出的处罚", None),
    ]
    assert [p["category"] for p in powers] == ["行政检查"] * 3 + ["行政处罚"]
    assert powers[0]["basis"][0]["article"] == 27 and powers[1]["basis"][0]["article"] == 27  # spans both 子项
    assert powers[2]["basis"][0]["level"] == "行政法规" and "basis_note" not in powers[2]
    assert powers[3]["basis"][0]["statute"] == "shehuibaoxian-fa" and "basis_note" not in powers[3]  # 1.《…》
    assert [p["extra"] for p in powers] == [{"行使层级": "县级"}, {"行使层级": "县级"}, {"行使层级": "县、乡"},
                                            {"行使层级": "县级"}]
    assert result.report.unmapped == ["行使层级"]
    assert "region" in " ".join(result.report.warnings)


def test_traditional_characters_are_matched_simplified_and_kept_as_printed():
    agency = _import("traditional.html").agency
    first, second = agency["powers"]
    assert first["name"] == "對用人單位未按時足額繳納社會保險費的處罰"
    assert (first["category"], first["category_as_published"]) == ("行政处罚", "行政處罰")
    assert first["basis"][0]["statute"] == "shehuibaoxian-fa" and first["basis"][0]["article"] == 86
    assert first["basis"][0]["title"] == "中華人民共和國社會保險法" and first["basis"][0]["ref"] == "第八十六條"
    assert first["basis"][0]["text"].startswith("用人單位未按時足額繳納")
    assert (second["basis"][0]["article"], second["basis"][0]["paragraph"]) == (27, 1)
    assert second["responsible_body"] == "某某區醫療保障局"
    assert any("繁体" in note for note in first["editor_notes"]) and any("繁体" in n for n in agency["notes"])


def test_csv_with_quoted_line_breaks():
    result = _import("quoted.csv")
    first = result.agency["powers"][0]
    assert result.report.format == "csv" and len(result.agency["powers"]) == 2
    assert first["basis"][0]["article"] == 40 and "（二）伪造、变造医学文书。" in first["basis"][0]["text"]
    assert first["extra"] == {"是否涉企": "是"} and first["implementing_body"] == "某某市医疗保障局"
    assert result.agency["title"] == "某某市医疗保障局行政执法事项清单" and result.agency["admin_level"] == "市级"


@pytest.mark.parametrize("name", ["cells.txt", "wrapped.txt"])
def test_pipe_text(name):
    result = _import(name)
    powers = result.agency["powers"]
    assert result.report.format == "pipe"
    assert [(p["serial"], p["category"], p["basis"][0]["article"]) for p in powers] == [
        ("1", "行政给付", 28), ("2", "行政处罚", 84)]
    assert result.report.placed_ratio == 1.0


def _docx(path: Path, rows: list[list[str]], merges=(), title="某某市医疗保障局行政处罚事项清单") -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for (r0, c0), (r1, c1) in merges:
        keep = table.cell(r0, c0).text
        table.cell(r0, c0).merge(table.cell(r1, c1)).text = keep
    document.save(path)
    return path


def test_docx_repeated_header_continuation_row_and_vertical_merge(tmp_path):
    rows = [["序号", "权力名称", "权力类型", "设定依据", "责任科室"],
            ["1", "对骗取医疗保障基金的处罚", "行政处罚", "《中华人民共和国社会保险法》第八十七条 由社会保险行政部门责令退回。", "基金监管科"],
            ["", "", "", "《医疗保障基金使用监督管理条例》第四十条 由医疗保障行政部门责令退回。", ""],
            ["序号", "权力名称", "权力类型", "设定依据", "责任科室"],
            ["2", "对定点医药机构的检查", "行政检查", "《医疗保障基金使用监督管理条例》第二十七条 可以采取下列措施。", "基金监管科"],
            ["3", "对参保人员的检查", "", "《医疗保障基金使用监督管理条例》第二十八条 可以要求参保人员说明情况。", ""]]
    path = _docx(tmp_path / "list.bin", rows, merges=[((4, 2), (5, 2)), ((4, 4), (5, 4))])
    result = import_source(path)
    powers = result.agency["powers"]
    assert result.report.format == "docx"  # told from the bytes, not the name
    assert [p["serial"] for p in powers] == ["1", "2", "3"]
    assert [c["article"] for c in powers[0]["basis"]] == [87, 40]
    assert powers[2]["category"] == "行政检查" and powers[2]["responsible_body"] == "基金监管科"


def test_xlsx_two_row_header_and_several_sheets(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某某县医疗保障局权责清单"])
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "项目名称", None, "类型", "执法依据"])
    sheet.append([None, "主项", "子项", None, None])
    sheet.merge_cells("B2:C2")
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("D2:D3")
    sheet.merge_cells("E2:E3")
    sheet.append([1, "医疗保障待遇支付", "基本医疗保险待遇支付", "行政给付", "《中华人民共和国社会保险法》第二十八条 按照国家规定支付。"])
    sheet.append([None, None, "生育保险待遇支付", None, "《中华人民共和国社会保险法》第五十四条 按照规定享受生育保险待遇。"])
    sheet.merge_cells("A4:A5")
    sheet.merge_cells("B4:B5")
    sheet.merge_cells("D4:D5")
    other = book.create_sheet("第二页")
    other.append(["序号", "项目名称", "子项", "类型", "执法依据"])
    other.append([2, "对用人单位的检查", None, "行政检查", "《中华人民共和国社会保险法》第七十九条 进行监督检查。"])
    path = tmp_path / "list.xlsx"
    book.save(path)
    powers = import_source(path).agency["powers"]
    assert [(p.get("serial"), p["name"], p.get("sub_item"), p["category"]) for p in powers] == [
        ("1", "医疗保障待遇支付", "基本医疗保险待遇支付", "行政给付"),
        ("1", "医疗保障待遇支付", "生育保险待遇支付", "行政给付"),
        ("2", "对用人单位的检查", None, "行政检查"),
    ]
    assert [p["basis"][0]["article"] for p in powers] == [28, 54, 79]


# -- honest results ---------------------------------------------------------------------------------


def test_import_that_finds_nothing_exits_non_zero_and_says_what_it_saw(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>通知公告</title></head><body><table><tr><td>联系人</td><td>电话</td></tr>"
                    "<tr><td>张三</td><td>123</td></tr></table></body></html>", encoding="utf-8")
    out = tmp_path / "agency.yaml"
    run = _quanze("import", str(page), "-o", str(out))
    assert run.returncode == 1
    assert "no power found" in run.stderr and "format html" in run.stderr
    assert "no header row among the first rows: 联系人 | 电话" in run.stderr
    assert "Traceback" not in run.stderr and not out.exists()


def test_columns_option_maps_an_unknown_name_column(tmp_path):
    source = tmp_path / "list.csv"
    source.write_text("序号,联络人,类型\n1,医疗保障待遇支付,行政给付\n", encoding="utf-8")
    without = import_source(source)
    assert without.agency["powers"][0]["name"] == "（未列名称）"
    assert without.agency["powers"][0]["extra"] == {"联络人": "医疗保障待遇支付"}
    mapped = import_source(source, columns=["联络人=name"], meta={"region": "某省某市", "level": "市级"})
    assert mapped.agency["powers"][0]["name"] == "医疗保障待遇支付"
    assert mapped.agency["region"] == "某省某市" and mapped.agency["admin_level"] == "市级"
    assert mapped.report.warnings == []


def test_old_binary_word_file_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "list.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(QuanzeError, match=r"list.doc: an old binary Word or Excel file .*save it as .docx or .xlsx"):
        import_source(path)


def test_report_separates_text_in_fields_from_text_kept_in_extra():
    report = _import("quoted.csv").report
    assert report.kept_chars == len("是否") or report.kept_chars > 0
    assert report.placed_chars + report.kept_chars <= report.source_chars
    assert "placed in fields" in report.text() and "kept in notes/unplaced/extra" in report.text()


def test_table_copied_from_a_browser_wraps_a_cells_lines_and_keeps_notes(tmp_path):
    source = tmp_path / "copied.txt"
    source.write_text("某某县医疗保障局权责清单\n序号\t事项名称\t事项类型\t设定依据\t实施主体\n"
                      "（一）行政给付\n"
                      "1\t医疗保障待遇支付\t\t《中华人民共和国社会保险法》第二十八条 符合规定的医疗费用，\n"
                      "按照国家规定从基本医疗保险基金中支付。\t某某县医疗保障局\n"
                      "2\t对用人单位的检查\t行政检查\t《中华人民共和国社会保险法》第七十九条 进行监督检查。\t某某县医疗保障局\n"
                      "注：本清单自公布之日起施行。\n", encoding="utf-8")
    result = import_source(source)
    first, second = result.agency["powers"]
    assert result.report.format == "tab"
    assert first["category"] == "行政给付" and first["implementing_body"] == "某某县医疗保障局"
    assert first["basis"][0]["text"].endswith("按照国家规定从基本医疗保险基金中支付。")
    assert second["category"] == "行政检查"
    assert "原文表格中的文字：注：本清单自公布之日起施行。" in result.agency["notes"]


def test_pdf_without_ruled_tables_is_read_with_the_pdf_text_rules(tmp_path):
    weasyprint = pytest.importorskip("weasyprint")
    text = (ROOT / "sources" / "000_0ba25a7bb6e4bfa6.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()][:80]
    page = "<html><body>" + "".join(f'<p style="margin:0">{line}</p>' for line in lines) + "</body></html>"
    path = tmp_path / "plain.pdf"
    path.write_bytes(weasyprint.HTML(string=page).write_pdf())
    result = import_source(path, agency_id="xixia")
    assert result.report.format == "pdf (text, no ruled table)"
    assert [p["serial"] for p in result.agency["powers"]] == ["1", "2", "3", "4", "5"]
    assert result.agency["name"] == "西夏区医疗保障局"


def test_basis_printed_in_sub_columns_and_category_from_the_title():
    result = _import("split-basis.html")
    power = result.agency["powers"][0]
    assert power["name"] == "对用人单位不办理社会保险登记的处罚"
    assert power["category"] == "行政处罚"  # 行政处罚事项清单 has no category column
    assert (power["basis"][0]["statute"], power["basis"][0]["article"]) == ("shehuibaoxian-fa", 84)
    assert [s["step"] for s in power["responsibilities"]] == ["立案责任", "调查责任"]
    assert [c.field for c in []] == [] and "设定依据/条款内容" in " ".join(result.report.seen)


def test_page_text_of_a_portal_with_multi_line_cells_and_trailing_bars():
    result = _import("portal-copy.txt")
    agency = result.agency
    assert agency["title"] == "某某县医疗保障局行政权力事项清单" and agency["edition"] == "2025-04-02"
    first, second = agency["powers"]
    assert (first["serial"], first["category"], first["implementing_body"]) == ("1177", "行政处罚", "县医保局")
    assert first["basis"][0]["text"].endswith("（一）诱导、协助他人冒名或者虚假就医、购药；")
    assert first["accountability"][1:] == ["没有法定的行政处罚依据的；", "擅自改变行政处罚种类、幅度的。"]
    assert first["extra"] == {"行使层级": "市级、区县级", "指导部门": "市医保局", "追责依据": "《中华人民共和国行政处罚法》第七十六条"}
    assert second["serial"] == "1178" and second["basis"][0]["article"] == 27


def test_page_text_whose_rows_wrap_anywhere_with_stray_bars_and_group_lines():
    result = _import("portal-wrapped.txt")
    powers = result.agency["powers"]
    assert [(p["serial"], p["category"], p["basis"][0]["article"], p["extra"]["办理时限"]) for p in powers] == [
        ("1", "行政给付", 28, "20"), ("2", "行政给付", 54, "30"), ("3", "行政检查", 27, "即时")]
    assert powers[1]["remarks"] == "无" and all(p["implementing_body"] == "某某区医疗保障局" for p in powers)
    assert result.agency["title"] == "某某区医疗保障局权责清单"


def test_one_table_per_group_under_headings_in_a_gbk_page():
    result = _import("tables-per-group.html")
    agency = result.agency
    assert agency["title"] == "某某市医疗保障局权力清单"  # the portal's name after " - " dropped
    assert [(p["serial"], p["category"]) for p in agency["powers"]] == [("1", "行政处罚"), ("2", "行政处罚"),
                                                                         ("1", "行政检查")]
    assert not any("实有" in note for note in agency["notes"])  # the counts in the headings agree


def test_cells_printed_once_for_several_rows_in_a_csv(tmp_path):
    source = tmp_path / "list.csv"
    source.write_text("序号,项目名称,子项,类型,依据\n"
                      "1,医疗保障待遇支付,基本医疗保险待遇支付,行政给付,《中华人民共和国社会保险法》第二十八条 支付。\n"
                      ",,生育保险待遇支付,,《中华人民共和国社会保险法》第五十四条 享受生育保险待遇。\n"
                      "2,对用人单位的检查,,行政检查,《中华人民共和国社会保险法》第七十九条 监督检查。\n", encoding="utf-8")
    powers = import_source(source).agency["powers"]
    assert [(p["name"], p.get("sub_item"), p["category"]) for p in powers] == [
        ("医疗保障待遇支付", "基本医疗保险待遇支付", "行政给付"), ("医疗保障待遇支付", "生育保险待遇支付", "行政给付"),
        ("对用人单位的检查", None, "行政检查")]
    assert powers[1]["editor_notes"] == ["原文此行只列子项，主项“医疗保障待遇支付”取自上一行。",
                                         "原文此行职权类别为空，沿用上一行的“行政给付”。"]
    assert "editor_notes" not in powers[0] and "editor_notes" not in powers[2]


def test_a_sheet_per_category_gives_its_rows_the_category(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    first.title = "行政处罚"
    first.append(["序号", "事项名称", "设定依据"])
    first.append([1, "对用人单位不办理医疗保险登记的处罚", "《中华人民共和国社会保险法》第八十四条 责令限期改正。"])
    second = book.create_sheet("行政检查类")
    second.append(["序号", "事项名称", "设定依据"])
    second.append([1, "对定点医药机构的监督检查", "《医疗保障基金使用监督管理条例》第二十七条 可以采取下列措施。"])
    book.create_sheet("Sheet3")
    path = tmp_path / "list.xlsx"
    book.save(path)
    powers = import_source(path).agency["powers"]
    assert [(p["serial"], p["category"]) for p in powers] == [("1", "行政处罚"), ("1", "行政检查")]


def test_page_text_with_cells_separated_by_spaces():
    result = _import("spaced.txt")
    first, second = result.agency["powers"]
    assert result.report.format == "spaced" and result.agency["edition"] == "2025-04-02"
    assert (first["serial"], first["category"], first["implementing_body"]) == ("1177", "行政处罚", "县人力社保局/县医保局")
    assert first["basis"][0]["article"] == 15 and first["basis"][0]["text"].endswith("(二)打击报复举报人的。")
    assert first["accountability"][1:] == ["不依法处理举报、投诉,造成严重后果的;", "没有法定的行政处罚依据的。"]
    assert first["extra"] == {"行使层级": "市级、区县级", "指导部门": "市人力社保局/市医保局"}
    assert second["basis"][0]["text"] == "医疗保障行政部门实施监督检查,可以采取下列措施。"
    assert second["accountability"] == ["不依法履行监督检查职责的。"]


def test_the_text_families_of_the_first_lists_are_not_taken_for_spaced_text():
    from generator.importers import read_spaced

    for source in sorted((ROOT / "sources").glob("*.txt")):
        assert not read_spaced.detect(source.read_text(encoding="utf-8")), source.name
