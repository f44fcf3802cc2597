"""The command line as a clerk meets it first: options before or after the command, --version,
help, `import` that keeps what exists, `serve` on a busy port, a broken template or setting in
one line."""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator import __version__
from generator.cli import main, parser

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
LIST = ROOT / "tests" / "fixtures" / "import" / "subitems.html"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """The mini content as a project, the current folder outside it."""
    shutil.copytree(MINI, tmp_path / "p" / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "p"


@pytest.fixture
def empty(tmp_path, monkeypatch) -> Path:
    """A project as `quanze init --bare` leaves it, the current folder."""
    (tmp_path / "content" / "agencies").mkdir(parents=True)
    (tmp_path / "content" / "statutes").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- options, version, help ------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["--project", "p", "check"], ["check", "--project", "p"],
                                  ["--project", "elsewhere", "check", "--project", "p"],
                                  ["--content", "p/content", "registry", "update"],
                                  ["registry", "update", "--content", "p/content"]])
def test_project_options_before_or_after_the_command(project, capsys, argv):
    assert main(argv) == 0, capsys.readouterr().err


def test_an_option_before_the_command_is_kept_when_not_given_after(project):
    args = parser().parse_args(["--project", "p", "check", "--strict"])
    assert args.project == Path("p") and args.strict
    assert parser().parse_args(["check"]).project is None


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"quanze {__version__}\n"


