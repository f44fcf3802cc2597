"""Statute registry: title variants -> one id, and `quanze registry update`."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator.cli import main
from generator.content.model import Statute
from generator.content.registry import Registry, infer_level, slug, title_key
from generator.errors import ContentError
from generator.importers.citations import parse_basis
from generator.tools.registry_update import (
    HEADER,
    canonical_title,
    document_number,
    update_registry,
    wording_key,
)

ROOT = Path(__file__).resolve().parent.parent
STATUTES = ROOT / "content" / "statutes"
MINI = Path(__file__).parent / "fixtures" / "mini"
sys.path.insert(0, str(Path(__file__).parent))

#: Title variants printed by the five lists, grouped by the law they mean.
SAME_LAW = [
    ["中华人民共和国社会保险法", "社会保险法"],
    ["中华人民共和国基本医疗卫生与健康促进法", "基本医疗卫生与健康促进法"],
    ["中华人民共和国药品管理法", "药品管理法"],
    ["实施〈中华人民共和国社会保险法〉若干规定", "实施<中华人民共和国社会保险法>若干规定"],
    ["社会救助暂行办法", "社会救助暂行办法（2019 修订）"],
    ["社会保险费征缴监督检查办法", "社会保险费征缴监督检查办法（1999 年劳动和社会保障部令第 3 号）"],
    ["宁夏回族自治区实施〈医疗保障基金使用监督管理条例〉办法", "宁夏回族自治区实施<医疗保障基金使用监督管理条例>办法"],
    ["自治区党委办公厅 人民政府办公厅关于印发〈自治区医疗保障局职能配置内设机构和人员编制规定〉的通知",
     "自治区党委办公厅人民政府办公厅关于印发<自治区医疗保障局职能配置内设机构和人员编制规定>的通知"],
]
DIFFERENT_LAWS = [
    "社会保险费征缴暂行条例", "社会保险费征缴监督检查办法", "中华人民共和国招标投标法", "中华人民共和国招标投标法实施条例",
    "违法违规使用医疗保障基金举报奖励办法", "违法违规使用医疗保障基金举报奖励实施细则", "医疗保障基金使用监督管理条例",
    "宁夏回族自治区实施〈医疗保障基金使用监督管理条例〉办法", "零售药店医疗保障定点管理暂行办法", "医疗机构医疗保障定点管理暂行办法",
]


def registries():
    yield "empty", Registry()
    if any(STATUTES.glob("*.yaml")):
        yield "content", Registry.from_dir(STATUTES)


@pytest.mark.parametrize("name, registry", list(registries()))
@pytest.mark.parametrize("variants", SAME_LAW, ids=lambda v: v[0][:12])
def test_variants_of_one_law_get_one_id(name, registry, variants):
    assert len({registry.statute_id(v) for v in variants}) == 1


@pytest.mark.parametrize("name, registry", list(registries()))
def test_different_laws_get_different_ids(name, registry):
    ids = [registry.statute_id(t) for t in DIFFERENT_LAWS]
    assert len(set(ids)) == len(ids)


def test_title_key_ignores_brackets_spaces_and_national_prefix():
    assert title_key("中华人民共和国社会保险法") == title_key(" 社会保险法 ") == "社会保险法"
    assert title_key("实施〈社会保险法〉若干规定") == title_key("实施<社会保险法>若干规定")


def test_slug_is_ascii_and_stable():
    assert slug("中华人民共和国社会保险法") == slug("社会保险法")
    assert slug("社会保险法").isascii() and len(slug("很" * 200)) <= 48


def test_registry_reports_a_title_claimed_twice():
    registry = Registry()
    registry.add("a", "甲法", [])
    registry.add("b", "乙法", ["中华人民共和国甲法"])
    assert registry.statute_id("甲法") == "a"
    assert registry.conflicts == [("中华人民共和国甲法", "a", "b")]


# -- the committed registry covers every title the sources cite ----------------------------
@pytest.mark.skipif(not any(STATUTES.glob("*.yaml")), reason="content/statutes not written yet")
def test_every_title_in_the_sources_resolves():
    from test_citations import source_cells

    registry = Registry.from_dir(STATUTES)
    titles = {c["title"] for cell in source_cells() for c in parse_basis(cell, registry)[0]}
    # This rough extraction keeps PDF lines and page-break cuts that the importers join: cut
    # titles, and xixia's 二、各级医疗保障主管部门《……》, which joined is quoted text of the 指导目录.
    rough = {"医疗保障基金使用监", "中华人民共和国基本医疗卫", "生与健康促进法", "各级医疗保障主管部门职能配置、机构设置和人员编制规定"}
    unknown = sorted(t for t in titles - rough if registry.resolve(t) is None)
    assert unknown == []
    assert registry.conflicts == []


@pytest.mark.skipif(not any(STATUTES.glob("*.yaml")), reason="content/statutes not written yet")
def test_every_citation_of_the_agencies_names_its_registry_id():
    registry, yaml = Registry.from_dir(STATUTES), YAML(typ="safe")
    wrong = []
    for path in sorted((ROOT / "content" / "agencies").glob("*.yaml")):
        for power in yaml.load(path.read_text(encoding="utf-8")).get("powers") or []:
            for citation in power.get("basis") or []:
                if citation.get("title") and registry.resolve(citation["title"]) != citation["statute"]:
                    wrong.append(f'{path.stem} {power["id"]}: {citation["title"]} -> {citation["statute"]}')
    assert wrong == []


@pytest.mark.skipif(not any(STATUTES.glob("*.yaml")), reason="content/statutes not written yet")
def test_committed_statutes_are_valid_and_canonical():
    yaml = YAML(typ="safe")
    for path in sorted(STATUTES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith(HEADER + "\n"), path.name
        Statute(**yaml.load(text))


# -- update -------------------------------------------------------------------------------
def agency(powers):
    return {"name": "某局", "region": "某地", "admin_level": "县级", "title": "清单", "powers": powers}


def power(pid, *basis):
    return {"id": pid, "name": "某职权", "category": "行政处罚", "basis": list(basis)}


def write(content, name, data):
    path = content / "agencies" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    stream = path.open("w", encoding="utf-8")
    YAML().dump(data, stream)
    stream.close()


def read(content, statute_id):
    return YAML(typ="safe").load((content / "statutes" / f"{statute_id}.yaml").read_text(encoding="utf-8"))


def cite(title, article=None, text=None, level=None, version=None):
    data = {"statute": Registry().statute_id(title), "title": title, "level": level, "version": version,
            "article": article, "text": text}
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def content(tmp_path):
    write(tmp_path, "a", agency([power("p1",
        cite("中华人民共和国社会保险法", 87, "甲乙丙。", "法律", "（2018 年修正）"),
        cite("中华人民共和国社会保险法", 88, "丁戊。", "法律", "（2018 年修正）"))]))
    write(tmp_path, "b", agency([power("p1",
        cite("社会保险法", 87, "甲 乙丙", "法律", "(2018年修正)"),
        cite("社会保险法", 88, "丁戊己。"),
        cite("医疗保障基金使用监督管理条例", 37, "某某。", version="（2021 年国务院令第 735 号）"),
        cite("某某市医疗保险办法", 3))]))
    return tmp_path


def test_update_writes_one_valid_file_per_statute(content):
    report = update_registry(content)
    sid = slug("社会保险法")
    assert sorted(report.created) == sorted(p.name for p in (content / "statutes").glob("*.yaml"))
    assert len(report.created) == 3
    for path in (content / "statutes").glob("*.yaml"):
        Statute(**YAML(typ="safe").load(path.read_text(encoding="utf-8")))
    data = read(content, sid)
    assert data["title"] == "中华人民共和国社会保险法" and data["aliases"] == ["社会保险法"]
    assert data["level"] == "法律" and data["versions"] == ["（2018 年修正）"]


def test_update_merges_trivial_differences_and_keeps_wordings_apart(content):
    update_registry(content)
    articles = {a["number"]: a["texts"] for a in read(content, slug("社会保险法"))["articles"]}
    assert articles[87] == [{"text": "甲乙丙。", "sources": ["a", "b"]}]
    assert articles[88] == [{"text": "丁戊。", "sources": ["a"]}, {"text": "丁戊己。", "sources": ["b"]}]


def test_update_infers_level_and_document_number(content):
    update_registry(content)
    tiaoli = read(content, slug("医疗保障基金使用监督管理条例"))
    assert tiaoli["level"] == "行政法规" and tiaoli["document_number"] == "国务院令第735号"
    local = read(content, slug("某某市医疗保险办法"))
    assert local["level"] == "地方政府规章" and local["articles"] == [{"number": 3, "texts": []}]


def test_update_is_idempotent_and_keeps_hand_written_fields(content):
    update_registry(content)
    path = content / "statutes" / f"{slug('社会保险法')}.yaml"
    text = path.read_text(encoding="utf-8").replace("level: 法律\n", "level: 法律\nissuer: 全国人民代表大会常务委员会  # checked\n")
    text = text.replace("aliases:\n", "aliases:\n- 社保法\n")
    text = text.replace("articles:\n", "articles:\n- number: 1\n  texts:\n  - text: 为了规范社会保险关系。\n")
    path.write_text(text, encoding="utf-8")
    report = update_registry(content)
    assert report.created == [] and report.changed == [path.name]
    data = read(content, slug("社会保险法"))
    assert data["issuer"] == "全国人民代表大会常务委员会" and "# checked" in path.read_text(encoding="utf-8")
    assert data["aliases"] == ["社会保险法", "社保法"]
    assert data["articles"][0] == {"number": 1, "texts": [{"text": "为了规范社会保险关系。"}]}
    again = update_registry(content)
    assert again.changed == [] and again.created == [] and len(again.unchanged) == 3


def test_update_output_does_not_depend_on_file_order(content, tmp_path_factory):
    update_registry(content)
    other = tmp_path_factory.mktemp("other")
    shutil.copytree(content / "agencies", other / "agencies")
    (other / "agencies" / "a.yaml").rename(other / "agencies" / "z.yaml")
    (other / "agencies" / "z.yaml").rename(other / "agencies" / "a.yaml")
    update_registry(other)
    for path in (content / "statutes").glob("*.yaml"):
        assert path.read_text(encoding="utf-8") == (other / "statutes" / path.name).read_text(encoding="utf-8")


def test_update_regroups_by_registry_alias_and_reports_stale_ids(content):
    (content / "statutes").mkdir()
    (content / "statutes" / "sbf.yaml").write_text("title: 中华人民共和国社会保险法\nlevel: 法律\n", encoding="utf-8")
    report = update_registry(content)
    assert not (content / "statutes" / f"{slug('社会保险法')}.yaml").exists()
    assert len(read(content, "sbf")["articles"]) == 2
    (content / "statutes" / "old.yaml").write_text("title: 旧办法\nlevel: 其他\n", encoding="utf-8")
    assert update_registry(content).uncited == ["old.yaml"]
    assert len(report.stale) == 4 and "is sbf, not" in report.stale[0]


def test_update_on_the_mini_fixture(tmp_path):
    shutil.copytree(MINI, tmp_path / "c")
    report = update_registry(tmp_path / "c")
    assert report.stale == [] and report.created == []
    assert read(tmp_path / "c", "shehui-baoxian-fa")["issuer"] == "全国人民代表大会常务委员会"


def test_cli_registry_update(content, capsys):
    assert main(["--content", str(content), "registry", "update"]) == 0
    assert "3 statute(s) created" in capsys.readouterr().out


def test_cli_reports_broken_agency_file_with_location(tmp_path, capsys):
    (tmp_path / "agencies").mkdir()
    (tmp_path / "agencies" / "x.yaml").write_text("name: a\npowers: [\n", encoding="utf-8")
    assert main(["--content", str(tmp_path), "registry", "update"]) == 1
    err = capsys.readouterr().err
    assert "x.yaml:" in err and "error" in err and not (tmp_path / "statutes").exists()


@pytest.mark.parametrize("title, level", [
    ("中华人民共和国社会保险法", "法律"), ("医疗保障基金使用监督管理条例", "行政法规"), ("社会保险稽核办法", "部门规章"),
    ("内蒙古自治区城镇基本医疗保险条例", "地方性法规"), ("宁夏回族自治区医疗救助办法", "地方政府规章"),
    ("国务院办公厅关于全面实施城乡居民大病保险的意见", "规范性文件"), ("医疗保障行政执法事项指导目录", "规范性文件"),
    ("职能配置、机构设置和人员编制规定", "规范性文件"),
])
def test_infer_level(title, level):
    assert infer_level(title) == level


def test_canonical_title_prefers_full_title_without_note():
    from collections import Counter
    assert canonical_title(Counter({"社会保险法": 5, "中华人民共和国社会保险法": 1})) == "中华人民共和国社会保险法"
    assert canonical_title(Counter({"社会救助暂行办法（2019 修订）": 3, "社会救助暂行办法": 1})) == "社会救助暂行办法"


def test_wording_key_and_document_number():
    assert wording_key("甲，乙 丙。\n") == wording_key("甲,乙丙")
    assert document_number(["(2010年10月28日中华人民共和国主席令第三十五号,2018年修正)"]) == "中华人民共和国主席令第三十五号"
    assert document_number(["(国办发(2015) 70 号)"]) == "国办发〔2015〕70号"
    assert document_number(["（宁财（社）发〔2014〕790 号"]) == "宁财（社）发〔2014〕790号"
    assert document_number(["（2019 修正）"]) is None


# -- quoted wordings against full texts, where the reference collection is present ----------
REFERENCE = ROOT.parent / "shared" / "reference" / "statutes"


def reference_articles(path):
    from generator.content.numerals import cn_to_int

    articles, current = {}, None
    for line in path.read_text(encoding="utf-8").split("<!-- INFO END -->")[-1].splitlines():
        line = line.strip()
        if match := re.match(r"第([零一二三四五六七八九十百]+)条\s*(.*)", line):
            current = cn_to_int(match.group(1))
            articles[current] = match.group(2)
        elif line and not line.startswith("#") and current:
            articles[current] += line
    return articles


@pytest.mark.skipif(not REFERENCE.is_dir() or not any(STATUTES.glob("*.yaml")), reason="no reference texts")
def test_quoted_wordings_are_in_the_article_they_are_filed_under():
    import difflib

    from generator.content.checks import quote_key

    registry, yaml, misplaced = Registry.from_dir(STATUTES), YAML(typ="safe"), []
    for path in sorted(REFERENCE.glob("*_*.md")):
        statute_id = registry.resolve(path.read_text(encoding="utf-8").splitlines()[0].lstrip("# "))
        if statute_id is None:
            continue
        full = reference_articles(path)
        for article in yaml.load((STATUTES / f"{statute_id}.yaml").read_text(encoding="utf-8")).get("articles", []):
            for text in article["texts"]:
                quote, ref = quote_key(text["text"]), quote_key(full.get(article["number"], ""))
                blocks = difflib.SequenceMatcher(None, quote, ref, autojunk=False).get_matching_blocks()
                if sum(b.size for b in blocks) < 0.8 * len(quote):
                    misplaced.append(f"{statute_id} {article['number']}: {text['text'][:30]}")
    assert misplaced == []


# -- update edits statute files in place: what an editor wrote stays ---------------------------
EDITED = """\
# yaml-language-server: $schema=../../schema/statute.schema.json
# 注释：本文件已人工核对
title: 中华人民共和国社会保险法
aliases:
- 社会保险法  # 清单常用简称
level: 法律
issuer: 全国人民代表大会常务委员会
versions:
- （2018 年修正）
articles:
# 第八十七条：已核对原文
- number: 87
  texts:
  - text: 甲乙丙。
    sources:
    - a
    - b
    - 国家医保局门户  # 人工添加的来源
