"""`quanze new power`: a power with every field, the next serial, a free id, comments kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator.cli import main
from generator.content.model import Power
from generator.errors import QuanzeError
from generator.tools.check import run_check
from generator.tools.scaffold import new_power

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def content(tmp_path, monkeypatch):
    shutil.copytree(MINI, tmp_path / "content")
    demo = tmp_path / "content" / "agencies" / "demo.yaml"
    demo.write_text("# 示例清单（注释保留）\n" + demo.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return Path("content")


def powers(content: Path) -> list[dict]:
    return YAML(typ="safe").load((content / "agencies" / "demo.yaml").read_text(encoding="utf-8"))["powers"]


def test_appends_every_field_in_model_order(content):
    message = new_power("demo", content)
    added = powers(content)[-1]
    assert list(added) == list(Power.model_fields)
    assert (added["id"], added["serial"], added["name"], added["category"]) == ("power-3", "3", "", "")
    assert message == ("content/agencies/demo.yaml:48: added power power-3 (serial 3). Fill in name and category: "
                       "they are empty, so the file does not validate until you do. Fill the other fields the "
                       "list gives; empty ones may stay empty.")
    text = (content / "agencies" / "demo.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[47] == "- id: power-3"
    assert text.splitlines()[:2] == ["# yaml-language-server: $schema=../../schema/agency.schema.json",
                                     "# 示例清单（注释保留）"]


def test_new_power_validates_only_once_filled(content):
    new_power("demo", content, name="对定点医药机构的行政检查")
    report = run_check(content)
    assert [str(p) for p in report.problems] == [
        "content/agencies/demo.yaml:54:3: error: powers[2].category: is empty (write one of 行政许可, 行政处罚, "
        "行政强制, 行政征收, 行政给付, 行政检查, 行政确认, 行政奖励, 行政裁决, 其他)"]
    path = content / "agencies" / "demo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("category: ''", "category: 行政检查"), encoding="utf-8")
    assert run_check(content).ok


def test_id_from_the_name_and_next_serial(content):
    new_power("demo", content, name="对定点医药机构的行政检查")
    new_power("demo", content, name="对定点医药机构的行政检查")
    added = powers(content)[-2:]
    assert [p["id"] for p in added] == ["dui-dingdian-yiyao-jigou-de-jiancha", "dui-dingdian-yiyao-jigou-de-jiancha-2"]
    assert [p["serial"] for p in added] == ["3", "4"]


def test_given_id_is_checked(content):
    with pytest.raises(QuanzeError, match="is taken"):
        new_power("demo", content, power_id="0247001000")
    with pytest.raises(QuanzeError, match="reserved device name"):
        new_power("demo", content, power_id="nul")
    with pytest.raises(QuanzeError, match="not|lowercase"):
        new_power("demo", content, power_id="../x")
    new_power("demo", content, power_id="jiancha-1")
    assert powers(content)[-1]["id"] == "jiancha-1"


def test_unknown_agency_suggests_the_closest(content, capsys):
    assert main(["new", "power", "dmeo"]) == 1
    assert capsys.readouterr().err == (
        "quanze: error: no agency 'dmeo': content/agencies/dmeo.yaml does not exist (did you mean \"demo\"?)\n")


def test_file_that_does_not_load_is_left_alone(content):
    path = content / "agencies" / "demo.yaml"
    path.write_text("name: a\nname: b\n", encoding="utf-8")
    with pytest.raises(QuanzeError, match="duplicate key"):
        new_power("demo", content)
    assert path.read_text(encoding="utf-8") == "name: a\nname: b\n"


# -- quanze init: a project for any department --------------------------------------------------

EMERGENCY = """name: 某某县应急管理局
region: 某某省某某市某某县
admin_level: 县级
title: 某某县应急管理局权责清单
powers:
- id: chufa-1
  serial: '1'
  name: 对生产经营单位未按规定设置安全生产管理机构或者配备安全生产管理人员的处罚
  category: 行政处罚
  basis:
  - statute: anquan-shengchan-fa
    title: 中华人民共和国安全生产法
    level: 法律
    ref: 第九十七条
    article: 97
    text: 生产经营单位有下列行为之一的，责令限期改正，处十万元以下的罚款。
