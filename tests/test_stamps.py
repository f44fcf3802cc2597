"""The page template rendered once for pages of one shape (publish/builders/mkdocs_stamps.py):
every page the same as the template renders it, on real sites and with templates that do with
a page's values what a stamp cannot; and the stamps used where they can be."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.publish.builders import mkdocs_stamps


def walked(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and path.name != ".quanze-state.json" and path.suffix != ".zip"}


@pytest.fixture
def counted(monkeypatch):
    """The counts of every Stamper installed while the test runs."""
    counts = []
    install = mkdocs_stamps.install

    def counting(env, nav, checked=True, compaction=None):
        stamper = install(env, nav, checked, compaction)
        if stamper is not None:
            counts.append(stamper.counts)
        return stamper
    monkeypatch.setattr(mkdocs_stamps, "install", counting)
    return counts


@pytest.fixture
def any_templates(monkeypatch):
    """Stamps with the templates of the test (not only those they were checked against)."""
    monkeypatch.setattr(mkdocs_stamps, "ANY_TEMPLATES", True)


def both_ways(monkeypatch, build) -> tuple[dict, dict]:
    """What `build(folder)` writes with stamps and without."""
    sites = []
    for enabled in (True, False):
        monkeypatch.setattr(mkdocs_stamps, "ENABLED", enabled)
        sites.append(walked(build(enabled)))
    return sites[0], sites[1]


def quanze_both_ways(monkeypatch, content: Path, sites: Path, **options) -> tuple[dict, dict]:
    """What `quanze build` of `content` writes with stamps and without."""
    from generator.publish.pipeline import BuildOptions, build, project_of

    def make(enabled):
        site = sites / f"site-{enabled}"
        build(project_of(content), site, BuildOptions(strict=False, zip_site=False, **options))
        return site
    return both_ways(monkeypatch, make)


def assert_same(stamped: dict, rendered: dict) -> None:
    assert stamped.keys() == rendered.keys()
    different = [path for path in stamped if stamped[path] != rendered[path]]
    assert not different, different[:5]


def total(counts: list[dict]) -> dict:
    return {name: sum(count[name] for count in counts) for name in ("filled", "rendered", "made", "refused", "compacted")}


# --- real sites ------------------------------------------------------------------------------------

@pytest.mark.parametrize("shard_by", ["none", "region"])
def test_the_default_site_stamped_is_the_site_rendered_page_by_page(tmp_path, monkeypatch, counted, shard_by):
    from conftest import CONTENT

    stamped, rendered = quanze_both_ways(monkeypatch, CONTENT, tmp_path, shard_by=shard_by)
    assert_same(stamped, rendered)
    counts = total(counted)
    assert counts["filled"] > 2 * counts["rendered"], counts  # most pages filled in


def test_the_hostile_corpus_stamped_is_the_site_rendered_page_by_page(tmp_path, monkeypatch, counted):
    from test_xss import write_content

    stamped, rendered = quanze_both_ways(monkeypatch, write_content(tmp_path / "xss"), tmp_path)
    assert_same(stamped, rendered)
    assert total(counted)["filled"] > 20


# --- templates that do more than print a page's values ---------------------------------------------

TITLES = ["第一项", "甲 & 乙", '“引号” "quoted" \'single\'', "a <b> c", "长" * 40, "第二项", "x"]


def mini_site(root: Path, snippet: str, nav_into_folders: bool = False, front: str = "") -> Path:
    """A Material site of pages in three folders, its page template adding `snippet`."""
    docs = root / "docs"
    for folder in ("a", "b", "c"):
        for n, title in enumerate(TITLES):
            page = docs / folder / f"p{n}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            head = f"---\n{front}---\n\n" if front else ""
            page.write_text(f"{head}# {title}\n\n## 小节 {n}\n\n正文 {folder}{n}。\n", "utf-8")
        (docs / folder / "index.md").write_text(f"# {folder}\n", "utf-8")
    (docs / "index.md").write_text("# 首页\n", "utf-8")
    overrides = root / "overrides"
    overrides.mkdir(exist_ok=True)
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}{{ super() }}<div class="probe">' + snippet
        + "</div>{% endblock %}\n", "utf-8")
    nav = "nav:\n  - index.md\n" + ("".join(f"  - {f}/index.md\n" for f in ("a", "b", "c")) if nav_into_folders else "")
    (root / "mkdocs.yml").write_text(
        f"site_name: 印章\nsite_url: https://example.org/stamps/\nuse_directory_urls: false\n{nav}"
        "theme:\n  name: material\n  language: zh\nmarkdown_extensions:\n  - toc:\n      permalink: true\n",
        "utf-8")
    return root


def build_mini(root: Path, enabled: bool) -> Path:
    from mkdocs.commands.build import build

    from generator.publish.builders.mkdocs import load

    site = root / f"site-{enabled}"
    build(load(root / "mkdocs.yml", root / "docs", site, root / "overrides", {}))
    return site


SNIPPETS = {
    "printed": "{{ page.title }}|{{ page.title | e }}|{{ page.url }}|{{ page.canonical_url }}",
    "length": "{{ page.title | length }}",
    "compared": "{% if page.title | length > 10 %}long{% endif %}",
    "cased": "{{ page.title | upper }}",
    "sliced": "{{ page.title[:3] }}",
    "stripped": "{{ page.title | striptags }}",
    "marked safe": "{{ page.title | safe }}",
    "joined then escaped": "{{ ('«' ~ page.title ~ '»') | e }}",
    "json": "{{ page.title | tojson }}",
    "tested": "{% if '&' in page.title %}amp{% endif %}{% if page.title == 'x' %}is x{% endif %}",
    "replaced": "{{ page.title | replace('<', '[') }}",
    "url of the page": "{{ page.url | url }}",
    "file": "{{ page.file.src_uri }}",
    "all pages": "{{ pages | length }}{% for p in pages %}{{ p.title }}{% endfor %}",
    "build time": "{{ build_date_utc }}",
    "urlencoded": "{{ page.title | urlencode }}",
    "word count": "{{ page.content | wordcount }}",
    "meta": "{{ page.meta.note }}|{{ page.meta.note | e }}|{{ page.meta.tags | join(',') }}",
    "folder links": "{% for item in nav %}<a href=\"{{ item.url | url }}\">{{ item.title }}</a>{% endfor %}",
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_a_template_doing_anything_with_a_page_gets_the_pages_it_renders(tmp_path, monkeypatch, counted, any_templates, name):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # (the build's time the same in both builds)
    root = mini_site(tmp_path, SNIPPETS[name], nav_into_folders=name == "folder links",
                     front="note: 'x < y & \"z\"'\ntags: [甲, '<乙>']\n" if name == "meta" else "")
    stamped, rendered = both_ways(monkeypatch, lambda enabled: build_mini(root, enabled))
    assert_same(stamped, rendered)
    assert b'class="probe"' in stamped["a/p1.html"]
    if name in STAMPED:
        assert total(counted)["filled"] > len(TITLES), total(counted)


STAMPED = {"printed", "stripped", "joined then escaped", "tested", "replaced", "url of the page", "meta",
           "folder links"}
"""What a stamp can do (the rest is rendered in full)."""


def test_pages_of_one_shape_in_folders_side_by_side_share_a_stamp(tmp_path, monkeypatch, counted, any_templates):
    root = mini_site(tmp_path, SNIPPETS["printed"])
    stamped, rendered = both_ways(monkeypatch, lambda enabled: build_mini(root, enabled))
    assert_same(stamped, rendered)
    counts = total(counted)
    assert counts["filled"] >= 3 * len(TITLES) - 2, counts  # every page of a/, b/, c/ but the first
    assert "甲 &amp; 乙" in stamped["b/p1.html"].decode()  # and a title escaped where the template escapes it


def test_a_stamp_is_not_used_for_a_page_whose_value_the_template_tests_otherwise(tmp_path, monkeypatch, counted, any_templates):
    root = mini_site(tmp_path, SNIPPETS["tested"])
    stamped, rendered = both_ways(monkeypatch, lambda enabled: build_mini(root, enabled))
    assert_same(stamped, rendered)
    assert b"amp" in stamped["a/p1.html"].split(b'class="probe"')[1] and b"is x" in stamped["c/p6.html"]
    assert total(counted)["made"] >= 3  # other answers, other stamps


def test_links_into_the_pages_own_folder_are_made_from_that_folder(tmp_path, monkeypatch, counted, any_templates):
    root = mini_site(tmp_path, SNIPPETS["folder links"], nav_into_folders=True)
    stamped, rendered = both_ways(monkeypatch, lambda enabled: build_mini(root, enabled))
    assert_same(stamped, rendered)
    assert b'<a href="index.html">b</a>' in stamped["b/p2.html"]


def test_a_leaf_answers_tests_and_refuses_the_rest():
    recorder = mkdocs_stamps._Recorder(["甲 & 乙"])
    leaf = mkdocs_stamps.Leaf(0, recorder)
    assert "&" in leaf and leaf != "x" and leaf
    assert recorder.guards == [("in", 0, "&", True), ("==", 0, "x", False)]
    for refused in (len, lambda v: v[1:], lambda v: v.upper(), hash, lambda v: f"{v:>9}", lambda v: v.split()):
        with pytest.raises(mkdocs_stamps.Unstampable):
            refused(leaf)
    with pytest.raises(mkdocs_stamps.Unstampable):
        leaf.replace("&", "and")  # the value holds it: replaced, it would change
    assert leaf.replace("<", "[") is leaf


def test_a_projects_own_template_has_its_pages_rendered_in_full(tmp_path, monkeypatch, counted):
    """A comparison of the page's address (not watched by a stamp) in a project's own template."""
    from conftest import CONTENT

    shutil.copytree(CONTENT, tmp_path / "content")
    shutil.copytree(CONTENT.parent / "sources", tmp_path / "sources")
    shutil.copy(CONTENT.parent / "mkdocs.yml", tmp_path / "mkdocs.yml")
    own = tmp_path / "site_templates" / "overrides"
    own.mkdir(parents=True)
    shipped = (ROOT / "site_templates" / "overrides" / "main.html").read_text("utf-8")
    (own / "main.html").write_text(shipped.replace(
        "{% block container %}", '{% block container %}{% if page.url == "agencies/baofeng/index.html" %}'
        '<p class="own">本局</p>{% endif %}'), "utf-8")
    stamped, rendered = quanze_both_ways(monkeypatch, tmp_path / "content", tmp_path)
    assert_same(stamped, rendered)
    assert b'class="own"' in stamped["agencies/baofeng/index.html"]
    assert total(counted)["filled"] == 0  # (no stamper at all)


def test_a_countys_departments_stamped_are_the_site_rendered_page_by_page(tmp_path, monkeypatch, counted):
    """Other departments' lists (sub-items, long bases, hundreds of powers): the synthetic county."""
    from benchmarks.government import write_government

    write_government(tmp_path / "content", level="county", departments=5, scale=0.2, seed=3)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    stamped, rendered = quanze_both_ways(monkeypatch, tmp_path / "content", tmp_path)
    assert_same(stamped, rendered)
    counts = total(counted)
    assert counts["filled"] > 200, counts
    assert counts["compacted"] > 0.9 * counts["filled"], counts  # (filled compacted, as compact() leaves them)


