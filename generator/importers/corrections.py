"""Hand corrections to imported lists, kept as diffs so that an import can be redone.

`sources/index.yaml` names the published list (and its format) of every agency. The
content file `content/agencies/<id>.yaml` is the import of that list plus the editors'
corrections; `sources/corrections/<id>.diff` is the unified diff between the two.

    python -m generator.importers.corrections record [ID ...]  # content file -> diff
    python -m generator.importers.corrections apply [ID ...]   # fresh import + diff -> content file
    python -m generator.importers.corrections check [ID ...]   # the diff is exactly the difference

`apply` is how content files are regenerated when the importer or the statute registry
changes (new statute ids): the fresh import is patched with the recorded corrections.
Without ids every agency in the index is processed.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..content.checks import unsafe_name
from ..content.load import display_path, parse_yaml, read_text
from ..errors import ContentError, QuanzeError
from ..escape import for_terminal
from ..fileio import write_atomic
from ..i18n import _

INDEX = Path("sources/index.yaml")
CORRECTIONS = Path("sources/corrections")
AGENCIES = Path("content/agencies")


@dataclass(frozen=True)
class Entry:
    """One agency of the index: where its list is and how to read it."""

    agency_id: str
    source: Path
    format: str


def project_root() -> Path:
    """The working directory when it holds sources/index.yaml; a project without one (as `quanze
    init` makes it) is told what to create; outside any project, quanze's own checkout."""
    here, checkout = Path.cwd(), Path(__file__).resolve().parents[2]
    if (here / INDEX).exists():
        return here
    if (here / AGENCIES).is_dir():
        raise QuanzeError(_("{index} does not exist: create it, naming each agency's published list in "
                            "sources/ (e.g. `my-agency: {{source: 清单.docx, format: auto}}`), then record the "
                            "corrections with `python -m generator.importers.corrections record my-agency`").format(
            index=INDEX))
    if not (checkout / INDEX).exists():
        raise QuanzeError(_("no quanze project here ({folder} does not exist): run from a project folder, "
                            "or start one with `quanze init DIR`").format(folder=AGENCIES))
    return checkout


def load_index(root: Path) -> dict[str, Entry]:
    """Agency id -> Entry, from sources/index.yaml (read like content: bounded, no tags or
    aliases). Every id must be a plain agency id and every source a file inside sources/:
    an entry that would make `apply` or `record` read or write outside the project is refused."""
    path = root / INDEX
    display = display_path(path, root)
    text, problems = read_text(path, display)
    data, problems = parse_yaml(text, display) if text is not None else (None, problems)
    if problems:
        raise ContentError(problems)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise QuanzeError(_("{path}:1:1: expected a mapping of agency ids to their source").format(path=display))
    entries = {}
    for agency_id, item in data.items():
        line = data.lc.key(agency_id)[0] + 1 if hasattr(data, "lc") else 0
        where = f"{display}:{line}: {for_terminal(agency_id)}"
        if not isinstance(item, dict) or "source" not in item or not isinstance(item["source"], str):
            raise QuanzeError(_("{where}: expected a mapping with source and format").format(where=where))
        if not isinstance(agency_id, str) or unsafe_name(agency_id):
            raise QuanzeError(_("{where}: not an agency id ({why}); the id is the name of content/agencies/<id>.yaml").format(
                where=where, why=unsafe_name(str(agency_id))))
        entries[agency_id] = Entry(agency_id, _source_path(root, item["source"], where), item.get("format", "auto"))
    return entries


def _source_path(root: Path, source: str, where: str) -> Path:
    """The source file, refused unless it is a relative path that stays inside sources/."""
    folder = (root / "sources").resolve()
    shown = for_terminal(source)
    if Path(source).is_absolute() or ".." in Path(source).parts:
        raise QuanzeError(_("{where}: source {source} leaves sources/; name a file inside sources/, e.g. list.txt").format(
            where=where, source=repr(shown)))
    path = root / "sources" / source
    try:
        inside = path.resolve().is_relative_to(folder)
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        raise QuanzeError(_("{where}: source {source} is a link to a file outside sources/; "
                            "copy the file into sources/ instead").format(where=where, source=repr(shown)))
    return path


