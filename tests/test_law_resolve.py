"""Citations read on their list's date and followed to today's text (generator/law/resolve.py),
and what `quanze check` says of them."""

from __future__ import annotations

from datetime import date

import pytest
from test_law_check import law_problems
from test_law_support import registration_content

from generator.content.model import Agency, Citation
from generator.content.reader import load_corpus
from generator.law.resolve import Resolver, list_date

TODAY = date(2025, 12, 1)


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    return registration_content(tmp_path_factory.mktemp("registration"))


@pytest.fixture(scope="module")
def resolver(content):
    return Resolver(load_corpus(content).statutes, TODAY)


def cite(article: int, paragraph: int | None = None) -> Citation:
    return Citation(statute="shili-dengjifa", article=article, paragraph=paragraph)


def test_a_list_is_read_on_its_published_date_else_its_editions():
    agency = dict(name="甲", region="乙", admin_level="县级", title="丙")
    assert list_date(Agency(**agency, edition="2021年3月", published=date(2020, 6, 1))) == date(2020, 6, 1)
    assert list_date(Agency(**agency, edition="2021年3月")) == date(2021, 3, 1)
    assert list_date(Agency(**agency)) is None


@pytest.mark.parametrize(("article", "now", "anchor", "diff"), [
    (2, "第三条", "art-3", None),
    (3, "第四条第一款", "art-4-1", None),  # the article gained a paragraph: the old one is its first
    (4, "第五条", "art-5", "法第[三]→[四]条规；，处[一]→[二]千元；以上[一]→[二]万元"),
])
def test_a_citation_of_2020_followed_to_2021(resolver, article, now, anchor, diff):
    found = resolver.resolve(cite(article), date(2020, 6, 1))
    assert (found.relied.label, found.current.label, found.since) == ("2015", "2021", date(2021, 7, 15))
    assert (found.change.now, found.change.anchor, found.change.diff) == (now, anchor, diff)
    assert found.stale and not found.missing


def test_a_citation_unchanged_or_of_the_current_text_is_not_stale(resolver):
    assert not resolver.resolve(cite(1), date(2020, 6, 1)).stale
    after = resolver.resolve(cite(5), date(2022, 1, 1))
    assert after.relied.label == "2021" and not after.stale
    assert resolver.resolve(cite(3), None).relied.label == "2021"  # no date: read today


def test_a_citation_of_an_article_not_in_the_text(resolver):
    found = resolver.resolve(cite(9), date(2020, 6, 1))
    assert found.missing and not found.stale


def test_each_pair_of_versions_aligned_once(resolver):
    versions = resolver.versions("shili-dengjifa")
    for article in (2, 3, 4):
        resolver.resolve(cite(article), date(2020, 6, 1))
    assert list(versions.alignments) == [("2015", "2021")]
    assert versions.article_in(3, versions.statute.official_versions[1], versions.statute.official_versions[0]) == (2, 0)


def test_check_says_at_the_quote_what_the_article_is_now(content):
    assert law_problems(content) == [
        "content/agencies/jiu.yaml:16:5: warning: basis[0].text: 第四条 of 中华人民共和国示例登记法 (2015) is now 第五条 "
        "(2021); changed on 2021-07-15: 法第[三]→[四]条规；，处[一]→[二]千元；以上[一]→[二]万元 (check the power "
        "against the 2021 wording and cite 第五条)",
        "content/agencies/jiu.yaml:21:5: warning: basis[1].text: 第三条 of 中华人民共和国示例登记法 (2015) is now "
        "第四条第一款 (2021), renumbered on 2021-07-15, its wording unchanged (cite 第四条第一款 of the 2021 version)",
        "content/agencies/jiu.yaml:29:5: warning: basis[0].article: 第二条 of 中华人民共和国示例登记法 (2015) is now "
        "第三条 (2021), renumbered on 2021-07-15, its wording unchanged (cite 第三条 of the 2021 version)",
        "content/agencies/jiu.yaml:33:5: warning: basis[1].article: 第九条 does not exist in 中华人民共和国示例登记法 "
        "(2015), which has 5 articles (check the article, paragraph and item numbers against the official text)",
    ]
