"""The import budget (generator/importers/budget.py): every bomb costs one clear error line.

Each bomb is made here, small on disk: a sheet with one value at XFD1048576, a merged range
to the sheet's end, shared strings that inflate a thousand times, a zip entry whose header
lies, a Word file of huge XML or an absurd column span, a PDF of forms drawn inside forms
or of a million line operations, a PDF page without a size, a CSV cell longer than Python's
csv limit, an HTML text node over libxml2's 10 MB. Each must give a `QuanzeError` of one
line that names the limit; a few run in a process limited to 1 GB of memory. The child
process of `confined` is tested on its own limits. Timings are in benchmarks/, not here.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from generator.errors import QuanzeError
from generator.importers import budget, confined, import_source
from generator.importers.formats import read_document

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["序号", "事项名称", "事项类型", "设定依据"]
ROW = ["1", "对骗取医疗保障基金的处罚", "行政处罚", "《中华人民共和国社会保险法》第八十七条 责令退回。"]


def refusal(path: Path) -> str:
    """The one-line message importing `path` gives."""
    with pytest.raises(QuanzeError) as caught:
        import_source(path, agency_id="bomb")
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: "), message
    return message


# -- makers ---------------------------------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_PARTS = {
    "[Content_Types].xml":
        f'<Types xmlns="{_PACKAGE}/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels":
        f'<Relationships xmlns="{_PACKAGE}/relationships"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml":
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets><sheet name="清单" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>",
    "xl/_rels/workbook.xml.rels":
        f'<Relationships xmlns="{_PACKAGE}/relationships"><Relationship Id="rId1" Type="{_REL}/worksheet" '
        f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{_REL}/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>',
}


def xlsx(values: dict[str, str], merges: tuple[str, ...] = (), dimension: str = "A1",
         extra_string: bytes = b"") -> bytes:
    """A workbook of one sheet, written part by part: `values` by cell reference, as shared strings."""
    texts = list(values.values())
    rows: dict[int, list[str]] = {}
    for index, ref in enumerate(values):
        rows.setdefault(int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), []).append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
    data = "".join(f'<row r="{r}">{"".join(cells)}</row>' for r, cells in sorted(rows.items()))
    merged = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
    sheet = (f'<worksheet xmlns="{_MAIN}"><dimension ref="{dimension}"/><sheetData>{data}</sheetData>'
             + (f'<mergeCells count="{len(merges)}">{merged}</mergeCells>' if merges else "") + "</worksheet>")
    strings = "".join(f"<si><t>{t}</t></si>" for t in texts).encode() + extra_string
    shared = f'<sst xmlns="{_MAIN}">'.encode() + strings + b"</sst>"
    return _zip({**{k: v.encode() for k, v in _PARTS.items()}, "xl/worksheets/sheet1.xml": sheet.encode(),
                 "xl/sharedStrings.xml": shared})


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def table(first_row: int = 1) -> dict[str, str]:
    """The cells of a list of one power, its header on `first_row`."""
    cells = {f"{'ABCD'[c]}{first_row}": h for c, h in enumerate(HEADER)}
    return cells | {f"{'ABCD'[c]}{first_row + 1}": v for c, v in enumerate(ROW)}


def inflating_entry(size: int, head: bytes = b"", tail: bytes = b"") -> tuple[bytes, int, int]:
    """(deflated bytes, size, CRC) of `head`, about `size` spaces and `tail`, compressed a megabyte at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * (1 << 20)
    packed = [packer.compress(head)]
    crc = zlib.crc32(head)
    for _ in range(size // len(chunk)):
        packed.append(packer.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    packed.append(packer.compress(tail) + packer.flush())
    return b"".join(packed), len(head) + size // len(chunk) * len(chunk) + len(tail), zlib.crc32(tail, crc)


def _append_raw(data: bytes, name: str, packed: bytes, size: int, crc: int) -> bytes:
    """A zip's bytes with one more deflated entry appended as given (local header, data, central record)."""
    import struct

    end = data.rfind(b"PK\x05\x06")
    count, cd_size, cd_offset = struct.unpack("<HII", data[end + 10:end + 20])
    body, directory = data[:cd_offset], data[cd_offset:cd_offset + cd_size]
    encoded = name.encode()
    local = struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(packed), size, len(encoded), 0)
    central = struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(packed), size, len(encoded),
                          0, 0, 0, 0, 0, len(body))
    body += local + encoded + packed
    directory += central + encoded
    tail = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count + 1, count + 1, len(directory), len(body), 0)
    return body + directory + tail


