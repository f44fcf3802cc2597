"""Every command that writes a user's file writes it atomically: killed at its first write, or
stopped by a full disk or a read-only folder, it leaves the file byte-identical to before."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator import fileio
from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"

#: Run in a child process: once the command opens a file for writing inside WATCH (the user's
#: folder), the process may write no byte more; its first write there kills it with SIGXFSZ,
#: as a kill -9 or a power cut at that moment would.
_KILL_AT_FIRST_WRITE = textwrap.dedent("""\
    import os, resource, runpy, signal, sys
    watch = os.path.realpath(os.environ["WATCH"])
    def hook(event, args):
        if event != "open" or not isinstance(args[0], (str, bytes)):
            return
        path = os.path.realpath(os.fsdecode(args[0]))
        mode, flags = args[1], args[2]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            mode is None and isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR))
        if writing and os.path.dirname(path) == watch:
            signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
            resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    sys.addaudithook(hook)
    module, *sys.argv[1:] = sys.argv[1:]
    sys.argv[0] = module
    runpy.run_module(module, run_name="__main__")
""")


def run_killed(cwd: Path, watch: Path, module: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "WATCH": str(watch), "PYTHONDONTWRITEBYTECODE": "1",
           "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-c", _KILL_AT_FIRST_WRITE, module, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder (hidden temporary files aside) and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


SOURCE = (
    "示例医疗保障局行政执法事项清单\n\n"
    "序号\t事项名称\t职权类型\t实施依据\t实施主体\n"
    "1\t对甲事项的监督检查\t行政监督检查\t<p>【法律】《中华人民共和国社会保险法》第七十七条 甲。</p>\t各级医疗保障行政部门\n"
)


def corrections_project(tmp_path: Path) -> Path:
    (tmp_path / "sources" / "corrections").mkdir(parents=True)
    (tmp_path / "sources" / "demo.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "sources" / "index.yaml").write_text("demo:\n  source: demo.txt\n  format: tsv\n", encoding="utf-8")
    (tmp_path / "sources" / "corrections" / "demo.diff").write_text("old diff\n", encoding="utf-8")
    (tmp_path / "content" / "agencies").mkdir(parents=True)
    (tmp_path / "content" / "agencies" / "demo.yaml").write_text("name: 旧\n", encoding="utf-8")
    return tmp_path


#: (name, arguments after the module, the folder written, what makes the command write)
WRITERS = {
    "fmt": (["generator", "fmt"], "content/agencies"),
    "new power": (["generator", "new", "power", "demo"], "content/agencies"),
    "registry update": (["generator", "registry", "update"], "content/statutes"),
    "import -o": (["generator", "import", "sources/demo.txt", "-o", "content/agencies/demo.yaml", "--force"], "content/agencies"),
    "corrections apply": (["generator.importers.corrections", "apply", "demo"], "content/agencies"),
    "corrections record": (["generator.importers.corrections", "record", "demo"], "sources/corrections"),
}


def prepare(name: str, tmp_path: Path) -> Path:
    if name.startswith(("corrections", "import")):
        return corrections_project(tmp_path)
    root = tmp_path
    shutil.copytree(MINI, root / "content")
    demo = root / "content" / "agencies" / "demo.yaml"
    demo.write_text("# 注释\n" + demo.read_text(encoding="utf-8").replace("admin_level: 县级\n", "")
                    .replace("source: 示例\n", "source: 示例\nadmin_level: 县级\n"), encoding="utf-8")
    statute = root / "content" / "statutes" / "shehui-baoxian-fa.yaml"
    statute.write_text(statute.read_text(encoding="utf-8") + "# 末尾注释\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_writer_killed_at_its_first_write_leaves_the_file_as_it_was(name, tmp_path):
    root = prepare(name, tmp_path)
    args, folder = WRITERS[name]
    before = snapshot(root / folder)
    done = run_killed(root, root / folder, *args)
    assert done.returncode == -signal.SIGXFSZ, (done.returncode, done.stderr[-2000:])
    assert snapshot(root / folder) == before


@pytest.mark.parametrize("name", list(WRITERS))
@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_full_disk_or_read_only_folder_is_one_line_and_the_file_stays(name, error, tmp_path, monkeypatch, capsys):
    root = prepare(name, tmp_path)
    args, folder = WRITERS[name]
    before = snapshot(root / folder)

    def refuse(*_args, **_kwargs):
        raise OSError(error, os.strerror(error))
    monkeypatch.setattr(fileio.os, "fsync", refuse)
    monkeypatch.chdir(root)
    if args[0] == "generator":
        status = main(args[1:])
    else:
        from generator.importers import corrections
        status = corrections.main(args[1:])
    err = capsys.readouterr().err
    assert status == 1
    lines = [line for line in err.splitlines() if "error" in line]
    assert len(lines) == 1 and os.strerror(error) in lines[0] and "Traceback" not in err, err
    assert lines[0].startswith(("quanze: error: ", "error: ")), err
    assert snapshot(root / folder) == before
    assert not [p for p in (root / folder).iterdir() if p.name.endswith(".tmp")]


def test_a_symbolic_link_is_replaced_not_followed(tmp_path, monkeypatch):
    root = prepare("fmt", tmp_path)
    outside = tmp_path / "outside.yaml"
    demo = root / "content" / "agencies" / "demo.yaml"
    outside.write_bytes(demo.read_bytes())
    demo.unlink()
    demo.symlink_to(outside)
    before = outside.read_bytes()
    monkeypatch.chdir(root)
    main(["fmt", "content/agencies/demo.yaml"])
    assert outside.read_bytes() == before


def test_import_output_has_no_terminal_control_characters(tmp_path, monkeypatch, capsys):
    root = corrections_project(tmp_path)
    source = root / "sources" / "list\x1b[2J\x07.txt"
    source.write_text(SOURCE.replace("甲。", "甲\x1b]0;title\x07。"), encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["import", str(source.relative_to(root)), "-o", "content/agencies/demo.yaml", "--force"]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "list\\x1b[2J\\x07.txt" in err


@pytest.mark.parametrize("text, expected", [
    ("title: !!python/object/apply:os.system [x]\n", "content/statutes/bad.yaml:1:8: error: YAML tags"),
    ("title: 甲法\ntitle: 乙法\n", "content/statutes/bad.yaml:2:1: error: duplicate key"),
])
def test_import_reads_the_registry_as_check_does(tmp_path, monkeypatch, capsys, text, expected):
    root = corrections_project(tmp_path)
    (root / "content" / "statutes").mkdir()
    (root / "content" / "statutes" / "bad.yaml").write_text(text, encoding="utf-8")
    before = snapshot(root / "content" / "agencies")
    monkeypatch.chdir(root)
    assert main(["import", "sources/demo.txt", "-o", "content/agencies/demo.yaml", "--force"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(expected) and "Traceback" not in err, err
    assert snapshot(root / "content" / "agencies") == before
