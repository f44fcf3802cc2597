"""Compare pages: one per power code that two or more lists carry, the agencies side by side."""

from __future__ import annotations

import re

import pytest
from conftest import CONTENT, with_powers_changed

from generator.content.corpus import Corpus
from generator.content.reader import load_corpus
from generator.opendata import data_files
from generator.publish.docs import original_files
from generator.publish.links import broken_links
from generator.publish.plan import plan_sites
from generator.site.render import render_site


def table_rows(page: str) -> list[list[str]]:
    """The cells of each row of a page's tables (header rows too), as the page writes them."""
    return [re.findall(r"<t[hd]>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>\n(.*?)</tr>", page, re.S)]


def row_of(page: str, first: str) -> list[str]:
    """The row of a page's table whose first cell shows `first`."""
    return next(row for row in table_rows(page) if row and re.sub(r"<[^>]+>", "", row[0]) == first)


@pytest.fixture(scope="module")
def pages():
    return {page.path: page.text for page in render_site(load_corpus(CONTENT, fast=True))}


def test_compare_page_puts_the_agencies_carrying_a_code_side_by_side(pages):
    page = pages["compare/0247001000.md"]
    rows = [line for line in page.splitlines() if line.startswith("<tr><td")]
    assert [row.split('">')[2].split("<")[0] for row in rows] == ["惠农区医疗保障局", "西夏区医疗保障局"]
    xixia = rows[1]
    assert ('<td data-label="职权名称"><a href="../agencies/xixia/0247001000.html">以欺诈、伪造证明材料或者其他手段'
            "骗取社会保险基金支出行为的处罚</a></td>") in xixia
    assert '<a href="../statutes/shehuibaoxian-fa.html#art-87">《中华人民共和国社会保险法》第八十七条</a>' in xixia
    assert "<strong><a href=\"../statutes/" in xixia and "第二十一条第一款</a></strong>" in xixia  # cited by one list only
    assert xixia.endswith('<td data-label="不同之处"><strong>依据</strong></td></tr>')
    assert page.count('data-label="') == 8 * len(rows)  # each cell under its column's name on phones


def test_the_search_finds_a_compare_page_by_its_title_and_its_rows_on_the_powers_own_pages(default_site):
    """A comparison's rows repeat what each power's page says (searched there): its table is left
    out of the index (the tables of every shared code were most of a city's top index)."""
    from generator.publish.search_index import read_index

    names = [agency.name for agency in load_corpus(CONTENT, fast=True).agencies.values()]
    entries = [e for e in read_index(default_site)["docs"]
               if e["location"].startswith("compare/") and not e["location"].startswith("compare/index")]
    assert entries and any(e["title"].startswith("职权对照") for e in entries)
    assert not [e for e in entries for name in names if name in e["text"]]
    html = (default_site / entries[0]["location"].split("#")[0]).read_text("utf-8")
    assert any(name in html for name in names)  # (the table is there, for the reader)


def test_power_page_links_its_compare_page_and_a_code_of_one_list_has_none(pages):
    assert '逐项对照：<a href="../../compare/0247001000.html">各机关的“0247001000”对照</a>' in pages["agencies/xixia/0247001000.md"]
    compared = [p for p in pages if p.startswith("compare/") and p != "compare/index.md"]
    assert len(compared) == 16  # 15 codes of both Ningxia lists, and 0647003000 of 西夏区 by name in 内蒙古
    for path, text in pages.items():
        if path.startswith("agencies/") and "逐项对照" in text:
            code = text.split("逐项对照：")[1].split("各机关的“")[1][:10]
            assert f"compare/{code.lower()}.md" in pages


@pytest.fixture(scope="module")
def sharded():
    corpus = load_corpus(CONTENT, fast=True)
    plan = plan_sites(corpus, "region")
    rendered = render_site(corpus, layout=plan.layout, offer_zip=False)
    return corpus, plan, rendered, {page.path: page.text for page in rendered}


