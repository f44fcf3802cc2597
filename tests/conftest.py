"""Shared fixtures: the mini content folder, its built site, and whether content/ is complete."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from benchmarks.search_check import CHROMIUM, FLAGS, offline_page  # noqa: F401  (FLAGS: for tests that open their own browser)

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
CONTENT = ROOT / "content"
EXPECTED_AGENCIES = 5


def pytest_configure(config):
    """The caches quanze keeps in the user's cache folder (validated models, compiled templates)
    go to a folder of this test run, for the subprocesses the tests start too."""
    import tempfile

    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="quanze-test-cache-")


def pytest_unconfigure(config):
    folder = os.environ.get("XDG_CACHE_HOME", "")
    if Path(folder).name.startswith("quanze-test-cache-"):
        shutil.rmtree(folder, ignore_errors=True)


def content_incomplete() -> str | None:
    """Why content/ cannot stand for the default content yet, or None when it can."""
    agencies = sorted((CONTENT / "agencies").glob("*.yaml"))
    statutes = sorted((CONTENT / "statutes").glob("*.yaml"))
    if len(agencies) < EXPECTED_AGENCIES or not statutes:
        return f"content/ is incomplete: {len(agencies)} of {EXPECTED_AGENCIES} agencies, {len(statutes)} statutes"
    from generator.content.reader import build_corpus

    corpus, problems = build_corpus(CONTENT)
    if corpus is None:
        return f"content/ has {sum(p.severity == 'error' for p in problems)} errors (quanze check)"
    return None


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    from generator.publish.pipeline import build_site

    site = tmp_path_factory.mktemp("mini") / "site"
    build_site(MINI, site, strict=True, zip_site=True)
    return site


@pytest.fixture(scope="session")
def default_site(tmp_path_factory) -> Path:
    reason = content_incomplete()
    if reason:
        pytest.skip(reason)
    from generator.publish.pipeline import build_site

    site = tmp_path_factory.mktemp("default") / "site"
    build_site(CONTENT, site, strict=True, zip_site=True)
    return site


@pytest.fixture(scope="session")
def browsed_site(tmp_path_factory) -> tuple[Path, Path]:
    """(content folder, built site) for the browser: the default content if complete, else mini."""
    from generator.publish.pipeline import build_site

    content = MINI if content_incomplete() else CONTENT
    site = tmp_path_factory.mktemp("browsed") / "site"
    build_site(content, site, strict=True, zip_site=True)
    return content, site


# --- a real browser (tests marked `browser`) ------------------------------------------------



@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium: installed when missing (as root), else the browser tests are skipped."""
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).is_file():
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            pytest.skip(f"{CHROMIUM} is missing and installing it needs root: apt-get install -y chromium")
        subprocess.run("apt-get update && apt-get install -y chromium", shell=True, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return CHROMIUM


@pytest.fixture()
def page(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser, page, remote = offline_page(playwright, chromium)
        page.remote_requests = remote
        yield page
        browser.close()