- id: jiancha-1
  serial: '2'
  name: 对生产经营单位执行安全生产法律法规情况的监督检查
  category: 行政检查
  basis:
  - statute: anquan-shengchan-fa
    title: 中华人民共和国安全生产法
    level: 法律
    ref: 第六十五条
    article: 65
"""


def test_init_for_a_department_builds_a_site_that_names_it_and_nothing_else(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["init", str(tmp_path / "p"), "--name", "某某县应急管理局", "--region", "某某省某某市某某县"]) == 0
    project = tmp_path / "p"
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: 某某县应急管理局权责清单\n" in config
    assert "    site_title: 某某县应急管理局权责清单\n    publishers: 某某县应急管理局\n" in config
    assert "医疗" not in config and "医保" not in config
    assert "name: 某某县应急管理局\n" in (project / "agency-template.yaml").read_text(encoding="utf-8")
    (project / "content" / "agencies" / "yingji.yaml").write_text(EMERGENCY, encoding="utf-8")
    assert main(["--project", str(project), "registry", "update"]) == 0
    assert main(["--project", str(project), "check"]) == 0
    assert main(["--project", str(project), "build"]) == 0
    pages = sorted((project / "site").rglob("*.html"))
    assert len(pages) > 10
    assert [p.name for p in pages if "医疗保障" in p.read_text(encoding="utf-8")] == []
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert ">某某县应急管理局权责清单<" in home and "本站汇集某某县应急管理局公布的权责清单" in home


def test_init_asks_for_the_department_at_a_terminal(tmp_path, monkeypatch):
    answers = iter(["某某市民政局", "某某省某某市", "某某市司法局", "电话 0000-1234567"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    assert main(["init", str(tmp_path / "p")]) == 0
    config = (tmp_path / "p" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: 某某市民政局权责清单\n" in config and "    publishers: 某某市民政局\n" in config
    assert "admin_level: 市级\n" in (tmp_path / "p" / "agency-template.yaml").read_text(encoding="utf-8")
    assert '    operator: 某某市司法局\n    contact: "电话 0000-1234567"\n' in config


def test_init_without_a_terminal_or_a_name_writes_neutral_words(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("asked without a terminal"))
    assert main(["init", str(tmp_path / "p")]) == 0
    config = (tmp_path / "p" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: 权责清单\n" in config and "  # quanze:\n" in config and "  #   operator: " in config
    assert "医疗" not in config
    assert len(list((tmp_path / "p" / "content" / "statutes").glob("*.yaml"))) > 10  # the default registry


def test_init_for_a_whole_government_names_its_place(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["init", str(tmp_path / "p"), "--region", "某某省某某市某某县"]) == 0
    config = (tmp_path / "p" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: 某某县权责清单\n" in config and "    publishers: 某某县各部门\n" in config


def test_the_agency_templates_schema_resolves_where_the_readme_puts_the_file(tmp_path, monkeypatch):
    """The template's comment tells the YAML language server where the schema is, relative to
    the file once copied to content/agencies/<id>.yaml."""
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["init", str(tmp_path / "p"), "--bare"]) == 0
    first = (tmp_path / "p" / "agency-template.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema = tmp_path / "p" / "content" / "agencies" / first.split("$schema=", 1)[1]
    assert schema.resolve() == (tmp_path / "p" / "schema" / "agency.schema.json").resolve() and schema.is_file()


def test_init_names_who_runs_the_site_on_its_about_page(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["init", str(tmp_path / "p"), "--operator", "某某县司法局", "--contact", "电话 0000-1234567"]) == 0
    config = (tmp_path / "p" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  quanze:\n  #   site_title: " in config and "    operator: 某某县司法局\n" in config

    from generator.site.about import about_words

    words = about_words(tmp_path / "p")
    assert (words.operator, words.contact, words.report_url) == ("某某县司法局", "电话 0000-1234567", "")
