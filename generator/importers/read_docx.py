"""Reader for Word documents (.docx): each table a grid (gridSpan and vMerge), paragraphs between them."""

from __future__ import annotations

import io

from ..errors import QuanzeError
from ..i18n import _
from .grid import Cell, Document, GridBuilder, paragraphs

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read(data: bytes, name: str) -> Document:
    try:
        import docx
    except ImportError:
        raise QuanzeError(_("{name}: reading Word files needs python-docx (pip install python-docx)").format(name=name)) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # a damaged file: python-docx raises many kinds
        raise QuanzeError(_("{name}: not a readable Word (.docx) file: {why}; open it in Word and save it again").format(
            name=name, why=" ".join(str(exc).split()))) from None
    doc = Document("docx")
    title = (document.core_properties.title or "").strip()
    doc.title = title or None
    pending: list[str] = []
    cells = 0  # of the tables read so far (the budget counts them all)
    body = getattr(document.element, "body", None)
    if body is None:  # the main part is XML, but not a Word document's
        raise QuanzeError(_("{name}: not a readable Word (.docx) file: its main part has no body; "
                            "open it in Word and save it again").format(name=name))
    for element in body.iterchildren():
        if element.tag == f"{_W}p":
            text = _paragraph_text(element)
            if text:
                pending.append(text)
                doc.lines.append(text)
        elif element.tag == f"{_W}tbl":
            doc.tables.append(_table(element, _("table {n}").format(n=len(doc.tables) + 1), pending, cells))
            cells += len(doc.tables[-1].rows) * doc.tables[-1].width
            pending = []
    return doc


def _paragraph_text(p) -> str:
    out = []
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
        if node.tag == f"{_W}t":
            out.append(node.text or "")
        elif node.tag == f"{_W}tab":
            out.append(" ")
        else:
            out.append("\n")
    return "".join(out).strip()


def _table(tbl, where: str, lines_before: list[str], cells_before: int):
    builder = GridBuilder(where, cells_before)
    open_cells: dict[int, Cell] = {}  # grid column -> cell still merging downwards
    for r, tr in enumerate(tbl.iterchildren(f"{_W}tr")):
        placed: list[tuple[Cell, int, int]] = []
        column = _skipped_before(tr)
        row_cells = []
        for tc in tr.iterchildren(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            span = _int(props, "gridSpan") or 1
            vmerge = props.find(f"{_W}vMerge") if props is not None else None
            pars = [t for p in tc.iter(f"{_W}p") for t in paragraphs(_paragraph_text(p))]
            state = None if vmerge is None else (vmerge.get(f"{_W}val") or "continue")
            if state == "continue" and column in open_cells:
                cell = open_cells[column]
            else:
                cell = Cell(pars, _("{where} row {row} column {column}").format(where=where, row=r + 1, column=column + 1))
            if state == "restart":
                open_cells[column] = cell
            elif state is None:
                open_cells.pop(column, None)
            row_cells.append((column, cell, span))
            column += span
        for column, cell, span in row_cells:
            placed.append((cell, 1, span))
        builder.add_row(placed)
    return builder.table(lines_before)


def _skipped_before(tr) -> int:
    props = tr.find(f"{_W}trPr")
    return _int(props, "gridBefore") or 0


def _int(props, tag: str) -> int | None:
    if props is None:
        return None
    node = props.find(f"{_W}{tag}")
    try:
        return int(node.get(f"{_W}val")) if node is not None else None
    except (TypeError, ValueError):
        return None
