"""Telling a source's format from its bytes, and reading it with the right reader.

Word and Excel files are zip archives (`PK`) holding `word/document.xml` or
`xl/workbook.xml`; a PDF starts with `%PDF`; an old binary .doc/.xls (OLE) is refused with
a hint. Text is decoded (UTF-8, GB18030) and told apart by its content: an HTML table,
tab-separated rows with `<p>` cells (`tsv`), CSV or tab-separated rows as a spreadsheet
saves them, a pipe table, page text of one cell a line, or the text of a PDF (`pdftext`).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import QuanzeError
from ..fileio import read_bounded
from ..i18n import N_, _
from . import budget
from .budget import MAX_SOURCE_BYTES
from .grid import Document

#: Text formats with a parser module of their own.
FORMATS = ("pdftext", "tsv")

#: Every format `--format` accepts: the grid formats, then the text formats.
ALL_FORMATS = ("docx", "xlsx", "html", "pdf", "csv", "tab", "pipe", "spaced", "lines") + FORMATS


def _parsers() -> dict:
    """The parser modules that are installed, by format name."""
    import importlib

    parsers = {}
    for name in FORMATS:
        try:
            parsers[name] = importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{name}":
                raise
    return parsers


def detect_format(text: str, name: str | None = None) -> str:
    """The most likely format of a source text (`name`, the file's, goes in front of the error when there is none)."""
    found = sniff_text(text)
    if found:
        return found
    scores = {name: module.detect(text) for name, module in _parsers().items()}
    best = max(sorted(scores), key=lambda n: scores[n])
    if scores[best] <= 0:
        raise QuanzeError((f"{name}: " if name else "") + _("cannot tell the format of the source; pass --format ")
                          + "|".join(ALL_FORMATS))
    return best


def decode(raw: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding).replace("\r\n", "\n")
        except UnicodeDecodeError:
            continue
    raise QuanzeError(_("{path}: not UTF-8 or GB18030 text, nor a .docx, .xlsx or .pdf file; save it as one of "
                        "those (or as UTF-8 text)").format(path=path))


def sniff_bytes(raw: bytes, path: Path) -> str | None:
    """docx, xlsx or pdf from the file's bytes; None for text."""
    if raw.startswith(b"%PDF"):
        return "pdf"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise QuanzeError(_("{path}: an old binary Word or Excel file (.doc/.xls); open it and save it as .docx or "
                            ".xlsx").format(path=path))
    if raw.startswith(b"PK"):
        names = set(budget.check_archive(raw, str(path)).namelist())
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise QuanzeError(_("{path}: a zip archive that is neither a Word (.docx) nor an Excel (.xlsx) file").format(
            path=path))
    return None


def sniff_text(text: str, suffix: str = "") -> str | None:
    """A grid format of a text (html, csv, tab, pipe), or None to let the text parsers decide."""
    from .read_text import pipe_rows, sniff_delimiter

    if re.search(r"<table\b", text, re.IGNORECASE) and re.search(r"<t[dh]\b", text, re.IGNORECASE):
        return "html"
    if "\t" in text and (re.search(r"<p\b", text) or re.search(r"^#", text, re.MULTILINE)) and suffix != ".tsv":
        return None  # tab-separated rows with <p> cells: the tsv parser
    delimiter = sniff_delimiter(text)
    if delimiter == "," and (suffix in (".csv", "") or "\t" not in text):
        return "csv"
    if delimiter == "\t":
        return "tab"
    if pipe_rows(text):
        return "pipe"
    from . import read_spaced

    if read_spaced.detect(text):
        return "spaced"
    from . import read_lines

    if read_lines.detect(text):
        return "lines"
    return None


def read_any(path: Path, fmt: str | None, agency_id: str, overrides: dict, meta: dict):
    """(agency, unplaced, source text, format, mapping or None) of a file."""
    from .mapper import map_document

    try:
        raw = read_bounded(path, MAX_SOURCE_BYTES)
    except OSError as exc:
        raise QuanzeError(_("{path}: cannot read: {why}").format(path=path, why=exc.strerror or exc)) from None
    if len(raw) > MAX_SOURCE_BYTES:
        raise QuanzeError(_("{path}: more than {mb} MB; a published list is much smaller (split it, or import the "
                            "tables one by one)").format(path=path, mb=MAX_SOURCE_BYTES // 1_000_000))
    binary = sniff_bytes(raw, path)
    fmt = fmt or binary
    if binary and fmt != binary:
        raise QuanzeError(_("{path}: the file is {binary}, not {format}; drop --format or pass --format {binary}").format(
            path=path, binary=binary, format=fmt))

    text = None if binary else decode(raw, path)
    if text is not None:
        budget.check_text(text, str(path))
    if fmt is None:
        fmt = sniff_text(text, path.suffix.lower()) or detect_format(text, str(path))
    if fmt in _parsers():
        agency, unplaced = _parsers()[fmt].parse(text, agency_id)
        return agency, unplaced, text, fmt, None
    doc = read_document(fmt, raw, text, str(path))
    if doc.fallback is not None:
        agency, unplaced = _parsers()["pdftext"].parse(doc.fallback, agency_id)
        return agency, unplaced, doc.fallback, "pdf (text, no ruled table)", None
    agency, unplaced, mapping = map_document(doc, agency_id, overrides, meta)
    return agency, unplaced, document_text(doc), fmt, mapping


#: Formats whose readers run in a child process under the budget's memory and time limits, and what they are.
CONFINED = {"docx": N_("Word (.docx) file"), "xlsx": N_("Excel (.xlsx) file"), "pdf": N_("PDF file")}


def read_document(fmt: str, raw: bytes, text: str | None, name: str) -> Document:
    """The grid document of a file: Word, Excel and PDF files read in a child process (`confined`)."""
    if fmt in CONFINED:
        from .confined import run

        return run(read_here, (fmt, raw, text, name), name, CONFINED[fmt])
    return read_here(fmt, raw, text, name)


def read_here(fmt: str, raw: bytes, text: str | None, name: str) -> Document:
    """The grid document of a file, read in this process; a limit of the budget reached is named with the file."""
    try:
        return _reader(fmt)(raw if fmt in CONFINED else text, name)
    except budget.Refused as exc:
        raise QuanzeError(f"{name}: {exc}") from None


def _reader(fmt: str):
    """The function reading one format: (bytes or text, file name) -> Document."""
    import functools
    import importlib

    if fmt in ("csv", "tab"):
        from .read_text import read_delimited

        return functools.partial(read_delimited, delimiter="," if fmt == "csv" else "\t")
    if fmt == "pipe":
        from .read_text import read_pipe

        return read_pipe
    return importlib.import_module(f"{__package__}.read_{fmt}").read


def document_text(doc: Document) -> str:
    """All the text of a document, a merged cell once: what the fidelity figures are measured on."""
    from .header import distinct

    parts = ([doc.title] if doc.title else []) + list(doc.lines)
    for table in doc.tables:
        parts.extend(line for line in table.lines_before if line not in doc.lines)  # HTML: also loose lines
        seen: set[int] = set()
        for row in table.rows:
            for cell in distinct(row):
                if id(cell) not in seen:
                    seen.add(id(cell))
                    parts.append(cell.text)
    return "\n".join(p for p in parts if p)