- number: 88
  texts:
  - text: 丁戊（据原文更正）。  # 更正了清单的错字
    sources:
    - a
  - text: 丁戊己。
    sources:
    - b
official_text:
  # 官方全文，由另一个命令写入
  source: http://www.npc.gov.cn/
  chapters: [一, 二]
  unknown_nested:
    key: 值  # 保留
"""


@pytest.fixture
def edited(content):
    update_registry(content)
    path = content / "statutes" / f"{slug('社会保险法')}.yaml"
    path.write_text(EDITED, encoding="utf-8")
    return path


def test_update_keeps_the_edited_file_byte_for_byte(edited, content):
    report = update_registry(content)
    assert edited.name in report.unchanged
    assert edited.read_text(encoding="utf-8") == EDITED


def test_update_keeps_comments(edited, content):
    write(content, "c", agency([power("p1", cite("社会保险法", 87, "庚辛。"), cite("社会保险法", 90, "壬癸。"))]))
    update_registry(content)
    text = edited.read_text(encoding="utf-8")
    for comment in ("# 注释：本文件已人工核对", "# 清单常用简称", "# 第八十七条：已核对原文", "# 人工添加的来源",
                    "# 更正了清单的错字", "# 官方全文，由另一个命令写入", "# 保留"):
        assert text.count(comment) == 1, comment
    assert "- 社会保险法  # 清单常用简称\n" in text and "  - text: 丁戊（据原文更正）。  # 更正了清单的错字\n" in text


def test_update_keeps_corrected_wordings(edited, content):
    """a quotes 丁戊。 but an editor corrected a's wording of article 88: the quote is not put back."""
    report = update_registry(content)
    texts = {a["number"]: a["texts"] for a in read(content, slug("社会保险法"))["articles"]}
    assert texts[88] == [{"text": "丁戊（据原文更正）。", "sources": ["a"]}, {"text": "丁戊己。", "sources": ["b"]}]
    assert "丁戊。" not in edited.read_text(encoding="utf-8")
    assert report.conflicts == [] and len(report.kept) == 1 and "article 88" in report.kept[0]
    assert "1 corrected wording(s) kept" in report.text()


