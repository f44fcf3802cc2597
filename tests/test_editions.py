"""Editions and adjustments: what changed between consecutive editions (generator/content/editions.py),
their pages, each power's history, the feed, and the checks of edition data."""

from __future__ import annotations

import copy
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import MINI

from generator.content.editions import diffs, power_history
from generator.content.model import Agency
from generator.content.reader import load_corpus
from generator.opendata import data_files
from generator.opendata.feed import ATOM
from generator.publish.links import broken_links
from generator.publish.pipeline import build_site
from generator.publish.plan import plan_sites
from generator.site.render import render_site
from generator.tools.check import run_check

DEMO = yaml.safe_load((MINI / "agencies" / "demo.yaml").read_text(encoding="utf-8"))


def editions_agency() -> dict:
    """The demo list as 2024年版, with 2021年版 before it: one power added (c), one removed (d),
    one renamed with another article cited (0247001000), one re-coded and re-categorised (0647001000)."""
    current = copy.deepcopy(DEMO)
    current |= {"edition": "2024年版", "published": "2024-03-01", "document_number": "示医保发〔2024〕1号"}
    current["powers"].append({"id": "c", "serial": "3", "name": "新增的职权", "category": "行政确认"})
    old = copy.deepcopy(DEMO["powers"])
    old[0]["name"] = "骗取社会保险基金支出行为的处罚"
    old[0]["basis"][0] |= {"ref": "第八十六条", "article": 86}
    old[1] |= {"code": "1047001000", "category": "其他"}
    old[1].pop("category_as_published", None)
    old.append({"id": "d", "serial": "3", "name": "已取消的职权", "category": "行政奖励"})
    current["editions"] = [{"label": "2021年版", "published": "2021-05-01", "document_number": "示医保发〔2021〕7号",
                            "powers": old}]
    current["adjustments"] = [
        {"date": "2023-06-01", "document_number": "示政发〔2023〕3号", "kind": "增加", "powers": ["c"],
         "reason": "承接新的确认事项"},
        {"date": "2022-01-10", "kind": "取消", "powers": ["d"], "reason": "上级取消"},
    ]
    return current


def write_content(root: Path, agency: dict) -> Path:
    shutil.copytree(MINI, root)
    (root / "agencies" / "demo.yaml").write_text(json.dumps(agency, ensure_ascii=False, indent=1), "utf-8")
    return root


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return write_content(tmp_path_factory.mktemp("editions") / "content", editions_agency())


def test_change_names_exactly_the_powers_added_removed_and_changed():
    diff, = diffs(Agency.model_validate(editions_agency()))
    assert (diff.old.label, diff.new.label) == ("2021年版", "2024年版")
    assert [p.id for p in diff.added] == ["c"] and [p.id for p in diff.removed] == ["d"]
    changed = {c.new.id: c for c in diff.changed}
    assert sorted(changed) == ["0247001000", "0647001000"] and diff.unchanged == 0
    first, second = changed["0247001000"], changed["0647001000"]
    assert (first.renamed, first.recoded, first.recategorised) == (True, False, False)
    assert [c.article for c in first.basis_added] == [87] and [c.article for c in first.basis_removed] == [86]
    assert (second.renamed, second.recoded, second.recategorised) == (False, True, True)
    assert diff.summary() == "增加 1 项、取消 1 项、变更 2 项"


def test_powers_are_matched_by_code_then_name_when_ids_differ():
    agency = editions_agency()
    for power in agency["editions"][0]["powers"]:
        power["id"] = "old-" + power["id"]
    agency["adjustments"] = []
    diff, = diffs(Agency.model_validate(agency))
    assert [p.id for p in diff.added] == ["c"] and [p.id for p in diff.removed] == ["old-d"]
    assert sorted(c.old.id for c in diff.changed) == ["old-0247001000", "old-0647001000"]


def test_power_history_names_its_editions_and_adjustments():
    agency = Agency.model_validate(editions_agency())
    renamed = power_history(agency, agency.powers[0])
    assert [e.text for e in renamed] == ["2024年版较2021年版：更名、依据变更（原名“骗取社会保险基金支出行为的处罚”）"]
    added = power_history(agency, agency.powers[2])
    assert [e.text for e in added] == ["2024年版新增", "增加（示政发〔2023〕3号）：承接新的确认事项"]


