"""A quanze project is a folder: what it holds, and what quanze brings when it holds nothing.

    my-bureau/
      content/agencies/<id>.yaml    one file per agency's list
      content/statutes/<id>.yaml    the statute registry
      mkdocs.yml                    optional: the site's settings (else quanze's own)
      site_templates/               optional: files that replace quanze's own, by path
        pages/<name>.md.j2            page templates (or <name>.html.j2: HTML blocks)
        overrides/<name>.html         theme overrides (MkDocs' custom_dir)
        assets/<path>                 styles and scripts copied into the site

Every command finds its project from the current folder or `--project DIR`; nothing is read
from the folder quanze is installed in except its own templates, assets and base config
(package data), and nothing is read from `./content` unless that is the project's.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from .errors import QuanzeError
from .i18n import _

_SOURCE_TREE = Path(__file__).resolve().parent.parent


def _packaged(package: str, in_source_tree: Path) -> Path:
    """Where package data lives: inside the installed package (a wheel), else in the source
    tree this module was imported from (a checkout, or an editable install)."""
    try:
        spec = importlib.util.find_spec(f"generator.{package}")
    except ModuleNotFoundError:
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        if Path(location).is_dir():
            return Path(location)
    return in_source_tree


PACKAGED_TEMPLATES = _packaged("site_templates", _SOURCE_TREE / "site_templates")
"""quanze's own site templates: pages/, overrides/, assets/."""
PACKAGED_CONFIG = _packaged("base_config", _SOURCE_TREE) / "mkdocs.yml"
"""quanze's own site settings, used by a project without a mkdocs.yml."""
PACKAGED_STATUTES = _packaged("default_statutes", _SOURCE_TREE / "content" / "statutes")
"""The statute registry of quanze's default content, copied into a new project by `quanze init`."""

SOURCES_FOLDER = "sources"
"""The project's folder of original files, beside its content folder: an agency's `source_file` is in it."""


@dataclass(frozen=True)
class Project:
    """One project folder and, optionally, a content folder elsewhere (`--content`)."""

    root: Path
    content_override: Path | None = None

    @property
    def content_dir(self) -> Path:
        return self.content_override or self.root / "content"

    @property
    def agencies_dir(self) -> Path:
        return self.content_dir / "agencies"

    @property
    def statutes_dir(self) -> Path:
        return self.content_dir / "statutes"

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def templates_dir(self) -> Path:
        return self.root / "site_templates"

    @property
    def config_file(self) -> Path:
        """The project's mkdocs.yml, else quanze's own."""
        own = self.root / "mkdocs.yml"
        return own if own.is_file() else PACKAGED_CONFIG

    def template_dirs(self, kind: str) -> list[Path]:
        """Folders to look templates of one kind up in (pages, overrides), the project's first."""
        own = self.templates_dir / kind
        packaged = PACKAGED_TEMPLATES / kind
        return [own, packaged] if own.is_dir() and own.resolve() != packaged.resolve() else [packaged]

    def watched(self) -> list[Path]:
        """What a preview server watches: the content, and the project's own templates if any."""
        return [self.content_dir, *([self.templates_dir] if self.templates_dir.is_dir() else [])]


def find_project(folder: Path | None = None, content: Path | None = None) -> Project:
    """The project at `folder` (default: the current folder); its content folder must exist."""
    root = Path(folder or Path.cwd()).resolve()
    project = Project(root, Path(content).resolve() if content else None)
    if not project.agencies_dir.is_dir():
        where = f"{project.content_dir}/agencies"
        raise QuanzeError(_("no quanze project here: {where} does not exist (run from a project folder, give "
                            "--project DIR, or start one with `quanze init DIR`)").format(where=where))

    return project
