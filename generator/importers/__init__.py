"""Importers: a published list (text of a PDF, or a table with `<p>` cells) -> agency YAML.

Each source format is a small parser module exposing

    detect(text: str) -> float            # confidence 0..1 that the text is this format
    parse(text: str, agency_id: str | None) -> tuple[dict, list[str]]
        # (agency mapping in the content model's shape, list of unplaced source fragments)

`import_source` picks the parser, validates the result with the same validator as
`quanze check`, and reports what was placed and what was not. Nothing is dropped
silently: fragments a parser cannot place go into the power's `unplaced` field or the
agency's `notes`, and are listed in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import QuanzeError
from ..model import Agency

SCHEMA_MODELINE = "# yaml-language-server: $schema=../../schema/agency.schema.json"


#: Source formats and the module that parses each.
FORMATS = ("pdftext", "tsv")


def _parsers() -> dict:
    """The parser modules that are installed, by format name."""
    import importlib

    parsers = {}
    for name in FORMATS:
        try:
            parsers[name] = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    return parsers


@dataclass
class ImportReport:
    """What an import found: powers, and how much of the source text landed in the YAML."""

    source: str
    format: str
    powers: int
    source_chars: int
    placed_chars: int
    unplaced: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the parser noticed about the list (counts, catalogue differences) and wrote to `notes`."""
    missing: list[str] = field(default_factory=list)
    """Runs of substantive source text found nowhere in the YAML, in source order."""

    @property
    def placed_ratio(self) -> float:
        return self.placed_chars / self.source_chars if self.source_chars else 1.0

    def text(self) -> str:
        lines = [
            f"{self.source}: format {self.format}, {self.powers} powers",
            (f"  source text: {self.source_chars} characters, placed {self.placed_chars} "
            f"({self.placed_ratio:.1%}), not placed {self.source_chars - self.placed_chars}"),
        ]
        for note in self.notes:
            lines.append(f"  note: {note}")
        for fragment in self.unplaced:
            lines.append(f"  not placed: {fragment[:120]}")
        for run in self.missing:
            lines.append(f"  not in the YAML: {run[:120]}")
        for problem in self.problems:
            lines.append(f"  {problem}")
        return "\n".join(lines)


@dataclass
class ImportResult:
    agency: dict
    yaml: str
    report: ImportReport


def detect_format(text: str) -> str:
    """The most likely format of a source text."""
    scores = {name: module.detect(text) for name, module in _parsers().items()}
    best = max(sorted(scores), key=lambda n: scores[n])
    if scores[best] <= 0:
        raise QuanzeError("cannot tell the format of the source; pass --format pdftext or --format tsv")
    return best


def read_source(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise QuanzeError(f"{path}: cannot read: {exc.strerror}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding).replace("\r\n", "\n")
        except UnicodeDecodeError:
            continue
    raise QuanzeError(f"{path}: not UTF-8 or GB18030 text; save it as UTF-8")


def import_source(path: Path, fmt: str = "auto", agency_id: str | None = None) -> ImportResult:
    """Import one published list. The agency id defaults to the file stem."""
    from ..dump import dump
    from .fidelity import measure, missing

    text = read_source(path)
    fmt = detect_format(text) if fmt in (None, "auto") else fmt
    parsers = _parsers()
    if fmt not in parsers:
        raise QuanzeError(f"{path}: no importer for format {fmt!r}; use one of: {', '.join(sorted(parsers))}")
    agency, unplaced = parsers[fmt].parse(text, agency_id or path.stem)
    source_chars, placed_chars = measure(text, agency)
    problems = _validate(agency)
    report = ImportReport(str(path), fmt, len(agency.get("powers", [])), source_chars, placed_chars, unplaced, problems,
                          list(agency.get("notes", [])), missing(text, agency))
    return ImportResult(agency, dump(agency, Agency, SCHEMA_MODELINE), report)


def _validate(agency: dict) -> list[str]:
    from pydantic import ValidationError

    try:
        Agency.model_validate(agency)
        return []
    except ValidationError as exc:
        return [f"invalid: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]


_SPACE = re.compile(r"\s+")
