"""Full strict builds: links both ways, no broken link or anchor, nothing from the network,
byte-identical rebuilds, page size independent of the number of agencies, atomic replacement."""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import CONTENT, MINI, ROOT, default_content_problems
from htmlcheck import broken_links, html_files, is_external, links, parse, relative_page

from generator.content.reader import load_corpus
from generator.errors import ContentError
from generator.publish.pipeline import build_site, project_of, render_docs
from generator.publish.search_index import read_index
from generator.publish.sitedir import SITE_MARKER


def internal_targets(site: Path, page: Path) -> set[str]:
    """Site-relative targets (with anchor) of every link on a page."""
    targets = set()
    for tag, url in links(parse(page)):
        if tag == "a" and not is_external(url) and not url.startswith("#"):
            anchor = url.split("#", 1)[1] if "#" in url else ""
            targets.add(relative_page(site, page, url) + (f"#{anchor}" if anchor else ""))
    return targets


def check_power_pages_link_statutes(content: Path, site: Path) -> None:
    corpus = load_corpus(content)
    for ref in corpus.powers():
        page = site / "agencies" / ref.agency_id / f"{ref.power.id}.html"
        targets = internal_targets(site, page)
        for citation in ref.power.basis:  # the article when the citation names one, else the statute
            if citation.article:
                assert f"statutes/{citation.statute}.html#art-{citation.article}" in targets, (page, citation)
            else:
                assert f"statutes/{citation.statute}.html" in targets, (page, citation.statute)


def check_statute_pages_link_back(content: Path, site: Path) -> None:
    corpus = load_corpus(content)
    for (statute_id, article), entries in corpus.cited_by.items():
        page = site / "statutes" / f"{statute_id}.html"
        targets = internal_targets(site, page)
        for ref, _ in entries:
            assert f"agencies/{ref.agency_id}/{ref.power.id}.html" in targets, (page, article, ref.power.id)


def checked_pages(site: Path) -> list[Path]:
    # 404.html is served by web servers at any address, so MkDocs gives it absolute links
    return [p for p in html_files(site) if p.name != "404.html" or p.parent != site]


