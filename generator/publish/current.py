"""A build's options, and whether the site they would make is built already.

`check` compares the fingerprint of everything a build reads (the content and its dates, the
project's configuration and templates, quanze's toolchain, the options) with what the previous
build recorded beside its site, importing no more than it reads with: a build with nothing
changed answers before the content's models, the renderer and the builder are loaded (their
imports were two thirds of such a build's second).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..content.dates import last_changed, source_date_epoch
from ..i18n import _
from ..project import SOURCES_FOLDER, Project
from .builders import builder
from .sitedir import refuse_site_dir
from .state import BuildState, as_built, environment_print, fingerprint, read_state

AUTO_AGENCIES = 60
"""Above this many agencies `--shard-by auto` shards even a corpus one site could hold: sub-sites
build quicker from there on (benchmarks/README.md, "Where sharding starts")."""


@dataclass(frozen=True)
class BuildOptions:
    """What the user asked of a build."""

    shard_by: str = "auto"
    """auto, none, region or agency (see plan.choose)."""
    jobs: int = 1
    only: tuple[str, ...] = ()
    strict: bool = True
    zip_site: bool = True
    builder: str = "mkdocs"


@dataclass(frozen=True)
class Check:
    """What `check` found: the previous build's state (empty when its site was changed by hand or
    is not there) and its site's listing, the toolchain's print, the inputs' fingerprint (`whole`)
    and the build's (`inputs`: with the units of --only), when the check started, and whether the
    inputs are the previous build's."""

    previous: BuildState
    listed: list | None
    environment: str
    whole: str
    inputs: str
    started: float

    @property
    def current(self) -> bool:
        return self.previous.inputs == self.inputs

    def summary(self, site_dir: Path) -> str:
        """What a build says of a site that is current."""
        return _("{site} is up to date: nothing changed since it was built ({seconds:.1f} s)").format(
            site=Path(site_dir).resolve(), seconds=time.monotonic() - self.started)


def check(project: Project, site_dir: Path, options: BuildOptions) -> Check:
    """Whether a build of `project` with `options` into `site_dir` would make the site there."""
    started = time.monotonic()
    refuse_site_dir(site_dir, project.content_dir, project.root)
    site_dir = Path(site_dir).resolve()
    previous = read_state(site_dir)
    listed = as_built(site_dir, previous) if previous.sites else None
    if listed is None:
        previous = BuildState()  # changed by hand since it was built (or none): nothing of it is reused
    environment = environment_print(project.config_file, project.template_dirs("overrides"),
                                    builder(options.builder).NAME)
    whole = input_fingerprint(project, options, environment)
    inputs = fingerprint(whole, sorted(set(options.only))) if options.only else whole
    return Check(previous, listed, environment, whole, inputs, started)


def input_fingerprint(project: Project, options: BuildOptions, environment: str) -> str:
    """Everything a build reads: the content and the dates of its last commits (the pages print
    them), the project's configuration and templates, quanze's toolchain (`environment`: see
    state.environment_print), the options (but --only: a build of some sub-sites is one of the
    whole build's units) and the build date."""
    originals = project.content_dir.resolve().parent / SOURCES_FOLDER  # where every source_file is
    dates = {name: day.isoformat() for name, day in last_changed(project.content_dir.resolve().parent,
                                                                  project.content_dir).items()}
    return fingerprint(project.content_dir, originals, dates, source_date_epoch(),
                       project.config_file, project.templates_dir,
                       [options.shard_by, options.strict, options.zip_site, options.builder],
                       environment)
