"""A fast path to the corpus for content that is valid, which is most builds.

The exact loader (load.py, ruamel.yaml round trip) remembers the line of every value so
that problems can be reported at file:line; on 1,000 agencies it spends most of a minute on
that. Here the files are parsed with libyaml (PyYAML's C parser, YAML 1.2 scalar rules like
ruamel's) and validated with the same model and checks. Only when all of that finds nothing
to say is its corpus used; at the first doubt (a problem of any severity, a duplicate key,
an anchor, a file that does not decode) the exact path runs and reports as it always does.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..cachekey import key as cache_key
from ..cachekey import set_aside
from ..fileio import keep, read_bounded, read_kept
from .checks import CheckMemo
from .corpus import Corpus
from .load import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, list_content, scan_events
from .model import Agency, Statute, shared_text, stamp

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

class _Doubt(Exception):
    """The fast path cannot vouch for this file."""


class Yaml12Loader(_BASE):
    """libyaml with YAML 1.2 core-schema scalars (as ruamel reads them) and no duplicate keys."""

    yaml_implicit_resolvers: dict = {}

    def resolve(self, kind, value, implicit):
        """PyYAML's resolution, answered at once for a quoted scalar or one whose first
        character starts no implicit type (most of a list's values: Chinese text)."""
        if kind is ScalarNode and (not implicit[0] or value and value[0] not in self.yaml_implicit_resolvers):
            return self.DEFAULT_SCALAR_TAG
        return _BASE.resolve(self, kind, value, implicit)

    def construct_mapping(self, node, deep=False):
        _distinct([self.construct_object(key, deep=deep) for key, _ in node.value])
        return super().construct_mapping(node, deep=deep)


def _distinct(keys: list) -> list:
    """The keys of one mapping, none twice (as written: `1` and `"1"` are two), else a doubt."""
    if len(set(map(repr, keys))) != len(keys):
        raise _Doubt("duplicate key")
    return keys


_RESOLVERS = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp",
     r"^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
     r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?)$", "0123456789"),
]
for _tag, _pattern, _first in _RESOLVERS:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _read(path: Path) -> object:
    return _parse(read_bounded(path, MAX_FILE_BYTES), path)


def _parse(raw: bytes, path: Path) -> object:
    if len(raw) > MAX_FILE_BYTES:
        raise _Doubt("too large")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise _Doubt("not UTF-8") from exc
    if not plainly_bounded(text) and scan_events(text, str(path)):
        raise _Doubt("anchors, depth, size or several documents")
    loader = Yaml12Loader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _value(loader, node)
    except (yaml.YAMLError, ValueError, TypeError) as exc:  # e.g. 0849001000: an int to 1.2, not octal
        raise _Doubt("YAML") from exc
    finally:
        loader.dispose()


def plainly_bounded(text: str) -> bool:
    """Whether `text` cannot hold what `scan_events` refuses, read from its characters alone: no
    anchor, alias or tag (no `&`, `*` or `!`), and bounds on its depth and number of values
    within the limits. A block collection nests in another only at a greater column, or at the
    same for a sequence that is a mapping's value, so its depth is at most twice the deepest
    column a line's entries start at (after spaces and the indicators `-`, `?`, `:`), plus one
    for each flow bracket; each value but the first is a sequence's item (a `-`, `,` or `[`) or
    a key or value of a mapping (two for each `:`, `,`, `?` or `{`). Content that may exceed
    a bound is scanned. (A second document is left to libyaml's composer, which refuses it.)"""
    if "&" in text or "*" in text or "!" in text:
        return False
    count = text.count
    flow = count("[") + count("{")
    deepest = (MAX_DEPTH - flow) // 2 - 1  # (the deepest column a line may start its entries at)
    if deepest < 0 or re.search(rf"^[ \t?:-]{{{deepest + 1},}}", text, re.M):
        return False
    return 1 + count("-") + 2 * (count(":") + count(",") + count("?") + flow) <= MAX_NODES


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


def _value(loader: Yaml12Loader, node):
    """What `loader.construct_document(node)` makes of a document of no aliases, made directly
    for its strings, lists and dicts (PyYAML's constructor for any other value): a key twice in
    one mapping is a doubt (`_distinct`, as for `Yaml12Loader.construct_mapping`)."""
    kind = type(node)
    if kind is ScalarNode and node.tag == _STR:
        return shared_text(node.value)
    if kind is SequenceNode and node.tag == _SEQ:
        return [_value(loader, item) for item in node.value]
    if kind is MappingNode and node.tag == _MAP:
        keys = _distinct([_value(loader, key) for key, _ in node.value])
        return dict(zip(keys, [_value(loader, value) for _, value in node.value]))
    return loader.construct_object(node, deep=True)


#: path -> (mtime_ns, size, model): files unchanged since the last load are not parsed again
#: (a preview rebuild after one edit re-reads one file). The models are shared between loads:
#: the corpus is read-only for everything that renders it.
_CACHE: dict[Path, tuple[int, int, object]] = {}