def test_a_sharded_site_counts_a_code_per_province_at_the_top_and_compares_within_each(sharded):
    corpus, plan, rendered, pages = sharded
    top = pages["compare/0647004000.md"]
    rows = [line for line in top.splitlines() if line.startswith("| [")]
    assert rows == ["| [内蒙古自治区](../neimenggu/compare/0647004000.html) | 1 | 0 | 1 | 0 |",
                    "| [宁夏回族自治区](../ningxia/compare/0647004000.html) | 2 | 2 | 0 | 0 |"]
    ningxia = pages["ningxia/compare/0647004000.md"]
    agencies = [line.split('">')[2].split("<")[0] for line in ningxia.splitlines() if line.startswith("<tr><td")]
    assert agencies == ["惠农区医疗保障局", "西夏区医疗保障局"]  # only the province's lists, side by side
    assert "全站 3 个机关的清单" in ningxia and '<a href="../../compare/0647004000.html">全站“0647004000”对照</a>' in ningxia
    assert 'href="../agencies/xixia/0647004000.html"' in ningxia  # a power page of the same sub-site
    assert 'href="../../statutes/jiben-yiliaoweisheng-yu-jiankang-cujinfa.html#art-87"' in ningxia  # the top site's page
    neimenggu = pages["neimenggu/compare/0647004000.md"]
    assert neimenggu.count('<td data-label="对应方式">名称相同</td>') == 1
    assert neimenggu.rstrip().endswith('<td data-label="不同之处">—</td></tr>\n</tbody>\n</table>\n</div>')  # same as the majority
    # (neither is searched: their rows repeat the powers' own pages, and the top's, one a shared code
    # with a row a province, were most of a city's top index)
    assert 'search: {"exclude": true}' in ningxia and 'search: {"exclude": true}' in top
    assert not any(p.startswith("henan/compare/") and p != "henan/compare/index.md" for p in pages)
    xixia = next(p for p in pages if p.startswith("ningxia/agencies/xixia/") and "0647004000" in p)
    assert '逐项对照：<a href="../../compare/0647004000.html">各机关的“0647004000”对照</a>' in pages[xixia]  # its province's page
    assert broken_links(rendered, [*data_files(corpus, plan.layout, rendered), *original_files(corpus, plan.layout, CONTENT)]) == []


def test_a_sharded_site_has_a_coverage_matrix_per_province_and_a_summary_of_provinces(sharded):
    _, plan, _, pages = sharded
    summary = pages["compare/index.md"]
    assert row_of(summary, "职权编码")[3:] == [
        '<a href="../henan/compare/index.html">河南省</a>', '<a href="../neimenggu/compare/index.html">内蒙古自治区</a>',
        '<a href="../ningxia/compare/index.html">宁夏回族自治区</a>', '<a href="../shanxi/compare/index.html">山西省</a>']
    assert row_of(summary, "0647004000")[2:] == [
        "3", "0", '<a href="../neimenggu/compare/0647004000.html">1</a>',
        '<a href="../ningxia/compare/0647004000.html">2</a>', "0"]
    assert row_of(summary, "") == ["", "地区机关总数", "5", "1", "1", "2", "1"]
    assert "河南省的清单没有列入上述职权。" in pages["henan/compare/index.md"]  # no shared code: no table
    assert not table_rows(pages["henan/compare/index.md"])
    ningxia = pages["ningxia/compare/index.md"]
    assert row_of(ningxia, "职权编码")[4:] == ['<a href="../agencies/huinong/index.html">惠农区医疗保障局</a>',
                                            '<a href="../agencies/xixia/index.html">西夏区医疗保障局</a>']
    assert row_of(ningxia, "0647003000") == ['<a href="0647003000.html">0647003000</a>', "对药品、医用耗材价格进行监测和成本调查",
                                            "1", "2", "缺", "✓"]
    neimenggu = table_rows(pages["neimenggu/compare/index.md"])[1:]
    assert [re.sub(r"<[^>]+>", "", row[0]) for row in neimenggu] == ["0647003000", "0647004000", "0647006000",
                                                                      "1047004000"]
    assert {p for p in pages if p.endswith("/compare/index.md")} == {f"{s}/compare/index.md" for s in plan.titles}
    assert '<li>职权对照：<a href="compare/index.html">各机关职权覆盖表</a></li>' in pages["ningxia/index.md"]  # its home


