"""`quanze check`: every problem in content/, in one run, one per line, then a summary.

Runs the same stages as a build (load -> validate -> cross-file checks) but keeps going
past errors, so an editor sees everything at once. Files that fail to load are left out of
the cross-file checks; in an agency with schema errors the powers that validate are still
checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .checks import check_corpus
from .corpus import Corpus
from .errors import Problem, QuanzeError
from .load import ContentFile, Document, list_content, load_document
from .model import Agency, Power, Statute
from .validate import _plain, validate_document

KINDS: dict[str, type] = {"agencies": Agency, "statutes": Statute}


@dataclass
class CheckReport:
    """What `quanze check` found: the problems (sorted) and what was checked."""

    problems: list[Problem]
    counts: dict[str, int]
    strict: bool = False
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
        counted = ", ".join(_plural(n, word) for word, n in self.counts.items())
        found = [_plural(self.errors, "errors"), _plural(self.warnings, "warnings")]
        return f"{counted}: " + (", ".join(found) if self.problems else "no problems")

    def as_dict(self) -> dict:
        return {"ok": self.ok, "summary": self.summary(), "counts": self.counts, "errors": self.errors,
                "warnings": self.warnings, "problems": [p.as_dict() for p in self.problems]}


_SINGULAR = {"agencies": "agency", "powers": "power", "statutes": "statute", "errors": "error", "warnings": "warning"}


def _plural(n: int, word: str) -> str:
    return f"{n} {_SINGULAR[word] if n == 1 else word}"


def load_kind(files: list[ContentFile], model_cls: type, root: Path | None) -> tuple[dict, dict, list[Problem], dict]:
    """Load and validate files of one kind: typed objects and documents by id, problems, files and powers seen."""
    problems: list[Problem] = []
    typed, docs, powers = {}, {}, 0
    for file in files:
        doc, found = load_document(file.path, root)
        problems += found
        if doc is None:
            continue
        docs[file.id] = doc
        powers += _count_powers(doc)
        obj, found = validate_document(doc, model_cls)
        problems += found
        if obj is None and model_cls is Agency:
            obj = salvage_agency(doc)
        if obj is not None:
            typed[file.id] = obj
    return typed, docs, problems, {"files": len(files), "powers": powers}


def salvage_agency(doc: Document) -> Agency | None:
    """An agency whose schema errors are already reported, kept for the cross-file checks:
    powers that validate are checked as usual, the others stand in as inert placeholders."""
    raw = _plain(doc.data.get("powers"))
    if not isinstance(raw, list):
        return None
    powers = []
    for index, item in enumerate(raw):
        try:
            powers.append(Power.model_validate(item))
        except ValidationError:
            serial = item.get("serial") if isinstance(item, dict) else None  # keeps the serial sequence
            powers.append(Power.model_construct(id=f"{index}-unreadable-power", name=f"\0{index}", category="其他",
                                                serial=serial if isinstance(serial, str) else None))
    return Agency.model_construct(powers=powers)


def _count_powers(doc: Document) -> int:
    powers = doc.data.get("powers")
    return len(powers) if isinstance(powers, list) else 0


def run_check(content_dir: Path, strict: bool = False, root: Path | None = None) -> CheckReport:
    """Check everything under `content_dir`; never stops at the first problem."""
    content_dir = Path(content_dir)
    if not (content_dir / "agencies").is_dir():
        raise QuanzeError(f"no content folder at {content_dir}/agencies (run from the project folder, or give --content)")
    files, problems = list_content(content_dir, root)
    agencies, agency_docs, found, seen = load_kind([f for f in files if f.kind == "agencies"], Agency, root)
    problems += found
    statutes, statute_docs, found, statute_seen = load_kind([f for f in files if f.kind == "statutes"], Statute, root)
    problems += found
    documents = {f"agencies/{k}": v for k, v in agency_docs.items()}
    documents.update({f"statutes/{k}": v for k, v in statute_docs.items()})
    problems += check_corpus(Corpus(agencies, statutes, documents))
    counts = {"agencies": seen["files"], "powers": seen["powers"], "statutes": statute_seen["files"]}
    return CheckReport(problems, counts, strict)
