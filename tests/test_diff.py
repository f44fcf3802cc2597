"""`quanze diff`: the change report reviewers read, from two git revisions of content/."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import QuanzeError
from generator.tools.diff import code, diff_report, fenced, md, text_diff

MINI = Path(__file__).parent / "fixtures" / "mini"
DEMO2 = """\
name: 另一区医疗保障局
region: 示例省示例市另一区
admin_level: 县级
title: 另一区医疗保障局行政职权事项
powers:
- id: p1
  serial: '1'
  name: 对医疗保障基金使用情况的监督检查
  category: 行政检查
"""


def git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo), "PATH": "/usr/bin:/bin:/usr/local/bin"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """Two commits: the second renames one power of demo and deletes the other; other.yaml unchanged."""
    shutil.copytree(MINI, tmp_path / "content")
    (tmp_path / "content" / "agencies" / "other.yaml").write_text(DEMO2, encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "content")
    git(tmp_path, "commit", "-qm", "base")
    demo = tmp_path / "content" / "agencies" / "demo.yaml"
    text = demo.read_text(encoding="utf-8")
    text = text[: text.index("- id: '0647001000'")]
    text = text.replace("name: 以欺诈、伪造证明材料或者其他手段骗取社会保险基金支出行为的处罚",
                        "name: 以欺诈、伪造证明材料等手段骗取医疗保障基金支出行为的处罚")
    demo.write_text(text, encoding="utf-8")
    git(tmp_path, "commit", "-qam", "rename and delete")
    monkeypatch.chdir(tmp_path)
    return tmp_path


EXPECTED = """\
# Content changes: `HEAD~1` → `HEAD`

Agencies: 0 added, 0 removed, 1 changed · Powers: 0 added, 1 removed, 1 renamed, 0 moved, 0 changed · Statutes: 0 added, 0 removed, 0 changed

## 示例区医疗保障局 (`demo`)

**Powers removed**

- `0647001000` 对医疗保障基金使用情况的监督检查

**Powers renamed**