def _target(root: Path, folder: Path, name: str) -> Path:
    """A file `apply` or `record` writes: refused when its folder leads out of the project."""
    path = root / folder / name
    try:
        inside = path.parent.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        raise QuanzeError(_("{path}: its folder is a link out of the project; nothing was written").format(
            path=display_path(path, root)))
    return path


def raw_import(entry: Entry) -> str:
    """The YAML text a fresh import of the agency's list gives."""
    from . import import_source

    return import_source(entry.source, fmt=entry.format, agency_id=entry.agency_id).yaml


def diff_text(raw: str, corrected: str, agency_id: str) -> str:
    """Unified diff from the import to the corrected content file."""
    lines = difflib.unified_diff(
        raw.splitlines(keepends=True), corrected.splitlines(keepends=True),
        fromfile=f"import/{agency_id}.yaml", tofile=f"content/agencies/{agency_id}.yaml",
    )
    return "".join(lines)


def record(root: Path, entry: Entry) -> str:
    """Write sources/corrections/<id>.diff from the current content file."""
    content = _read(root / AGENCIES / f"{entry.agency_id}.yaml")
    text = diff_text(raw_import(entry), content, entry.agency_id)
    target = _target(root, CORRECTIONS, f"{entry.agency_id}.diff")
    write_atomic(target, text)
    return _("{id}: recorded {n} changed lines in {path}").format(
        id=entry.agency_id, n=_count(text), path=target.relative_to(root))


def apply(root: Path, entry: Entry) -> str:
    """Regenerate content/agencies/<id>.yaml: a fresh import patched with the recorded diff.

    The diff is then written again from the result, so its context shows the new import.
    """
    patch_path = root / CORRECTIONS / f"{entry.agency_id}.diff"
    diff = _read(patch_path) if patch_path.exists() else ""
    raw = raw_import(entry)
    result = patched(raw, diff, patch_path)
    target = _target(root, AGENCIES, f"{entry.agency_id}.yaml")
    refreshed = diff_text(raw, result, entry.agency_id) if diff else None
    if refreshed is not None:
        _target(root, CORRECTIONS, patch_path.name)
    write_atomic(target, result)
    if refreshed is not None:  # refresh the context lines (new ids) so that the diff stays exactly the difference
        write_atomic(patch_path, refreshed)
    return _("{id}: wrote {path} ({n} corrected lines)").format(
        id=entry.agency_id, path=target.relative_to(root), n=_count(diff))


def check(root: Path, entry: Entry) -> str | None:
    """None when the recorded diff is exactly import -> content file, else what differs."""
    content_path = root / AGENCIES / f"{entry.agency_id}.yaml"
    patch_path = root / CORRECTIONS / f"{entry.agency_id}.diff"
    if not content_path.exists():
        return _("{id}: {path} is missing (run apply)").format(id=entry.agency_id, path=content_path.relative_to(root))
    expected = diff_text(raw_import(entry), _read(content_path), entry.agency_id)
    recorded = _read(patch_path) if patch_path.exists() else ""
    if expected == recorded:
        return None
    return _("{id}: {diff} is not the difference between the import and {path} (after editing the content file "
             "run record; after changing the importer or the statutes run apply)").format(
        id=entry.agency_id, diff=patch_path.relative_to(root), path=content_path.relative_to(root))


def patched(raw: str, diff: str, patch_path: Path) -> str:
    """The raw import with the recorded diff applied.

    Each hunk is placed where its old lines (context and removed lines) occur, nearest to
    where the diff says. Lines that only carry an id (`id:`, `statute:`) match whatever id
    the fresh import gives, and context lines are taken from the fresh import: so
    corrections still apply after power or statute ids change.
    """
    lines = raw.splitlines(keepends=True)
    out: list[str] = []
    cursor = offset = 0
    for number, (old_start, body) in enumerate(_hunks(diff), start=1):
        old = [text for mark, text in body if mark in " -"]
        at = _locate(lines, old, max(old_start - 1 + offset, cursor), cursor)
        if at is None:
            raise QuanzeError(_("{path}: corrections no longer apply to the import (hunk {number} at line "
                                "{line} not found); edit the content file and run record").format(
                path=patch_path, number=number, line=old_start))
        out.extend(lines[cursor:at])
        cursor = at
        for mark, text in body:
            if mark == "+":
                out.append(text)
            else:
                if mark == " ":
                    out.append(lines[cursor])
                cursor += 1
        offset = at - (old_start - 1)
    out.extend(lines[cursor:])
    return "".join(out)


