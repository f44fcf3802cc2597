"""The CI workflows (the repository's, and the one `quanze init` writes) and the pre-commit hooks
adopters copy: files GitHub accepts (read as GitHub reads them: a key given twice is an error,
checked against GitHub's workflow schema), running commands the CLI has, a pull request's branch
given no write access and no secret."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.cli import parser
from generator.tools.init import init_project

ROOT = Path(__file__).parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "site.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
#: SchemaStore's schema of GitHub workflow files (source and licence: fixtures/github/README.md).
SCHEMA = Path(__file__).parent / "fixtures" / "github" / "github-workflow.json"


class StrictLoader(yaml.SafeLoader):
    """YAML as GitHub reads a workflow: a mapping that gives a key twice is an error (PyYAML would
    keep the last one silently), and `on` is a word, not YAML 1.1's true."""

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, f"the key {key!r} is given twice", key_node.start_mark)
            seen[key] = True
        return super().construct_mapping(node, deep)


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
StrictLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile("^(?:true|false)$"), list("tf"))


def strict_load(text: str):
    return yaml.load(text, Loader=StrictLoader)


def workflow() -> dict:
    return strict_load(WORKFLOW.read_text(encoding="utf-8"))


def shipped_workflows(tmp_path: Path) -> dict[str, str]:
    """Every workflow file shipped: the repository's own, and the one a new project gets."""
    init_project(tmp_path / "new", bare=True)
    found = {f".github/workflows/{p.name}": p.read_text("utf-8") for p in sorted(WORKFLOWS.glob("*.yml"))}
    found["quanze init: .github/workflows/site.yml"] = (tmp_path / "new" / ".github" / "workflows" / "site.yml"
                                                        ).read_text("utf-8")
    assert {".github/workflows/site.yml", ".github/workflows/release.yml"} <= set(found)
    return found


def test_the_strict_reader_refuses_a_key_given_twice():
    text = "steps:\n  - uses: actions/checkout@v4\n    with:\n      fetch-depth: 0\n    with:\n      fetch-depth: 1\n"
    assert yaml.safe_load(text)["steps"][0]["with"] == {"fetch-depth": 1}  # what PyYAML alone makes of it
    with pytest.raises(yaml.constructor.ConstructorError, match="the key 'with' is given twice"):
        strict_load(text)
    assert strict_load("on:\n  push:\n") == {"on": {"push": None}}


def test_every_shipped_workflow_is_one_github_accepts(tmp_path):
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text("utf-8")))
    for name, text in shipped_workflows(tmp_path).items():
        data = strict_load(text)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == [], name


def test_the_schema_catches_a_mistake(tmp_path):
    """(The vendored schema is read and does refuse what GitHub refuses.)"""
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text("utf-8")))
    broken = workflow()
    broken["jobs"]["build"]["runs-on"] = None
    broken["jobs"]["build"]["stepz"] = broken["jobs"]["build"].pop("steps")
    assert list(validator.iter_errors(broken))


def test_a_pull_requests_branch_gets_no_write_access_and_no_secret(tmp_path):
    """A job that checks the branch out (and so runs its code) reads only, references no secret
    and keeps no credentials in .git/config; a job that may write runs nothing of the branch."""
    for name, text in shipped_workflows(tmp_path).items():
        data = strict_load(text)
        assert data["permissions"] == {"contents": "read"}, name
        for job_id, job in data["jobs"].items():
            checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
            writes = {k: v for k, v in job.get("permissions", {}).items() if v != "read"}
            runs_branch = bool(checkouts) or any("pip install ." in s.get("run", "") for s in job["steps"])
            if runs_branch:
                assert not writes and "secrets." not in json.dumps(job), (name, job_id)
                assert all(s["with"].get("persist-credentials") is False for s in checkouts), (name, job_id)
            if writes:
                assert not runs_branch, (name, job_id)
                assert "pull_request" not in job.get("if", "") or set(writes) == {"pull-requests"}, (name, job_id)


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
    on = workflow()["on"]
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
    assert job["permissions"] == {"contents": "read"}
    assert steps("change-report")[0]["with"]["fetch-depth"] == 0  # the base branch is needed
    report = next(s for s in steps("change-report") if "quanze diff" in s.get("run", ""))
    assert report["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert report["run"] == 'quanze diff "origin/$BASE_REF" > change-report.md'
    kept = next(s for s in steps("change-report") if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert kept["with"] == {"name": "change-report", "path": "change-report.md"}
    comment_job = workflow()["jobs"]["comment"]
    assert comment_job["needs"] == "change-report" and comment_job["permissions"] == {"pull-requests": "write"}
    fetched = next(s for s in steps("comment") if s.get("uses", "").startswith("actions/download-artifact@"))
    assert fetched["with"] == {"name": "change-report"}
    comment = next(s for s in steps("comment") if "gh pr comment" in s.get("run", ""))
    assert comment["env"]["GH_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"
    assert "--body-file change-report.md" in comment["run"]


def test_no_content_reaches_a_shell_through_expressions():
    for job in workflow()["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step


def test_a_tag_releases_the_wheel_and_sdist_and_pypi_only_when_the_repository_says_so():
    release = strict_load((WORKFLOWS / "release.yml").read_text("utf-8"))
    assert release["on"] == {"push": {"tags": ["v*"]}}
    build, attach, pypi = (release["jobs"][name] for name in ("build", "github-release", "pypi"))
    assert any("python -m build" in s.get("run", "") for s in build["steps"])
    assert "permissions" not in build  # the workflow's: contents read
    assert attach["permissions"] == {"contents": "write"} and attach["needs"] == "build"
    assert any("gh release upload" in s.get("run", "") for s in attach["steps"])
    assert pypi["if"] == "vars.PUBLISH_TO_PYPI == 'true'"
    assert pypi["permissions"] == {"id-token": "write"} and pypi["needs"] == "build"
    assert pypi["steps"][-1]["uses"].startswith("pypa/gh-action-pypi-publish@")
    for job in release["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step


def test_hooks_are_check_and_fmt():
    hooks = strict_load(HOOKS.read_text(encoding="utf-8"))
    assert [(h["id"], h["entry"], h["language"]) for h in hooks] == [
        ("quanze-check", "quanze check", "python"), ("quanze-fmt", "quanze fmt", "python")]
    assert hooks[0]["pass_filenames"] is False
    assert all(re.match(h["files"], "content/agencies/demo.yaml") for h in hooks)
    assert not any(re.match(h["files"], "README.md") for h in hooks)


def all_commands() -> list[list[str]]:
    hooks = strict_load(HOOKS.read_text(encoding="utf-8"))
    hook_commands = [shlex.split(h["entry"])[1:] + (["content/agencies/demo.yaml"] if h.get("pass_filenames", True)
                                                    else []) for h in hooks]
    return [c for job in workflow()["jobs"] for c in runs(job)] + hook_commands


@pytest.mark.parametrize("argv", all_commands(), ids=lambda a: " ".join(a))
def test_every_command_exists_in_the_cli(argv):
    args = parser().parse_args(argv)
    assert callable(args.func)


def test_commands_are_documented_in_the_commands_reference():
    reference = (ROOT / "docs" / "reference" / "commands.md").read_text(encoding="utf-8")
    for argv in all_commands():
        assert f"\n## quanze {argv[0]}" in reference, argv
