"""Commands around reference catalogues: `quanze check --catalogue ID` and `quanze catalogue derive`.

`catalogue_report` holds every list against one catalogue (`content.alignment`) and words the
result for a terminal or as JSON. `derive_catalogue` makes a catalogue from what the lists
share, by a rule it writes into the catalogue's description, so that the file can be made
again from the same content.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from ..content.alignment import RULES, AgencyAlignment, Article, Match, align
from ..content.catalogue import Catalogue, name_key
from ..content.checks import unsafe_name
from ..content.corpus import Corpus, PowerRef
from ..content.dump import dump
from ..content.model import CODE_PATTERN
from ..content.vocab import CATEGORIES
from ..errors import QuanzeError
from ..i18n import _
from .schema import MODELINE

HEADER = (MODELINE.format(kind="catalogue") + "\n"
          "# A reference catalogue (通用参考目录): made by `quanze catalogue derive`, see description.\n")


def find_catalogue(corpus: Corpus, catalogue_id: str) -> Catalogue:
    """The catalogue of that id, or a QuanzeError naming the ones there are."""
    if catalogue_id in corpus.catalogues:
        return corpus.catalogues[catalogue_id]
    if f"catalogues/{catalogue_id}" in corpus.documents:
        raise QuanzeError(_('catalogue "{id}" has errors (listed above): fix them, then check again').format(
            id=catalogue_id))
    available = ", ".join(sorted(corpus.catalogues))
    if not available:
        raise QuanzeError(_('no catalogue "{id}": the project has none; add content/catalogues/{id}.yaml '
                            "(or make one with `quanze catalogue derive ID`)").format(id=catalogue_id))
    raise QuanzeError(_('no catalogue "{id}" (content/catalogues/{id}.yaml); available: {available}').format(
        id=catalogue_id, available=available))


# --- the report ----------------------------------------------------------------------------

@dataclass
class CatalogueReport:
    """Every agency's list against one catalogue."""

    catalogue_id: str
    catalogue: Catalogue
    agencies: list[AgencyAlignment]
    skipped: list[str]
    """Agencies with schema errors, left out (their powers are not all known)."""

    @property
    def findings(self) -> int:
        return sum(a.findings for a in self.agencies)

    def text(self, corpus: Corpus) -> list[str]:
        lines = [_("catalogue {id}: {title}, {n} items").format(
            id=self.catalogue_id, title=self.catalogue.title, n=len(self.catalogue.items))]
        for alignment in self.agencies:
            lines += agency_lines(corpus, alignment)
        lines += [_("{id}: not compared: the list has errors").format(id=agency_id) for agency_id in self.skipped]
        return lines

    def as_dict(self, corpus: Corpus) -> dict:
        return {"id": self.catalogue_id, "title": self.catalogue.title, "items": len(self.catalogue.items),
                "findings": self.findings, "skipped": self.skipped,
                "agencies": [agency_dict(corpus, a) for a in self.agencies]}


def catalogue_report(corpus: Corpus, catalogue_id: str) -> CatalogueReport:
    catalogue = find_catalogue(corpus, catalogue_id)
    whole = {k: a for k, a in corpus.agencies.items() if "name" in a.model_fields_set}
    skipped = sorted(set(corpus.agencies) - set(whole))
    view = Corpus(whole, corpus.statutes, corpus.documents)
    return CatalogueReport(catalogue_id, catalogue, align(catalogue, view), skipped)


def _where(corpus: Corpus, ref: PowerRef) -> str:
    doc = corpus.documents.get(f"agencies/{ref.agency_id}")
    if doc is None:
        return f"agencies/{ref.agency_id}.yaml powers[{ref.index}]"
    line, col = doc.locate(("powers", ref.index))
    return f"{doc.display}:{line}:{col}"


def _item(item) -> str:
    return f"{item.code or '(无编码)'} {item.name}"


def _power(ref: PowerRef) -> str:
    sub = f"（{ref.power.sub_item}）" if ref.power.sub_item else ""
    return f"{ref.power.code or '(无编码)'} {ref.power.name}{sub}"


def _articles(articles: tuple[Article, ...], corpus: Corpus) -> str:
    from ..content.numerals import int_to_cn

    def one(article: Article) -> str:
        statute = corpus.statutes.get(article[0])
        title = statute.title if statute else article[0]
        return f"《{title}》" + (f"第{int_to_cn(article[1])}条" if article[1] else "")
    return "、".join(one(a) for a in articles)


