"""Cross-file checks: each small check, on mini content with one thing changed, as the user reads it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.content.checks import CHECKS, closest_statute, quote_key, short_diff, unsafe_name
from generator.content.reader import build_corpus
from generator.tools.check import run_check

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def content(tmp_path):
    shutil.copytree(MINI, tmp_path / "content")
    return tmp_path / "content"


def edit(content: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = content / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def lines(content: Path) -> list[str]:
    return [str(p) for p in run_check(content, root=content).problems]


DEMO = "agencies/demo.yaml"
STATUTE = "statutes/shehui-baoxian-fa.yaml"


def test_mini_is_clean(content):
    assert lines(content) == []


def test_code_type_must_match_the_category(content):
    edit(content, DEMO, "code: '0647001000'", "code: '0247001000'")
    edit(content, DEMO, "- id: '0647001000'", "- id: p2")
    assert lines(content) == [
        'agencies/demo.yaml:35:3: error: powers[1].code: same code "0247001000" as powers[0] '
        "(remove the duplicate, or give it its sub-item (sub_item))",
        'agencies/demo.yaml:35:3: warning: powers[1].code: basic code "0247001000" starts with 02 (处罚) but the '
        "category is 行政检查 (06) (check the code and the category against the published list)"]


# -- codes as printed -------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["0647001000", "06A7001000", "111004001", "330200001000", "JC-001", "JC0012",
                                  "330200-JC-001", "2100-B-00100-140400", "11330200002536543F3330212005000",
                                  "11440000MB2C92178L-2-44000000-000000-0101-01"])
def test_codes_of_known_shapes_are_clean(content, code):
    edit(content, DEMO, "code: '0647001000'", f"code: '{code}'")
    assert lines(content) == []


@pytest.mark.parametrize("code, shape", [
    ("0647001000", "basic code"), ("111004001", "9-digit local code"), ("330200001000", "12-digit local code"),
    ("XK-001", "lettered code"), ("QT0012", "lettered code"), ("330200-CF-001", "lettered code"),
    ("11330200002536543F3330212005000", "implementation code"), ("0647", None), ("1234567890", None),
    ("许可-001", None), ("01.001", None)])
def test_the_shape_of_a_code(code, shape):
    from generator.content.codes import shape_of

    found = shape_of(code)
    assert (found.name if found else None) == shape


def test_type_letters_must_match_the_category(content):
    edit(content, DEMO, "code: '0647001000'", "code: '330200-CF-001'")
    assert lines(content) == [
        'agencies/demo.yaml:35:3: warning: powers[1].code: lettered code "330200-CF-001" has CF (处罚) but the '
        "category is 行政检查 (JC) (check the code and the category against the published list)"]


def test_codes_of_an_unknown_shape_are_one_warning_per_form(content):
    edit(content, DEMO, "code: '0247001000'", "code: '141055'")
    edit(content, DEMO, "code: '0647001000'", "code: '141056'")
    assert lines(content) == [
        'agencies/demo.yaml:9:3: warning: powers[0].code: "141055" has no known code shape (as are 1 more codes of '
        "this list, e.g. powers[1]) (check it against the published list; known shapes: basic code 0247001000, "
        "9-digit local code 111004001, 12-digit local code 330200001000, lettered code 330200-CF-001, "
        "implementation code 11330200002536543F3330212005000)"]


@pytest.mark.parametrize("code, message", [
    ("''", '"" is empty (copy the code from the published list, or remove the field)'),
    ('"0647\\x01001000"', '"0647\\x01001000" contains a control character (write "0647001000")'),
    ('"0647\\u0085001000"', '"0647\\x85001000" contains a control character (write "0647001000")'),
    ("'0647 001000'", '"0647 001000" contains spaces (write "0647001000")'),
    ("'" + "1" * 65 + "'", f'"{"1" * 60}…" has 65 characters, more than the 64 a code has '
     "(copy the code from the published list, or remove the field)"),
])
def test_what_cannot_be_a_code_is_an_error(content, code, message):
    edit(content, DEMO, "code: '0647001000'", f"code: {code}")
    assert lines(content) == [f"agencies/demo.yaml:35:3: error: powers[1].code: {message}"]


def test_same_name_twice_is_a_warning_unless_sub_items_differ(content):
    edit(content, DEMO, "name: 对医疗保障基金使用情况的监督检查", "name: 以欺诈、伪造证明材料或者其他手段骗取社会保险基金支出行为的处罚")
    edit(content, DEMO, "  code: '0647001000'\n", "")
    assert lines(content) == [
        "agencies/demo.yaml:35:3: warning: powers[1].name: same name as powers[0] "
        "(remove the duplicate, or give it its sub-item (sub_item))"]
    edit(content, DEMO, "  category: 行政检查\n", "  sub_item: 子项二\n  category: 行政检查\n")
    assert lines(content) == []


def test_serials_skip_is_a_warning_restart_at_one_is_not(content):
    edit(content, DEMO, "serial: '2'", "serial: '1'")
    assert lines(content) == []
    edit(content, DEMO, "serial: '1'", "serial: '５'", count=2)
    assert lines(content) == [
        'agencies/demo.yaml:34:3: warning: powers[1].serial: serial "5" follows "5" '
        '(expected "6": renumber, or record the gap in editor_notes)']


def test_citation_suggests_the_statute_by_its_title(content):
    edit(content, DEMO, "  - statute: shehui-baoxian-fa\n    title: 中华人民共和国社会保险法",
         "  - statute: shbxf\n    title: 社会保险法")
    assert lines(content) == [
        'agencies/demo.yaml:14:5: error: powers[0].basis[0].statute: unknown statute "shbxf" '
        '(did you mean "shehui-baoxian-fa" for 中华人民共和国社会保险法?)']


def test_citation_of_a_statute_nobody_has_says_how_to_add_it(content):
    edit(content, DEMO, "  - statute: shehui-baoxian-fa\n    title: 中华人民共和国社会保险法",
         "  - statute: yaopin-guanli-fa\n    title: 药品管理法")
    assert lines(content) == [
        'agencies/demo.yaml:14:5: error: powers[0].basis[0].statute: unknown statute "yaopin-guanli-fa" '
        "(add content/statutes/yaopin-guanli-fa.yaml, or run `quanze registry update`)"]


def test_statute_file_with_errors_does_not_also_make_citations_unknown(content):
    edit(content, STATUTE, "level: 法律", "level: 大法")
    assert lines(content) == [
        'statutes/shehui-baoxian-fa.yaml:4:1: error: level: unknown level "大法" (did you mean "法律"?)']


def test_cited_article_missing_from_the_registry(content):
    edit(content, DEMO, "    ref: 第八十七条\n    article: 87", "    ref: 第八十八条\n    article: 88")
    assert lines(content) == [
        "agencies/demo.yaml:19:5: warning: powers[0].basis[0].article: 中华人民共和国社会保险法 has no article 88 "
        "in the registry (check the article number, or add it to content/statutes/shehui-baoxian-fa.yaml)"]


def test_quote_that_differs_from_the_registry_shows_where(content):
    edit(content, DEMO, "责令退回骗取的社会保险金。", "责令退回骗取的医疗保险金。")
    assert lines(content) == [
        "agencies/demo.yaml:20:5: warning: powers[0].basis[0].text: the quote of 中华人民共和国社会保险法 article 87 "
        "differs from the registry: …门责令退回骗取的[医疗 → 社会]保险金 (update the quote if the list used an "
        "outdated wording, or add this wording to content/statutes/shehui-baoxian-fa.yaml)"]


def test_quote_differences_that_do_not_matter(content):
    edit(content, DEMO, "责令退回骗取的社会保险金。", "责令退回骗取的社会保险金 ")
    edit(content, DEMO, "社会保险经办机构以及", "社会保险经办机构 以及")
    assert lines(content) == []
    edit(content, DEMO, "text: 社会保险经办机构 以及医疗机构、", "text: ")  # a part of the article
    assert lines(content) == []


def test_quote_helpers():
    assert quote_key(" 甲，乙； \n") == "甲,乙"
    assert short_diff("abcdefghij", "abcdXfghij", context=2) == "…cd[e → X]fg…"
    assert short_diff("abc", "abcd") == "abc[∅ → d]"


@pytest.mark.parametrize("name, ok", [("demo", True), ("con", False), ("com1", False), ("lpt9", False),
                                      ("console", True), ("a..b", False), ("..", False), ("A", False), ("a/b", False),
                                      ("", False), ("a" * 64, False), ("demo\n", False), ("demo\r\n", False)])
def test_unsafe_names(name, ok):
    assert (unsafe_name(name) is None) == ok


def test_closest_statute(content):
    corpus, _ = build_corpus(content)
    assert closest_statute(corpus, "《社会保险法》") == "shehui-baoxian-fa"
    assert closest_statute(corpus, "中华人民共和国社会保险发") == "shehui-baoxian-fa"
    assert closest_statute(corpus, "完全无关") is None


def test_checks_are_small_functions_run_by_the_build(content):
    assert len(CHECKS) >= 9
    edit(content, DEMO, "serial: '2'", "serial: '3'")
    corpus, problems = build_corpus(content)
    assert corpus is not None  # warnings do not stop a build
    assert [p.severity for p in problems] == ["warning"]


@pytest.mark.parametrize("serial", ["𐩀", "9" * 5000, "²", "一"])
def test_odd_serials_do_not_break_the_check(content, serial):
    edit(content, DEMO, "serial: '2'", f"serial: '{serial}'")
    assert all("serial" not in line or "follows" in line for line in lines(content))


def test_short_diff_is_linear_on_long_texts():

    a = "甲" * 300_000 + "乙" + "丙" * 300_000
    b = "甲" * 300_000 + "丁" + "丙" * 300_000
    assert short_diff(a, b, context=2) == "…甲甲[乙 → 丁]丙丙…"
    assert short_diff("abc", "xyz") == "[abc → xyz]"
    assert short_diff("a" * 30, "b") == "[" + "a" * 20 + "… → b]"


def test_citation_title_in_traditional_characters(content):
    edit(content, DEMO, "    title: 中华人民共和国社会保险法\n", "    title: 中華人民共和國社會保險法\n")
    assert lines(content) == [
        'agencies/demo.yaml:15:5: warning: powers[0].basis[0].title: 中華人民共和國社會保險法 is not a title of '
        '"shehui-baoxian-fa" (中华人民共和国社会保险法) '
        "(it has Traditional characters 華, 國, 會, 險: write 中华人民共和国社会保险法)"]


def test_citation_title_of_another_statute(content):
    (content / "statutes" / "yaopin-guanlifa.yaml").write_text(
        "title: 中华人民共和国药品管理法\nlevel: 法律\n", encoding="utf-8")
    edit(content, DEMO, "    title: 中华人民共和国社会保险法\n", "    title: 药品管理法\n")
    assert lines(content) == [
        'agencies/demo.yaml:15:5: warning: powers[0].basis[0].title: 药品管理法 is not a title of '
        '"shehui-baoxian-fa" (中华人民共和国社会保险法) '
        '(it is the title of "yaopin-guanlifa": cite that statute, or correct the title)']


def test_citation_title_variants_of_one_statute_are_fine(content):
    edit(content, DEMO, "    title: 中华人民共和国社会保险法\n", "    title: 《社会保险法》（２０１８年修正）\n")
    assert lines(content) == []
    edit(content, DEMO, "    title: 《社会保险法》（２０１８年修正）\n", "    title: 社会保险条例\n")
    assert lines(content) == [
        'agencies/demo.yaml:15:5: warning: powers[0].basis[0].title: 社会保险条例 is not a title of '
        '"shehui-baoxian-fa" (中华人民共和国社会保险法) '
        "(if the list printed it so, add it to aliases in content/statutes/shehui-baoxian-fa.yaml)"]


def test_names_and_titles_in_traditional_characters(content):
    edit(content, DEMO, "title: 示例区医疗保障局行政职权事项", "title: 示例區醫療保障局行政職權事項")
    edit(content, DEMO, "name: 对医疗保障基金使用情况的监督检查", "name: 對醫療保障基金使用情況的監督檢查")
    edit(content, STATUTE, "- 社会保险法\n", "- 社會保險法\n")
    assert lines(content) == [
        "agencies/demo.yaml:4:1: warning: title: 示例區醫療保障局行政職權事項 has Traditional characters "
        "(區, 醫, 療, 職, 權, 項) (write it in Simplified characters: 示例区医疗保障局行政职权事项)",
        "agencies/demo.yaml:36:3: warning: powers[1].name: 對醫療保障基金使用情況的監督檢查 has Traditional characters "
        "(對, 醫, 療, 況, 監, 檢) (write it in Simplified characters: 对医疗保障基金使用情况的监督检查)",
        "statutes/shehui-baoxian-fa.yaml:3:3: warning: aliases[0]: 社會保險法 has Traditional characters (會, 險) "
        "(write it in Simplified characters: 社会保险法)"]


CORRECTION = "  content: 负责本区域内的行政处罚。\n"


def test_corrections_must_find_their_words_once(content):
    edit(content, DEMO, CORRECTION, CORRECTION + "  corrections:\n"
         "  - field: basis[3].title\n    published: 社会保验法\n    corrected: 社会保险法\n"
         "  - field: name\n    published: 保验\n    corrected: 社会保验\n"
         "  - field: basis[0].title\n    published: 社会保险法\n    corrected: 社会保险法\n")
    assert lines(content) == [
        'agencies/demo.yaml:23:5: error: powers[0].corrections[0].field: "basis[3].title" names no text of this '
        "power (this power has 1 citation(s), numbered from 0; a citation without a title takes the registry's and "
        "cannot be corrected here)",
        'agencies/demo.yaml:28:5: error: powers[0].corrections[1].corrected: "社会保验" occurs 0 times in name '
        '("以欺诈、伪造证明材料或者其他手段骗取社会保险基金支出行为的处罚"), it must occur once (write the corrected words as the '
        "field holds them, with a character or two around them if they occur more than once)",
        "agencies/demo.yaml:29:5: error: powers[0].corrections[2]: the published and the corrected words are the "
        "same (write in `published` the words as the list printed them)",
    ]


def test_a_correction_found_once_is_clean(content):
    edit(content, DEMO, CORRECTION, CORRECTION + "  corrections:\n"
         "  - field: basis[0].title\n    published: 社会保验法\n    corrected: 社会保险法\n")
    assert lines(content) == []


def test_per_agency_findings_kept_by_agency_are_those_of_the_whole_corpus(content):
    """A preview checks again only the agency it read again: the findings are those of every
    check over the whole corpus, and an unchanged agency's are kept, not made again."""
    from generator.content.checks import PER_AGENCY, CheckMemo, check_corpus

    shutil.copy(content / DEMO, content / "agencies" / "second.yaml")
    edit(content, DEMO, "article: 87", "article: 9999")  # no such article: a warning
    edit(content, DEMO, "    title: 社会保险法", "    title: 社会保险办法")  # not a title of the statute
    edit(content, "agencies/second.yaml", "骗取社会保险基金支出的，", "骗取基金的，")  # a quote unlike the registry's
    corpus, problems = build_corpus(content)
    assert corpus is not None
    whole = sorted(map(str, check_corpus(corpus)))
    kinds = {check.__name__ for check in PER_AGENCY
             if any(str(p) in whole for p in check(corpus))}
    assert {"check_articles_exist", "check_citation_titles", "check_quoted_texts"} <= kinds
    memo = CheckMemo()
    assert sorted(map(str, memo.problems(corpus))) == whole
    kept = memo.found["second"][1]
    demo = corpus.agencies["demo"]
    corpus.agencies["demo"] = demo.model_copy(update={"powers": demo.powers[:1]})
    again = memo.problems(corpus)
    assert memo.found["second"][1] is kept and memo.found["demo"][0] == corpus.agencies["demo"].digest
    assert sorted(map(str, again)) == sorted(map(str, check_corpus(corpus)))


