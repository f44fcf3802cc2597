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
from ..i18n import N_, _
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
    return out or _("(top level)")



#: Published wordings of administrative levels.
_TERM_ALIASES = {"区级": "县级", "县区级": "县级", "旗级": "县级", "县（区）级": "县级", "地市级": "市级", "州级": "市级",
                 "盟级": "市级", "自治区级": "省级", "直辖市级": "省级"}

_TYPE_NAMES = {"date": N_("a date"), "datetime": N_("a date"), "str": N_("text"), "int": N_("a number"), "float": N_("a number"), "bool": N_("true/false"), "NoneType": N_("nothing"),
               "dict": N_("a mapping"), "CommentedMap": N_("a mapping"), "list": N_("a list"), "CommentedSeq": N_("a list")}

_EXPECTED = {
    "string_type": N_("text"), "int_type": N_("a whole number"), "int_parsing": N_("a whole number"),
    "int_from_float": N_("a whole number"), "list_type": N_("a list"), "model_type": N_("a mapping of fields"),
    "dict_type": N_("a mapping of fields"), "bool_type": N_("true or false"),
}

#: Fields with a pattern other than an id's: what the value should be, and how to write it.
_PATTERNS = {
    "website": (N_("is not an http(s) address"), N_("write the whole address, starting with https:// or http://")),
    "guide_url": (N_("is not an http(s) address"),
                  N_("write the whole address of the 办事指南 page, starting with https:// or http://")),
    "phone": (N_("is not a phone number"), N_("write digits, spaces, hyphens, parentheses, + and 转 (extension) "
                                              "only, e.g. 0951-5021234转8; separate several numbers with 、")),
    "complaint_phone": (N_("is not a phone number"), N_("write digits, spaces, hyphens, parentheses, + and 转 "
                                                        "(extension) only, e.g. 12393")),
    "service_code": (N_("is not an implementation code (实施编码)"), N_("write the 6 to 64 letters and digits as "
                     "the government service platform prints them, without spaces")),
    "field": (N_("is not a text a correction can mark"), N_("write `name`, or `basis[N].title` for the statute "
                                                            "title of citation N (counted from 0)")),
}

#: The fields of a closed vocabulary, as `unknown category "…"` names them.
_TERMS = {"category": N_("category"), "level": N_("level"), "admin level": N_("admin level"), "kind": N_("kind"),
          "status": N_("status"), "value": N_("value")}

_SHAPE_HINTS = {
    "list_type": N_("write each entry on its own line starting with `- `"),
    "model_type": N_("write `key: value` fields indented under this entry"),
    "string_type": N_("put the value in quotes"),
}


def shown(value: Any, width: int = 60) -> str:
    """A value as a message quotes it: one line, control characters escaped, long text cut."""
    text = str(value)
    text = "".join(c if c.isprintable() or c == "\u3000" else repr(c)[1:-1] for c in text[: width + 1])
    return text if len(text) <= width else text[:width] + "…"


def _found(value: Any) -> str:
    name = type(value).__name__
    return _(_TYPE_NAMES[name]) if name in _TYPE_NAMES else name


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
        return _("unknown field"), (_('did you mean "{name}"?').format(name=close[0]) if close
                                    else _("allowed: ") + ", ".join(allowed))
    if kind == "missing":
        return _("required field is missing"), _("add `{field}:` with a value").format(field=loc[-1])
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", err["ctx"]["expected"])
        named = next((part for part in reversed(loc) if isinstance(part, str)), "value")  # levels[0] -> levels
        term = named.replace("_", " ")
        if value in ("", None):
            return _("is empty"), _("write one of ") + ", ".join(choices)
        close = suggest_term(value, choices)
        hint = _('did you mean "{term}"?').format(term=close) if close else _("expected one of ") + ", ".join(choices)
        return _('unknown {term} "{value}"').format(term=_(_TERMS[term]) if term in _TERMS else term,
                                                      value=shown(value)), hint
    if kind == "string_pattern_mismatch" and loc and loc[-1] in _PATTERNS:
        message, hint = _PATTERNS[str(loc[-1])]
        return _('"{value}" {why}').format(value=shown(value), why=_(message)), _(hint)
    if kind == "string_pattern_mismatch":
        return (_('"{value}" is not a valid id').format(value=shown(value)),
                _('use lowercase ASCII letters, digits and hyphens, e.g. "{id}"').format(id=suggest_id(value)))
    if kind == "string_too_short":
        return _("is empty"), _("write the value")
    if kind in ("greater_than_equal", "greater_than"):
        return _("must be 1 or more, found {value}").format(value=shown(value)), None
    if kind in ("less_than_equal", "less_than"):
        limit = err.get("ctx", {}).get("le", err.get("ctx", {}).get("lt"))
        return (_("must be {limit} or less, found {value}").format(limit=limit, value=shown(value)),
                _("article, paragraph and item numbers are as printed: 第八十七条 is 87"))
    if kind in ("int_parsing", "int_type") and isinstance(value, str) and _number(value):
        return _("expected a whole number, found text"), _("write {number}").format(number=_number(value))
    if kind.startswith(("date_", "datetime_")):
        return (_('input should be a valid date, found "{value}"').format(value=shown(value)),
                _("write the date as YYYY-MM-DD, e.g. 2024-03-01"))
    if kind in _EXPECTED:

        hint = _SHAPE_HINTS.get(kind)
        return (_("expected {what}, found {found}").format(what=_(_EXPECTED[kind]), found=_found(value)),
                _(hint) if hint else None)

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
