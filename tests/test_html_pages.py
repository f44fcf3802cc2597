"""Pages of HTML blocks (publish/builders/mkdocs_html.py) against Python-Markdown: the same HTML,
table of contents, title and anchors for every such page of real sites and for generated
pages, hostile or odd; any other page goes to Python-Markdown."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import slugify_unicode

from generator.escape import escape_inline
from generator.publish.builders import mkdocs_html
from generator.publish.builders.mkdocs_html import KNOWN_EXTENSIONS, convert

EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list"]
CONFIGS = {"toc": {"permalink": True, "permalink_title": "本节链接", "toc_depth": 3}}


def toc_tree(items) -> list:
    return [(item.title, item.id, item.level, toc_tree(item.children)) for item in items]


def both_ways(content: Path, tmp_path: Path, shard_by: str = "auto") -> list[tuple]:
    """Each HTML page of a real build of `content`: what was made here, and what Python-Markdown
    makes of the same page (the page rendered again by MkDocs' own `Page.render`)."""
    from mkdocs.structure.pages import Page

    from generator.publish.pipeline import BuildOptions, build, project_of

    seen = []
    fast = mkdocs_html._render

    def record(page, config, files):
        assert fast(page, config, files), f"{page.file.src_uri}: an HTML page handed to Python-Markdown"
        here = (page.content, toc_tree(page.toc), page._title_from_render, page.present_anchor_ids,
                page.links_to_anchors)
        Page.render(page, config, files)
        there = (page.content, toc_tree(page.toc), page._title_from_render, page.present_anchor_ids,
                 page.links_to_anchors)
        seen.append((page.file.src_uri, here, there))
        return True

    from mkdocs.utils import meta

    front_matter, real = mkdocs_html.front_matter, meta.get_data
    taken = []

    def reading(source):
        fallbacks = []
        meta.get_data = lambda text: fallbacks.append(text) or real(text)
        try:
            got = front_matter(source)
        finally:
            meta.get_data = real
        seen.append((source[:200], ("front matter", got, not fallbacks), ("front matter", real(source), True)))
        taken.append(not fallbacks)
        return got

    mkdocs_html._render, mkdocs_html.front_matter = record, reading
    try:
        build(project_of(content), tmp_path / "site", BuildOptions(shard_by=shard_by, strict=False, zip_site=False))
    finally:
        mkdocs_html._render, mkdocs_html.front_matter = fast, front_matter
    assert sum(taken) > 0.9 * len(taken), (sum(taken), len(taken))  # most pages' front matter read as JSON
    return seen


def assert_same(seen: list[tuple]) -> None:
    for uri, here, there in seen:
        if here[0] == "front matter":  # (read here as JSON or handed to MkDocs: the same either way)
            here, there = here[:2], there[:2]
        assert here == there, uri


@pytest.mark.parametrize("shard_by", ["none", "region"])
def test_every_html_page_of_the_default_site_the_same_as_python_markdown(tmp_path, shard_by):
    from conftest import CONTENT

    seen = both_ways(CONTENT, tmp_path, shard_by)
    kinds = {"full_list" if uri.endswith("full_list.md") else uri.split("/")[0] for uri, here, _ in seen
             if here[0] != "front matter"}
    assert {"agencies", "categories", "compare"} <= kinds
    assert ("full_list" in kinds) == (shard_by == "none")  # (a site in units: the workbook is the whole list)
    if shard_by == "region":
        assert "statutes" in kinds  # a province's pages of the statutes its lists cite
    assert_same(seen)


def test_every_html_page_of_the_hostile_corpus_the_same_as_python_markdown(tmp_path):
    from test_xss import write_content

    seen = both_ways(write_content(tmp_path / "xss"), tmp_path)
    assert len(seen) > 20
    assert_same(seen)


def configured(extensions=EXTENSIONS, configs=CONFIGS):
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def python_markdown(source: str, extensions=EXTENSIONS, configs=CONFIGS) -> tuple[str, list]:
    md = configured(extensions, configs)
    return md.convert(source), md.toc_tokens


def here(source: str, extensions=EXTENSIONS, configs=CONFIGS):
    converted = convert(source, configured(extensions, configs))
    return None if converted is None else (converted[0], converted[1])


@pytest.mark.parametrize("source", [
    "# 标题\n\n<p>一</p>",
    "# 标题\n\n<p class=\"quanze-where\"><a href=\"x.html\">甲</a> · 乙</p>\n\n<table>\n<tr><td>1</td></tr>\n</table>\n\n"
    "## 依据 {#basis}\n\n<ol>\n<li>x</li>\n</ol>\n\n### 三级 {#c}\n\n#### 四级 {#d}\n\n<p>a</p>\n<p>b</p>",
    "## 同名\n\n## 同名\n\n# 同名\n\n<p>x</p>",
    "# A&#42;B &#60;script&#62; &amp; &#x4e2d;\n\n<blockquote>\n<p>q</p>\n</blockquote>",
    "<p>no heading at all</p>\n\n<ul>\n<li>x</li>\n</ul>",
    "# 只有标题",
    "",
])
def test_shapes_the_same_as_python_markdown(source):
    assert here(source) == python_markdown(source)


@pytest.mark.parametrize("configs", [
    {"toc": {"permalink": "#", "permalink_title": "", "toc_depth": "2-3"}},
    {"toc": {"permalink": False, "anchorlink": True}},
    {"toc": {"permalink": True, "permalink_leading": True, "slugify": slugify_unicode}},
    {},
])
def test_the_configured_toc_settings_apply(configs):
    source = "# 标题一\n\n<p>x</p>\n\n## Second part {#two}\n\n<p>y</p>\n\n### 第三 Third\n\n<p>z</p>"
    assert here(source, configs=configs) == python_markdown(source, configs=configs)


@pytest.mark.parametrize("source", [
    "# 标题\n\n普通的 *Markdown* 段落",           # a paragraph of Markdown
    "# 标题\n\n- 列表",                              # a Markdown list
    "# **粗体**标题\n\n<p>x</p>",                    # marks in a heading's text
    "# 标题 {: .cls }\n\n<p>x</p>",                  # an attribute list other than {#id}
    "# 标题\n\n    <p>indented: code</p>",           # an indented block is code
    "# 标题\n\n<span>inline element</span>",         # not a block-level element
    "# 标题\n\n<p>\x02wzxhzdk:0\x03</p>",            # Python-Markdown's own markers
    "# 链接 <a href=\"x.md\">x</a>\n\n<p>x</p>",     # HTML in a heading
    "# 标题\n\n<div markdown=\"1\">\n*x*\n</div>",      # Markdown inside HTML (md_in_html)
])
def test_other_blocks_go_to_python_markdown(source):
    assert here(source) is None


def test_an_unknown_extension_hands_every_page_to_python_markdown():
    class Config(dict):
        pass

    known = Config(markdown_extensions=["toc", "tables", "attr_list"], mdx_configs={})
    unknown = Config(markdown_extensions=["toc", "tables", "smarty"], mdx_configs={})
    assert mkdocs_html._markdown(known) is not None
    assert mkdocs_html._markdown(unknown) is None
    assert "markdown.extensions.smarty" not in KNOWN_EXTENSIONS


TEXT = st.text(alphabet=st.sampled_from(list("医疗保障局对的检查 \u3000AZaz09") + list("\\`*_{}[]<>&|#!~^=$:\"'+-.()/")),
               min_size=1, max_size=24)


@st.composite
def pages(draw):
    blocks = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["heading", "p", "ul", "table"]))
        text = escape_inline(draw(TEXT)) or "x"
        if kind == "heading":
            ident = draw(st.sampled_from(["", " {#basis}", " {#x-1}", " {#same}"]))
            blocks.append(f"{'#' * draw(st.integers(1, 4))} {text}{ident}")
        elif kind == "p":
            blocks.append(f"<p>{text}</p>")
        elif kind == "ul":
            blocks.append(f"<ul>\n<li>{text}</li>\n<li id=\"i{len(blocks)}\">{text}</li>\n</ul>")
        else:
            blocks.append(f"<table>\n<tr><th scope=\"row\">{text}</th><td>{text}</td></tr>\n</table>")
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=400, deadline=None)
@given(pages())
def test_generated_pages_the_same_as_python_markdown(source):
    made = here(source)
    if made is not None:  # (an escaped text that still reads as Markdown goes to Python-Markdown)
        assert made == python_markdown(source)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_every_escaped_heading_is_taken_here(text):
    source = f"## {escape_inline(text) or 'x'} {{#h}}\n\n<p>x</p>\n"
    assert here(source) is not None


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True), JSON_VALUES, max_size=4), st.text())
def test_front_matter_of_json_values_reads_as_yaml_reads_it(values, title):
    """Front matter as quanze writes it (a title, values as JSON), read as JSON here and as YAML by
    MkDocs: the same Markdown and values (or handed to MkDocs when they could differ)."""
    from mkdocs.utils import meta

    from generator.escape import escape_yaml_title, yaml_flow

    source = f"---\ntitle: {escape_yaml_title(title)}\n" + "".join(f"{k}: {yaml_flow(v)}\n" for k, v in values.items())
    source += "---\n\n# x\n"
    assert mkdocs_html.front_matter(source) == meta.get_data(source)