def test_site_shows_both_editions_the_change_and_each_history(content, tmp_path):
    site = tmp_path / "site"
    build_site(content, site, strict=True, zip_site=False)
    agency = (site / "agencies" / "demo" / "index.html").read_text(encoding="utf-8")
    assert 'href="edition.2021-nian-ban.html"' in agency and 'href="changes.2024-nian-ban.html"' in agency
    assert "示医保发〔2021〕7号" in agency and "承接新的确认事项" in agency and 'id="adjustments"' in agency
    old = (site / "agencies" / "demo" / "edition.2021-nian-ban.html").read_text(encoding="utf-8")
    assert "已取消的职权" in old and "骗取社会保险基金支出行为的处罚" in old
    changes = (site / "agencies" / "demo" / "changes.2024-nian-ban.html").read_text(encoding="utf-8")
    added, removed, changed = (changes.split(f'id="{a}"')[1].split("<h2")[0] for a in ("added", "removed", "changed"))
    assert "新增的职权" in added and "已取消的职权" not in added
    assert "已取消的职权" in removed and "新增的职权" not in removed
    assert "1047001000" in changed and "第八十六条" in changed and "其他 → 行政检查" in changed
    power = (site / "agencies" / "demo" / "0247001000.html").read_text(encoding="utf-8")
    assert 'id="history"' in power and "changes.2024-nian-ban.html" in power
    feed = ET.fromstring((site / "api" / "changes.atom").read_bytes())
    titles = [e.findtext(f"{{{ATOM}}}title") for e in feed.findall(f"{{{ATOM}}}entry")]
    assert titles[0] == "示例区医疗保障局：2024年版较2021年版增加 1 项、取消 1 项、变更 2 项"
    assert sorted(titles[1:]) == ["示例区医疗保障局：取消已取消的职权", "示例区医疗保障局：增加新增的职权"]
    links = [e.find(f"{{{ATOM}}}link").get("href") for e in feed.findall(f"{{{ATOM}}}entry")]
    assert links[0] == "../agencies/demo/changes.2024-nian-ban.html" and (site / "api" / links[0]).resolve().is_file()


def test_edition_pages_are_placed_with_their_agency_in_a_sharded_site(content):
    corpus = load_corpus(content, fast=True)
    plan = plan_sites(corpus, "agency")
    pages = render_site(corpus, layout=plan.layout, offer_zip=False)
    paths = {p.path for p in pages}
    assert {"demo/agencies/demo/edition.2021-nian-ban.md", "demo/agencies/demo/changes.2024-nian-ban.md"} <= paths
    assert broken_links(pages, data_files(corpus, plan.layout, pages)) == []


def test_bad_edition_data_is_reported_at_its_line(tmp_path):
    agency = editions_agency()
    agency["editions"].append(copy.deepcopy(agency["editions"][0]))
    agency["adjustments"][1]["powers"] = ["dd"]
    content = write_content(tmp_path / "content", agency)
    problems = [str(p) for p in run_check(content).problems if p.severity == "error"]
    text = (content / "agencies" / "demo.yaml").read_text(encoding="utf-8").splitlines()
    second = [n for n, line in enumerate(text, 1) if '"label"' in line][1]
    unknown = next(n for n, line in enumerate(text, 1) if '"dd"' in line)
    label_col, published_col = text[second - 1].index('"label"') + 1, text[second].index('"published"') + 1
    assert [p.split("demo.yaml:", 1)[1] for p in problems] == [
        f'{second}:{label_col}: error: editions[1].label: "2021年版" names the '
        "same page as editions[0] (give each edition its own label, e.g. its year: 2021年版)",
        f"{second + 1}:{published_col}: error: editions[1].published: 2021-05-01 is not "
        "after editions[0].published (2021-05-01) (editions are listed oldest first, the current one (the agency's "
        "own fields) last)",
        f'{unknown}:{text[unknown - 1].index(chr(34)) + 1}: error: adjustments[1].powers[0]: no power "dd" in any '
        'edition (did you mean "d"?)',
    ]


def test_a_mistyped_kind_or_date_is_reported_with_the_fix(tmp_path):
    agency = editions_agency()
    agency["adjustments"][0]["kind"] = "新增"
    agency["editions"][0]["published"] = "2021-13-01"
    content = write_content(tmp_path / "content", agency)
    messages = [p.message + (f" ({p.hint})" if p.hint else "") for p in run_check(content).problems]
    assert 'adjustments[0].kind: unknown kind "新增" (did you mean "增加"?)' in messages
    assert any(m.startswith("editions[0].published: input should be a valid date") for m in messages), messages
