"""`quanze fmt`: rewrite content YAML in the canonical order and style, comments kept.

The canonical form is `dump.dump`'s: fields in model order (unknown fields last, kept),
long texts as block scalars, the yaml-language-server modeline on the first line.
Every value is kept exactly; files that don't load are refused, and then nothing is written.
Comments are kept: an end-of-line comment stays on its line; a comment on a line of its own
belongs (as ruamel.yaml reads it) to the field above it, and moves with that field.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..content.catalogue import KIND as CATALOGUES
from ..content.catalogue import Catalogue
from ..content.dump import dump
from ..content.load import (
    CONTENT_KINDS,
    MAX_FILE_BYTES,
    YAML_SUFFIXES,
    Document,
    display_path,
    list_content,
    load_document,
)
from ..content.model import Agency, Statute
from ..content.validate import shown
from ..errors import ContentError, Problem, QuanzeError
from ..fileio import read_bounded, write_atomic
from ..i18n import _
from .schema import MODELINE

_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KIND_FOLDERS = {"agencies": "agency", "statutes": "statute", CATALOGUES: "catalogue"}
MODELS = {"agency": Agency, "statute": Statute, "catalogue": Catalogue}
_KINDS = (*CONTENT_KINDS, CATALOGUES)


def yaml_files(paths: list[Path]) -> list[Path]:
    """The YAML files named, or the content files of the folders named (content/,
    content/agencies ...: as `list_content` finds them, so links leaving the project, FIFOs
    and devices are refused), or the regular YAML files under any other folder."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in map(Path, paths):
        if path.is_dir():
            found, trouble = _folder_files(path)
            files += found
            problems += [p for p in trouble if p.severity == "error"]
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            raise QuanzeError(_("{path}: no such file or folder").format(path=path))
    if problems:
        raise ContentError(problems)
    return list(dict.fromkeys(files))


def _folder_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    if any((folder / kind).is_dir() for kind in _KINDS):
        found, problems = list_content(folder, kinds=_KINDS)
        return [f.path for f in found], problems
    if folder.name in _KINDS:
        found, problems = list_content(folder.parent, kinds=_KINDS)
        return [f.path for f in found if f.kind == folder.name], [p for p in problems if
                                                                  p.path.startswith(display_path(folder))]
    return sorted(p for p in folder.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file() and not p.is_symlink()), []


def kind_of(doc: Document) -> str:
    """agency, statute or catalogue: from the folder (agencies/, statutes/, catalogues/), else from
    the fields present."""
    folder = KIND_FOLDERS.get(doc.path.parent.name)
    if folder:
        return folder
    if isinstance(doc.data, dict) and "items" in doc.data and "powers" not in doc.data:
        return "catalogue"
    return "statute" if "articles" in doc.data or "aliases" in doc.data or "level" in doc.data else "agency"


def formatted(doc: Document, text: str) -> str:
    """The canonical text of a loaded document."""
    kind = kind_of(doc)
    modeline = MODELINE.format(kind=kind)
    header = None if _leading_comments(text).count(modeline) else modeline
    _block_style(doc.data)
    return dump(doc.data, MODELS[kind], header=header)


def _block_style(data: Any) -> None:
    """Write every `{...}` and `[...]` as block mappings and lists: ruamel.yaml cannot write a
    comment inside a flow collection back (it would be dropped), and in block style each
    comment keeps its line."""
    if isinstance(data, (CommentedMap, CommentedSeq)):
        data.fa.set_block_style()
        for value in data.values() if isinstance(data, CommentedMap) else data:
            _block_style(value)


def _leading_comments(text: str) -> str:
    lines = []
    for line in text.removeprefix("\ufeff").splitlines():
        if not line.startswith("#") and line.strip():
            break
        lines.append(line)
    return "\n".join(lines)


def format_paths(paths: list[Path], check: bool = False) -> list[Path]:
    """Format files in place (or, with `check`, only find them); return those that change."""
    loaded: list[tuple[Path, str, str]] = []
    problems: list[Problem] = []
    for path in yaml_files(paths):
        doc, found = load_document(path)
        problems += found
        if doc is not None:
            text = stored_text(path)  # as stored: a BOM or CRLF is a change
            new = formatted(doc, text)
            problems += lost_comments(text, new, doc.display)
            loaded.append((path, text, new))
    if problems:
        raise ContentError(problems)
    changed = [(path, new) for path, old, new in loaded if new != old]
    if not check:
        for path, new in changed:
            write_atomic(path, new)
    return [path for path, _ in changed]


def stored_text(path: Path) -> str:
    """The text of a file that loaded, exactly as stored (a BOM or CRLF kept)."""
    return read_bounded(path, MAX_FILE_BYTES).decode("utf-8")


def comments(text: str) -> list[tuple[int, int, str]]:
    """(line, column, text) of every comment of a YAML text: each `#` that starts a comment, found by
    the scanner (a `#` inside a quoted or block scalar is text)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    scalars = []
    try:
        for token in yaml.scan(text, Loader=_FastLoader):
            if isinstance(token, yaml.ScalarToken):
                scalars.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        return []
    begins = [begin for begin, _ in scalars]
    found, starts = [], 0
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        for match in _COMMENT.finditer(line):
            at = starts + match.start(1)
            inside = bisect.bisect_right(begins, at) - 1  # the last scalar starting at or before `at`
            if inside < 0 or at >= scalars[inside][1]:
                found.append((number, match.start(1) + 1, line[match.start(1):].rstrip()))
                break
        starts += len(line) + 1
    return found


_COMMENT = re.compile(r"(?:^|[ \t])(#)")


def lost_comments(old: str, new: str, display: str) -> list[Problem]:
    """A problem for each comment of `old` that `new` would not keep: fmt never drops one silently."""
    kept = Counter(text for _, _, text in comments(new))
    problems = []
    for line, column, text in comments(old):
        if kept[text]:
            kept[text] -= 1
            continue
        problems.append(Problem(display, line, column, "error", _("fmt cannot keep the comment {comment}: ruamel.yaml drops comments inside {{...}} and "
                                  "[...]").format(comment=shown(text)),
                                _("write the mapping or list in block style (one item a line), or move the "
                                  "comment to a line of its own above the field; then run fmt again")))
    return problems
