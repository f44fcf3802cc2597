"""The site's search in a real Chromium from file:// (network blocked): queries typed before the
index has loaded, pasted queries, Chinese substrings, synonyms, agency and category in results;
and the index-side additions (`generator/publish/search_index.py`) without a browser."""

from __future__ import annotations

import json

import pytest
from conftest import CONTENT

from generator.publish.search_index import SYNONYMS, synonyms, title_where, where


def test_synonyms_are_data_with_lists_of_words():
    found = synonyms()
    assert SYNONYMS.is_file()
    assert "骗取医疗保障基金" in found["骗保"] and "医疗保障" in found["医保"]
    assert all(isinstance(v, list) and all(isinstance(w, str) for w in v) for v in found.values())


def test_where_line_is_text_escaped_again():
    page = '<p class="quanze-where"><a href="x">A&amp;B &lt;局&gt;</a> · <a href="y">行政处罚</a></p>'
    assert where(page) == "A&amp;B &lt;局&gt; · 行政处罚"
    assert where("<p>nothing</p>") is None


def test_index_carries_where_of_power_pages_and_synonyms(browsed_site):
    _, site = browsed_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["synonyms"] == synonyms()
    powers = [d for d in index["docs"] if d["location"].startswith("agencies/") and "#" not in d["location"]
              and not d["location"].endswith("/index.html")]
    assert powers and all(" · " in d.get("where", "") for d in powers)
    assert not any("where" in d for d in index["docs"] if "#" in d["location"])


def test_title_where_is_the_middle_of_the_title():
    assert title_where("<title>行政执法事项目录清单 – 大同市医疗保障局 – 站</title>") == "大同市医疗保障局"
    assert title_where("<title>A &amp; B – &lt;局&gt; – 站</title>") == "&lt;局&gt;"
    assert title_where("<title>宝丰县医疗保障局权责清单 – 站</title>") is None  # the title names it
    assert title_where("<p>none</p>") is None


def test_agency_page_whose_title_lacks_the_name_carries_it(default_site):
    index = json.loads((default_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    assert docs["agencies/datong/index.html"]["where"] == "大同市医疗保障局"  # 行政执法事项目录清单
    assert "where" not in docs["agencies/baofeng/index.html"]  # 宝丰县医疗保障局权责清单


# --- in the browser -------------------------------------------------------------------------

def results(page, timeout=15000):
    items = page.locator(".md-search-result__item")
    items.first.wait_for(state="visible", timeout=timeout)
    return items


def open_search(page, site):
    page.goto((site / "index.html").as_uri())
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible", timeout=10000)
    box.click()
    return box


@pytest.mark.browser
def test_a_query_typed_as_the_page_appears_is_searched(page, browsed_site):
    """Three fresh loads, the query typed at once (before the index has loaded): each searches."""
    _, site = browsed_site
    for _ in range(3):
        page.goto((site / "index.html").as_uri(), wait_until="commit")
        box = page.locator("input.md-search__input")
        box.wait_for(state="attached", timeout=10000)
        box.click()
        page.keyboard.type("骗取")
        assert "骗取" in results(page).first.inner_text()
    assert page.remote_requests == []


@pytest.mark.browser
def test_a_pasted_query_searches_without_a_key(page, browsed_site):
    _, site = browsed_site
    box = open_search(page, site)
    box.fill("骗取")  # one `input` event, as a paste, voice input or an input method gives
    shown = results(page).first.inner_text()
    assert "骗取" in shown and "\u200b" not in shown


@pytest.mark.browser
def test_substring_synonym_and_agency_in_results(page, default_site):
    box = open_search(page, default_site)
    box.fill("药机构")
    first = results(page).first
    assert "药机构" in first.inner_text().replace("、", "").replace("定点医疗", "定点")
    power = results(page).filter(has=page.locator("a[href*='agencies/']")).first  # the first power found
    assert "定点医药机构" in power.inner_text().replace("、", "").replace("定点医疗", "定点")
    assert power.locator(".quanze-result-where").count() == 1  # whose power, and its category
    assert "医疗保障局 · 行政" in power.locator(".quanze-result-where").inner_text()
    box.fill("骗保")
    assert "骗取医疗保障基金" in results(page).first.inner_text()
    box.fill("骗取医疗救助")
    top = page.eval_on_selector_all(".md-search-result__item > a", "els => els.slice(0, 5).map(e => e.href)")
    assert any("0208064000" in h or "caiqu-xubao" in h for h in top)
    assert CONTENT.is_dir()


def top_hrefs(page, n=5):
    return page.eval_on_selector_all(".md-search-result__item > a",
                                     f"els => els.slice(0, {n}).map(e => e.href.split('?')[0].split('#')[0])")


@pytest.mark.browser
def test_runs_typed_without_spaces_are_cut_into_words_that_occur(page, default_site):
    box = open_search(page, default_site)
    box.fill("骗保")
    results(page)  # the index has loaded: the pieces are those that occur in it
    pieces = page.evaluate("q => window.quanzeSearch.terms(q).map(t => t.word)", "药店骗保")
    assert pieces == ["药店", "骗保"]  # no page holds 药店骗保; each piece occurs (itself or a synonym)
    assert page.evaluate("q => window.quanzeSearch.terms(q).map(t => t.word)", "骗取医疗救助") == ["骗取医疗救助"]
    box.fill("医保卡借给别人用")  # 医保卡 -> 医疗保障凭证, 别人 -> 他人: 交由他人冒名使用
    results(page)
    assert any("pianqu" in h or "0247006000" in h for h in top_hrefs(page))


@pytest.mark.browser
def test_agency_name_and_code_find_their_own_pages_first(page, default_site):
    box = open_search(page, default_site)
    box.fill("大同市医疗保障局")
    results(page)
    assert "agencies/datong/" in top_hrefs(page, 1)[0]
    box.fill("0247001000")
    results(page)
    first, *rest = top_hrefs(page)
    assert first.endswith("/0247001000.html")  # the power's page, or the page comparing it across lists
    assert any("agencies/" in h and h.endswith("/0247001000.html") for h in [first, *rest])
