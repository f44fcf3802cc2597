"""Canonical YAML output: fields in model order, long texts as block scalars.

Used by importers (new files) and `quanze fmt` (existing files), so that every file in
content/ has one shape and diffs stay small.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString

from .model import Adjustment, Agency, Article, ArticleText, Citation, Edition, Power, Responsibility, Statute

#: Texts longer than this (or with a newline) are written as `|` block scalars.
BLOCK_THRESHOLD = 80

#: Model class of the mapping found under each field name.
CHILD_MODELS: dict[tuple[type, str], type] = {
    (Agency, "powers"): Power,
    (Agency, "editions"): Edition,
    (Edition, "powers"): Power,
    (Agency, "adjustments"): Adjustment,
    (Power, "basis"): Citation,
    (Power, "responsibilities"): Responsibility,
    (Statute, "articles"): Article,
    (Article, "texts"): ArticleText,
}


#: Characters a plain, quoted or block scalar cannot carry as they are: written escaped in "...".
_ESCAPE_ONLY = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _scalar(value: Any) -> Any:
    if isinstance(value, str):
        if _block_with_comment(value) and not _ESCAPE_ONLY.search(value):
            return value  # `|  # comment`: restyled, the comment after the indicator would be lost
        if _ESCAPE_ONLY.search(value):
            return DoubleQuotedScalarString(value)
        if "\n" in value or len(value) > BLOCK_THRESHOLD:
            if value != value.strip() or "\t" in value:
                return DoubleQuotedScalarString(value)
            return LiteralScalarString(value)
    return value


def _block_with_comment(value: str) -> bool:
    return isinstance(value, (LiteralScalarString, FoldedScalarString)) and bool(getattr(value, "comment", None))


def canonical(data: Any, model_cls: type | None) -> Any:
    """Reorder a mapping (recursively) into the model's field order; unknown keys last, kept."""
    if isinstance(data, dict) and model_cls is not None:
        out = CommentedMap()
        fields = list(model_cls.model_fields)
        keys = [k for k in fields if k in data] + [k for k in data if k not in fields]
        for key in keys:
            child = CHILD_MODELS.get((model_cls, key))
            out[key] = canonical(data[key], child)
        _copy_comments(data, out)
        return out
    if isinstance(data, list):
        seq = CommentedSeq(canonical(v, model_cls) for v in data)
        _copy_comments(data, seq)
        return seq
    return _scalar(data)


def _copy_comments(src: Any, dst: Any) -> None:
    if hasattr(src, "ca") and hasattr(dst, "ca"):
        dst.ca.comment = src.ca.comment
        dst.ca.items.update(src.ca.items)
        if getattr(src.ca, "end", None):
            dst.ca.end = src.ca.end


def yaml_writer() -> YAML:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.preserve_quotes = False
    return yaml


def dump(data: Any, model_cls: type, header: str | None = None) -> str:
    """Canonical YAML text of an agency or statute mapping."""
    stream = io.StringIO()
    if header:
        stream.write(header.rstrip("\n") + "\n")
    yaml_writer().dump(canonical(data, model_cls), stream)
    return stream.getvalue()
