"""Fuzzing the readers: a mutated Word, Excel, PDF, HTML or CSV list is imported or refused in one line.

A small valid list of each format is made here, then mutated with a fixed seed: slices of
its bytes deleted, repeated or replaced by bytes and by tokens of the format (`gridSpan`,
`/MediaBox`, `rowspan=`, quotes); in a Word or Excel file, inside its XML parts, the zip
written again around them. Each mutant must import, or give a `QuanzeError` of one line
that names the file; any other exception, or a message over several lines, fails with the
case that made it. `CASES` per format (the default keeps the run under a minute); more with
`QUANZE_IMPORT_FUZZ_CASES=1000` (and another seed with `QUANZE_IMPORT_FUZZ_SEED`).
"""

from __future__ import annotations

import html
import io
import os
import random
import re
import zipfile

import pytest
from test_import_bounds import HEADER, ROW, docx, pdf

from generator.errors import QuanzeError
from generator.importers import import_source

CASES = int(os.environ.get("QUANZE_IMPORT_FUZZ_CASES", "60"))
SEED = int(os.environ.get("QUANZE_IMPORT_FUZZ_SEED", "20221"))
ROWS = [HEADER] + [[str(n), f"{ROW[1]}（{n}）", ROW[2], ROW[3]] for n in range(1, 4)]

TOKENS = {
    "xml": ["<", ">", "</w:tc>", "<w:tc>", '<w:gridSpan w:val="99999"/>', '<w:vMerge w:val="restart"/>',
            '<w:gridBefore w:val="-3"/>', 'r="XFD1048576"', 'r="A0"', '<mergeCell ref="A1:XFD1048576"/>',
            '<c r="B2" t="s"><v>99</v></c>', '<c t="inlineStr"><is><t>x</t></is></c>', "&#0;", "&lt;", '"',
            "<row>", '<row r="0">', '<mergeCell ref="A:B"/>', '<mergeCell ref="3:4"/>', "\x00", "行政处罚"],
    "pdf": ["obj", "endobj", "stream", "endstream", "<<", ">>", "/MediaBox [0 0 0 0]", "/MediaBox [(a) 1 2]",
            "/F1 Do", "9999999999", "-1", "R", "0 0 m 10 10 l S", "re f", "BT", "ET", "(", ")", "[",
            "/Length 99999", "/Filter /FlateDecode", "xref", "trailer", "\x00"],
    "html": ["<td rowspan=999>", "<td colspan=99999>", "<table>", "</table>", "<tr>", "<th>", "<!--", "-->",
             "&#0;", "&#x110000;", "<br>", "<p>", "<script>", "\x00", "序号", "|"],
    "csv": ['"', ",", "\n", "\r", "\x00", '""', '"\n"', "\t", "|", "序号", "一、行政处罚类",
            "\ufeff"],
}


# -- the valid lists ----------------------------------------------------------------------------------


def valid_xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某某县医疗保障局权责清单"])
    sheet.merge_cells("A1:D1")
    for row in ROWS:
        sheet.append(row)
    sheet.merge_cells("C3:C5")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def valid_docx() -> bytes:
    def cell(text: str, props: str = "") -> str:
        return f"<w:tc>{props}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    rows = "".join("<w:tr>" + "".join(cell(v) for v in row) + "</w:tr>" for row in ROWS)
    return docx(f"<w:p><w:r><w:t>某某县医疗保障局权责清单</w:t></w:r></w:p><w:tbl>{rows}</w:tbl>")


def valid_pdf() -> bytes:
    """A page with a ruled table of ASCII text (a standard font), drawn and written in one content stream."""
    lines = b"".join(b"50 %d m 550 %d l S\n" % (y, y) for y in range(800, 599, -40))
    lines += b"".join(b"%d 800 m %d 640 l S\n" % (x, x) for x in (50, 150, 300, 420, 550))
    words = [b"No", b"Name", b"Type", b"Basis"]
    text = b"".join(b"BT /F1 10 Tf %d %d Td (%s) Tj ET\n" % (x + 5, y - 25, w if r == 0 else b"%s %d" % (w, r))
                    for r, y in enumerate(range(800, 640, -40)) for x, w in zip((50, 150, 300, 420), words))
    content = lines + text
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
                b"/Contents 4 0 R >>",
                b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


def valid_html() -> bytes:
    cells = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in ROWS)
    return (f"<html><head><title>某某县医疗保障局权责清单_某某县人民政府</title></head><body><h1>某某县医疗保障局权责清单</h1>"
            f"<table><tr><td><table>{cells}</table></td></tr></table></body></html>").encode()


def valid_csv() -> bytes:
    return "\n".join(",".join(f'"{v}"' if "《" in v else v for v in row) for row in ROWS).encode() + b"\n"


VALID = {"xlsx": valid_xlsx, "docx": valid_docx, "pdf": valid_pdf, "html": valid_html, "csv": valid_csv}


# -- mutations ------------------------------------------------------------------------------------------


NOISE = "\x00\x01\t\n\r \"'<>&;=/|,，。、（）《》一二三行政处罚序号\u3000\ufeff\u2028\ud7ff\U0001f600"


