"""`quanze import-statute`: official texts into the registry, versions side by side."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from test_law_support import FIXTURES, import_all, make_content

from generator.content.reader import load_corpus
from generator.law.importer import import_statute
from generator.tools.registry_update import update_registry

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "statutes"


@pytest.fixture
def content(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01
    monkeypatch.chdir(tmp_path)
    return make_content(tmp_path)


def test_two_versions_side_by_side_older_amended(content):
    reports = import_all(content)
    assert reports[0].startswith("updated content/statutes/shili-baozhangfa.yaml: 中华人民共和国示例保障法 (2010): "
                                 "7 articles, 9 paragraphs, 2 items, 5 headings; 有效 since 2010-07-01")
    assert reports[1].splitlines()[:2] == [
        "updated content/statutes/shili-baozhangfa.yaml: 中华人民共和国示例保障法 (2018): "
        "7 articles, 9 paragraphs, 3 items, 5 headings; 有效 since 2018-12-29",
        "  2010: 已修改 since 2018-12-29"]
    statute = load_corpus(content).statutes["shili-baozhangfa"]
    old, new = statute.official_versions
    assert (old.label, old.status, old.status_since) == ("2010", "已修改", date(2018, 12, 29))
    assert (new.label, new.status, new.status_since) == ("2018", "有效", date(2018, 12, 29))
    assert len(old.articles) == len(new.articles) == 7


def test_newer_version_reports_citations_whose_text_changed(content):
    report = import_all(content)[1]
    assert report.splitlines()[2:] == [
        "3 citation(s) of an article whose text or number changed between versions:",
        "  shili: powers[0].basis[1]: 第三条 changed from 2010 to 2018: 个人[账户]→[权益]记录",
        "  shili: powers[1].basis[0]: 第五条第二款 changed from 2010 to 2018: 资料[]→[，不得拒绝检查]",
        "  shili: powers[1].basis[1]: 第五条第一款第三项 is new in 2018",
    ]


def test_repealed_statute(content):
    report = import_all(content)[2]
    assert report.endswith("已废止 since 2020-01-01")
    version = load_corpus(content).statutes["shili-guanli-banfa"].official_versions[0]
    assert (version.repealed, version.in_force, version.document_number) == (date(2020, 1, 1), date(2005, 5, 1),
                                                                           "示例部令第5号")


def test_reimport_keeps_quotes_comments_and_hand_edits(content):
    import_all(content)
    path = content / "statutes" / "shili-baozhangfa.yaml"
    text = path.read_text(encoding="utf-8").replace("label: '2018'\n", "label: '2018'\n  notes:\n  - 核对过\n", 1)
    path.write_text(text.replace("issuer: 全国人民代表大会常务委员会\n", "issuer: 全国人大常委会\n", 1), encoding="utf-8")
    import_statute(FIXTURES / "shili_baozhang_fa_2018.md", content)
    import_statute(FIXTURES / "shili_baozhang_fa_2010.md", content)  # the older again: order kept
    after = path.read_text(encoding="utf-8")
    assert "level: 法律  # checked against the official text" in after
    assert "  notes:\n  - 核对过\n" in after
    assert "\nissuer: 全国人大常委会\n" in after
    assert "    sources:\n    - shili\n" in after
    assert after.count("- label:") == 2
    assert after.index("label: '2010'") < after.index("label: '2018'")
    import_statute(FIXTURES / "shili_baozhang_fa_2010.md", content)
    assert path.read_text(encoding="utf-8") == after, "importing again changes nothing"


def test_registry_update_keeps_official_text(content):
    import_all(content)
    path = content / "statutes" / "shili-baozhangfa.yaml"
    before = load_corpus(content).statutes["shili-baozhangfa"].official_versions
    update_registry(content)
    statute = load_corpus(content).statutes["shili-baozhangfa"]
    assert statute.official_versions == before
    assert any(t.sources == ["shili"] for a in statute.articles for t in a.texts)
    assert "# checked against the official text" in path.read_text(encoding="utf-8")


def test_cli_one_line_error_for_a_malformed_text(content, tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("# 某法\n\n2010年1月1日 通过\n<!-- INFO END -->\n第一条 甲。\n第三条 乙。\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "generator", "import-statute", str(bad)], capture_output=True,
                         text=True, cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr.splitlines()[0] == ("bad.md:6:1: error: article 第三条 (3) where 第二条 (2) was expected "
                                          "(an article is missing, repeated or misnumbered: compare with the "
                                          "published text)")
    assert "Traceback" not in run.stderr
    assert not (content / "statutes" / "mou.yaml").exists()


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="reference statute texts not present")
def test_reference_statute_into_the_shipped_registry(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(Path(__file__).parents[1] / "content", tmp_path / "content")
    shutil.copytree(Path(__file__).parents[1] / "sources", tmp_path / "sources")  # the agencies' source_file
    monkeypatch.chdir(tmp_path)
    report = import_statute(REFERENCE / "shehui_baoxian_fa_2018.md", tmp_path / "content")
    assert report.path == "content/statutes/shehuibaoxian-fa.yaml"
    assert "98 articles" in report.text()
    statute = load_corpus(tmp_path / "content").statutes["shehuibaoxian-fa"]
    assert statute.official_versions[0].status == "有效"
    assert any(t.sources for a in statute.articles for t in a.texts), "the lists' quotes stay"


def test_older_version_imported_second_is_compared_with_the_newer(content):
    import_statute(FIXTURES / "shili_baozhang_fa_2018.md", content)
    report = import_statute(FIXTURES / "shili_baozhang_fa_2010.md", content).text()
    assert "2010: 已修改 since 2018-12-29" not in report.splitlines()[0]
    assert report.splitlines()[0].endswith("(2010): 7 articles, 9 paragraphs, 2 items, 5 headings; 已修改 since 2018-12-29")
    assert "  shili: powers[0].basis[1]: 第三条 changed from 2010 to 2018: 个人[账户]→[权益]记录" in report.splitlines()


CHUFA_LIST = """\
name: 示例市司法局
region: 示例省示例市
admin_level: 市级
title: 示例市司法局权责清单
powers:
- id: chufa-zhidu
  name: 行政处罚制度的监督
  category: 其他
  basis:
  - statute: xingzheng-chufa-fa
    title: 中华人民共和国行政处罚法
    ref: 第二条
    article: 2
    text: 行政处罚是指行政机关依法对违反行政管理秩序的公民、法人或者其他组织，以减损权益或者增加义务的方式予以惩戒的行为。
