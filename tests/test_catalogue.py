"""Reference catalogues: loading and validation, each list held against one, the check command,
and the catalogue derived from the default content."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import CONTENT, ROOT

from generator.cli import main
from generator.content.alignment import align_agency
from generator.content.reader import load_corpus, read_content
from generator.tools.catalogue import catalogue_yaml, derive_catalogue

FIXTURE = ROOT / "tests" / "fixtures" / "catalogue"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(FIXTURE)


@pytest.fixture()
def project(tmp_path, monkeypatch):
    """A copy of the fixture as the content folder of a project in a temporary folder."""
    shutil.copytree(FIXTURE, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content"


def test_the_catalogue_is_read_into_the_corpus_fast_and_exact_alike(corpus):
    catalogue = corpus.catalogues["demo"]
    assert (catalogue.title, catalogue.level, len(catalogue.items)) == ("示例省医疗保障系统权责清单通用目录", "省级", 4)
    assert catalogue.items[1].aliases == ["医保基金监督检查"] and catalogue.items[2].levels == ["省级", "市级"]
    exact = load_corpus(FIXTURE, fast=False).catalogues["demo"]
    assert exact == catalogue


def test_a_list_is_matched_by_code_then_by_name_or_alias_and_every_difference_named(corpus):
    report = align_agency(corpus.catalogues["demo"], corpus, "b-xian")
    assert [(m.item_index, m.ref.power.id, m.rule) for m in report.matched] == [
        (0, "pianqu-chufa", "code"), (1, "jiancha", "alias")]
    assert [n for n, _ in report.missing] == [3]  # 资料封存 (item 2) is for 省级 and 市级 only
    assert report.applicable == 3
    assert [r.power.id for r in report.extra] == ["bendi"]
    assert [m.ref.power.id for m in report.renamed] == ["pianqu-chufa"]
    assert [m.ref.power.id for m in report.code_mismatches] == ["jiancha"]  # no code; the item's is 0647001000
    assert [m.ref.power.id for m in report.category_mismatches] == ["jiancha"]
    assert [(d.match.ref.power.id, d.missing, d.extra) for d in report.basis_differences] == [
        ("pianqu-chufa", (), (("jijin-tiaoli", 40),)),
        ("jiancha", (("jijin-tiaoli", 22),), ()),  # the whole 社会保险法 cited covers its article 79
    ]
    assert report.findings == 7


def test_a_code_of_another_item_type_matches_by_name_and_a_clean_match_has_no_finding(corpus):
    report = align_agency(corpus.catalogues["demo"], corpus, "a-shi")
    assert [(m.item_index, m.rule) for m in report.matched] == [(0, "code"), (1, "name"), (2, "code")]
    assert [m.ref.power.code for m in report.code_mismatches] == ["0647002000"]
    assert not report.renamed and not report.category_mismatches and not report.basis_differences
    assert [n for n, _ in report.missing] == [3] and report.extra == []


def test_check_catalogue_prints_each_agency_with_its_findings_at_their_lines(project, capsys):
    assert main(["check", "--catalogue", "demo"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "catalogue demo: 示例省医疗保障系统权责清单通用目录, 4 items"
    at = lines.index("b-xian 乙县医疗保障局（县级）: 2 of 3 items matched（编码相同 1，别名相同 1）, 1 missing, "
                     "1 extra, 1 renamed, 0 alike, 1 code, 1 category, 2 basis")
    assert lines[at + 1: at + 8] == [
        "  missing: items[3] 0547001000 待遇支付（行政给付）",
        "  extra: content/agencies/b-xian.yaml:20:3: 1047009000 本地特有事项（其他）",
        "  renamed: content/agencies/b-xian.yaml:6:3: 0247001000 骗取基金支出行为的处罚 — catalogue: 骗取社会保险基金支出的处罚",
        "  code: content/agencies/b-xian.yaml:15:3: (无编码) 医保基金监督检查 — catalogue: 0647001000 基金监督检查（别名相同）",
        "  category: content/agencies/b-xian.yaml:15:3: (无编码) 医保基金监督检查: 其他 — catalogue: 行政检查",
        "  basis: content/agencies/b-xian.yaml:6:3: 0247001000 骗取基金支出行为的处罚: list only: 《医疗保障基金使用监督管理条例》第四十条",
        "  basis: content/agencies/b-xian.yaml:15:3: (无编码) 医保基金监督检查: catalogue only: 《医疗保障基金使用监督管理条例》第二十二条",
    ]
    sheng = lines.index("c-sheng 示例省医疗保障局（省级）: 0 of 4 items matched, 4 missing, 1 extra, 0 renamed, 0 alike, "
                        "0 code, 0 category, 0 basis")
    assert [line.split("] ")[1] for line in lines[sheng + 1: sheng + 5]] == [
        "0247001000 骗取社会保险基金支出的处罚（行政处罚）", "0647001000 基金监督检查（行政检查）",
        "0347001000 资料封存（行政强制）", "0547001000 待遇支付（行政给付）"]
    assert lines[-1] == "3 agencies, 7 powers, 2 statutes, 1 catalogue: no problems; catalogue demo: 14 findings"


def test_findings_fail_the_check_only_when_strict(project, capsys):
    assert main(["check", "--catalogue", "demo", "--strict"]) == 1
    assert main(["check", "--strict"]) == 0


def test_check_catalogue_as_json(project, capsys):
    assert main(["check", "--catalogue", "demo", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["catalogue"]["findings"] == 14
    xian = next(a for a in data["catalogue"]["agencies"] if a["agency"] == "b-xian")
    assert [m["name"] for m in xian["missing"]] == ["待遇支付"]
    assert xian["basis_differences"][1]["catalogue_only"] == [["jijin-tiaoli", 22]]
    assert xian["extra"][0]["where"] == "content/agencies/b-xian.yaml:20:3"


def test_an_unknown_catalogue_id_is_refused_naming_the_ones_there_are(project, capsys):
    assert main(["check", "--catalogue", "demp"]) == 1
    assert capsys.readouterr().err == ('quanze: error: no catalogue "demp" (content/catalogues/demp.yaml); '
                                       "available: demo\n")
    shutil.rmtree(project / "catalogues")
    assert main(["check", "--catalogue", "demo"]) == 1
    assert "the project has none; add content/catalogues/demo.yaml" in capsys.readouterr().err


def test_mistakes_in_a_catalogue_are_errors_at_their_lines(project, capsys):
    path = project / "catalogues" / "demo.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("- code: '0547001000'", "- code: '0247001000'")  # line 29
    text = text.replace("  category: 行政强制", "  category: 行政强ZHI")  # line 25
    text = text.replace("  - statute: jijin-tiaoli\n", "  - statute: jijin-tiaol\n")  # line 21
    path.write_text(text, encoding="utf-8")
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        'content/catalogues/demo.yaml:21:5: error: items[1].basis[1].statute: unknown statute "jijin-tiaol" '
        '(did you mean "jijin-tiaoli" for 医疗保障基金使用监督管理条例?)',
        'content/catalogues/demo.yaml:25:3: error: items[2].category: unknown category "行政强ZHI" '
        '(did you mean "行政强制"?)',
        'content/catalogues/demo.yaml:29:3: error: items[3].code: same code "0247001000" as items[0] '
        "(骗取社会保险基金支出的处罚) (each standard item has its own code: correct one of the two, or merge the items)",
        'content/catalogues/demo.yaml:29:3: warning: items[3].code: "0247001000" starts with 02 but the category '
        "is 行政给付 (05) (check the code and the category against the catalogue as issued)",
        "3 agencies, 7 powers, 2 statutes, 0 catalogues: 3 errors, 1 warning",
    ]
    assert read_content(project, "fast").corpus is None  # a build refuses it too


def test_an_unknown_level_in_a_list_of_levels_names_the_field(project, capsys):
    path = project / "catalogues" / "demo.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  - 省级\n" in text
    path.write_text(text.replace("  - 省级\n", "  - 省\n", 1), encoding="utf-8")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert 'levels[0]: unknown levels "省" (did you mean "省级"?)' in out, out


def test_a_catalogue_with_errors_is_not_compared(project, capsys):
    path = project / "catalogues" / "demo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: 示例", "titel: 示例"), encoding="utf-8")
    assert main(["check", "--catalogue", "demo"]) == 1
    captured = capsys.readouterr()
    assert "content/catalogues/demo.yaml:1:1: error: titel: unknown field" in captured.out
    assert captured.err == 'quanze: error: catalogue "demo" has errors (listed above): fix them, then check again\n'


def test_derive_keeps_the_items_two_lists_share_with_the_most_common_wording(corpus):
    data = derive_catalogue(corpus, "shared")
    # 0247001000 is in 甲市 and 乙县; 基金监督检查 in 甲市 (by name) and nowhere else: one item only
    assert [(i["code"], i["name"]) for i in data["items"]] == [("0247001000", "骗取社会保险基金支出的处罚")]
    item = data["items"][0]
    assert item["basis"] == [{"statute": "shehui-baoxian-fa", "article": 87}, {"statute": "jijin-tiaoli", "article": 40}]
    assert "aliases" not in item  # 乙县's other name has the code: a renamed power, not an alias
    assert item["notes"] == ["2 份清单列有：a-shi（0247001000）、b-xian（0247001000）"]
    assert "“quanze catalogue derive shared --min-lists 2”" in data["description"]  # words, not Markdown
    assert "各清单均未注明公布日期" in data["description"]


def test_derive_writes_a_file_that_reads_back(project, capsys):
    assert main(["catalogue", "derive", "shared", "-o", "content/catalogues/shared.yaml"]) == 0
    assert load_corpus(project).catalogues["shared"].items[0].code == "0247001000"
    assert main(["catalogue", "derive", "Bad_Id"]) == 1
    assert 'quanze: error: "Bad_Id" cannot be a catalogue id' in capsys.readouterr().err


def test_the_default_catalogue_is_what_derive_makes_of_the_default_content():
    corpus = load_corpus(CONTENT, fast=True)
    made = catalogue_yaml(derive_catalogue(corpus, "tongyong"))
    stored = (CONTENT / "catalogues" / "tongyong.yaml").read_text(encoding="utf-8")
    assert made == stored, "run: quanze catalogue derive tongyong -o content/catalogues/tongyong.yaml"


def test_check_on_the_default_content_names_what_each_of_the_five_lists_lacks(capsys, monkeypatch):
    monkeypatch.chdir(CONTENT.parent)
    assert main(["check", "--catalogue", "tongyong"]) == 0
    lines = capsys.readouterr().out.splitlines()
    heads = [line for line in lines if not line.startswith(" ") and "items matched" in line]
    assert [h.split(" ")[0] for h in heads] == ["baofeng", "datong", "huinong", "neimenggu", "xixia"]
    for head in heads:
        block = lines[lines.index(head) + 1:]
        block = block[: next((n for n, line in enumerate(block) if not line.startswith(" ")), len(block))]
        assert any(line.startswith("  missing: items[") for line in block), head
    assert "  missing: items[16] (无编码) 对医疗救助的监督检查（行政检查）" in lines  # xixia lacks it


def test_a_catalogue_folder_file_that_is_not_yaml_is_named(project, capsys):
    (project / "catalogues" / "notes.txt").write_text("x", encoding="utf-8")
    assert main(["check"]) == 0
    assert "content/catalogues/notes.txt:0:0: warning: not a YAML file: ignored" in capsys.readouterr().out


def test_a_catalogue_needs_items(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "content")
    path = tmp_path / "content" / "catalogues" / "demo.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("items:")[0], encoding="utf-8")
    problems = [str(p) for p in read_content(tmp_path / "content", "exact", tmp_path).problems]
    assert problems == ["content/catalogues/demo.yaml:1:1: error: items: required field is missing "
                        "(add `items:` with a value)"]



@pytest.mark.parametrize("name", ["对定点医疗、医药机构的检查", "社会保险(医疗保险)登记", "社会保险（医疗保险） 登记", "ＡＢ１ 检查。"])
def test_names_are_compared_as_the_compare_pages_compare_them(name):
    from generator.content.catalogue import name_key
    from generator.site.paths import name_key as site_name_key

    assert name_key(name) == site_name_key(name)


def test_a_catalogue_of_a_region_leaves_the_lists_of_other_regions_out_and_a_list_with_errors_is_named(project, capsys):
    other = (project / "agencies" / "c-sheng.yaml").read_text(encoding="utf-8").replace("示例省", "别的省")
    (project / "agencies" / "d-other.yaml").write_text(other, encoding="utf-8")
    broken = (project / "agencies" / "a-shi.yaml").read_text(encoding="utf-8").replace("  category: 行政强制\n", "")
    (project / "agencies" / "a-shi.yaml").write_text(broken, encoding="utf-8")
    assert main(["check", "--catalogue", "demo"]) == 1  # the content error
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("content/agencies/a-shi.yaml:22:3: error: powers[2].category: required field is missing")
    assert [line.split(" ")[0] for line in lines if "items matched" in line] == ["b-xian", "c-sheng"]
    assert "a-shi: not compared: the list has errors" in lines


def test_an_article_the_official_text_lacks_is_a_warning(project, capsys):
    statute = project / "statutes" / "jijin-tiaoli.yaml"
    statute.write_text(statute.read_text(encoding="utf-8") + (
        "official_versions:\n- label: '2021'\n  articles:\n  - number: 22\n    paragraphs:\n    - text: 第二十二条。\n"
        "  - number: 40\n    paragraphs:\n    - text: 第四十条。\n"), encoding="utf-8")
    path = project / "catalogues" / "demo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    article: 22\n", "    article: 220\n"), encoding="utf-8")
    assert main(["check"]) == 0
    assert ("content/catalogues/demo.yaml:22:5: warning: items[1].basis[1].article: 医疗保障基金使用监督管理条例 (2021) "
            "has no article 220 (check the article number against the official text)") in capsys.readouterr().out


def test_powers_left_unmatched_are_paired_with_items_by_names_alike(project):
    """Neither code nor name: a power of the item's category whose name shares most two-character
    pieces with the item's is a probable match, reported with its score; one unlike, or of another
    category, stays extra; each side is paired once."""
    from generator.content.alignment import SIMILAR_AT, align_agency, likeness

    assert likeness("对可能被转移、隐匿或者灭失的医疗保险基金相关资料进行封存",
                    "对可能被转移、隐匿或者灭失的社会保险基金相关资料予以封存") > 0.8
    assert likeness("对骗取医疗救助资金的处罚（仅指医疗救助）", "骗取医疗救助资金处罚") == 1.0  # brackets and fillers
    assert likeness("医疗保险稽核", "对纳入基本医疗保险基金支付范围的医疗服务行为和医疗费用进行监督管理") < SIMILAR_AT
    path = project / "agencies" / "c-sheng.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + """- id: fengcun
  name: 对可能灭失的资料予以封存
  category: 行政强制
- id: fengcun-2
  name: 对可能灭失的相关资料封存
  category: 行政强制
- id: daiyu
  name: 待遇的支付
  category: 行政检查
""", encoding="utf-8")
    corpus = load_corpus(project)
    report = align_agency(corpus.catalogues["demo"], corpus, "c-sheng")
    assert [(m.item.name, m.ref.power.id, m.rule) for m in report.similar] == [("资料封存", "fengcun", "similar")]
    assert report.similar[0].score >= SIMILAR_AT and report.similar[0].rule_label.startswith("名称相近 0.")
    assert [r.power.id for r in report.extra] == [corpus.agencies["c-sheng"].powers[0].id, "fengcun-2", "daiyu"]
    assert [n for n, _ in report.missing] == [0, 1, 3]  # 待遇的支付 is of another category than 待遇支付
    assert likeness("待遇的支付", "待遇支付") == 1.0
