"""`quanze import-statute FILE`: put an official text into the statute registry.

The version goes into `content/statutes/<id>.yaml` under `official_versions`, beside the
versions already there (a version with the same label is replaced). Everything else in the
file stays as it was: the wordings the lists quote (`articles[].texts[].sources`), aliases,
comments, keys an editor added to a version. The statuses of all versions are worked out
again: each version superseded by a later one is 已修改 from the later one's date. When
there is an older version, every citation whose article text differs between the two is
reported, so an editor can check the lists that quote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..content.dump import dump
from ..content.load import display_path, load_document, read_text
from ..content.model import ID_PATTERN, Citation, Statute, StatuteVersion
from ..content.registry import Registry, infer_level
from ..content.validate import validate_document
from ..errors import ContentError, QuanzeError
from ..escape import for_terminal
from ..fileio import write_atomic
from ..i18n import N_, _
from .align import align, change
from .parse import ParsedStatute, parse_statute
from .validity import build_date, validities, version_start

HEADER = "# yaml-language-server: $schema=../../schema/statute.schema.json"
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
COUNT_WORDS = {"articles": N_("{n} articles"), "paragraphs": N_("{n} paragraphs"), "items": N_("{n} items"),
               "headings": N_("{n} headings"), "points": N_("{n} points"), "annexes": N_("{n} annexes"),
               "notes": N_("{n} notes")}
"""How the report words each count of `ImportReport.counts`."""


@dataclass
class ImportReport:
    """What an import did."""

    path: str
    title: str
    label: str
    counts: dict[str, int]
    status: str
    created: bool
    statuses: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The report for a terminal: each value on its line, control characters shown as escapes."""
        counted = ", ".join(_(COUNT_WORDS[word]).format(n=n) if word in COUNT_WORDS else f"{n} {word}"
                            for word, n in self.counts.items())
        said = (_("created {path}: {title} ({label}): {counts}; {status}") if self.created
                else _("updated {path}: {title} ({label}): {counts}; {status}"))
        lines = [said.format(path=self.path, title=self.title, label=self.label, counts=counted, status=self.status)]
        lines += [f"  {line}" for line in self.statuses]
        if self.changed:
            lines.append(_("{n} citation(s) of an article whose text or number changed between versions:").format(
                n=len(self.changed)))
            lines += [f"  {line}" for line in self.changed]
        return "\n".join(for_terminal(line) for line in lines)


def import_statute(source: Path, content_dir: Path, statute_id: str | None = None,
                   label: str | None = None) -> ImportReport:
    """Parse `source` and write it into the registry under `content_dir/statutes`."""
    display = display_path(source)
    text, problems = read_text(source, display)
    if text is None:
        raise ContentError(problems)
    parsed = parse_statute(text, display, label=label, source=source.name, default_label=_year_in_name(source))
    statutes_dir = content_dir / "statutes"
    statute_id = statute_id or _statute_id(parsed.title, statutes_dir)
    if not re.fullmatch(ID_PATTERN, statute_id):
        raise QuanzeError(_('"{id}" is not a statute id (lowercase ASCII letters, digits and '
                            "hyphens, at most 63)").format(id=for_terminal(statute_id)))
    path = statutes_dir / f"{statute_id}.yaml"
    data, created = _existing(path)
    _fill_statute(data, parsed)
    versions = _merge_version(data, parsed.version)
    statuses = set_statuses(versions, build_date())
    text = _single_header(dump(data, Statute, header=HEADER))
    statute = _validated(text, path)
    write_atomic(path, text)
    new = next(v for v in statute.official_versions if v.label == parsed.version.label)
    return ImportReport(
        path=display_path(path), title=parsed.title, label=new.label, counts=_counts(new),
        status=statuses[new.label], created=created,
        statuses=[f"{label}: {record}" for label, record in statuses.items() if label != new.label],
        changed=changed_citations(statute, new, content_dir, statute_id))


def _year_in_name(source: Path) -> str | None:
    years = _YEAR.findall(source.stem)
    return years[-1] if years else None


def _statute_id(title: str, statutes_dir: Path) -> str:
    registry = Registry.from_dir(statutes_dir) if statutes_dir.is_dir() else Registry()
    return registry.statute_id(title)


def _existing(path: Path) -> tuple[CommentedMap, bool]:
    if not path.exists():
        return CommentedMap(), True
    doc, problems = load_document(path)
    if doc is None:
        raise ContentError(problems)
    return doc.data, False


def _fill_statute(data: CommentedMap, parsed: ParsedStatute) -> None:
    """Fields of the statute the text gives, where the file has none (hand edits win)."""
    version = parsed.version
    data.setdefault("title", parsed.title)
    if parsed.title != data["title"]:
        version = parsed.version = version.model_copy(update={"title": parsed.title})
    data.setdefault("level", infer_level(parsed.title))
    for key in ("issuer", "document_number"):
        if not data.get(key) and getattr(version, key):
            data[key] = getattr(version, key)


def version_data(version: StatuteVersion) -> CommentedMap:
    """A version as YAML data: empty fields left out, dates as YYYY-MM-DD."""
    dumped = version.model_dump(mode="json", exclude_none=True)
    return _compact(dumped)