def test_bare_quanze_prints_help_and_succeeds():
    done = subprocess.run([sys.executable, "-m", "generator"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("usage: quanze") and "import-statute" in done.stdout


def actions(p: argparse.ArgumentParser, name: str = "quanze"):
    """(command, action) for every option and argument of the parser and its subcommands."""
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            helped = {choice.dest for choice in action._choices_actions}
            for command, sub in action.choices.items():
                yield f"{name} {command}", argparse.Action([command], command, help=command if command in helped
                                                          else None)
                yield from actions(sub, f"{name} {command}")
        else:
            yield name, action


def test_every_option_and_command_has_a_help_line():
    missing = [(name, action.option_strings or action.dest) for name, action in actions(parser())
               if not action.help]
    assert missing == []
    assert len(list(actions(parser()))) > 60


# -- import: an existing file is kept, a name must be an id, the registry follows ---------------


def test_import_writes_the_list_and_adds_its_statutes_to_the_registry(empty, capsys):
    assert main(["import", str(LIST), "-o", "content/agencies/my-agency.yaml", "--region", "某某省某某市某某县"]) == 0
    err = capsys.readouterr().err
    assert "statute registry: 2 statute(s) created, 0 changed, 0 unchanged\n" in err
    assert sorted(p.name for p in (empty / "content" / "statutes").glob("*.yaml")) == [
        "shehuibaoxian-fa.yaml", "yiliaobaozhang-jijin-shiyong-jiandu-guanlitiaoli.yaml"]
    assert main(["check"]) == 0


def test_import_keeps_an_existing_file_unless_forced_then_says_what_changed(empty, capsys):
    target = empty / "content" / "agencies" / "my-agency.yaml"
    assert main(["import", str(LIST), "-o", str(target.relative_to(empty))]) == 0
    yaml = YAML()
    data = yaml.load(target.read_text("utf-8"))
    data["powers"][0]["name"] = "改过的名称"
    del data["powers"][1]
    data["powers"].append({**data["powers"][-1], "id": "shoudong-tianjia"})
    with target.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    edited = target.read_bytes()
    capsys.readouterr()

    assert main(["import", str(LIST), "-o", "content/agencies/my-agency.yaml"]) == 1
    assert capsys.readouterr().err == (
        "quanze: error: content/agencies/my-agency.yaml exists: nothing was written (give --force to replace it, "
        "which reports the powers added, removed and changed)\n")
    assert target.read_bytes() == edited

    assert main(["import", str(LIST), "-o", "content/agencies/my-agency.yaml", "--force"]) == 0
    assert ("replaced content/agencies/my-agency.yaml: 1 powers added, 1 removed, 1 changed, 2 unchanged\n"
            in capsys.readouterr().err)
    assert target.read_bytes() != edited


@pytest.mark.parametrize("name, why", [
    ("My_Agency.yaml", "use lowercase ASCII letters, digits and hyphens, starting with a letter or digit"),
    ("con.yaml", '"con" is a reserved device name on Windows; add a word, e.g. "con-1"'),
    ("xixia.txt", "an agency file ends in .yaml"),
])
def test_import_refuses_an_output_name_that_is_no_agency_id_before_reading(empty, capsys, name, why):
    stem = name.split(".")[0]
    assert main(["import", "no-such-list.docx", "-o", f"content/agencies/{name}"]) == 1
    assert capsys.readouterr().err == (
        f'quanze: error: content/agencies/{name}: the file name "{stem}" is not a valid agency id ({why}), '
        "e.g. -o content/agencies/xixia-ybj.yaml\n")
    assert not list((empty / "content" / "agencies").iterdir())


def test_import_names_the_registry_command_when_it_cannot_run_it(empty, capsys):
    (empty / "content" / "agencies" / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    assert main(["import", str(LIST), "-o", "content/agencies/my-agency.yaml"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == ("the statutes it cites are not in the registry yet: the content has 1 problem(s) "
                       "(`quanze check` lists them); once they are fixed, run: quanze registry update")
    assert (empty / "content" / "agencies" / "my-agency.yaml").is_file()
    assert not list((empty / "content" / "statutes").iterdir())


# -- serve, templates, settings: one line where the mistake is -----------------------------------


def test_serve_on_a_busy_port_fails_before_building(project, capsys, monkeypatch):
    monkeypatch.setattr("generator.publish.pipeline.serve", lambda *a, **k: pytest.fail("built on a busy port"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--project", "p", "--dev-addr", f"127.0.0.1:{port}"]) == 1
    assert capsys.readouterr().err == (
        f"quanze: error: 127.0.0.1:{port} is in use (a preview already running?); give another address with "
        f"--dev-addr, e.g. --dev-addr 127.0.0.1:{port + 1}\n")


def test_serve_refuses_an_address_without_a_port(project, capsys):
    assert main(["serve", "--project", "p", "--dev-addr", "localhost"]) == 1
    assert "expected HOST:PORT" in capsys.readouterr().err


def test_a_page_template_that_does_not_parse_is_one_line_at_its_place(project, capsys):
    pages = project / "site_templates" / "pages"
    pages.mkdir(parents=True)
    (pages / "home.md.j2").write_text("# 首页\n{% if x %}\n{{ a b }}\n", encoding="utf-8")
    assert main(["build", "--project", "p", "--no-zip"]) == 1
    assert capsys.readouterr().err == (
        "p/site_templates/pages/home.md.j2:3:0: error: template syntax: expected token 'end of print statement', "
        "got 'b'\n")


def test_a_setting_mkdocs_refuses_is_one_line_at_its_place(project, capsys):
    (project / "mkdocs.yml").write_text("site_name: 测试\nuse_directory_urls: maybe\ntheme:\n  name: material\n",
                                        encoding="utf-8")
    assert main(["build", "--project", "p", "--no-zip"]) == 1
    assert capsys.readouterr().err == (
        "p/mkdocs.yml:2:0: error: use_directory_urls: Expected type: <class 'bool'> but received: <class 'str'>\n")


def test_a_settings_file_that_does_not_parse_says_error_once(project, capsys):
    (project / "mkdocs.yml").write_text("site_name: [测试\n", encoding="utf-8")
    assert main(["build", "--project", "p", "--no-zip"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{project / 'mkdocs.yml'}:2:1: error: ") and err.count("error:") == 1, err


# -- the corrections tool in a project init made ------------------------------------------------


def test_corrections_in_a_project_without_an_index_say_what_to_create(empty, capsys):
    from generator.importers import corrections

    assert corrections.main(["record", "my-agency"]) == 1
    assert capsys.readouterr().err == (
        "error: sources/index.yaml does not exist: create it, naming each agency's published list in sources/ "
        "(e.g. `my-agency: {source: 清单.docx, format: auto}`), then record the corrections with "
        "`python -m generator.importers.corrections record my-agency`\n")
