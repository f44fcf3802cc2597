"""The CI workflow and pre-commit hooks adopters copy: they run commands the CLI has."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from generator.cli import parser

ROOT = Path(__file__).parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def quanze_commands(run: str) -> list[list[str]]:
    """The `quanze ...` commands of a run script, variables replaced by a placeholder."""
    commands = []
    for line in run.splitlines():
        line = re.sub(r"\$\{\{[^}]*\}\}|\$[A-Z_]+", "X", line.split(">")[0]).strip()
        if line.startswith("quanze "):
            commands.append(shlex.split(line)[1:])
    return commands


def steps(job: str) -> list[dict]:
    return workflow()["jobs"][job]["steps"]


def runs(job: str) -> list[list[str]]:
    return [c for step in steps(job) if "run" in step for c in quanze_commands(step["run"])]


def test_triggers_are_push_to_main_and_pull_requests():
    on = workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert on == {"push": {"branches": ["main"]}, "pull_request": None}


def test_build_job_installs_checks_builds_and_uploads():
    build = steps("build")
    assert [s["run"] for s in build if "run" in s] == ["pip install .", "quanze check", "quanze build"]
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"


def test_deploy_only_from_main_with_pages_permissions():
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_pull_requests_get_the_change_report_as_a_comment():
    job = workflow()["jobs"]["change-report"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["permissions"]["pull-requests"] == "write"
    assert steps("change-report")[0]["with"]["fetch-depth"] == 0  # the base branch is needed
    report = next(s for s in steps("change-report") if "quanze diff" in s.get("run", ""))
    assert report["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert report["run"] == 'quanze diff "origin/$BASE_REF" > change-report.md'
    comment = next(s for s in steps("change-report") if "gh pr comment" in s.get("run", ""))
    assert comment["env"]["GH_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"
    assert "--body-file change-report.md" in comment["run"]


def test_no_content_reaches_a_shell_through_expressions():
    for job in workflow()["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step


def test_hooks_are_check_and_fmt():
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert [(h["id"], h["entry"], h["language"]) for h in hooks] == [
        ("quanze-check", "quanze check", "python"), ("quanze-fmt", "quanze fmt", "python")]
    assert hooks[0]["pass_filenames"] is False
    assert all(re.match(h["files"], "content/agencies/demo.yaml") for h in hooks)
    assert not any(re.match(h["files"], "README.md") for h in hooks)


def all_commands() -> list[list[str]]:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    hook_commands = [shlex.split(h["entry"])[1:] + (["content/agencies/demo.yaml"] if h.get("pass_filenames", True)
                                                    else []) for h in hooks]
    return [c for job in workflow()["jobs"] for c in runs(job)] + hook_commands


@pytest.mark.parametrize("argv", all_commands(), ids=lambda a: " ".join(a))
def test_every_command_exists_in_the_cli(argv):
    args = parser().parse_args(argv)
    assert callable(args.func)


def test_commands_are_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for argv in all_commands():
        assert f"`quanze {argv[0]}" in readme, argv
