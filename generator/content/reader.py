"""Reading the content: load -> validate -> model, the one front half of every command.

    read_content(content_dir, mode)
      "exact"       every file validated, checked across files; the corpus when no error was
                    found, and every problem at file:line (a file is read with the lines of its
                    values, by ruamel.yaml, when the fast path's reading of it has a doubt, or
                    when a problem found across files is in it: `LinesOnDemand`)
      "fast"        the same answer, quicker for content that is clean (most builds): libyaml
                    and the same model and checks, falling back to "exact" at the first doubt
      "keep-going"  for `quanze check`: like "exact", and an agency with schema errors keeps
                    the powers that validate, so the cross-file checks still see them

The files read are the ones `load.list_content` names, for every command alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from ..errors import ContentError, Problem
from .catalogue import read_catalogues
from .checks import check_corpus
from .corpus import Corpus
from .dates import last_changed
from .fastload import fast_corpus, plain_model
from .load import ContentFile, Document, LinesOnDemand, display_path, list_content, load_document
from .model import Agency, Power, Statute
from .validate import _plain, validate_document

Mode = Literal["exact", "fast", "keep-going"]
MODELS: dict[str, type] = {"agencies": Agency, "statutes": Statute}


@dataclass
class Reading:
    """What reading the content found: the corpus (None when an error was found, except in
    keep-going mode), every problem (sorted), and what was read."""

    corpus: Corpus | None
    problems: list[Problem]
    counts: dict[str, int] = field(default_factory=dict)


def read_content(content_dir: Path, mode: Mode = "fast", root: Path | None = None) -> Reading:
    """Read every content file once, in the way `mode` asks (see the module's docstring)."""
    content_dir = Path(content_dir)
    if mode == "fast":
        corpus = fast_corpus(content_dir)
        if corpus is not None:
            corpus.catalogues, trouble = read_catalogues(content_dir, corpus, root)
        if corpus is not None and not trouble:
            corpus.changed = _changed(content_dir)
            powers = sum(len(a.powers) for a in corpus.agencies.values())
            counts = {"agencies": len(corpus.agencies), "powers": powers, "statutes": len(corpus.statutes)}
            return Reading(corpus, [], counts | ({"catalogues": len(corpus.catalogues)} if corpus.catalogues else {}))
    files, problems = list_content(content_dir, root)
    typed: dict[str, dict] = {"agencies": {}, "statutes": {}}
    documents: dict[str, Document] = {}
    powers = 0
    for file in files:
        model = plain_model(file.path, MODELS[file.kind])  # (a file with nothing to report: no lines read)
        if model is not None:
            documents[f"{file.kind}/{file.id}"] = LinesOnDemand(file.path, display_path(file.path, root))
            powers += len(model.powers) if file.kind == "agencies" else 0
            typed[file.kind][file.id] = model
            continue
        doc, found = load_document(file.path, root)
        problems += found
        if doc is None:
            continue
        documents[f"{file.kind}/{file.id}"] = doc
        powers += _count_powers(doc) if file.kind == "agencies" else 0
        obj, found = validate_document(doc, MODELS[file.kind])
        problems += found
        if obj is None and mode == "keep-going" and file.kind == "agencies":
            obj = salvage_agency(doc)
        if obj is not None:
            typed[file.kind][file.id] = obj
    corpus = Corpus(typed["agencies"], typed["statutes"], documents, project=content_dir.resolve().parent)
    corpus.changed = _changed(content_dir)
    problems += check_corpus(corpus)
    corpus.catalogues, found = read_catalogues(content_dir, corpus, root)
    problems += found
    counts = {"agencies": _count(files, "agencies"), "powers": powers, "statutes": _count(files, "statutes")}
    if corpus.catalogues or found:
        counts["catalogues"] = len(corpus.catalogues)
    if mode != "keep-going" and any(p.severity == "error" for p in problems):
        corpus = None
    return Reading(corpus, sorted(problems), counts)


def _changed(content_dir: Path) -> dict:
    """`agencies/<id>` and `statutes/<id>` -> the date their file last changed (git), if known."""
    found = last_changed(content_dir.resolve().parent, content_dir)
    return {name.rsplit(".", 1)[0]: day for name, day in sorted(found.items())
            if name.count("/") == 1 and name.startswith(("agencies/", "statutes/"))}


def build_corpus(content_dir: Path, root: Path | None = None, *, fast: bool = False) -> tuple[Corpus | None, list[Problem]]:
    """The corpus (None if any error) and every problem."""
    reading = read_content(content_dir, "fast" if fast else "exact", root)
    return reading.corpus, reading.problems


def load_corpus(content_dir: Path, root: Path | None = None, *, fast: bool = False) -> Corpus:
    """The corpus, or ContentError listing every error."""
    corpus, problems = build_corpus(content_dir, root, fast=fast)
    if corpus is None:
        raise ContentError([p for p in problems if p.severity == "error"])
    return corpus


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


def _count(files: list[ContentFile], kind: str) -> int:
    return sum(1 for f in files if f.kind == kind)
