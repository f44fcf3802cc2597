"""Sharding: a big corpus built as independent sub-sites, one per province or per agency.

Each shard holds the pages of its agencies and its own search index; the statute pages and a
light site-wide index live at the top and are shared by all shards. Shards are planned here
from the corpus alone, so `quanze shards --json` can list them for a CI matrix and
`quanze build --shard-by region --jobs N` can build them in parallel processes.
"""

from __future__ import annotations

import gc
import html
import multiprocessing
import posixpath
import re
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .corpus import Corpus

#: The 31 provincial-level divisions: short name (as a region starts), full name, shard id.
PROVINCES: list[tuple[str, str, str]] = [
    ("北京", "北京市", "beijing"), ("天津", "天津市", "tianjin"), ("河北", "河北省", "hebei"),
    ("山西", "山西省", "shanxi"), ("内蒙古", "内蒙古自治区", "neimenggu"), ("辽宁", "辽宁省", "liaoning"),
    ("吉林", "吉林省", "jilin"), ("黑龙江", "黑龙江省", "heilongjiang"), ("上海", "上海市", "shanghai"),
    ("江苏", "江苏省", "jiangsu"), ("浙江", "浙江省", "zhejiang"), ("安徽", "安徽省", "anhui"),
    ("福建", "福建省", "fujian"), ("江西", "江西省", "jiangxi"), ("山东", "山东省", "shandong"),
    ("河南", "河南省", "henan"), ("湖北", "湖北省", "hubei"), ("湖南", "湖南省", "hunan"),
    ("广东", "广东省", "guangdong"), ("广西", "广西壮族自治区", "guangxi"), ("海南", "海南省", "hainan"),
    ("重庆", "重庆市", "chongqing"), ("四川", "四川省", "sichuan"), ("贵州", "贵州省", "guizhou"),
    ("云南", "云南省", "yunnan"), ("西藏", "西藏自治区", "xizang"), ("陕西", "陕西省", "shaanxi"),
    ("甘肃", "甘肃省", "gansu"), ("青海", "青海省", "qinghai"), ("宁夏", "宁夏回族自治区", "ningxia"),
    ("新疆", "新疆维吾尔自治区", "xinjiang"),
]
OTHER = ("", "其他地区", "qita")

SHARD_BY = ("region", "agency")  # and "auto": see auto_by

#: Names at the top of a sharded site that are not shards: the top site's folders and pages,
#: and the id of the top site itself (`--only top`).
RESERVED = {"assets", "search", "statutes", "agencies", "categories", "same", "shards", "top", "index", "404",
            "sitemap"}

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
        raise ValueError(f"shard by {by!r}: expected one of {', '.join(SHARD_BY)}")
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


def layout_of(shards: list[Shard], split: bool = True):
    """The render layout of these shards: built as sites of their own, or (split=False) as
    folders of one site, as a preview server shows a big corpus."""
    from .render import Layout

    return Layout(shard_map(shards), {shard.id: shard.title for shard in shards}, split)


#: Links between sub-sites point at HTML files MkDocs does not see in the sub-site it builds;
#: they are checked on the assembled site (tests/test_shard.py), not by each MkDocs build.
CROSS_SITE_VALIDATION = {
    "nav": {"not_found": "info", "omitted_files": "ignore"},
    "links": {"not_found": "info", "unrecognized_links": "info", "anchors": "warn", "absolute_links": "warn"},
}


def split_pages(pages, layout) -> dict[str, dict[str, bytes]]:
    """Rendered pages by sub-site (TOP or a shard id), paths relative to that sub-site."""
    sites: dict[str, dict[str, bytes]] = {TOP: {}}
    for page in pages:
        site = layout.site_of(page.path)
        path = page.path[len(site) + 1:] if site else page.path
        sites.setdefault(site or TOP, {})[path] = page.text.encode("utf-8")
    return sites


def write_docs(files: dict[str, bytes], docs_dir: Path) -> None:
    """One sub-site's docs folder: its pages and the site assets; only changed files rewritten."""
    from .build import asset_files, remove_stale, write_if_changed

    files = {**files, **asset_files()}
    for path, data in sorted(files.items()):
        write_if_changed(docs_dir / path, data)
    remove_stale(docs_dir, set(files))


