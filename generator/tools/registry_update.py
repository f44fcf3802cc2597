"""Fill the statute registry (content/statutes) from what the agency lists cite.

`update_registry(content_dir)` reads every agency file, groups the citations by statute id
(the registry's id for the title, so curated aliases regroup variants), and writes one
`content/statutes/<id>.yaml` per statute: canonical title, aliases (every other title
printed), level, versions, and each cited article with its quoted wordings and the agencies
that quote each wording. An existing file is edited in place (ruamel.yaml round trip): its
comments, fields written by hand or by other commands (issuer, official texts ...), wordings
an editor corrected and sources added by hand are kept; the command only adds. Every file is
read as `quanze check` reads it and each is written atomically. A rerun changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..content.checks import quote_key
from ..content.dump import dump
from ..content.load import Document, list_content, load_document
from ..content.model import Agency, Statute
from ..content.registry import Registry, infer_level, title_key
from ..content.validate import _plain, schema_problems, validate_document
from ..errors import ContentError, Problem
from ..escape import for_terminal
from ..fileio import write_atomic
from ..i18n import _
from .fmt import stored_text

HEADER = "# yaml-language-server: $schema=../../schema/statute.schema.json"
_NATIONAL = "中华人民共和国"
_ORDER_NUMBER = re.compile(r"((?:中华人民共和国)?[\u4e00-\u9fff]{1,14}令)[ \t]*第[ \t]*([0-9一二三四五六七八九十百零]+)[ \t]*号")
_FILE_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,10}(?:[（(][\u4e00-\u9fff]{1,3}[）)][\u4e00-\u9fff]{1,4})?"
    r"[〔\[［(（][0-9]{4}[〕\]］)）][ \t]*[0-9]+[ \t]*号)")


@dataclass
class Cited:
    """Everything the agency lists say about one statute."""

    titles: Counter = field(default_factory=Counter)
    levels: Counter = field(default_factory=Counter)
    versions: dict[str, str] = field(default_factory=dict)
    #: article number -> wording key -> [printed wording, agency ids]
    articles: dict[int, dict[str, list]] = field(default_factory=lambda: defaultdict(dict))


@dataclass
class UpdateReport:
    """What an update did: files created and changed, and citations whose id is stale."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    uncited: list[str] = field(default_factory=list)
    #: Wordings of an agency's quote an editor corrected in the statute file: kept, not put back.
    kept: list[str] = field(default_factory=list)
    #: Agencies named as sources of an article their list no longer quotes: kept, reported.
    unquoted: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [_("{created} statute(s) created, {changed} changed, {unchanged} unchanged").format(
            created=len(self.created), changed=len(self.changed), unchanged=len(self.unchanged))]
        lines += [_("created {name}").format(name=name) for name in self.created]
        lines += [_("changed {name}").format(name=name) for name in self.changed]
        if self.stale:
            lines.append(_("{n} citation(s) name an id the registry now gives another; re-import:").format(
                n=len(self.stale)))
            lines += [f"  {line}" for line in self.stale]
        lines += [f"warning: {line}" for line in self.conflicts]
        lines += [_("not cited by any agency (kept): {name}").format(name=name) for name in self.uncited]
        lines += [_("note: {note}").format(note=line) for line in self.unquoted]
        if self.kept:
            lines.append(_("{n} corrected wording(s) kept where a list quotes the article otherwise").format(
                n=len(self.kept)))

        return "\n".join(for_terminal(line) for line in lines)


def wording_key(text: str) -> str:
    """Form of a quoted wording used to merge trivially different copies (as `quanze check` compares)."""
    return quote_key(text)


def load_agencies(content_dir: Path) -> dict[str, Any]:
    """Agency id -> plain data of every agency file (as `quanze check` lists, loads and validates
    them); ContentError with every problem when one is unreadable or invalid."""
    files, problems = list_content(content_dir)
    problems = [p for p in problems if p.severity == "error"]
    agencies = {}
    for file in (f for f in files if f.kind == "agencies"):
        doc, found = load_document(file.path)
        if doc is not None:
            agency, found = validate_document(doc, Agency)
            if agency is not None:
                agencies[file.id] = agency.model_dump()
        problems += found
    if problems:
        raise ContentError(problems)
    return agencies


