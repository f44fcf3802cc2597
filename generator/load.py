"""Stage 1, load: YAML files -> raw data that remembers where each value came from.

Uses ruamel.yaml's round-trip loader, which keeps line and column of every key and item
(and refuses duplicate keys, which PyYAML accepts silently). Anchors and aliases are
refused: content has no use for them and they open the door to alias bombs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from .errors import Problem

MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass
class Document:
    """One loaded YAML file: its data (ruamel Commented* containers) and where it lives."""

    path: Path
    display: str
    data: Any

    def locate(self, loc: tuple) -> tuple[int, int]:
        """Line and column (1-based) of the value at `loc` (keys and indexes), as near as known."""
        return locate(self.data, loc)


def locate(data: Any, loc: tuple) -> tuple[int, int]:
    node, line, col = data, 1, 1
    if hasattr(node, "lc") and node.lc.line is not None:
        line, col = node.lc.line + 1, node.lc.col + 1
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            kline, kcol = node.lc.key(key)
            line, col = kline + 1, kcol + 1
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            iline, icol = node.lc.item(key)
            line, col = iline + 1, icol + 1
            node = node[key]
        else:
            break
    return line, col


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def display_path(path: Path, root: Path | None = None) -> str:
    try:
        return str(path.resolve().relative_to((root or Path.cwd()).resolve()))
    except ValueError:
        return str(path)


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text (BOM dropped, CRLF folded), or say why it can't be."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(display, 1, 1, "error", f"file is {size} bytes, more than the limit of {MAX_FILE_BYTES}",
                                  "split the content into several files")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 0, 0, "error", f"cannot read file: {exc.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(display, line, col, "error", f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
                              "save the file as UTF-8")]
    return text.removeprefix("\ufeff").replace("\r\n", "\n"), []


def parse_yaml(text: str, display: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text; refuse anchors/aliases; report syntax errors at their mark."""
    yaml = _yaml()
    try:
        for event in yaml.parse(text):
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                return None, [Problem(display, mark.line + 1, mark.column + 1, "error",
                                      "YAML anchors and aliases (&, *) are not allowed in content",
                                      "write the value out in full")]
        return yaml.load(text), []
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        if "duplicate key" in message or "found duplicate key" in str(exc):
            message = "duplicate key " + _duplicate_key(exc)
            return None, [Problem(display, line, col, "error", message, "remove or rename one of the two keys")]
        return None, [Problem(display, line, col, "error", f"YAML syntax: {message}")]
    except YAMLError as exc:
        return None, [Problem(display, 0, 0, "error", f"YAML: {' '.join(str(exc).split())}")]
    except RecursionError:
        return None, [Problem(display, 0, 0, "error", "YAML nested too deeply", "flatten the structure")]


def _duplicate_key(exc: MarkedYAMLError) -> str:
    problem = str(exc.problem or "")
    return problem.split("key", 1)[-1].strip().split(" ")[0] if "key" in problem else ""


def load_document(path: Path, root: Path | None = None) -> tuple[Document | None, list[Problem]]:
    """Load one YAML file into a Document, or return the problems that prevent it."""
    display = display_path(path, root)
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    data, problems = parse_yaml(text, display)
    if problems:
        return None, problems
    if data is None:
        return None, [Problem(display, 1, 1, "error", "file is empty", "an agency or statute file is a YAML mapping")]
    if not isinstance(data, CommentedMap):
        kind = "a list" if isinstance(data, CommentedSeq) else f"a {type(data).__name__}"
        return None, [Problem(display, 1, 1, "error", f"expected a mapping of fields at the top level, found {kind}",
                              "start the file with `name:` (agency) or `title:` (statute)")]
    return Document(path, display, data), []