def overrides(site: str, title: str, site_name: str) -> dict:
    """MkDocs settings of a sub-site: for a shard its own name and a nav of its home page and
    the top site's sections; for every sub-site lenient checks of links that leave it."""
    if site == TOP:
        return {"validation": CROSS_SITE_VALIDATION}
    shown = html.escape(title)  # the theme prints names and nav titles as HTML: content is data
    return {"site_name": f"{site_name} · {shown}", "validation": CROSS_SITE_VALIDATION,
            "nav": [{"全站首页": "../index.html"}, {shown: "index.md"}, {"机关": "../agencies/index.html"},
                    {"法律法规": "../statutes/index.html"}, {"职权类别": "../categories/index.html"}]}


@dataclass(frozen=True)
class Entry:
    """A light search entry: a page of the assembled site, found by its name from any sub-site."""

    path: str  # the HTML file in the assembled site
    site: str  # the sub-site whose own index has it (TOP, a shard id, or "": none)
    title: str
    text: str


def light_entries(corpus: Corpus, layout) -> list[Entry]:
    """What every sub-site can find of the others: each agency (by title, name and region), each
    statute (by title, level and aliases) and each power (by name, code, agency and category).

    A name that many agencies share (more than a power page lists) gets one entry, at the page
    of all powers of that name, instead of one per agency: the light index grows with the
    number of distinct names, not with the number of agencies.
    """
    from .render import ELSEWHERE_INLINE, Index, agency_path, name_key, power_path, same_path, statute_path

    def html(path: str) -> str:
        return layout.place(path).removesuffix(".md") + ".html"

    by_name = Index.of(corpus).by_name
    entries, shared = [], set()
    for agency_id in sorted(corpus.agencies):
        agency = corpus.agencies[agency_id]
        shard = layout.shards[agency_id]
        entries.append(Entry(html(agency_path(agency_id)), shard, agency.title, f"{agency.name} {agency.region}"))
    for ref in corpus.powers():
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
                             " ".join(x for x in (agency.name, power.code, power.category) if x)))
    for statute_id in sorted(corpus.statutes):
        statute = corpus.statutes[statute_id]
        entries.append(Entry(html(statute_path(statute_id)), TOP, statute.title, " ".join([statute.level, *statute.aliases])))
    return entries


def entries_for(site: str, entries: list[Entry]) -> list[dict]:
    """The light entries a sub-site adds to its index: those of the other sub-sites, located
    relative to its root."""
    root = "." if site == TOP else site
    return [{"location": posixpath.relpath(e.path, root), "title": e.title, "text": e.text}
            for e in entries if e.site != site]


@dataclass
class Job:
    """One sub-site to build with MkDocs."""

    site: str
    config_file: Path
    docs_dir: Path
    site_dir: Path
    overrides: dict
    search: list[dict] = field(default_factory=list)


def build_job(job: Job) -> tuple[str, list[str], float]:
    """Build one sub-site (in a worker process), add the light entries of the other sub-sites to its
    search index; return its id, MkDocs warnings and seconds."""
    from . import mkdocs_hook

    started = time.monotonic()
    warnings = mkdocs_hook.build_prerendered(job.config_file, job.docs_dir, job.site_dir, job.overrides)
    mkdocs_hook.extend_search_index(job.site_dir, job.search)
    return job.site, warnings, time.monotonic() - started


def run_jobs(jobs, workers: int) -> list[tuple[str, list[str], float]]:
    """Build the sub-sites in `workers` processes (1: in this process). `jobs` may be a generator
    that prepares each job as it is asked for: the workers build the first sub-sites while
    this process still writes the docs of the next."""
    if workers <= 1:
        return [build_job(job) for job in jobs]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    gc.freeze()  # forked workers share the corpus; a collection there would copy every page of it
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(build_job, job) for job in jobs]
        return [future.result() for future in futures]


def select(sites: dict, only: list[str] | None) -> list[str]:
    """The sub-sites to build: all, or those named (TOP and shard ids); unknown names refused."""
    if not only:
        return sorted(sites)
    unknown = [name for name in only if name not in sites]
    if unknown:
        from .errors import QuanzeError

        raise QuanzeError(f"unknown shard(s): {', '.join(unknown)} (see `quanze shards`; the top site is \"{TOP}\")")
    return sorted(set(only))


def build_sharded(content_dir: Path, site_dir: Path, by: str = "region", jobs: int = 1, only: list[str] | None = None,
                  strict: bool = True) -> str:
    """Build the corpus as a top site and one sub-site per shard; replace `site_dir` on success."""
    from .build import config_file, fail_if_warned, mark_site, refuse_site_dir, replace_dir, work_dir
    from .fastload import load_corpus_fast
    from .render import render_site

    started = time.monotonic()
    refuse_site_dir(site_dir, content_dir)
    content_dir, site_dir = Path(content_dir).resolve(), Path(site_dir).resolve()
    corpus = load_corpus_fast(content_dir)
    loaded = time.monotonic()
    shards = plan(corpus, by)
    layout = layout_of(shards)
    sites = split_pages(render_site(corpus, offer_zip=False, layout=layout), layout)
    rendered = time.monotonic()
    chosen = select(sites, only)
    config = config_file()
    site_name = _site_name(config)
    titles = {shard.id: shard.title for shard in shards}
    entries = light_entries(corpus, layout)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = work_dir(site_dir)
    try:
        def prepared():  # the biggest sub-sites first: the last to finish is a small one
            for site in sorted(chosen, key=lambda name: -len(sites[name])):
                write_docs(sites.pop(site), work / "docs" / site)
                yield Job(site, config, work / "docs" / site, work / "built" / site,
                          overrides(site, titles.get(site, ""), site_name), entries_for(site, entries))

        results = run_jobs(prepared(), min(jobs, len(chosen)))
        built = time.monotonic()
        warnings = [f"{site}: {w}" for site, found, _ in results for w in found]
        fail_if_warned(warnings, strict)
        assemble(work / "built", work / "site", chosen)
        mark_site(work / "site")
        replace_dir(work / "site", site_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    powers = sum(len(a.powers) for a in corpus.agencies.values())
    return (f"built {site_dir}: {pages} pages in {len(chosen)} sub-site(s) of {len(shards) + 1} "
            f"({len(corpus.agencies)} agencies, {powers} powers, {len(corpus.statutes)} statutes), "
            f"{len(warnings)} warnings, {time.monotonic() - started:.1f} s (load {loaded - started:.1f} s, "
            f"render {rendered - loaded:.1f} s, write and MkDocs {built - rendered:.1f} s "
            f"in {min(jobs, len(chosen))} process(es))")


def assemble(built: Path, target: Path, sites: list[str]) -> None:
    """The top site at the root, each shard in its folder."""
    if TOP in sites:
        (built / TOP).rename(target)
    target.mkdir(parents=True, exist_ok=True)
    for site in sites:
        if site != TOP:
            (built / site / "404.html").unlink(missing_ok=True)  # the top site's serves every folder
            (built / site).rename(target / site)


def _site_name(config: Path) -> str:
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # tags such as !ENV
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader) or {}
    return str(data.get("site_name") or "quanze")


AUTO_AGENCIES = 60
"""`--shard-by auto` shards above this many agencies (about 1,200 powers): one site's search
index then stays near 6 MB (about 100 KB an agency)."""


def shard_by(content_dir: Path, choice: str) -> str | None:
    """How to shard a build: None for one site; "region", "agency", or "auto" (decided by `plan`
    once the corpus is loaded). "auto" is one site up to AUTO_AGENCIES agency files (counted
    before anything is loaded)."""
    if choice == "none":
        return None
    if choice != "auto":
        return choice
    agencies = sum(1 for _ in (Path(content_dir) / "agencies").glob("*.yaml"))
    return "auto" if agencies > AUTO_AGENCIES else None


AUTO_PROVINCE_AGENCIES = 250
"""Above this many agencies in one province, `auto` shards by agency: a province's sub-site
indexes about 40 KB of text an agency, so 250 keep its search index under 10 MB."""


def auto_by(corpus: Corpus) -> str:
    """By region, unless one province alone holds more than AUTO_PROVINCE_AGENCIES agencies:
    then by agency (each agency a sub-site, with its own copy of the theme's files)."""
    largest = max((len(s.agencies) for s in plan(corpus, "region")), default=0)
    return "region" if largest <= AUTO_PROVINCE_AGENCIES else "agency"


def listing(content_dir: Path, by: str) -> list[dict]:
    """The sub-sites of a sharded build, for `quanze shards`: the top site first."""
    from .fastload import load_corpus_fast

    corpus = load_corpus_fast(Path(content_dir))
    top = {"id": TOP, "title": "全站（首页、机关、法律法规、职权类别）", "agencies": [], "powers": 0}
    return [top] + [shard.as_dict() for shard in plan(corpus, by)]
