"""`quanze check`: every problem in content/, in one run, one per line, then a summary.

Runs the same stages as a build (load -> validate -> cross-file checks) but keeps going
past errors, so an editor sees everything at once. Files that fail to load are left out of
the cross-file checks; in an agency with schema errors the powers that validate are still
checked. Then the warnings of the stages above the content: quotes against the statutes'
official texts (law/check.py) and what an import left wrong in a list (importers/check.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content.corpus import Corpus
from ..content.reader import read_content
from ..errors import Problem, QuanzeError
from ..i18n import _, ngettext
from ..importers.check import check_imported_lists
from ..law.check import check_official_texts


@dataclass
class CheckReport:
    """What `quanze check` found: the problems (sorted) and what was checked."""

    problems: list[Problem]
    counts: dict[str, int]
    strict: bool = False
    corpus: Corpus | None = field(default=None, repr=False)
    """What was read (keep-going: agencies with schema errors keep the powers that validate)."""
    errors: int = field(init=False)
    warnings: int = field(init=False)

    def __post_init__(self) -> None:
        self.problems = sorted(self.problems)
        self.errors = sum(p.severity == "error" for p in self.problems)
        self.warnings = len(self.problems) - self.errors

    @property
    def ok(self) -> bool:
        return self.errors == 0 and not (self.strict and self.warnings)

    def summary(self) -> str:
        """E.g. `5 agencies, 86 powers, 45 statutes: 2 errors, 1 warning`."""
        counted = _(", ").join(_counted(n, word) for word, n in self.counts.items())
        found = [_counted(self.errors, "errors"), _counted(self.warnings, "warnings")]
        return _("{counted}: {found}").format(counted=counted,
                                              found=_(", ").join(found) if self.problems else _("no problems"))

    def as_dict(self) -> dict:
        return {"ok": self.ok, "summary": self.summary(), "counts": self.counts, "errors": self.errors,
                "warnings": self.warnings, "problems": [p.as_dict() for p in self.problems]}


def _counted(n: int, word: str) -> str:
    """`1 agency`, `5 agencies`: a count of the things `word` names, in the user's language."""
    forms = {
        "agencies": ngettext("{n} agency", "{n} agencies", n), "powers": ngettext("{n} power", "{n} powers", n),
        "statutes": ngettext("{n} statute", "{n} statutes", n),
        "catalogues": ngettext("{n} catalogue", "{n} catalogues", n),
        "errors": ngettext("{n} error", "{n} errors", n), "warnings": ngettext("{n} warning", "{n} warnings", n),
    }
    return forms[word].format(n=n)


def run_check(content_dir: Path, strict: bool = False, root: Path | None = None) -> CheckReport:
    """Check everything under `content_dir`; never stops at the first problem."""
    content_dir = Path(content_dir)
    if not (content_dir / "agencies").is_dir():
        raise QuanzeError(_("no content folder at {folder}/agencies (run from the project folder, or give "
                            "--content)").format(folder=content_dir))

    reading = read_content(content_dir, "keep-going", root)
    warned = [*check_official_texts(reading.corpus), *check_imported_lists(reading.corpus)]
    return CheckReport(reading.problems + warned, reading.counts, strict, reading.corpus)
