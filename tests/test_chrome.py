"""The search dialog and theme settings every page repeats, served once a site
(publish/builders/mkdocs_chrome.py): every page, with the script's parts put back as the
script puts them back, is the page Material renders; pages that differ keep their own."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest
from conftest import CONTENT
from jinja2.utils import htmlsafe_json_dumps

from generator.publish.builders import mkdocs_chrome
from generator.publish.builders.mkdocs_chrome import Chrome

_SRC = re.compile(r'<script src="([^"]*quanze-chrome\.[0-9a-f]{8}\.js)"(?: data-parts="([^"]*)")?></script>')
_EMPTY = '<div class="md-search" data-md-component="search" role="dialog"></div>'
_SCOPE = re.compile(r'<script>__md_scope=new URL\(([^)]*),location\),__md_hash=.*?</script>')
_LINK = re.compile(r'(?<![\w-])(href|src)="([^"]*)"')


def script_parts(script: str) -> tuple[dict, str]:
    """The JSON (without its base) and the dialog's content a chrome script holds."""
    config = re.search(r"^  var config = (.*);$", script, re.M).group(1)
    dialog = re.search(r"dialog\.innerHTML = (.*);$", script, re.M).group(1)
    return json.loads(config), json.loads(dialog)


def script_shared(script: str) -> tuple[list, str | None]:
    """The parts (selector and contents) and the settings script's functions a chrome script holds."""
    parts = re.search(r"^  var parts = (.*), chosen = ", script, re.M).group(1)
    scope = re.search(r'^  if \(chosen\[parts\.length\] === "s" && (.*) !== null\) \{$', script, re.M).group(1)
    return json.loads(parts), json.loads(scope)


def script_frame(script: str) -> list | None:
    """The frame's check boxes and dialog a chrome script holds (None: none)."""
    return json.loads(re.search(r"^  var frame = (.*);$", script, re.M).group(1))


def from_page(content: str, folder: str) -> str:
    """A part's content with its links from the root made links from the page's folder, as MkDocs
    writes them (the script makes them whole addresses instead, which lead to the same files)."""
    def moved(match):
        value = match.group(2)
        if re.match(r"$|#|/|[A-Za-z][A-Za-z0-9+.-]*:", value):
            return match.group(0)
        cut = min((value.find(mark) for mark in "?#" if mark in value), default=len(value))
        path = posixpath.relpath(value[:cut], folder or ".") + ("/" if value[:cut].endswith("/") else "")
        return f'{match.group(1)}="{path}{value[cut:]}"'
    return _LINK.sub(moved, content)


