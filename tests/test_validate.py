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


POWER = "powers:\n- id: p1\n  name: 甲\n  category: 其他\n"


def test_contact_fields_are_checked_at_their_line():
    text = HEAD + ("contact:\n  address: 示例路 1 号\n  phone: 0951-5021234转8、(0951)5021235\n"
                   "  complaint_phone: '12393'\n  website: https://ylbz.example.gov.cn/a?b=1&c=2\n") + POWER
    assert problems(text) == []
    bad = HEAD + ("contact:\n  phone: 0951-502abc\n  complaint_phone: <b>12393</b>\n"
                  "  website: javascript:alert(1)\n") + POWER
    assert problems(bad) == [
        'a.yaml:6:3: error: contact.phone: "0951-502abc" is not a phone number (write digits, spaces, hyphens, '
        "parentheses, + and 转 (extension) only, e.g. 0951-5021234转8; separate several numbers with 、)",
        'a.yaml:7:3: error: contact.complaint_phone: "<b>12393</b>" is not a phone number (write digits, spaces, '
        "hyphens, parentheses, + and 转 (extension) only, e.g. 12393)",
        'a.yaml:8:3: error: contact.website: "javascript:alert(1)" is not an http(s) address (write the whole '
        "address, starting with https:// or http://)",
    ]


@pytest.mark.parametrize("url", ["www.example.gov.cn", "https://", 'https://a.cn/"onmouseover="x', "https://a.cn/<x>",
                                 "ftp://a.cn/f", "https://a.cn/ b"])
def test_addresses_other_than_http_are_refused(url):
    text = HEAD + POWER + f"  guide_url: '{url}'\n"
    found = problems(text)
    assert len(found) == 1 and found[0].startswith("a.yaml:9:3: error: powers[0].guide_url: ") \
        and "is not an http(s) address" in found[0]


@pytest.mark.parametrize("escaped, shown", [("\\x01", "\\x01"), ("\\x7f", "\\x7f"), ("\\u0085", "\\x85"),
                                            ("\\u009b", "\\x9b"), ("\\t", "\\t"), ("\\n", "\\n"),
                                            ("\\u3000", "\u3000"), ("\\u00a0", "\\xa0")])
def test_control_characters_and_spaces_inside_an_address_are_refused_on_one_line(escaped, shown):
    text = HEAD + POWER + f'  guide_url: "https://zwfw.example.gov.cn/a{escaped}b"\n'
    assert problems(text) == [
        f'a.yaml:9:3: error: powers[0].guide_url: "https://zwfw.example.gov.cn/a{shown}b" is not an http(s) address '
        "(write the whole address of the 办事指南 page, starting with https:// or http://)"]
    text = HEAD + f'contact:\n  website: "https://ylbz.example.gov.cn/{escaped}"\n' + POWER
    assert len(problems(text)) == 1 and "\n" not in problems(text)[0]


def test_an_id_with_a_final_newline_is_refused():
    text = HEAD + 'powers:\n- id: "p1\\n"\n  name: 甲\n  category: 其他\n'
    assert problems(text) == ['a.yaml:6:3: error: powers[0].id: "p1\\n" is not a valid id (use lowercase ASCII '
                              'letters, digits and hyphens, e.g. "p1")']
    from generator.content.model import is_id

    assert is_id("p1") and not is_id("p1\n") and not is_id("p1\r\n")


def test_service_fields_of_a_power():
    ok = HEAD + POWER + ("  guide_url: https://zwfw.nx.gov.cn/guide?code=11640000MB1D9212XJ\n"
                         "  service_code: 11640105MB1955123X400011211700001\n"
                         "  supervision: 投诉举报电话 12393\n  remedy: 可依法申请行政复议或者提起行政诉讼。\n")
    assert problems(ok) == []
    bad = HEAD + POWER + "  service_code: 1164-0105 MB\n"
    assert problems(bad) == [
        'a.yaml:9:3: error: powers[0].service_code: "1164-0105 MB" is not an implementation code (实施编码) (write '
        "the 6 to 64 letters and digits as the government service platform prints them, without spaces)"]


def test_a_correction_names_a_text_it_can_mark():
    text = HEAD + POWER + "  corrections:\n  - field: content\n    published: 甲\n    corrected: 乙\n"
    assert problems(text) == [
        'a.yaml:10:5: error: powers[0].corrections[0].field: "content" is not a text a correction can mark (write '
        "`name`, or `basis[N].title` for the statute title of citation N (counted from 0))"]
