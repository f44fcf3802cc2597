"""The Zensical builder: the same finished docs folder, built by Zensical (Material's successor).

Zensical reads a mkdocs.yml but ignores `hooks:`, which is why quanze renders first and hands
a builder a finished docs folder. Here the project's configuration is written out next to the
docs folder (Zensical wants the docs and site folders relative to its configuration file),
with the theme overrides and a sub-site's settings over it, and `zensical build` is run on it.

What differs from the MkDocs builder (Zensical 0.0.73): its search segments Chinese in the
browser (Intl.Segmenter) instead of at build time with jieba, and its index (`search.json`,
`search.js` for file://) has its own format, so a sharded site's sub-sites do not get the light
entries of the others: each finds its own pages only. Its interface is in English today.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from ...errors import QuanzeError
from ...i18n import _
from . import BuildJob

NAME = "zensical"
IN_MEMORY = False
VERSION = "0.0.73"
"""The version tested; later ones need packages the index here does not serve."""


def build(job: BuildJob) -> list[str]:
    """Build one sub-site with `zensical build`; return the warnings it printed."""
    if not _importable():
        raise QuanzeError(_("the zensical builder is not installed (pip install 'zensical=={version}')").format(version=VERSION))
    folder = Path(job.docs_dir).parent
    config = folder / f"zensical-{job.site}.yml"
    config.write_text(yaml.safe_dump(settings(job, folder), allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", str(config)], cwd=folder,
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise QuanzeError(_("zensical build failed for {site}:\n{output}").format(site=job.site, output=_last_lines(output)))
    built = folder / f"zensical-site-{job.site}"
    shutil.move(str(built), str(job.site_dir))
    return [line for line in output.splitlines() if line.lower().startswith(("warning", "error"))]


def refresh_entries(site_dir: Path, appended: int, entries: list[dict], config_file: Path | None = None,
                    light: dict | None = None) -> None:
    """Zensical's index takes no entries of other sub-sites (see above): nothing to refresh."""


def shares_light_entries(config_file: Path) -> bool:
    """Zensical's index takes no entries of other sub-sites: none to share either."""
    return False


def settings(job: BuildJob, folder: Path) -> dict:
    """The project's configuration as Zensical is to read it for this job."""
    from .mkdocs import read_config

    data = read_config(job.config_file)  # (no Python tag: see there)
    data.pop("hooks", None)  # ignored by Zensical; the pages are rendered already
    data.pop("INHERIT", None)
    theme = data.get("theme") or {"name": "material"}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    theme["custom_dir"] = str(job.custom_dir)
    theme.setdefault("variant", "classic")  # Material's look, not Zensical's "modern"
    data.update(job.overrides)
    data.update(theme=theme, docs_dir=os.path.relpath(job.docs_dir, folder), site_dir=f"zensical-site-{job.site}")
    return data


def _importable() -> bool:
    import importlib.util

    return importlib.util.find_spec("zensical") is not None


def _last_lines(text: str, count: int = 15) -> str:
    return "\n".join(text.splitlines()[-count:])
