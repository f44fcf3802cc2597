"""Builds that do only what changed: the result is byte for byte a clean build's, and the
sub-sites an edit does not touch are kept from the previous site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import MINI

from generator.publish.pipeline import build_sharded, build_site
from generator.publish.search_index import searched_docs
from generator.publish.sitedir import SITE_MARKER
from generator.publish.state import read_state


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a site, its build state (the marker) included."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Six agencies in six provinces: a top site and six sub-sites when sharded by region."""
    from benchmarks.corpus import write_corpus

    return write_corpus(MINI, tmp_path / "project" / "content", 6)


def retitle(content: Path, agency_id: str) -> None:
    """Edit the title of one agency's list: its own pages, the top site's lists, and the light
    search entry the other sub-sites have of it change; no page of another agency does."""
    path = content / "agencies" / f"{agency_id}.yaml"
    text = path.read_text("utf-8")
    start = text.index("\ntitle: ") + len("\ntitle: ")
    end = text.index("\n", start)
    path.write_text(text[:start] + text[start:end] + "（修订）" + text[end:], "utf-8")


def test_one_edited_agency_rebuilds_its_province_and_the_top_site_only(corpus, tmp_path):
    site = tmp_path / "site"
    first = build_sharded(corpus, site, by="region")
    assert "unchanged" not in first
    kept = {p.stat().st_ino for p in [*(site / "tianjin").rglob("*.html"), *(site / "tianjin").rglob("search_*")]}
    retitle(corpus, "bj-00001")
    second = build_sharded(corpus, site, by="region")
    assert "6 unchanged and kept" in second, second  # beijing rebuilt
    assert {p.stat().st_ino for p in [*(site / "tianjin").rglob("*.html"), *(site / "tianjin").rglob("search_*")]} \
        == kept  # the very files, linked: the index of a kept sub-site too
    clean = tmp_path / "clean"
    build_sharded(corpus, clean, by="region")
    assert tree(site) == tree(clean)
    assert "修订" in (site / "search" / "light.js").read_text("utf-8")  # what every sub-site finds of the others
    assert any("修订" in doc["title"] for doc in searched_docs(site / "tianjin"))


def test_kept_sub_sites_moved_in_are_recorded_as_the_site_has_them(corpus, tmp_path):
    """A kept sub-site's folder is moved into the new site: the build records the site as it is
    then, so the next edit keeps the others again and a build with nothing changed does nothing."""
    site = tmp_path / "site"
    build_sharded(corpus, site, by="region")
    retitle(corpus, "bj-00001")
    assert "6 unchanged and kept" in build_sharded(corpus, site, by="region")
    retitle(corpus, "tj-00002")
    assert "6 unchanged and kept" in build_sharded(corpus, site, by="region")  # (not the whole site again)
    assert "is up to date: nothing changed" in build_sharded(corpus, site, by="region")
    assert not list(tmp_path.glob("site.build-*")) and not list(tmp_path.glob("site.old-*"))
    clean = tmp_path / "clean"
    build_sharded(corpus, clean, by="region")
    assert tree(site) == tree(clean)


def test_folders_moved_in_are_listed_where_a_walk_of_the_site_finds_them(tmp_path):
    """The listing a build records, with the folders it moves in from the previous site, is the
    walk of the site swapped in: by name in each folder ("a" before "a-b", whose "-" sorts
    before "/" in a path)."""
    from generator.publish.state import site_listing, with_folders

    old, new = tmp_path / "old", tmp_path / "new"
    for path in ["a/x.html", "a/y/index.html", "c/z.html"]:
        (old / path).parent.mkdir(parents=True, exist_ok=True)
        (old / path).write_text(path, "utf-8")
    for path in ["a-b/index.html", "a.html", "b/index.html", "index.html"]:
        (new / path).parent.mkdir(parents=True, exist_ok=True)
        (new / path).write_text(path, "utf-8")
    merged = with_folders(site_listing(new), site_listing(old), {"a"})
    (old / "a").rename(new / "a")
    assert merged == site_listing(new)
    assert [entry[0] for entry in merged][:3] == ["a/x.html", "a/y/index.html", "a-b/index.html"]