def docx(body_xml: str) -> bytes:
    """A Word file made by python-docx with its body replaced."""
    import docx as python_docx

    out = io.BytesIO()
    python_docx.Document().save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    parts = {info.filename: source.read(info) for info in source.infolist()}
    document = parts["word/document.xml"].decode()
    start, end = document.index("<w:body>") + len("<w:body>"), document.index("</w:body>")
    parts["word/document.xml"] = (document[:start] + body_xml + document[end:]).encode()
    return _zip(parts)


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of numbered objects (1..n, object 1 the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"


def one_page(content: bytes, resources: bytes = b"<< >>", size: bytes = b"/MediaBox [0 0 595 842]",
             more: tuple[bytes, ...] = ()) -> bytes:
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R " + size + b" /Resources " + resources + b" /Contents 4 0 R >>",
                stream(content), *more])


def nested_forms(depth: int = 12, fanout: int = 10) -> bytes:
    """A page drawing form 5, each form drawing the next `fanout` times: fanout**depth lines from 5 KB."""
    forms = []
    for k in range(depth):
        number = 5 + k
        if k < depth - 1:
            body = b"".join(b"q 1 0 0 1 %d 0 cm /F%d Do Q\n" % (i, number + 1) for i in range(fanout))
            resources = b"/Resources << /XObject << /F%d %d 0 R >> >>" % (number + 1, number + 1)
        else:
            body, resources = b"0 0 m 10 10 l S\n", b""
        forms.append(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 600 800] " + resources))
    return one_page(b"/F5 Do\n", b"<< /XObject << /F5 5 0 R >> >>", more=tuple(forms))


# -- zip archives --------------------------------------------------------------------------------------


def test_a_value_at_the_last_cell_of_a_sheet_is_refused_naming_it(tmp_path):
    path = tmp_path / "far.xlsx"
    path.write_bytes(xlsx(table() | {"XFD1048576": "x"}, dimension="A1:XFD1048576"))
    assert path.stat().st_size < 5_000
    assert refusal(path) == (f"{path}: sheet 清单: a value at XFD1048576 makes the table 1,048,576 rows long, more than "
                             "the limit of 200,000; delete what lies below the table, or split the sheet into several files")


def test_a_value_far_right_is_refused_by_the_column_limit(tmp_path):
    path = tmp_path / "wide.xlsx"
    path.write_bytes(xlsx(table() | {"XFD2": "x"}))
    assert refusal(path) == (f"{path}: sheet 清单: a value at XFD2 makes the table 16,384 columns wide, more than the "
                             "limit of 500; delete what lies right of the table, or split it")


def test_a_merged_range_to_the_end_of_the_sheet_is_clipped_to_the_values(tmp_path):
    path = tmp_path / "merged.xlsx"
    path.write_bytes(xlsx(table(), merges=("A3:XFD1048576", "B2:D1048576"), dimension="A1:XFD1048576"))
    result = import_source(path, agency_id="merged")
    power, = result.agency["powers"]
    assert power["name"] == ROW[1]  # B2:D2, the values' last row, merged: D2's own value is hidden, as Excel shows it
    assert "第八十七条" not in str(power)


def test_merged_ranges_covering_more_cells_than_the_budget_are_refused(tmp_path):
    path = tmp_path / "merges.xlsx"
    path.write_bytes(xlsx(table() | {"CV1000": "x"}, merges=("A3:CV1000",) * 25))
    assert refusal(path) == (f"{path}: merged ranges cover {25 * 998 * 100:,} cells, more than the limit of 2,000,000; "
                             "unmerge what is not a cell of the list, or split the sheet")


def test_shared_strings_that_inflate_a_thousand_times_are_refused_before_parsing(tmp_path):
    path = tmp_path / "strings.xlsx"
    path.write_bytes(xlsx(table(), extra_string=b"<si><t>" + b"a" * 300_000_000 + b"</t></si>"))
    assert path.stat().st_size < 400_000
    assert refusal(path) == (f"{path}: xl/sharedStrings.xml declares 300 MB from {_packed(path, 'xl/sharedStrings.xml'):,} "
                             "bytes, more than 100 times its packed size (the limit); the file is made to exhaust a "
                             "reader, or damaged: open it and save it again")


def _packed(path: Path, name: str) -> int:
    return zipfile.ZipFile(path).getinfo(name).compress_size


