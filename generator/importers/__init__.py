"""Importers: a published list (Word, Excel, HTML, PDF, CSV or page text) -> agency YAML.

Files are told apart by their bytes (`formats.sniff`), not only their names. Each table
format has a small reader producing the same grid of cells (`grid.Document`), and one
mapper (`mapper`) turns any grid into an agency: header rows, columns (`columns.yaml`),
rows, citations. The two text families of the first lists (`pdftext`: text of a PDF;
`tsv`: tab-separated rows with `<p>` cells) keep their own parsers, each exposing

    detect(text: str) -> float            # confidence 0..1 that the text is this format
    parse(text: str, agency_id: str | None) -> tuple[dict, list[str]]

`import_source` reads the file, maps it, validates the result with the same validator as
`quanze check`, and reports what was placed in fields and what was only kept (notes,
`unplaced`, `extra`). Nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content.model import Agency
from ..errors import QuanzeError
from ..i18n import _, ngettext
from .formats import ALL_FORMATS, FORMATS, _parsers, detect_format  # noqa: F401  (the package's interface)

SCHEMA_MODELINE = "# yaml-language-server: $schema=../../schema/agency.schema.json"


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
    kept_chars: int = 0
    """Characters of source text found only in notes, `unplaced` or `extra` (kept, not in a field)."""
    seen: list[str] = field(default_factory=list)
    """What the mapper read: the header rows and the fields of their columns, tables without a header."""
    unmapped: list[str] = field(default_factory=list)
    """Printed column names that map to no field (kept in each power's `extra`)."""
    warnings: list[str] = field(default_factory=list)

    @property
    def placed_ratio(self) -> float:
        return self.placed_chars / self.source_chars if self.source_chars else 1.0

    def text(self) -> str:
        lost = self.source_chars - self.placed_chars - self.kept_chars
        lines = [
            _("{source}: format {format}, {powers} powers").format(source=self.source, format=self.format,
                                                                     powers=self.powers),
            "  " + _("source text: {source} characters, placed in fields {placed} ({placed_ratio:.1%}), kept in "
                     "notes/unplaced/extra {kept} ({kept_ratio:.1%}), not placed {lost}").format(
                source=self.source_chars, placed=self.placed_chars, placed_ratio=self.placed_ratio,
                kept=self.kept_chars, kept_ratio=self.kept_chars / self.source_chars if self.source_chars else 0,
                lost=lost),
        ]
        lines.extend("  " + _("read: {line}").format(line=line) for line in self.seen)
        if self.unmapped:
            lines.append("  " + _("columns kept in extra (no field; map one with --columns 'HEADER=field'): ")
                         + "、".join(self.unmapped))
        lines.extend(f"  warning: {w}" for w in self.warnings)
        for note in self.notes:
            lines.append("  " + _("note: {note}").format(note=note))
        for fragment in self.unplaced:
            lines.append("  " + _("not placed: {text}").format(text=fragment[:120]))
        for run in self.missing:
            lines.append("  " + _("not in the YAML: {text}").format(text=run[:120]))
        for problem in self.problems:
            lines.append(f"  {problem}")
        return "\n".join(lines)


@dataclass
class ImportResult:
    agency: dict
    yaml: str
    report: ImportReport
    departments: list[ImportResult] = field(default_factory=list)
    """One agency each of a county-wide catalogue of two or more departments (`mapper.split_departments`), by id."""
    ids: list[str] = field(default_factory=list)
    """The agency id of each of `departments`."""


def read_source(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise QuanzeError(_("{path}: cannot read: {why}").format(path=path, why=exc.strerror)) from None
    from .formats import decode

    return decode(raw, path)


def import_source(path: Path, fmt: str = "auto", agency_id: str | None = None, columns: list[str] | None = None,
                  meta: dict | None = None, statutes_dir: Path | None = None) -> ImportResult:
    """Import one published list. The agency id defaults to the file stem.

    `columns` are `HEADER=field` mappings for columns the table does not know; `meta` may
    set `name`, `region`, `level` (admin_level) and `title` of the agency; `statutes_dir` is
    the statute registry the cited titles are resolved with (the project's content/statutes).
    """
    from ..content.registry import Registry, default_registry, using

    registry = Registry.from_dir(statutes_dir) if statutes_dir and Path(statutes_dir).is_dir() else default_registry()
    with using(registry):
        return _import(path, fmt, agency_id, columns, meta)


def _import(path: Path, fmt: str, agency_id: str | None, columns: list[str] | None, meta: dict | None) -> ImportResult:
    from ..content.dump import dump
    from .columns import parse_overrides
    from .fidelity import measure_fields, missing
    from .formats import read_any

    overrides = parse_overrides(columns)
    meta = {k: v for k, v in (meta or {}).items() if v}
    fmt = None if fmt in (None, "auto") else fmt
    if fmt is not None and fmt not in ALL_FORMATS:
        raise QuanzeError(_("{path}: no importer for format {format!r}; use one of: {formats}").format(
            path=path, format=fmt, formats=", ".join(ALL_FORMATS)))
    agency, unplaced, source_text, fmt, mapping = read_any(Path(path), fmt, agency_id or Path(path).stem, overrides,
                                                           meta)
    _apply_meta(agency, meta)
    source_chars, placed_chars, kept_chars = measure_fields(source_text, agency)
    problems = _validate(agency)
    report = ImportReport(str(path), fmt, len(agency.get("powers", [])), source_chars, placed_chars, unplaced, problems,
                          list(agency.get("notes", [])), missing(source_text, agency), kept_chars)
    if mapping is not None:
        report.seen, report.unmapped = mapping.seen, mapping.unmapped
    if not report.powers and not report.seen:
        first = [line.strip() for line in source_text.splitlines() if line.strip()][:3]
        report.seen.append(_("no table with a header row found (read as {format}); the text begins: ").format(
            format=fmt) + " / ".join(line[:60] for line in first))
    report.warnings.extend(_uncategorised(agency))
    if not agency.get("region"):
        report.warnings.append(_("the agency's region is empty; set it with --region (e.g. --region "
                                 "宁夏回族自治区银川市西夏区)"))
    if not agency.get("admin_level"):
        report.warnings.append(_("the agency's level is not in its name or region; set it with --level "
                                 "(省级, 市级, 县级 or 乡级)"))
    result = ImportResult(agency, dump(agency, Agency, SCHEMA_MODELINE), report)
    if mapping is not None and len(mapping.departments()) > 1:
        _split(result, mapping, meta)
    return result


def _split(result: ImportResult, mapping, meta: dict) -> None:
    """One agency per department of a catalogue, each validated; the report lists them."""
    from ..content.dump import dump
    from .mapper import split_departments

    for agency_id, agency in split_departments(mapping.document, mapping, meta):
        report = ImportReport(f"{result.report.source} ({agency['name']})", result.report.format,
                              len(agency["powers"]), 0, 0, problems=_validate(agency))
        result.departments.append(ImportResult(agency, dump(agency, Agency, SCHEMA_MODELINE), report))
        result.ids.append(agency_id)
        result.report.seen.append(f"department {agency['name']} ({agency_id}): {report.powers} powers")
        result.report.problems.extend(f"{agency_id}: {problem}" for problem in report.problems)


def _uncategorised(agency: dict) -> list[str]:
    """A warning when powers print no category (the import never invents one; the model needs one)."""
    empty = sum(1 for power in agency.get("powers", []) if not power.get("category"))
    if not empty:
        return []
    return [ngettext("{n} power prints no category: left empty, choose one for each (quanze check lists them)",
                     "{n} powers print no category: left empty, choose one for each (quanze check lists them)",
                     empty).format(n=empty)]


def _apply_meta(agency: dict, meta: dict) -> None:
    """--name, --region, --level and --title win over what the list says."""
    for option, key in (("name", "name"), ("region", "region"), ("level", "admin_level"), ("title", "title")):
        if meta.get(option):
            agency[key] = meta[option]


def _validate(agency: dict) -> list[str]:
    from pydantic import ValidationError

    try:
        Agency.model_validate(agency)
        return []
    except ValidationError as exc:
        return [f"invalid: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]


_SPACE = re.compile(r"\s+")


# -- writing the agency file (`quanze import -o`) ------------------------------------------------


def check_output(output: Path, *, force: bool) -> None:
    """Refuse, before the list is read, an output file whose name is no agency id (the file name
    is the id) or that exists already, unless `force`."""
    from ..content.checks import unsafe_name

    why = None if output.suffix in (".yaml", ".yml") else _("an agency file ends in .yaml")
    why = why or unsafe_name(output.stem)
    if why:
        raise QuanzeError(_('{output}: the file name "{stem}" is not a valid agency id ({why}), e.g. -o '
                            "content/agencies/xixia-ybj.yaml").format(output=output, stem=output.stem, why=why))
    if output.exists() and not force:
        raise QuanzeError(_("{output} exists: nothing was written (give --force to replace it, which reports the "
                            "powers added, removed and changed)").format(output=output))


def write_agency(output: Path, result: ImportResult) -> str:
    """Write the imported agency to `output`; return what it replaced ('' for a new file)."""
    from ..fileio import write_atomic

    old = output.read_text(encoding="utf-8", errors="replace") if output.is_file() else None
    output.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(output, result.yaml)
    return "" if old is None else _("replaced {output}: {how}").format(output=output, how=replaced(old, result.yaml))


def replaced(old_text: str, new_text: str) -> str:
    """How the powers of an agency file's old text compare with its new text's, matched by id."""
    from ruamel.yaml import YAML, YAMLError

    try:
        old, new = YAML(typ="safe").load(old_text), YAML(typ="safe").load(new_text)
    except YAMLError:
        return _("its old text did not load as YAML, so the powers cannot be compared")
    before = _powers_by_id(old.get("powers") if isinstance(old, dict) else None)
    after = _powers_by_id(new.get("powers"))
    changed = sum(1 for key in before.keys() & after.keys() if before[key] != after[key])
    kept = len(before.keys() & after.keys()) - changed
    return _("{added} powers added, {removed} removed, {changed} changed, {kept} unchanged").format(
        added=len(after.keys() - before.keys()), removed=len(before.keys() - after.keys()), changed=changed, kept=kept)


def _powers_by_id(powers) -> dict:
    """id (else the power's position) -> power, of a list that may be anything a file held."""
    if not isinstance(powers, list):
        return {}
    return {str(p.get("id")) if isinstance(p, dict) and p.get("id") else f"#{n}": p for n, p in enumerate(powers)}


# -- a catalogue of several departments (`quanze import -o FOLDER`) -------------------------------------


def is_folder(output: Path) -> bool:
    """Whether `-o` names a folder: an existing one, or a path without the .yaml ending of an agency file."""
    return output.is_dir() or not output.suffix


def several_departments(source: Path, result: ImportResult) -> str:
    """Why a catalogue of several departments cannot go to one file, and what to give instead."""
    names = "、".join(part.agency["name"] for part in result.departments)
    return _("{source}: the list holds {n} departments ({names}); nothing written: give a folder to -o to write "
             "one agency file each, e.g. -o content/agencies/").format(source=source, n=len(result.departments),
                                                                       names=names)



@dataclass
class Written:
    paths: list[Path]
    lines: list[str]
    """What was written or replaced, a line each."""


def write_folder(folder: Path, result: ImportResult, *, force: bool) -> Written:
    """Write one agency file per department (or the one agency) into `folder`, named by its id.
    Every file is checked before any is written: an existing one is kept unless `force`."""
    from ..content.registry import slug

    parts = list(zip(result.ids, result.departments)) or [(slug(result.agency["name"] or "agency", max_length=40),
                                                          result)]
    paths = [folder / f"{agency_id}.yaml" for agency_id, _ in parts]
    for path in paths:
        check_output(path, force=force)
    lines = []
    for path, (_agency_id, part) in zip(paths, parts):
        replaced_text = write_agency(path, part)
        lines.append(replaced_text or _("wrote {path}: {powers} powers").format(path=path, powers=part.report.powers))
    return Written(paths, lines)