def collect(agencies: dict[str, Any], registry: Registry) -> tuple[dict[str, Cited], list[str]]:
    """Statute id -> what the lists cite of it, and the citations whose statute id is stale."""
    cited: dict[str, Cited] = defaultdict(Cited)
    stale = []
    for agency_id in sorted(agencies):
        for p, power in enumerate(agencies[agency_id].get("powers") or []):
            for n, citation in enumerate(power.get("basis") or []):
                statute_id = _statute_of(citation, registry)
                if statute_id is None:
                    continue
                if citation.get("statute") and citation["statute"] != statute_id:
                    stale.append(_('{agency}: powers[{p}].basis[{n}]: "{title}" is {id}, not {cited}').format(
                        agency=agency_id, p=p, n=n, title=citation.get("title"), id=statute_id,
                        cited=citation["statute"]))
                _add(cited[statute_id], agency_id, citation)
    return dict(cited), stale


def _statute_of(citation: dict, registry: Registry) -> str | None:
    title = citation.get("title")
    if title:
        return registry.statute_id(str(title))
    return citation.get("statute")


def _add(target: Cited, agency_id: str, citation: dict) -> None:
    if citation.get("title"):
        target.titles[_clean(citation["title"])] += 1
    if citation.get("level"):
        target.levels[str(citation["level"])] += 1
    if citation.get("version"):
        target.versions.setdefault(wording_key(citation["version"]), _clean(citation["version"]))
    if citation.get("article"):
        wordings = target.articles[int(citation["article"])]
        text = citation.get("text")
        if text:
            entry = wordings.setdefault(wording_key(str(text)), [str(text), set()])
            entry[1].add(agency_id)


def _clean(text: str) -> str:
    return re.sub(r"[ \t\u3000]*\n\s*", "", str(text)).strip()


# -- choosing canonical values ----------------------------------------------------------
def canonical_title(titles: Counter) -> str:
    """The full title: with 中华人民共和国 if any variant has it, without a trailing note, most used."""
    def score(title: str) -> tuple:
        has_note = bool(re.search(r"[）)]$", title)) and not title.endswith(("（试行）", "(试行)"))
        return (title.startswith(_NATIONAL), not has_note, titles[title], len(title), title)
    return max(titles, key=score)


def document_number(versions: list[str]) -> str | None:
    """A document number found in the version notes (国务院令第735号, 医保发〔2020〕35号)."""
    for note in versions:
        compact = re.sub(r"[ \t]", "", note)
        if match := _ORDER_NUMBER.search(compact):
            issuer = re.sub(r"^.*[年月日]", "", match.group(1))
            return f"{issuer}第{match.group(2)}号"
        if match := _FILE_NUMBER.search(compact):
            return re.sub(r"[\[［(（](\d{4})[\]］)）]", r"〔\1〕", match.group(1))
    return None


# -- building and writing statute files -------------------------------------------------
#
# An existing statute file is edited in place, as ruamel.yaml read it: comments, fields this
# command does not manage (issuer, official texts, versions of the text ...) and everything an
# editor wrote stay as they are. The command only adds: titles the lists print (as aliases),
# version notes, articles, wordings and the agencies quoting them. A wording whose agency is
# already a source of another wording of that article is an editor's correction of that quote,
# and is not added back.


@dataclass
class Edit:
    """What updating one statute file kept rather than added."""

    kept: list[str] = field(default_factory=list)


def statute_data(existing: Any, cited: Cited, edit: Edit | None = None) -> CommentedMap:
    """The statute mapping: the existing file's data with what the lists cite added."""
    edit = edit or Edit()
    data = existing if isinstance(existing, CommentedMap) else CommentedMap()
    if not data.get("title"):
        data["title"] = canonical_title(cited.titles)
    title = data["title"]
    aliases = _seq(data, "aliases")
    _merge_sorted(aliases, [t for t in sorted(cited.titles) if t != title], key=str)
    if not data.get("level"):
        data["level"] = _level(cited, title)
    versions = _seq(data, "versions")
    _merge_sorted(versions, [cited.versions[k] for k in sorted(cited.versions)], key=wording_key)
    if not data.get("document_number") and (number := document_number([str(v) for v in versions])):
        data["document_number"] = number
    _update_articles(_seq(data, "articles"), cited, edit)
    for key in ("aliases", "versions", "articles"):
        if not data[key]:
            del data[key]
    return data


