"""One site from the units built apart: what a CI matrix's last job does.

Each runner builds one unit (`quanze build --only UNIT --site-dir X`); its folder holds that
unit's files, the site's marker and `UNIT_MARKER`, which names the whole build the unit belongs
to (a fingerprint of everything it was built from but `--only`) and every unit of it.
`assemble` puts the folders together and writes the marker the one-machine build writes, so the
result is that build's site byte for byte (`tests/test_matrix.py`), and the next build on this
machine reuses it. It refuses units of different builds, a missing or repeated unit, and two
units holding one file.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from ..errors import QuanzeError
from ..i18n import _
from .sitedir import SITE_MARKER, replace_dir, work_dir
from .state import BuildState, read_state, write_state

UNIT_MARKER = ".quanze-unit"
"""Written beside the site's marker by a build of some units (`--only`): what `assemble` checks."""


def write_unit_marker(site: Path, whole: str, planned: list[str], built: list[str]) -> None:
    """Record that `site` holds the units `built` of the build `whole`, whose units are `planned`."""
    text = json.dumps({"whole": whole, "units": sorted(planned), "built": sorted(built)}, indent=1)
    (site / UNIT_MARKER).write_text(text + "\n", encoding="utf-8")


def assemble(folders: list[Path], site_dir: Path) -> str:
    """Put the unit folders together into `site_dir` (replaced only when it is a site quanze built,
    once the whole is put together); return a summary."""
    site_dir = Path(site_dir).resolve()
    _refuse_target(site_dir, folders)
    marks = [_unit_mark(Path(folder)) for folder in folders]
    whole = _one_build(marks, folders)
    state = BuildState(whole)
    for folder in folders:
        state.sites.update(read_state(folder).sites)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = work_dir(site_dir)
    try:
        target = work / "site"
        conflicts = []
        for folder in folders:
            conflicts += _merge(Path(folder), target)
        if conflicts:
            raise QuanzeError(_("two units hold the same file with different bytes: {files}").format(
                files=", ".join(sorted(conflicts)[:10])))
        write_state(target, state, site_dir)
        replace_dir(target, site_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _("assembled {site}: {units} unit(s) from {folders} folder(s)").format(
        site=site_dir, units=len(state.sites), folders=len(folders))


def _refuse_target(site_dir: Path, folders: list[Path]) -> None:
    if not folders:
        raise QuanzeError(_("no unit folders given"))
    for folder in folders:
        if Path(folder).resolve() == site_dir or site_dir.is_relative_to(Path(folder).resolve()):
            raise QuanzeError(_("--site-dir {site}: that is one of the unit folders (choose a new folder)").format(
                site=site_dir))
    if site_dir.exists() and (not site_dir.is_dir() or (any(site_dir.iterdir())
                                                        and not (site_dir / SITE_MARKER).is_file())):
        raise QuanzeError(_("--site-dir {site}: that folder holds files and no site built by quanze (no {marker} "
                            "in it); choose a new or empty folder").format(site=site_dir, marker=SITE_MARKER))


def _unit_mark(folder: Path) -> dict:
    """What a unit folder's marker says, or a refusal saying what the folder is not."""
    try:
        mark = json.loads((folder / UNIT_MARKER).read_text(encoding="utf-8"))
        if isinstance(mark, dict) and isinstance(mark.get("whole"), str) and isinstance(mark.get("units"), list) \
                and isinstance(mark.get("built"), list):
            return mark
    except (OSError, ValueError):
        pass
    raise QuanzeError(_("{folder}: no unit of a build here (no readable {marker}): build each unit with "
                        "`quanze build --only UNIT --site-dir FOLDER`").format(folder=folder, marker=UNIT_MARKER))


def _one_build(marks: list[dict], folders: list[Path]) -> str:
    """The fingerprint of the build the units make, once each of its units is there exactly once."""
    if len({mark["whole"] for mark in marks}) > 1:
        raise QuanzeError(_("the folders hold units of different builds (other content, settings, quanze or build "
                            "date): build every unit from the same commit with the same options and "
                            "SOURCE_DATE_EPOCH"))
    built: dict[str, Path] = {}
    for mark, folder in zip(marks, folders):
        for unit in mark["built"]:
            if unit in built:
                raise QuanzeError(_("unit {unit} is in both {first} and {second}").format(
                    unit=unit, first=built[unit], second=folder))
            built[unit] = folder
    missing = sorted(set(marks[0]["units"]) - set(built))
    if missing:
        raise QuanzeError(_("missing unit(s): {units} (the build has {count}; see `quanze shards --ids`)").format(
            units=", ".join(missing), count=len(marks[0]["units"])))
    return marks[0]["whole"]


def _merge(source: Path, target: Path, prefix: str = "") -> list[str]:
    """Link (or copy) the files of `source` into `target`, the markers at its top left out; return
    the paths that `target` holds already with other bytes."""
    conflicts = []
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(os.scandir(source), key=lambda entry: entry.name):
        if not prefix and entry.name in (SITE_MARKER, UNIT_MARKER):
            continue
        there = target / entry.name
        if entry.is_symlink() or not (entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False)):
            raise QuanzeError(_("{path}: a link or special file, which no build writes: build that unit again").format(
                path=entry.path))
        if entry.is_dir(follow_symlinks=False):
            if there.exists() and not there.is_dir():
                conflicts.append(prefix + entry.name)
                continue
            conflicts += _merge(Path(entry.path), there, f"{prefix}{entry.name}/")
        elif there.exists():
            if not there.is_file() or there.read_bytes() != Path(entry.path).read_bytes():
                conflicts.append(prefix + entry.name)
        else:
            try:
                os.link(entry.path, there)
            except OSError:
                shutil.copy2(entry.path, there)
    return conflicts
