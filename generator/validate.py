"""Stage 2, validate: raw documents -> model objects plus every problem, with file:line.

Schema problems come from pydantic and are placed on the line of the offending key;
cross-file checks (citations resolve, ids unique, codes consistent ...) run on the typed
model afterwards. Nothing stops at the first problem.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from .errors import Problem
from .load import Document
from .model import Agency, Statute


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
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def schema_problems(doc: Document, model_cls: type, exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        line, col = doc.locate(loc)
        where = _loc_text(loc)
        kind, hint = err["type"], None
        if kind == "extra_forbidden":
            allowed = _fields(model_cls, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            hint = f'did you mean "{close[0]}"?' if close else "allowed: " + ", ".join(allowed)
            message = f"{where}: unknown field"
        elif kind == "missing":
            message = f"{where}: required field is missing"
            hint = f"add `{loc[-1]}:`"
        elif kind == "literal_error":
            message = f"{where}: {err['input']!r} is not allowed"
            hint = "expected one of " + err["ctx"]["expected"].replace("'", "")
        elif kind == "string_pattern_mismatch":
            message = f"{where}: {err['input']!r} is not a valid id"
            hint = "use lowercase ASCII letters, digits and hyphens, starting with a letter or digit"
        else:
            found = type(err["input"]).__name__ if kind.endswith("_type") else repr(err["input"])[:60]
            message = f"{where}: {err['msg'].lower()}" + (f", found {found}" if kind.endswith("_type") else "")
        problems.append(Problem(doc.display, line, col, "error", message, hint))
    return problems


def validate_document(doc: Document, model_cls: type) -> tuple[Agency | Statute | None, list[Problem]]:
    """Validate one document against its model class."""
    try:
        return model_cls.model_validate(_plain(doc.data)), []
    except ValidationError as exc:
        return None, schema_problems(doc, model_cls, exc)
