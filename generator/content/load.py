"""Stage 1, load: YAML files -> raw data that remembers where each value came from.

Uses ruamel.yaml's round-trip loader, which keeps line and column of every key and item
(and refuses duplicate keys, which PyYAML accepts silently). Anchors and aliases are
refused: content has no use for them and they open the door to alias bombs.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import Problem
from ..escape import for_terminal
from ..fileio import NotARegularFile, kind_of, read_bounded
from ..i18n import N_, _

MAX_FILE_BYTES = 5 * 1024 * 1024
#: Deepest nesting of mappings and lists allowed (content needs five or six levels).
MAX_DEPTH = 32
#: Most values (scalars, mappings, lists) in one file: past this the round-trip parser is slow. A
#: list of 1,000 powers (a county's market regulation bureau) holds about 100,000 in 4 MB; a file
#: within MAX_FILE_BYTES holds a quarter of this at most unless its values are a few bytes each.
MAX_NODES = 400_000

_START_HINT = N_("an agency file starts with `name:`, a statute or catalogue file with `title:`")

_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """One loaded YAML file: its data (ruamel Commented* containers) and where it lives."""

    path: Path
    display: str
    data: Any

    def locate(self, loc: tuple) -> tuple[int, int]:
        """Line and column (1-based) of the value at `loc` (keys and indexes), as near as known."""
        return locate(self.data, loc)


class LinesOnDemand(Document):
    """A file read without the lines of its values (`fastload.plain_model`: nothing in it to
    report), loaded with them (`load_document`) the first time `data` is asked for: to place a
    problem found across files, or by a command that reads it as written. Its lines are those of
    the file as it is then; a file that no longer loads has no data (a problem is put at line 1)."""

    def __init__(self, path: Path, display: str) -> None:  # (not the dataclass's: `data` comes later)
        self.path, self.display = path, display
        self._data: Any = None
        self._loaded = False

    @property
    def data(self) -> Any:
        if not self._loaded:
            document, _problems = load_document(self.path)
            self._data, self._loaded = (document.data if document is not None else None), True
        return self._data


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


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that reads what only looks like a date or number (2021-13-45,
    -_, 0x_) as the text written, where ruamel would fail."""

    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except (ValueError, IndexError, OverflowError):
            return self.construct_scalar(node)

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except (ValueError, IndexError):
            return self.construct_scalar(node)

    def construct_yaml_float(self, node):
        try:
            return super().construct_yaml_float(node)
        except (ValueError, IndexError):
            return self.construct_scalar(node)


