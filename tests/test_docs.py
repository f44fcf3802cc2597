"""The documentation: docs/ builds with MkDocs in strict mode with no broken link, the Commands
reference is the parser's, the README starts with the quick start and links pages that exist,
and every command the docs mark as runnable runs as shown in a new project."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from generator.tools.docs import TARGET, commands_markdown

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CONFIG = ROOT / "mkdocs.docs.yml"
README = ROOT / "README.md"

#: A fenced block that opens with this line is run by test_runnable_commands_run_as_shown.
RUNNABLE = '```sh title="可运行"'
#: What the test puts in place before a page's runnable blocks: the published list the guide imports.
SETUP = {"guide/import.md": f'cp "{ROOT}/tests/fixtures/import/quoted.csv" 清单.csv'}
QUICK_START = """```sh
scripts/build    # installs what it needs, builds the site from content/ into site/
scripts/test     # installs what it needs (Debian's chromium too), runs every test
```"""


def nav_pages(nav: list) -> list[str]:
    """The Markdown files of a MkDocs nav, in reading order."""
    pages = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        pages += nav_pages(value) if isinstance(value, list) else [value]
    return pages


def config() -> dict:
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def runnable_blocks(text: str) -> list[str]:
    """The bodies of the fenced blocks of `text` that open with RUNNABLE."""
    return re.findall(r"^" + re.escape(RUNNABLE) + r"\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def test_the_commands_reference_is_the_parsers():
    assert (ROOT / TARGET).read_text(encoding="utf-8") == commands_markdown(), \
        f"{TARGET} is stale: run `python -m generator.tools.docs`"


def test_every_page_of_docs_is_in_the_nav():
    pages = set(nav_pages(config()["nav"]))
    on_disk = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert on_disk == pages


def test_the_docs_build_in_strict_mode_without_a_broken_link(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(CONFIG),
                            "-d", str(tmp_path / "site")], capture_output=True, text=True, env=env, cwd=ROOT)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "WARNING" not in built.stderr, built.stderr  # links and anchors are warnings: none at all
    assert (tmp_path / "site" / "guide" / "check.html").is_file()
    assert (tmp_path / "site" / "images" / "power-page.png").is_file()


def test_the_readme_starts_with_the_quick_start_and_stays_short():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 150
    first_block = text[text.index("```"):]
    assert first_block.startswith(QUICK_START + "\n"), "the README's first block is the two-command quick start"


def test_the_readme_links_pages_that_exist():
    text = README.read_text(encoding="utf-8")
    links = re.findall(r"\]\((?!https?:)([^)#\s]+)", text)
    assert any(link.startswith("docs/guide/") for link in links)
    assert any(link.startswith("docs/reference/") for link in links)
    missing = [link for link in links if not (ROOT / link).exists()]
    assert missing == []


def test_runnable_commands_run_as_shown(tmp_path):
    """init -> import a published list -> check -> build, as the guide shows them, in one shell."""
    script = ["set -e"]
    for page in nav_pages(config()["nav"]):
        blocks = runnable_blocks((DOCS / page).read_text(encoding="utf-8"))
        if blocks and page in SETUP:
            script.append(SETUP[page])
        script += [f"# {page}", *blocks]
    shown = "\n".join(script)
    for step in ("quanze init", "quanze import", "quanze check", "quanze build"):
        assert step in shown, f"no runnable block runs {step}"
    quanze = shutil.which("quanze", path=str(Path(sys.executable).parent))
    assert quanze, "quanze is not installed beside this Python"
    env = {**os.environ, "PATH": f"{Path(quanze).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "test@example.invalid",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "NO_MKDOCS_2_WARNING": "1"}
    ran = subprocess.run(["bash", "-c", shown], cwd=tmp_path, env=env, capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, timeout=120)
    assert ran.returncode == 0, f"{shown}\n--- stdout\n{ran.stdout}\n--- stderr\n{ran.stderr}"
    site = next(tmp_path.glob("*/site"))
    assert (site / "index.html").is_file() and (site / "quanze-site.zip").is_file()
    assert "no problems" in ran.stdout
