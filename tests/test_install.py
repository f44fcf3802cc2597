"""quanze as an agency gets it: a wheel, installed outside the repository, starting a project of
its own with `quanze init`, importing a published list, checking and building it; and the CI
workflow init writes installing the same quanze in a fresh environment."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "import" / "subitems.html"


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> dict:
    """The sdist and the wheel built from it, as the release workflow builds them (`python -m
    build`), from a copy of the working tree's files (the checkout's own build/ is left alone):
    {"wheel": path, "sdist": path, "log": what the build printed}."""
    source = tmp_path_factory.mktemp("source")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    wheels, sdists = sorted(out.glob("quanze-*.whl")), sorted(out.glob("quanze-*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, (wheels, sdists)
    return {"wheel": wheels[0], "sdist": sdists[0], "log": built.stdout + built.stderr}


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    """The wheel, unpacked as pip installs a pure-Python wheel."""
    target = tmp_path_factory.mktemp("site-packages")
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        wheel.extractall(target)
    return target


def test_the_wheel_builds_without_a_setuptools_warning(dist):
    assert "Successfully built" in dist["log"]
    assert "absent from the" not in dist["log"]  # a folder of package data not listed in pyproject.toml
    assert "Package would be ignored" not in dist["log"]


def isolated(installed: Path) -> dict[str, str]:
    """An environment that sees the unpacked wheel and the dependencies, never the checkout: with
    `python -S` the site-packages' .pth files (the editable install's finder) are not run."""
    paths = [str(installed), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(dict.fromkeys(paths)), "NO_MKDOCS_2_WARNING": "1"}


def run(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-S", "-m", "generator", *args], cwd=cwd, env=isolated(installed),
                          capture_output=True, text=True, timeout=300)


def test_the_wheel_carries_templates_config_and_registry(installed):
    names = {p.relative_to(installed).as_posix() for p in installed.rglob("*") if p.is_file()}
    assert "generator/base_config/mkdocs.yml" in names
    assert "generator/site_templates/pages/power.html.j2" in names
    assert "generator/site_templates/overrides/main.html" in names
    assert "generator/site_templates/assets/javascripts/iframe-worker-shim.js" in names
    assert "generator/importers/columns.yaml" in names
    assert any(n.startswith("generator/default_statutes/") for n in names)
    assert not any(n.startswith(("content/", "tests/", "sources/")) for n in names)


def test_init_import_check_build_outside_the_repository(installed, tmp_path):
    where = subprocess.run([sys.executable, "-S", "-c", "import pkgutil, importlib, generator, generator.project as p; "
                            "names = [m.name for m in pkgutil.walk_packages(generator.__path__, 'generator.') "
                            "if not m.name.endswith('__main__')]; "
                            "print('\\n'.join(importlib.import_module(n).__file__ for n in names)); "
                            "print(p.PACKAGED_TEMPLATES); print(p.PACKAGED_CONFIG)"],
                           env=isolated(installed), cwd=tmp_path, capture_output=True, text=True, check=True
                           ).stdout.split()
    assert len(where) > 40
    assert all(Path(p).is_relative_to(installed) for p in where), where

    init = run(installed, tmp_path, "init", "my-bureau")
    assert init.returncode == 0, init.stderr
    project = tmp_path / "my-bureau"
    for name in ("README.md", "agency-template.yaml", "mkdocs.yml", ".github/workflows/site.yml",
                 ".pre-commit-config.yaml", "schema/agency.schema.json"):
        assert (project / name).is_file(), name
    assert "quanze import" in (project / "README.md").read_text("utf-8")
    assert "hooks:" not in (project / "mkdocs.yml").read_text("utf-8")
    template = project / "content" / "agencies" / "template.yaml"  # every field, explained: it validates
    template.write_bytes((project / "agency-template.yaml").read_bytes())
    checked = run(installed, project, "check")
    assert checked.returncode == 0, checked.stdout
    template.unlink()
    assert len(list((project / "content" / "statutes").glob("*.yaml"))) > 10

    imported = run(installed, project, "import", str(FIXTURE), "-o", "content/agencies/my-agency.yaml",
                   "--region", "某某省某某市某某县")
    assert imported.returncode == 0, imported.stderr
    check = run(installed, project, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    build = run(installed, project, "build")
    assert build.returncode == 0, build.stderr
    site = project / "site"
    assert (site / "index.html").is_file() and (site / "agencies" / "my-agency" / "index.html").is_file()
    powers = [p for p in (site / "agencies" / "my-agency").glob("*.html") if p.name != "index.html"]
    assert len(powers) >= 3
    assert "医疗保障基金使用监督管理条例" in (site / "statutes" / "index.html").read_text("utf-8")


def test_a_projects_templates_replace_the_packaged_ones(installed, tmp_path):
    assert run(installed, tmp_path, "init", "p", "--bare").returncode == 0
    project = tmp_path / "p"
    (project / "content" / "agencies" / "demo.yaml").write_bytes(
        (ROOT / "tests" / "fixtures" / "mini" / "agencies" / "demo.yaml").read_bytes())
    for path in (ROOT / "tests" / "fixtures" / "mini" / "statutes").glob("*.yaml"):
        (project / "content" / "statutes" / path.name).write_bytes(path.read_bytes())
    home = (installed / "generator" / "site_templates" / "pages" / "home.md.j2").read_text("utf-8")
    (project / "site_templates" / "pages").mkdir(parents=True)
    (project / "site_templates" / "pages" / "home.md.j2").write_text(home + "\n本站由某某县医疗保障局维护。\n", "utf-8")
    (project / "site_templates" / "assets" / "stylesheets").mkdir(parents=True)
    (project / "site_templates" / "assets" / "stylesheets" / "quanze.css").write_text("body{color:#123456}\n", "utf-8")
    build = run(installed, project, "build", "--no-zip")
    assert build.returncode == 0, build.stderr
    assert "本站由某某县医疗保障局维护。" in (project / "site" / "index.html").read_text("utf-8")
    assert "#123456" in (project / "site" / "assets" / "stylesheets" / "quanze.css").read_text("utf-8")


def test_commands_outside_a_project_say_how_to_start_one(installed, tmp_path):
    result = run(installed, tmp_path, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "quanze init" in result.stderr


def test_every_package_of_the_source_tree_is_in_the_wheel():
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "generator").rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
    folders = {".".join(("generator", *p.relative_to(ROOT).parts)) for p in (ROOT / "site_templates").rglob("*")
               if p.is_dir() and p.name != "__pycache__"}
    assert folders <= listed, sorted(folders - listed)  # setuptools warns of each on install


def test_the_sdist_carries_what_the_wheel_is_built_from(dist):
    import tarfile

    with tarfile.open(dist["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"pyproject.toml", "mkdocs.yml", "site_templates/pages/power.html.j2", "generator/cli.py"} <= names


def test_scripts_wait_for_the_package_managers_lock():
    for script in sorted((ROOT / "scripts").iterdir()):
        for line in script.read_text("utf-8").splitlines():
            if line.strip().startswith("apt-get"):
                assert "-o DPkg::Lock::Timeout=" in line, (script.name, line)


# -- the CI workflow `quanze init` writes installs the quanze that wrote it --------------------

def install_step(project: Path) -> str:
    workflow = yaml.safe_load((project / ".github" / "workflows" / "site.yml").read_text("utf-8"))
    return next(s["run"] for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "安装 quanze")


def test_from_an_index_the_version(tmp_path):
    from generator.tools.installed import from_direct_url

    assert from_direct_url(None, "0.3.1", tmp_path) == 'pip install "quanze==0.3.1"'
    assert not (tmp_path / ".quanze").exists()


def test_from_git_the_commit(tmp_path):
    from generator.tools.installed import from_direct_url

    url = {"url": "https://github.com/someone/quanze", "vcs_info": {"vcs": "git", "commit_id": "a" * 40,
                                                                     "requested_revision": "v0.1.0"}}
    assert from_direct_url(json.dumps(url), "0.1.0", tmp_path) == (
        f'pip install "git+https://github.com/someone/quanze@{"a" * 40}"')


def test_from_a_wheel_file_a_copy_in_the_project(tmp_path):
    from generator.tools.installed import from_direct_url

    wheel = tmp_path / "downloads" / "quanze-0.1.0-py3-none-any.whl"
    wheel.parent.mkdir()
    wheel.write_bytes(b"PK wheel")
    url = {"url": wheel.as_uri(), "archive_info": {"hashes": {"sha256": "0" * 64}}}
    project = tmp_path / "p"
    assert from_direct_url(json.dumps(url), "0.1.0", project) == "pip install .quanze/quanze-0.1.0-py3-none-any.whl"
    assert (project / ".quanze" / wheel.name).read_bytes() == b"PK wheel"
    remote = {"url": "https://example.org/quanze-0.1.0-py3-none-any.whl", "archive_info": {}}
    assert from_direct_url(json.dumps(remote), "0.1.0", project) == (
        'pip install "quanze @ https://example.org/quanze-0.1.0-py3-none-any.whl"')


def test_from_a_folder_that_cannot_be_built_its_git_remote_or_what_to_write(tmp_path):
    from generator.tools.installed import from_direct_url

    folder = tmp_path / "quanze-checkout"
    folder.mkdir()
    editable = json.dumps({"url": folder.as_uri(), "dir_info": {"editable": True}})
    step = from_direct_url(editable, "0.1.0", tmp_path / "p")
    assert step.startswith(f"# quanze was installed from the folder {folder}, which is no git checkout")
    assert step.endswith("exit 1")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "x"], cwd=folder, check=True)
    subprocess.run([*git, "remote", "add", "origin", "git@github.com:someone/quanze.git"], cwd=folder, check=True)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True).stdout.strip()
    assert from_direct_url(editable, "0.1.0", tmp_path / "p").splitlines()[-1] == (
        f'pip install "git+ssh://git@github.com/someone/quanze.git@{commit}"')


def test_from_a_folder_a_wheel_of_it_in_the_project(tmp_path):
    """(This checkout, as `pip install -e .` installs it for development.)"""
    from generator.tools.installed import from_direct_url

    editable = json.dumps({"url": ROOT.as_uri(), "dir_info": {"editable": True}})
    assert from_direct_url(editable, "0.1.0", tmp_path) == "pip install .quanze/quanze-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(tmp_path / ".quanze" / "quanze-0.1.0-py3-none-any.whl") as wheel:
        assert "generator/site_templates/pages/power.html.j2" in wheel.namelist()


def fresh_venv(where: Path) -> dict[str, str]:
    """A new virtual environment: the environment variables of a shell that has it first on PATH."""
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, timeout=300)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return env | {"PATH": f"{where / 'bin'}{os.pathsep}{env['PATH']}", "VIRTUAL_ENV": str(where),
                  "NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def shell(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-euo", "pipefail", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)


@pytest.mark.slow
def test_the_workflow_init_writes_installs_checks_and_builds_in_a_fresh_environment(dist, tmp_path):
    """The wheel installed with pip in a new venv (its dependencies from the index), `quanze init`
    from there; then the workflow's own install, check and build steps, run as written in a second
    new venv, in the project with a list imported."""
    clerk = fresh_venv(tmp_path / "clerk")
    done = shell(f"pip install --quiet {dist['wheel']}", tmp_path, clerk)
    assert done.returncode == 0, done.stderr
    done = shell("quanze init bureau --name 某某县医疗保障局 --region 某某省某某市某某县 --default-statutes",
                 tmp_path, clerk)
    assert done.returncode == 0, done.stderr
    project = tmp_path / "bureau"
    assert install_step(project) == f"pip install .quanze/{dist['wheel'].name}\n"
    assert (project / ".quanze" / dist["wheel"].name).read_bytes() == dist["wheel"].read_bytes()

    ci = fresh_venv(tmp_path / "ci")
    done = shell(install_step(project), project, ci)
    assert done.returncode == 0, done.stderr
    assert shell("command -v quanze", project, ci).stdout.strip() == str(tmp_path / "ci" / "bin" / "quanze")
    done = shell(f"quanze import {FIXTURE} -o content/agencies/my-agency.yaml", project, ci)
    assert done.returncode == 0, done.stderr
    workflow = yaml.safe_load((project / ".github" / "workflows" / "site.yml").read_text("utf-8"))
    runs = {s["name"]: s["run"] for s in workflow["jobs"]["build"]["steps"] if "run" in s}
    for name in ("检查内容", "构建站点"):
        done = shell(runs[name], project, ci)
        assert done.returncode == 0, (name, done.stdout, done.stderr)
    assert (project / "site" / "agencies" / "my-agency" / "index.html").is_file()