@pytest.mark.parametrize("source", [
    "---\ntitle: 关于本站\n---\n\ntext", "---\nsearch:\n  exclude: true\n---\ntext", "---\nyes: 1\n---\n",
    "---\nn: [1.5]\n---\n", "---\na: \"\\ud83d\\ude00\"\n---\n", "---\na: 1\na: 2\n---\n", "---\na: 012\n---\n",
    "---\na: \"x\" # c\n---\n", "no front matter", "---\na: \"\u0085\"\n---\n", "---\n---\ntext"])
def test_front_matter_not_of_json_values_is_read_by_mkdocs(source):
    from mkdocs.utils import meta

    assert mkdocs_html.front_matter(source) == meta.get_data(source)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["<pre>", "</pre>", "<PRE class=x>", "<code>", "</code >", "<script>", "</script>",
                                 "<codex>", "<kbd>", "</kbd>", "<textarea>", "</style>", "<style>", "\n", "  ", "\t",
                                 "\n  \n", "\u3000", "a", "<p>", "</p>", "<", ">"]), max_size=40).map("".join))
def test_compact_is_the_one_expression_it_stands_for(html):
    from generator.publish.builders.mkdocs_html import _INDENT_OR_VERBATIM, compact

    assert compact(html) == _INDENT_OR_VERBATIM.sub(lambda m: m.group(0) if m.group(1) else "\n", html)


