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
from ..content.places import PROVINCES
from ..errors import QuanzeError
from ..i18n import _
from ..site.paths import ONE_SITE, Layout

OTHER = ("", "其他地区", "qita")

SHARD_BY = ("region", "agency")  # and "auto": see auto_by

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
    """The shards of a corpus, in id order; every agency in exactly one."""
    if by == "auto":
        by = auto_by(corpus)
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


def shard_map(shards: list[Shard]) -> dict[str, str]:
    """agency id -> id of the shard that holds it."""
    return {agency_id: shard.id for shard in shards for agency_id in shard.agencies}


# --- building ------------------------------------------------------------------------------

TOP = "top"
"""Id of the top sub-site (home, agency list, statutes, categories, site-wide search)."""


def layout_of(shards: list[Shard], split: bool = True) -> Layout:
    """The render layout of these shards: built as sites of their own, or (split=False) as
    folders of one site, as a preview server shows a big corpus."""
    return Layout(shard_map(shards), {shard.id: shard.title for shard in shards}, split)


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


AUTO_AGENCIES = 60
"""`--shard-by auto` shards above this many agencies (about 1,200 powers): one site's search
index then stays near 6 MB (about 100 KB an agency)."""


AUTO_PROVINCE_AGENCIES = 250
"""Above this many agencies in one province, `auto` shards by agency: a province's sub-site
indexes about 40 KB of text an agency, so 250 keep its search index under 10 MB."""


def auto_by(corpus: Corpus) -> str:
    """By region, unless one province alone holds more than AUTO_PROVINCE_AGENCIES agencies:
    then by agency (each agency a sub-site, with its own copy of the theme's files)."""
    largest = max((len(s.agencies) for s in plan(corpus, "region")), default=0)
    return "region" if largest <= AUTO_PROVINCE_AGENCIES else "agency"


def choose(corpus: Corpus, choice: str) -> str | None:
    """How to shard: None for one site, else "region" or "agency". `auto` shards a corpus of
    more than AUTO_AGENCIES agencies, by agency only when one province alone is too big."""
    if choice == "none" or (choice == "auto" and len(corpus.agencies) <= AUTO_AGENCIES):
        return None
    if choice == "auto":
        return auto_by(corpus)
    if choice not in SHARD_BY:
        raise QuanzeError(_("--shard-by {choice}: expected auto, none, {choices}").format(
            choice=choice, choices=_(" or ").join(SHARD_BY)))

    return choice


@dataclass(frozen=True)
class SitePlan:
    """The sub-sites of one build and where every page goes."""

    by: str | None
    """region, agency, or None: one site."""
    shards: list[Shard]
    layout: Layout

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
    return SitePlan(by, shards, layout_of(shards, split=split))


def listing(corpus: Corpus, choice: str) -> list[dict]:
    """The sub-sites of a sharded build, for `quanze shards`: the top site first."""
    top = {"id": TOP, "title": "全站（首页、机关、法律法规、职权类别）", "agencies": [], "powers": 0}
    return [top] + [shard.as_dict() for shard in plan(corpus, choice)]


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
