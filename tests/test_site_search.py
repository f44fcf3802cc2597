"""The site's search in a real Chromium from file:// (network blocked): queries typed before the
index has loaded, pasted queries, Chinese substrings, synonyms, agency and category in results;
and the index-side additions (`generator/publish/search_index.py`) without a browser."""

from __future__ import annotations

import pytest
from conftest import CONTENT

from generator.publish.search_index import SYNONYMS, agency_names, read_index, synonyms, title_where, where


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
    index = read_index(site)
    assert index["config"]["synonyms"] == synonyms()
    powers = [d for d in index["docs"] if d["location"].startswith("agencies/") and "#" not in d["location"]
              and not d["location"].endswith("/index.html")]
    assert powers and all(" · " in d.get("where", "") for d in powers)
    assert not any("where" in d for d in index["docs"] if "#" in d["location"])


def test_the_facts_taken_as_pages_are_written_are_those_of_the_pages_read_back(default_site):
    """The build takes each page's `where` and `names` from the page as it writes it; the same
    index enriched from the files the site holds is the same."""
    from generator.publish.search_index import _READ, enrich

    index = read_index(default_site)
    bare = {**index, "docs": [{k: v for k, v in doc.items() if k not in ("where", "names")} for doc in index["docs"]]}
    _READ.clear()
    assert enrich(bare, default_site) == index
    assert sum("where" in doc for doc in index["docs"]) > 20 and any("names" in doc for doc in index["docs"])


def test_title_where_is_the_middle_of_the_title():
    assert title_where("<title>行政执法事项目录清单 – 大同市医疗保障局 – 站</title>") == "大同市医疗保障局"
    assert title_where("<title>A &amp; B – &lt;局&gt; – 站</title>") == "&lt;局&gt;"
    assert title_where("<title>宝丰县医疗保障局权责清单 – 站</title>") is None  # the title names it
    assert title_where("<p>none</p>") is None


def test_agency_page_whose_title_lacks_the_name_carries_it(default_site):
    index = read_index(default_site)
    docs = {d["location"]: d for d in index["docs"]}
    assert docs["agencies/datong/index.html"]["where"] == "大同市医疗保障局"  # 行政执法事项目录清单
    assert "where" not in docs["agencies/baofeng/index.html"]  # 宝丰县医疗保障局权责清单


@pytest.mark.parametrize("name, found", [
    ("大同市医疗保障局", ["大同医保局", "大同市医保局", "大同医疗保障局"]),
    ("内蒙古自治区医疗保障局", ["内蒙古医保局", "内蒙古医疗保障局"]),
    ("宁夏回族自治区银川市西夏区医疗保障局", ["西夏区医保局", "西夏医保局", "西夏区医疗保障局"]),
    ("盘山县民政局", ["盘山民政局"]),  # a department the table does not know: the place still shortened
    ("某某县市场监督管理局（知识产权局）", ["某某县市场监督管理局", "某某市场监管局", "某某县知识产权局"]),
    ("北京市海淀区应急管理局", ["海淀区应急局", "海淀应急管理局"]),
])
def test_agency_names_join_each_form_of_the_place_to_each_form_of_the_department(name, found):
    names = agency_names(name)
    assert names[0] == name and set(found) <= set(names)
    assert all(len(n) > 2 for n in names)


def test_agency_names_never_cut_a_place_to_one_character():
    assert "沙医保局" not in agency_names("沙县医疗保障局") and "沙县医保局" in agency_names("沙县医疗保障局")


def test_agency_pages_carry_their_names_and_navigation_sections_are_not_indexed(default_site):
    index = read_index(default_site)
    docs = {d["location"]: d for d in index["docs"]}
    assert "大同医保局" in docs["agencies/datong/index.html"]["names"]
    assert "宝丰医保局" in docs["agencies/baofeng/index.html"]["names"]
    assert not any("names" in d for loc, d in docs.items() if not loc.endswith("/index.html"))
    sections = {loc.split("#")[1] for loc in docs if "#" in loc}
    assert "basis" in sections and not sections & {"neighbours", "elsewhere"}  # lists of other pages only


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


def top_links(page, n=5):
    """The first results' links, anchors kept (Material's `?h=` highlight query dropped)."""
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", f"els => els.slice(0, {n}).map(e => e.href)")
    return [h.split("?")[0] + ("#" + h.split("#")[1] if "#" in h else "") for h in hrefs]


@pytest.mark.browser
@pytest.mark.parametrize("query, link", [
    ("社会保险法第八十七条", "statutes/shehuibaoxian-fa.html#art-87"),
    ("社会保险法87条", "statutes/shehuibaoxian-fa.html#art-87"),
    ("社保法第８条", "statutes/shehuibaoxian-fa.html#art-8"),  # 8, not 88 or 58
    ("条例第四十条", "statutes/yiliaobaozhang-jijin-shiyong-jiandu-guanlitiaoli.html#art-40"),
    ("基本医疗卫生与健康促进法第一百零三条", "statutes/jiben-yiliaoweisheng-yu-jiankang-cujinfa.html#art-103"),
])
def test_a_query_naming_an_article_links_that_article_first(page, default_site, query, link):
    box = open_search(page, default_site)
    box.fill(query)
    results(page)
    assert top_links(page, 1)[0].endswith("/" + link)


@pytest.mark.browser
def test_an_agency_is_found_first_by_a_short_name(page, default_site):
    box = open_search(page, default_site)
    for query, agency in (("大同医保局", "datong"), ("内蒙古医保局", "neimenggu"), ("西夏医保", "xixia")):
        box.fill(query)
        results(page)
        assert top_links(page, 1)[0].endswith(f"/agencies/{agency}/index.html"), query


@pytest.mark.browser
def test_a_snippet_is_the_matching_sentence_not_the_fields_table(page, default_site):
    box = open_search(page, default_site)
    box.fill("骗取医疗救助资金")
    first = results(page).first.inner_text()
    assert "骗取" in first and "项目内容" not in first and "职权编码" not in first


def test_short_place_names_drop_the_place_word_never_to_one_character():
    from generator.content.places import short_place

    assert [short_place(p) for p in ("大同市", "内蒙古自治区", "宁夏回族自治区", "延边朝鲜族自治州", "沙县", "西夏区",
                                     "新疆维吾尔自治区", "恩施土家族苗族自治州")] == \
        ["大同", "内蒙古", "宁夏", "延边", "沙县", "西夏", "新疆", "恩施"]


def test_a_power_is_searched_by_what_its_page_says_once(default_site):
    """A power page's entry holds its code, category and bodies, but not what the entry has
    elsewhere (its name is the title, its agency and category the `where`) or what no reader
    searches for (its number in the list, the list it is in, its data link, a placeholder for
    steps the list does not give)."""
    docs = read_index(default_site)["docs"]
    top = next(d for d in docs if d["location"] == "agencies/xixia/0208064000.html")
    assert top["title"] == "对骗取医疗救助资金的处罚" and top["where"] == "西夏区医疗保障局 · 行政处罚"
    assert "0208064000" in top["text"] and "实施主体" in top["text"]
    for said_elsewhere in ("骗取医疗救助资金", "西夏区医疗保障局 ·", "序号", "所属清单", "项目", "JSON"):
        assert said_elsewhere not in top["text"], said_elsewhere
    sections = {d["location"].split("#")[1] for d in docs if d["location"].startswith("agencies/xixia/0208064000.html#")}
    assert "basis" in sections and "responsibilities" not in sections  # 清单未列责任事项
