"""Column headers as published -> fields of a power, from the table in `columns.yaml`.

Headers are compared after normalising: spaces and line breaks removed, full-width forms
folded (NFKC) and Traditional characters converted to Simplified (`序號`, `事项 类型`).
A header that is not in the table, or listed under `extra`, maps to `extra`: its cells are
kept under the printed name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import QuanzeError
from ..i18n import _
from .chinese import to_simplified

TABLE_FILE = Path(__file__).with_name("columns.yaml")
EXTRA = "extra"
_NOISE = re.compile(r"[\s:：*＊]+")
_BRACKETS = re.compile(r"[（(][^（）()]*[）)]")
#: A basis column of the responsibility or the accountability, not of the power itself.
_NOT_POWER_BASIS = re.compile(r"^.*(?:责任|追责|问责|追究|担责|免责).*依据$")


def normalise(header: str) -> str:
    """The form a header is matched in: no spaces, NFKC, Simplified characters."""
    return _NOISE.sub("", to_simplified(unicodedata.normalize("NFKC", header or "")))


@lru_cache(maxsize=1)
def table() -> dict[str, str]:
    """Normalised header -> field (or `extra`), from the data file."""
    data = yaml.safe_load(TABLE_FILE.read_text(encoding="utf-8"))
    return {normalise(header): field for field, headers in data.items() for header in headers}


def fields() -> list[str]:
    """The fields a column can map to, in the order of the data file."""
    return list(dict.fromkeys(table().values()))


def lookup(header: str, overrides: dict[str, str] | None = None) -> str | None:
    """The field of a printed header, `extra` for a known column without a field, None if unknown."""
    key = normalise(header)
    if not key:
        return None
    for source in (overrides or {}, table()):
        if key in source:
            return source[key]
    bare = _BRACKETS.sub("", key)
    if bare and bare in table():
        return table()[bare]
    if len(bare) > 12:  # a cell's text, not a header
        return None
    if _NOT_POWER_BASIS.match(bare):
        return EXTRA  # 责任事项依据, 追责依据: the basis of a duty or of accountability, not of the power
    endings = (bare[k:] for k in range(len(bare) - 1))  # longest first, two characters at least
    return next((table()[end] for end in endings if table().get(end, EXTRA) != EXTRA), None)


def parse_overrides(specs: list[str] | None) -> dict[str, str]:
    """`--columns 'HEADER=field'` options -> normalised header -> field; a wrong field is an error."""
    known = set(fields()) | {EXTRA}
    out = {}
    for spec in specs or []:
        header, sep, field = spec.partition("=")
        field = field.strip()
        if not sep or not header.strip() or field not in known:
            raise QuanzeError(_("--columns {spec}: expected HEADER=FIELD with FIELD one of {fields} "
                                "(e.g. --columns '权力事项=name')").format(spec=repr(spec), fields=", ".join(sorted(known))))
        out[normalise(header)] = field
    return out


def markdown_table() -> str:
    """The column table as Markdown, for the README."""
    data = yaml.safe_load(TABLE_FILE.read_text(encoding="utf-8"))
    lines = ["| field | printed headers |", "| --- | --- |"]
    for field, headers in data.items():
        lines.append(f"| `{field}` | {'、'.join(headers)} |")
    return "\n".join(lines)
