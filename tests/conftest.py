"""Shared fixtures: the mini content folder, its built site, and whether content/ is complete."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
CONTENT = ROOT / "content"
EXPECTED_AGENCIES = 5


def content_incomplete() -> str | None:
    """Why content/ cannot stand for the default content yet, or None when it can."""
    agencies = sorted((CONTENT / "agencies").glob("*.yaml"))
    statutes = sorted((CONTENT / "statutes").glob("*.yaml"))
    if len(agencies) < EXPECTED_AGENCIES or not statutes:
        return f"content/ is incomplete: {len(agencies)} of {EXPECTED_AGENCIES} agencies, {len(statutes)} statutes"
    from generator.corpus import build_corpus

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
