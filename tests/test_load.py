"""Stage 1, load: YAML -> data that remembers file:line:column; refusals before slow parsing."""

from __future__ import annotations

from pathlib import Path

from generator.content.load import display_path, load_document, parse_yaml, read_text, scan_events

MINI = Path(__file__).parent / "fixtures" / "mini"


def test_mini_agency_loads_with_positions():
    doc, problems = load_document(MINI / "agencies" / "demo.yaml", MINI)
    assert problems == []
    assert doc.display == "agencies/demo.yaml"
    assert doc.data["powers"][1]["name"] == "对医疗保障基金使用情况的监督检查"
    assert doc.locate(("powers", 1, "category")) == (37, 3)
    assert doc.locate(("powers", 0, "basis", 0, "statute")) == (14, 5)


def test_locate_stops_at_the_deepest_known_place():
    doc, _ = load_document(MINI / "agencies" / "demo.yaml", MINI)
    assert doc.locate(("powers", 1, "no_such_field")) == doc.locate(("powers", 1))
    assert doc.locate(("powers", 99, "name")) == doc.locate(("powers",))
    assert doc.locate(()) == (1, 1)


def test_display_path_is_relative_to_the_root_when_inside():
    assert display_path(MINI / "agencies" / "demo.yaml", MINI) == "agencies/demo.yaml"
    assert display_path(Path("/elsewhere/x.yaml"), MINI) == "/elsewhere/x.yaml"


def test_read_text_drops_bom_and_folds_crlf(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes("\ufeffname: 局\r\nregion: r\r\n".encode())
    assert read_text(path, "a.yaml") == ("name: 局\nregion: r\n", [])


def test_unreadable_file(tmp_path):
    text, problems = read_text(tmp_path / "missing.yaml", "missing.yaml")
    assert text is None
    assert [str(p) for p in problems] == ["missing.yaml:0:0: error: cannot read file: No such file or directory"]


def test_duplicate_keys_are_refused_at_the_second():
    _, problems = parse_yaml("name: a\nregion: r\nname: b\n", "a.yaml")
    assert [str(p) for p in problems] == ['a.yaml:3:1: error: duplicate key "name" (remove or rename one of the two keys)']


def test_yaml_scalars_keep_their_text():
    data, problems = parse_yaml("code: '0247001000'\nserial: 01\nflag: yes\nwhen: 2021-01-01\n", "a.yaml")
    assert problems == []
    assert data["code"] == "0247001000"
    assert data["flag"] == "yes"  # YAML 1.2: yes is text, not true


def test_scan_events_accepts_plain_content_and_refuses_anchors():
    assert scan_events((MINI / "agencies" / "demo.yaml").read_text(encoding="utf-8"), "demo.yaml") == []
    assert [p.message for p in scan_events("a: &x 1\nb: *x\n", "a.yaml")] == [
        "YAML anchors and aliases (&, *) are not allowed in content"]


def test_syntax_errors_leave_the_scan_to_the_exact_parser():
    assert scan_events("a: [1,\n", "a.yaml") == []
    _, problems = parse_yaml("a: [1,\n", "a.yaml")
    assert [str(p) for p in problems] == [
        "a.yaml:2:1: error: YAML syntax: expected the node content, but found '<stream end>' (a quote or bracket is not closed)"]