def mutate(text: str, tokens: list[str], rng: random.Random) -> str:
    """`text` with one to four slices deleted, repeated, or replaced by stray characters or a token of the format."""
    out = list(text)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(out) + 1)
        end = min(len(out), at + rng.choice([1, 4, 16, 64, 1024]))
        action = rng.choice(["delete", "repeat", "noise", "token", "token"])
        if action == "delete":
            del out[at:end]
        elif action == "repeat":
            out[at:at] = out[at:end] * rng.choice([2, 10, 1000])
        elif action == "noise":
            out[at:end] = rng.choices(NOISE, k=rng.randint(0, 8))
        else:
            out[at:at] = rng.choice(tokens)
    return "".join(out)


def mutate_bytes(data: bytes, tokens: list[str], rng: random.Random) -> bytes:
    """Mutated bytes: read as Latin-1, every byte a character, so a slice may cut a character in two."""
    return mutate(data.decode("latin-1"), [t.encode().decode("latin-1") for t in tokens], rng).encode("latin-1",
                                                                                                   "replace")


VALUES = ["0", "-1", "1", "2", "99999", "100000000", "XFD1048576", "A1:XFD1048576", "A0", "B2:A1", "", "s",
          "inlineStr", "str", "e", "b", "d", "n", "restart", "continue", "1e308", "nan", "visible", "hidden", "清单"]
ELEMENT = re.compile(r"<(w:tr|w:tc|w:p|row|c|si|sheet|mergeCell)\b[^>]*/>|<(w:tr|w:tc|w:p|row|c|si)\b.*?</\2>", re.S)


def mutate_xml(xml: str, rng: random.Random) -> str:
    """XML that stays mostly well formed: an attribute's value changed, a text replaced, an element
    (row, cell, paragraph, merged range) deleted or repeated, or an element of `TOKENS` inserted."""
    for _ in range(rng.randint(1, 3)):
        action = rng.choice(["attribute", "text", "element", "element", "insert"])
        pattern = {"attribute": r'="[^"]*"', "text": r">[^<]+<", "insert": r">"}.get(action)
        spots = list(ELEMENT.finditer(xml) if pattern is None else re.finditer(pattern, xml))
        if not spots:
            continue
        spot = rng.choice(spots)
        if action == "attribute":
            new = f'="{rng.choice(VALUES)}"'
        elif action == "text":
            new = ">" + html.escape("".join(rng.choices(NOISE, k=rng.randint(0, 12))) or rng.choice(VALUES)) + "<"
        elif action == "insert":
            new = ">" + rng.choice([t for t in TOKENS["xml"] if t.startswith("<") and t.endswith(">")])
        else:
            new = spot.group(0) * rng.choice([0, 0, 2, 3, 50])
        xml = xml[:spot.start()] + new + xml[spot.end():]
    return xml


def mutate_zip(data: bytes, rng: random.Random) -> bytes:
    """A Word or Excel file with one of its XML parts mutated (the zip whole around it), or its bytes mutated."""
    if rng.random() < 0.15:
        return mutate_bytes(data, TOKENS["xml"] + ["PK\x03\x04", "PK\x01\x02"], rng)
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: source.read(info) for info in source.infolist()}
    main = [n for n in parts if n in ("word/document.xml", "xl/worksheets/sheet1.xml", "xl/workbook.xml",
                                      "xl/sharedStrings.xml", "xl/styles.xml", "[Content_Types].xml")]
    name = rng.choice(main + [main[0]] * 3)  # the document or sheet most often
    text = parts[name].decode("utf-8")
    text = mutate_xml(text, rng) if rng.random() < 0.8 else mutate(text, TOKENS["xml"], rng)
    parts[name] = text.encode("utf-8", "surrogatepass")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, body in parts.items():
            archive.writestr(part, body)
    return out.getvalue()


def mutant(fmt: str, base: bytes, rng: random.Random) -> bytes:
    if fmt in ("xlsx", "docx"):
        return mutate_zip(base, rng)
    if fmt == "pdf":
        return mutate_bytes(base, TOKENS[fmt], rng)
    if rng.random() < 0.1:  # bytes that are not UTF-8
        return mutate_bytes(base, TOKENS[fmt], rng)
    return mutate(base.decode("utf-8"), TOKENS[fmt], rng).encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("fmt", sorted(VALID))
def test_the_valid_lists_import(tmp_path, fmt):
    """The lists mutated below are lists: each gives its powers (the PDF's ASCII table has no known header)."""
    path = tmp_path / f"valid.{fmt}"
    path.write_bytes(VALID[fmt]())
    result = import_source(path, agency_id="valid")
    assert len(result.agency["powers"]) == (3 if fmt != "pdf" else 0)
    assert result.report.format == fmt if fmt != "pdf" else result.report.format.startswith("pdf")


@pytest.mark.parametrize("fmt", sorted(VALID))
def test_mutants_import_or_give_one_line(tmp_path, fmt):
    rng = random.Random(f"{SEED}-{fmt}")
    base = VALID[fmt]()
    outcomes = {"imported": 0, "refused": 0}
    for case in range(CASES):
        path = tmp_path / f"case{case}.{fmt}"
        path.write_bytes(mutant(fmt, base, rng))
        try:
            import_source(path, agency_id="fuzz")
            outcomes["imported"] += 1
        except QuanzeError as exc:
            message = str(exc)
            assert "\n" not in message and message.startswith(f"{path}: "), (case, message)
            outcomes["refused"] += 1
        except Exception as exc:  # the failure names the case to run again
            raise AssertionError(f"{fmt} case {case} (seed {SEED}): {type(exc).__name__}: {exc}") from exc
    print(f"\n{fmt}: {outcomes}")
    assert sum(outcomes.values()) == CASES
