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

from ..errors import QuanzeError

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
    """The working directory when it holds sources/index.yaml, else the project checkout."""
    here = Path.cwd()
    return here if (here / INDEX).exists() else Path(__file__).resolve().parents[2]


def load_index(root: Path) -> dict[str, Entry]:
    """Agency id -> Entry, from sources/index.yaml."""
    from ruamel.yaml import YAML

    path = root / INDEX
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise QuanzeError(f"{path}: cannot read: {exc.strerror}") from None
    entries = {}
    for agency_id, item in data.items():
        if not isinstance(item, dict) or "source" not in item:
            raise QuanzeError(f"{path}: {agency_id}: expected a mapping with source and format")
        entries[agency_id] = Entry(agency_id, root / "sources" / item["source"], item.get("format", "auto"))
    return entries


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
    target = root / CORRECTIONS / f"{entry.agency_id}.diff"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return f"{entry.agency_id}: recorded {_count(text)} changed lines in {target.relative_to(root)}"


def apply(root: Path, entry: Entry) -> str:
    """Regenerate content/agencies/<id>.yaml: a fresh import patched with the recorded diff.

    The diff is then written again from the result, so its context shows the new import.
    """
    patch_path = root / CORRECTIONS / f"{entry.agency_id}.diff"
    diff = _read(patch_path) if patch_path.exists() else ""
    raw = raw_import(entry)
    result = patched(raw, diff, patch_path)
    target = root / AGENCIES / f"{entry.agency_id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(result, encoding="utf-8")
    if diff:  # refresh the context lines (new ids) so that the diff stays exactly the difference
        patch_path.write_text(diff_text(raw, result, entry.agency_id), encoding="utf-8")
    return f"{entry.agency_id}: wrote {target.relative_to(root)} ({_count(diff)} corrected lines)"


def check(root: Path, entry: Entry) -> str | None:
    """None when the recorded diff is exactly import -> content file, else what differs."""
    content_path = root / AGENCIES / f"{entry.agency_id}.yaml"
    patch_path = root / CORRECTIONS / f"{entry.agency_id}.diff"
    if not content_path.exists():
        return f"{entry.agency_id}: {content_path.relative_to(root)} is missing (run apply)"
    expected = diff_text(raw_import(entry), _read(content_path), entry.agency_id)
    recorded = _read(patch_path) if patch_path.exists() else ""
    if expected == recorded:
        return None
    return (f"{entry.agency_id}: {patch_path.relative_to(root)} is not the difference between the import and "
            f"{content_path.relative_to(root)} (after editing the content file run record; "
            f"after changing the importer or the statutes run apply)")


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
            raise QuanzeError(f"{patch_path}: corrections no longer apply to the import (hunk {number} at line "
                              f"{old_start} not found); edit the content file and run record")
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
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QuanzeError(f"{path}: cannot read: {exc.strerror}") from None


def _count(diff: str) -> int:
    return sum(1 for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---")))


def _select(index: dict[str, Entry], ids: list[str]) -> list[Entry]:
    unknown = [i for i in ids if i not in index]
    if unknown:
        raise QuanzeError(f"{INDEX}: no agency {', '.join(unknown)} (known: {', '.join(index)})")
    return [index[i] for i in ids or index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.importers.corrections", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["record", "apply", "check"])
    parser.add_argument("ids", nargs="*", metavar="ID", help="agency ids (default: every agency in sources/index.yaml)")
    args = parser.parse_args(argv)
    try:
        root = project_root()
        entries = _select(load_index(root), args.ids)
    except QuanzeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    failures = sum(not _run(args.action, root, entry) for entry in entries)
    return 1 if failures else 0


def _run(action: str, root: Path, entry: Entry) -> bool:
    """Run one action for one agency, print its outcome; False when it failed."""
    try:
        if action == "check":
            problem = check(root, entry)
            print(problem or f"{entry.agency_id}: ok")
            return problem is None
        print((record if action == "record" else apply)(root, entry))
        return True
    except QuanzeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return False


if __name__ == "__main__":
    sys.exit(main())
