"""Shared fixtures: the mini content folder, its built site, and whether content/ is complete."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from benchmarks.search_check import CHROMIUM, FLAGS, offline_page  # noqa: F401  (FLAGS: for tests that open their own browser)

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
CONTENT = ROOT / "content"


def pytest_configure(config):
    """The caches quanze keeps in the user's cache folder (validated models, compiled templates)
    go to a folder of this test run, for the subprocesses the tests start too. Messages are in
    English, the source language, whatever the locale of the machine (tests compare the exact
    text; tests/test_i18n.py runs commands in Chinese)."""
    import tempfile

    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="quanze-test-cache-")
    for variable in ("LC_ALL", "LC_MESSAGES"):
        os.environ.pop(variable, None)
    os.environ["LANGUAGE"], os.environ["LANG"] = "en", "C.UTF-8"


def pytest_unconfigure(config):
    folder = os.environ.get("XDG_CACHE_HOME", "")
    if Path(folder).name.startswith("quanze-test-cache-"):
        shutil.rmtree(folder, ignore_errors=True)


def default_content_problems() -> list[str]:
    """The errors `quanze check` finds in content/: the default content must have none."""
    from generator.content.reader import build_corpus

    corpus, problems = build_corpus(CONTENT)
    errors = [str(problem) for problem in problems if problem.severity == "error"]
    return errors or ([] if corpus is not None else ["content/ gave no corpus"])


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    from generator.publish.pipeline import build_site

    site = tmp_path_factory.mktemp("mini") / "site"
    build_site(MINI, site, strict=True, zip_site=True)
    return site


@pytest.fixture(scope="session")
def default_site(tmp_path_factory) -> Path:
    from generator.publish.pipeline import build_site

    site = tmp_path_factory.mktemp("default") / "site"
    build_site(CONTENT, site, strict=True, zip_site=True)
    return site


@pytest.fixture(scope="session")
def browsed_site(tmp_path_factory) -> tuple[Path, Path]:
    """(content folder, built site) for the browser: the default content."""
    from generator.publish.pipeline import build_site

    content = CONTENT
    site = tmp_path_factory.mktemp("browsed") / "site"
    build_site(content, site, strict=True, zip_site=True)
    return content, site


# --- a real browser (tests marked `browser`) ------------------------------------------------



@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, which `scripts/test` installs; the browser tests are skipped without it."""
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium (scripts/test does)")
    return CHROMIUM


@pytest.fixture()
def page(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser, page, remote = offline_page(playwright, chromium)
        page.remote_requests = remote
        yield page
        browser.close()


def with_powers_changed(corpus, agency_id: str, change):
    """A copy of `corpus` (its models are frozen) in which each power of `agency_id` is
    `change(power)`: the power itself, or a copy with changes (`power.model_copy(update=...)`)."""
    from generator.content.corpus import Corpus

    agency = corpus.agencies[agency_id]
    agencies = {**corpus.agencies, agency_id: agency.model_copy(update={"powers": [change(p) for p in agency.powers]})}
    return Corpus(agencies, corpus.statutes, corpus.documents, catalogues=corpus.catalogues, changed=corpus.changed,
                  project=corpus.project)