def remote_loads(site: Path) -> list[str]:
    """Anything a page would fetch over the network: scripts, styles, images, frames, fonts."""
    found = []
    for page in html_files(site):
        for element in parse(page).elements:
            for attribute in ("src", "data", "poster"):
                if is_external(element.attrs.get(attribute, "")):
                    found.append(f"{page.name}: <{element.tag}> {element.attrs[attribute]}")
            if element.tag == "link" and element.attrs.get("rel") != "canonical" and is_external(element.attrs.get("href", "")):
                found.append(f"{page.name}: <link> {element.attrs['href']}")
    for sheet in site.rglob("*.css"):
        found += [f"{sheet.name}: {u}" for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", sheet.read_text("utf-8"))]
    return found


def site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


# --- the mini fixture ----------------------------------------------------------------------

def test_mini_builds_strict_with_zero_warnings(tmp_path):
    summary = build_site(MINI, tmp_path / "site", strict=True, zip_site=False)
    assert ", 0 warnings," in summary
    assert not (tmp_path / "site" / "quanze-site.zip").exists()
    assert not list(tmp_path.glob("site.*")), "the work folder is removed"


def test_mini_power_pages_link_statutes(mini_site):
    check_power_pages_link_statutes(MINI, mini_site)


def test_mini_statute_pages_link_back(mini_site):
    check_statute_pages_link_back(MINI, mini_site)


def test_mini_has_no_broken_link_or_anchor(mini_site):
    assert broken_links(mini_site) == []


def test_mini_every_link_is_relative(mini_site):
    for page in checked_pages(mini_site):
        for tag, url in links(parse(page)):
            assert not url.startswith("/"), f"{page.relative_to(mini_site)}: <{tag}> {url}"


def test_mini_loads_nothing_over_the_network(mini_site):
    assert remote_loads(mini_site) == []


def test_mini_search_index_is_whole_text_and_offline(mini_site):
    """quanze's own search finds substrings: its index has the text as it is, no words cut."""
    index = read_index(mini_site)
    assert "\\u200b" in index["config"]["separator"]
    assert any("骗取" in doc["text"] for doc in index["docs"])
    assert not any("\u200b" in doc["text"] + doc["title"] for doc in index["docs"])
    assert not (mini_site / "assets" / "javascripts" / "lunr").exists()
    assert (mini_site / "search" / "search_index.js").is_file()
    settings = json.loads((mini_site / "search" / "search_index.json").read_text("utf-8"))  # over http(s)
    assert settings["docs"] == [] and settings["config"]["entries"] == "search_index.js"
    assert settings["config"]["separator"] == index["config"]["separator"]
    assert 'src="assets/javascripts/iframe-worker-shim.js"' in (mini_site / "index.html").read_text("utf-8")


def test_a_site_searched_by_materials_own_worker_has_its_words_cut_and_lunr(tmp_path):
    """A project whose mkdocs.yml leaves out quanze's search script gets Material's search as it is."""
    project = tmp_path / "project"
    shutil.copytree(MINI, project / "content")
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "    - assets/javascripts/quanze-search.js\n" in config
    (project / "mkdocs.yml").write_text(config.replace("    - assets/javascripts/quanze-search.js\n", ""), "utf-8")
    build_site(project / "content", tmp_path / "site")
    index = read_index(tmp_path / "site")
    assert any("骗取" in doc["text"].split("\u200b") for doc in index["docs"])
    assert (tmp_path / "site" / "assets" / "javascripts" / "lunr").is_dir()


def test_mini_home_offers_the_zip(mini_site):
    assert 'href="quanze-site.zip"' in (mini_site / "index.html").read_text("utf-8")
    assert (mini_site / "quanze-site.zip").stat().st_size > 1000


def test_two_builds_are_byte_identical(tmp_path, mini_site):
    build_site(MINI, tmp_path / "again", strict=True, zip_site=True)
    first, second = site_bytes(mini_site), site_bytes(tmp_path / "again")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_nav_does_not_list_powers(mini_site):
    from test_chrome import given_back

    path = mini_site / "agencies" / "demo" / "0247001000.html"
    page = given_back(path.read_text("utf-8"), lambda src: (path.parent / src).read_text("utf-8"),
                      "agencies/demo/0247001000.html")  # with the navigation the site's script holds
    nav = page[page.index('<nav class="md-nav md-nav--primary"'):page.index("</nav>", page.index('md-nav--primary'))]
    assert "0647001000.html" not in nav and "statutes/shehui-baoxian-fa.html" not in nav


def many_agencies(tmp_path: Path, copies: int) -> Path:
    """The mini content with `copies` more agencies: distinct ids, names and codes."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    source = yaml.safe_load((MINI / "agencies" / "demo.yaml").read_text("utf-8"))
    for n in range(1, copies + 1):
        agency = copy.deepcopy(source)
        agency["name"] = f"复制{n}区医疗保障局"
        for power in agency["powers"]:
            power["code"] = f"{power['code'][:4]}{n:06d}"
            power["name"] = f"{power['name']}（复制{n}）"
        (content / "agencies" / f"copy-{n:03d}.yaml").write_text(json.dumps(agency, ensure_ascii=False), "utf-8")
    return content


def test_power_page_size_does_not_grow_with_agencies(tmp_path, mini_site):
    site = tmp_path / "site"
    build_site(many_agencies(tmp_path, 50), site, strict=True, zip_site=False)
    for page in ("agencies/demo/0247001000.html", "agencies/demo/index.html"):
        small, large = (mini_site / page).stat().st_size, (site / page).stat().st_size
        assert large <= small * 1.10, (page, small, large)


def test_failed_build_leaves_the_site_alone(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old site")
    (site / SITE_MARKER).write_text("built before")
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    path = content / "agencies" / "demo.yaml"
    path.write_text(path.read_text("utf-8").replace("category: 行政处罚", "category: 行政处"), "utf-8")
    with pytest.raises(ContentError) as error:
        build_site(content, site)
    assert "demo.yaml:" in str(error.value)
    assert (site / "index.html").read_text() == "old site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_docs_are_written_only_when_changed(tmp_path):
    docs = tmp_path / "docs"
    first = render_docs(project_of(MINI), docs)
    assert "agencies/demo/0247001000.md" in first
    (docs / "stale.md").write_text("gone soon")
    assert render_docs(project_of(MINI), docs) == []
    assert not (docs / "stale.md").exists()


# --- the default content -------------------------------------------------------------------

def test_default_content_builds_with_zero_warnings(default_site):
    assert (default_site / "index.html").is_file()
    assert len(list((default_site / "agencies").glob("*/index.html"))) >= 5


def test_default_power_pages_link_statutes(default_site):
    check_power_pages_link_statutes(CONTENT, default_site)


def test_default_statute_pages_link_back(default_site):
    check_statute_pages_link_back(CONTENT, default_site)


def test_default_has_no_broken_link_or_anchor(default_site):
    assert broken_links(default_site) == []


def test_default_loads_nothing_over_the_network(default_site):
    assert remote_loads(default_site) == []


def test_default_content_has_its_agencies_and_no_error():
    assert len(list((CONTENT / "agencies").glob("*.yaml"))) >= 5
    assert default_content_problems() == []


@pytest.mark.parametrize("link, message", [
    ("[坏链接](../statutes/shehui-baoxian-fa.md#art-999)", "art-999"),
    ("[坏链接](../statutes/no-such-statute.md)", "no-such-statute.md"),
])
def test_strict_build_fails_on_a_broken_link_or_anchor(tmp_path, monkeypatch, link, message):
    from generator.errors import QuanzeError
    from generator.publish import pipeline as build
    from generator.site.paths import Page, text_of

    real = build.render_site

    def with_broken_link(corpus, **options):  # (a build's texts come as its page store keeps them)
        return [Page(p.path, text_of(p.text) + f"\n{link}\n") if p.path == "agencies/index.md" else p
                for p in real(corpus, **options)]

    monkeypatch.setattr(build, "render_site", with_broken_link)
    site = tmp_path / "site"
    with pytest.raises(QuanzeError, match=message):
        build_site(MINI, site, strict=True)
    assert not site.exists() and list(tmp_path.iterdir()) == []
    summary = build_site(MINI, site, strict=False, zip_site=False)
    assert "warnings" in summary and " 0 warnings" not in summary


def test_zip_is_sorted_with_fixed_times(tmp_path, monkeypatch):
    import zipfile

    from generator.publish.sitedir import write_site_zip

    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    (site / "b" / "z.html").write_text("z")
    (site / "a.html").write_text("a")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = write_site_zip(site).read_bytes()
    (site / "a.html").touch()
    assert write_site_zip(site).read_bytes() == first
    with zipfile.ZipFile(site / "quanze-site.zip") as archive:
        assert archive.namelist() == ["quanze-site/a.html", "quanze-site/b/z.html"]
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_serve_watches_content_and_the_projects_templates(tmp_path):
    import generator.mkdocs_hook as hook

    class Server:
        def __init__(self):
            self.watched = []

        def watch(self, path):
            self.watched.append(path)

    class Config:
        config_file_path = str(tmp_path / "mkdocs.yml")

    assert hook.on_serve(Server(), Config(), None).watched == [str(tmp_path / "content")]
    (tmp_path / "site_templates").mkdir()
    assert hook.on_serve(Server(), Config(), None).watched == [str(tmp_path / "content"),
                                                                str(tmp_path / "site_templates")]


def test_plain_mkdocs_build_uses_the_hook(tmp_path):
    """A project whose mkdocs.yml names the hook builds with plain `mkdocs build`: the hook
    renders the project's content (the folder of mkdocs.yml), and refuses content errors."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    def project(name: str) -> Path:
        folder = tmp_path / name
        shutil.copytree(MINI, folder / "content")
        config = (ROOT / "mkdocs.yml").read_text("utf-8")
        config = config.replace("  - generator/mkdocs_hook.py", f"  - {ROOT / 'generator' / 'mkdocs_hook.py'}")
        config = config.replace("custom_dir: site_templates/overrides", f"custom_dir: {ROOT / 'site_templates' / 'overrides'}")
        (folder / "mkdocs.yml").write_text(config, "utf-8")
        (folder / ".build" / "docs").mkdir(parents=True)  # MkDocs checks docs_dir before the hook runs
        return folder

    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1")
    good = project("good")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
                          check=False, cwd=good, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    power = tmp_path / "site" / "agencies" / "demo" / "0247001000.html"
    assert (tmp_path / "site" / "quanze-site.zip").is_file()
    shared = re.search(r'<script src="([^"]*/quanze-chrome\.[0-9a-f]{8}\.js)"[^>]*></script>', power.read_text("utf-8"))
    assert shared is not None and (power.parent / shared.group(1)).is_file()  # the chrome in one script

    broken = project("broken")
    (broken / "content" / "statutes" / "shehui-baoxian-fa.yaml").unlink()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "other")],
                          check=False, cwd=broken, env=env, capture_output=True, text=True)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert 'content/agencies/demo.yaml:14:5: error: powers[0].basis[0].statute: unknown statute "shehui-baoxian-fa"' \
        in done.stderr


