"""Messages in the user's language (generator/i18n.py): Chinese for a Chinese locale or --lang zh,
English otherwise; `file:line:column: error:` keeps its shape in both. The catalogue holds every
message of the modules that are translated, and its compiled form is the same catalogue."""

from __future__ import annotations

import ast
import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import i18n

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "generator" / "locale" / "zh_CN" / "LC_MESSAGES" / "quanze.po"
MO = PO.with_suffix(".mo")
CJK = re.compile(r"[\u4e00-\u9fff]")
PROBLEM = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): (?P<text>.+)$")

#: The modules whose user-facing text goes through gettext: no message of theirs is built from
#: English literals outside _(). Widen it as more modules are translated.
TRANSLATED = [
    "cli.py", "project.py", "i18n.py", "content/checks.py", "content/validate.py", "content/load.py",
    "content/reader.py", "content/codes.py", "law/check.py", "tools/check.py", "tools/site_errors.py",
    "importers/__init__.py", "importers/formats.py", "importers/budget.py", "publish/pipeline.py",
    "publish/sitedir.py", "publish/plan.py", "tools/init.py",
    "content/catalogue.py", "tools/catalogue.py", "tools/diff.py", "tools/fmt.py", "tools/scaffold.py",
    "tools/schema.py", "tools/registry_update.py", "law/importer.py", "law/parse.py", "law/body.py",
    "importers/corrections.py", "importers/read_docx.py", "importers/read_html.py", "importers/read_pdf.py",
    "importers/read_xlsx.py", "importers/confined.py", "publish/links.py", "site/about.py", "opendata/__init__.py",
    "importers/columns.py", "importers/read_text.py", "importers/mapper.py", "importers/header.py",
    "importers/departments.py", "importers/cards.py", "importers/infer.py", "importers/check.py", "cachekey.py",
    "fileio.py",
    "publish/builders/__init__.py", "publish/builders/mkdocs.py", "publish/builders/mkdocs_html.py",
    "publish/builders/mkdocs_search.py", "publish/builders/zensical.py", "publish/units.py", "publish/assemble.py",
]


@pytest.fixture(autouse=True)
def english_after():
    """A test that chooses Chinese in this process leaves English, the other tests' language."""
    yield
    i18n.use("en")


def quanze(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    environ = os.environ | {"PYTHONPATH": str(ROOT)} | env
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=environ, capture_output=True,
                          text=True, timeout=300)


# --- choosing the language -------------------------------------------------------------------


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_TW.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
    ({"LANGUAGE": "zh_CN:en", "LANG": "C"}, "zh"),
    ({"LANGUAGE": "fr:zh_CN", "LANG": "C"}, "zh"),  # the first language of the list quanze has
    ({"LANGUAGE": "en", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "C"}, "zh"),
    ({"LANGUAGE": "", "LANG": "zh_CN.GB18030"}, "zh"),
    ({"LANG": "ca_ES.UTF-8"}, "en"),
])
def test_the_language_follows_the_locale_as_gettext_reads_it(environ, expected):
    assert i18n.language_of_environment(environ) == expected


@pytest.mark.parametrize(("argv", "expected"), [
    (["check", "--lang", "zh"], "zh"), (["--lang=en", "check"], "en"), (["check"], None),
    (["import", "--", "--lang", "zh"], None),
])
def test_lang_is_read_from_the_command_line_before_the_parser(argv, expected):
    assert i18n.language_in(argv) == expected


def test_a_message_is_translated_when_it_is_made_not_when_its_module_is_imported():
    from generator.content.validate import describe
    from generator.tools.check import CheckReport

    report = CheckReport([], {"agencies": 1, "powers": 2, "statutes": 0})
    assert report.summary() == "1 agency, 2 powers, 0 statutes: no problems"
    i18n.use("zh")
    assert report.summary() == "1 个部门，2 个事项，0 部法规：没有问题"
    assert describe({"type": "list_type", "input": "x"}, object, ("powers",)) == (
        "应为列表，实际是文字", "每个条目单独一行，以 `- ` 开头")
    i18n.use("en")
    assert describe({"type": "list_type", "input": "x"}, object, ("powers",)) == (
        "expected a list, found text", "write each entry on its own line starting with `- `")


# --- --help --------------------------------------------------------------------------------


def every_parser(parser):
    import argparse

    yield parser.prog, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from every_parser(sub)


