"""The search index's sections (publish/builders/mkdocs_search.py) against Material's parser:
the same sections, titles, texts and anchors for every page of real sites and for generated
HTML, hostile or odd; HTML of other kinds goes to Material's parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.publish.builders import mkdocs_search
from generator.publish.builders.mkdocs_search import attributes, sections, tokens
from generator.publish.search_index import read_index

material_search = pytest.importorskip("material.plugins.search.plugin")

ROOT = Path(__file__).resolve().parent.parent


def material(page_html: str):
    parser = material_search.Parser()
    parser.feed(page_html)
    parser.close()
    return parser.data


def outcome(parse, page_html: str):
    """What the index takes of each section (or the error the parser raised)."""
    try:
        found = parse(page_html)
    except Exception as exc:  # Material's parser can fail on some HTML: ours must fail alike
        return type(exc).__name__
    return [(s.is_excluded(), s.id, list(s.title), list(s.text)) for s in found]


def assert_same(page_html: str) -> None:
    assert outcome(sections, page_html) == outcome(material, page_html), page_html[:2000]


def recorded(module, name: str, content: Path, site: Path, strict: bool = False) -> list[str]:
    """What `module.name` (a function of one page's HTML) is given, page by page, in a real build
    of `content` into `site`."""
    seen: list[str] = []
    real = getattr(module, name)

    def record(page_html):
        seen.append(page_html)
        return real(page_html)

    setattr(module, name, record)
    try:
        from generator.publish.pipeline import build_site

        build_site(content, site, strict=strict, zip_site=False)
    finally:
        setattr(module, name, real)
    return seen


def recorded_pages(content: Path, tmp_path: Path) -> list[str]:
    """Every page's HTML as Material's search plugin is given it, in a real build of `content`."""
    from generator.publish.builders import mkdocs as builder

    assert builder  # (the builder module is the one that installs the index)
    return recorded(mkdocs_search, "sections", content, tmp_path / "site")


@pytest.fixture(scope="module")
def site_pages(tmp_path_factory) -> list[str]:
    """The default content's pages."""
    from conftest import CONTENT

    return recorded_pages(CONTENT, tmp_path_factory.mktemp("sections"))


def test_every_page_of_a_site_the_same_as_material(site_pages):
    assert len(site_pages) > 15
    fast = [page for page in site_pages if tokens(page) is not None]
    assert len(fast) == len(site_pages), "every page Python-Markdown writes is read here, none handed on"
    for page in site_pages:
        assert_same(page)


def test_a_built_index_has_sections_and_anchors(mini_site):
    index = read_index(mini_site)
    locations = [doc["location"] for doc in index["docs"]]
    assert any("#basis" in location for location in locations)
    assert all(doc["title"] for doc in index["docs"] if "#" in doc["location"])


def test_every_page_of_the_hostile_corpus_the_same_as_material(tmp_path):
    from test_xss import write_content

    pages = recorded_pages(write_content(tmp_path / "xss"), tmp_path)
    assert len(pages) > 20
    for page in pages:
        assert_same(page)


@pytest.mark.parametrize("page_html", [
    "",
    "plain text only",
    "<h1 id=\"t\">Title<a class=\"headerlink\" href=\"#t\">&para;</a></h1><p>one</p>",
    "<p>before</p><h2 id=\"a\">A</h2><p>x</p><div><h3 id=\"b\">B</h3><p>in</p></div><p>after</p>",
    "<h2>no id</h2><p>text</p><h2 id=\"x\">with</h2>",
    "<div data-search-exclude><p>hidden</p></div><p>shown</p><div><p>also hidden?</p></div>",
    "<pre><code>a\n  b\n\n c</code></pre><p>x\ny</p>",
    "<p>  </p><p><code></code></p><ul><li> </li><li>item</li></ul>",
    "<p>a &amp; b &lt;c&gt; &#20013; &copy</p>",
    "<P CLASS='X' ID=\"Y\">upper</P>",
    "<br/><img src=\"x\"/><div/>text<hr>",
    "<script>var a = '<p>';</script><p>after script</p>",
    "<style>p { x: 1 }</style><p>styled</p>",
    "<!-- a comment --><p>commented</p>",
    "<!DOCTYPE html><p>declared</p>",
    "<p>a < b and c > d</p>",
    "<p>unclosed <b>bold",
    "<p title=\"a<b>c\">quoted angle</p>",
    "<a href=x>bare value</a>",
    "<table class=\"linenodiv\"><tr><td>1</td></tr></table><p>code</p>",
    "<h1 id=\"a\">one</h1><h1 id=\"b\">two<sup>2</sup></h1><p><sub>s</sub></p>",
    "<hx>custom</hx><p>t</p>",
    "</p></div><p>stray ends</p>",
    "<p><ins title=\"原文作“x”\">改</ins>正文</p><details class=\"quanze-quote\" open><summary>摘</summary><p>长</p></details>",
])
def test_shapes_the_same_as_material(page_html):
    assert_same(page_html)


def test_other_kinds_of_html_go_to_materials_parser():
    for page_html in ["<!-- c --><p>x</p>", "<script>x</script>", "<p>a < b</p>", "<a href=x>y</a>", "<p", "<my-tag>x</my-tag>",
                      "<SCRIPT>x</SCRIPT>", "<p>a</p>\n<TextArea>b</textarea>", "</ Style>"]:
        assert tokens(page_html) is None, page_html
    assert tokens("<p class=\"a\">x &amp; y</p>") == [("start", "p", ' class="a"', False, False),
                                                       ("data", "x & y"), ("end", "p")]
    assert attributes(' class="a"') == {"class": "a"}
    assert tokens("<div id=\"a\" data-search-exclude>") == [("start", "div", ' id="a" data-search-exclude', False, True)]
    assert attributes(' id="a" data-search-exclude') == {"id": "a", "data-search-exclude": None}
    assert attributes(" ID='&amp;'") == {"id": "&"}


PIECES = st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<h1 id=\"a\">", "</h1>", "<h2 id=\"b\">", "<h2>", "</h2>", "<h3 id=\"c\">",
    "</h3>", "<pre>", "</pre>", "<code>", "</code>", "<ul>", "</ul>", "<li>", "</li>", "<ol>", "</ol>", "<sup>", "</sup>",
    "<a class=\"headerlink\" href=\"#a\">", "<a href=\"x.html\">", "</a>", "<span>", "</span>", "<br>", "<br />",
    "<img alt=\"i\" src=\"x\"/>", "<div data-search-exclude>", "<div data-search-exclude=\"\">", "<section/>",
    "<table class=\"linenodiv\">", "</table>", "<hx>", "</hx>", "<details open>", "</details>", "<P>", "</P >",
    "text", "中文文本", " ", "\n", "  \n  ", "a &amp; b", "&lt;i&gt;", "&para;", "&#x4e2d;", "&bogus;", "x > y", "\t",
    "<!-- c -->", "<script>s</script>", "<", "&", "<p title='it&#39;s'>", "<li id=\"q\">",
    "<p title=\"a\n<b\">", "<span title='x\n</span>'>", "\n<", "x\n",
])


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=40))
def test_generated_html_the_same_as_material(pieces):
    assert_same("".join(pieces))


