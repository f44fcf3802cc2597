"""An agency's original file (source_file): checked at its line by `quanze check` and the build,
published beside the agency's page and linked with its size; a changed file rebuilds the site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import MINI

from generator.content import checks
from generator.errors import ContentError
from generator.publish.pipeline import build_sharded, build_site
from generator.tools.check import run_check

DEMO = "agencies/demo.yaml"


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder: the mini content and one original file in sources/."""
    shutil.copytree(MINI, tmp_path / "project" / "content")
    (tmp_path / "project" / "sources").mkdir()
    (tmp_path / "project" / "sources" / "demo-list.txt").write_text("示例区医疗保障局行政职权事项\n", "utf-8")
    return tmp_path / "project"


def name_source(project: Path, value: str) -> None:
    path = project / "content" / DEMO
    text = path.read_text("utf-8")
    path.write_text(text.replace("source: 示例\n", f"source: 示例\nsource_file: '{value}'\n"), "utf-8")


def problems(project: Path) -> list[str]:
    return [str(p) for p in run_check(project / "content", root=project).problems]


def test_the_original_is_published_beside_the_agency_page_and_a_changed_one_rebuilds(project, tmp_path):
    name_source(project, "sources/demo-list.txt")
    assert problems(project) == []
    site = tmp_path / "site"
    build_site(project / "content", site)
    original = site / "agencies" / "demo" / "original.txt"
    assert original.read_text("utf-8") == "示例区医疗保障局行政职权事项\n"
    page = (site / "agencies" / "demo" / "index.html").read_text("utf-8")
    assert '<th scope="row">原始文件</th><td><a href="original.txt">原始文件</a>（TXT，43 字节）</td>' in page
    assert "up to date" in build_site(project / "content", site)
    (project / "sources" / "demo-list.txt").write_text("示例区医疗保障局行政职权事项（修订）\n", "utf-8")
    assert "up to date" not in build_site(project / "content", site)
    assert original.read_text("utf-8") == "示例区医疗保障局行政职权事项（修订）\n"
    assert "（TXT，55 字节）" in (site / "agencies" / "demo" / "index.html").read_text("utf-8")


def test_a_sharded_site_publishes_it_in_the_agency_sub_site(project, tmp_path):
    name_source(project, "sources/demo-list.txt")
    site = tmp_path / "site"
    build_sharded(project / "content", site, by="agency")
    assert (site / "demo" / "agencies" / "demo" / "original.txt").is_file()


def test_no_original_no_link(project, tmp_path):
    site = tmp_path / "site"
    build_site(project / "content", site)
    page = (site / "agencies" / "demo" / "index.html").read_text("utf-8")
    assert '<th scope="row">原始文件</th><td>本站未收存发布机关的原件</td>' in page
    assert "original." not in page and "提取的文字" not in page
    assert not list(site.rglob("original.*")) and not list(site.rglob("text.txt"))


@pytest.mark.parametrize("value, why", [
    ("../secret.txt", "must be a path relative to the project, without .. (write it as sources/<file name>)"),
    ("/etc/passwd", "must be a path relative to the project, without .. (write it as sources/<file name>)"),
    ("content/agencies/demo.yaml", "is not in the project's sources/ folder (put the file in sources/ and write "
                                    "sources/<file name>)"),
    ("sources/missing.txt", "no such file (check the name against the files in sources/)"),
    ("sources/page.html", '".html" files are not published as they are (publish a text, PDF, Word or Excel file '
                          "(.txt, .pdf, .doc, .docx, .xls, .xlsx, .csv, .ofd, .wps, .et); save a web page as PDF)"),
    ("sources/folder.pdf", "is not a regular file (name a file, not a folder or a device)"),
    ("sources/outside.txt", "is a symbolic link (put the file itself in sources/, not a link to it)"),
    ("sources/git-config.txt", "is a symbolic link (put the file itself in sources/, not a link to it)"),
    ("sources/env.txt", "is a symbolic link (put the file itself in sources/, not a link to it)"),
    ("sources/sibling.txt", "is a symbolic link (put the file itself in sources/, not a link to it)"),
    ("sources/git/config.txt", 'is reached through a symbolic link ("sources/git") (put the file itself in '
                               "sources/, not a link to it)"),
    ("sources/hard.txt", "has 2 hard links (a hard link can be a file from outside the project: copy the file "
                         "into sources/)"),
])
def test_an_unsafe_original_is_an_error_at_its_line_in_check_and_build(project, tmp_path, value, why):
    hostile_sources(project, tmp_path)
    name_source(project, value)
    expected = f'content/agencies/demo.yaml:6:1: error: source_file: "{value}" {why}'
    assert problems(project) == [expected]
    with pytest.raises(ContentError) as raised:
        build_site(project / "content", tmp_path / "site")
    assert why in str(raised.value) and not (tmp_path / "site").exists()


