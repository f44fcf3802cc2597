"""`quanze check`: every problem in one run, at its file and line, the exact text a user sees."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.tools.check import run_check

MINI = Path(__file__).parent / "fixtures" / "mini"
CONTENT = Path(__file__).parent.parent / "content"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture
def broken_content(tmp_path, monkeypatch):
    """mini, with a mistake of each kind: YAML syntax, unknown category, unknown statute,
    a power without a name, a duplicate id."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    demo = (content / "agencies" / "demo.yaml").read_text(encoding="utf-8")
    first_basis_2 = "  - statute: shehui-baoxian-fa\n    title: 社会保险法\n    ref"
    files = {
        "demo.yaml": demo.replace(first_basis_2, first_basis_2.replace("-fa\n", "\n"), 1)
                         .replace("- id: '0647001000'", "- id: '0247001000'"),
        "other.yaml": demo.replace("category: 行政检查", "category: 行政审批")
                          .replace("  name: 以欺诈、伪造证明材料或者其他手段骗取社会保险基金支出行为的处罚\n", ""),
        "broken.yaml": demo.replace("  content: 负责本区域内的行政处罚。\n", "  content: [负责本区域内的行政处罚。\n"),
    }
    for name, text in files.items():
        (content / "agencies" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return content


EXPECTED = """\
content/agencies/broken.yaml:22:19: error: YAML syntax: expected ',' or ']', but got ':' (a bracket opened above is not closed, or a value in it needs quotes)
content/agencies/demo.yaml:33:3: error: powers[1].id: duplicate id "0247001000" (also powers[0]) (give each power of an agency its own id)
content/agencies/demo.yaml:40:5: error: powers[1].basis[0].statute: unknown statute "shehui-baoxian" (did you mean "shehui-baoxian-fa" for 中华人民共和国社会保险法?)
content/agencies/other.yaml:7:3: error: powers[0].name: required field is missing (add `name:` with a value)
content/agencies/other.yaml:36:3: error: powers[1].category: unknown category "行政审批" (did you mean "行政许可"?)
3 agencies, 4 powers, 1 statute: 5 errors, 0 warnings
"""


def test_every_mistake_reported_in_one_run(broken_content, capsys):
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert out == EXPECTED
    assert err == ""


def test_mistakes_are_at_their_lines(broken_content):
    report = run_check(Path("content"))
    at = {(Path(p.path).name, p.message.split(":")[0]): p.line for p in report.problems}
    texts = {name: (broken_content / "agencies" / name).read_text(encoding="utf-8")
             for name in ("demo.yaml", "other.yaml", "broken.yaml")}
    assert abs(at[("broken.yaml", "YAML syntax")] - line_of(texts["broken.yaml"], "content: [")) <= 3
    assert at[("demo.yaml", "powers[1].basis[0].statute")] == line_of(texts["demo.yaml"], "statute: shehui-baoxian\n")
    assert at[("other.yaml", "powers[1].category")] == line_of(texts["other.yaml"], "category: 行政审批")
    assert at[("demo.yaml", "powers[1].id")] == line_of(texts["demo.yaml"], "- id: '0247001000'\n  serial: '2'")


def test_json_format(broken_content, capsys):
    assert main(["check", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert data["summary"] == "3 agencies, 4 powers, 1 statute: 5 errors, 0 warnings"
    assert data["counts"] == {"agencies": 3, "powers": 4, "statutes": 1}
    assert (data["errors"], data["warnings"]) == (5, 0)
    assert data["problems"][1] == {
        "path": "content/agencies/demo.yaml", "line": 33, "column": 3, "severity": "error",
        "message": 'powers[1].id: duplicate id "0247001000" (also powers[0])',
        "hint": "give each power of an agency its own id"}


def test_clean_content_passes(tmp_path, monkeypatch, capsys):
    shutil.copytree(MINI, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--strict"]) == 0
    assert capsys.readouterr().out == "1 agency, 2 powers, 1 statute: no problems\n"


def test_warnings_fail_only_with_strict(tmp_path, monkeypatch, capsys):
    shutil.copytree(MINI, tmp_path / "content")
    demo = tmp_path / "content" / "agencies" / "demo.yaml"
    demo.write_text(demo.read_text(encoding="utf-8").replace("serial: '2'", "serial: '3'"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    expected = ('content/agencies/demo.yaml:34:3: warning: powers[1].serial: serial "3" follows "1" '
                '(expected "2": renumber, or record the gap in editor_notes)\n'
                "1 agency, 2 powers, 1 statute: 0 errors, 1 warning\n")
    assert capsys.readouterr().out == expected
    assert main(["check", "--strict"]) == 1
    assert capsys.readouterr().out == expected


def test_missing_content_folder_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert capsys.readouterr().err == (
        f"quanze: error: no quanze project here: {tmp_path.resolve()}/content/agencies does not exist (run from a "
        "project folder, give --project DIR, or start one with `quanze init DIR`)\n")


def _content_complete() -> str | None:
    agencies = sorted((CONTENT / "agencies").glob("*.yaml")) if (CONTENT / "agencies").is_dir() else []
    statutes = sorted((CONTENT / "statutes").glob("*.yaml")) if (CONTENT / "statutes").is_dir() else []
    if len(agencies) < 5 or not statutes:
        return f"content/ is not complete yet ({len(agencies)} agencies, {len(statutes)} statutes)"
    return None


@pytest.mark.skipif(_content_complete() is not None, reason=str(_content_complete()))
def test_shipped_content_passes(monkeypatch, capsys):
    monkeypatch.chdir(CONTENT.parent)
    code = main(["check"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 errors" in out.splitlines()[-1] or out.endswith("no problems\n")


def test_schema_errors_do_not_hide_the_other_powers_problems(tmp_path, monkeypatch, capsys):
    shutil.copytree(MINI, tmp_path / "content")
    demo = tmp_path / "content" / "agencies" / "demo.yaml"
    text = demo.read_text(encoding="utf-8").replace("admin_level: 县级", "admin_level: 区级")
    text = text.replace("  name: 以欺诈、伪造证明材料或者其他手段骗取社会保险基金支出行为的处罚\n", "")
    text = text.replace("  - statute: shehui-baoxian-fa\n    title: 社会保险法\n    ref",
                        "  - statute: shehui-baoxian\n    title: 社会保险法\n    ref")
    demo.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert capsys.readouterr().out == (
        'content/agencies/demo.yaml:3:1: error: admin_level: unknown admin level "区级" (did you mean "县级"?)\n'
        "content/agencies/demo.yaml:7:3: error: powers[0].name: required field is missing (add `name:` with a value)\n"
        'content/agencies/demo.yaml:39:5: error: powers[1].basis[0].statute: unknown statute "shehui-baoxian" '
        '(did you mean "shehui-baoxian-fa" for 中华人民共和国社会保险法?)\n'
        "1 agency, 2 powers, 1 statute: 3 errors, 0 warnings\n")


def _inject(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in a file; the line it was on."""
    text = path.read_text(encoding="utf-8")
    line = line_of(text, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


@pytest.mark.skipif(_content_complete() is not None, reason=str(_content_complete()))
def test_mistakes_in_the_shipped_content_each_at_its_line(tmp_path, monkeypatch, capsys):
    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copytree(CONTENT.parent / "sources", tmp_path / "sources")  # the agencies' source_file
    agencies = tmp_path / "content" / "agencies"
    name = _inject(agencies / "datong.yaml", "  name: 对个人骗取医疗保障基金支出行为的处罚\n", "")
    expected = {
        ("neimenggu.yaml", "YAML syntax"): _inject(agencies / "neimenggu.yaml", "  name: 对社会", "  name: [对社会"),
        ("xixia.yaml", "category"): _inject(agencies / "xixia.yaml", "category: 行政处罚", "category: 行政罚款"),
        ("huinong.yaml", "statute"): _inject(agencies / "huinong.yaml", "statute: shehuibaoxian-fa\n",
                                             "statute: shehuibaoxian-fx\n"),
        ("datong.yaml", "name"): name - 2,  # the power's first line: `- id: …`
        ("baofeng.yaml", "id"): _inject(agencies / "baofeng.yaml", "- id: yongrendanwei-bu-banli-chufa",
                                        "- id: pianqu-yiliaobaozhang-jijin-chufa"),
    }
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].endswith(": 5 errors, 0 warnings"), lines
    found = {}
    for line in lines[:-1]:
        path, number, _column, severity, message = line.split(":", 4)
        field = "YAML syntax" if "YAML syntax" in message else message.split(":")[0].rsplit(".", 1)[-1]
        found[(Path(path).name, field)] = int(number)
        assert severity == " error" and "Traceback" not in line
    assert found.keys() == expected.keys()
    for key, line in expected.items():
        assert abs(found[key] - line) <= 3, (key, found[key], line)


def test_output_cut_short_by_the_reader_is_no_traceback(monkeypatch, capfd):
    """`quanze check --format json | head`: the reader closes the pipe; exit 141, no traceback."""
    import generator.tools.check

    def cut_short(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(generator.tools.check, "run_check", cut_short)
    assert main(["check", "--format", "json"]) == 141
    assert "Traceback" not in capfd.readouterr().err