def test_a_failed_swap_puts_the_kept_sub_sites_back(corpus, tmp_path, monkeypatch):
    """The folders moved from the previous site go back when the swap fails: it stays whole."""
    from generator.errors import QuanzeError
    from generator.publish import sitedir

    site = tmp_path / "site"
    build_sharded(corpus, site, by="region")
    before = tree(site)
    retitle(corpus, "bj-00001")

    def refused(new, target):
        assert (new / "tianjin" / "index.html").is_file() and not (target / "tianjin").exists()  # (moved)
        raise QuanzeError("the swap failed")

    monkeypatch.setattr(sitedir, "replace_dir", refused)
    with pytest.raises(QuanzeError, match="the swap failed"):
        build_sharded(corpus, site, by="region")
    assert tree(site) == before


def test_pages_kept_between_runs_give_a_clean_build(corpus, tmp_path, monkeypatch):
    """Builds after a renamed power, an edited statute and a removed agency, each taking the
    pages it can from the cache of the runs before, equal builds with an empty cache."""
    site = tmp_path / "site"
    build_sharded(corpus, site, by="region")
    power = corpus / "agencies" / "bj-00001.yaml"
    text = power.read_text("utf-8")
    start = text.index("\n  name: ") + len("\n  name: ")
    power.write_text(text[:start] + "改名的" + text[start:], "utf-8")
    statute = sorted((corpus / "statutes").glob("*.yaml"))[0]
    statute.write_text(statute.read_text("utf-8").replace("\ntitle: ", "\ntitle: 修正的", 1), "utf-8")
    (corpus / "agencies" / "tj-00002.yaml").unlink()
    for _ in range(2):  # the second build: everything from the cache
        build_sharded(corpus, site, by="region")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
    clean = tmp_path / "clean"
    build_sharded(corpus, clean, by="region")
    assert tree(site) == tree(clean)


def test_a_build_with_nothing_changed_writes_nothing(corpus, tmp_path):
    site = tmp_path / "site"
    build_sharded(corpus, site, by="region")
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*")}
    folder = site.stat().st_ino
    summary = build_sharded(corpus, site, by="region")
    assert "is up to date: nothing changed" in summary
    assert site.stat().st_ino == folder
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*")} == before
    assert not list(tmp_path.glob("site.build-*"))


def test_an_edited_template_rebuilds_the_pages_it_renders(corpus, tmp_path):
    site = tmp_path / "site"
    build_sharded(corpus, site, by="region")
    own = corpus.parent / "site_templates" / "pages"
    own.mkdir(parents=True)
    from generator.site.templates import TEMPLATES

    shutil.copy(TEMPLATES / "home.md.j2", own / "home.md.j2")
    with open(own / "home.md.j2", "a", encoding="utf-8") as handle:
        handle.write("\n本站由示例维护。\n")
    summary = build_sharded(corpus, site, by="region")
    assert "6 unchanged and kept" in summary, summary  # the home page is the top site's
    assert "本站由示例维护。" in (site / "index.html").read_text("utf-8")
    clean = tmp_path / "clean"
    build_sharded(corpus, clean, by="region")
    assert tree(site) == tree(clean)