def hostile_sources(project: Path, tmp_path: Path) -> None:
    """Names in sources/ that show other files: links to a file outside the project, to the
    project's `.git/config` (where CI keeps a token) and `.env`, to a file beside them in sources/,
    a linked folder, and a hard link to a file outside the project."""
    (project / "sources" / "folder.pdf").mkdir()
    (tmp_path / "secret.txt").write_text("secret", "utf-8")
    (project / ".git").mkdir()
    (project / ".git" / "config.txt").write_text("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n", "utf-8")
    (project / ".env").write_text("TOKEN=secret\n", "utf-8")
    os.symlink(tmp_path / "secret.txt", project / "sources" / "outside.txt")
    os.symlink("../.git/config.txt", project / "sources" / "git-config.txt")
    os.symlink("../.env", project / "sources" / "env.txt")
    os.symlink("demo-list.txt", project / "sources" / "sibling.txt")
    os.symlink("../.git", project / "sources" / "git")
    os.link(tmp_path / "secret.txt", project / "sources" / "hard.txt")


def test_the_file_published_is_the_file_checked_though_its_name_was_given_to_another(project, tmp_path):
    """A file swapped between the check and the read (a rename over it) is not what is read: the
    bytes come from the descriptor that was checked."""
    descriptor = checks.open_source_file(project, "sources/demo-list.txt")
    try:
        (tmp_path / "other.txt").write_text("秘密\n", "utf-8")
        os.replace(tmp_path / "other.txt", project / "sources" / "demo-list.txt")
        assert os.read(descriptor, 1000).decode("utf-8") == "示例区医疗保障局行政职权事项\n"
    finally:
        os.close(descriptor)


def test_a_file_swapped_for_a_link_after_the_check_is_refused_by_the_build(project, tmp_path, monkeypatch):
    """The build checks the file again on the descriptor it reads from: a link put in the file's
    place while the pages render is refused at its line, and nothing of it is published."""
    from generator.publish import pipeline

    name_source(project, "sources/demo-list.txt")
    (tmp_path / "secret.txt").write_text("TOKEN=secret\n", "utf-8")
    render = pipeline.render_site

    def render_then_swap(*args, **kwargs):
        pages = render(*args, **kwargs)
        (project / "sources" / "demo-list.txt").unlink()
        os.symlink(tmp_path / "secret.txt", project / "sources" / "demo-list.txt")
        return pages

    monkeypatch.setattr(pipeline, "render_site", render_then_swap)
    with pytest.raises(ContentError) as raised:
        build_site(project / "content", tmp_path / "site")
    assert str(raised.value) == (f'{project}/content/agencies/demo.yaml:6:1: error: source_file: "sources/demo-list.txt"'
                                 " is a symbolic link (put the file itself in sources/, not a link to it)")
    assert not (tmp_path / "site").exists()


def test_an_original_above_the_bound_is_refused(project, monkeypatch):
    monkeypatch.setattr(checks, "MAX_SOURCE_BYTES", 10)
    name_source(project, "sources/demo-list.txt")
    assert problems(project) == ['content/agencies/demo.yaml:6:1: error: source_file: "sources/demo-list.txt" is '
                                 "43 bytes, more than the 10 bytes a site publishes (publish a smaller copy (a PDF of the text) or "
                                 "leave source_file empty)"]


def test_the_command_line_says_where_without_a_traceback(project, monkeypatch, capsys):
    from generator.cli import main

    name_source(project, "../secret.txt")
    monkeypatch.chdir(project)
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith('content/agencies/demo.yaml:6:1: error: source_file: "../secret.txt" must be a path relative')
    assert main(["build", "--site-dir", str(project / "site")]) == 1
    out, err = capsys.readouterr()
    assert 'content/agencies/demo.yaml:6:1: error: source_file: "../secret.txt"' in out + err
    assert "Traceback" not in out + err and not (project / "site").exists()


