"""Catalogue pages: the catalogue's items linked to the compare pages, each agency's report
linked to its power pages, every link resolving (one site and sharded), every text escaped."""

from __future__ import annotations

import shutil

import pytest
from conftest import CONTENT, ROOT

from generator.content.reader import load_corpus
from generator.opendata import data_files
from generator.publish.links import broken_links
from generator.publish.plan import plan_sites
from generator.site.render import render_site

FIXTURE = ROOT / "tests" / "fixtures" / "catalogue"


def _broken(corpus, layout=None):
    kwargs = {"layout": layout} if layout else {}
    rendered = render_site(corpus, offer_zip=False, **kwargs)
    broken = broken_links(rendered, data_files(corpus, layout or plan_sites(corpus, "none").layout, rendered))
    return rendered, [b for b in broken if b.startswith(("catalogues/", "index.md:"))]  # the pages catalogues add to


@pytest.fixture(scope="module")
def pages():
    rendered, broken = _broken(load_corpus(FIXTURE))
    assert broken == []
    return {page.path: page.text for page in rendered}


def test_a_catalogue_page_per_catalogue_and_a_report_page_per_agency(pages):
    assert sorted(p for p in pages if p.startswith("catalogues/")) == [
        "catalogues/demo/agencies/a-shi.md", "catalogues/demo/agencies/b-xian.md", "catalogues/demo/agencies/c-sheng.md",
        "catalogues/demo/index.md", "catalogues/index.md"]
    assert "| [示例省医疗保障系统权责清单通用目录](demo/index.md) | 示例省医疗保障局 | 4 |" in pages["catalogues/index.md"]
    assert "- [示例省医疗保障系统权责清单通用目录](catalogues/demo/index.md)（4 个通用事项）" in pages["index.md"]


def test_the_catalogue_page_lists_items_with_their_basis_levels_and_holders(pages):
    page = pages["catalogues/demo/index.md"]
    assert ('| <span id="item-3">3</span> | 0347001000 | 资料封存 | — | 行政强制 | — | 省级、市级 | 1 | 1 |'
            in page)  # 甲市 has it, 示例省 lacks it, 乙县 (县级) is not asked for it
    assert ("| <span id=\"item-2\">2</span> | 0647001000 | 基金监督检查 | 医保基金监督检查 | 行政检查 | "
            "[《中华人民共和国社会保险法》第七十九条](../../statutes/shehui-baoxian-fa.md#art-79)；"
            "[《医疗保障基金使用监督管理条例》第二十二条](../../statutes/jijin-tiaoli.md#art-22) | 各级 | 2 | 1 |") in page
    assert "| [乙县医疗保障局](agencies/b-xian.md) | 县级 | 2/3 | 1 | 1 | 1 | 0 | 1 | 1 | 2 |" in page


def test_an_agency_report_links_each_power_and_item(pages):
    page = pages["catalogues/demo/agencies/b-xian.md"]
    assert "| [0547001000 待遇支付](../index.md#item-4) | 行政给付 |" in page
    assert "| [本地特有事项](../../../agencies/b-xian/bendi.md) | 1047009000 | 其他 |" in page
    assert ("| [医保基金监督检查](../../../agencies/b-xian/jiancha.md) | — | 0647001000 | "
            "[0647001000 基金监督检查](../index.md#item-2) | 别名相同 |") in page
    assert "[《医疗保障基金使用监督管理条例》第四十条](../../../statutes/jijin-tiaoli.md#art-40)" in page
    assert "没有：清单的每项职权都对应一个通用事项。" in pages["catalogues/demo/agencies/a-shi.md"]


def test_default_catalogue_items_link_to_compare_pages_and_every_link_resolves():
    corpus = load_corpus(CONTENT, fast=True)
    rendered, broken = _broken(corpus)
    assert broken == []
    page = next(p.text for p in rendered if p.path == "catalogues/tongyong/index.md")
    assert "| [0247001000](../../compare/0247001000.md) |" in page
    assert "| — | 对医疗救助的监督检查 |" in page  # an item without a code has no compare page
    datong = next(p.text for p in rendered if p.path == "catalogues/tongyong/agencies/datong.md")
    similar = datong.split("{#similar}")[1].split("\n## ")[0]
    assert ("[对可能被转移、隐匿或者灭失的医疗保险基金相关资料进行封存](../../../agencies/datong/" in similar
            and "| 名称相近 0.86 |" in similar)  # worded apart from 0347001000, paired for an editor to confirm


def test_a_sharded_site_keeps_its_catalogue_pages_and_links_into_the_sub_sites():
    corpus = load_corpus(CONTENT, fast=True)
    layout = plan_sites(corpus, "region").layout
    rendered, broken = _broken(corpus, layout)
    assert broken == []
    page = next(p.text for p in rendered if p.path == "catalogues/tongyong/agencies/xixia.md")
    assert "](../../../ningxia/agencies/xixia/" in page and ".html)" in page


def test_a_site_without_catalogues_has_no_catalogue_page(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "content")
    shutil.rmtree(tmp_path / "content" / "catalogues")
    rendered = render_site(load_corpus(tmp_path / "content"))
    assert not [p.path for p in rendered if p.path.startswith("catalogues/")]
    assert "参考目录" not in next(p.text for p in rendered if p.path == "index.md")


def test_catalogue_text_is_escaped(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "content")
    path = tmp_path / "content" / "catalogues" / "demo.yaml"
    text = path.read_text(encoding="utf-8").replace("name: 待遇支付", "name: '<script>alert(1)</script> [x](javascript:y)'")
    path.write_text(text.replace("description: 测试用目录", "description: <img src=x onerror=alert(1)> 测试用目录"),
                    encoding="utf-8")
    pages = {p.path: p.text for p in render_site(load_corpus(tmp_path / "content"))}
    for name in ("catalogues/demo/index.md", "catalogues/demo/agencies/c-sheng.md"):
        assert "<script>" not in pages[name] and "<img" not in pages[name] and "](javascript:" not in pages[name]
    assert "&#60;script&#62;alert(1)" in pages["catalogues/demo/index.md"]


def test_an_edited_catalogue_renders_its_pages_again_from_a_cache(tmp_path):
    from generator.site.render import PageCache

    shutil.copytree(FIXTURE, tmp_path / "content")
    cache = PageCache()
    render_site(load_corpus(tmp_path / "content"), cache=cache)
    path = tmp_path / "content" / "catalogues" / "demo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 待遇支付", "name: 医疗保障待遇支付"), encoding="utf-8")
    pages = {p.path: p.text for p in render_site(load_corpus(tmp_path / "content"), cache=cache)}
    assert "医疗保障待遇支付" in pages["catalogues/demo/index.md"]
    assert "医疗保障待遇支付" in pages["catalogues/demo/agencies/b-xian.md"]


def test_catalogue_pages_have_breadcrumbs_down_to_the_agency(pages):
    import yaml

    def crumbs(path):
        return [c[0] for c in yaml.safe_load(pages[path].split("---\n")[1])["quanze"]["crumbs"]]

    assert crumbs("catalogues/index.md") == ["首页", "参考目录"]
    assert crumbs("catalogues/demo/index.md") == ["首页", "参考目录", "示例省医疗保障系统权责清单通用目录"]
    report = crumbs("catalogues/demo/agencies/b-xian.md")
    assert report[:3] == ["首页", "参考目录", "示例省医疗保障系统权责清单通用目录"] and len(report) == 4