def _model(path: Path, model_cls: type, stored: StoredModels | None = None):
    stat = path.stat()
    cached = _CACHE.get(path)
    if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size) and isinstance(cached[2], model_cls):
        return cached[2]
    raw = read_bounded(path, MAX_FILE_BYTES)
    key = _key(model_cls, path, raw)
    model = stored.get(key) if stored is not None else None
    if not isinstance(model, model_cls):
        try:
            model = model_cls.model_validate(_parse(raw, path))
        except ValidationError as exc:
            raise _Doubt(f"{path}: schema") from exc
        stamp(model, "\0".join(key))
    if stored is not None:
        stored.keep(key, model)
    _CACHE[path] = (stat.st_mtime_ns, stat.st_size, model)
    return model


def _key(model_cls: type, path: Path, raw: bytes) -> tuple:
    """A model's key in the store: two files of the same bytes are two models."""
    return (model_cls.__name__, path.name, hashlib.sha256(raw).hexdigest())


class StoredModels:
    """Models validated by an earlier run, by their file's name and the SHA-256 of its bytes, kept in the
    user's private cache folder, one file a model: a build after one edit parses, validates and
    writes one file. The store is keyed by the content folder and quanze's toolchain (`cachekey`:
    its code, vocabulary included, and the versions of Python and pydantic), so a changed model
    never meets an old pickle; it holds the models of the last load of one content folder."""

    def __init__(self, content_dir: Path) -> None:
        from ..fileio import user_cache_dir

        folder = user_cache_dir("models")
        self.folder = folder / _store_key(content_dir) if folder else None
        self.kept: dict = {}
        self.files: set[str] = set()
        if self.folder is not None:
            try:
                self.folder.mkdir(mode=0o700, exist_ok=True)
                self.files = {entry.name for entry in os.scandir(self.folder) if entry.name.endswith(".pickle")}
            except OSError as exc:
                set_aside(f"{self.folder}: {exc.strerror or exc}")
                self.folder = None

    @property
    def found(self) -> bool:
        """Whether the store holds models of an earlier load."""
        return bool(self.files)

    def get(self, key: tuple):
        name = _file_name(key)
        if self.folder is None or name not in self.files:
            return None
        found = read_kept(self.folder / name)
        if isinstance(found, tuple) and len(found) == 2 and found[0] == key:
            return found[1]
        self.files.discard(name)  # (written anew)
        return None

    def keep(self, key: tuple, model) -> None:
        self.kept[key] = model

    def write_kept(self) -> None:
        """Write the models kept so far that the store does not have yet."""
        if self.folder is None:
            return
        for key, model in self.kept.items():
            if (name := _file_name(key)) not in self.files:
                keep(self.folder / name, (key, model))
                self.files.add(name)

    def written(self, key: tuple, model) -> None:
        """Keep a model that another process wrote into the store."""
        self.kept[key] = model
        self.files.add(_file_name(key))

    def save(self) -> None:
        """Write the models not in the store yet; remove those no file has any more."""
        if self.folder is None:
            return
        self.write_kept()
        names = {_file_name(key) for key in self.kept}
        try:
            for name in self.files - names:
                (self.folder / name).unlink(missing_ok=True)
        except OSError as exc:  # a read-only cache folder costs room, not correctness
            set_aside(str(exc))


def _file_name(key: tuple) -> str:
    return hashlib.sha256("\0".join(key).encode("utf-8", "surrogateescape")).hexdigest()[:40] + ".pickle"


def _store_key(content_dir: Path) -> str:
    return cache_key("models", str(Path(content_dir).resolve()))[:32]


#: Below this many files to parse, one process parses them all (a second one costs more than it saves).
PARALLEL_FROM = 200


def _parsed_beside(files, models: dict, stored: StoredModels) -> dict:
    """On a first load (an empty store) of many files, the second half of them parsed, validated
    and written into the store in a forked process while this one does the first half; {} when there are few,
    the store holds models already, or this process cannot fork safely (threads running). A
    doubt there raises here, as one here would."""
    from ..processes import Workers, fork_is_safe

    if stored.found or len(files) < PARALLEL_FROM or not fork_is_safe():
        return {}
    todo = [(file.path.resolve(), file.kind) for file in files]
    here = len(todo) * 9 // 20  # (a little less than half: this process then reads the other's models)
    with Workers(1) as worker:
        future = worker.submit(_parse_files, todo[here:], models, stored.folder)
        for path, kind in todo[:here]:
            _model(path, models[kind], stored)  # (here: kept in _CACHE and the store as usual)
        stored.write_kept()  # (while the other half is parsed)
        found = future.result()
    if found is None:
        raise _Doubt("a file parsed beside")
    return {path: (stat, key, _unpickled(stored, key, data, written))
            for path, (stat, key, data, written) in found.items()}