- `0247001000` 以欺诈、伪造证明材料或者其他手段骗取社会保险基金支出行为的处罚 → `0247001000` 以欺诈、伪造证明材料等手段骗取医疗保障基金支出行为的处罚
"""


def test_rename_and_delete_are_reported_and_nothing_else(repo):
    report = diff_report("HEAD~1", "HEAD")
    assert report == EXPECTED
    assert "另一区" not in report and "other" not in report


def test_working_tree_is_the_default_head(repo, capsys):
    demo = repo / "content" / "agencies" / "demo.yaml"
    demo.write_text(demo.read_text(encoding="utf-8").replace("remarks: 增加", "remarks: 修改"), encoding="utf-8")
    assert main(["diff", "HEAD"]) == 0
    assert capsys.readouterr().out == (
        "# Content changes: `HEAD` → working tree\n\n"
        "Agencies: 0 added, 0 removed, 1 changed · Powers: 0 added, 0 removed, 0 renamed, 0 moved, 1 changed · "
        "Statutes: 0 added, 0 removed, 0 changed\n\n"
        "## 示例区医疗保障局 (`demo`)\n\n"
        "**Powers changed**\n\n"
        "- `0247001000` 以欺诈、伪造证明材料等手段骗取医疗保障基金支出行为的处罚\n"
        "  - `remarks`: 增加 → 修改\n")


def test_fields_citations_moves_and_long_texts(repo):
    demo = repo / "content" / "agencies" / "demo.yaml"
    text = demo.read_text(encoding="utf-8")
    text = text.replace("    ref: 第八十七条\n    article: 87\n", "    ref: 第八十八条\n    article: 88\n", 1)
    text = text.replace("serial: '1'", "serial: '2'")
    text = text.replace("由社会保险行政部门责令退回骗取的社会保险金。", "由社会保险行政部门责令退回骗取的社会保险金；处罚款。")
    demo.write_text(text, encoding="utf-8")
    report = diff_report("HEAD")
    assert "**Powers moved**\n\n- `0247001000` 以欺诈、伪造证明材料等手段骗取医疗保障基金支出行为的处罚: serial 1 → 2 (place 1 → 1)" in report
    assert "  - citation added: 《中华人民共和国社会保险法》第八十八条\n" in report
    assert "  - citation removed: 《中华人民共和国社会保险法》第八十七条\n" in report


def test_long_fields_are_a_fenced_diff(repo):
    demo = repo / "content" / "agencies" / "demo.yaml"
    demo.write_text(demo.read_text(encoding="utf-8").replace(
        "  - 没有法律或者事实依据实施行政处罚的；\n", "  - 没有法律或者事实依据实施行政处罚的；\n  - 擅自改变行政处罚种类、幅度的；\n"),
        encoding="utf-8")
    assert diff_report("HEAD").endswith(
        "  - `accountability`:\n"
        "    ```diff\n"
        "    @@ -1 +1,2 @@\n"
        "     没有法律或者事实依据实施行政处罚的；\n"
        "    +擅自改变行政处罚种类、幅度的；\n"
        "    ```\n")


def test_long_text_changes_are_a_unified_diff():
    lines = text_diff("第一句。第二句很长。第三句。", "第一句。第二句很短。第三句。")
    assert lines == ["@@ -1,3 +1,3 @@", " 第一句。", "-第二句很长。", "+第二句很短。", " 第三句。"]


def test_statute_changes(repo):
    statute = repo / "content" / "statutes" / "shehui-baoxian-fa.yaml"
    statute.write_text(statute.read_text(encoding="utf-8").replace("- number: 87", "- number: 86"), encoding="utf-8")
    report = diff_report("HEAD")
    assert "## Statutes\n\n### 中华人民共和国社会保险法 (`shehui-baoxian-fa`)\n\n- article 86 added\n- article 87 removed\n" in report
    assert "Statutes: 0 added, 0 removed, 1 changed" in report


def test_content_is_escaped():
    assert md("**粗体** <script>alert(1)</script> @someone #1 [链接](http://x)") == (
        "\\*\\*粗体\\*\\* &lt;script&gt;alert\\(1\\)&lt;/script&gt; &#64;someone \\#1 \\[链接\\]\\(http://x\\)")
    assert code("a`b") == "a\\`b"
    assert code("demo") == "`demo`"
    assert fenced(["has ``` inside"]) == ["````diff", "has ``` inside", "````"]


def test_hostile_names_stay_inert(repo):
    demo = repo / "content" / "agencies" / "demo.yaml"
    demo.write_text(demo.read_text(encoding="utf-8").replace(
        "name: 示例区医疗保障局", "name: '<img src=x onerror=alert(1)> @admin'"), encoding="utf-8")
    report = diff_report("HEAD")
    assert "<img" not in report and "@admin" not in report
    assert "- `name`: 示例区医疗保障局 → &lt;img src\\=x onerror\\=alert\\(1\\)&gt; &#64;admin" in report


def test_unknown_revision_is_a_clear_error(repo, capsys):
    with pytest.raises(QuanzeError, match="unknown revision 'nope'"):
        diff_report("nope")
    assert main(["diff", "nope"]) == 1
    assert capsys.readouterr().err == (
        "quanze: error: unknown revision 'nope' (a branch, tag or commit: e.g. origin/main, HEAD~1)\n")


def test_outside_a_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(QuanzeError, match="not inside a git repository"):
        diff_report("HEAD")


def test_unreadable_file_is_listed_not_fatal(repo):
    (repo / "content" / "agencies" / "other.yaml").write_text("name: [\n", encoding="utf-8")
    report = diff_report("HEAD")
    assert "## Files that could not be read" in report


def test_no_changes(repo):
    assert diff_report("HEAD", "HEAD") == "# Content changes: `HEAD` → `HEAD`\n\nNo changes to the content.\n"


def test_content_outside_the_repository(repo, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    with pytest.raises(QuanzeError, match="is not inside the git repository"):
        diff_report("HEAD", content=elsewhere)


def test_files_in_subfolders_are_not_content(repo):
    (repo / "content" / "agencies" / "old").mkdir()
    (repo / "content" / "agencies" / "old" / "x.yaml").write_text("name: x\n", encoding="utf-8")
    git(repo, "add", "content")
    git(repo, "commit", "-qm", "subfolder")
    assert diff_report("HEAD~1", "HEAD").endswith("No changes to the content.\n")


# --- blobs are read as check reads files -----------------------------------------------------
def test_a_blob_over_the_size_limit_is_not_read(repo, monkeypatch):
    from generator.content.load import MAX_FILE_BYTES
    from generator.tools import diff as diff_module

    big = repo / "content" / "agencies" / "big.yaml"
    big.write_bytes(b"name: x\nnotes:\n" + b"- " + b"x" * (MAX_FILE_BYTES + 10) + b"\n")
    git(repo, "add", "content")
    git(repo, "commit", "-qm", "big")
    asked = []
    real = diff_module._git
    monkeypatch.setattr(diff_module, "_git", lambda args, cwd, stdin=None: asked.append(stdin) or real(args, cwd, stdin))
    report = diff_report("HEAD~1", "HEAD")
    size = big.stat().st_size
    assert (f"- content/agencies/big\\.yaml:1:1: error: file is {size} bytes, more than the limit of "
            f"{MAX_FILE_BYTES}: not read \\(split the content into several files\\)") in report
    sha = git(repo, "rev-parse", "HEAD:content/agencies/big.yaml").strip()
    assert not any(stdin and sha.encode() in stdin for stdin in asked)  # never handed to cat-file


@pytest.mark.parametrize("text, expected", [
    (b"name: !!python/object/apply:os.system [x]\n", "1:7: error: YAML tags"),
    (b"name: a\nname: b\n", "2:1: error: duplicate key"),
    (b"a: &a [x, x]\nb: [*a, *a]\nname: x\n", "1:4: error: YAML anchors"),
    ("name: 甲\n".encode("gbk"), "1:7: error: not UTF-8: byte 0xbc cannot be decoded"),
])
def test_hostile_blobs_are_listed_as_check_reports_them(repo, text, expected):
    (repo / "content" / "agencies" / "bad.yaml").write_bytes(text)
    git(repo, "add", "content")
    git(repo, "commit", "-qm", "bad")
    for report in (diff_report("HEAD~1", "HEAD"), diff_report("HEAD~1")):
        line = next(line for line in report.splitlines() if "bad" in line)
        assert line.startswith("- content/agencies/bad\\.yaml:") and md(expected) in line, line


def test_links_and_fifos_in_the_working_tree_are_not_read(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.yaml"
    outside.write_text("name: 秘密\n", encoding="utf-8")
    (repo / "content" / "agencies" / "link.yaml").symlink_to(outside)
    import os
    os.mkfifo(repo / "content" / "agencies" / "pipe.yaml")
    report = diff_report("HEAD")  # a FIFO read would hang here
    assert "秘密" not in report
    assert "link\\.yaml:0:0: error: symbolic link to a file outside the project" in report
    assert "pipe\\.yaml:0:0: error: a named pipe \\(FIFO\\), not a regular file" in report


def test_a_link_committed_to_git_is_not_followed(repo):
    (repo / "content" / "agencies" / "link.yaml").symlink_to("/etc/hostname")
    git(repo, "add", "content")
    git(repo, "commit", "-qm", "link")
    report = diff_report("HEAD~1", "HEAD")
    assert "link\\.yaml:0:0: error: a symbolic link, not a file: not read" in report
