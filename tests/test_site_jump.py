"""跳至第 N 条 on the pages of an official text: every article linked, grouped by chapter when the
text has chapters, the cited ones in bold; each link finds its anchor."""

from __future__ import annotations

import pytest
from test_law_support import imported_content

from generator.content.model import OfficialArticle, Paragraph, StatuteVersion
from generator.content.reader import load_corpus
from generator.law.layout import blocks
from generator.publish.links import broken_links
from generator.site.render import render_site
from generator.site.statutes import jump_groups


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return render_site(load_corpus(imported_content(tmp_path_factory.mktemp("jump"))), offer_zip=False)


def test_official_text_page_jumps_to_every_article_by_chapter(pages):
    page = next(p.text for p in pages if p.path == "statutes/shili-baozhangfa.md")
    jump = [line for line in page.splitlines() if line.startswith(("跳至", "[第"))]
    assert jump == [
        "跳至（按章）：[第一章 总则](#chapter-1)：[第一条](#art-1) · [第二条](#art-2)",
        "[第二章 经办与监督](#chapter-2)：**[第三条](#art-3)** · [第四条](#art-4) · **[第五条](#art-5)**",
        "[第三章 法律责任](#chapter-3)：**[第六条](#art-6)** · [第七条](#art-7)",
    ]
    assert page.count("{: .quanze-jump }") == 3
    assert page.index("跳至（按章）") < page.index("## 第一章 总则 {#chapter-1}")
    older = next(p.text for p in pages if p.path == "statutes/shili-baozhangfa/2010-1.md")
    assert "跳至（按章）：[第一章 总则](#chapter-1)" in older


def test_every_jump_finds_its_anchor(pages):
    statutes = [p for p in pages if p.path.startswith("statutes/")]
    assert [line for line in broken_links(statutes) if ": #" in line] == []


def _version(count: int) -> StatuteVersion:
    return StatuteVersion(label="2020", articles=[OfficialArticle(number=n, paragraphs=[Paragraph(text="甲。")])
                                                  for n in range(1, count + 1)])


def test_a_text_without_chapters_jumps_in_one_line_and_one_article_needs_none():
    version = _version(3)
    groups = jump_groups(version, blocks(version), {(2, 0)})
    assert [g["heading"] for g in groups] == [None]
    assert [(a["link"].text, str(a["link"].url), a["cited"]) for a in groups[0]["articles"]] == [
        ("第一条", "#art-1", False), ("第二条", "#art-2", True), ("第三条", "#art-3", False)]
    single = _version(1)
    assert jump_groups(single, blocks(single), {(1, 0)}) == []