# --- pages filled compacted -------------------------------------------------------------------------

TEMPLATE_PIECES = st.sampled_from([
    "<p>", "</p>", "\n", "\n    ", "  ", "\t", "\n\n  ", "<script>", "</script>", "<pre>", "</pre >", "<code>",
    "</code>", "<CODE>", "<kbd ", ">", "<", "</", "<co", "x", "中文", "\u3000", "<div>\n  <span>", "</div>",
    "<textarea>", "</textarea>", "<style>", "</style>", "<precise>", "&lt;pre&gt;",
])
VALUES = st.lists(st.sampled_from([
    "text", " lead", "trail ", "\n  run", "a\n    b", "<code>x</code>", "</pre>", "</script>", "<", "x<", "</sc",
    "ipt>", "<b>bold</b>", "中\n\n文", "", "\u3000", "a&b", "<pre>\n  kept</pre>", "re>",
]), min_size=1, max_size=3).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(st.lists(TEMPLATE_PIECES, max_size=6).map("".join), VALUES), min_size=1, max_size=6),
       st.lists(TEMPLATE_PIECES, max_size=6).map("".join))
def test_a_stamp_filled_compacted_is_its_page_compacted(parts, last):
    """Whenever a stamp fills a page compacted, the page is what `compact` makes of it filled."""
    from generator.publish.builders.mkdocs_html import Compaction, compact

    output = "".join(piece + f"{mkdocs_stamps.OPEN}r{number}{mkdocs_stamps.SPECIAL}{mkdocs_stamps.CLOSE}"
                     for number, (piece, _) in enumerate(parts)) + last
    stamp = mkdocs_stamps.Stamp(output, [], Compaction)
    values = [value for _, value in parts]
    filled = stamp.fill_compacted(values)
    if filled is not None:
        assert filled == compact(stamp.fill(values)), (output, values)


def test_a_stamp_fills_compacted_what_it_can_and_leaves_the_rest_to_compact():
    from generator.publish.builders.mkdocs_html import Compaction

    hole = f"{mkdocs_stamps.OPEN}r0{mkdocs_stamps.SPECIAL}{mkdocs_stamps.CLOSE}"
    stamp = mkdocs_stamps.Stamp(f"<div>\n    <p>{hole}</p>\n  <script>var a = '{hole}';\n  </script>\n</div>", [],
                                Compaction)
    assert stamp.fill_compacted(["一\n   二"]) == "<div>\n<p>一\n二</p>\n<script>var a = '一\n   二';\n  </script>\n</div>"
    assert stamp.fill_compacted([" 一"]) is None  # (white space beside the piece's)
    assert stamp.fill_compacted(["</script>"]) is None
    assert mkdocs_stamps.Stamp(f"<p><{hole}>", [], Compaction).compacted is None  # (a value could finish the tag)