"""
OLDER_LIST = """\
name: 示例县司法局
region: 示例省示例市示例县
admin_level: 县级
title: 示例县司法局权责清单
edition: 2020年
powers:
- id: jinggao
  name: 警告
  category: 行政处罚
  basis:
  - statute: xingzheng-chufa-fa
    title: 中华人民共和国行政处罚法
    ref: 第三条第一款第一项
    article: 3
    paragraph: 1
    item: 1
    text: （一）警告；
"""
BEFORE_IN_FORCE, AFTER_IN_FORCE = "1614556800", "1640995200"  # 2021-03-01, 2022-01-01


def statute_page(content: Path, label: str) -> str:
    from generator.site.paths import version_path
    from generator.site.render import render_site

    corpus = load_corpus(content)
    statute = corpus.statutes["xingzheng-chufa-fa"]
    version = next(v for v in statute.official_versions if v.label == label)
    pages = {page.path: page.text for page in render_site(corpus, offer_zip=False)}
    return pages[version_path("xingzheng-chufa-fa", statute, version)]


def test_status_is_worked_out_on_the_day_of_each_build(tmp_path, monkeypatch):
    from generator.tools.check import run_check

    monkeypatch.chdir(tmp_path)
    content = make_content(tmp_path)
    (content / "agencies" / "sifa.yaml").write_text(CHUFA_LIST, encoding="utf-8")
    (content / "agencies" / "sifa-2020.yaml").write_text(OLDER_LIST, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BEFORE_IN_FORCE)
    import_statute(FIXTURES / "xingzheng_chufa_fa_2017.md", content, statute_id="xingzheng-chufa-fa")
    report = import_statute(FIXTURES / "xingzheng_chufa_fa_2021.md", content, statute_id="xingzheng-chufa-fa").text()
    assert report.splitlines()[0].endswith("; 尚未生效 since 2021-01-22, in force from 2021-07-15")
    assert report.splitlines()[1:] == [
        "  2017: 有效 since 2017-09-01",
        "2 citation(s) of an article whose text or number changed between versions:",
        "  sifa-2020: powers[0].basis[0]: 第三条第一款第一项 is 第四条第一款第一项 in 2021, changed: 警告[]→[、通报批评]",
        "  sifa: powers[0].basis[0]: 第二条 is 第三条 in 2021, changed: 法规[或者]→[、]规章；实施[。没有法定依据或者不遵守法定程序…]→[]"]
    recorded = [(v.status, v.status_since) for v in load_corpus(content).statutes["xingzheng-chufa-fa"].official_versions]

    def quote_problems(agency: str = "sifa") -> list[str]:
        return [str(p) for p in run_check(content, root=tmp_path).problems if f"/{agency}.yaml" in str(p)]

    assert "时效性</th><td>有效（自 2017-09-01）<" in statute_page(content, "2017")
    assert "时效性</th><td>尚未生效（2021-07-15 起施行）<" in statute_page(content, "2021")
    assert any("the quote differs from 第二条 of 中华人民共和国行政处罚法 (2017)" in p for p in quote_problems())

    monkeypatch.setenv("SOURCE_DATE_EPOCH", AFTER_IN_FORCE)  # a later build, nothing imported again
    assert "时效性</th><td>已修改（自 2021-07-15）<" in statute_page(content, "2017")
    assert "时效性</th><td>有效（自 2021-07-15）<" in statute_page(content, "2021")
    renumbered = statute_page(content, "2021").split("### 第三条")[1]
    assert renumbered.startswith(" {#art-3}\n\n2017 年版：[第二条](xingzheng-chufa-fa/2017-1.md#art-2)（本版有修改） · "
                                 "[本条沿革](xingzheng-chufa-fa/history/art-3.md)\n")  # 2017 第三条 is cited: 2021 第四条
    assert "### 第四条 {#art-4 .quanze-cited}" in statute_page(content, "2021")
    assert ("### 第二条 {#art-2 .quanze-cited}\n\n2017 年版：无此条（本版新增） · [本条沿革](xingzheng-chufa-fa/history/art-2.md)\n"
            in statute_page(content, "2021"))
    assert "版本：[2017](xingzheng-chufa-fa/2017-1.md)（已修改） · **2021（有效）**" in statute_page(content, "2021")
    assert quote_problems() == []
    assert [p.split(": warning: ")[1] for p in quote_problems("sifa-2020")] == [
        "basis[0].text: 第三条第一款第一项 of 中华人民共和国行政处罚法 (2017) is now 第四条第一款第一项 (2021); changed on "
        "2021-07-15: 警告[]→[、通报批评] (check the power against the 2021 wording and cite 第四条第一款第一项)"]
    after = [(v.status, v.status_since) for v in load_corpus(content).statutes["xingzheng-chufa-fa"].official_versions]
    assert after == recorded == [("有效", date(2017, 9, 1)), ("尚未生效", date(2021, 1, 22))]  # the file is as it was


def test_an_id_must_match_whole(content, tmp_path):
    from generator.errors import QuanzeError

    with pytest.raises(QuanzeError) as caught:
        import_statute(FIXTURES / "shili_guanli_banfa_2005.md", content, statute_id="x\n")
    assert str(caught.value).startswith('"x\\n" is not a statute id')
    assert sorted(p.name for p in (content / "statutes").iterdir()) == ["shili-baozhangfa.yaml", "shili-guanli-banfa.yaml"]


def test_the_report_shows_control_characters_as_escapes(content, tmp_path):
    text = (FIXTURES / "shili_guanli_banfa_2005.md").read_text(encoding="utf-8")
    source = tmp_path / "ctl_2005.md"
    source.write_text(text.replace("# 示例医疗费用管理办法", "# 示例医疗费用\x1b[31m管理办法"), encoding="utf-8")
    report = import_statute(source, content, statute_id="ctl").text()
    assert "\x1b" not in report and "示例医疗费用\\x1b[31m管理办法" in report