def test_a_sharded_site_without_shared_codes_has_empty_matrices_its_home_pages_link():
    loaded = load_corpus(CONTENT, fast=True)  # every power's code and name made its own
    corpus = Corpus({agency_id: agency.model_copy(update={"powers": [
        power.model_copy(update={"code": None, "name": f"{agency.name}的第{n}项职权"}) for n, power in enumerate(agency.powers)]})
        for agency_id, agency in loaded.agencies.items()}, loaded.statutes, loaded.documents, project=loaded.project)
    plan = plan_sites(corpus, "region")
    rendered = render_site(corpus, layout=plan.layout, offer_zip=False)
    compared = sorted(p.path for p in rendered if "compare/" in p.path)
    assert compared == ["compare/index.md", *(f"{s}/compare/index.md" for s in sorted(plan.titles))]
    assert broken_links(rendered, [*data_files(corpus, plan.layout, rendered), *original_files(corpus, plan.layout, CONTENT)]) == []


def test_a_power_without_the_code_joins_by_its_name_and_the_rule_is_shown(pages):
    page = pages["compare/0647004000.md"]
    rows = {line.split('">')[2].split("<")[0]: line for line in page.splitlines() if line.startswith("<tr><td")}
    assert sorted(rows) == ["内蒙古自治区医疗保障局", "惠农区医疗保障局", "西夏区医疗保障局"]
    assert '<td data-label="对应方式">名称相同</td>' in rows["内蒙古自治区医疗保障局"]
    assert '<td data-label="对应方式">编码相同</td>' in rows["西夏区医疗保障局"]
    assert '逐项对照：<a href="../../compare/0647004000.html">各机关的“0647004000”对照</a>' in pages[
        next(p for p, t in pages.items() if p.startswith("agencies/neimenggu/") and "对纳入基本医疗保险基金支付范围" in t
             and t.startswith("---"))]


def test_coverage_matrix_shows_which_lists_lack_a_shared_power(pages):
    matrix = pages["compare/index.md"]
    assert row_of(matrix, "0647004000")[2:] == ["3", "缺", "缺", "✓", "✓", "✓"]  # baofeng, datong, huinong, neimenggu, xixia


def test_a_province_s_compare_page_depends_on_its_own_lists_only(sharded):
    """Edits in 宁夏 (a basis dropped, a power renamed) change 宁夏's pages and the top ones, not
    those of the other provinces (whose sub-sites `quanze shards --changed` leaves out)."""
    corpus, plan, _, pages = sharded
    shared = "0647004000"
    edited = with_powers_changed(corpus, "xixia", lambda p: p.model_copy(update={"basis": []}) if p.code == shared else p)
    edited = with_powers_changed(edited, "huinong", lambda p: p.model_copy(update={"name": p.name + "（修订）"})
                                 if p.code == shared else p)
    again = {p.path: p.text for p in render_site(edited, layout=plan.layout, offer_zip=False)}
    assert again["neimenggu/compare/0647004000.md"] == pages["neimenggu/compare/0647004000.md"]
    for shard in ("neimenggu", "henan", "shanxi"):
        assert again[f"{shard}/compare/index.md"] == pages[f"{shard}/compare/index.md"]
    assert again["ningxia/compare/0647004000.md"] != pages["ningxia/compare/0647004000.md"]
    assert again["compare/0647004000.md"] != pages["compare/0647004000.md"]
