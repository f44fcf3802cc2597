"""A basis cell of a grid table -> citations, with the habits of real lists handled around
`generator.importers.citations.parse_basis`:

* level tags read as another level (【政府规章】 -> 地方政府规章, 【法规】 -> 行政法规 or
  地方性法规 by the issuer or the title; see `parse_basis`) get an editor note saying so;
* numbered bases (`1.《…》…`, `2、《…》`, `（1）`, `①`): the enumerators are not kept as basis text;
* a version or year printed inside the title's brackets (`《…暂行办法(2020)》`, `(****)`) is
  the citation's version, not part of the title;
* a title cut off by the end of the cell (`《中华人民共和国社` with no 》) names no statute:
  it stays as basis text.
"""

from __future__ import annotations

import re

from .citations import parse_basis

_TRAILING_VERSION = re.compile(r"^(?P<title>.+?)\s*(?P<version>[（(](?:[^（）()]*\d[^（）()]*|\*+)[）)])$")
_ONLY_ENUMERATORS = re.compile(r"^(?:\s*(?:\d{1,2}\s*[.．、]|[一二三四五六七八九十]+\s*、|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|[①-⑳])\s*)+$")


def parse_cell(text: str | None, registry=None) -> tuple[dict, list[str]]:
    """({basis, basis_note} of a cell, editor notes about what was read differently from the print).

    Titles resolve with `registry` (default: the registry of the import in progress)."""
    from ..content.registry import default_registry

    registry = registry or default_registry()
    if not text or not text.strip():
        return {}, []
    notes: list[str] = []
    citations, leftover = parse_basis(text, registry, notes)
    kept, cut = [], []
    for citation in citations:
        title = citation.get("title") or ""
        if title and _cut_off(text, title):
            cut.append("《" + title + (citation.get("version") or ""))
            continue
        _move_version(citation, registry)
        kept.append(citation)
    lines = (leftover or "").split("\n") + cut
    note = "\n".join(line for line in lines if line and not _ONLY_ENUMERATORS.fullmatch(line.strip())) or None
    return {"basis": kept, "basis_note": note}, notes


def _cut_off(src: str, title: str) -> bool:
    """The title was opened but never closed, and the cell ends right after it."""
    at = src.find("《" + title)
    if at == -1 or "》" in src[at:at + len(title) + 2]:
        return False
    rest = src[at + 1 + len(title):].strip()
    return not rest or len(rest) < 3


def _move_version(citation: dict, registry) -> None:
    title = citation.get("title") or ""
    match = _TRAILING_VERSION.match(title)
    if not match or match.group("title").endswith(("（试行", "(试行")):
        return
    version = match.group("version")
    citation["title"] = match.group("title")
    citation["version"] = version + (citation.get("version") or "")
    citation["statute"] = registry.statute_id(citation["title"])
