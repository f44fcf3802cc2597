"""Planning the sites of a build: one site, or a top site and one sub-site per province or agency.

A build is always a plan of sub-sites: a small corpus is a plan with one (the top site holds
every page); a big one gets one sub-site (shard) per province or per agency, each with the
pages of its agencies and its own search index, while statute and category pages and a light
site-wide index live at the top. Plans are made from the corpus alone, so `quanze shards
--json` can list them for a CI matrix and `quanze build --jobs N` can build them in parallel.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, field

from ..content.corpus import Corpus
from ..content.places import PROVINCES, places, short_place
from ..errors import QuanzeError
from ..i18n import _
from ..site.paths import ONE_SITE, Layout
from . import units
from .current import AUTO_AGENCIES

OTHER = ("", "其他地区", "qita")

SHARD_BY = ("region", "agency")  # and "auto": units by weight (see choose)

#: Names at the top of a sharded site that are not shards: the top site's folders and pages,
#: and the id of the top site itself (`--only top`).
RESERVED = {"api", "compare", "assets", "search", "statutes", "agencies", "categories", "catalogues", "same", "shards",
            "top", "index", "404", "sitemap", "javascripts", "stylesheets", "about", "open-data"}
"""Names a sub-site's folder never takes: the top site's own folders and files (a test renders a site
with every kind of page and checks that each top-level name is here)."""

_NOT_ID = re.compile(r"[^a-z0-9-]")


@dataclass
class Shard:
    """One sub-site: an id (its folder), a title and the agencies it holds."""

    id: str
    title: str
    agencies: list[str] = field(default_factory=list)
    powers: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def province(region: str) -> tuple[str, str, str]:
    """The province a region belongs to (by its leading name), or OTHER."""
    text = region.strip()
    for entry in PROVINCES:
        if text.startswith(entry[0]):
            return entry
    return OTHER


def shard_of(agency_id: str, region: str, by: str) -> tuple[str, str]:
    """(shard id, shard title) of an agency."""
    if by == "agency":
        return _safe_id(agency_id), agency_id
    _, full, shard_id = province(region)
    return shard_id, full


def _safe_id(text: str) -> str:
    shard_id = _NOT_ID.sub("-", text.lower()).strip("-") or "shard"
    return f"{shard_id}-shard" if shard_id in RESERVED else shard_id


def plan(corpus: Corpus, by: str) -> list[Shard]:
    """The shards of a corpus, in id order; every agency in exactly one. `auto`: units by weight."""
    if by == "auto":
        return weighed_units(corpus)
    if by not in SHARD_BY:
        raise QuanzeError(_("shard by {by!r}: expected one of {choices}").format(by=by, choices=", ".join(SHARD_BY)))
    shards: dict[str, Shard] = {}
    for agency_id in sorted(corpus.agencies):
        agency = corpus.agencies[agency_id]
        shard_id, title = shard_of(agency_id, agency.region, by)
        if by == "agency":
            title = agency.name
            while shard_id in shards:  # "top" became "top-shard": an agency of that id keeps its own
                shard_id += "-shard"
        shard = shards.setdefault(shard_id, Shard(shard_id, title))
        shard.agencies.append(agency_id)
        shard.powers += len(agency.powers)
    return [shards[k] for k in sorted(shards)]


# --- units by weight ------------------------------------------------------------------------

DEPARTMENTS = 3
"""The level below province (1), city (2) and county (3) at which a group splits into its agencies."""


def weighed_units(corpus: Corpus) -> list[Shard]:
    """Each province a unit; a province heavier than a unit may be split by city, a city by county,
    a county (or the agencies of a province or city above its counties) by department. Ids stay
    as agencies come and go: `guangdong`, `guangdong-shenzhen`, `guangdong-shenzhen-nanshan`, and an
    agency's own id for a department."""
    budget = units.LIMITS
    light = light_weight(corpus, light_powers(corpus))
    quotes = not statute_texts_fit(corpus)
    units.KEPT.load()
    weights = {agency_id: units.weigh(agency, quotes=quotes) for agency_id, agency in corpus.agencies.items()}
    units.KEPT.save()
    provinces: dict[tuple[str, str], list[str]] = {}
    for agency_id in sorted(corpus.agencies):
        _, full, shard_id = province(corpus.agencies[agency_id].region)
        provinces.setdefault((shard_id, full), []).append(agency_id)
    base = units.UNIT + units.Weight(index=light, bytes=units.INDEX_COPIES * light)
    found = [unit for (shard_id, full), members in provinces.items()
             for unit in _split(corpus, members, shard_id, full, 1, weights, base, budget)]
    return _distinct(corpus, found)