def _seq(data: CommentedMap, key: str) -> CommentedSeq:
    """The list under `key`, as a commented list (created empty when missing or empty)."""
    value = data.get(key)
    if not isinstance(value, CommentedSeq):
        data[key] = value = CommentedSeq(value or [])
    return value


def _merge_sorted(seq: CommentedSeq, new: list, key) -> None:
    """Add the items of `new` not yet in `seq` (compared by `key`) and sort it by `key`, each
    item keeping its comments."""
    known = {key(item) for item in seq}
    seq.extend(item for item in dict.fromkeys(new) if key(item) not in known)
    if [key(item) for item in seq] != sorted(key(item) for item in seq):
        _sort(seq, key)


def _sort(seq: CommentedSeq, key) -> None:
    """Sort a commented list in place; end-of-line comments move with their items."""
    items = [(value, seq.ca.items.get(i)) for i, value in enumerate(seq)]
    items.sort(key=lambda pair: key(pair[0]))
    seq.ca.items.clear()
    for i, (value, comment) in enumerate(items):
        seq[i] = value
        if comment is not None:
            seq.ca.items[i] = comment


def _update_articles(articles: CommentedSeq, cited: Cited, edit: Edit) -> None:
    by_number = {_number(a): a for a in articles if isinstance(a, dict)}
    for number in sorted(cited.articles):
        article = by_number.get(number)
        if article is None:
            article = by_number[number] = CommentedMap([("number", number), ("texts", CommentedSeq())])
            articles.append(article)
        _update_texts(_seq(article, "texts"), cited.articles[number], number, edit)
    if [_number(a) for a in articles] != sorted(by_number):
        _sort(articles, _number)


def _number(article: Any) -> int:
    return int(article["number"]) if isinstance(article, dict) else 0


def _update_texts(texts: CommentedSeq, wordings: dict[str, list], number: int, edit: Edit) -> None:
    """Add each cited wording's agencies to the text of that wording, or the wording itself;
    never remove a text or a source, never change a text."""
    by_key = {wording_key(str(t["text"])): t for t in texts if isinstance(t, dict) and t.get("text")}
    quoted = {str(s) for t in texts if isinstance(t, dict) for s in t.get("sources") or []}
    fresh = {}
    for key, (text, agencies) in wordings.items():
        entry = by_key.get(key)
        if entry is not None:
            _merge_sorted(_seq(entry, "sources"), sorted(agencies), key=str)
            continue
        corrected = sorted(agencies & quoted)
        if corrected:
            edit.kept.append(_('article {number}: the wording kept for {agencies} differs from what the list quotes '
                               '("{text}…"); kept as corrected').format(
                number=number, agencies=", ".join(corrected), text=text[:30]))
        if agencies - quoted:
            fresh[key] = [text, agencies - quoted]
    for entry in _texts(fresh):
        texts.append(CommentedMap(entry))


def unquoted_sources(data: CommentedMap, cited: Cited, agencies: dict[str, Any]) -> list[str]:
    """Agencies named as a source of an article they no longer quote (kept: the update only adds;
    a source that is not an agency, added by hand, is not questioned)."""
    out = []
    for article in data.get("articles") or []:
        number = _number(article)
        quoting = {a for _, ids in cited.articles.get(number, {}).values() for a in ids}
        for text in article.get("texts") or []:
            for source in text.get("sources") or [] if isinstance(text, dict) else []:
                if source in agencies and source not in quoting:
                    out.append(_("article {number}: {source} is a source but its list no longer quotes the "
                                 "article (remove it from sources if the list changed)").format(
                        number=number, source=source))
    return out


