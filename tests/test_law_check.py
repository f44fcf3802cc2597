"""`quanze check` on quotes of statutes with an official text (generator/law/check.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from test_law_support import import_all, make_content

from generator.content.reader import load_corpus
from generator.law.check import edition_date, quote_differences
from generator.law.compare import compare, normalise
from generator.law.importer import import_statute
from generator.tools.check import run_check

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "statutes"
ROOT = Path(__file__).resolve().parents[1]


def law_problems(content: Path, strict: bool = False) -> list[str]:
    report = run_check(content, strict=strict, root=content.parent)
    return [str(p) for p in report.problems if "basis[" in p.message]


@pytest.fixture
def imported(tmp_path, monkeypatch):
    def make(edition: str = "2021年3月") -> Path:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
        monkeypatch.chdir(tmp_path)
        content = make_content(tmp_path, edition)
        import_all(content)
        return content
    return make


def test_quotes_checked_against_the_version_in_force(imported):
    assert law_problems(imported("2021年3月")) == [
        "content/agencies/shili.yaml:20:5: warning: basis[1].text: the quote differs from 第三条 of "
        "中华人民共和国示例保障法 (2018): 个人[账户]→[权益]记录 (correct the quote to the official wording, "
        "or note in editor_notes that the list printed it so)",
        "content/agencies/shili.yaml:41:5: warning: basis[2].article: 第九条 does not exist in 中华人民共和国示例保障法 "
        "(2018), which has 7 articles (check the article, paragraph and item numbers against the official text)",
        "content/agencies/shili.yaml:42:5: warning: basis[3].statute: rests on 示例医疗费用管理办法, repealed on "
        "2020-01-01, before the list's edition (cite the statute that replaced it, or record in editor_notes why "
        "the list keeps it)",
    ]


def test_warning_is_at_the_quote_line(imported):
    content = imported()
    problem = next(p for p in law_problems(content) if "basis[1].text" in p)
    line = int(problem.split(":")[1])
    text = (content / "agencies" / "shili.yaml").read_text(encoding="utf-8").splitlines()
    assert text[line - 1].strip().startswith("text: 示例保障经办机构")


def test_an_older_list_is_checked_against_the_older_version(imported):
    problems = law_problems(imported("2015年6月1日"))
    # 2010 wording: 个人账户记录 is right then; 第五条第一款第三项 did not exist yet
    assert not any("第三条 of 中华人民共和国示例保障法 (20" in p and "quote differs" in p for p in problems)
    assert any("basis[1].item: 第三项 does not exist in 第五条 of 中华人民共和国示例保障法 (2010)" in p for p in problems)
    assert any("20:5: warning: basis[1].text: 第三条 of 中华人民共和国示例保障法 (2010) changed on 2018-12-29 (2018): "
               "个人[账户]→[权益]记录 (check the power against the 2018 wording)" in p for p in problems)
    assert any("basis[3].statute: rests on 示例医疗费用管理办法, repealed since the list's edition, on 2020-01-01"
               in p for p in problems)


def test_strict_makes_them_errors(imported):
    content = imported()
    assert not run_check(content, strict=True, root=content.parent).ok
    run = subprocess.run([sys.executable, "-m", "generator", "--content", str(content), "check", "--strict"],
                         capture_output=True, text=True, cwd=content.parent)
    assert run.returncode == 1 and "the quote differs from 第三条" in run.stdout


def test_a_citation_naming_an_older_version(imported, tmp_path):
    content = imported()
    path = content / "agencies" / "shili.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    ref: 第三条\n", "    version: （2010年）\n    ref: 第三条\n"),
                    encoding="utf-8")
    assert any("basis[1].version: cites the 2010 version of 中华人民共和国示例保障法, whose 第三条 was amended on "
               "2018-12-29, before the list's edition" in p for p in law_problems(content))


def test_differences_for_the_site(imported):
    content = imported()
    found = quote_differences(load_corpus(content))
    assert [(d.agency_id, d.power_index, d.basis_index, d.label, d.anchor, d.version, d.diff) for d in found] == [
        ("shili", 0, 1, "第三条", "art-3", "2018", "个人[账户]→[权益]记录")]


def test_normalise_and_compare():
    assert normalise("第八条 甲，乙 (丙)\n丁。") == "甲，乙（丙）丁"
    assert compare("负责登记、个人权益记录", "经办机构负责登记、个人权益记录、待遇支付等工作。") is None
    assert compare("处6个月以上2年以下", "处1年以下").short() == "处[6个月以上2]→[1]年以"
    assert compare("甲乙", "甲乙丙", excerpt=False).short() == "甲乙[]→[丙]"


def test_edition_dates():
    assert edition_date("2021年3月5日") == date(2021, 3, 5)
    assert edition_date("2021 年 3 月版") == date(2021, 3, 1)
    assert edition_date("2019年") == date(2019, 1, 1)
    assert edition_date("第二版") is None and edition_date(None) is None


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="reference statute texts not present")
def test_shipped_lists_against_the_reference_texts(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "sources", tmp_path / "sources")  # the agencies' source_file
    monkeypatch.chdir(tmp_path)
    import_statute(REFERENCE / "shehui_baoxian_fa_2018.md", tmp_path / "content")
    import_statute(REFERENCE / "yibao_jijin_jianguan_tiaoli_735_2021.md", tmp_path / "content")
    problems = law_problems(tmp_path / "content")
    huinong = [p for p in problems if p.startswith("content/agencies/huinong.yaml") and "第八条" in p]
    assert len(huinong) == 1
    assert ("warning: basis[1].text: the quote differs from 第八条 of 中华人民共和国社会保险法 (2018): "
            "个人[账户]→[权益]记录") in huinong[0]
    line = int(huinong[0].split(":")[1])
    quoted = (tmp_path / "content/agencies/huinong.yaml").read_text(encoding="utf-8").splitlines()[line - 1]
    assert "个人账户记录" in quoted


def test_a_quote_of_another_paragraph_is_named(imported):
    content = imported()
    path = content / "agencies" / "shili.yaml"
    text = path.read_text(encoding="utf-8").replace("    ref: 第五条第二款\n    article: 5\n    paragraph: 2\n",
                                                    "    ref: 第五条第一款\n    article: 5\n    paragraph: 1\n")
    path.write_text(text.replace("如实提供有关资料。", "如实提供有关资料，不得拒绝检查"), encoding="utf-8")
    assert any(p.endswith("warning: basis[0].text: the quote is 第五条第二款 of 中华人民共和国示例保障法 (2018), "
                          "not 第五条第一款 (cite 第五条第二款, or correct the quote)") for p in law_problems(content))


def test_a_repeal_still_to_come_is_said_so(imported, monkeypatch):
    content = imported()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1559347200")  # 2019-06-01, before the 办法's repeal
    assert any("basis[3].statute: rests on 示例医疗费用管理办法, to be repealed on 2020-01-01" in p
               for p in law_problems(content))
