"""The build, top to bottom: the one orchestrator of every build, one site or many.

    is it built already          current.check            (the inputs' fingerprint; nothing changed: done)
    read the content once        content.read_corpus      (load -> validate -> model)
    plan the sites               plan.plan_sites          (one site is a plan with one sub-site)
    render every page            render.render_site       (pure; the layout passed in)
    check every link             links.check_links        (each link to a rendered page and anchor)
    write the docs folders       docs.write_docs
    run the builder on each      builders.<name>.build    (MkDocs + Material, or Zensical)
    post-steps                   search entries, zip
    swap the site in             sitedir.swap_in          (the previous site stays until then)

`render_docs` is the front half alone, for a preview server and for the MkDocs hook that
serves plain `mkdocs build` and `mkdocs serve`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

from ..cachekey import set_aside
from ..content.corpus import Corpus
from ..content.reader import load_corpus
from ..fileio import user_store_dir
from ..i18n import _
from ..opendata import data_files, stored_agency_files
from ..opendata.dates import build_date
from ..processes import Workers
from ..project import PACKAGED_TEMPLATES, SOURCES_FOLDER, Project
from ..site.data_paths import API
from ..site.paths import agency_path
from ..site.render import Beside, PageCache, PageStore, render_site
from . import links, units
from .assemble import UNIT_MARKER, write_unit_marker
from .builders import BuildJob, Reuse, builder
from .current import BuildOptions, Check, check
from .docs import asset_files, original_files, own_templates, write_docs
from .plan import TOP, SitePlan, overrides, plan_sites, select, split_pages, way_up
from .search import entries_for, light_config, light_entries, light_script
from .search_index import LIGHT_SCRIPT
from .sitedir import SITE_MARKER, link_tree, swap_in, work_dir, write_site_zip
from .state import (
    BuildState,
    SiteState,
    fingerprint,
    site_listing,
    with_folders,
    write_state,
)


def build(project: Project, site_dir: Path, options: BuildOptions = BuildOptions(), checked: Check | None = None) -> str:
    """Build the project's site into `site_dir`, replacing it only on success; return a summary.
    Sub-sites whose inputs did not change since the previous build are taken from it (`checked`:
    `current.check` of the same arguments, when the caller has done it)."""
    found = checked or check(project, site_dir, options)
    if found.current:
        return found.summary(site_dir)
    clock = Clock(found.started)
    site_dir = Path(site_dir).resolve()
    make = builder(options.builder)
    previous, listed, environment, whole, inputs = found.previous, found.listed, found.environment, found.whole, found.inputs
    corpus = read_corpus(project)
    clock.lap("load")
    plan = plan_sites(corpus, options.shard_by)
    select(dict.fromkeys([TOP, *plan.titles]), list(options.only))  # (an unknown unit refused before any work)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = work_dir(site_dir)
    try:
        with Workers(options.jobs if options.jobs > 1 else 0, fresh=None) as workers:  # (the jobs carry their pages)
            chosen, warnings, heavy, reused, pages = _build_in(project, corpus, plan, options, workers, work,
                                                               site_dir, (previous, listed or []), inputs, whole,
                                                               environment, make, clock)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    clock.lap("assemble and swap")
    return "\n".join([summary(site_dir, pages, corpus, plan, chosen, warnings, options, clock, reused),
                      *(_("warning: ") + line for line in heavy)])


def _build_in(project: Project, corpus: Corpus, plan: SitePlan, options: BuildOptions, workers: Workers, work: Path,
              site_dir: Path, before: tuple, inputs: str, whole: str, environment: str, make, clock: Clock):
    """The build after the content is read and the sites planned, in the folder `work` beside the
    site, with the build's `workers` and `before`, the previous build's state and its site's
    listing: the sub-sites built (or kept), the number of warnings, the lines of units past the
    limits, the number of sub-sites kept and of pages in the site."""
    previous, listed = before
    offer_zip = plan.one_site and options.zip_site
    date = build_date()
    later: list = []  # (the page store's save: done while the builder works)
    pages, data = render_pages_and_files(project, corpus, plan, offer_zip=offer_zip, date=date, clock=clock,
                                         jobs=options.jobs, later=later, only=set(options.only))
    site_wide = {path: data[path] for path in data if path.startswith(API)}  # no page links them: written
    light = light_entries(corpus, plan.layout, plan.light_powers) if not plan.one_site else []
    shared = bool(light) and make.shares_light_entries(project.config_file)
    if shared:
        site_wide[LIGHT_SCRIPT.as_posix()] = light_script(light).encode()
    sites = add_files(split_pages(pages, plan.layout), {p: d for p, d in data.items() if p not in site_wide},
                      plan.layout)  # after the builder, so an edit does not rebuild the top site for them
    chosen = select(sites, list(options.only))
    planned = sorted(sites)
    state = BuildState(inputs)
    broken = []

    def check_links():  # while the builder runs: nothing is swapped in before it is done
        broken.extend(links.check_links(pages, asset_files(project), [*data, *([links.ZIP_PATH] if offer_zip else [])],
                                        options.strict, links.LinkMemo(store_name(project, "build"))))
        pages.clear()  # each sub-site's job holds its own pages till it is built: a text handed to a
        clock.lap("link check")  # worker keeps a UTF-8 copy of itself (pickled), freed with the text
        for step in later:
            step()
        later.clear()
        clock.lap("pages kept")
    moved: dict[str, Path] = {}  # (the kept sub-sites moved in from the previous site, just before the swap)
    jobs = prepared_jobs(project, plan, sites, chosen, work, make, previous, state, site_dir,
                         environment, (light, shared), clock, moved)
    results = run_jobs(make, jobs, min(options.jobs, len(chosen)), clock, workers, meanwhile=check_links,
                       discard_docs=True)
    for site, found in results:
        state.sites[site].warnings = found
    warnings = broken + [f"{site}: {w}" if not plan.one_site else w
                         for site in chosen for w in state.sites[site].warnings]
    fail_if_warned(warnings, options.strict)
    assemble(work / "built", work / "site", [site for site in chosen if site not in moved])
    if TOP in chosen:
        write_files(work / "site", site_wide)
    if offer_zip and len(results):
        write_site_zip(work / "site")
    if options.only:
        write_unit_marker(work / "site", whole, planned, chosen)
    listing = site_listing(work / "site")  # (one walk of the site: the limits, the record, the summary)
    listing = with_folders(listing, listed, set(moved))  # (their files as the walk of the previous site found them)
    heavy = over_limits(work / "site", plan, chosen, listing, moved)
    fail_if_heavy({unit: lines for unit, lines in heavy.items() if unit != TOP}, plan, options.strict)
    heavy = [line for lines in heavy.values() for line in lines]
    if not plan.one_site and not options.only:  # (a unit built alone is not the whole site)
        heavy += units.site_over_limit(sum(entry[1] for entry in listing if entry[0] not in (SITE_MARKER, UNIT_MARKER)))
    write_state(work / "site", state, site_dir, listing, moved)
    swap_in(work / "site", site_dir, moved)
    pages = sum(1 for entry in listing if entry[0].endswith(".html"))
    return chosen, len(warnings), heavy, len(chosen) - len(results), pages


class Clock:
    """Seconds spent in each stage of a build, for its summary (a stage may be timed in pieces)."""

    def __init__(self, started: float | None = None) -> None:
        self.started = self.last = time.monotonic() if started is None else started
        self.stages: dict[str, float] = {}
        self.builds: dict[str, float] = {}
        """Seconds of the builder on each sub-site (in its own process: part of a stage)."""

    def lap(self, stage: str) -> None:
        """Count the time since the last lap to `stage`."""
        now = time.monotonic()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - self.last
        self.last = now

    def total(self) -> float:
        return time.monotonic() - self.started

    def split(self) -> str:
        """Each stage's seconds, then the slowest sub-sites' builds."""
        slowest = sorted(self.builds.items(), key=lambda item: -item[1])[:3]
        return ", ".join([f"{stage} {seconds:.1f} s" for stage, seconds in self.stages.items()]
                         + [f"{site} built in {seconds:.1f} s" for site, seconds in slowest])


def read_corpus(project: Project) -> Corpus:
    """The content, read once: the corpus, or ContentError listing every error with file:line."""
    return load_corpus(project.content_dir, fast=True)


def page_store(project: Project, purpose: str) -> PageStore:
    """The pages of this project's previous render (a build's, or a preview's), kept between runs.
    What no page names as its input (the content beside the agencies and statutes, the original
    files of the lists) is part of every page's key."""
    content = project.content_dir.resolve()
    beside = [path for path in sorted(content.iterdir()) if path.name not in ("agencies", "statutes")] \
        if content.is_dir() else []
    beside.append(content.parent / SOURCES_FOLDER)
    return PageStore(store_name(project, purpose), fingerprint([path.name for path in beside], beside),
                     encoded=purpose == "build")


