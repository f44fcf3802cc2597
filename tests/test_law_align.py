"""Articles matched across versions of a statute, and what became of a cited part (generator/law/align.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.model import Citation
from generator.law.align import align, change
from generator.law.parse import parse_statute

FIXTURES = Path(__file__).parent / "fixtures" / "statutes"
LAWREFBOOK = Path(__file__).resolve().parents[2] / "shared" / "reference" / "statutes" / "lawrefbook"

OLD = """# 示例法

2010年1月1日 通过
<!-- INFO END -->
第一条 为了规范示例管理，保障当事人的合法权益，制定本法。
第二条 示例管理应当遵循公开、公平、公正的原则。
第三条 示例登记由县级以上人民政府示例主管部门负责办理。
第四条 违反本法规定，由示例主管部门责令改正，处一千元以上一万元以下的罚款。
第五条 本法自2010年7月1日起施行。
"""
NEW = """# 示例法

2010年1月1日 通过
2020年1月1日 修订
<!-- INFO END -->
第一条 为了规范示例管理，保障当事人的合法权益，制定本法。
第二条 国家建立统一的示例信息平台，实现信息共享。
第三条 示例管理应当遵循公开、公平、公正和便民的原则。
第四条 违反本法规定，由示例主管部门责令改正，处二千元以上二万元以下的罚款。
第五条 本法自2020年5月1日起施行。
"""


def versions():
    return parse_statute(OLD, "old.md").version, parse_statute(NEW, "new.md").version


def test_articles_matched_by_their_wording_in_order():
    old, new = versions()
    alignment = align(old, new)
    assert alignment.forward == {(1, 0): (1, 0), (2, 0): (3, 0), (3, 0): None, (4, 0): (4, 0), (5, 0): (5, 0)}
    assert alignment.moved() == [((2, 0), (3, 0))]


@pytest.mark.parametrize(("article", "said"), [
    (1, None),
    (2, "第二条 is 第三条 in 2020, changed: 公正[]→[和便民]的原"),
    (3, "第三条 no longer exists in 2020"),
    (4, "第四条 changed from 2010 to 2020: ，处[一]→[二]千元；以上[一]→[二]万元"),
])
def test_what_became_of_a_cited_article(article, said):
    old, new = versions()
    found = change(old, new, Citation(statute="x", article=article), align(old, new))
    assert (found.describe(old.label, new.label) if found else None) == said


def test_a_renumbered_article_with_the_same_wording():
    old = parse_statute(OLD, "old.md").version
    inserted = NEW.replace("第三条 示例管理应当遵循公开、公平、公正和便民的原则。", "第三条 示例管理应当遵循公开、公平、公正的原则。")
    new = parse_statute(inserted, "new.md").version
    found = change(old, new, Citation(statute="x", article=2, paragraph=1), align(old, new))
    assert found.describe(old.label, new.label) == "第二条第一款 is 第三条第一款 in 2020, its wording unchanged"


def test_the_penalty_law_of_2017_and_2021():
    old = parse_statute((FIXTURES / "xingzheng_chufa_fa_2017.md").read_text(encoding="utf-8"), "a.md").version
    new = parse_statute((FIXTURES / "xingzheng_chufa_fa_2021.md").read_text(encoding="utf-8"), "b.md").version
    alignment = align(old, new)
    assert alignment.forward == {(1, 0): (1, 0), (2, 0): (3, 0), (3, 0): (4, 0), (4, 0): (5, 0)}  # 本法自…施行 too
    item = change(old, new, Citation(statute="x", article=3, paragraph=1, item=1), alignment)
    assert item.describe("2017", "2021") == "第三条第一款第一项 is 第四条第一款第一项 in 2021, changed: 警告[]→[、通报批评]"


@pytest.mark.skipif(not LAWREFBOOK.is_dir(), reason="reference statute texts not present")
@pytest.mark.parametrize(("pair", "moves"), [
    (("公司法(2018-10-26)", "公司法(2023-12-29)"), {8: 7, 9: 12, 218: 266}),
    (("反垄断法(2007-08-30)", "反垄断法(2022-06-24)"), {1: 1, 5: 6, 57: 70}),
])
def test_real_pairs_of_versions(pair, moves):
    old, new = (parse_statute((LAWREFBOOK / f"{name}.md").read_text(encoding="utf-8"), name).version for name in pair)
    alignment = align(old, new)
    assert {n: alignment.new_article(n)[0] for n in moves} == moves
    targets = [t for t in alignment.forward.values() if t is not None]
    assert targets == sorted(set(targets)), "in order, each new article at most once"


def test_a_whole_article_that_became_a_paragraph_is_followed_to_it():
    old, new = (parse_statute((FIXTURES / f"shili_dengji_fa_{year}.md").read_text(encoding="utf-8"), "x.md").version
                for year in (2015, 2021))
    found = change(old, new, Citation(statute="x", article=3), align(old, new))
    assert (found.describe("2015", "2021"), found.anchor) == ("第三条 is 第四条第一款 in 2021, its wording unchanged", "art-4-1")
    amended = change(old, new, Citation(statute="x", article=4), align(old, new))
    assert (amended.now, amended.anchor) == ("第五条", "art-5")  # one paragraph then and now: the article