def agency_lines(corpus: Corpus, a: AgencyAlignment) -> list[str]:
    """One agency's part of the text report: a summary line, then one line per finding."""
    rules = Counter(m.rule for m in a.matched)
    by = "，".join(f"{label} {rules[rule]}" for rule, label in RULES.items() if rules[rule])
    head = (_("{id} {name}（{level}）: {matched} of {applicable} items matched").format(
                id=a.agency_id, name=a.agency.name, level=a.agency.admin_level, matched=len(a.matched_items()),
                applicable=a.applicable) + (f"（{by}）" if by else "") +
            _(", {missing} missing, {extra} extra, {renamed} renamed, {alike} alike, {code} code, {category} category, "
              "{basis} basis").format(
                missing=len(a.missing), extra=len(a.extra), renamed=len(a.renamed), alike=len(a.similar),
                code=len(a.code_mismatches), category=len(a.category_mismatches), basis=len(a.basis_differences)))
    lines = [head]
    lines += ["  " + _("missing: items[{n}] {item}（{category}）").format(n=n, item=_item(item), category=item.category)
              for n, item in a.missing]
    lines += ["  " + _("extra: {where}: {power}（{category}）").format(
        where=_where(corpus, ref), power=_power(ref), category=ref.power.category) for ref in a.extra]
    lines += ["  " + _("renamed: {where}: {power} — catalogue: {name}").format(
        where=_where(corpus, m.ref), power=_power(m.ref), name=m.item.name) for m in a.renamed]
    lines += ["  " + _("alike: {where}: {power} — catalogue: {item}（{rule}: confirm, then use the catalogue's name or "
                       "add yours to its aliases）").format(
        where=_where(corpus, m.ref), power=_power(m.ref), item=_item(m.item), rule=m.rule_label) for m in a.similar]
    lines += ["  " + _("code: {where}: {power} — catalogue: {item}（{rule}）").format(
        where=_where(corpus, m.ref), power=_power(m.ref), item=_item(m.item), rule=m.rule_label)
              for m in a.code_mismatches]
    lines += ["  " + _("category: {where}: {power}: {category} — catalogue: {expected}").format(
        where=_where(corpus, m.ref), power=_power(m.ref), category=m.ref.power.category, expected=m.item.category)
              for m in a.category_mismatches]
    for d in a.basis_differences:
        parts = ([_("catalogue only: {articles}").format(articles=_articles(d.missing, corpus))] if d.missing else []) + \
                ([_("list only: {articles}").format(articles=_articles(d.extra, corpus))] if d.extra else [])
        lines.append("  " + _("basis: {where}: {power}: ").format(where=_where(corpus, d.match.ref),
                                                                  power=_power(d.match.ref)) + "; ".join(parts))
    return lines


def _match_dict(corpus: Corpus, m: Match) -> dict:
    return {"item": m.item_index, "item_code": m.item.code, "item_name": m.item.name, "rule": m.rule,
            **({"score": m.score} if m.score is not None else {}),
            "power": m.ref.power.id, "code": m.ref.power.code, "name": m.ref.power.name,
            "category": m.ref.power.category, "where": _where(corpus, m.ref)}


def agency_dict(corpus: Corpus, a: AgencyAlignment) -> dict:
    return {
        "agency": a.agency_id, "name": a.agency.name, "admin_level": a.agency.admin_level,
        "applicable": a.applicable, "findings": a.findings,
        "matched": [_match_dict(corpus, m) for m in a.matched],
        "missing": [{"item": n, "code": item.code, "name": item.name, "category": item.category} for n, item in a.missing],
        "extra": [{"power": r.power.id, "code": r.power.code, "name": r.power.name, "category": r.power.category,
                   "where": _where(corpus, r)} for r in a.extra],
        "renamed": [_match_dict(corpus, m) for m in a.renamed],
        "similar": [_match_dict(corpus, m) for m in a.similar],
        "code_mismatches": [_match_dict(corpus, m) for m in a.code_mismatches],
        "category_mismatches": [_match_dict(corpus, m) for m in a.category_mismatches],
        "basis_differences": [{**_match_dict(corpus, d.match), "catalogue_only": [list(x) for x in d.missing],
                               "list_only": [list(x) for x in d.extra]} for d in a.basis_differences],
    }


# --- deriving a catalogue from the lists -----------------------------------------------------

_CODE_RE = re.compile(CODE_PATTERN)