def test_every_command_and_option_has_its_help_in_chinese():
    from generator.cli import parser

    i18n.use("zh")
    untranslated = []
    for prog, command in every_parser(parser()):
        helps = [action.help for action in command._actions if action.help and action.help != "==SUPPRESS=="]
        helps += [action.help for group in command._subparsers._group_actions
                  for action in getattr(group, "_choices_actions", [])] if command._subparsers else []
        untranslated += [f"{prog}: {text}" for text in helps if not CJK.search(text)]
    assert untranslated == []


@pytest.mark.parametrize("how", [("--lang", "zh"), ("LANG", "zh_CN.UTF-8")])
def test_quanze_alone_prints_its_commands_in_chinese(how):
    args, env = (how, {}) if how[0] == "--lang" else ((), {"LANGUAGE": "", how[0]: how[1]})
    result = quanze(*args, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法：quanze")
    assert "把权责清单发布为相互链接的静态网站。" in result.stdout
    assert "    check         检查 content/ 并报告所有问题" in result.stdout
    assert "显示本帮助并退出" in result.stdout


def test_lang_after_the_command_and_in_english():
    result = quanze("check", "--help", "--lang", "zh")
    assert "有警告时也判为失败" in result.stdout
    result = quanze("check", "--help", "--lang", "en", LANG="zh_CN.UTF-8")
    assert "fail on warnings too" in result.stdout and not CJK.search(result.stdout)


def test_a_usage_error_keeps_the_machine_word_error():
    result = quanze("check", "--nope", "--lang", "zh")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "quanze: error: 无法识别的参数：--nope"


# --- quanze check on content with twenty mistakes ----------------------------------------------

MISTAKES = {
    "schema-errors.yaml": """\
name: 示例县应急管理局
regoin: 示例省示例市示例县
admin_level: 区县级
title: 示例县应急管理局权责清单
published: 2021-13-45
powers:
- id: power-1
  serial: '1'
  name: 对违反安全生产规定的处罚
  category: 行政处埚
  basis:
  - statute: shehui-baoxian-fa
    article: 第八十七条
- id: power-2
  serial: '2'
  category: 行政检查
  guide_url: ftp://example.org/guide
  service_code: 12 34
- id: Bad ID
  serial: '3'
  name: 对某事项的检查
  category: 行政检查
  responsibilities: 立案责任
""",
    "checks.yaml": """\
name: 示例县医疗保障局
region: 示例省示例市示例县
admin_level: 县级
title: 示例县医疗保障局权责清单
source_file: sources/清单.pdf
powers:
- id: power-1
  serial: '1'
  code: 0247 001000
  name: 对骗取社会保险基金支出行为的处罚
  category: 行政处罚
  basis:
  - statute: shehui-baoxian-fah
    article: 87
- id: power-1
  serial: '2'
  code: ０２４７００２０００
  name: 对医疗保障基金使用情况的监督检查
  category: 行政检查
  basis:
  - statute: shehui-baoxian-fa
    article: 999
- id: power-3
  serial: '5'
  name: 對醫療機構的檢查
  category: 行政检查
  corrections:
  - field: basis[3].title
    published: 甲
    corrected: 乙
""",
    "tabbed.yaml": "name: 示例\npowers:\n\t- id: x\n",
    "Bad_Name.yaml": "name: 示例县某某局\nregion: 示例省示例市示例县\nadmin_level: 县级\ntitle: 示例\npowers: []\n",
}
"""A missing source file, a typo'd key, a missing field, an unknown level, category and statute,
a date that is none, a number written in words, an address, a code, an id and a list of the wrong
shape, spaces and full-width digits in codes, a code of another category, a duplicate id, an
article the registry lacks, a gap in the serials, Traditional characters, a correction of nothing,
a tab, a file name that is no id."""


@pytest.fixture(scope="module")
def mistaken(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("mistakes")
    (project / "content" / "agencies").mkdir(parents=True)
    (project / "content" / "statutes").mkdir()
    statute = ROOT / "tests" / "fixtures" / "mini" / "statutes" / "shehui-baoxian-fa.yaml"
    (project / "content" / "statutes" / statute.name).write_bytes(statute.read_bytes())
    for name, text in MISTAKES.items():
        (project / "content" / "agencies" / name).write_text(text, encoding="utf-8")
    return project


def problems(output: str) -> list[re.Match]:
    lines = output.splitlines()
    found = [PROBLEM.match(line) for line in lines[:-1]]
    assert all(found), [line for line, match in zip(lines, found) if not match]
    return found


@pytest.mark.parametrize("how", [("--lang", "zh"), ("LANG", "zh_CN.UTF-8")])
def test_check_says_every_problem_in_chinese_at_its_file_and_line(mistaken, how):
    args, env = (how, {}) if how[0] == "--lang" else ((), {"LANGUAGE": "", how[0]: how[1]})
    result = quanze("check", *args, cwd=mistaken, **env)
    assert result.returncode == 1 and result.stderr == "", result.stderr
    found = problems(result.stdout)
    assert len(found) >= 20
    for match in found:
        assert int(match["line"]) >= 1, match[0]
        words = re.sub(r"“[^”]*”|\"[^\"]*\"|`[^`]*`|[A-Za-z_]+(\[\d+\])?(\.[A-Za-z_]+(\[\d+\])?)*: ", "",
                       match["text"])
        assert CJK.search(words), match[0]  # the words, not only a quoted value, are Chinese
        if match["severity"] == "error":
            assert re.search(r" \(.*[\u4e00-\u9fff].*\)$", match["text"]), match[0]  # a hint: what to do
    assert result.stdout.splitlines()[-1] == "4 个部门，6 个事项，1 部法规：18 个错误，5 条警告"
    assert "content/agencies/schema-errors.yaml:3:1: error: admin_level: 未知的行政层级“区县级” (是否指“县级”？)" \
        in result.stdout
    assert "content/agencies/checks.yaml:13:5: error: powers[0].basis[0].statute: 未知的法规“shehui-baoxian-fah” " \
        "(是否指《中华人民共和国社会保险法》（“shehui-baoxian-fa”）？)" in result.stdout


def test_check_says_the_same_problems_in_english(mistaken):
    chinese = problems(quanze("check", "--lang", "zh", cwd=mistaken).stdout)
    result = quanze("check", cwd=mistaken, LANG="zh_CN.UTF-8", LANGUAGE="en")
    assert result.returncode == 1 and result.stderr == ""
    english = problems(result.stdout)
    assert sorted((m["path"], m["line"], m["column"], m["severity"]) for m in english) == \
        sorted((m["path"], m["line"], m["column"], m["severity"]) for m in chinese)
    said = {(m["path"], m["line"], m["column"], m["severity"]): m["text"] for m in chinese}
    for match in english:
        assert re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", match["text"]), match[0]
        assert match["text"] not in said.values(), match[0]
    assert "content/agencies/schema-errors.yaml:5:1: error: published: input should be a valid date, found " \
        '"2021-13-45" (write the date as YYYY-MM-DD, e.g. 2024-03-01)' in result.stdout
    assert result.stdout.splitlines()[-1] == "4 agencies, 6 powers, 1 statute: 18 errors, 5 warnings"


def test_a_user_error_is_one_chinese_line_without_traceback(tmp_path):
    result = quanze("check", "--lang", "zh", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("quanze: error: 这里没有 quanze 项目：")


# --- the files quanze init writes ------------------------------------------------------------------


def test_the_files_init_writes_are_in_chinese(tmp_path):
    """Every comment and every line of prose of a new project is Chinese, whatever the language
    of the messages (the clerk who keeps the list reads them)."""
    from generator.tools.init import init_project

    said = init_project(tmp_path / "p", name="某某县应急管理局", region="某某省某某市某某县")
    assert said.startswith("created ") and "已创建" not in said  # the message is in the user's language
    project = tmp_path / "p"
    english = []
    for name in ("agency-template.yaml", "mkdocs.yml", ".github/workflows/site.yml", ".pre-commit-config.yaml",
                 ".gitignore"):
        for line in (project / name).read_text(encoding="utf-8").splitlines():
            comment = re.sub(r"^[^#]*?(?:\s|^)#\s*", "", line) if re.search(r"(?:\s|^)#", line) else ""
            if comment and not comment.startswith(("yaml-language-server", "operator:", "contact:", "site_title:",
                                                   "publishers:", "quanze:")) and not CJK.search(comment):
                english.append(f"{name}: {line}")
            if re.match(r"\s*- name: ", line) and name.endswith("site.yml") and not CJK.search(line):
                english.append(f"{name}: {line}")
    prose = re.sub(r"```.*?```", "", (project / "README.md").read_text(encoding="utf-8"), flags=re.S)
    english += [f"README.md: {line}" for line in prose.splitlines() if line.strip() and not CJK.search(line)]
    assert english == []
    assert "# 部门名称，例如 西夏区医疗保障局。\nname: 某某县应急管理局\n" in \
        (project / "agency-template.yaml").read_text(encoding="utf-8")


def test_every_field_of_an_agency_file_is_explained_in_chinese():
    from generator.content.model import Agency, Power
    from generator.tools.init import FIELD_NOTES

    assert list(FIELD_NOTES["agency"]) == list(Agency.model_fields)
    assert list(FIELD_NOTES["power"]) == list(Power.model_fields)
    assert all(CJK.search(note) for notes in FIELD_NOTES.values() for note in notes.values())


def test_init_says_what_it_made_in_chinese(tmp_path):
    result = quanze("init", str(tmp_path / "p"), "--name", "某某县应急管理局", "--lang", "zh")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"已创建 {tmp_path / 'p'}（法规库为空：`quanze registry update` 会根据清单的引用填充它）；下一步："


# --- the catalogue -------------------------------------------------------------------------------


def read_catalogue():
    from babel.messages.pofile import read_po

    with PO.open("rb") as file:
        return read_po(file, locale="zh_CN")


def extracted() -> dict:
    """msgid -> where, of every message marked in generator/ (_, ngettext, N_)."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

    keywords = DEFAULT_KEYWORDS | {"N_": None}
    found = {}
    for path in sorted((ROOT / "generator").rglob("*.py")):
        for line, message, _comments, _context in extract_from_file("python", path, keywords=keywords):
            found.setdefault(message, f"{path.relative_to(ROOT)}:{line}")
    return found


def test_every_message_of_the_source_is_in_the_catalogue_with_a_translation():
    catalogue = read_catalogue()
    translated = {m.id: m.string for m in catalogue if m.id}
    messages = extracted()
    assert len(messages) > 300
    missing = {where: message for message, where in messages.items() if not _translated(translated.get(message))}
    assert missing == {}, "run the commands at the head of " + str(PO.relative_to(ROOT))


def _translated(string) -> bool:
    return bool(string) and all(string) if isinstance(string, tuple) else bool(string)


def test_every_translation_keeps_the_placeholders_of_its_message():
    from string import Formatter

    def fields(text: str) -> list[str]:
        if "%(" in text or "%s" in text:
            return sorted(re.findall(r"%\(\w+\)\w|%s", text))
        return sorted(f"{name}:{spec}" for _text, name, spec, _conv in Formatter().parse(text) if name is not None)

    wrong = []
    for message in read_catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wrong += [ids[0] for string in strings if fields(string) != fields(ids[-1])]
    assert wrong == []


def test_the_compiled_catalogue_is_the_catalogue():
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    stale = []
    for message in read_catalogue():
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            got = tuple(compiled.ngettext(message.id[0], message.id[1], n) for n in (1,))
            want = message.string[:1]
        else:
            got, want = compiled.gettext(message.id), message.string
        if got != want:
            stale.append(message.id)
    assert stale == [], "run: pybabel compile -D quanze -d generator/locale"
    assert len(compiled._catalog) - 1 == sum(1 for m in read_catalogue() if m.id)


def test_the_translated_modules_build_no_message_from_english_outside_gettext():
    found = [f"generator/{module}:{line}: {text!r}" for module in TRANSLATED
             for line, text in untranslated(ROOT / "generator" / module)]
    assert found == []


def test_the_untranslated_check_finds_english_outside_gettext(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('raise QuanzeError(f"{path}: cannot read the file")\n'
                      'print(_("no problems here"))\nparser.add_argument("--x", help="an option of x")\n')
    assert [line for line, _text in untranslated(module)] == [1, 3]


SINKS = {"QuanzeError", "Problem", "SourceFileRefused", "OverBudget", "Refused", "_problem", "_at", "print", "input"}
"""What takes a message a user reads (help texts: the keywords below)."""
MESSAGE_KEYWORDS = {"help", "description", "title", "hint"}
WORDS = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}")


def untranslated(path: Path):
    """(line, text) of each English literal (two words or more) a message is built from outside _()."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            args = list(node.args) if _name(node.func) in SINKS else []
            args += [keyword.value for keyword in node.keywords if keyword.arg in MESSAGE_KEYWORDS]
            for arg in args:
                yield from ((node.lineno, text) for text in _english(arg))


def _name(func) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _english(node):
    if isinstance(node, ast.Call):
        if _name(node.func) == "format" and isinstance(node.func, ast.Attribute):
            yield from _english(node.func.value)
        return  # _(...), ngettext(...) and any other call: its result is not a literal here
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and WORDS.search(node.value):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
        if WORDS.search(text):
            yield text
    elif isinstance(node, ast.BinOp):
        yield from _english(node.left)
        yield from _english(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _english(node.body)
        yield from _english(node.orelse)
    elif isinstance(node, ast.Tuple):
        for element in node.elts:
            yield from _english(element)