def _unpickled(stored: StoredModels, key: tuple, data: bytes, written: bool):
    """A model parsed beside, from the pickle that process wrote into the store (or, when it
    could not, that this one writes with the others)."""
    import pickle

    model = pickle.loads(data)[1]
    if written:
        stored.written(key, model)
    return model


def plain_model(path: Path, model_cls: type):
    """The model of one file when this path reads it without a doubt (`_model`: libyaml, the
    model's validation), else None: the exact loader then reads it with the lines of its values.
    The model is the one the exact loader would make of the file, which has nothing to report."""
    try:
        return _model(path.resolve(), model_cls)
    except (_Doubt, OSError, RecursionError):
        return None


def _parse_files(todo: list, models: dict, folder: Path | None) -> dict | None:
    """In a forked process: path -> ((mtime, size), store key, the pickle of (key, model), whether
    it was written into the store's `folder`) for each file; or None at the first doubt."""
    import pickle

    from ..fileio import WriteError, write_atomic

    out = {}
    for path, kind in todo:
        try:
            stat = path.stat()
            raw = read_bounded(path, MAX_FILE_BYTES)
            model = models[kind].model_validate(_parse(raw, path))
        except (_Doubt, OSError, RecursionError, ValidationError):
            return None
        key = _key(models[kind], path, raw)
        stamp(model, "\0".join(key))
        data = pickle.dumps((key, model), protocol=pickle.HIGHEST_PROTOCOL)
        if folder is not None:
            try:
                write_atomic(folder / _file_name(key), data, durable=False)
            except WriteError:  # (the build's process writes the rest, and says what went wrong)
                folder = None
        out[path] = ((stat.st_mtime_ns, stat.st_size), key, data, folder is not None)
    return out


def fast_corpus(content_dir: Path) -> Corpus | None:
    """The corpus when the fast path finds nothing to report, else None."""
    files, problems = list_content(content_dir)
    if problems:
        return None
    models = {"agencies": Agency, "statutes": Statute}
    loaded: dict[str, dict] = {"agencies": {}, "statutes": {}}
    # a process that loaded this content before (a preview server) has every unchanged file's
    # model at hand: the store is for a new process, and is not read and written after each edit
    known = any(file.path.resolve() in _CACHE for file in files[:1])
    stored = None if known else StoredModels(content_dir)
    try:
        beside = _parsed_beside(files, models, stored) if stored is not None else {}
        for file in files:
            path = file.path.resolve()
            if path in beside:
                stat, key, model = beside[path]
                stored.keep(key, model)
                _CACHE[path] = (*stat, model)
            loaded[file.kind][file.id] = _model(path, models[file.kind], stored)
    except (_Doubt, OSError, RecursionError):
        return None
    if stored is not None:
        stored.save()
    agencies, statutes = loaded["agencies"], loaded["statutes"]
    corpus = Corpus(agencies, statutes, {}, project=Path(content_dir).resolve().parent)
    if (_MEMO.problems(corpus) if known else _problem_found(corpus, content_dir)):
        return None  # (only whether there is a problem counts here: the exact path reports them)
    return corpus


def _problem_found(corpus: Corpus, content_dir: Path) -> bool:
    """Whether `check_corpus(corpus)` finds any problem. The checks across agencies run every
    time; those that read one agency at a time (`PER_AGENCY`) run on each agency not found clean
    by an earlier load with statutes of the same digests (on a first load of many, this process
    and a fork share the work): the digests of the agencies found clean are kept in the user's
    cache, by a key of the statutes' digests and quanze's toolchain."""
    import json

    from ..fileio import user_store_dir
    from ..processes import in_forks
    from .checks import CHECKS, PER_AGENCY

    folder = user_store_dir("checks", str(Path(content_dir).resolve()))
    path = folder / "clean.pickle" if folder is not None else None
    statutes = cache_key("checks", json.dumps(sorted((sid, statute.digest) for sid, statute in corpus.statutes.items())))
    kept = read_kept(path)
    clean = kept[1] if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == statutes \
        and isinstance(kept[1], frozenset) else frozenset()
    across = [check for check in CHECKS if check not in PER_AGENCY]
    unchecked = [agency_id for agency_id, agency in corpus.agencies.items() if getattr(agency, "digest", None) not in clean]

    def found_in(item) -> bool:  # (a check across agencies, or the agency of this id)
        if not isinstance(item, str):
            return next(iter(item(corpus)), None) is not None
        alone = Corpus({item: corpus.agencies[item]}, corpus.statutes, {}, project=corpus.project)
        return any(next(iter(check(alone)), None) is not None for check in PER_AGENCY)
    if any(in_forks(found_in, [*across, *unchecked], 2)):  # (a first load's thousands: some in a fork)
        return True
    found = frozenset(digest for agency in corpus.agencies.values() if (digest := getattr(agency, "digest", None)))
    if found != clean:
        keep(path, (statutes, found))
    return False


#: The per-agency checks' findings of a process that loads the same content again (a preview).
_MEMO = CheckMemo()