def _clusters(corpus: Corpus) -> list[list[PowerRef]]:
    """Powers joined when they share a code (case ignored) or a name key, transitively; each
    cluster in published order (agencies by id), clusters by their first power."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    refs = list(corpus.powers())
    for ref in refs:
        node = f"p:{ref.agency_id}:{ref.index}"
        keys = [f"n:{name_key(ref.power.name)}"]
        if ref.power.code and _CODE_RE.match(ref.power.code):
            keys.append(f"c:{ref.power.code.upper()}")
        for key in keys:
            parent[root(key)] = root(node)
    groups: dict[str, list[PowerRef]] = {}
    for ref in refs:
        groups.setdefault(root(f"p:{ref.agency_id}:{ref.index}"), []).append(ref)
    return list(groups.values())


def _most_common(values: list, order: list | None = None):
    """The most frequent value; on a tie the first in `order` (default: first seen)."""
    counts = Counter(values)
    order = order or list(dict.fromkeys(values))
    return max(order, key=lambda v: (counts[v], -order.index(v))) if counts else None


def _per_agency(refs: list[PowerRef], value) -> list:
    """One value per agency (its first power's), so that a list with sub-items counts once."""
    seen: dict[str, object] = {}
    for ref in refs:
        seen.setdefault(ref.agency_id, value(ref))
    return list(seen.values())


def derive_item(refs: list[PowerRef]) -> dict:
    """A catalogue item (plain data) from the powers of several lists that are the same power."""
    codes = sorted(c for c in _per_agency(refs, lambda r: (r.power.code or "").upper()) if _CODE_RE.match(c))
    names = _per_agency(refs, lambda r: r.power.name)
    name = _most_common(names)
    category = _most_common(_per_agency(refs, lambda r: r.power.category), list(CATEGORIES))
    lists = len({r.agency_id for r in refs})
    cited = Counter(a for r in _first_powers(refs) for a in dict.fromkeys((c.statute, c.article) for c in r.power.basis))
    order = list(dict.fromkeys((c.statute, c.article) for r in _first_powers(refs) for c in r.power.basis))
    basis = [{"statute": s, **({"article": n} if n else {})} for s, n in order if cited[(s, n)] * 2 >= lists]
    code = _most_common(codes) if codes else None
    aliases = list(dict.fromkeys(r.power.name for r in _first_powers(refs) if (r.power.code or "").upper() != code
                                 and name_key(r.power.name) != name_key(name)))
    carried = "、".join(f"{r.agency_id}（{r.power.code or '无编码'}）" for r in _first_powers(refs))
    item = {"code": code, "name": name, "aliases": aliases, "category": category,
            "basis": basis, "notes": [f"{lists} 份清单列有：{carried}"]}
    return {k: v for k, v in item.items() if v not in (None, [])}


def _first_powers(refs: list[PowerRef]) -> list[PowerRef]:
    seen: dict[str, PowerRef] = {}
    for ref in refs:
        seen.setdefault(ref.agency_id, ref)
    return list(seen.values())


def content_date(corpus: Corpus) -> str | None:
    """The latest date the lists give (published, editions, adjustments), or None."""
    dates = []
    for agency in corpus.agencies.values():
        dates += [agency.published, *(e.published for e in agency.editions), *(a.date for a in agency.adjustments)]
    dates = [d for d in dates if isinstance(d, dt.date)]
    return max(dates).isoformat() if dates else None


def derive_catalogue(corpus: Corpus, catalogue_id: str, min_lists: int = 2) -> dict:
    """A catalogue (plain data) of the powers that at least `min_lists` lists carry."""
    if unsafe_name(catalogue_id):
        raise QuanzeError(_('"{id}" cannot be a catalogue id: {why}').format(id=catalogue_id, why=unsafe_name(catalogue_id)))
    if min_lists < 2:
        raise QuanzeError(_("--min-lists {n}: a shared item needs at least 2 lists").format(n=min_lists))
    clusters = [c for c in _clusters(corpus) if len({r.agency_id for r in c}) >= min_lists]
    items = sorted((derive_item(c) for c in clusters), key=lambda i: (i.get("code") is None, i.get("code") or "", i["name"]))
    if not items:
        raise QuanzeError(_("no power is carried by {n} or more of the {lists} lists: "
                            "there is nothing to derive a catalogue from").format(n=min_lists, lists=len(corpus.agencies)))
    lists = "、".join(f"{a}（{corpus.agencies[a].name}，{corpus.agencies[a].admin_level}，{len(corpus.agencies[a].powers)} 项）"
                     for a in sorted(corpus.agencies))
    date = content_date(corpus)
    description = "\n".join([
        f"由命令“quanze catalogue derive {catalogue_id} --min-lists {min_lists}”从 content/agencies/ 的 "
        f"{len(corpus.agencies)} 份清单归纳而成：{lists}。",
        f"规则：职权编码相同（10 位，不计大小写）或名称相同（不计标点、空格和全半角）的职权视为同一项（可传递），"
        f"至少 {min_lists} 份清单列有的为一个通用事项；编码、名称、类别取列有该项的清单中最常见的"
        "（每份清单计一次；相同时编码取较小的，名称取机关编号在前的清单的，类别按类别表顺序）；"
        "编码不同或无编码的清单所用的其他名称列为别名（编码相同而名称不同的不列，报为改名）；依据取至少半数列有该项的清单引用的法规条文（按法规和条对照）；各项适用于省、市、县三级。",
        "所据内容的日期：" + (f"各清单所注最晚日期 {date}。" if date else "各清单均未注明公布日期，以上各清单文件的当前内容为准。"),
        f"内容改变后重新生成：quanze catalogue derive {catalogue_id} --min-lists {min_lists} "
        f"-o content/catalogues/{catalogue_id}.yaml。",
    ])
    data = {"title": "医疗保障部门通用权责事项参考目录（由各清单共有事项归纳）", "issuer": "本站编者（由各清单归纳，非官方目录）",
            "description": description, "items": items}
    Catalogue.model_validate(data)  # what is written reads back
    return data


def catalogue_yaml(data: dict) -> str:
    """The YAML text of a derived catalogue, fields in model order."""
    return dump(data, Catalogue, header=HEADER)