def given_back(html: str, script_of, path: str = "index.html") -> str:
    """A page as the chrome script makes it in the browser: the JSON in place of the script, with
    the page's way up as its base (as Material writes it), the dialog and the shared parts filled,
    Material's settings script put back (where the page has it: the script adds it before itself)."""
    found = _SRC.search(html)
    if found is None:
        return html
    src = found.group(1)
    script = script_of(src)
    config, dialog = script_parts(script)
    parts, scope = script_shared(script)
    base = posixpath.dirname(posixpath.dirname(posixpath.dirname(src))) or "."
    config = {**config, "base": base, "search": posixpath.join(base, config["search"]) if base != "." else config["search"]}
    dumped = htmlsafe_json_dumps(config, dumps=json.dumps, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    chosen = (found.group(2) or "").split(",")
    framed = len(chosen) > len(mkdocs_chrome.PARTS) + 1 and chosen[len(mkdocs_chrome.PARTS) + 1] == "t"
    frame = script_frame(script)
    before = frame[5] if framed else ""  # the dialog, before the JSON
    html = html[:found.start()] + before + f'<script id="__config" type="application/json">{dumped}</script>' + html[found.end():]
    if framed:  # each piece where the script puts it: after, at the end of or before an element (if any)
        def at(html: str, where: int, text: str) -> str:
            return html[:where] + text + html[where:]
        html = at(html, re.search(r"<body\b[^>]*>", html).end(), frame[0])
        logo = re.search(r'(<a href="[^"]*")( class="md-header__button md-logo" aria-label="([^"]*)"[^>]*>.*?</a>)', html, re.S)
        html = at(html, logo.end(), frame[1])
        html = html[:logo.start()] + logo.group(1) + f' title="{logo.group(3)}"' + html[logo.start() + len(logo.group(1)):]
        html = at(html, html.index("</nav>", html.index('<nav class="md-header__inner')), frame[2])
        html = at(html, html.index("</main>"), frame[3] or "")
        html = at(html, re.search(r'<div data-md-component="skip">.*?</div>', html, re.S).end(), frame[4])
    assert html.count(_EMPTY) == 1
    html = html.replace(_EMPTY, _EMPTY[:-len("</div>")] + dialog + "</div>")
    for index, (opening, _selector) in enumerate(mkdocs_chrome.PARTS):
        if index < len(chosen) and chosen[index]:
            closing = "</" + re.match(r"<([a-z]+)", opening).group(1) + ">"
            assert html.count(opening + closing) == 1, opening
            root = posixpath.normpath(posixpath.join(posixpath.dirname(path), base))  # the site's (or unit's)
            folder = posixpath.relpath(posixpath.dirname(path) or ".", root)
            content = from_page(parts[index]["contents"][int(chosen[index])], folder)
            html = html.replace(opening + closing, opening + content + closing)
    if len(chosen) > len(mkdocs_chrome.PARTS) and chosen[len(mkdocs_chrome.PARTS)] == "s":
        assert scope is not None and not _SCOPE.search(html)
        html = html.replace("</head>", f"<script>__md_scope=new URL({json.dumps(base)},location){scope}</script></head>", 1)
    return html


def as_given_back(html: str) -> str:
    """Material's page with its settings script where the chrome script puts it back (the end of
    the head: nothing before it uses the script's functions)."""
    found = _SCOPE.search(html)
    if found is None:
        return html
    html = html[:found.start()] + html[found.end():]
    return html.replace("</head>", found.group(0) + "</head>", 1)


def built(tmp_path: Path, monkeypatch, enabled: bool) -> Path:
    from generator.publish.pipeline import build_site

    monkeypatch.setattr(mkdocs_chrome, "ENABLED", enabled)
    site = tmp_path / f"site-{enabled}"
    build_site(CONTENT, site, strict=True, zip_site=False)
    return site


def test_every_page_given_back_is_the_page_material_renders(tmp_path, monkeypatch):
    shared, inline = built(tmp_path, monkeypatch, True), built(tmp_path, monkeypatch, False)
    scripts = sorted((shared / "assets" / "javascripts").glob("quanze-chrome.*.js"))
    assert len(scripts) == 1 and not list((inline / "assets" / "javascripts").glob("quanze-chrome.*.js"))
    pages = sorted(path.relative_to(inline) for path in inline.rglob("*.html"))
    slimmed = 0
    for name in pages:
        mine, theirs = (shared / name).read_text(encoding="utf-8"), (inline / name).read_text(encoding="utf-8")
        slimmed += mine != theirs

        def script_of(src: str) -> str:
            path = (shared / name).parent / src
            assert path.resolve() == scripts[0].resolve(), (name, src)
            return path.read_text(encoding="utf-8")
        assert as_given_back(given_back(mine, script_of, name.as_posix())) == as_given_back(theirs), name
        assert len(mine) < len(theirs) or mine == theirs
    assert slimmed >= len(pages) - 2  # all but the theme's own pages (404)
    other = {path.relative_to(shared) for path in shared.rglob("*") if path.is_file()} - {scripts[0].relative_to(shared)}
    assert other == {path.relative_to(inline) for path in inline.rglob("*") if path.is_file()}


def quanze_built(content: Path, site: Path, monkeypatch, enabled: bool, shard_by: str = "auto") -> Path:
    from generator.publish.pipeline import BuildOptions, build, project_of

    monkeypatch.setattr(mkdocs_chrome, "ENABLED", enabled)
    build(project_of(content), site, BuildOptions(shard_by=shard_by, strict=True, zip_site=False))
    return site


@pytest.mark.parametrize("corpus", ["hostile", "county"])
def test_other_sites_pages_given_back_are_the_pages_material_renders(tmp_path, monkeypatch, corpus):
    """The hostile corpus (payloads in every field: none reads as the dialog or the JSON) and a
    synthetic county of other departments, sharded into units: each unit's pages share its own script."""
    if corpus == "hostile":
        from test_xss import write_content

        content = write_content(tmp_path / "xss")
    else:
        import shutil

        from conftest import ROOT

        from benchmarks.government import write_government

        content = tmp_path / "county" / "content"
        write_government(content, level="county", departments=5, scale=0.2, seed=3)
        shutil.copy(ROOT / "mkdocs.yml", content.parent / "mkdocs.yml")
    shard_by = "agency" if corpus == "county" else "auto"  # (a unit a department)
    shared = quanze_built(content, tmp_path / "shared", monkeypatch, True, shard_by)
    inline = quanze_built(content, tmp_path / "inline", monkeypatch, False, shard_by)
    scripts = {path.relative_to(shared) for path in shared.rglob("quanze-chrome.*.js")}
    pages = sorted(path.relative_to(inline) for path in inline.rglob("*.html"))
    slimmed, used = 0, set()
    for name in pages:
        mine, theirs = (shared / name).read_text(encoding="utf-8"), (inline / name).read_text(encoding="utf-8")
        slimmed += mine != theirs

        def script_of(src: str) -> str:
            path = ((shared / name).parent / src).resolve()
            used.add(path.relative_to(shared.resolve()))
            return path.read_text(encoding="utf-8")
        assert as_given_back(given_back(mine, script_of, name.as_posix())) == as_given_back(theirs), name
    assert slimmed > 0.9 * len(pages) and used == scripts
    if corpus == "county":
        assert len(scripts) > 1  # one a unit
    other = {path.relative_to(shared) for path in shared.rglob("*") if path.is_file()} - scripts
    assert other == {path.relative_to(inline) for path in inline.rglob("*") if path.is_file()}


NAV = ('<div class="md-sidebar md-sidebar--primary" data-md-component="sidebar" data-md-type="navigation" >'
       '<nav><a href="{base}/index.html">首页</a><a href="{base}/agencies/">机关</a><img src="{base}/logo.svg">'
       '<a href="#top">顶部</a><a href="https://example.cn/">外站</a></nav></div>')
TOC = ('<div class="md-sidebar md-sidebar--secondary" data-md-component="sidebar" data-md-type="toc" >'
       '<nav><ul><li><a href="#basis">{toc}</a></li></ul></nav></div>')
TOGGLES = ('\n<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
           '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\n'
           '<label class="md-overlay" for="__drawer"></label>')
ANNOUNCE = '\n<div data-md-component="announce">\n</div>'
MD_DIALOG = '<div class="md-dialog" data-md-component="dialog">\n<div class="md-dialog__inner md-typeset"></div>\n</div>\n'
LOGO = ('<a href="{base}/index.html" title="清单 · 某省" class="md-header__button md-logo" aria-label="清单 · 某省" '
        'data-md-component="logo">\n<img src="{base}/logo.svg" alt="">\n</a>')
DRAWER = '\n<label class="md-header__button md-icon" for="__drawer">'
SEARCH = '<label class="md-header__button md-icon" for="__search">'
TOP = '<button type="button" class="md-top md-icon" data-md-component="top" hidden>'
PAGE = ('<html><head><script>__md_scope=new URL("{base}",location),__md_hash=e=>e<<5,__md_get=e=>1</script></head>'
        '<body dir="ltr">' + TOGGLES + '\n<div data-md-component="skip">\n<a href="#x" class="md-skip">\n跳转至\n</a>\n</div>'
        + ANNOUNCE + '\n<header class="md-header"><nav class="md-header__inner md-grid" aria-label="页眉">\n' + LOGO
        + DRAWER + '<svg><path d="M3 6"/></svg></label>\n<div class="md-header__title">标题</div>\n'
        + SEARCH + '<svg><path d="M9 9"/></svg></label>\n' + _EMPTY[:-len("</div>")] + '{dialog}</div>\n</nav></header>'
        + '\n<main class="md-main" data-md-component="main">' + NAV + TOC + '<div>{body}</div>\n'
        + TOP + '<svg><path d="M1 1"/></svg></button>\n</main>\n'
        + MD_DIALOG + '<script id="__config" type="application/json">{config}</script>'
        '<script src="{base}/assets/javascripts/bundle.js"></script></body></html>')
DIALOG = '<div class="md-search__inner"><form name="search"><input></form><div><div></div></div></div>'


def page(base: str, dialog: str = DIALOG, body: str = "text", toc: str = "职权依据", **config) -> str:
    value = {"base": base, "search": f"{base}/assets/javascripts/workers/search.js", "translations": {"a": "b"},
             **config}
    dumped = htmlsafe_json_dumps(value, dumps=json.dumps, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    html = PAGE.format(dialog=dialog, body=body, config=dumped, base=base, toc=toc)
    return html.replace('"./', '"') if base == "." else html  # as MkDocs writes a link from the root


def written(chrome: Chrome, pages: dict[str, str], site: Path) -> dict[str, str]:
    """`pages` (path: Material's page) through `chrome`, written as MkDocs writes them, with the
    script's name put in by `write`; what each file then holds."""
    pending = []
    for path, html in pages.items():
        html = chrome.page(html, path)
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(html.encode("utf-8", "xmlcharrefreplace"))
        if mkdocs_chrome.pending_at(html) is not None:
            pending.append((site / path, mkdocs_chrome.pending_at(html)))
    chrome.write(site, pending)
    return {path: (site / path).read_text("utf-8") for path in pages}


def script_at(site: Path, path: str):
    return lambda src: (site / posixpath.dirname(path) / src).read_text("utf-8")


def test_pages_share_one_script_whatever_their_depth(tmp_path):
    chrome = Chrome()
    pages = {"a/b/x.html": page("../.."), "y.html": page("."), "a/b/z.html": page("../..")}
    mine = written(chrome, pages, tmp_path)
    assert f'<script src="../../assets/javascripts/{chrome.name}"' in mine["a/b/x.html"]
    assert f'<script src="assets/javascripts/{chrome.name}"' in mine["y.html"]
    assert (tmp_path / "assets" / "javascripts" / chrome.name).is_file() and "_" not in chrome.name
    assert DIALOG not in mine["a/b/x.html"] and _EMPTY in mine["a/b/x.html"] and "__config" not in mine["a/b/x.html"]
    config, dialog = script_parts(chrome.script())
    assert dialog == DIALOG and config == {"search": "assets/javascripts/workers/search.js", "translations": {"a": "b"}}
    for path, html in pages.items():
        assert as_given_back(given_back(mine[path], script_at(tmp_path, path), path)) == as_given_back(html), path


def test_a_part_leaves_the_pages_once_two_have_it(tmp_path):
    """The first page with a part keeps it (a part of one page only is never in the script); the
    next pages with it, at any depth, leave it to the script, which holds it with its links from the
    root; a table of contents of its own stays in its page."""
    chrome = Chrome()
    pages = {"a/b/x.html": page("../.."), "y.html": page(".", toc="其他"), "a/z.html": page(".."),
             "a/w.html": page("..", toc="独有")}
    mine = written(chrome, pages, tmp_path)
    assert "<nav>" in mine["a/b/x.html"] and 'data-parts' not in mine["a/b/x.html"]
    assert mine["y.html"].count("<nav>") == 1 and "首页" not in mine["y.html"]  # the navigation shared, its toc its own
    assert "首页" not in mine["a/z.html"] and "职权依据" not in mine["a/z.html"] and "__md_scope" not in mine["a/z.html"]
    assert "独有" in mine["a/w.html"]
    parts, scope = script_shared(chrome.script())
    navigation = parts[2]["contents"]
    assert navigation == ['<nav><a href="index.html">首页</a><a href="agencies/">机关</a><img src="logo.svg">'
                          '<a href="#top">顶部</a><a href="https://example.cn/">外站</a></nav>']
    assert [toc for part in parts[3:4] for toc in part["contents"]] == [TOC.format(toc="职权依据")[TOC.index("<nav>"):-len("</div>")]]
    assert scope == ",__md_hash=e=>e<<5,__md_get=e=>1"
    for path, html in pages.items():
        assert as_given_back(given_back(mine[path], script_at(tmp_path, path), path)) == as_given_back(html), path


@pytest.mark.parametrize("unlike", [
    NAV.replace("{base}/index.html", "{base}/a&amp;b.html"),  # a link with a reference in it
    NAV.replace("{base}/index.html", "index.html") + "<!-- -->",  # a link from the page (moved in x, y)
])
def test_a_part_whose_links_cannot_move_stays(tmp_path, unlike):
    chrome = Chrome()
    pages = {f"a/{name}.html": page("..").replace(NAV.format(base=".."), unlike.format(base="..")) for name in "xyz"}
    if "<!--" in unlike:  # the same page text at two depths points at two files: each keeps its own
        pages = {"a/x.html": pages["a/x.html"], "b/c/y.html": page("../..").replace(NAV.format(base="../.."), unlike.format(base="../.."))}
    mine = written(chrome, pages, tmp_path)
    for path, html in pages.items():
        assert as_given_back(given_back(mine[path], script_at(tmp_path, path), path)) == as_given_back(html), path
    if "&amp;" in unlike:
        assert all("a&amp;b.html" in html for html in mine.values())


def test_material_settings_stay_when_the_page_uses_them(tmp_path):
    """A page with another script calling Material's functions (a palette, a cookie notice) keeps
    the settings script where that script finds it."""
    chrome = Chrome()
    uses = page("..").replace("<div>text", '<script>__md_get("__palette")</script><div>text')
    mine = written(chrome, {"a/x.html": uses, "a/y.html": uses}, tmp_path)
    assert all(html.count("__md_scope") == 1 and ",s" not in html for html in mine.values())


def test_a_part_has_at_most_so_many_contents(tmp_path, monkeypatch):
    monkeypatch.setattr(mkdocs_chrome, "VARIANTS", 2)
    chrome = Chrome()
    pages = {f"p{number}-{copy}.html": page(".", toc=f"目录{number}") for number in range(4) for copy in range(2)}
    mine = written(chrome, pages, tmp_path)
    assert len(script_shared(chrome.script())[0][3]["contents"]) == 2
    assert "目录3" in mine["p3-1.html"] and "目录0" not in mine["p0-1.html"]
    for path, html in pages.items():
        assert as_given_back(given_back(mine[path], script_at(tmp_path, path), path)) == as_given_back(html), path


def test_the_name_goes_where_the_page_was_written(tmp_path):
    """The script's name is written at the byte where the page holds its place, after characters of
    several bytes and ones MkDocs writes as references."""
    chrome = Chrome()
    pages = {"x.html": page(".", body="职权\ud800"), "y.html": page(".", body="𠀀")}
    mine = written(chrome, pages, tmp_path)
    assert all(f'src="assets/javascripts/{chrome.name}"' in html for html in mine.values())


@pytest.mark.parametrize("other", [
    page("..", dialog=DIALOG.replace("<input>", '<input placeholder="x">')),  # another dialog
    page("..", translations={"a": "c"}),  # other words
    page("..", search="elsewhere/search.js"),  # a worker outside the site
    page("..").replace('<script id="__config"', '<script id="__config" data-x'),  # no JSON Material writes
    page("..").replace(_EMPTY[:-len("</div>")], '<div class="md-search">'),  # no dialog
    page("..", body=_EMPTY),  # two dialogs
    page("..").replace("</form><div><div></div></div></div>", "</form><div><div></div></div>"),  # a dialog never closed
])
def test_a_page_unlike_the_first_keeps_its_own(other):
    chrome = Chrome()
    chrome.page(page("../.."), "a/b/x.html")
    chrome.page(page("../.."), "a/b/y.html")
    assert chrome.page(other, "a/z.html") == other


def test_the_script_holds_the_words_as_data():
    """A word of the interface that looks like the script's placeholders or ends a string or a
    line stays a word."""
    chrome = Chrome()
    tricky = {"a": 'DIALOG CONFIG "\\ \u2028 </script>'}
    chrome.page(page("..", translations=tricky), "a/x.html")
    script = chrome.script()
    assert "\u2028" not in script
    config, dialog = script_parts(script)
    assert config["translations"] == tricky and dialog == DIALOG


def test_no_page_no_script(tmp_path):
    chrome = Chrome()
    assert chrome.page("<html><body>no theme</body></html>", "x.html") == "<html><body>no theme</body></html>"
    chrome.write(tmp_path, [])
    assert not list(tmp_path.rglob("*.js"))


def test_the_frame_only_scripts_use_leaves_and_comes_back(tmp_path):
    """The check boxes and overlay first in the body, the header's buttons and search box, the
    button back to the top, the empty announcement box, the dialog before the JSON and the logo's
    tooltip leave every page that has them as the first page has them and leaves the buttons'
    icons to the script (all but the first: its icons are the script's once a second page has
    them); the script puts them back."""
    chrome = Chrome()
    pages = {"a/b/x.html": page("../.."), "y.html": page("."), "a/z.html": page("..", body="正文")}
    mine = written(chrome, pages, tmp_path)
    assert "data-parts" not in mine["a/b/x.html"] and 'id="__drawer"' in mine["a/b/x.html"]
    for path in ("y.html", "a/z.html"):
        assert re.search(r'data-parts="0,0,[0-9]*,[0-9]*,0,s,t"', mine[path]), path
        for piece in ('id="__drawer"', 'id="__search"', "md-dialog", "announce", "md-top", 'for="__search"',
                      'data-md-component="search"', 'title="清单 · 某省"'):
            assert piece not in mine[path], (path, piece)
        assert 'aria-label="清单 · 某省"' in mine[path] and "跳转至" in mine[path]
    for path, html in pages.items():
        assert as_given_back(given_back(mine[path], script_at(tmp_path, path), path)) == as_given_back(html), path
    frame = script_frame(chrome.script())
    assert frame[0] == TOGGLES and frame[4] == ANNOUNCE and frame[5] == MD_DIALOG
    assert frame[1] == DRAWER + "</label>" and frame[3] == TOP + "</button>\n"
    assert frame[2] == SEARCH + "</label>\n" + _EMPTY + "\n"


@pytest.mark.parametrize("unlike", [
    lambda html: html.replace('title="清单 · 某省"', 'title="别的"'),  # a tooltip of its own
    lambda html: html.replace('title="清单 · 某省" ', ""),  # no tooltip
    lambda html: html.replace(MD_DIALOG, "").replace("<div>text", "<div>" + MD_DIALOG + "text"),  # the dialog elsewhere
    lambda html: html.replace(TOGGLES, "").replace("<div>text", "<div>" + TOGGLES + "text"),  # not first in the body
    lambda html: html.replace(TOGGLES, TOGGLES.replace("\n", "  \n")),  # not as the first page has them
    lambda html: html.replace("<header class=\"md-header\">", '<header class="md-header"><b class="md-header__button md-logo"></b>'),  # another logo first
    lambda html: html.replace('<main class="md-main" data-md-component="main">', '<main class="md-main">'),  # no main to find
    lambda html: html.replace(ANNOUNCE, ""),  # no announcement box
    lambda html: html.replace("</button>\n</main>", "</button>\n<p>后</p></main>"),  # not last in main
    lambda html: html.replace("</div>\n</nav>", "</div>\n<a>后</a></nav>"),  # the search not last in the header
])
def test_a_frame_unlike_the_first_stays(tmp_path, unlike):
    chrome = Chrome()
    pages = {"a/w.html": page(".."), "a/x.html": page(".."), "a/y.html": unlike(page(".."))}
    mine = written(chrome, pages, tmp_path)
    assert ",t" in mine["a/x.html"] and ",t" not in mine["a/y.html"] and ",s" in mine["a/y.html"]
    assert "md-dialog" in mine["a/y.html"] and 'id="__search"' in mine["a/y.html"]
    for path, html in pages.items():
        assert as_given_back(given_back(mine[path], script_at(tmp_path, path), path)) == as_given_back(html), path


def test_a_site_without_the_top_button_leaves_the_rest_of_its_frame(tmp_path):
    """A theme without `navigation.top` writes no button back to the top: the rest of the frame
    leaves its pages all the same."""
    chrome = Chrome()
    without = lambda html: html.replace(TOP + '<svg><path d="M1 1"/></svg></button>\n', "")  # noqa: E731
    pages = {"a/x.html": without(page("..")), "a/y.html": without(page("..")), "z.html": without(page("."))}
    mine = written(chrome, pages, tmp_path)
    assert all(",t" in mine[path] and "md-dialog" not in mine[path] for path in ("a/y.html", "z.html"))
    assert script_frame(chrome.script())[3] is None
    for path, html in pages.items():
        assert as_given_back(given_back(mine[path], script_at(tmp_path, path), path)) == as_given_back(html), path