def test_a_build_with_nothing_changed_answers_before_the_heavy_stages_are_imported(tmp_path):
    """`quanze build` of a site that is current reads the inputs' fingerprint and the previous
    build's state only: the content's models, the renderer and the builder are never imported.
    A build after an edit imports them, but not pinyin's dictionary where no slug is made (no
    list has editions, no province is split by place)."""
    import subprocess
    import sys

    content = tmp_path / "project" / "content"
    shutil.copytree(MINI, content)
    site = tmp_path / "site"
    build_site(content, site, zip_site=False)
    probe = ("import sys; from generator import cli; sys.argv = ['quanze', *sys.argv[1:]]; code = cli.main(); "
             "print(sorted(m for m in ('generator.content.model', 'generator.site.render', 'generator.publish.pipeline', "
             "'pydantic', 'jinja2', 'mkdocs', 'pypinyin') if m in sys.modules)); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", probe, "--content", str(content), "build", "--site-dir", str(site),
                           "--shard-by", "none", "--no-zip"], cwd=tmp_path / "project", capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    assert done.returncode == 0, done.stderr
    assert "is up to date: nothing changed" in done.stdout and done.stdout.rstrip().endswith("[]"), done.stdout
    demo = content / "agencies" / "demo.yaml"
    demo.write_text(demo.read_text("utf-8").replace("category: 行政处罚", "category: 行政检查", 1), "utf-8")
    done = subprocess.run(done.args, cwd=tmp_path / "project", capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    assert done.returncode == 0 and "up to date" not in done.stdout and "'pydantic'" in done.stdout, done.stdout
    assert "'pypinyin'" not in done.stdout, done.stdout


def test_one_site_is_rebuilt_whole_or_kept_whole(tmp_path):
    content = tmp_path / "project" / "content"
    shutil.copytree(MINI, content)
    site = tmp_path / "site"
    build_site(content, site, zip_site=True)
    assert "up to date" in build_site(content, site, zip_site=True)
    demo = content / "agencies" / "demo.yaml"
    demo.write_text(demo.read_text("utf-8").replace("category: 行政处罚", "category: 行政检查", 1), "utf-8")
    assert "unchanged" not in build_site(content, site, zip_site=True)
    clean = tmp_path / "clean"
    build_site(content, clean, zip_site=True)
    assert tree(site) == tree(clean)


def test_a_different_build_date_rebuilds(corpus, tmp_path, monkeypatch):
    site = tmp_path / "site"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build_sharded(corpus, site, by="region")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1700000000 + 86400))
    summary = build_sharded(corpus, site, by="region")
    assert "unchanged" not in summary and "up to date" not in summary
    assert set(read_state(site).sites) == {"top", "beijing", "tianjin", "hebei", "shanxi", "neimenggu", "liaoning"}


def test_the_state_is_read_only_from_a_site_built_by_quanze(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / ".quanze-site").write_text("not json", "utf-8")
    assert read_state(tmp_path / "site").sites == {}
    os.chmod(tmp_path / "site" / ".quanze-site", 0o644)


def test_shards_changed_lists_the_sub_sites_a_change_touches(corpus):
    import json
    import subprocess
    import sys

    from conftest import ROOT

    project = corpus.parent
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "lists"], cwd=project, check=True)

    def changed() -> list[str]:
        done = subprocess.run([sys.executable, "-m", "generator", "shards", "--shard-by", "region", "--changed", "HEAD",
                               "--ids"], cwd=project, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    assert changed() == []
    retitle(corpus, "bj-00001")
    assert changed() == ["top", "beijing"]  # no power's code or name changed: no other agency's page
    path = corpus / "agencies" / "tj-00002.yaml"
    text = path.read_text("utf-8")
    start = text.index("  name: ") + len("  name: ")
    path.write_text(text[:start] + "独有的" + text[start:], "utf-8")  # a power renamed: its old namesakes change
    assert changed() == ["top", "beijing", "hebei", "liaoning", "neimenggu", "shanxi", "tianjin"]
    subprocess.run([*git, "checkout", "-q", "--", "."], cwd=project, check=True)
    statute = next((corpus / "statutes").glob("*.yaml"))
    statute.write_text(statute.read_text("utf-8") + "\n", "utf-8")
    assert len(changed()) == 7


def test_a_site_changed_by_hand_is_built_again_whole(corpus, tmp_path):
    site = tmp_path / "site"
    build_sharded(corpus, site, by="region")
    (site / "tianjin" / "extra.html").write_text("hand-made", "utf-8")
    assert (site / SITE_MARKER).is_file()
    summary = build_sharded(corpus, site, by="region")
    assert "unchanged" not in summary and "up to date" not in summary
    assert not (site / "tianjin" / "extra.html").exists()


def test_every_sub_site_index_says_whose_each_power_is(corpus, tmp_path):
    """The light entries of the other sub-sites carry their agency and category themselves: an
    index never depends on which sub-sites were built before it (or kept from the last build)."""

    site = tmp_path / "site"
    build_sharded(corpus, site, by="region", jobs=2)
    checked = 0
    for index in site.glob("**/search/search_index.json"):
        for doc in searched_docs(index.parent.parent):
            location = doc["location"]
            if "/agencies/" in "/" + location and "#" not in location and not location.endswith("index.html"):
                assert "where" in doc and " · " in doc["where"], (index, location)
                checked += 1
    assert checked > 40