def test_a_header_that_lies_about_the_size_is_caught_while_inflating(tmp_path):
    packed, _, crc = inflating_entry(300_000_000)
    parts = {k: v.encode() for k, v in _PARTS.items()} | {"xl/worksheets/sheet1.xml": xlsx_sheet()}
    path = tmp_path / "lying.xlsx"
    path.write_bytes(_append_raw(_zip(parts), "xl/sharedStrings.xml", packed, 5_000, crc))  # declares 5,000 bytes
    message = refusal(path)
    assert message.startswith(f"{path}: a damaged zip file (xl/sharedStrings.xml: Bad CRC-32"), message


def xlsx_sheet() -> bytes:
    return zipfile.ZipFile(io.BytesIO(xlsx(table()))).read("xl/worksheets/sheet1.xml")


def test_an_archive_inflating_past_the_total_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "MAX_INFLATED_BYTES", 20_000)
    path = tmp_path / "big.xlsx"
    path.write_bytes(xlsx(table() | {f"A{r}": f"第{r}行" for r in range(3, 1000)}))
    assert refusal(path).startswith(f"{path}: the archive declares more than 20,000 bytes (the limit, reached at ")


def test_an_archive_of_too_many_entries_is_refused_before_it_is_listed(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "MAX_ZIP_ENTRIES", 5)
    path = tmp_path / "many.xlsx"
    path.write_bytes(xlsx(table()))
    assert refusal(path) == (f"{path}: the archive has 6 entries, more than the limit of 5; a Word or Excel file has "
                             "a few dozen: open it and save it again")


def test_a_word_file_of_a_gigabyte_of_xml_is_refused_before_parsing(tmp_path):
    base = zipfile.ZipFile(io.BytesIO(docx("<w:p/>")))
    parts = {i.filename: base.read(i) for i in base.infolist() if i.filename != "word/document.xml"}
    document = base.read("word/document.xml").decode()
    head, tail = document.split("<w:p/>")
    packed, size, crc = inflating_entry(1_000_000_000, head.encode(), tail.encode())
    path = tmp_path / "huge.docx"
    path.write_bytes(_append_raw(_zip(parts), "word/document.xml", packed, size, crc))
    assert path.stat().st_size < 1_500_000
    message = refusal(path)
    assert message.startswith(f"{path}: word/document.xml declares {size / 1_000_000:,.0f} MB from "), message
    assert message.endswith("more than 100 times its packed size (the limit); the file is made to exhaust a reader, "
                            "or damaged: open it and save it again")


def test_a_word_cell_spanning_a_hundred_million_columns_is_refused(tmp_path):
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="100000000"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>'
    path = tmp_path / "span.docx"
    path.write_bytes(docx(f"<w:tbl><w:tr>{cell}</w:tr></w:tbl>"))
    assert refusal(path) == (f"{path}: table 1: 100,000,000 columns, more than the limit of 500; "
                             "delete what lies right of the table, or split it")


# -- PDF ----------------------------------------------------------------------------------------------------


def test_forms_drawn_inside_forms_are_counted_before_layout(tmp_path):
    path = tmp_path / "nested.pdf"
    path.write_bytes(nested_forms())
    assert path.stat().st_size < 10_000
    assert refusal(path) == (f"{path}: page 1: more than 100,000 drawing and text operations (the limit of a page, "
                             "forms drawn on it included); the file is made to exhaust a reader, or its page is a "
                             "drawing: save the list as a table (Word, Excel) instead")


def test_a_million_line_operations_are_refused_before_layout(tmp_path):
    path = tmp_path / "lines.pdf"
    path.write_bytes(one_page(b"0 0 m 10 10 l S\n" * 1_000_000))
    assert path.stat().st_size < 100_000
    assert refusal(path).startswith(f"{path}: page 1: more than 100,000 drawing and text operations")


def test_forms_nested_past_the_depth_limit_are_refused(tmp_path):
    path = tmp_path / "deep.pdf"
    path.write_bytes(nested_forms(depth=40, fanout=1))
    assert refusal(path) == (f"{path}: forms drawn inside forms more than 32 deep; the file is made to exhaust a "
                             "reader, or damaged: open it and save it again")


def test_a_page_without_a_size_is_refused(tmp_path):
    path = tmp_path / "nosize.pdf"
    path.write_bytes(one_page(b"BT /F1 12 Tf 72 712 Td (x) Tj ET", size=b""))
    assert refusal(path) == (f"{path}: page 1 has no page size (/MediaBox); the file is damaged: "
                             "open it in a PDF reader and print it to a PDF again")