def test_update_keeps_hand_added_sources_and_adds_new_agencies(edited, content):
    write(content, "c", agency([power("p1", cite("社会保险法", 87, "甲乙丙"), cite("社会保险法", 90, "壬癸。"))]))
    report = update_registry(content)
    articles = {a["number"]: a["texts"] for a in read(content, slug("社会保险法"))["articles"]}
    assert articles[87] == [{"text": "甲乙丙。", "sources": ["a", "b", "c", "国家医保局门户"]}]
    assert articles[90] == [{"text": "壬癸。", "sources": ["c"]}]
    assert report.changed == [edited.name]
    again = update_registry(content)
    assert edited.name in again.unchanged


def test_update_keeps_fields_it_does_not_manage(edited, content):
    write(content, "c", agency([power("p1", cite("社会保险法", 90, "壬癸。"))]))
    update_registry(content)
    text = edited.read_text(encoding="utf-8")
    assert text.endswith(EDITED[EDITED.index("official_text:"):])
    assert read(content, slug("社会保险法"))["issuer"] == "全国人民代表大会常务委员会"


def test_update_does_not_put_back_a_removed_alias_comment_or_reorder_texts(edited, content):
    """Texts keep the order the editor gave them; new wordings come after."""
    write(content, "c", agency([power("p1", cite("社会保险法", 88, "另一种措辞。"))]))
    update_registry(content)
    texts = read(content, slug("社会保险法"))["articles"][1]["texts"]
    assert [t["text"] for t in texts] == ["丁戊（据原文更正）。", "丁戊己。", "另一种措辞。"]