for _tag, _method in (("timestamp", _Constructor.construct_yaml_timestamp), ("int", _Constructor.construct_yaml_int),
                      ("float", _Constructor.construct_yaml_float)):
    _Constructor.add_constructor(f"tag:yaml.org,2002:{_tag}", _method)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as messages show it: relative to `root` (default: the current folder) when
    inside it, on one line whatever characters the file name holds."""
    return _display_in(path.parent.resolve(), path, (root or Path.cwd()).resolve())


def _display_in(folder: Path, path: Path, root: Path) -> str:
    """`display_path` of `path`, whose folder resolves to `folder`, with `root` resolved (a
    folder's files shown without resolving the folder again for each)."""
    try:  # the folder resolved, not the name: a link is shown where it is, not where it points
        text = str((folder / path.name).relative_to(root))
    except ValueError:
        text = str(path)
    return for_terminal(text)


def read_text(path: Path, display: str, limit: int = MAX_FILE_BYTES) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text (BOM dropped, CRLF folded), or say why it can't be: a file
    larger than `limit`, one that is not a regular file, one that does not decode."""
    try:
        raw = read_bounded(path, limit)
    except NotARegularFile as exc:
        return None, [Problem(display, 0, 0, "error",
                              _("cannot read file: {why}").format(why=str(exc).rsplit(": ", 1)[-1]),
                              _("content files are plain YAML files; remove it or replace it with the file itself"))]
    except OSError as exc:
        return None, [Problem(display, 0, 0, "error", _("cannot read file: {why}").format(why=exc.strerror or exc))]
    if len(raw) > limit:
        size = os.stat(path).st_size
        return None, [Problem(display, 1, 1, "error",
                              _("file is {size} bytes, more than the limit of {limit}").format(size=size, limit=limit),
                              _("split the content into several files"))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw[: exc.start].count(b"\n") + 1
        col = len(raw[line_start: exc.start].decode("utf-8", errors="replace")) + 1
        return None, [Problem(display, line, col, "error",
                              _("not UTF-8: byte 0x{byte:02x} cannot be decoded").format(byte=raw[exc.start]),
                              _("save the file as UTF-8"))]
    return text.removeprefix("\ufeff").replace("\r\n", "\n"), []


def scan_events(text: str, display: str) -> list[Problem]:
    """Refuse, before the round-trip parse builds anything: anchors/aliases, tags, deep
    nesting, too many values, several documents. libyaml's event parser is fast; where it
    stops on a syntax error, ruamel's events are scanned instead (the two differ on a few
    corner cases), and a syntax error there is left to the round-trip parser to report."""
    try:
        return _refusals(yaml.parse(text, Loader=_FastLoader), display)
    except yaml.YAMLError:
        pass
    try:
        return _refusals(_yaml().parse(text), display)
    except YAMLError:
        return []


def _refusals(events, display: str) -> list[Problem]:
    depth = nodes = documents = 0
    for event in events:
        kind = type(event).__name__
        mark = event.start_mark
        where = (display, mark.line + 1, mark.column + 1, "error")
        if kind == "AliasEvent" or getattr(event, "anchor", None):
            return [Problem(*where, _("YAML anchors and aliases (&, *) are not allowed in content"),
                            _("write the value out in full"))]
        if getattr(event, "tag", None) and not (kind == "ScalarEvent" and _implicit(event)):
            tag = str(getattr(event.tag, "value", event.tag)).replace("tag:yaml.org,2002:", "!!")
            return [Problem(*where, _("YAML tags ({tag}) are not allowed in content").format(tag=tag),
                            _("remove the tag; quote the value if it must stay text"))]
        if kind == "DocumentStartEvent":
            documents += 1
            if documents > 1:
                return [Problem(*where, _("a second YAML document (---) in one file"),
                                _("keep one agency or statute per file"))]
        if kind in ("MappingStartEvent", "SequenceStartEvent"):
            depth += 1
            if depth > MAX_DEPTH:
                return [Problem(*where, _("nested more than {depth} levels deep").format(depth=MAX_DEPTH),
                                _("content needs a few levels: check the indentation and brackets"))]
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            depth -= 1
        if kind in ("ScalarEvent", "MappingStartEvent", "SequenceStartEvent"):
            nodes += 1
            if nodes > MAX_NODES:
                return [Problem(*where, _("more than {nodes} values in one file").format(nodes=MAX_NODES),
                                _("split the content into several files"))]
    return []


def _implicit(event) -> bool:
    """ruamel gives plain scalars a tag object without a value; libyaml gives None."""
    tag = event.tag
    return getattr(tag, "value", tag) is None


def _tab_problem(text: str, display: str, line: int) -> Problem | None:
    """A clear message for tabs, which YAML forbids in indentation."""
    lines = text.split("\n")
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = here[: len(here) - len(here.lstrip(" \t"))]
    if "\t" not in indent:
        return None
    return Problem(display, line, indent.index("\t") + 1, "error",
                   _("tab character in indentation: YAML allows only spaces there"),
                   _("replace the tab with spaces, two per level"))


def parse_yaml(text: str, display: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text; refuse anchors/aliases, deep nesting and huge files; report syntax
    errors at their mark."""
    problems = scan_events(text, display)
    if problems:
        return None, problems
    try:
        return _yaml().load(text), []
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        if "duplicate key" in message or "found duplicate key" in str(exc):
            message = _("duplicate key {key}").format(key=" ".join(_duplicate_key(exc).split()))
            return None, [Problem(display, line, col, "error", message, _("remove or rename one of the two keys"))]
        if "\\t" in message:
            tab = _tab_problem(text, display, line)
            if tab:
                return None, [tab]
        return None, [Problem(display, line, col, "error", _("YAML syntax: {message}").format(message=message),
                              _syntax_hint(message))]
    except YAMLError as exc:
        return None, [Problem(display, 0, 0, "error", f"YAML: {' '.join(str(exc).split())}")]
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:  # a value ruamel cannot construct
        return None, [Problem(display, 0, 0, "error", _("YAML value cannot be read: {why}").format(why=exc),
                              _("quote values that should be read as text"))]
    except RecursionError:
        return None, [Problem(display, 0, 0, "error", _("nested more than {depth} levels deep").format(depth=MAX_DEPTH),
                              _("content needs a few levels: check the indentation and brackets"))]