def test_a_pdf_of_more_pages_than_the_budget_is_refused(tmp_path):
    pages = budget.MAX_PAGES + 1
    kids = b" ".join(b"%d 0 R" % (4 + n) for n in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
                          stream(b"0 0 m 10 10 l S")] + [page] * pages))
    assert refusal(path) == f"{path}: more than 5,000 pages (the limit); split the file"


def test_damaged_pdf_is_one_line(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(one_page(b"0 0 m 10 10 l S")[:200])
    message = refusal(path)
    assert message.startswith(f"{path}: not a readable PDF file (") and message.endswith("); open it and save it again")


# -- text -----------------------------------------------------------------------------------------------------


def test_a_csv_cell_longer_than_the_csv_module_allows_is_read_whole(tmp_path):
    basis = "《中华人民共和国社会保险法》第八十七条 " + "责令退回" * 40_000
    path = tmp_path / "long.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(ROW[:3] + [basis]) + "\n", encoding="utf-8")
    assert len(basis) > 131_072
    power, = import_source(path, agency_id="long").agency["powers"]
    assert power["basis"][0]["text"].endswith("责令退回" * 10)


def test_a_csv_cell_over_the_budget_is_refused_naming_its_line(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "MAX_CELL_CHARS", 1_000)
    path = tmp_path / "long.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(ROW) + "\n" + ",".join(ROW[:3] + ["x" * 2_000]) + "\n",
                    encoding="utf-8")
    assert refusal(path) == (f"{path}: line 3: a cell of more than 1,000 characters (the limit); no list prints that "
                             "much in one cell: check the quotes around it, or split the cell")


def test_an_html_text_node_over_ten_megabytes_does_not_end_the_page(tmp_path, monkeypatch):
    """libxml2 stops at a text node of 10 MB unless told not to: the page is read whole (with a
    budget that allows it), or refused in one line (with the shipped one): never cut short."""
    page = ("<html><body><p>" + "说明" * 6_000_000 + "</p><table><tr>" + "".join(f"<th>{h}</th>" for h in HEADER)
            + "</tr><tr>" + "".join(f"<td>{v}</td>" for v in ROW) + "</tr></table></body></html>")
    with pytest.raises(QuanzeError, match="a paragraph outside the tables: a cell of 12,000,000 characters"):
        read_document("html", b"", page, "huge.html")
    monkeypatch.setattr(budget, "MAX_CELL_CHARS", 20_000_000)
    doc = read_document("html", b"", page, "huge.html")  # (the reader: what the mapper does with such a line is
    assert doc.lines == ["说明" * 6_000_000]               # not this test's business)
    assert [c.text for c in doc.tables[0].rows[1]] == ROW


def test_an_html_cell_over_the_budget_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "MAX_CELL_CHARS", 1_000)
    path = tmp_path / "cell.html"
    path.write_text("<table><tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr><tr><td>" + "x" * 2_000
                    + "</td></tr></table>", encoding="utf-8")
    assert refusal(path) == (f"{path}: a table cell: a cell of 2,000 characters, more than the limit of 1,000; "
                             "no list prints that much in one cell: check the file, or split the cell")


def _nested_page(depth: int) -> str:
    cell = "<span>" * depth + ROW[1] + "</span>" * depth
    return ("<table><tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + f"</tr><tr><td>1</td><td>{cell}</td>"
            "<td>行政处罚</td><td></td></tr></table>")


def test_html_nested_deeper_than_python_recursion_is_read(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text(_nested_page(1_500), encoding="utf-8")
    power, = import_source(path, agency_id="deep").agency["powers"]
    assert power["name"] == ROW[1]


def test_html_nested_past_the_parsers_limit_is_refused_not_cut(tmp_path):
    path = tmp_path / "deeper.html"
    path.write_text(_nested_page(3_000), encoding="utf-8")
    assert refusal(path) == (f"{path}: line 1: the HTML parser's limit reached (Excessive depth in document: 2048, use "
                             "XML_PARSE_HUGE option); the text after it would be lost: save the page again, or split it")


def test_a_text_of_more_lines_than_the_budget_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "MAX_LINES", 100)
    path = tmp_path / "lines.csv"
    path.write_text(",".join(HEADER) + "\n" + (",".join(ROW) + "\n") * 200, encoding="utf-8")
    assert refusal(path) == f"{path}: 201 lines, more than the limit of 100; split the list into several files"


