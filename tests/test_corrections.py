"""Hand corrections recorded as diffs: record, apply, check; and every agency round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import QuanzeError
from generator.importers import _parsers
from generator.importers.corrections import apply, check, load_index, main, record

ROOT = Path(__file__).resolve().parents[1]
INDEX = load_index(ROOT)

SOURCE = (
    "示例医疗保障局行政执法事项清单\n\n"
    "序号\t事项名称\t职权类型\t实施依据\t实施主体\n"
    "1\t对甲事项的监督检查\t行政监督检查\t<p>【法律】《中华人民共和国社会保险法》第七十七条 甲。</p>\t各级医疗保障行政部门\n"
    "2\t对乙事项的处罚\t行政处罚\t<p>【法律】《中华人民共和国社会保险法》第八十四条 乙。</p>\t各级医疗保障行政部门\n"
)


@pytest.mark.parametrize("agency_id", sorted(INDEX))
def test_recorded_corrections_are_exactly_the_difference(agency_id):
    entry = INDEX[agency_id]
    if entry.format not in _parsers():
        pytest.skip(f"no {entry.format} importer yet")
    if not (ROOT / "content" / "agencies" / f"{agency_id}.yaml").exists():
        pytest.skip(f"{agency_id}.yaml not written yet")
    assert check(ROOT, entry) is None


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "demo.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "sources" / "index.yaml").write_text("demo:\n  source: demo.txt\n  format: tsv\n", encoding="utf-8")
    return tmp_path


def _content(root: Path) -> Path:
    return root / "content" / "agencies" / "demo.yaml"


def test_apply_without_corrections_writes_the_import(project):
    entry = load_index(project)["demo"]
    apply(project, entry)
    text = _content(project).read_text(encoding="utf-8")
    assert "name: 对甲事项的监督检查" in text
    assert check(project, entry) is None


def test_record_then_apply_reproduces_the_corrected_file(project):
    entry = load_index(project)["demo"]
    apply(project, entry)
    corrected = _content(project).read_text(encoding="utf-8").replace("region: ''", "region: 示例省")
    _content(project).write_text(corrected, encoding="utf-8")
    assert check(project, entry) is not None
    record(project, entry)
    diff = (project / "sources" / "corrections" / "demo.diff").read_text(encoding="utf-8")
    assert "+region: 示例省" in diff and "-region: ''" in diff
    _content(project).unlink()
    apply(project, entry)
    assert _content(project).read_text(encoding="utf-8") == corrected
    assert check(project, entry) is None


def test_apply_survives_a_change_elsewhere_in_the_import(project):
    entry = load_index(project)["demo"]
    apply(project, entry)
    _content(project).write_text(
        _content(project).read_text(encoding="utf-8").replace("region: ''", "region: 示例省"), encoding="utf-8")
    record(project, entry)
    source = project / "sources" / "demo.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("乙。", "乙丙。"), encoding="utf-8")
    apply(project, entry)
    text = _content(project).read_text(encoding="utf-8")
    assert "region: 示例省" in text and "乙丙。" in text


def test_apply_reports_corrections_that_no_longer_fit(project):
    entry = load_index(project)["demo"]
    apply(project, entry)
    path = _content(project)
    path.write_text(path.read_text(encoding="utf-8").replace("对乙事项的处罚", "对乙事项的行政处罚"), encoding="utf-8")
    record(project, entry)
    source = project / "sources" / "demo.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("对乙事项的处罚", "对丁事项的处罚"), encoding="utf-8")
    with pytest.raises(QuanzeError, match="corrections no longer apply"):
        apply(project, entry)


def test_cli_check_fails_on_a_stale_diff(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["apply"]) == 0
    _content(project).write_text(_content(project).read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert main(["check", "demo"]) == 1
    assert "run record" in capsys.readouterr().out
    assert main(["record", "demo"]) == 0
    assert main(["check"]) == 0


def test_cli_unknown_agency(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["check", "nosuch"]) == 1
    assert "no agency nosuch" in capsys.readouterr().err


def test_patched_follows_new_ids_in_context():
    from generator.importers.corrections import diff_text, patched

    old_raw = "powers:\n- id: jia\n  name: 甲\n  basis:\n  - statute: old-id\n    ref: 第一条\n- id: yi\n  name: 乙\n"
    corrected = old_raw.replace("  name: 甲\n", "  name: 甲\n  remarks: 增加\n")
    diff = diff_text(old_raw, corrected, "demo")
    new_raw = old_raw.replace("old-id", "new-id").replace("id: jia", "id: jia-2")
    result = patched(new_raw, diff, Path("demo.diff"))
    assert result == new_raw.replace("  name: 甲\n", "  name: 甲\n  remarks: 增加\n")


def test_patched_refuses_when_the_text_changed():
    from generator.importers.corrections import diff_text, patched

    old_raw = "a: 1\nb: 2\nc: 3\n"
    diff = diff_text(old_raw, "a: 1\nb: 20\nc: 3\n", "demo")
    with pytest.raises(QuanzeError, match="hunk 1"):
        patched("a: 1\nb: 5\nc: 3\n", diff, Path("demo.diff"))


# --- sources/index.yaml cannot make apply or record write outside the project -----------------
@pytest.mark.parametrize("index, message", [
    ("../../evil:\n  source: demo.txt\n  format: tsv\n",
     "sources/index.yaml:1: ../../evil: not an agency id (use lowercase ASCII letters, digits and hyphens"),
    ("/tmp/evil:\n  source: demo.txt\n  format: tsv\n", "sources/index.yaml:1: /tmp/evil: not an agency id"),
    ("demo:\n  source: ../../outside.txt\n  format: tsv\n",
     "sources/index.yaml:1: demo: source '../../outside.txt' leaves sources/"),
    ("demo:\n  source: /etc/passwd\n  format: tsv\n", "sources/index.yaml:1: demo: source '/etc/passwd' leaves sources/"),
    ("demo:\n  source: link.txt\n  format: tsv\n",
     "sources/index.yaml:1: demo: source 'link.txt' is a link to a file outside sources/"),
    ("demo: !!python/object/apply:os.system [x]\n", "sources/index.yaml:1:7: error: YAML tags"),
    ("demo:\n  source: demo.txt\ndemo:\n  source: demo.txt\n", "sources/index.yaml:3:1: error: duplicate key"),
])
def test_index_entries_that_leave_the_project_are_refused(project, monkeypatch, capsys, index, message):
    outside = project.parent / f"{project.name}-outside.txt"
    outside.write_text(SOURCE, encoding="utf-8")
    (project / "sources" / "link.txt").symlink_to(outside)
    (project / "sources" / "index.yaml").write_text(index, encoding="utf-8")
    before = sorted(p.relative_to(project.parent) for p in project.parent.rglob("*"))
    monkeypatch.chdir(project)
    for action in ("apply", "record"):
        assert main([action]) == 1
        err = capsys.readouterr().err
        assert err.startswith("error: " + message) and len(err.splitlines()) == 1, err
    assert sorted(p.relative_to(project.parent) for p in project.parent.rglob("*")) == before


def test_apply_does_not_write_through_a_linked_folder(project, monkeypatch, capsys, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (project / "content").mkdir()
    (project / "content" / "agencies").symlink_to(elsewhere)
    monkeypatch.chdir(project)
    assert main(["apply", "demo"]) == 1
    assert "content/agencies/demo.yaml: its folder is a link out of the project" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []
