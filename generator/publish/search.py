"""Search across sub-sites: the light entries a sharded build adds to each sub-site's index.

Each sub-site indexes its own pages in full. So that a reader finds any agency, statute or
power by name from any page, every sub-site's index also gets a light entry (title and a
few words) for each page of the other sub-sites. They are computed from the corpus, not
from built HTML, and are plain text: the builder escapes them as its index needs.

With quanze's own search script (the default) they are in the site once, in the top site's
`search/light.js` (`light_script`); each sub-site's index names that file and its own id
(`light_config`), and the script adds the entries of the other sub-sites to its own. Material's
search (a project without the script) has them appended to each sub-site's index instead
(`entries_for`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..content.corpus import Corpus
from ..site.index import Index
from ..site.paths import ELSEWHERE_INLINE, Layout, agency_path, name_key, power_path, relpath, same_path, statute_path
from .plan import TOP, way_up
from .search_index import LIGHT_PREFIX, LIGHT_SCRIPT, agency_names, light_doc


@dataclass(frozen=True)
class Entry:
    """A light search entry: a page of the assembled site, found by its name from any sub-site."""

    path: str  # the HTML file in the assembled site
    site: str  # the sub-site whose own index has it (TOP, a shard id, or "": none)
    title: str
    text: str
    where: str = ""  # for a power: its agency and category, as its page says them
    names: tuple[str, ...] = ()  # for an agency: the names it is found by (search_index.agency_names)


def light_entries(corpus: Corpus, layout: Layout, powers: bool = True) -> list[Entry]:
    """What every sub-site can find of the others: each agency (by title, name and region), each
    statute (by title, level and aliases) and, with `powers` (plan.light_powers: while they weigh
    little enough), each power (by name, code, agency and category).

    A name that many agencies share (more than a power page lists) gets one entry, at the page
    of all powers of that name, instead of one per agency: the light index grows with the
    number of distinct names, not with the number of agencies.
    """
    def html(path: str) -> str:
        return layout.place(path).removesuffix(".md") + ".html"

    by_name = Index.of(corpus).by_name
    entries, shared = [], set()
    for agency_id in sorted(corpus.agencies):
        agency = corpus.agencies[agency_id]
        shard = layout.shards[agency_id]
        entries.append(Entry(html(agency_path(agency_id)), shard, agency.title, f"{agency.name} {agency.region}",
                             "" if agency.name in agency.title else agency.name, tuple(agency_names(agency.name))))
    for ref in corpus.powers() if powers else []:
        key = name_key(ref.power.name)
        group = by_name[key]
        if len(group) > ELSEWHERE_INLINE + 1:
            if key not in shared:
                shared.add(key)
                entries.append(Entry(html(same_path(ref.power.name)), "", ref.power.name,
                                     f"{len(group)} 个机关的清单列有这一职权 {ref.power.category}"))
            continue
        power, agency = ref.power, ref.agency
        entries.append(Entry(html(power_path(ref.agency_id, power.id)), layout.shards[ref.agency_id], power.name,
                             " ".join(x for x in (agency.name, power.code, power.category) if x), where_of(ref)))
    for statute_id in sorted(corpus.statutes):
        statute = corpus.statutes[statute_id]
        entries.append(Entry(html(statute_path(statute_id)), TOP, statute.title, " ".join([statute.level, *statute.aliases])))
    return entries


def where_of(ref) -> str:
    """`agency · category` of a power, worded as its page's line under the title."""
    power = ref.power
    category = power.category
    if power.category_as_published and power.category_as_published != power.category:
        category = f"{power.category}（清单写作“{power.category_as_published}”）"
    return f"{ref.agency.name} · {category}"


def entries_for(site: str, entries: list[Entry]) -> list[dict]:
    """The light entries a sub-site adds to its index: those of the other sub-sites, located
    relative to its root."""
    here = "index.html" if site == TOP else f"{site}/index.html"  # a page at the sub-site's root
    return [{"location": relpath(e.path, here), "title": e.title, "text": e.text,
             **({"where": e.where} if e.where else {}), **({"names": list(e.names)} if e.names else {})}
            for e in entries if e.site != site]


def light_config(site: str) -> dict:
    """What a sub-site's index says of the shared light entries: the file (relative to its root),
    the way from its root to the top site's (put before each entry's location) and its own id
    (its own entries are in its index already)."""
    up = way_up(site)
    return {"script": f"{up}{LIGHT_SCRIPT.as_posix()}", "prefix": up, "site": site}


def light_script(entries: list[Entry]) -> str:
    """The top site's `search/light.js`: every light entry, located from the top site's root,
    with the sub-site whose own index has it; titles and texts escaped as an index's are (the
    search script shows them as HTML)."""
    docs = [{"site": e.site, **light_doc({"location": e.path, "title": e.title, "text": e.text, "where": e.where,
                                            "names": list(e.names)})} for e in entries]
    return LIGHT_PREFIX + json.dumps({"docs": docs}, ensure_ascii=False, separators=(",", ":"))

