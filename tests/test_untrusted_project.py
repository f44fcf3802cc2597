"""A project from someone else (a contributor's branch built in CI, a folder received): what it
holds is published only when it is the project's own file, and building it runs none of its code
but the MkDocs plugins and hooks its mkdocs.yml names on purpose.

Each case failed against the code before its fix."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import MINI

from generator.errors import QuanzeError
from generator.publish.pipeline import build_site


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(MINI, tmp_path / "project" / "content")
    (tmp_path / "shadow").write_text("root:$6$secret-hash:19000:0:99999:7:::\n", "utf-8")
    return tmp_path / "project"


# --- the project's templates and assets are its own files ---------------------------------------

def plant(project: Path, where: str, how: str) -> None:
    """A file of the project's templates that shows another file: a symbolic link to it, a hard
    link to it, or a symbolic link to the folder holding it."""
    path = project / "site_templates" / where
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = project.parent / "shadow"
    if how == "symlink":
        path.symlink_to(secret)
    elif how == "hardlink":
        os.link(secret, path)
    else:
        path.parent.rmdir()
        path.parent.symlink_to(secret.parent)


@pytest.mark.parametrize("where", ["assets/stylesheets/shadow.css", "overrides/partials/shadow.html",
                                   "pages/home.md.j2"])
@pytest.mark.parametrize("how", ["symlink", "hardlink", "folder"])
def test_a_link_among_the_templates_is_refused_with_one_line_naming_it(project, tmp_path, where, how):
    plant(project, where, how)
    with pytest.raises(QuanzeError) as raised:
        build_site(project / "content", tmp_path / "site", zip_site=False)
    message = str(raised.value)
    shown = "site_templates/" + (where if how != "folder" else where.rsplit("/", 1)[0])
    what = "a file with 2 hard links" if how == "hardlink" else "a symbolic link"
    assert message == (f"{shown}: error: {what}, refused: it can show a file from outside the project (put the "
                       "file itself there)")
    assert not (tmp_path / "site").exists()
    assert "secret-hash" not in message


def test_the_projects_own_templates_and_assets_are_used(project, tmp_path):
    (project / "site_templates" / "assets" / "stylesheets").mkdir(parents=True)
    (project / "site_templates" / "assets" / "stylesheets" / "extra.css").write_text("/* ours */\n", "utf-8")
    (project / "site_templates" / "overrides").mkdir()
    (project / "site_templates" / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}本站由某某县维护{% endblock %}\n', "utf-8")
    build_site(project / "content", tmp_path / "site", zip_site=False)
    assert (tmp_path / "site" / "assets" / "stylesheets" / "extra.css").read_text("utf-8") == "/* ours */\n"
    assert "本站由某某县维护" in (tmp_path / "site" / "index.html").read_text("utf-8")