def _syntax_hint(message: str) -> str | None:
    if "mapping values are not allowed" in message:
        return _("quote a value that contains \": \", e.g. name: \"a: b\"")
    if "could not find expected ':'" in message or "simple key" in message:
        return _("each field is `key: value`; check the line above for a missing colon or quote")
    if "expected ',' or ']'" in message or "expected ',' or '}'" in message:
        return _("a bracket opened above is not closed, or a value in it needs quotes")
    if "end of stream" in message or "stream end" in message:
        return _("a quote or bracket is not closed")
    return None


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
        return None, [Problem(display, 1, 1, "error", _("file is empty"), _(_START_HINT))]
    if not isinstance(data, CommentedMap):
        kind = _("a list") if isinstance(data, CommentedSeq) else _("text") if isinstance(data, str) \
            else _("a number or date")
        return None, [Problem(display, 1, 1, "error",
                              _("expected a mapping of fields at the top level, found {kind}").format(kind=kind),
                              _(_START_HINT))]
    return Document(path, display, data), []


# --- which files are content ---------------------------------------------------------------

CONTENT_KINDS = ("agencies", "statutes")
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class ContentFile:
    """One file of content: its kind (agencies, statutes), its id (the file name stem), its path."""

    kind: str
    id: str
    path: Path
    display: str


def list_content(content_dir: Path, root: Path | None = None,
                 kinds: tuple[str, ...] = CONTENT_KINDS) -> tuple[list[ContentFile], list[Problem]]:
    """The content files under `content_dir`, by kind then id, and the problems with the others.

    This is the one answer to "which files are content", for check, build, serve, fmt,
    registry update and shards alike: `.yaml` and `.yml` files of `agencies/` and
    `statutes/`, each a regular file (no FIFO, device or folder), a symbolic link only when
    it stays inside the project (the folder holding `content_dir`); two files with one id
    are an error; anything else in those folders is named and ignored. `kinds` names other
    folders read the same way (`catalogues`, read by `catalogue.read_catalogues`).
    """
    content_dir = Path(content_dir)
    project = content_dir.resolve().parent
    files: list[ContentFile] = []
    problems: list[Problem] = []
    for kind in kinds:
        found, trouble = _list_kind(content_dir / kind, kind, project, root)
        files += found
        problems += trouble
    return files, problems


def _list_kind(folder: Path, kind: str, project: Path, root: Path | None) -> tuple[list[ContentFile], list[Problem]]:
    files, problems, ids = [], [], {}
    try:
        entries = sorted(folder.iterdir()) if folder.is_dir() else []
    except OSError as exc:
        return [], [Problem(display_path(folder, root), 0, 0, "error",
                            _("cannot list folder: {why}").format(why=exc.strerror or exc))]
    resolved, shown_from = folder.resolve(), (root or Path.cwd()).resolve()
    for path in entries:
        if path.name.startswith(".") and path.suffix not in YAML_SUFFIXES:
            continue  # .gitkeep, .DS_Store
        display = _display_in(resolved, path, shown_from)
        if path.suffix not in YAML_SUFFIXES:
            what = _("a folder: ignored") if path.is_dir() else _("not a YAML file: ignored")
            problems.append(Problem(display, 0, 0, "warning", what,
                                    _("content files end in .yaml; move other files out of content/")))
            continue
        refusal = _refusal(path, project)
        if refusal:
            problems.append(Problem(display, 0, 0, "error", refusal[0], refusal[1]))
            continue
        if path.stem in ids:
            problems.append(Problem(display, 0, 0, "error",
                                    _('same id "{id}" as {other}').format(id=path.stem, other=ids[path.stem]),
                                    _("the file name is the id: keep one of the two files")))
            continue
        ids[path.stem] = display
        files.append(ContentFile(kind, path.stem, path, display))
    return files, problems


def _refusal(path: Path, project: Path) -> tuple[str, str] | None:
    """Why `path` cannot be read as content (message, hint), or None."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve(strict=True)
            if not target.is_relative_to(project):
                return (_("symbolic link to a file outside the project"),
                        _("copy the file into content/ instead of linking to it"))
            info = os.stat(target)
    except (OSError, RuntimeError) as exc:  # a dangling link, a loop of links
        return (_("cannot read file: {why}").format(why=getattr(exc, "strerror", None) or _("broken symbolic link")),
                _("remove the link or point it at a file of the project"))
    if not stat.S_ISREG(info.st_mode):
        return (_("{kind}, not a regular file").format(kind=kind_of(info.st_mode)),
                _("content files are plain YAML files; remove it or replace it with the file itself"))

    return None