def test_a_pipe_text_of_more_separators_than_cells_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "MAX_CELLS", 50)
    path = tmp_path / "bars.txt"
    path.write_text(" | ".join(HEADER) + " |\n" + (" | ".join(ROW) + " |\n") * 20, encoding="utf-8")
    assert refusal(path) == f"{path}: 84 cell separators, more cells than the limit of 50; split the list into several files"


# -- the child process -------------------------------------------------------------------------------------


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1_000_000))


def _spin() -> None:
    while True:
        pass


def test_a_reader_past_its_memory_limit_costs_one_line():
    limits = confined.Limits(memory=200_000_000, cpu_seconds=60, wall_seconds=120)
    assert confined.run(_allocate, (50,), "a.pdf", "PDF file", limits) == 50_000_000
    with pytest.raises(QuanzeError) as caught:
        confined.run(_allocate, (2_000,), "a.pdf", "PDF file", limits)
    assert str(caught.value) == ("a.pdf: reading the PDF file needs more than 200 MB of memory (the limit); the file "
                                 "is made to exhaust a reader, or damaged: open it and save it again, or split it")


def test_a_reader_past_its_processor_time_is_stopped():
    with pytest.raises(QuanzeError) as caught:
        confined.run(_spin, (), "a.pdf", "PDF file", confined.Limits(cpu_seconds=1, wall_seconds=120))
    assert str(caught.value) == ("a.pdf: reading the PDF file took more than 1 s of processor time (the limit); the "
                                 "file is made to exhaust a reader, or damaged: open it and save it again, or split it")


def test_a_reader_past_its_wall_clock_time_is_killed():
    with pytest.raises(QuanzeError) as caught:
        confined.run(time.sleep, (60,), "a.pdf", "PDF file", confined.Limits(wall_seconds=0.5))
    assert str(caught.value) == ("a.pdf: reading the PDF file took more than 0.5 s (the limit); the file is made to "
                                 "exhaust a reader, or damaged: open it and save it again, or split it")


def test_a_bug_in_our_reader_keeps_its_traceback():
    with pytest.raises(RuntimeError, match=r"(?s)reading a.pdf failed in the child process:\nTraceback.*ValueError"):
        confined.run(int, ("x",), "a.pdf", "PDF file")


def test_openpyxl_still_gives_a_read_only_sheets_xml():
    """read_xlsx scans a sheet's XML through this private method (checked against openpyxl 3.1)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsx(table())), read_only=True)
    with book.worksheets[0]._get_source() as source:
        assert b"<sheetData>" in source.read()
    book.close()


BOMBS_UNDER_ONE_GIGABYTE = """
import resource, sys
sys.path.insert(0, {tests!r})
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1_000_000_000, 1_000_000_000))
from generator.errors import QuanzeError
from generator.importers import import_source
for path in sys.argv[1:]:
    try:
        import_source(Path(path), agency_id="bomb")
        print("imported", path)
    except QuanzeError as exc:
        print(exc)
"""


def test_bombs_are_refused_in_a_process_of_one_gigabyte(tmp_path):
    """The bombs the budget was made for, in a process that could not survive them read naively."""
    files = {"far.xlsx": xlsx(table() | {"XFD1048576": "x"}, dimension="A1:XFD1048576"),
             "merged.xlsx": xlsx(table(), merges=("A3:XFD1048576",), dimension="A1:XFD1048576"),
             "nested.pdf": nested_forms(), "lines.pdf": one_page(b"0 0 m 10 10 l S\n" * 1_000_000)}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    script = textwrap.dedent(BOMBS_UNDER_ONE_GIGABYTE).format(tests=str(ROOT))
    done = subprocess.run([sys.executable, "-c", script, *(str(tmp_path / n) for n in files)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    lines = done.stdout.splitlines()
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert len(lines) == 4 and lines[1] == f"imported {tmp_path / 'merged.xlsx'}"
    assert lines[0].startswith(f"{tmp_path / 'far.xlsx'}: sheet 清单: a value at XFD1048576 makes the table")
    assert lines[2].startswith(f"{tmp_path / 'nested.pdf'}: page 1: more than 100,000 drawing and text operations")
    assert lines[3].startswith(f"{tmp_path / 'lines.pdf'}: page 1: more than 100,000 drawing and text operations")