def store_name(project: Project, purpose: str) -> str:
    """The name of this project's stores of a build's (or a preview's) pages and their links."""
    return f"{purpose}\0{project.content_dir.resolve()}"


def add_files(sites: dict, files: dict[str, bytes], layout) -> dict:
    """Data files (at their places in the assembled site) added to the sub-sites that hold them."""
    for path, data in files.items():
        site = layout.site_of(path) if layout.split else None
        sites.setdefault(site or TOP, {})[path[len(site) + 1:] if site else path] = data
    return sites


def write_files(root: Path, files: dict[str, bytes]) -> None:
    """Files written into the assembled site (a file linked from the previous site is replaced, not
    changed; one that holds these very bytes already is left as it is)."""
    for path, data in files.items():
        target = root / path
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            continue
        target.unlink(missing_ok=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def prepared_jobs(project: Project, plan: SitePlan, sites: dict, chosen: list[str], work: Path, make,
                  previous: BuildState, state: BuildState, site_dir: Path, environment: str, search: tuple,
                  clock: Clock | None = None, moved: dict[str, Path] | None = None):
    """The builder's jobs, biggest sub-site first (the last to finish is a small one). A
    generator: each docs folder is written as its job is asked for, so workers build the first
    sub-sites while this process still writes the next. `search`: the light entries of the
    sub-sites (search.light_entries) and whether they are shared, one file of the top site
    (else each sub-site's index gets those of the others). A sub-site built before from the same
    inputs is no job: its files are linked from the previous site (and its search entries from
    the other sub-sites refreshed if only they changed), after the last job is handed out, while
    the workers build; or, given `moved`, a kept sub-site (not the top site) whose entries are
    unchanged is put there (name -> its folder in the previous site), for the caller to move in
    whole before the swap (`sitedir.swap_in`)."""
    clock = clock or Clock()
    custom_dir = theme_overrides(project, work)
    assets = asset_files(project)
    entries, shared = search
    config = project.config_file
    name = site_name(config) if not plan.one_site else ""
    records = user_store_dir("built", store_name(project, "build")) if make.IN_MEMORY else None
    if records is not None:
        forget_records(records, set(sites))
    frame = fingerprint(environment, assets)  # (with a sub-site's settings: all its pages are made of but their texts)
    kept = []
    for site in sorted(chosen, key=lambda name: -len(sites[name])):
        files = {**sites.pop(site), **assets}
        settings = overrides(site, plan.titles.get(site, ""), name) if not plan.one_site else {}
        others = entries_for(site, entries) if entries and not shared else []
        light = light_config(site) if shared else {}
        now = SiteState(fingerprint(environment, files, settings),
                        fingerprint(json.dumps([others, light], ensure_ascii=False)), len(others))
        # (the entries as one text: a digest of each of their parts takes seconds)
        before = previous.sites.get(site)
        state.sites[site] = now
        source = site_dir if site == TOP else site_dir / site
        clock.lap("fingerprints")
        if before is not None and before.build == now.build and source.is_dir():
            kept.append((site, source, before, now, others, light))
            continue
        docs = work / "docs" / site
        reuse = None if records is None else Reuse(
            record_path(records, site),
            fingerprint(frame, settings, way_up(site)), now.build,
            source if before is not None and source.is_dir() else None, before.build if before is not None else None)
        if make.IN_MEMORY:
            docs.mkdir(parents=True, exist_ok=True)  # (MkDocs wants a docs folder; the docs come with the job)
        else:
            write_docs(files, docs)
            clock.lap("docs written")
        yield BuildJob(site, config, docs, work / "built" / site, custom_dir, settings, others, light,
                       files=files if make.IN_MEMORY else None, reuse=reuse, theme_up=way_up(site))
    for site, source, before, now, others, light in kept:
        if moved is not None and site != TOP and before.entries == now.entries:
            moved[site] = source
            now.warnings = before.warnings
            continue
        link_tree(source, work / "built" / site, skip={SITE_MARKER, UNIT_MARKER, *previous.sites} if site == TOP
                  else set())
        clock.lap("kept sub-sites linked")
        if before.entries != now.entries:
            make.refresh_entries(work / "built" / site, before.appended, others, config, light)
            clock.lap("search entries refreshed")
        now.warnings = before.warnings


def record_path(records: Path, site: str) -> Path:
    """Where a sub-site's build records what it made of its pages (builders.mkdocs_kept)."""
    return records / f"{hashlib.sha256(site.encode()).hexdigest()[:32]}.pickle"


def forget_records(records: Path, planned: set[str]) -> None:
    """Remove the records of sub-sites the plan no longer has (a unit split or merged by an
    edit, another plan): each holds what a build made of thousands of pages."""
    kept = {record_path(records, site).name for site in planned}
    try:
        for entry in os.scandir(records):
            if entry.name.endswith(".pickle") and entry.name not in kept:
                os.unlink(entry.path)
    except OSError as exc:  # (a cache costs room, not correctness)
        set_aside(f"{records}: {exc.strerror or exc}")


def page_templates(project: Project) -> list[Path]:
    """The folders of the page templates, the project's first: a link among its own is refused
    (see docs.own_templates) before Jinja reads any."""
    own_templates(project, "pages")
    return project.template_dirs("pages")


def theme_overrides(project: Project, work: Path) -> Path:
    """The theme's custom_dir: quanze's overrides, with the project's files of the same name over
    them (read through no link: see docs.own_templates)."""
    own = own_templates(project, "overrides")
    if not own:
        return PACKAGED_TEMPLATES / "overrides"
    merged = work / "overrides"
    shutil.copytree(PACKAGED_TEMPLATES / "overrides", merged, dirs_exist_ok=True)
    write_files(merged, own)
    return merged


def site_name(config_file: Path) -> str:
    from .builders.mkdocs import site_name as configured

    return configured(config_file)


def run_jobs(make, jobs, count: int, clock: Clock | None = None, workers: Workers | None = None, meanwhile=None,
             discard_docs: bool = False) -> list[tuple[str, list[str]]]:
    """Build the sub-sites in this process (`count` 1, or no `workers`), else in the build's
    `workers`; `meanwhile` is called once every job is handed out (in this process, before the
    first); with `discard_docs`, each job's docs folder is removed once it is built. The clock gets
    the time spent waiting for the builder, and each sub-site's own build time."""
    clock = clock or Clock()
    results = []
    if count <= 1 or workers is None or workers.executor is None:
        if meanwhile is not None:
            meanwhile()  # (first: nothing runs beside it here)
        for job in jobs:
            results.append((job.site, timed_build(make.NAME, job, discard_docs)))
            clock.lap(make.NAME)
    else:
        handed = [(job.site, future) for (_, job, _), future in  # (not the jobs: each one's pages are let
                  workers.hand_out(timed_build, ((make.NAME, job, discard_docs) for job in jobs))]  # go once built)
        clock.lap("jobs handed out")  # (and for a builder that reads a docs folder, the folders written)
        if meanwhile is not None:
            meanwhile()
        results = [(site, future.result()) for site, future in handed]
        clock.lap(make.NAME)
    clock.builds.update((site, seconds) for site, (_, seconds) in results)
    return [(site, found) for site, (found, _) in results]


def timed_build(name: str, job: BuildJob, discard_docs: bool = False) -> tuple[list[str], float]:
    """The builder's warnings for one sub-site, and the seconds it took (`discard_docs`: its docs
    folder removed then, by the worker that built it, rather than all at the end by the build)."""
    started = time.monotonic()
    try:
        return builder(name).build(job), time.monotonic() - started
    finally:
        if discard_docs:
            shutil.rmtree(job.docs_dir, ignore_errors=True)


def over_limits(site: Path, plan: SitePlan, chosen: list[str], listing: list,
                elsewhere: dict[str, Path] | None = None) -> dict[str, list[str]]:
    """What each sub-site built weighs past the hosting limits (units.LIMITS), one line a limit,
    by sub-site (only those past one), from the listing of the assembled site's files
    (`state.site_listing`; a build's markers left out); the sub-sites in `elsewhere` are at the
    folders it names."""
    elsewhere = elsewhere or {}
    held: dict[str, list[tuple[str, int]]] = {}
    shards = set(plan.titles) - {TOP}
    for path, size, *_times in listing:
        first, _slash, rest = path.partition("/")
        unit = first if rest and first in shards else TOP
        if path not in (SITE_MARKER, UNIT_MARKER):
            held.setdefault(unit, []).append((rest if unit != TOP else path, size))
    found = {}
    for unit in chosen:
        root = site if unit == TOP else elsewhere.get(unit, site / unit)
        lines = units.over_limits(unit, units.measure_listed(root, held.get(unit, [])))
        if lines:
            found[unit] = lines
    return found


def fail_if_heavy(heavy: dict[str, list[str]], plan: SitePlan, strict: bool) -> None:
    """A plan by weight (`--shard-by auto`) promises units within the limits: in strict mode a unit
    past them fails the build; a plan the user chose only reports them. The top site is not
    split by weight yet (its statute pages and the light entries of every unit are one unit):
    the caller reports it, and leaves it out of `heavy`."""
    if heavy and strict and plan.by == "auto":
        from ..errors import QuanzeError

        lines = [line for found in heavy.values() for line in found]
        raise QuanzeError(_("build failed: {n} sub-site(s) past the limits of a deploy unit:").format(n=len(heavy))
                          + "\n" + "\n".join(lines))


def fail_if_warned(warnings: list[str], strict: bool) -> None:
    """In strict mode, builder warnings fail the build (nothing is replaced)."""
    if strict and warnings:
        from ..errors import QuanzeError

        raise QuanzeError(_("build failed with {n} warning(s) in strict mode:").format(n=len(warnings)) + "\n"
                          + "\n".join(warnings))


def assemble(built: Path, target: Path, sites: list[str]) -> None:
    """The top site at the root, each shard in its folder."""
    if TOP in sites:
        (built / TOP).rename(target)
    target.mkdir(parents=True, exist_ok=True)
    for site in sites:
        if site != TOP:
            (built / site / "404.html").unlink(missing_ok=True)  # the top site's serves every folder
            (built / site).rename(target / site)


def summary(site_dir: Path, pages: int, corpus: Corpus, plan: SitePlan, chosen: list[str], warnings: int,
            options: BuildOptions, clock: Clock, reused: int = 0) -> str:
    powers = sum(len(a.powers) for a in corpus.agencies.values())
    counts = _("{agencies} agencies, {powers} powers, {statutes} statutes").format(
        agencies=len(corpus.agencies), powers=powers, statutes=len(corpus.statutes))
    if plan.one_site:
        kept = _(", unchanged and kept") if reused else ""
        return _("built {site}: {pages} pages ({counts}){kept}, {warnings} warnings, {seconds:.1f} s").format(
            site=site_dir, pages=pages, counts=counts, kept=kept, warnings=warnings, seconds=clock.total())
    kept = _(", {reused} unchanged and kept").format(reused=reused) if reused else ""
    return _("built {site}: {pages} pages in {chosen} sub-site(s) of {sites}{kept} ({counts}), {warnings} warnings, "
             "{seconds:.1f} s in {jobs} process(es) ({split})").format(
        site=site_dir, pages=pages, chosen=len(chosen), sites=len(plan.shards) + 1, kept=kept, counts=counts,
        warnings=warnings, seconds=clock.total(), jobs=min(options.jobs, len(chosen)), split=clock.split())



# --- the front half alone: previews and the MkDocs hook -------------------------------------

#: Pages rendered in this process, reused by the next render of the same content (a preview
#: server renders again after each edit: only the pages the edit touched are rendered anew).
PAGE_CACHE = PageCache()
#: The data files of each agency rendered in this process, reused while its content is unchanged.
DATA_CACHE: dict = {}


def render_pages_and_files(project: Project, corpus: Corpus, plan: SitePlan, *, offer_zip: bool, date=None,
                           clock: Clock | None = None, jobs: int | None = None,
                           later: list | None = None, only: set[str] | None = None) -> tuple[list, dict[str, bytes]]:
    """The front half of every build, preview and hook, after the content is read and the sites
    planned: every page rendered, every data file and original file made. A build (`jobs`: the
    processes it renders in, which also make the agencies' data files) keeps its pages in the
    page store between runs; a preview or the hook (no `jobs`) also keeps them, and the data
    files, in this process (PAGE_CACHE, DATA_CACHE), so that after an edit only what it touched
    is made again. A build of `only` some units renders their pages (the others are listed
    without their text: the link check takes them as there) and makes their agencies' data
    files, and the site's own only with the top site."""
    preview = jobs is None
    cache = {"cache": PAGE_CACHE, "store": None if PAGE_CACHE.pages else page_store(project, "preview")} if preview \
        else {"store": page_store(project, "build")}
    date = date or build_date()
    layout = plan.layout
    unit = (lambda placed: (layout.site_of(placed) if layout.split else None) or TOP) if only else None
    whole = not only or TOP in only  # (the site's own data files are the top site's: made from every agency)
    agencies = None if preview else Beside(lambda agency_id: stored_agency_files(
        agency_id, corpus.agencies[agency_id], date, layout.sharded),
        [a for a in sorted(corpus.agencies) if whole or unit(layout.place(agency_path(a))) in only])
    pages = render_site(corpus, offer_zip=offer_zip, layout=layout, templates=page_templates(project), **cache,
                        jobs=jobs or 1, beside=agencies, later=later,
                        wanted=(lambda placed: unit(placed) in only) if only else None)
    if clock:
        clock.lap("render")
    made = {"cache": DATA_CACHE} if preview else {"agencies": {path: data for files in agencies.results
                                                               for path, data in files.items()}}
    data = {**data_files(corpus, layout, pages, date, **made, whole=whole),
            **original_files(corpus, layout, project.content_dir)}
    if clock:
        clock.lap("data files")
    return pages, data


def render_docs(project: Project, docs_dir: Path, *, offer_zip: bool = True, shard_by: str = "auto") -> list[str]:
    """Render the project into one docs folder (a big corpus in province folders of one site);
    return the paths written. Content errors raise ContentError before anything is written."""
    corpus = read_corpus(project)
    plan = plan_sites(corpus, shard_by, split=False)
    pages, data = render_pages_and_files(project, corpus, plan, offer_zip=offer_zip)
    files: dict[str, str | bytes] = {page.path: page.text for page in pages}
    return write_docs({**files, **data, **asset_files(project)}, docs_dir)


def serve(project: Project, dev_addr: str = "127.0.0.1:8000") -> None:
    """Preview with live reload: edits in content/ or site_templates/ re-render what they touch,
    and only the sub-sites whose pages changed are built again."""
    from .builders import mkdocs

    read_corpus(project)  # content errors before the server starts
    work = project.root / ".build"
    mkdocs.serve(lambda: preview_jobs(project, work / "preview"), project.watched(), [work.resolve()], dev_addr)


def preview_jobs(project: Project, docs_root: Path) -> list[tuple[BuildJob, bool]]:
    """Render the project as a build lays it out into one docs folder per sub-site under
    `docs_root` (only pages that changed are written); return each sub-site's job and whether
    its docs changed. A preview keeps the pages and data files it rendered (PAGE_CACHE,
    DATA_CACHE): after an edit only the pages it touched are rendered again."""
    from .builders import mkdocs

    corpus = read_corpus(project)
    plan = plan_sites(corpus, "auto")
    pages, data = render_pages_and_files(project, corpus, plan, offer_zip=False)
    sites = add_files(split_pages(pages, plan.layout), data, plan.layout)
    entries = light_entries(corpus, plan.layout, plan.light_powers) if not plan.one_site else []
    shared = bool(entries) and mkdocs.shares_light_entries(project.config_file)
    if shared:  # (a static file of the top site: a preview builds it again after each edit)
        sites.setdefault(TOP, {})[LIGHT_SCRIPT.as_posix()] = light_script(entries).encode()
    name = site_name(project.config_file) if not plan.one_site else ""
    custom_dir = theme_overrides(project, docs_root.parent)
    assets = asset_files(project)
    jobs = []
    for site in sorted(sites):
        docs = docs_root / site
        written = write_docs({**sites[site], **assets}, docs)
        settings = overrides(site, plan.titles.get(site, ""), name) if not plan.one_site else {}
        jobs.append((BuildJob(site, project.config_file, docs, docs_root / "site" / site, custom_dir, settings,
                              entries_for(site, entries) if entries and not shared else [],
                              light_config(site) if shared else {},
                              theme_up=way_up(site)), bool(written)))
    return jobs


# --- conveniences for a content folder alone (tests, benchmarks) ------------------------------

def project_of(content_dir: Path) -> Project:
    """The project of a content folder: the folder holding it."""
    content_dir = Path(content_dir).resolve()
    return Project(content_dir.parent, content_dir)


def build_site(content_dir: Path, site_dir: Path, strict: bool = True, zip_site: bool = True,
               builder: str = "mkdocs") -> str:
    """One site (no sharding) from a content folder."""
    options = BuildOptions(shard_by="none", strict=strict, zip_site=zip_site, builder=builder)
    return build(project_of(content_dir), site_dir, options)


def build_sharded(content_dir: Path, site_dir: Path, by: str = "region", jobs: int = 1,
                  only: list[str] | None = None, strict: bool = True) -> str:
    """A top site and one sub-site per shard from a content folder."""
    options = BuildOptions(shard_by=by, jobs=jobs, only=tuple(only or ()), strict=strict, zip_site=False)
    return build(project_of(content_dir), site_dir, options)
