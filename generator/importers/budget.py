"""The budget every document read by the importers is held to: bytes, cells, memory and time.

A published list of thousands of powers stays far below each limit here. A file above one
is damaged or made to exhaust the reader (a few kilobytes that inflate to gigabytes, one
cell at the last row and column of a sheet, drawings nested in drawings); it is refused
with one line that names the limit and says how to split the file. Each limit is checked
before the work it bounds:

* the file's bytes (`MAX_SOURCE_BYTES`), before it is read;
* a zip archive (.docx, .xlsx), before any parser opens it (`check_archive`): entries,
  the sizes declared in its central directory, and the bytes each entry really inflates to;
* text, before it is split into lines (`check_text`);
* a grid, while it is built (`check_grid`, `GridBuilder`, the readers): rows, columns, cells
  and the area of merged ranges;
* a PDF page, before it is laid out: drawing and text operations, forms included;
* every Word, Excel and PDF reader runs in a child process (`confined`) whose memory and
  processor time are limited, with a wall-clock limit in the parent: whatever slips past
  the checks above costs one error line, not the machine.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import QuanzeError
from ..i18n import _

MAX_SOURCE_BYTES = 200_000_000
"""Largest source file read: a list of thousands of powers as a PDF stays far below."""

# -- zip archives (.docx, .xlsx) ---------------------------------------------------------------------

MAX_ZIP_ENTRIES = 10_000
"""Entries of one archive: a Word file has about 20, a workbook a few per sheet."""
MAX_INFLATED_BYTES = 200_000_000
"""Bytes all entries of an archive inflate to together: a workbook of 10,000 powers inflates to about 7 MB."""
MAX_RATIO = 100
"""Inflated / compressed size of one entry: a list's XML compresses 20-45 times (a workbook of 10,000
powers 20, a Word table of 2,000 rows made by python-docx 44); a bomb about 1,000 times."""
RATIO_FROM = 1_000_000
"""Entries smaller than this (inflated) may compress better than `MAX_RATIO` (a repetitive style sheet)."""

# -- grids and text ------------------------------------------------------------------------------------

MAX_ROWS = 200_000
"""Rows of one table: a list of 20,000 powers printed over ten rows each."""
MAX_COLUMNS = 500
"""Columns of one table: lists have 5-20."""
MAX_CELLS = 2_000_000
"""Cells of all tables of a document, merged cells counted at every position they cover
(100,000 rows of 20 columns; about 800 MB held in memory)."""
MAX_MERGED_RANGES = 200_000
"""Merged ranges of one sheet: a list merges a few cells of each power."""
MAX_LINES = 2_000_000
"""Lines of a text source: 200,000 rows printed over ten lines each."""
MAX_CELL_CHARS = 1_000_000
"""Characters of one cell or one text node: a basis cell quoting a whole statute (民法典, about
100,000) stays far below; a text of this length still imports in seconds (written to YAML at
about 3.5 s a million characters)."""

# -- PDF pages, and the child process that reads Word, Excel and PDF files -------------------------

MAX_PAGES = 5_000
"""Pages of a PDF: a list of thousands of powers has a few hundred."""
MAX_PAGE_OPERATIONS = 100_000
"""Drawing and text operations of one page, forms drawn by it included: a ruled table page has
500-1,500 (the round-trip PDFs of the tests); pdfplumber lays out 100,000 (33,000 lines) in
about 170 MB and 10 s."""
READER_MEMORY_BYTES = 1_500_000_000
"""Memory (address space) the child process reading one file may add to what it started with."""
READER_CPU_SECONDS = 300
"""Processor time of the child process reading one file (RLIMIT_CPU): a ruled table takes 0.2-0.4 s a
page, a 300-page PDF about 100 s."""
READER_WALL_SECONDS = 900
"""Wall-clock time the parent waits for the child (a loaded machine runs it slower than its CPU time)."""


class Refused(QuanzeError):
    """A reader's refusal of a file, worded without the file's name: `formats` puts it in front."""


class OverBudget(Refused):
    """A limit of this module reached inside a reader."""


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB" if size >= 1_000_000 else _("{size:,} bytes").format(size=size)


def check_archive(raw: bytes, name: str) -> zipfile.ZipFile:
    """The zip archive of a .docx or .xlsx file, once its entries are within the budget.

    The sizes its central directory declares are checked first; then every entry is inflated
    once, counting the bytes it really gives (a header may lie), and checked against its CRC.
    """
    _check_entry_count(raw, name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise QuanzeError(_("{name}: a damaged zip file (.docx/.xlsx?); open it and save it again").format(
            name=name)) from None
    infos = archive.infolist()
    _check_sizes(name, [(i.filename, i.file_size, i.compress_size) for i in infos], declared=True)
    _check_sizes(name, [(i.filename, _inflated_size(archive, i, name), i.compress_size) for i in infos], declared=False)
    return archive


def _check_entry_count(raw: bytes, name: str) -> None:
    """Refuse an archive whose end record counts more entries than `MAX_ZIP_ENTRIES` (before Python lists them)."""
    end = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_557))
    count = int.from_bytes(raw[end + 10:end + 12], "little") if end >= 0 and len(raw) >= end + 22 else 0
    if count == 0xFFFF:  # a zip64 archive: its own end record holds the count
        end64 = raw.rfind(b"PK\x06\x06", 0, max(0, end))
        count = int.from_bytes(raw[end64 + 32:end64 + 40], "little") if end64 >= 0 else count
    if count > MAX_ZIP_ENTRIES:
        raise QuanzeError(_("{name}: the archive has {count:,} entries, more than the limit of {limit:,}; a Word or "
                            "Excel file has a few dozen: open it and save it again").format(
                                name=name, count=count, limit=MAX_ZIP_ENTRIES))


def _check_sizes(name: str, entries: list[tuple[str, int, int]], declared: bool) -> None:
    said = _("declares") if declared else _("inflates to")
    total = 0
    for entry, size, packed in entries:
        total += size
        if size > RATIO_FROM and size > MAX_RATIO * max(packed, 1):
            raise QuanzeError(_("{name}: {entry} {said} {size} from {packed:,} bytes, more than {ratio} times its "
                                "packed size (the limit); the file is made to exhaust a reader, or damaged: open it "
                                "and save it again").format(name=name, entry=entry, said=said, size=_mb(size),
                                                            packed=packed, ratio=MAX_RATIO))
        if total > MAX_INFLATED_BYTES:
            raise QuanzeError(_("{name}: the archive {said} more than {limit} (the limit, reached at {entry}); split "
                                "the list into several files").format(name=name, said=said,
                                                                      limit=_mb(MAX_INFLATED_BYTES), entry=entry))



def _inflated_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> int:
    """Bytes an entry inflates to, counted while inflating (never past the budget) and checked against its CRC."""
    size = 0
    try:
        with archive.open(info) as entry:
            while size <= MAX_INFLATED_BYTES and (chunk := entry.read(1 << 20)):
                size += len(chunk)
    except Exception as exc:  # zipfile, zlib and bz2 raise many kinds on damaged bytes
        raise QuanzeError(_("{name}: a damaged zip file ({entry}: {why}); open it and save it again").format(
            name=name, entry=info.filename, why=exc)) from None
    return size


def check_text(text: str, name: str) -> None:
    """Refuse a text of more lines than `MAX_LINES` before it is split into lines."""
    lines = text.count("\n")
    if lines > MAX_LINES:
        raise QuanzeError(_("{name}: {lines:,} lines, more than the limit of {limit:,}; split the list into several "
                            "files").format(name=name, lines=lines, limit=MAX_LINES))


def check_grid(rows: int, columns: int, where: str, cells_before: int = 0) -> None:
    """Refuse a table of more rows, columns or cells (with `cells_before` of the document's other tables) than the budget."""
    if rows > MAX_ROWS:
        raise OverBudget(_("{where}: more than {limit:,} rows (the limit); split the table into several files").format(
            where=where, limit=MAX_ROWS))
    if columns > MAX_COLUMNS:
        raise OverBudget(_("{where}: {columns:,} columns, more than the limit of {limit:,}; delete what lies right "
                           "of the table, or split it").format(where=where, columns=columns, limit=MAX_COLUMNS))
    if cells_before + rows * columns > MAX_CELLS:
        raise OverBudget(_("{where}: {rows:,} rows × {columns:,} columns make more than {limit:,} cells in the "
                           "document (the limit); split the list into several files").format(
                               where=where, rows=rows, columns=columns, limit=MAX_CELLS))


def check_cell(length: int, where: str) -> None:
    """Refuse a cell or text node longer than `MAX_CELL_CHARS`."""
    if length > MAX_CELL_CHARS:
        raise OverBudget(_("{where}: a cell of {length:,} characters, more than the limit of {limit:,}; no list "
                           "prints that much in one cell: check the file, or split the cell").format(
                               where=where, length=length, limit=MAX_CELL_CHARS))