WELL_FORMED = PIECES.filter(lambda piece: tokens(piece) is not None and piece != "<")


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40))
def test_a_page_read_in_pieces_reads_as_read_whole_or_goes_to_material(pieces):
    """Cut before each `<` that starts a line, a page's tokens are those of the page read whole, or
    there are none (a cut inside a tag: Material's parser reads that page)."""
    from generator.publish.builders.mkdocs_search import _tokens_of

    page_html = "".join(pieces)
    whole, cut = _tokens_of(page_html) if not _raw(page_html) else None, tokens(page_html)
    assert cut == whole or cut is None and "\n<" in page_html


def _raw(page_html: str) -> bool:
    from generator.publish.builders.mkdocs_search import _RAW_TEXT

    return _RAW_TEXT.search(page_html) is not None


@settings(max_examples=400, deadline=None)
@given(st.lists(WELL_FORMED, max_size=60))
def test_generated_well_formed_html_read_here_the_same_as_material(pieces):
    page_html = "".join(pieces)
    assert tokens(page_html) is not None
    assert_same(page_html)


# --- the attributes Material's search strips from each page -------------------------------------

def material_stripped(page_html: str) -> str:
    """What Material's `on_page_context` leaves of a page's HTML (its own expression, read from its source)."""
    import inspect
    import re

    source = inspect.getsource(material_search.SearchPlugin.on_page_context)
    pattern = re.search(r're\.sub\(\s*r"(.*?)",\s*"",', source, re.S).group(1).replace('\\"', '"')
    return re.sub(pattern, "", page_html)


ATTRIBUTE_PIECES = st.sampled_from([
    "data-search-exclude", 'data-search-exclude="x"', 'data-search-boost="2"', 'data-search-="x"', 'data-search-a=""',
    ' data-search-b="1"', "\ndata-search-c=\"y\"", "\u3000data-search-d=\"z\"", '"', "=", " ", "\n", "\t", "<p ", ">",
    "</p>", "中文", "data-search", "-", "x", '"data-search-e="f"', "data-search-g=\"h\ni\"",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(ATTRIBUTE_PIECES, max_size=30))
def test_search_attributes_stripped_as_material_strips_them(pieces):
    from generator.publish.builders.privates import without_search_attributes

    page_html = "".join(pieces)
    assert without_search_attributes(page_html) == material_stripped(page_html)


def test_a_build_strips_search_attributes_by_the_quicker_way(tmp_path):
    """The search plugin's page event is replaced in a real build, and the pages come out as
    Material's own event writes them."""
    from conftest import MINI

    from generator.publish.builders import privates

    calls = recorded(privates, "without_search_attributes", MINI, tmp_path / "site", strict=True)
    assert len(calls) > 10
    assert any("data-search-exclude" in page for page in calls)
    for page in calls:
        assert privates.without_search_attributes(page) == material_stripped(page)


def test_the_pieces_held_are_left_alone_by_the_garbage_collector():
    """A builder's worker collects its garbage after each sub-site: the pieces it holds (up to
    8 million characters of them) are tuples of texts, which a collection stops following."""
    import gc

    from generator.publish.builders import mkdocs_search

    mkdocs_search._PIECES.clear()
    assert tokens('<div class="a" id="b">\n<p>x &amp; y</p>\n<a href="../y.html" data-search-exclude>z</a>\n</div>')
    gc.collect()
    gc.collect()  # (a tuple of tuples: the inner ones first)
    held = list(mkdocs_search._PIECES.values())
    assert len(held) == 4 and not any(gc.is_tracked(piece) for piece in held)
