"""Malformed files: each class gives one clear error at its location, fast, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.content.load import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, load_document, scan_events
from generator.content.model import Agency
from generator.content.validate import validate_document
from generator.tools.check import run_check

BAD = Path(__file__).parent / "fixtures" / "bad"
MINI = Path(__file__).parent / "fixtures" / "mini"

HEAD = "name: 示例区医疗保障局\nregion: 示例省示例市示例区\nadmin_level: 县级\ntitle: 示例区医疗保障局行政职权事项\n"


def problems(path: Path, root: Path = BAD) -> list[str]:
    """Load and validate one agency file; the messages a user sees (speed is measured in
    benchmarks/, not here)."""
    doc, found = load_document(path, root)
    if doc is not None:
        _, found = validate_document(doc, Agency)
    return [str(p) for p in found]


EXPECTED = {
    "alias-bomb.yaml": "alias-bomb.yaml:1:4: error: YAML anchors and aliases (&, *) are not allowed in content "
                       "(write the value out in full)",
    "deep.yaml": f"deep.yaml:5:39: error: nested more than {MAX_DEPTH} levels deep "
                 "(content needs a few levels: check the indentation and brackets)",
    "gbk.yaml": "gbk.yaml:5:9: error: not UTF-8: byte 0xb1 cannot be decoded (save the file as UTF-8)",
    "tabs.yaml": "tabs.yaml:7:1: error: tab character in indentation: YAML allows only spaces there "
                 "(replace the tab with spaces, two per level)",
    "list.yaml": "list.yaml:1:1: error: expected a mapping of fields at the top level, found a list "
                 "(an agency file starts with `name:`, a statute or catalogue file with `title:`)",
    "scalar.yaml": "scalar.yaml:1:1: error: expected a mapping of fields at the top level, found text "
                   "(an agency file starts with `name:`, a statute or catalogue file with `title:`)",
    "empty.yaml": "empty.yaml:1:1: error: file is empty (an agency file starts with `name:`, a statute or catalogue file with `title:`)",
    "comments-only.yaml": "comments-only.yaml:1:1: error: file is empty "
                          "(an agency file starts with `name:`, a statute or catalogue file with `title:`)",
    "two-documents.yaml": "two-documents.yaml:5:1: error: a second YAML document (---) in one file "
                          "(keep one agency or statute per file)",
    "unclosed-quote.yaml": "unclosed-quote.yaml:6:1: error: YAML syntax: found unexpected end of stream "
                           "(a quote or bracket is not closed)",
    "colon-in-value.yaml": "colon-in-value.yaml:5:11: error: YAML syntax: mapping values are not allowed here "
                           '(quote a value that contains ": ", e.g. name: "a: b")',
    "traditional-category.yaml": 'traditional-category.yaml:10:3: error: powers[0].category: unknown category "行政檢查" '
                                 '(did you mean "行政检查"?)',
    "fullwidth-id.yaml": 'fullwidth-id.yaml:6:3: error: powers[0].id: "０６４７Ａ" is not a valid id '
                         '(use lowercase ASCII letters, digits and hyphens, e.g. "0647a")',
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_malformed_file_gives_its_message(name):
    assert problems(BAD / name) == [EXPECTED[name]]


@pytest.mark.parametrize("name", ["bom.yaml", "crlf.yaml"])
def test_bom_and_crlf_are_read_as_plain_utf8(name):
    doc, found = load_document(BAD / name, BAD)
    assert found == []
    assert doc.data["name"] == "示例区医疗保障局"
    assert doc.locate(("powers", 0, "category")) == (10, 3)


def test_alias_bomb_is_refused_before_expansion(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 12)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert problems(path, tmp_path) == [EXPECTED["alias-bomb.yaml"].replace("alias-bomb.yaml:1:4", "bomb.yaml:1:5")]


def test_deep_block_nesting_is_refused_without_recursion_error(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("".join("  " * n + f"k{n}:\n" for n in range(1000)), encoding="utf-8")
    assert problems(path, tmp_path) == [
        f"deep.yaml:{MAX_DEPTH + 1}:{2 * MAX_DEPTH + 1}: error: nested more than {MAX_DEPTH} levels deep "
        "(content needs a few levels: check the indentation and brackets)"]


def test_deep_flow_nesting_is_refused(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    assert problems(path, tmp_path)[0].startswith(f"deep.yaml:1:{3 + MAX_DEPTH}: error: nested more than")


def test_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"name: " + b"x" * MAX_FILE_BYTES + b"\n")
    size = path.stat().st_size
    assert problems(path, tmp_path) == [
        f"big.yaml:1:1: error: file is {size} bytes, more than the limit of {MAX_FILE_BYTES} "
        "(split the content into several files)"]


def test_very_large_scalar_under_the_limit_loads(tmp_path):
    path = tmp_path / "scalar.yaml"
    path.write_text(HEAD + "source: " + "字" * 300_000 + "\n", encoding="utf-8")
    assert problems(path, tmp_path) == []


def test_a_list_of_two_thousand_powers_is_read_whole(tmp_path):
    """A big department's list (a county's market regulation bureau lists 1,000 powers and more)
    holds over 100,000 values in a few MB: within the bounds both loaders keep, and read whole."""
    from conftest import MINI

    from generator.content.reader import load_corpus

    text = (MINI / "agencies" / "demo.yaml").read_text("utf-8")
    lines = text.splitlines(keepends=True)
    head, power = "".join(lines[:6]), "".join(lines[6:32])
    assert power.startswith("- id: '0247001000'") and lines[32].startswith("- id:")
    powers = [power.replace("0247001000", f"0247{n:06d}").replace("serial: '1'", f"serial: '{n + 1}'")
              for n in range(2000)]
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "agencies" / "demo.yaml").write_text(head + "".join(powers), "utf-8")
    assert scan_events((content / "agencies" / "demo.yaml").read_text("utf-8"), "demo.yaml") == []
    assert len(load_corpus(content, fast=True).agencies["demo"].powers) == 2000


def test_file_with_too_many_values_is_refused_fast(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text("notes:\n" + "- x\n" * (MAX_NODES + 10), encoding="utf-8")
    found = problems(path, tmp_path)
    assert found == [f"many.yaml:{MAX_NODES - 1}:3: error: more than {MAX_NODES} values in one file "
                     "(split the content into several files)"]


def _content_with(tmp_path: Path, files: dict[str, str]) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    for name, text in files.items():
        (content / "agencies" / name).write_text(text, encoding="utf-8")
    return content


def _check_lines(content: Path) -> list[str]:
    report = run_check(content, root=content)
    return [str(p) for p in report.problems]


def test_fullwidth_code_gives_the_halfwidth_form(tmp_path):
    content = _content_with(tmp_path, {"fw.yaml": (BAD / "fullwidth-code.yaml").read_text(encoding="utf-8")})
    assert _check_lines(content) == [
        'agencies/fw.yaml:8:3: warning: powers[0].code: "０６４７００１０００" has full-width characters '
        '(write it in half-width characters: "0647001000")']


def test_code_with_spaces_is_an_error_and_of_an_unknown_shape_a_warning(tmp_path):
    power = "powers:\n- id: p1\n  code: '{}'\n  name: 甲\n  category: 行政检查\n"
    content = _content_with(tmp_path, {"a.yaml": HEAD + power.format("06470 01000"),
                                       "b.yaml": HEAD + power.format("064700")})
    assert _check_lines(content) == [
        'agencies/a.yaml:7:3: error: powers[0].code: "06470 01000" contains spaces (write "0647001000")',
        'agencies/b.yaml:7:3: warning: powers[0].code: "064700" has no known code shape (check it against the '
        "published list; known shapes: basic code 0247001000, 9-digit local code 111004001, 12-digit local code "
        "330200001000, lettered code 330200-CF-001, implementation code 11330200002536543F3330212005000)"]


@pytest.mark.parametrize("power_id", ["con", "nul", "aux", "com1", "lpt1"])
def test_reserved_device_names_are_refused_as_power_ids(tmp_path, power_id):
    text = (BAD / "reserved-id.yaml").read_text(encoding="utf-8").replace("id: con", f"id: {power_id}")
    content = _content_with(tmp_path, {"r.yaml": text})
    assert _check_lines(content) == [
        f'agencies/r.yaml:6:3: error: powers[0].id: "{power_id}" cannot be used as a page name '
        f'("{power_id}" is a reserved device name on Windows; add a word, e.g. "{power_id}-1")']


@pytest.mark.parametrize("stem", ["Demo2", "..", "a b", "con", "lpt9", "-x", "示例"])
def test_unsafe_file_names_are_refused(tmp_path, stem):
    content = _content_with(tmp_path, {f"{stem}.yaml": HEAD})
    lines = _check_lines(content)
    assert len(lines) == 1
    assert lines[0].startswith(f'agencies/{stem}.yaml:1:1: error: file name "{stem}" is not a valid id '
                               "(the file name is the id) (")


def test_ids_that_would_escape_the_output_folder_are_refused(tmp_path):
    power = "powers:\n- id: '{}'\n  name: 甲\n  category: 行政检查\n"
    for n, bad in enumerate(["../x", "/etc/passwd", "a/b", "..", "C:\\x"]):
        content = _content_with(tmp_path / str(n), {"a.yaml": HEAD + power.format(bad)})
        lines = _check_lines(content)
        assert lines == [f'agencies/a.yaml:6:3: error: powers[0].id: "{bad}" is not a valid id '
                         f'(use lowercase ASCII letters, digits and hyphens, e.g. "{lines[0].split("e.g. ")[1][1:-2]}")']
        assert "/" not in lines[0].split("e.g. ")[1] and ".." not in lines[0].split("e.g. ")[1]


def test_names_that_collide_on_a_case_insensitive_file_system(tmp_path):
    content = _content_with(tmp_path, {"demo.yml": HEAD})
    assert _check_lines(content) == [
        'agencies/demo.yml:0:0: error: same id "demo" as agencies/demo.yaml '
        "(the file name is the id: keep one of the two files)"]


def test_power_ids_that_differ_only_in_case_are_duplicates(tmp_path):
    from generator.content.checks import check_power_ids_unique
    from generator.content.corpus import Corpus

    agency = Agency.model_validate({"name": "a", "region": "r", "admin_level": "县级", "title": "t", "powers": [
        {"id": "ab", "name": "甲", "category": "其他"}, {"id": "ab", "name": "乙", "category": "其他"}]})
    agency.powers[1] = agency.powers[1].model_copy(update={"id": "AB"})  # as a file system that ignores case would see it
    found = [str(p) for p in check_power_ids_unique(Corpus({"a": agency}, {}))]
    assert found == ['agencies/a.yaml:0:0: error: powers[1].id: duplicate id "AB" (also powers[0]) '
                     "(give each power of an agency its own id)"]


def test_other_files_in_content_are_reported_not_dropped(tmp_path):
    content = _content_with(tmp_path, {"notes.txt": "x"})
    assert _check_lines(content) == [
        "agencies/notes.txt:0:0: warning: not a YAML file: ignored "
        "(content files end in .yaml; move other files out of content/)"]


@pytest.mark.parametrize("value, tag", [("!!int x", "!!int"), ("!!python/object:os.system ls", "!!python/object:os.system"),
                                        ("!local x", "!local"), ("!!binary AAAA", "!!binary")])
def test_tags_are_refused(tmp_path, value, tag):
    path = tmp_path / "t.yaml"
    path.write_text(HEAD + f"source: {value}\n", encoding="utf-8")
    assert problems(path, tmp_path) == [
        f"t.yaml:5:9: error: YAML tags ({tag}) are not allowed in content "
        "(remove the tag; quote the value if it must stay text)"]


def test_dates_are_not_text_and_impossible_dates_stay_text(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(HEAD + "edition: 2021-01-01\nsource: 2021-13-45\n", encoding="utf-8")
    assert problems(path, tmp_path) == [
        "d.yaml:5:1: error: edition: expected text, found a date (put the value in quotes)"]


def test_every_problem_stays_on_one_line(tmp_path):
    path = tmp_path / "k.yaml"
    path.write_text(HEAD + '"a\\nb": 1\npowers:\n- id: p1\n  name: 甲\n  category: "行政\\n处罚"\n', encoding="utf-8")
    assert problems(path, tmp_path) == [
        'k.yaml:9:3: error: powers[0].category: unknown category "行政\\n处罚" (did you mean "行政处罚"?)',
        'k.yaml:5:1: error: a\\nb: unknown field (allowed: name, aliases, region, admin_level, title, edition, published, '
        'document_number, source, source_url, source_file, source_text, contact, notes, powers, editions, adjustments)']


@pytest.mark.parametrize("value", ["-_", "0b_", "+_", "0x_", "0o_", "._", "2021-13-45"])
def test_what_only_looks_like_a_number_or_date_is_text(tmp_path, value):
    path = tmp_path / "v.yaml"
    path.write_text(HEAD + f"source: {value}\n", encoding="utf-8")
    doc, found = load_document(path, tmp_path)
    assert found == [] and doc.data["source"] == value