def name_field(project: Path, field: str, value: str) -> None:
    path = project / "content" / DEMO
    text = path.read_text("utf-8")
    path.write_text(text.replace("source: 示例\n", f"source: 示例\n{field}: '{value}'\n"), "utf-8")


def test_the_extracted_text_is_published_beside_the_page_and_labelled_as_such(project, tmp_path):
    name_field(project, "source_text", "sources/demo-list.txt")
    assert problems(project) == []
    site = tmp_path / "site"
    build_site(project / "content", site)
    assert (site / "agencies" / "demo" / "text.txt").read_text("utf-8") == "示例区医疗保障局行政职权事项\n"
    assert not list(site.rglob("original.*"))
    page = (site / "agencies" / "demo" / "index.html").read_text("utf-8")
    assert ('<th scope="row">原始文件</th><td>本站未收存发布机关的原件</td>' in page
            and '<th scope="row">提取的文字</th><td><a href="text.txt">从原件提取的文字</a>（TXT，43 字节；'
                "供检索和核对，以原件为准）</td>" in page)
    (project / "sources" / "demo-list.txt").write_text("示例区医疗保障局行政职权事项（修订）\n", "utf-8")
    assert "up to date" not in build_site(project / "content", site)
    assert (site / "agencies" / "demo" / "text.txt").read_text("utf-8") == "示例区医疗保障局行政职权事项（修订）\n"


def test_the_agencys_file_and_its_text_are_published_side_by_side(project, tmp_path):
    (project / "sources" / "demo-list.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    name_field(project, "source_file", "sources/demo-list.pdf")
    name_field(project, "source_text", "sources/demo-list.txt")
    site = tmp_path / "site"
    build_site(project / "content", site)
    page = (site / "agencies" / "demo" / "index.html").read_text("utf-8")
    assert '<th scope="row">原始文件</th><td><a href="original.pdf">原始文件</a>（PDF，15 字节）</td>' in page
    assert '<a href="text.txt">从原件提取的文字</a>（TXT，43 字节；' in page
    assert (site / "agencies" / "demo" / "original.pdf").read_bytes() == b"%PDF-1.4\n%%EOF\n"


@pytest.mark.parametrize("value, why", [
    ("../secret.txt", "must be a path relative to the project, without .. (write it as sources/<file name>)"),
    ("sources/outside.txt", "is a symbolic link (put the file itself in sources/, not a link to it)"),
    ("sources/hard.txt", "has 2 hard links (a hard link can be a file from outside the project: copy the file "
                         "into sources/)"),
])
def test_an_unsafe_extracted_text_is_an_error_at_its_line_in_check_and_build(project, tmp_path, value, why):
    hostile_sources(project, tmp_path)
    name_field(project, "source_text", value)
    assert problems(project) == [f'content/agencies/demo.yaml:6:1: error: source_text: "{value}" {why}']
    with pytest.raises(ContentError) as raised:
        build_site(project / "content", tmp_path / "site")
    assert why in str(raised.value) and not (tmp_path / "site").exists()


def test_the_source_sentence_links_the_page_the_agency_published_or_says_there_is_none(project, tmp_path):
    page = lambda: (tmp_path / "site" / "agencies" / "demo" / "index.html").read_text("utf-8")  # noqa: E731
    build_site(project / "content", tmp_path / "site")
    assert ('<th scope="row">来源</th><td>示例区医疗保障局公布的《示例区医疗保障局行政职权事项》；本站未记录其公布网址。</td>'
            in page())
    assert "sources/" not in page()
    name_field(project, "source_url", "https://ylbz.example.cn/qzqd/2021.html?a=1&b=2")
    build_site(project / "content", tmp_path / "site")
    assert ('<th scope="row">来源</th><td>示例区医疗保障局公布的《示例区医疗保障局行政职权事项》，原文见 '
            '<a href="https://ylbz.example.cn/qzqd/2021.html?a=1&amp;b=2" rel="external noopener noreferrer">')in page()


@pytest.mark.parametrize("value", ["javascript:alert(1)", "https://example.cn/a b", "https://example.cn/\x85",
                                   "//example.cn/x", "https://example.cn/\"onmouseover=alert(1)"])
def test_a_source_url_that_is_not_an_http_address_is_refused_at_its_line(project, value):
    name_field(project, "source_url", value.replace("'", "''"))
    found = problems(project)
    assert len(found) == 1 and found[0].startswith("content/agencies/demo.yaml:6:") and "source_url" in found[0]
