"""Fill the statute registry (content/statutes) from what the agency lists cite.

`update_registry(content_dir)` reads every agency file, groups the citations by statute id
(the registry's id for the title, so curated aliases regroup variants), and writes one
`content/statutes/<id>.yaml` per statute: canonical title, aliases (every other title
printed), level, versions, and each cited article with its quoted wordings and the agencies
that quote each wording. Fields written by hand (issuer, document_number, extra aliases,
texts without sources, comments) are kept. Output is sorted, so a rerun changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from .checks import quote_key
from .dump import dump
from .errors import ContentError, Problem
from .load import load_document
from .model import Statute
from .registry import Registry, title_key

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

    def text(self) -> str:
        lines = [(f"{len(self.created)} statute(s) created, {len(self.changed)} changed, "
                  f"{len(self.unchanged)} unchanged")]
        lines += [f"created {name}" for name in self.created] + [f"changed {name}" for name in self.changed]
        if self.stale:
            lines.append(f"{len(self.stale)} citation(s) name an id the registry now gives another; re-import:")
            lines += [f"  {line}" for line in self.stale]
        lines += [f"warning: {line}" for line in self.conflicts]
        lines += [f"not cited by any agency (kept): {name}" for name in self.uncited]
        return "\n".join(lines)


def wording_key(text: str) -> str:
    """Form of a quoted wording used to merge trivially different copies (as `quanze check` compares)."""
    return quote_key(text)


def load_agencies(content_dir: Path) -> dict[str, Any]:
    """Agency id -> raw data of every content/agencies/*.yaml; ContentError on unreadable files."""
    agencies, problems = {}, []
    for path in sorted((content_dir / "agencies").glob("*.yaml")):
        doc, found = load_document(path)
        problems += found
        if doc is not None:
            agencies[path.stem] = doc.data or {}
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
                    stale.append(f'{agency_id}: powers[{p}].basis[{n}]: "{citation.get("title")}" is '
                                 f'{statute_id}, not {citation["statute"]}')
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


def infer_level(title: str) -> str:
    """Level of legal source guessed from a title, for titles no list tagged."""
    key = title_key(title)
    local = key.startswith(("宁夏", "内蒙古", "河南", "山西", "自治区", "省")) or re.match(r"^[\u4e00-\u9fff]{2,4}[省市]", key)
    if key.endswith(("通知", "意见", "目录", "规范", "规范（试行）", "细则")) or "关于" in key or "编制规定" in key:
        return "规范性文件"
    if key.endswith("法") and not key.endswith("办法"):
        return "法律"
    if key.endswith("条例"):
        return "地方性法规" if local else "行政法规"
    if key.endswith(("办法", "规定", "暂行办法", "暂行规定")):
        return "地方政府规章" if local else "部门规章"
    return "其他"


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
def statute_data(existing: Any, cited: Cited) -> CommentedMap:
    """The statute mapping: the existing file's data updated with what the lists cite."""
    data = existing if isinstance(existing, CommentedMap) else CommentedMap()
    title = data.get("title") or canonical_title(cited.titles)
    data["title"] = title
    aliases = {str(a) for a in data.get("aliases") or []} | set(cited.titles)
    data["aliases"] = sorted(a for a in aliases if a != title)
    if not data.get("level"):
        data["level"] = _level(cited, title)
    versions = {wording_key(str(v)): str(v) for v in data.get("versions") or []}
    for key, version in cited.versions.items():
        versions.setdefault(key, version)
    data["versions"] = sorted(versions.values(), key=wording_key)
    if not data.get("document_number") and (number := document_number(data["versions"])):
        data["document_number"] = number
    data["articles"] = _articles(data.get("articles") or [], cited)
    for key in ("aliases", "versions", "articles"):
        if not data[key]:
            del data[key]
    return data


def _level(cited: Cited, title: str) -> str:
    ranked = cited.levels.most_common()
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return infer_level(title)


def _articles(existing: list, cited: Cited) -> list[dict]:
    """Cited articles by number; wordings with their sources, hand-written wordings kept."""
    by_number: dict[int, dict[str, list]] = defaultdict(dict)
    for article in existing:
        for text in article.get("texts") or []:
            if not text.get("sources"):
                by_number[int(article["number"])][wording_key(str(text["text"]))] = [str(text["text"]), set()]
        by_number.setdefault(int(article["number"]), {})
    for number, wordings in cited.articles.items():
        target = by_number.setdefault(number, {})
        for key, (text, sources) in wordings.items():
            target.setdefault(key, [text, set()])[1].update(sources)
    return [{"number": number, "texts": _texts(by_number[number])} for number in sorted(by_number)]


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
    """Create or update content/statutes/<id>.yaml for every statute the agency lists cite."""
    statutes_dir = content_dir / "statutes"
    registry = Registry.from_dir(statutes_dir) if statutes_dir.is_dir() else Registry()
    cited, stale = collect(load_agencies(content_dir), registry)
    report = UpdateReport(stale=stale, conflicts=[
        f'title "{title}" is claimed by {other}.yaml but belongs to {owner}.yaml; remove it from one of them'
        for title, owner, other in registry.conflicts] + _shared_ids(cited, registry))
    statutes_dir.mkdir(parents=True, exist_ok=True)
    problems = []
    for statute_id in sorted(cited):
        path = statutes_dir / f"{statute_id}.yaml"
        existing, found = _existing(path)
        problems += found
        if found:
            continue
        text = _single_header(dump(statute_data(existing, cited[statute_id]), Statute, header=HEADER))
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old == text:
            report.unchanged.append(path.name)
            continue
        path.write_text(text, encoding="utf-8")
        (report.changed if old is not None else report.created).append(path.name)
    if problems:
        raise ContentError(problems)
    report.uncited = sorted(p.name for p in statutes_dir.glob("*.yaml") if p.stem not in cited)
    return report


def _shared_ids(cited: dict[str, Cited], registry: Registry) -> list[str]:
    """New ids that different titles happen to share (their pinyin ids collide)."""
    out = []
    for statute_id, found in sorted(cited.items()):
        keys = {title_key(t) for t in found.titles if registry.resolve(t) is None}
        if len(keys) > 1:
            out.append(f"{statute_id}: different titles get this id ({', '.join(sorted(found.titles))}); "
                       "if they are different statutes, give one a statute file with another id")
    return out


def _single_header(text: str) -> str:
    """The dumped text with the schema header once (an existing file brings its own copy)."""
    doubled = f"{HEADER}\n{HEADER}\n"
    while text.startswith(doubled):
        text = text[len(HEADER) + 1:]
    return text


def _existing(path: Path) -> tuple[Any, list[Problem]]:
    if not path.exists():
        return None, []
    doc, problems = load_document(path)
    return (doc.data if doc else None), problems
