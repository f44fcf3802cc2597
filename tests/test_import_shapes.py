"""Tables in every shape, as lists of departments other than 医保 print them.

Each fixture is made here, small and deterministic (openpyxl, python-docx, text): a table
without a header row, label | value cards, headers spaced out for justification or in
Traditional characters, page text with one cell a line, two columns of one field, a row cut
by a page, a 主项 merged across 主项 | 子项, a list that prints no category, and a county-wide
catalogue with a heading per department. Each states the powers it must give (count, names,
categories, citations), and the command line must not exit 0 with a wrong count.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import QuanzeError
from generator.importers import import_source
from generator.importers.grid import Cell, Document, Table
from generator.importers.mapper import map_document

ROOT = Path(__file__).resolve().parents[1]

SHIPIN_124 = "《中华人民共和国食品安全法》第一百二十四条　违反本法规定，有下列情形之一的，由县级以上人民政府食品安全监督管理部门没收违法所得。"
SHIPIN_122 = "《中华人民共和国食品安全法》第一百二十二条　违反本法规定，未取得食品生产经营许可从事食品生产经营活动的，没收违法所得。"
ANQUAN_97 = "《中华人民共和国安全生产法》第九十七条　生产经营单位有下列行为之一的，责令限期改正，处十万元以下的罚款。"
ANQUAN_65 = "《中华人民共和国安全生产法》第六十五条　应急管理部门和其他负有安全生产监督管理职责的部门依法开展安全生产行政执法工作。"
XIAOFANG_15 = "《中华人民共和国消防法》第十五条　公众聚集场所投入使用、营业前，建设单位或者使用单位应当向场所所在地的县级以上地方人民政府消防救援机构申请消防安全检查。"
GONGLU_76 = "《中华人民共和国公路法》第七十六条　有下列违法行为之一的，由交通主管部门责令停止违法行为，可以处三万元以下的罚款。"
GONGLU_50 = "《中华人民共和国公路法》第五十条　超过公路、公路桥梁、公路隧道或者汽车渡船的限载、限高、限宽、限长标准的车辆，不得在有限定标准的公路、公路桥梁上或者公路隧道内行驶。"
XUKE_12 = "《中华人民共和国行政许可法》第十二条　下列事项可以设定行政许可。"
SHETUAN_9 = "《社会团体登记管理条例》第九条　申请成立社会团体，应当经其业务主管单位审查同意，由发起人向登记管理机关申请登记。"
JIJIN_11 = "《基金会管理条例》第十一条　登记管理机关应当自收到本条例第九条所列全部有效文件之日起60日内，作出准予或者不予登记的决定。"
JIAGE_39 = "《中华人民共和国价格法》第三十九条　经营者不执行政府指导价、政府定价以及法定的价格干预措施、紧急措施的，责令改正。"


def _quanze(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True)


def _xlsx(path: Path, rows: list[list], merges=()) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "清单"
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def _docx(path: Path, title: str, tables: list[list[list[str]]], before: list[str] | None = None) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    for k, rows in enumerate(tables):
        if before:
            document.add_paragraph(before[k])
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    document.save(path)
    return path


def _summary(powers: list[dict]) -> list[tuple]:
    return [(p["name"], p.get("category"), [(c["title"], c.get("article")) for c in p.get("basis", [])])
            for p in powers]


def _exit_only_with(path: Path, out: Path, count: int) -> None:
    """The command line writes `count` powers and exits 0; a list read with another count does not exit 0."""
    run = _quanze("import", str(path), "-o", str(out), "--region", "某省某市")
    assert run.returncode == 0, run.stderr
    assert f", {count} powers" in run.stderr


# -- 1. no header row --------------------------------------------------------------------------------


NO_HEADER_ROWS = [
    ["某某市市场监督管理局权责清单"],
    ["1", "330217002000", "对生产经营不符合食品安全标准的食品的行政处罚", "行政处罚", SHIPIN_124, "市市场监督管理局"],
    ["2", "330217003000", "对未取得食品生产经营许可从事食品生产经营活动的行政处罚", "行政处罚", SHIPIN_122, "市市场监督管理局"],
    ["3", "330106001000", "对经营者不执行政府指导价、政府定价的行政处罚", "行政处罚", JIAGE_39, "市市场监督管理局"],
    ["4", "330601001000", "食品生产经营企业的监督检查", "行政检查", SHIPIN_124, "市市场监督管理局"],
]


def test_a_table_without_a_header_row_has_its_columns_inferred(tmp_path):
    result = import_source(_xlsx(tmp_path / "scjg.xlsx", NO_HEADER_ROWS))
    powers = result.agency["powers"]
    assert len(powers) == 4
    assert [p["serial"] for p in powers] == ["1", "2", "3", "4"]
    assert [p["code"] for p in powers] == ["330217002000", "330217003000", "330106001000", "330601001000"]
    assert _summary(powers)[2] == ("对经营者不执行政府指导价、政府定价的行政处罚", "行政处罚",
                                   [("中华人民共和国价格法", 39)])
    assert [p["category"] for p in powers] == ["行政处罚"] * 3 + ["行政检查"]
    assert powers[0]["implementing_body"] == "市市场监督管理局"
    assert result.agency["name"] == "某某市市场监督管理局"
    assert any(line.startswith("sheet 清单: no header row: columns inferred as serial | code | name | category | basis | "
                               "implementing_body") for line in result.report.seen), result.report.seen
    _exit_only_with(tmp_path / "scjg.xlsx", tmp_path / "scjg.yaml", 4)


def test_a_header_row_of_unknown_names_above_inferred_columns_is_no_power(tmp_path):
    rows = NO_HEADER_ROWS[:1] + [["号", "标识", "权力", "种", "出处", "机关"]] + NO_HEADER_ROWS[1:]
    result = import_source(_xlsx(tmp_path / "scjg.xlsx", rows))
    assert [p["serial"] for p in result.agency["powers"]] == ["1", "2", "3", "4"]
    assert "no header row: columns inferred as serial | code | name | category | basis" in result.report.seen[0]


def test_a_table_without_a_header_whose_columns_cannot_be_told_is_refused(tmp_path):
    rows = [["某某市市场监督管理局"], ["张三", "123"], ["李四", "456"], ["王五", "789"]]
    run = _quanze("import", str(_xlsx(tmp_path / "x.xlsx", rows)), "-o", str(tmp_path / "x.yaml"))
    assert run.returncode == 1 and "no power found" in run.stderr and not (tmp_path / "x.yaml").exists()


# -- 2. label | value cards --------------------------------------------------------------------------


def _card(name: str, category: str, basis: str, body: str = "某某县应急管理局") -> list[list[str]]:
    return [["事项名称", name], ["行政权力类别", category], ["设定依据", basis], ["实施主体", body],
            ["责任事项", "1.立案责任：对检查中发现的违法行为予以审查。2.调查取证责任：调查取证。"]]


def test_label_value_cards_give_one_power_each(tmp_path):
    path = _docx(tmp_path / "yjj.docx", "某某县应急管理局行政权力事项", [
        _card("对生产经营单位未按规定设置安全生产管理机构的行政处罚", "行政处罚", ANQUAN_97)
        + _card("对生产经营单位安全生产情况的监督检查", "行政检查", ANQUAN_65),
        _card("公众聚集场所投入使用、营业前消防安全检查", "行政许可", XIAOFANG_15),
    ])
    result = import_source(path)
    powers = result.agency["powers"]
    assert _summary(powers) == [
        ("对生产经营单位未按规定设置安全生产管理机构的行政处罚", "行政处罚", [("中华人民共和国安全生产法", 97)]),
        ("对生产经营单位安全生产情况的监督检查", "行政检查", [("中华人民共和国安全生产法", 65)]),
        ("公众聚集场所投入使用、营业前消防安全检查", "行政许可", [("中华人民共和国消防法", 15)]),
    ]
    assert powers[0]["implementing_body"] == "某某县应急管理局"
    assert powers[0]["responsibilities"][0]["step"] == "立案责任"
    assert result.agency["name"] == "某某县应急管理局"
    assert any("label | value cards" in line for line in result.report.seen)
    _exit_only_with(path, tmp_path / "yjj.yaml", 3)


# -- 3. headers spaced out, full-width, Traditional ---------------------------------------------------


def test_headers_spaced_out_full_width_and_traditional(tmp_path):
    page = tmp_path / "jtj.html"
    page.write_text(
        "<html><head><title>某某县交通运输局权责清单</title></head><body><table>"
        "<tr><th>序　　号</th><th>事 项 名 称</th><th>權力類型</th><th>实  施  依  据</th><th>ＸＸ备注</th></tr>"
        f"<tr><td>1</td><td>对超限运输车辆的行政处罚</td><td>行政处罚</td><td>{GONGLU_76}</td><td></td></tr>"
        f"<tr><td>2</td><td>公路超限运输车辆的监督检查</td><td>行政检查</td><td>{GONGLU_50}</td><td></td></tr>"
        "</table></body></html>", encoding="utf-8")
    result = import_source(page)
    assert "header 序 号 | 事 项 名 称 | 權力類型 | 实 施 依 据 | ＸＸ备注 -> serial | name | category | basis | " \
           "remarks" in result.report.seen[0]
    assert _summary(result.agency["powers"]) == [
        ("对超限运输车辆的行政处罚", "行政处罚", [("中华人民共和国公路法", 76)]),
        ("公路超限运输车辆的监督检查", "行政检查", [("中华人民共和国公路法", 50)]),
    ]


def test_page_text_with_a_header_spaced_out_for_justification(tmp_path):
    text = tmp_path / "jtj.txt"
    text.write_text("某某县交通运输局权责清单\n"
                    "序  号 事 项 名 称 权 力 类 型 实  施  依  据\n"
                    f"1 对超限运输车辆的行政处罚 行政处罚 {GONGLU_76}\n"
                    f"2 公路超限运输车辆的监督检查 行政检查 {GONGLU_50}\n", encoding="utf-8")
    result = import_source(text)
    assert result.report.format == "spaced"
    assert _summary(result.agency["powers"]) == [
        ("对超限运输车辆的行政处罚", "行政处罚", [("中华人民共和国公路法", 76)]),
        ("公路超限运输车辆的监督检查", "行政检查", [("中华人民共和国公路法", 50)]),
    ]


# -- 4. page text with one cell a line ---------------------------------------------------------------


MZJ_LINES = ["某某县民政局权责清单", "序号", "事项名称", "事项类别", "设定依据",
             "1", "社会团体成立登记", "行政许可", SHETUAN_9,
             "2", "基金会设立登记", "行政许可", JIJIN_11,
             "3", "对社会团体的年度检查", "行政检查", SHETUAN_9]


def test_page_text_with_one_cell_a_line(tmp_path):
    text = tmp_path / "mzj.txt"
    text.write_text("\n".join(MZJ_LINES) + "\n", encoding="utf-8")
    result = import_source(text)
    assert result.report.format == "lines"
    assert _summary(result.agency["powers"]) == [
        ("社会团体成立登记", "行政许可", [("社会团体登记管理条例", 9)]),
        ("基金会设立登记", "行政许可", [("基金会管理条例", 11)]),
        ("对社会团体的年度检查", "行政检查", [("社会团体登记管理条例", 9)]),
    ]
    _exit_only_with(text, tmp_path / "mzj.yaml", 3)


def test_page_text_with_one_cell_a_line_and_bars(tmp_path):
    text = tmp_path / "mzj.txt"
    body = MZJ_LINES[:1] + [line + " |" for line in MZJ_LINES[1:]]
    text.write_text("\n".join(body) + "\n", encoding="utf-8")
    powers = import_source(text).agency["powers"]
    assert [p["name"] for p in powers] == ["社会团体成立登记", "基金会设立登记", "对社会团体的年度检查"]


def test_page_text_with_one_cell_a_line_whose_rows_do_not_repeat_is_refused(tmp_path):
    text = tmp_path / "mzj.txt"
    lines = MZJ_LINES[:9] + ["2", "基金会设立登记", "《基金会管理条例》", "第十一条", "行政许可"] + MZJ_LINES[13:]
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(QuanzeError, match=r"one cell a line under a header of 4 cells, but the row of serial 2 "
                                          r"\(line 10\) has 5 lines"):
        import_source(text)
    run = _quanze("import", str(text), "-o", str(tmp_path / "mzj.yaml"))
    assert run.returncode == 1 and not (tmp_path / "mzj.yaml").exists()


# -- 5. two columns of one field ----------------------------------------------------------------------


def test_two_columns_of_one_field_are_never_glued(tmp_path):
    csv = tmp_path / "fgw.csv"
    csv.write_text(
        "某某区发展和改革委员会权责清单\n"
        "序號,序號,事项名称,事项类别,设定依据,责任事项,责任事项依据\n"
        f"1,1,对经营者价格违法行为的行政处罚,行政处罚,\"{JIAGE_39}\",立案责任,\"{XUKE_12}\"\n"
        f"2,1,企业投资项目核准,行政许可,\"{XUKE_12}\",受理责任,《企业投资项目核准和备案管理条例》第六条\n",
        encoding="utf-8")
    result = import_source(csv)
    powers = result.agency["powers"]
    assert [p["serial"] for p in powers] == ["1", "2"]
    assert [p["extra"]["序號"] for p in powers] == ["1", "1"]
    assert _summary(powers) == [
        ("对经营者价格违法行为的行政处罚", "行政处罚", [("中华人民共和国价格法", 39)]),
        ("企业投资项目核准", "行政许可", [("中华人民共和国行政许可法", 12)]),
    ]
    assert powers[1]["extra"]["责任事项依据"] == "《企业投资项目核准和备案管理条例》第六条"


# -- 6. a row cut by a page ------------------------------------------------------------------------------


def _row(*texts: str) -> list[Cell]:
    return [Cell([t] if t else []) for t in texts]


def test_a_row_cut_by_a_page_is_one_row_and_the_next_page_starts_a_new_one():
    header = _row("序号", "事项名称", "事项类别", "设定依据")
    page1 = Table([header, _row("1", "对超限运输车辆的", "行政处罚", GONGLU_76[:40])], "page 1 table 1")
    page2 = Table([_row("", "行政处罚", "", GONGLU_76[40:])], "page 2 table 1", cut_top=True)
    page3 = Table([_row("2", "公路超限运输车辆的监督检查", "行政检查", GONGLU_50)], "page 3 table 1", cut_top=True)
    agency, _, _ = map_document(Document("pdf", [page1, page2, page3]), "jtj")
    assert _summary(agency["powers"]) == [
        ("对超限运输车辆的行政处罚", "行政处罚", [("中华人民共和国公路法", 76)]),
        ("公路超限运输车辆的监督检查", "行政检查", [("中华人民共和国公路法", 50)]),
    ]


# -- 7. a 主项 merged across 主项 | 子项 ----------------------------------------------------------------------


def test_a_main_item_merged_across_the_sub_item_column_has_no_sub_item(tmp_path):
    page = tmp_path / "scjg.html"
    page.write_text(
        "<html><head><title>某某市市场监督管理局权责清单</title></head><body><table>"
        "<tr><th rowspan=2>序号</th><th colspan=2>项目名称</th><th rowspan=2>职权类别</th><th rowspan=2>设定依据</th></tr>"
        "<tr><th>主项</th><th>子项</th></tr>"
        f"<tr><td rowspan=2>1</td><td rowspan=2>食品经营许可</td><td>食品经营许可证核发</td><td rowspan=2>行政许可</td>"
        f"<td rowspan=2>{SHIPIN_122}</td></tr>"
        "<tr><td>食品经营许可证变更</td></tr>"
        f"<tr><td>2</td><td colspan=2>对生产经营不符合食品安全标准的食品的行政处罚</td><td>行政处罚</td><td>{SHIPIN_124}</td></tr>"
        "</table></body></html>", encoding="utf-8")
    powers = import_source(page).agency["powers"]
    assert [(p["name"], p.get("sub_item")) for p in powers] == [
        ("食品经营许可", "食品经营许可证核发"), ("食品经营许可", "食品经营许可证变更"),
        ("对生产经营不符合食品安全标准的食品的行政处罚", None)]


# -- 8. a category is what the row prints ----------------------------------------------------------


def test_a_list_that_prints_no_category_gets_none_invented(tmp_path):
    csv = tmp_path / "mzj.csv"
    csv.write_text("某某县民政局权责清单\n序号,事项名称,设定依据\n"
                   f"1,社会团体成立登记,\"{SHETUAN_9}\"\n2,基金会设立登记,\"{JIJIN_11}\"\n", encoding="utf-8")
    result = import_source(csv)
    assert [p.get("category") for p in result.agency["powers"]] == [None, None]
    assert "2 powers print no category: left empty, choose one for each (quanze check lists them)" \
        in result.report.warnings


# -- 9. a county-wide catalogue -----------------------------------------------------------------------------


def _catalogue(path: Path) -> Path:
    return _xlsx(path, [
        ["某某区权责清单目录"],
        ["序号", "事项名称", "事项类别", "设定依据"],
        ["一、区发展和改革委员会"],
        ["1", "企业投资项目核准", "行政许可", XUKE_12],
        ["2", "对经营者价格违法行为的行政处罚", "行政处罚", JIAGE_39],
        ["二、区民政局"],
        ["1", "社会团体成立登记", "行政许可", SHETUAN_9],
    ], merges=["A1:D1", "A3:D3", "A6:D6"])


def test_a_county_wide_catalogue_imports_as_one_agency_per_department(tmp_path):
    out = tmp_path / "agencies"
    run = _quanze("import", str(_catalogue(tmp_path / "catalogue.xlsx")), "-o", str(out) + "/",
                  "--region", "某省某市某某区")
    assert run.returncode == 0, run.stderr
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 2, files
    from ruamel.yaml import YAML

    agencies = {YAML(typ="safe").load(out.joinpath(f).read_text(encoding="utf-8"))["name"]: f for f in files}
    assert set(agencies) == {"某某区发展和改革委员会", "某某区民政局"}
    fgw = YAML(typ="safe").load(out.joinpath(agencies["某某区发展和改革委员会"]).read_text(encoding="utf-8"))
    assert [p["name"] for p in fgw["powers"]] == ["企业投资项目核准", "对经营者价格违法行为的行政处罚"]
    assert fgw["admin_level"] == "县级"


def test_a_catalogue_of_several_departments_to_one_file_is_refused(tmp_path):
    out = tmp_path / "fgw.yaml"
    run = _quanze("import", str(_catalogue(tmp_path / "catalogue.xlsx")), "-o", str(out))
    assert run.returncode == 1 and not out.exists()
    assert "2 departments" in run.stderr and "give a folder" in run.stderr


def test_department_headings_above_tables_in_a_word_file():
    doc = Document("docx", [
        Table([_row("序号", "事项名称", "事项类别", "设定依据"), _row("1", "企业投资项目核准", "行政许可", XUKE_12)],
              "table 1", ["某某区权责清单", "一、区发展和改革委员会"]),
        Table([_row("序号", "事项名称", "事项类别", "设定依据"), _row("1", "社会团体成立登记", "行政许可", SHETUAN_9)],
              "table 2", ["二、区民政局"]),
    ])
    from generator.importers.mapper import read_items

    mapping = read_items(doc, {})
    assert [(i.department, i.text("name")) for i in mapping.items] == [
        ("区发展和改革委员会", "企业投资项目核准"), ("区民政局", "社会团体成立登记")]