def _hunks(diff: str) -> list[tuple[int, list[tuple[str, str]]]]:
    """(old start line, [(mark, line)]) of each hunk of a unified diff."""
    hunks: list[tuple[int, list[tuple[str, str]]]] = []
    lines = diff.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        header = _HUNK.match(lines[index])
        index += 1
        if not header:
            continue
        old_left, new_left = int(header.group(2) or 1), int(header.group(4) or 1)
        body: list[tuple[str, str]] = []
        while (old_left > 0 or new_left > 0) and index < len(lines):
            mark, text = lines[index][:1], lines[index][1:]
            index += 1
            if mark == "\n":  # a blank context line whose leading space an editor removed
                mark, text = " ", "\n"
            if mark == "\\":
                body[-1] = (body[-1][0], body[-1][1].rstrip("\n"))
                continue
            body.append((mark, text))
            old_left -= mark in " -"
            new_left -= mark in " +"
        if index < len(lines) and lines[index].startswith("\\"):
            body[-1] = (body[-1][0], body[-1][1].rstrip("\n"))
            index += 1
        hunks.append((int(header.group(1)), body))
    return hunks


def _locate(lines: list[str], old: list[str], expected: int, start: int) -> int | None:
    """Index where `old` occurs in `lines` at or after `start`, nearest to `expected`."""
    wanted = [_mask(line) for line in old]
    candidates = range(start, len(lines) - len(old) + 1)
    for at in sorted(candidates, key=lambda i: abs(i - expected)):
        if all(_mask(lines[at + k]) == wanted[k] for k in range(len(old))):
            return at
    return None


def _mask(line: str) -> str:
    return _ID_LINE.sub(r"\1", line.rstrip("\n"))


_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_ID_LINE = re.compile(r"^(\s*(?:- )?(?:id|statute):).*$")


def _read(path: Path) -> str:
    text, problems = read_text(path, for_terminal(path))
    if problems:
        raise ContentError(problems)
    return text


def _count(diff: str) -> int:
    return sum(1 for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---")))


def _select(index: dict[str, Entry], ids: list[str]) -> list[Entry]:
    unknown = [i for i in ids if i not in index]
    if unknown:
        raise QuanzeError(_("{index}: no agency {ids} (known: {known})").format(
            index=INDEX, ids=", ".join(unknown), known=", ".join(index)))
    return [index[i] for i in ids or index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.importers.corrections", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["record", "apply", "check"])
    parser.add_argument("ids", nargs="*", metavar="ID", help=_("agency ids (default: every agency in sources/index.yaml)"))
    args = parser.parse_args(argv)
    try:
        root = project_root()
        entries = _select(load_index(root), args.ids)
    except QuanzeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {for_terminal(exc.filename or '')}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    failures = sum(not _run(args.action, root, entry) for entry in entries)
    return 1 if failures else 0


def _run(action: str, root: Path, entry: Entry) -> bool:
    """Run one action for one agency, print its outcome; False when it failed."""
    try:
        if action == "check":
            problem = check(root, entry)
            print(problem or _("{id}: ok").format(id=entry.agency_id))
            return problem is None
        print((record if action == "record" else apply)(root, entry))
        return True
    except QuanzeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return False
    except OSError as exc:  # a full disk, a read-only folder: one line, the files as they were
        print(f"error: {for_terminal(exc.filename or entry.agency_id)}: {exc.strerror or exc}", file=sys.stderr)
        return False


if __name__ == "__main__":
    sys.exit(main())
