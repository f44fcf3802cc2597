"""quanze as an agency gets it: a wheel, installed outside the repository, starting a project of
its own with `quanze init`, importing a published list, checking and building it."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "import" / "subitems.html"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel built from the repository, unpacked as pip installs a pure-Python wheel."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    wheels = sorted(out.glob("quanze-*.whl"))
    assert len(wheels) == 1, wheels
    target = tmp_path_factory.mktemp("site-packages")
    with zipfile.ZipFile(wheels[0]) as wheel:
        wheel.extractall(target)
    return target


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