def _level(cited: Cited, title: str) -> str:
    ranked = cited.levels.most_common()
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return infer_level(title)


def _texts(wordings: dict[str, list]) -> list[dict]:
    ordered = sorted(wordings.values(), key=lambda e: (-len(e[1]), sorted(e[1]), e[0]))
    out = []
    for text, sources in ordered:
        entry = {"text": text}
        if sources:
            entry["sources"] = sorted(sources)
        out.append(entry)
    return out


def update_registry(content_dir: Path) -> UpdateReport:
    """Create or update content/statutes/<id>.yaml for every statute the agency lists cite.

    Every file is read as `quanze check` reads it (bounded, validated); when one cannot be
    used nothing is written. Each file is written atomically."""
    content_dir = Path(content_dir)
    statutes_dir = content_dir / "statutes"
    registry = Registry.from_dir(statutes_dir) if statutes_dir.is_dir() else Registry()
    agencies = load_agencies(content_dir)
    cited, stale = collect(agencies, registry)
    report = UpdateReport(stale=stale, conflicts=[
        f'title "{title}" is claimed by {other}.yaml but belongs to {owner}.yaml; remove it from one of them'
        for title, owner, other in registry.conflicts] + _shared_ids(cited, registry))
    existing, problems = _existing_files(statutes_dir)
    if problems:
        raise ContentError(problems)
    writes = []
    for statute_id in sorted(cited):
        path = statutes_dir / f"{statute_id}.yaml"
        old_doc = existing.get(statute_id)
        edit = Edit()
        data = statute_data(old_doc.data if old_doc else None, cited[statute_id], edit)
        text = _single_header(dump(data, Statute, header=HEADER))
        report.kept += [f"{path.name}: {line}" for line in edit.kept]
        report.unquoted += [f"{path.name}: {line}" for line in unquoted_sources(data, cited[statute_id], agencies)]
        old = stored_text(old_doc.path) if old_doc else None
        if old == text:
            report.unchanged.append(path.name)
            continue
        writes.append((old_doc.path if old_doc else path, text))
        (report.changed if old is not None else report.created).append(path.name)
    for path, text in writes:
        write_atomic(path, text)
    report.uncited = sorted(doc.path.name for statute_id, doc in existing.items() if statute_id not in cited)
    return report


def _existing_files(statutes_dir: Path) -> tuple[dict[str, Any], list[Problem]]:
    """The statute files already written (as `check` lists them), loaded and validated."""
    files, problems = list_content(statutes_dir.parent)
    problems = [p for p in problems if p.severity == "error" and _under(p.path, statutes_dir)]
    docs = {}
    for file in (f for f in files if f.kind == "statutes"):
        doc, found = load_document(file.path)
        if doc is not None:
            found = _statute_problems(doc)
            docs[file.id] = doc
        problems += found
    return docs, problems


def _statute_problems(doc: Document) -> list[Problem]:
    """Problems with the fields of the model (as `check` reports them); keys the model does not
    know are someone else's and are kept as they are, unchecked."""
    known = {k: v for k, v in _plain(doc.data).items() if k in Statute.model_fields}
    try:
        Statute.model_validate(known)
    except ValidationError as exc:
        return schema_problems(doc, Statute, exc)
    return []


def _under(display: str, folder: Path) -> bool:
    return Path(display).resolve().is_relative_to(folder.resolve())


def _shared_ids(cited: dict[str, Cited], registry: Registry) -> list[str]:
    """New ids that different titles happen to share (their pinyin ids collide)."""
    out = []
    for statute_id, found in sorted(cited.items()):
        keys = {title_key(t) for t in found.titles if registry.resolve(t) is None}
        if len(keys) > 1:
            out.append(_("{id}: different titles get this id ({titles}); "
                         "if they are different statutes, give one a statute file with another id").format(
                id=statute_id, titles=", ".join(sorted(found.titles))))
    return out


def _single_header(text: str) -> str:
    """The dumped text with the schema header once (an existing file brings its own copy)."""
    doubled = f"{HEADER}\n{HEADER}\n"
    while text.startswith(doubled):
        text = text[len(HEADER) + 1:]
    return text
