"""Stage 2, validate: schema problems, all of them, at their line, in words an editor can act on."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.load import Document, parse_yaml
from generator.content.model import Agency, Statute
from generator.content.validate import suggest_id, suggest_term, validate_document

HEAD = "name: 示例局\nregion: 示例省\nadmin_level: 县级\ntitle: 清单\n"


def problems(text: str, model=Agency) -> list[str]:
    data, found = parse_yaml(text, "a.yaml")
    assert found == []
    _, found = validate_document(Document(Path("a.yaml"), "a.yaml", data), model)
    return [str(p) for p in found]


def test_valid_agency_has_no_problems():
    assert problems(HEAD + "powers:\n- id: p1\n  name: 甲\n  category: 其他\n") == []


def test_every_problem_is_reported_at_its_line():
    text = HEAD.replace("admin_level: 县级", "admin_level: 区级") + (
        "nmae: x\n"
        "powers:\n"
        "- id: P 1\n"
        "  category: 行政處罰\n"
        "  serial: 1\n"
        "  basis:\n"
        "  - statute: shehui-baoxian-fa\n"
        "    article: 第八十七条\n"
        "  accountability: 一段文字\n"
        "  responsibilities:\n"
        "  - 立案责任\n")
    assert sorted(problems(text), key=lambda p: int(p.split(":")[1])) == [
        'a.yaml:3:1: error: admin_level: unknown admin level "区级" (did you mean "县级"?)',
        'a.yaml:5:1: error: nmae: unknown field (did you mean "name"?)',
        'a.yaml:7:3: error: powers[0].id: "P 1" is not a valid id (use lowercase ASCII letters, digits and hyphens, e.g. "p-1")',
        "a.yaml:7:3: error: powers[0].name: required field is missing (add `name:` with a value)",
        'a.yaml:8:3: error: powers[0].category: unknown category "行政處罰" (did you mean "行政处罚"?)',
        "a.yaml:9:3: error: powers[0].serial: expected text, found a number (put the value in quotes)",
        "a.yaml:12:5: error: powers[0].basis[0].article: expected a whole number, found text (write 87)",
        "a.yaml:13:3: error: powers[0].accountability: expected a list, found text "
        "(write each entry on its own line starting with `- `)",
        "a.yaml:15:5: error: powers[0].responsibilities[0]: expected a mapping of fields, found text "
        "(write `key: value` fields indented under this entry)",
    ]


def test_unknown_field_without_a_close_name_lists_the_allowed_ones():
    assert problems("title: 法\nlevel: 法律\nzzz: 1\n", Statute) == [
        "a.yaml:3:1: error: zzz: unknown field (allowed: title, aliases, level, issuer, document_number, "
        "versions, articles, official_versions)"]


def test_empty_name_and_category():
    assert problems(HEAD + "powers:\n- id: p1\n  name: ''\n  category: ''\n") == [
        "a.yaml:7:3: error: powers[0].name: is empty (write the value)",
        "a.yaml:8:3: error: powers[0].category: is empty (write one of 行政许可, 行政处罚, 行政强制, 行政征收, "
        "行政给付, 行政检查, 行政确认, 行政奖励, 行政裁决, 其他)"]


def test_article_numbers_start_at_one():
    assert problems("title: 法\nlevel: 法律\narticles:\n- number: 0\n", Statute) == [
        "a.yaml:4:3: error: articles[0].number: must be 1 or more, found 0"]


def test_unknown_level_without_a_close_term():
    assert problems("title: 法\nlevel: 宪章\n", Statute) == [
        'a.yaml:2:1: error: level: unknown level "宪章" (expected one of 法律, 行政法规, 部门规章, 地方性法规, '
        "地方政府规章, 规范性文件, 其他)"]


@pytest.mark.parametrize("published, term", [("行政许可", "行政许可"), ("行政許可", "行政许可"), (" 行政检查 ", "行政检查"),
                                             ("行政检察", "行政检查"), ("行政监督检查", "行政检查"), ("其它职权", "其他"), ("法律 ", "法律"), ("ｘｙｚ", None)])
def test_suggest_term(published, term):
    choices = ["行政许可", "行政检查", "法律", "其他"]
    assert suggest_term(published, choices) == term


@pytest.mark.parametrize("value, fixed", [("０２４７００１０００", "0247001000"), ("Demo Agency", "demo-agency"),
                                          ("../etc/passwd", "etc-passwd"), ("示例", "power-1"), ("-a-", "a")])
def test_suggest_id(value, fixed):
    assert suggest_id(value) == fixed