def _split(corpus: Corpus, members: list[str], unit_id: str, title: str, depth: int, weights: dict,
           base: units.Weight, budget: units.Weight) -> list[Shard]:
    """`members` as one unit if they fit, else split one level down (`depth`: 1 city, 2 county,
    DEPARTMENTS each agency), the parts packed in order into as few units as fit: a unit of several
    parts takes the first one's id and names the first and how many there are. A part too heavy
    alone is split further; the agencies without a place at that level are one part (the
    place's own id)."""
    def fits(group: list[str]) -> bool:
        return len(group) == 1 or sum((weights[a] for a in group), base).fits(budget)

    if fits(members):
        return [_unit(corpus, unit_id, title, members)]
    if depth >= DEPARTMENTS:
        parts = [_Part(_safe_id(a), corpus.agencies[a].name, corpus.agencies[a].name, [a], DEPARTMENTS)
                 for a in members]
        many = "{first}等 {n} 个机关"
    else:
        below: dict[str, list[str]] = {}
        above = []
        for agency_id in members:
            where = places(corpus.agencies[agency_id].region)
            (below.setdefault(where[depth], []) if len(where) > depth else above).append(agency_id)
        if not below:
            return _split(corpus, members, unit_id, title, depth + 1, weights, base, budget)
        parts = ([_Part(unit_id, title, "本级", above, DEPARTMENTS)] if above else []) + [
            _Part(f"{unit_id}-{place_id(place)}", title + place, place, below[place], depth + 1) for place in sorted(below)]
        many = "{first}等 {n} 地"
    found: list[Shard] = []
    packed: list[_Part] = []

    def close() -> None:
        if packed:
            first = packed[0]
            name = first.title if len(packed) == 1 else f"{title}（{many.format(first=first.label, n=len(packed))}）"
            found.append(_unit(corpus, first.id, name, [a for part in packed for a in part.members]))
            packed.clear()

    for part in parts:
        if not fits(part.members):
            close()
            found += _split(corpus, part.members, part.id, part.title, part.depth, weights, base, budget)
            continue
        if packed and not fits([a for other in packed for a in other.members] + part.members):
            close()
        packed.append(part)
    close()
    return found


@dataclass
class _Part:
    """A part of a group too heavy for one unit: a place below it, or one agency."""

    id: str
    title: str
    label: str
    members: list[str]
    depth: int


def _unit(corpus: Corpus, unit_id: str, title: str, members: list[str]) -> Shard:
    return Shard(unit_id, title, list(members), sum(len(corpus.agencies[a].powers) for a in members))


def _distinct(corpus: Corpus, found: list[Shard]) -> list[Shard]:
    """The units in id order, an id taken twice (an agency's id that is a place's) made distinct."""
    taken: dict[str, Shard] = {}
    for unit in sorted(found, key=lambda unit: (len(unit.agencies) == 1, unit.id, unit.agencies)):
        while unit.id in taken or unit.id in RESERVED:
            unit.id += "-shard"
        taken[unit.id] = unit
    return [taken[k] for k in sorted(taken)]