# -- update reads every file as check does -------------------------------------------------------
def _nested(depth):
    return "title: 甲法\nx: " + "[" * depth + "]" * depth + "\n"


HOSTILE = {
    "tag": ("title: !!python/object/apply:os.system [echo hi]\n", ":1:8: error: YAML tags"),
    "duplicate key": ("title: 甲法\nlevel: 法律\ntitle: 乙法\n", ":3:1: error: duplicate key"),
    "alias bomb": ("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\ntitle: 甲法\n", ":1:4: error: YAML anchors"),
    "deep nesting": (_nested(200), "error: nested more than 32 levels deep"),
    "bad encoding": ("title: 甲法\n".encode("gbk"), ":1:8: error: not UTF-8"),
    "150,000 articles": ("title: 甲法\narticles:\n" + "- number: 1\n" * 150_000, "error: more than 400000 values"),
    "not a mapping": ("- 甲法\n", ":1:1: error: expected a mapping"),
    "bad number": ("title: 甲法\narticles:\n- number: 八十七\n", ":3:3: error: articles[0].number: expected a whole number"),
}


@pytest.mark.parametrize("kind", ["statutes", "agencies"])
@pytest.mark.parametrize("case", list(HOSTILE))
def test_update_refuses_what_check_refuses_without_a_traceback(case, kind, content, capsys):
    update_registry(content)
    before = {p.name: p.read_bytes() for p in (content / "statutes").iterdir()}
    text, expected = HOSTILE[case]
    bad = content / kind / "bad.yaml"
    bad.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    write(content, "c", agency([power("p1", cite("社会保险法", 90, "壬癸。"))]))  # something to write
    assert main(["--content", str(content), "registry", "update"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert any(f"{kind}/bad.yaml" in line and (expected in line or (kind == "agencies" and "error:" in line))
               for line in lines), err
    assert lines[-1] == f"quanze: {len(lines) - 1} error(s); nothing was written"
    before.pop("bad.yaml", None)
    after = {p.name: p.read_bytes() for p in (content / "statutes").iterdir() if p.name != "bad.yaml"}
    assert after == before


def test_update_refuses_a_53_mb_file_at_once(content, capsys):
    (content / "statutes").mkdir()
    with open(content / "statutes" / "huge.yaml", "wb") as handle:
        handle.truncate(53 * 1024 * 1024)
    assert main(["--content", str(content), "registry", "update"]) == 1
    err = capsys.readouterr().err
    assert "huge.yaml:1:1: error: file is 55574528 bytes, more than the limit of 5242880" in err, err


def test_update_refuses_links_out_of_the_project_and_fifos(content):
    outside = content / "secret.yaml"
    outside.write_text("title: 秘密\n", encoding="utf-8")
    shutil.move(content / "agencies", content / "project" / "content" / "agencies")
    content = content / "project" / "content"
    (content / "statutes").mkdir()
    (content / "statutes" / "link.yaml").symlink_to(outside)
    os.mkfifo(content / "statutes" / "pipe.yaml")
    done = subprocess.run([sys.executable, "-m", "generator", "--content", str(content), "registry", "update"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)  # a FIFO read would hang
    assert done.returncode == 1
    err = done.stderr
    assert "link.yaml:0:0: error: symbolic link to a file outside the project" in err
    assert "pipe.yaml:0:0: error: a named pipe (FIFO), not a regular file" in err
    assert outside.read_text(encoding="utf-8") == "title: 秘密\n"


def test_update_output_has_no_terminal_control_characters(content, capsys):
    write(content, "c", agency([power("p1", dict(cite("社会保险法\x1b[2J\x07", 90), statute="old-id"))]))
    assert main(["--content", str(content), "registry", "update"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b[2J\\x07" in out


def test_update_keeps_a_source_that_no_longer_quotes_and_says_so(content, capsys):
    update_registry(content)
    write(content, "b", agency([power("p1", cite("社会保险法", 87, "甲 乙丙", "法律", "(2018年修正)"))]))
    assert main(["--content", str(content), "registry", "update"]) == 0
    out = capsys.readouterr().out
    articles = {a["number"]: a["texts"] for a in read(content, slug("社会保险法"))["articles"]}
    assert articles[88] == [{"text": "丁戊。", "sources": ["a"]}, {"text": "丁戊己。", "sources": ["b"]}]
    assert (f"note: {slug('社会保险法')}.yaml: article 88: b is a source but its list no longer quotes the article "
            "(remove it from sources if the list changed)") in out.splitlines()


def test_a_statute_file_edited_between_two_reads_is_read_again(tmp_path):
    statutes = tmp_path / "content" / "statutes"
    statutes.mkdir(parents=True)
    path = statutes / "shili-fa.yaml"
    path.write_text("title: 中华人民共和国示例法\nlevel: 法律\n", encoding="utf-8")
    assert Registry.from_dir(statutes).resolve("示例别名法") is None
    path.write_text("title: 中华人民共和国示例法\naliases:\n- 示例别名法\nlevel: 法律\n", encoding="utf-8")
    assert Registry.from_dir(statutes).resolve("示例别名法") == "shili-fa"
    path.write_text("title: [\n", encoding="utf-8")
    with pytest.raises(ContentError):
        Registry.from_dir(statutes)
