"""Stage 2, validate: raw documents -> model objects plus every problem, with file:line.

Schema problems come from pydantic and are placed on the line of the offending key;
cross-file checks (citations resolve, ids unique, codes consistent ...) run on the typed
model afterwards. Nothing stops at the first problem.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Any

from pydantic import ValidationError

from ..errors import Problem
from .load import Document
from .model import Agency, Statute
from .traditional import TO_SIMPLIFIED
from .vocab import CATEGORY_SYNONYMS


def _plain(data: Any) -> Any:
    """ruamel containers -> plain dicts/lists/str (pydantic wants plain types)."""
    if isinstance(data, dict):
        return {str(k) if not isinstance(k, str) else k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, str):
        return str(data)
    return data


def _fields(model_cls: type, loc: tuple) -> list[str]:
    """Field names allowed at `loc` (for did-you-mean on unknown keys)."""
    cls = model_cls
    for part in loc:
        if isinstance(part, int):
            continue
        field = cls.model_fields.get(part)
        if field is None:
            return []
        inner = getattr(field.annotation, "__args__", None)
        candidates = [field.annotation, *(inner or [])]
        cls = next((c for c in candidates if isinstance(c, type) and hasattr(c, "model_fields")), None)
        if cls is None:
            return []
    return list(cls.model_fields)


def _loc_text(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{shown(part, 40)}" if out else shown(part, 40))
    return out or "(top level)"



#: Published wordings of administrative levels.
_TERM_ALIASES = {"区级": "县级", "县区级": "县级", "旗级": "县级", "县（区）级": "县级", "地市级": "市级", "州级": "市级",
                 "盟级": "市级", "自治区级": "省级", "直辖市级": "省级"}

_TYPE_NAMES = {"date": "a date", "datetime": "a date", "str": "text", "int": "a number", "float": "a number", "bool": "true/false", "NoneType": "nothing",
               "dict": "a mapping", "CommentedMap": "a mapping", "list": "a list", "CommentedSeq": "a list"}

_EXPECTED = {
    "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "list_type": "a list", "model_type": "a mapping of fields",
    "dict_type": "a mapping of fields", "bool_type": "true or false",
}

#: Fields with a pattern other than an id's: what the value should be, and how to write it.
_PATTERNS = {
    "website": ("is not an http(s) address", "write the whole address, starting with https:// or http://"),
    "guide_url": ("is not an http(s) address", "write the whole address of the 办事指南 page, starting with https:// or http://"),
    "phone": ("is not a phone number", "write digits, spaces, hyphens, parentheses, + and 转 (extension) only, "
              "e.g. 0951-5021234转8; separate several numbers with 、"),
    "complaint_phone": ("is not a phone number", "write digits, spaces, hyphens, parentheses, + and 转 (extension) "
                        "only, e.g. 12393"),
    "service_code": ("is not an implementation code (实施编码)", "write the 6 to 64 letters and digits as the "
                     "government service platform prints them, without spaces"),
    "field": ("is not a text a correction can mark", "write `name`, or `basis[N].title` for the statute title of "
              "citation N (counted from 0)"),
}

_SHAPE_HINTS = {
    "list_type": "write each entry on its own line starting with `- `",
    "model_type": "write `key: value` fields indented under this entry",
    "string_type": "put the value in quotes",
}


def shown(value: Any, width: int = 60) -> str:
    """A value as a message quotes it: one line, control characters escaped, long text cut."""
    text = str(value)
    text = "".join(c if c.isprintable() or c == "\u3000" else repr(c)[1:-1] for c in text[: width + 1])
    return text if len(text) <= width else text[:width] + "…"


def _found(value: Any) -> str:
    return _TYPE_NAMES.get(type(value).__name__, type(value).__name__)


def suggest_term(value: Any, choices: list[str]) -> str | None:
    """The vocabulary term a mistyped value most likely means (full-width, Traditional, typos)."""
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value[:50]).strip().translate(TO_SIMPLIFIED)
    text = _TERM_ALIASES.get(text) or CATEGORY_SYNONYMS.get(text) or text
    if text in choices:
        return text
    close = difflib.get_close_matches(text, choices, n=1, cutoff=0.5)
    return close[0] if close else None


def suggest_id(value: Any) -> str:
    """A valid id close to `value`: half-width, lowercase, other characters as hyphens."""
    text = unicodedata.normalize("NFKC", str(value)).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:63]
    return text or "power-1"


def _number(text: str) -> int | None:
    """The number a written article or paragraph means: 第八十七条 -> 87, ８７ -> 87."""
    from .numerals import cn_to_int

    try:
        return cn_to_int(re.sub(r"^第|[条款项]$", "", text.strip()))
    except ValueError:
        return None


def describe(err: dict, model_cls: type, loc: tuple) -> tuple[str, str | None]:
    """The message (after `where: `) and hint for one pydantic error."""
    kind, value = err["type"], err.get("input")
    if kind == "extra_forbidden":
        allowed = _fields(model_cls, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1])[:100], allowed, n=1)
        return "unknown field", f'did you mean "{close[0]}"?' if close else "allowed: " + ", ".join(allowed)
    if kind == "missing":
        return "required field is missing", f"add `{loc[-1]}:` with a value"
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", err["ctx"]["expected"])
        named = next((part for part in reversed(loc) if isinstance(part, str)), "value")  # levels[0] -> levels
        term = named.replace("_", " ")
        if value in ("", None):
            return "is empty", "write one of " + ", ".join(choices)
        close = suggest_term(value, choices)
        hint = f'did you mean "{close}"?' if close else "expected one of " + ", ".join(choices)
        return f'unknown {term} "{shown(value)}"', hint
    if kind == "string_pattern_mismatch" and loc and loc[-1] in _PATTERNS:
        message, hint = _PATTERNS[str(loc[-1])]
        return f'"{shown(value)}" {message}', hint
    if kind == "string_pattern_mismatch":
        return f'"{shown(value)}" is not a valid id', f'use lowercase ASCII letters, digits and hyphens, e.g. "{suggest_id(value)}"'
    if kind == "string_too_short":
        return "is empty", "write the value"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be 1 or more, found {shown(value)}", None
    if kind in ("less_than_equal", "less_than"):
        limit = err.get("ctx", {}).get("le", err.get("ctx", {}).get("lt"))
        return f"must be {limit} or less, found {shown(value)}", "article, paragraph and item numbers are as printed: 第八十七条 is 87"
    if kind in ("int_parsing", "int_type") and isinstance(value, str) and _number(value):
        return "expected a whole number, found text", f"write {_number(value)}"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, found {_found(value)}", _SHAPE_HINTS.get(kind)
    return f"{err['msg'][0].lower()}{err['msg'][1:]}", None


def schema_problems(doc: Document, model_cls: type, exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        line, col = doc.locate(loc)
        message, hint = describe(err, model_cls, loc)
        problems.append(Problem(doc.display, line, col, "error", f"{_loc_text(loc)}: {message}", hint))
    return problems


def validate_document(doc: Document, model_cls: type) -> tuple[Agency | Statute | None, list[Problem]]:
    """Validate one document against its model class."""
    try:
        return model_cls.model_validate(_plain(doc.data)), []
    except ValidationError as exc:
        return None, schema_problems(doc, model_cls, exc)
