"""What the home page calls the site and who it says published the lists.

A project says it in its own mkdocs.yml (`quanze init --name/--region` writes it):

    extra:
      quanze:
        site_title: 某某县应急管理局权责清单   # the home page's heading and title
        publishers: 某某县应急管理局          # who published the lists, named by the introduction
        intro: 本站……                       # or the whole introduction, in place of quanze's

Where it does not (no mkdocs.yml of its own, or no `extra.quanze`), the words come from the
agencies: one agency's name, the department many agencies share (各地医疗保障局), the place
several departments share (某某县各部门), or else 各机关.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..content.corpus import Corpus
from ..content.model import Agency
from ..content.places import department, places

WORDS = ("site_title", "publishers", "intro")
"""The keys of `extra.quanze` the home page reads."""


@dataclass(frozen=True)
class HomeWords:
    """The home page's heading, introduction and publishers."""

    title: str
    """The site's title on the home page, e.g. 某某县应急管理局权责清单."""
    intro: str
    """The introduction as configured; empty: the template's, naming `publishers`."""
    publishers: str
    """Who published the lists, e.g. 某某县应急管理局 or 各地医疗保障局."""

    def key(self) -> tuple[str, str, str]:
        """The words as plain values (what the home page is rendered from)."""
        return (self.title, self.intro, self.publishers)


def home_words(corpus: Corpus) -> HomeWords:
    """The configured words of the corpus's project, the rest from its agencies."""
    configured = project_words(corpus.project)
    title, publishers = derived_words(list(corpus.agencies.values()))
    return HomeWords(configured.get("site_title") or title, configured.get("intro") or "",
                     configured.get("publishers") or publishers)


def project_words(project: Path | None, keys: tuple[str, ...] = WORDS) -> dict[str, str]:
    """`extra.quanze` of the project's own mkdocs.yml (not quanze's packaged one), the `keys` of
    it that are set, as text."""
    extra = project_config(project).get("extra") or {}
    words = extra.get("quanze") if isinstance(extra, dict) else None
    return {k: str(v).strip() for k, v in words.items() if k in keys and v} \
        if isinstance(words, dict) else {}


def project_config(project: Path | None) -> dict:
    """The project's own mkdocs.yml as data ({} when it has none)."""
    config = Path(project) / "mkdocs.yml" if project else None
    if config is None or not os.path.isfile(config):
        return {}
    from ..publish.builders.mkdocs import read_config

    return read_config(config)


def derived_words(agencies: list[Agency]) -> tuple[str, str]:
    """(title, publishers) from the agencies alone."""
    names = sorted({a.name for a in agencies})
    if len(names) == 1:
        return f"{names[0]}权责清单", names[0]
    departments = Counter(department(name) for name in names)
    if len(departments) == 1 and names:
        only = next(iter(departments))
        return f"{only}权责清单", f"各地{only}"
    place = shared_place(names)
    if place:
        return f"{place}权责清单", f"{place}各部门"
    return "权责清单", "各机关"


def shared_place(names: list[str]) -> str:
    """The place words every name begins with (某某省某某县), or empty."""
    return "".join(os.path.commonprefix([places(name) for name in names])) if names else ""
