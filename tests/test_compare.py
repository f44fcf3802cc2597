"""Compare pages: one per power code that two or more lists carry, the agencies side by side."""

from __future__ import annotations

import pytest
from conftest import CONTENT

from generator.content.reader import load_corpus
from generator.opendata import data_files
from generator.publish.links import broken_links
from generator.publish.plan import plan_sites
from generator.site.render import render_site


@pytest.fixture(scope="module")
def pages():
    return {page.path: page.text for page in render_site(load_corpus(CONTENT, fast=True))}


def test_compare_page_puts_the_agencies_carrying_a_code_side_by_side(pages):
    page = pages["compare/0247001000.md"]
    rows = [line for line in page.splitlines() if line.startswith("| [")]
    assert [row.split("](")[0] for row in rows] == ["| [惠农区医疗保障局", "| [西夏区医疗保障局"]
    xixia = rows[1]
    assert "[以欺诈、伪造证明材料或者其他手段骗取社会保险基金支出行为的处罚](../agencies/xixia/0247001000.md)" in xixia
    assert "[《中华人民共和国社会保险法》第八十七条](../statutes/shehuibaoxian-fa.md#art-87)" in xixia
    assert "**[《宁夏回族自治区基本医疗保险服务监督办法》第二十一条第一款]" in xixia  # cited by one list only
    assert xixia.endswith("| **依据** |")


def test_power_page_links_its_compare_page_and_a_code_of_one_list_has_none(pages):
    assert "逐项对照：[各机关的“0247001000”对照](../../compare/0247001000.md)" in pages["agencies/xixia/0247001000.md"]
    compared = [p for p in pages if p.startswith("compare/") and p != "compare/index.md"]
    assert len(compared) == 16  # 15 codes of both Ningxia lists, and 0647003000 of 西夏区 by name in 内蒙古
    for path, text in pages.items():
        if path.startswith("agencies/") and "逐项对照" in text:
            code = text.split("逐项对照：[各机关的“")[1][:10]
            assert f"compare/{code.lower()}.md" in pages


def test_a_sharded_site_has_no_compare_pages_and_no_broken_link():
    corpus = load_corpus(CONTENT, fast=True)
    plan = plan_sites(corpus, "region")
    rendered = render_site(corpus, layout=plan.layout, offer_zip=False)
    assert not [p for p in rendered if p.path.startswith("compare/") or "逐项对照" in p.text]
    assert broken_links(rendered, data_files(corpus, plan.layout, rendered)) == []


def test_a_power_without_the_code_joins_by_its_name_and_the_rule_is_shown(pages):
    page = pages["compare/0647004000.md"]
    rows = {line.split("](")[0][3:]: line for line in page.splitlines() if line.startswith("| [")}
    assert sorted(rows) == ["内蒙古自治区医疗保障局", "惠农区医疗保障局", "西夏区医疗保障局"]
    assert "| 名称相同 |" in rows["内蒙古自治区医疗保障局"] and "| 编码相同 |" in rows["西夏区医疗保障局"]
    assert "逐项对照：[各机关的“0647004000”对照](../../compare/0647004000.md)" in pages[
        next(p for p, t in pages.items() if p.startswith("agencies/neimenggu/") and "对纳入基本医疗保险基金支付范围" in t
             and t.startswith("---"))]


def test_coverage_matrix_shows_which_lists_lack_a_shared_power(pages):
    matrix = pages["compare/index.md"]
    row = next(line for line in matrix.splitlines() if line.startswith("| [0647004000]"))
    assert row.endswith("| 3 | 缺 | 缺 | ✓ | ✓ | ✓ |")  # baofeng, datong, huinong, neimenggu, xixia