def test_replace_dir_swaps_and_keeps_no_old_copy(tmp_path):
    from generator.publish.sitedir import replace_dir

    target, new = tmp_path / "site", tmp_path / "new"
    target.mkdir()
    (target / "old.html").write_text("old")
    new.mkdir()
    (new / "new.html").write_text("new")
    replace_dir(new, target)
    assert [p.name for p in target.iterdir()] == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_work_dir_removes_folders_of_dead_builds_only(tmp_path):
    import os
    import subprocess

    from generator.publish.sitedir import work_dir

    dead = subprocess.Popen(["true"])
    dead.wait()
    site = tmp_path / "site"
    (tmp_path / f"site.build-{dead.pid}-abc").mkdir()
    (tmp_path / f"site.build-{os.getppid()}-def").mkdir()  # a live process: maybe a build running
    work = work_dir(site)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert f"site.build-{dead.pid}-abc" not in names
    assert f"site.build-{os.getppid()}-def" in names and work.name in names


def page_links(page: Path) -> list[str]:
    return re.findall(r'(?:href|src)="([^"#][^"]*)"', page.read_text(encoding="utf-8"))


def test_not_found_page_works_at_any_depth_when_the_site_has_a_url(tmp_path, mini_site):
    """Served online, the 404 page answers for any missing address, however deep: with site_url
    set its links and assets are absolute in the site's path; opened from disk, relative."""
    shutil.copytree(MINI, tmp_path / "content")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = "https://example.org/quanze/"
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    build_site(tmp_path / "content", tmp_path / "site")
    served = [link for link in page_links(tmp_path / "site" / "404.html") if not is_external(link)]
    assert served and all(link.startswith("/quanze/") for link in served), served
    assert "/quanze/index.html" in served and any(link.endswith(".css") for link in served)
    from_disk = [link for link in page_links(mini_site / "404.html") if not is_external(link)]
    assert from_disk and not any(link.startswith("/") for link in from_disk), from_disk