def test_each_code_shape_is_its_example_and_the_field_description_names_it():
    from generator.content.codes import CODE_SHAPES, shape_of
    from generator.content.model import Power

    for shape in CODE_SHAPES:
        assert shape_of(shape.example) is shape, shape.name
        assert f"{shape.name} ({shape.term}), e.g. {shape.example}" in Power.model_fields["code"].description


@pytest.mark.parametrize(("wanted", "suggested"), [
    ("中华人民共和国公路法", None),
    ("公路法", None),
    ("gonglu-fa", None),
    ("anquan-shengchan-fa", None),
    ("中华人民共和国安全生产法", None),
    ("社会保险发", "shehuibaoxian-fa"),
    ("中华人民共和国社会保险", "shehuibaoxian-fa"),
    ("shehuibaoxian-f", "shehuibaoxian-fa"),
])
def test_only_a_statute_really_alike_is_suggested(wanted, suggested):
    corpus, _ = build_corpus(Path(__file__).parent.parent / "content")
    assert closest_statute(corpus, wanted) == suggested


def test_a_citation_of_another_law_gets_no_unrelated_suggestion(content):
    edit(content, DEMO, "  - statute: shehui-baoxian-fa\n    title: 中华人民共和国社会保险法",
         "  - statute: gonglu-fa\n    title: 中华人民共和国公路法")
    assert lines(content) == [
        'agencies/demo.yaml:14:5: error: powers[0].basis[0].statute: unknown statute "gonglu-fa" '
        '(add content/statutes/gonglu-fa.yaml, or run `quanze registry update`)']
