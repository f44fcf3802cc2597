"""Reader for HTML pages (.html/.htm): tables (rowspan/colspan) among the portal's layout.

A portal page wraps the list in layout tables; only the innermost tables (those holding no
table) are read. The page's `<h1>` (or its `<title>`, without the portal's name after
`_` or `-`) is the list's title; text outside the tables is kept as loose lines.
"""

from __future__ import annotations

import re

from ..errors import QuanzeError
from ..i18n import _
from . import budget
from .grid import Cell, Document, GridBuilder, paragraphs

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table"}
_TITLE_TAIL = re.compile(r"\s*[_|｜–—-]\s*[^_|｜–—-]*(?:政府|门户|网站|网|平台|局)\s*$")


def read(text: str, name: str) -> Document:
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True)  # a text node over 10 MB read whole, not cut short
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except Exception as exc:  # lxml raises several kinds on broken input
        raise QuanzeError(_("{name}: cannot read the HTML page: {why}").format(name=name, why=" ".join(str(exc).split()))) from None
    _check_parsed(parser)
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    doc = Document("html")
    doc.title = _title(root)
    tables = [t for t in root.iter("table") if not t.xpath(".//table")]
    cells = 0  # of the tables read so far (the budget counts them all)
    for number, table in enumerate(tables, start=1):
        grid = _table(table, _("table {n}").format(n=number), cells)
        if grid.rows:
            doc.tables.append(grid)
            cells += len(grid.rows) * grid.width
    doc.lines = _loose_lines(root, set(tables))
    return doc


def _check_parsed(parser) -> None:
    """Refuse a page where libxml2 stopped at one of its limits (elements nested 2,048 deep): it drops what follows."""
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise budget.OverBudget(_("line {line}: the HTML parser's limit reached ({why}); the text after it would be "
                                      "lost: save the page again, or split it").format(
                line=error.line, why=" ".join(error.message.split())))


def _title(root) -> str | None:
    for xpath in ("//h1", "//*[contains(@class,'title') or contains(@id,'title')]", "//title"):
        for node in root.xpath(xpath):
            if node.tag == "table" or node.xpath(".//table"):
                continue
            text = " ".join(" ".join(node.itertext()).split())
            if node.tag == "title":
                text = _TITLE_TAIL.sub("", text)
            if len(text) >= 4:
                return text
    return None


def cell_paragraphs(node) -> list[str]:
    """The paragraphs of a cell: block elements and <br> break lines (walked with a stack: any depth)."""
    parts: list[str] = []
    todo: list = [node]  # elements to open, and ("end", element) to close
    while todo:
        element = todo.pop()
        if isinstance(element, tuple):
            element = element[1]
            parts.append("\n" if element.tag in _BLOCKS else "")
            parts.append(element.tail if element is not node and element.tail else "")
        elif not isinstance(element.tag, str):  # a comment: only its tail is text
            parts.append(element.tail or "")
        else:
            parts.append("\n" if element.tag in _BLOCKS else "")
            parts.append(element.text or "")
            todo.append(("end", element))
            todo.extend(reversed(element))
    text = "".join(parts)
    budget.check_cell(len(text), _("a table cell"))
    return paragraphs(text)


def _rows(table):
    for child in table:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if tr.tag == "tr")


def _table(table, where: str, cells_before: int):
    builder = GridBuilder(where, cells_before)
    for r, tr in enumerate(_rows(table)):
        row = []
        for c, td in enumerate(x for x in tr if x.tag in ("td", "th")):
            cell = Cell(cell_paragraphs(td), _("{where} row {row} cell {cell}").format(where=where, row=r + 1, cell=c + 1))
            row.append((cell, _span(td, "rowspan"), _span(td, "colspan")))
        builder.add_row(row)
    lines_before = _preceding_lines(table)
    caption = table.find("caption")
    if caption is not None:
        lines_before.append(" ".join(caption.itertext()).strip())
    return builder.table(lines_before)


def _preceding_lines(table, limit: int = 3) -> list[str]:
    """The text of the elements just before a table (a heading such as 一、行政处罚类), nearest last."""
    out: list[str] = []
    for sibling in table.itersiblings(preceding=True):
        if not isinstance(sibling.tag, str) or sibling.tag == "table" or sibling.xpath(".//table"):
            break
        text = " ".join(" ".join(sibling.itertext()).split())
        if text:
            out.insert(0, text)
        if len(out) >= limit:
            break
    return out


def _span(td, attribute: str) -> int:
    try:
        return max(1, min(1000, int(re.sub(r"\D", "", td.get(attribute, "1")) or 1)))
    except ValueError:
        return 1


def _loose_lines(root, data_tables: set) -> list[str]:
    """Headings and paragraphs outside the data tables (layout tables do not count), in page order."""
    out = []
    for node in root.iter("h1", "h2", "h3", "h4", "p"):
        if any(a in data_tables for a in node.iterancestors("table")):
            continue
        text = " ".join(" ".join(node.itertext()).split())
        if text:
            budget.check_cell(len(text), _("a paragraph outside the tables"))
            out.append(text)
    return out
