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

_SRC = re.compile(r'<script src="([^"]*quanze-chrome\.[0-9a-f]{8}\.js)"></script>')
_EMPTY = '<div class="md-search" data-md-component="search" role="dialog"></div>'


def script_parts(script: str) -> tuple[dict, str]:
    """The JSON (without its base) and the dialog's content a chrome script holds."""
    config = re.search(r"^  var config = (.*);$", script, re.M).group(1)
    dialog = re.search(r"dialog\.innerHTML = (.*);$", script, re.M).group(1)
    return json.loads(config), json.loads(dialog)


def given_back(html: str, script_of) -> str:
    """A page as the chrome script makes it in the browser: the JSON in place of the script, with
    the page's way up as its base (as Material writes it), and the dialog filled."""
    found = _SRC.search(html)
    if found is None:
        return html
    src = found.group(1)
    config, dialog = script_parts(script_of(src))
    base = posixpath.dirname(posixpath.dirname(posixpath.dirname(src))) or "."
    config = {**config, "base": base, "search": posixpath.join(base, config["search"]) if base != "." else config["search"]}
    dumped = htmlsafe_json_dumps(config, dumps=json.dumps, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    html = html[:found.start()] + f'<script id="__config" type="application/json">{dumped}</script>' + html[found.end():]
    assert html.count(_EMPTY) == 1
    return html.replace(_EMPTY, _EMPTY[:-len("</div>")] + dialog + "</div>")


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
        assert given_back(mine, script_of) == theirs, name
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
        assert given_back(mine, script_of) == theirs, name
    assert slimmed > 0.9 * len(pages) and used == scripts
    if corpus == "county":
        assert len(scripts) > 1  # one a unit
    other = {path.relative_to(shared) for path in shared.rglob("*") if path.is_file()} - scripts
    assert other == {path.relative_to(inline) for path in inline.rglob("*") if path.is_file()}


PAGE = ('<header><label for="__search"></label>' + _EMPTY[:-len("</div>")] + '{dialog}</div></header>'
        '<main>{body}</main><script id="__config" type="application/json">{config}</script>'
        '<script src="{base}/assets/javascripts/bundle.js"></script>')
DIALOG = '<div class="md-search__inner"><form name="search"><input></form><div><div></div></div></div>'


def page(base: str, dialog: str = DIALOG, body: str = "text", **config) -> str:
    value = {"base": base, "search": f"{base}/assets/javascripts/workers/search.js", "translations": {"a": "b"},
             **config}
    dumped = htmlsafe_json_dumps(value, dumps=json.dumps, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return PAGE.format(dialog=dialog, body=body, config=dumped, base=base)


def test_pages_share_one_script_whatever_their_depth():
    chrome = Chrome()
    deep, top = chrome.page(page("../..")), chrome.page(page("."))
    assert f'<script src="../../assets/javascripts/{chrome.name}"></script>' in deep
    assert f'<script src="assets/javascripts/{chrome.name}"></script>' in top
    assert DIALOG not in deep and _EMPTY in deep and "__config" not in deep
    config, dialog = script_parts(chrome.script())
    assert dialog == DIALOG and config == {"search": "assets/javascripts/workers/search.js", "translations": {"a": "b"}}
    assert given_back(deep, lambda src: chrome.script()) == page("../..")


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
    chrome.page(page("../.."))
    assert chrome.page(other) == other


def test_the_script_holds_the_words_as_data():
    """A word of the interface that looks like the script's placeholders or ends a string or a
    line stays a word."""
    chrome = Chrome()
    tricky = {"a": 'DIALOG CONFIG "\\ \u2028 </script>'}
    chrome.page(page("..", translations=tricky))
    script = chrome.script()
    assert "\u2028" not in script
    config, dialog = script_parts(script)
    assert config["translations"] == tricky and dialog == DIALOG


def test_no_page_no_script(tmp_path):
    chrome = Chrome()
    assert chrome.page("<html><body>no theme</body></html>") == "<html><body>no theme</body></html>"
    chrome.write(tmp_path)
    assert not list(tmp_path.rglob("*.js"))