def test_compact_drops_the_layouts_indentation_and_keeps_what_shows():
    from generator.publish.builders.mkdocs_html import compact

    page = ("<ul>\n    <li>一</li>\n\n      <li>二</li>\n</ul>\n<p>第一条\n\u3000\u3000第二款\n\u00a0甲</p>\n"
            "<pre><code>  x\n    y</code></pre>\n<script>var a = 1;\n    var b = 2;</script>\n<code>a\n   b</code>")
    assert compact(page) == ("<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n<p>第一条\n\u3000\u3000第二款\n\u00a0甲</p>\n"
                             "<pre><code>  x\n    y</code></pre>\n<script>var a = 1;\n    var b = 2;</script>\n"
                             "<code>a\n   b</code>")


#: One Markdown a configuration, as a build keeps it: pages of one shape after the first are
#: made from the shape kept (mkdocs_html._headings), and must still be Python-Markdown's.
SHARED = {}


def here_shared(source: str, configs: dict):
    key = repr(configs)
    md = SHARED.setdefault(key, configured(EXTENSIONS, configs))
    converted = convert(source, md)
    return None if converted is None else (converted[0], converted[1])


HEADING_TEXT = st.lists(st.sampled_from(list("医疗局检查 \u3000\ue000\ue0011Az&;#x\x02\x03") + ["&amp;", "&#42;"]),
                        min_size=1, max_size=12).map("".join)
SETTINGS = [CONFIGS, {"toc": {"permalink": "#", "permalink_title": "", "toc_depth": "2-3"}},
            {"toc": {"permalink": False, "anchorlink": True}},
            {"toc": {"permalink": True, "permalink_leading": True, "slugify": slugify_unicode}},
            {"toc": {"permalink": True, "baselevel": 2}}, {}]


@st.composite
def same_shapes(draw):
    """A page of a few fixed shapes of headings (as the templates write them), with any texts."""
    shape = draw(st.sampled_from([
        [(1, ""), (2, " {#basis}"), (2, " {#elsewhere data-search-exclude}")],
        [(1, ""), (2, ""), (2, "")],
        [(2, " {#a}"), (1, ""), (3, " {#a}")],
        [(1, " {#_1}"), (2, "")],
    ]))
    blocks = []
    for level, ident in shape:
        text = escape_inline(draw(HEADING_TEXT)).strip() or "x"  # (as the templates print a heading)
        blocks += [f"{'#' * level} {text}{ident}", "<p>x</p>"]
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=500, deadline=None)
@given(same_shapes(), st.sampled_from(range(len(SETTINGS))))
def test_pages_of_a_kept_shape_the_same_as_python_markdown(source, setting):
    configs = SETTINGS[setting]
    made = here_shared(source, configs)
    if made is not None:
        assert made == python_markdown(source, configs=configs)


def test_a_kept_shape_gives_each_page_its_own_texts_title_and_ids():
    from generator.publish.builders.mkdocs_html import convert as made_here

    md = configured()
    for title in ["对甲的检查", "对乙 的 处罚", "ABC 检查"]:
        source = f"# {title}\n\n<p>x</p>\n\n## 职权依据 {{#basis}}\n\n<ol>\n<li>y</li>\n</ol>\n"
        html, tokens, page_title, anchors, own = made_here(source, md)
        reference = configured()
        assert (html, tokens) == (reference.convert(source), reference.toc_tokens)
        assert page_title == " ".join(title.split())
        assert "basis" in anchors and own["basis"] == "#basis"
    assert len(md._quanze_shapes) == 2  # the two Chinese titles share a shape; "ABC" has a slug of its own