def _compact(value: Any) -> Any:
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            if item is None or item == [] or (item == "" and key != "text"):  # a paragraph's text stays
                continue
            out[key] = _compact(item)
        return out
    if isinstance(value, list):
        return CommentedSeq(_compact(v) for v in value)
    return value


def _merge_version(data: CommentedMap, version: StatuteVersion) -> list[CommentedMap]:
    """The file's versions with this one added (or replacing the one of the same label), oldest first."""
    versions = data.get("official_versions")
    if not isinstance(versions, list):
        versions = CommentedSeq()
    entry = version_data(version)
    for n, old in enumerate(versions):
        if isinstance(old, dict) and str(old.get("label")) == version.label:
            for key, value in old.items():  # keys an editor added (notes, a repeal date) stay
                if key not in entry and key not in ("status", "status_since"):
                    entry[key] = value
            versions[n] = entry
            break
    else:
        versions.append(entry)
    ordered = sorted(versions, key=lambda v: (_start(v) or date.min, str(v.get("label"))))
    data["official_versions"] = CommentedSeq(ordered)
    return data["official_versions"]


def _start(entry: dict) -> date | None:
    model = _model(entry)
    return version_start(model) if model is not None else None


def _model(entry: dict) -> StatuteVersion | None:
    try:
        return StatuteVersion.model_validate(dict(entry))
    except ValueError:
        return None


def set_statuses(versions: list[CommentedMap], now: date) -> dict[str, str]:
    """Record in each version the status it has on `now` and the date it holds from (see
    validity.py: the site works them out again on the day of each build); label -> the status
    as the report says it."""
    models = [_model(entry) for entry in versions]
    valid = [(entry, model) for entry, model in zip(versions, models) if model is not None]
    records = {}
    for (entry, model), found in zip(valid, validities([m for _entry, m in valid], now)):
        entry["status"] = found.status
        entry.pop("status_since", None)
        if found.since:
            entry["status_since"] = found.since.isoformat()
        _in_model_order(entry)
        records[model.label] = found.record()
    return records


def _in_model_order(entry: CommentedMap) -> None:
    """Keys in the order of the model's fields (keys an editor added last), in place."""
    fields = list(StatuteVersion.model_fields)
    for key in sorted(entry, key=lambda k: fields.index(k) if k in fields else len(fields)):
        entry.move_to_end(key)


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _validated(text: str, path: Path) -> Statute:
    """The statute the new text holds; refuses to write a file the registry could not load."""
    from ..content.load import Document, parse_yaml

    data, problems = parse_yaml(text, display_path(path))
    if problems:
        raise ContentError(problems)
    statute, problems = validate_document(Document(path, display_path(path), data), Statute)
    if statute is None:
        raise ContentError(problems)
    return statute


def _counts(version: StatuteVersion) -> dict[str, int]:
    paragraphs = [p for a in version.articles for p in a.paragraphs]
    counts = {"articles": len(version.articles), "paragraphs": len(paragraphs),
              "items": sum(len(p.items) for p in paragraphs), "headings": len(version.divisions),
              "points": sum(len(i.points) for p in paragraphs for i in p.items),
              "annexes": len(version.annexes), "notes": len(version.footnotes)}
    return {word: n for word, n in counts.items() if n or word in ("articles", "paragraphs", "items", "headings")}


def _single_header(text: str) -> str:
    doubled = f"{HEADER}\n{HEADER}\n"
    while text.startswith(doubled):
        text = text[len(HEADER) + 1:]
    return text


def changed_citations(statute: Statute, new: StatuteVersion, content_dir: Path, statute_id: str) -> list[str]:
    """Citations of this statute whose article, 款 or 项 reads differently, or is numbered
    differently, in `new` and the version next to it (the one before; for the oldest, the one after)."""
    versions = statute.official_versions
    if len(versions) < 2:
        return []
    position = versions.index(new)
    if position == 0:  # an older version imported after a newer one: compare with the newer
        old, new = new, versions[1]
    else:
        old = versions[position - 1]
    alignment = align(old, new)
    lines = []
    for agency_id, where, citation in _citations(content_dir, statute_id):
        found = change(old, new, citation, alignment)
        if found is not None:
            lines.append(f"{agency_id}: {where}: {found.describe(old.label, new.label)}")
    return lines


def _citations(content_dir: Path, statute_id: str):
    """(agency id, location, citation) of every citation of the statute in the agency files."""
    for path in sorted((content_dir / "agencies").glob("*.yaml")):
        doc, _ = load_document(path)
        powers = doc.data.get("powers") if doc is not None else None
        for p, power in enumerate(powers if isinstance(powers, list) else []):
            basis = power.get("basis") if isinstance(power, dict) else None
            for n, raw in enumerate(basis if isinstance(basis, list) else []):
                if not isinstance(raw, dict) or raw.get("statute") != statute_id:
                    continue
                try:
                    citation = Citation.model_validate(dict(raw))
                except ValueError:
                    continue
                yield path.stem, f"powers[{p}].basis[{n}]", citation