def place_id(place: str) -> str:
    """A place's part of a unit id: the pinyin of its short name (深圳市 -> shenzhen)."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(short_place(place), style=Style.NORMAL, errors=lambda text: [text])
    return _NOT_ID.sub("", "".join(syllables).lower()) or "place"


def light_powers(corpus: Corpus) -> bool:
    """Whether each unit's index finds the powers of the others by name: while their light entries
    weigh at most LIGHT_POWERS (else a unit's index finds the agencies and statutes of the others,
    and their powers from the agency's page)."""
    return _light_powers_weight(corpus) <= LIGHT_POWERS


LIGHT_POWERS = 1_000_000
"""Bytes of light entries for powers of other units every unit's index may carry (a third of it)."""


def _light_powers_weight(corpus: Corpus) -> int:
    """A power's light entry: its name, agency, code and category; a name more agencies list than a
    power page shows is one entry (search.light_entries). Worked out once for the agencies'
    content (a plan asks for it several times)."""
    key = tuple((agency_id, agency.digest) for agency_id, agency in sorted(corpus.agencies.items()))
    if _LIGHT_POWERS.get("key") != key:
        _LIGHT_POWERS.update(key=key, weight=_count_light_powers(corpus))
    return _LIGHT_POWERS["weight"]


_LIGHT_POWERS: dict = {}


def _count_light_powers(corpus: Corpus) -> int:
    from ..site.paths import ELSEWHERE_INLINE, name_key

    sharing: dict[str, int] = {}
    for ref in corpus.powers():
        key = name_key(ref.power.name)
        sharing[key] = sharing.get(key, 0) + 1
    shared = {key for key, count in sharing.items() if count > ELSEWHERE_INLINE + 1}
    alone = [f"{r.power.name}{r.agency.name}{r.power.code or ''}{r.power.category}{r.agency.name}{r.power.category}"
             for r in corpus.powers() if name_key(r.power.name) not in shared]
    return units.light_weight(alone + sorted(shared))


def light_weight(corpus: Corpus, with_powers: bool) -> int:
    """Bytes the light entries of every agency and statute (and power) add to a unit's index."""
    agencies = units.light_weight([f"{a.title}{a.name}{a.region}{a.name}" * 2 for a in corpus.agencies.values()])
    statutes = units.light_weight([f"{s.title}{s.level}{''.join(s.aliases)}" for s in corpus.statutes.values()])
    return agencies + statutes + (_light_powers_weight(corpus) if with_powers else 0)


def statutes_weight(corpus: Corpus, texts: bool = True) -> units.Weight:
    """What the statute pages (at the top of a sharded site) weigh, their texts searched or not.
    The agencies quoting each wording (`sources`) are not counted: a page names a few of them,
    and at 3,400 agencies they were 98 % of the characters of the statute files."""
    text = sum(units.text_size(statute) - sum(units.text_size(wording.sources) for article in statute.articles
                                              for wording in article.texts)
               for statute in corpus.statutes.values())
    count = len(corpus.statutes)
    index = round(units.INDEX_PER_STATUTE_CHAR * text * texts + units.INDEX_PER_STATUTE * count)
    return units.Weight(index, 2 * count, units.BYTES_PER_CHAR * text + units.BYTES_PER_STATUTE * count
                        + units.INDEX_COPIES * index)


def top_pages_weight(corpus: Corpus) -> units.Weight:
    """What the top site's pages about every power and agency weigh (the category pages, the list
    of agencies, same-name pages and `api/`), besides its statute pages and light entries."""
    powers = sum(len(agency.powers) for agency in corpus.agencies.values())
    return units.Weight(units.TOP_INDEX_PER_POWER * powers + units.TOP_INDEX_PER_AGENCY * len(corpus.agencies), 0,
                        units.TOP_BYTES_PER_POWER * powers)


def statute_texts_fit(corpus: Corpus) -> bool:
    """Whether the top site of a sharded build searches the statutes' texts: while they fit in
    its index with the light entries and its pages about every power and agency (the category
    pages list each power by name: 18 bytes a power), else each unit searches the quotes of its
    own lists."""
    light = light_weight(corpus, light_powers(corpus))
    top = units.UNIT.index + light + top_pages_weight(corpus).index
    return top + statutes_weight(corpus).index <= units.LIMITS.index


def shard_map(shards: list[Shard]) -> dict[str, str]:
    """agency id -> id of the shard that holds it."""
    return {agency_id: shard.id for shard in shards for agency_id in shard.agencies}


# --- building ------------------------------------------------------------------------------

TOP = "top"
"""Id of the top sub-site (home, agency list, statutes, categories, site-wide search)."""


def way_up(site: str) -> str:
    """The way from a sub-site's root to the top site's (`../` for a shard, "" for the top)."""
    return "" if site == TOP else "../" * (site.count("/") + 1)


def layout_of(shards: list[Shard], split: bool = True, statute_texts: bool = True) -> Layout:
    """The render layout of these shards: built as sites of their own, or (split=False) as
    folders of one site, as a preview server shows a big corpus; the statutes' texts searched
    on their pages or (statute_texts=False) the quotes on each unit's power pages."""
    return Layout(shard_map(shards), {shard.id: shard.title for shard in shards}, split, statute_texts)


#: Links between sub-sites point at HTML files MkDocs does not see in the sub-site it builds;
#: they are checked on the assembled site (tests/test_shard.py), not by each MkDocs build.
CROSS_SITE_VALIDATION = {
    "nav": {"not_found": "info", "omitted_files": "ignore"},
    "links": {"not_found": "info", "unrecognized_links": "info", "anchors": "warn", "absolute_links": "warn"},
}


def split_pages(pages, layout: Layout) -> dict[str, dict[str, str]]:
    """Rendered pages by sub-site (TOP or a shard id), paths relative to that sub-site."""
    sites: dict[str, dict[str, str]] = {TOP: {}}
    for page in pages:
        site = layout.site_of(page.path) if layout.split else None
        path = page.path[len(site) + 1:] if site else page.path
        sites.setdefault(site or TOP, {})[path] = page.text
    return sites


def overrides(site: str, title: str, site_name: str) -> dict:
    """MkDocs settings of a sub-site: for a shard its own name and a nav of its home page and
    the top site's sections; for every sub-site lenient checks of links that leave it."""
    if site == TOP:
        return {"validation": CROSS_SITE_VALIDATION}
    shown = html.escape(title)  # the theme prints names and nav titles as HTML: content is data
    return {"site_name": f"{site_name} · {shown}", "validation": CROSS_SITE_VALIDATION,
            "nav": [{"全站首页": "../index.html"}, {shown: "index.md"}, {"机关": "../agencies/index.html"},
                    {"法律法规": "../statutes/index.html"}, {"职权类别": "../categories/index.html"}]}


def select(sites, only: list[str] | None) -> list[str]:
    """The sub-sites to build: all, or those named (TOP and shard ids); unknown names refused."""
    if not only:
        return sorted(sites)
    unknown = [name for name in only if name not in sites]
    if unknown:
        raise QuanzeError(_('unknown shard(s): {shards} (see `quanze shards`; the top site is "{top}")').format(
            shards=", ".join(unknown), top=TOP))

    return sorted(set(only))




def choose(corpus: Corpus, choice: str) -> str | None:
    """How to shard: None for one site, else "region", "agency" or "auto" (units by weight).
    `auto` builds one site while it holds at most AUTO_AGENCIES agencies and weighs no more than a
    unit may (see units.LIMITS), else units by weight."""
    if choice == "none" or (choice == "auto" and one_site_fits(corpus)):
        return None
    if choice not in (*SHARD_BY, "auto"):
        raise QuanzeError(_("--shard-by {choice}: expected auto, none, {choices}").format(
            choice=choice, choices=_(" or ").join(SHARD_BY)))

    return choice


def one_site_fits(corpus: Corpus) -> bool:
    """Whether `auto` builds the corpus as one site."""
    if len(corpus.agencies) > AUTO_AGENCIES:
        return False
    weight = sum((units.weigh(agency, one_site=True) for agency in corpus.agencies.values()), units.UNIT)
    return (weight + statutes_weight(corpus)).fits(units.LIMITS)


@dataclass(frozen=True)
class SitePlan:
    """The sub-sites of one build and where every page goes."""

    by: str | None
    """region, agency, auto (units by weight), or None: one site."""
    shards: list[Shard]
    layout: Layout
    light_powers: bool = True
    """Whether each sub-site's index finds the powers of the others by name (see light_powers)."""

    @property
    def one_site(self) -> bool:
        return self.by is None

    @property
    def titles(self) -> dict[str, str]:
        return {shard.id: shard.title for shard in self.shards}


def plan_sites(corpus: Corpus, choice: str = "auto", *, split: bool = True) -> SitePlan:
    """The plan of a build (`split=False`: a preview, every shard a folder of one site)."""
    by = choose(corpus, choice)
    if by is None:
        return SitePlan(None, [], ONE_SITE)
    shards = plan(corpus, by)
    return SitePlan(by, shards, layout_of(shards, split=split, statute_texts=statute_texts_fit(corpus)),
                    light_powers(corpus))


def listing(corpus: Corpus, by: str | None) -> list[dict]:
    """The units of a build, for `quanze shards`: the top site first (alone when `by` is None: one
    site), each with its agencies, powers and estimated weight (search-index bytes, files, bytes)."""
    if by is None:
        whole = sum((units.weigh(a, one_site=True) for a in corpus.agencies.values()), units.UNIT)
        return [{"id": TOP, "title": "全站", "agencies": sorted(corpus.agencies),
                 "powers": sum(len(a.powers) for a in corpus.agencies.values()),
                 "estimate": (whole + statutes_weight(corpus)).as_dict()}]
    shards = plan(corpus, by)
    light = light_weight(corpus, light_powers(corpus))
    base = units.UNIT + units.Weight(index=light, bytes=units.INDEX_COPIES * light)
    texts = statute_texts_fit(corpus)
    top = {"id": TOP, "title": "全站（首页、机关、法律法规、职权类别）", "agencies": [], "powers": 0,
           "estimate": (base + statutes_weight(corpus, texts) + top_pages_weight(corpus)).as_dict()}
    return [top] + [{**shard.as_dict(), "estimate": sum((units.weigh(corpus.agencies[a], quotes=not texts)
                                                          for a in shard.agencies), base).as_dict()}
                    for shard in shards]


def changed_sites(corpus: Corpus, by: str, changed: list[str],
                  before: dict[str, set[tuple[str, str]]] | None = None) -> list[str]:
    """The sub-sites a change touches, for a CI matrix that builds only those: `changed` are
    paths relative to the project (`content/agencies/x.yaml` ...), `before` the (code, name) of
    the changed agencies' powers before the change. An agency file touches the top site and
    its own sub-site, and, where a power's code or name was added, changed or removed, the
    sub-sites of the agencies listing a power of that code or name (their pages link it as the
    same power elsewhere); anything else a build reads (a statute, a template, the
    configuration) touches every sub-site."""
    shards = plan(corpus, by)
    where = shard_map(shards)
    everything = [TOP] + [shard.id for shard in shards]
    agencies = set()
    for path in changed:
        parts = path.split("/")
        if len(parts) == 3 and parts[:2] == ["content", "agencies"] and parts[2].endswith((".yaml", ".yml")):
            agencies.add(parts[2].rsplit(".", 1)[0])
        elif path.startswith(("content/", "site_templates/")) or path in ("mkdocs.yml", "pyproject.toml"):
            return everything
    if not agencies:
        return []
    from ..site.index import Index
    from ..site.paths import name_key

    index = Index.of(corpus)
    now: dict[str, set[tuple[str, str]]] = {a: set() for a in agencies}
    for ref in corpus.powers():
        if ref.agency_id in agencies:
            now[ref.agency_id].add((ref.power.code or "", ref.power.name))
    touched = set(agencies)
    for agency_id in agencies:
        old = (before or {}).get(agency_id, set()) if before is not None else set()
        moved = now[agency_id] ^ old if before is not None else now[agency_id]
        for code, name in moved:
            peers = index.by_code.get(code, []) if code else []
            touched.update(peer.agency_id for peer in peers + index.by_name.get(name_key(name), []))
    return [TOP] + sorted({where[a] for a in touched if a in where})
