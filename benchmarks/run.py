"""Time site builds at several corpus sizes, in one run, against two peers.

    python -m benchmarks.run --agencies 10,100,1000 [--json out.json]

For each size N: a synthetic corpus of N agencies (benchmarks/corpus.py), then
  - quanze:  our end-to-end build (`python -m generator build`);
  - mkdocs:  plain `mkdocs build` of the same Markdown pages with Material's stock search and
             offline plugins (stock config, nav = home only, no hook);
  - hugo:    Debian's `hugo` on the same Markdown with the minimal layout in benchmarks/hugo/.
Each is measured for wall time and peak memory, as a first build into a new folder (the sites of
an earlier run are moved aside, and nothing is deleted till the last build is measured: see
`measure.Trash`); the sites for page size,
site size and the largest search index a page loads. The row `default` is the content folder itself.
Every quanze build runs with an empty cache folder of its own (cold: `"cache": "empty"`), the
order of the builds compared rotates from one size to the next (each row records it), and each
figure carries the load average at its start. Timings are measurements, never assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import yaml

from . import measure
from .corpus import FIRST_SYNTHETIC, default_source, write_corpus

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"


def machine() -> dict:
    """What the figures were measured on."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip() if shutil.which("hugo") else None
    import material
    import mkdocs
    return {"nproc": os.cpu_count(), "cpu": model, "ram_gb": round(mem_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "mkdocs": mkdocs.__version__,
            "material": getattr(material, "__version__", None), "hugo": hugo}


def commit() -> str | None:
    """The git commit measured (with "+changes" when the working tree differs from it)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout
    except OSError:
        return None
    return head.strip() + ("+changes" if dirty.strip() else "")


def env(cache: Path | None = None) -> dict:
    """The environment of a measured command; `cache` its own cache folder (XDG_CACHE_HOME)."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0",
            **({"XDG_CACHE_HOME": str(cache)} if cache else {})}


def load() -> float:
    """The one-minute load average: how busy the machine was when a figure was taken."""
    return round(os.getloadavg()[0], 2)


# --- the three builds ---------------------------------------------------------------------

def build_quanze(content: Path, site: Path, extra: list[str], trash: measure.Trash) -> measure.Run:
    """A cold build: the caches quanze keeps go to an empty folder of this build's, put in the
    `trash` after."""
    command = [sys.executable, "-m", "generator", "--content", str(content), "build", "--site-dir", str(site),
               "--no-zip", *extra]
    cache = Path(tempfile.mkdtemp(prefix="quanze-bench-cache-"))
    try:
        return measure.run(command, cwd=ROOT, env=env(cache))
    finally:
        trash.put(cache)


def render_markdown(content: Path, docs: Path) -> None:
    """The Markdown pages quanze renders for `content`, written to `docs` (not timed)."""
    from generator.publish.pipeline import project_of, render_docs

    render_docs(project_of(content), docs, offer_zip=False, shard_by="none")


def stock_mkdocs_config(docs: Path, site: Path) -> Path:
    """mkdocs.yml with Material's stock search + offline, nav = home only, no hook."""
    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8")) if (ROOT / "mkdocs.yml").exists() else {}
    extensions = [e for e in ours.get("markdown_extensions", ["attr_list", "tables", "toc"]) if isinstance(e, (str, dict))]
    config = {
        "site_name": "benchmark", "docs_dir": str(docs), "site_dir": str(site),
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": ["search", "offline"], "nav": ["index.md"],
        "markdown_extensions": extensions,
    }
    path = docs.parent / f"{docs.name}.mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_mkdocs(docs: Path, site: Path) -> measure.Run:
    config = stock_mkdocs_config(docs, site)
    return measure.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], cwd=docs.parent, env=env())


def hugo_content(docs: Path, target: Path, trash: measure.Trash) -> Path:
    """The Markdown for Hugo: index.md becomes _index.md (a section, not a leaf bundle)."""
    trash.put(target)
    for path in docs.rglob("*.md"):
        name = "_index.md" if path.name == "index.md" else path.name
        dest = target / path.relative_to(docs).parent / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    return target


def build_hugo(docs: Path, site: Path, trash: measure.Trash) -> measure.Run | None:
    if not shutil.which("hugo"):
        return None
    content = hugo_content(docs, docs.parent / f"{docs.name}.hugo", trash)
    command = ["hugo", "--quiet", "--source", str(HERE / "hugo"), "--contentDir", str(content),
               "--destination", str(site), "--cleanDestinationDir"]
    return measure.run(command, cwd=HERE / "hugo", env=env())


# --- sizes --------------------------------------------------------------------------------

def fixed_power(content: Path) -> tuple[str, str]:
    """(agency id, power id) of the page compared across sizes: the first power of the first
    agency, or in a synthetic corpus of the agency made from that first agency."""
    first = content / "agencies" / f"{FIRST_SYNTHETIC}.yaml"
    if not first.is_file():
        first = sorted((content / "agencies").glob("*.yaml"))[0]
    data = yaml.load(first.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return first.stem, str(data["powers"][0]["id"])


def site_figures(site: Path, power_page: str | None) -> dict:
    index_name, index_size = measure.largest_search_index(site)
    page = site / power_page if power_page else None
    return {
        "pages": measure.count_pages(site),
        "site_mb": round(measure.folder_bytes(site) / 1e6, 1),
        "site_disk_mb": round(measure.folder_disk_bytes(site) / 1e6, 1),
        "power_page_kb": round(page.stat().st_size / 1e3, 1) if page and page.exists() else None,
        "search_index": index_name,
        "search_index_mb": round(index_size / 1e6, 2),
    }


def run_figures(result: measure.Run | None, pages: int) -> dict | None:
    if result is None:
        return None
    return {"seconds": result.seconds, "ok": result.returncode == 0, "peak_mb": result.peak_tree_mb,
            "max_rss_mb": result.max_rss_mb, "ms_per_page": round(1000 * result.seconds / max(pages, 1), 2),
            **({} if result.returncode == 0 else {"output": result.output_tail})}


# --- one size -----------------------------------------------------------------------------

def find_page(site: Path, page: str) -> str | None:
    """`page` in the site, or in one of its shard folders."""
    if (site / page).exists():
        return page
    found = sorted(site.glob(f"*/{page}"))
    return str(found[0].relative_to(site)) if found else None


def bench_quanze(content: Path, site: Path, extra: list[str], page: str, trash: measure.Trash) -> dict:
    started_at_load = load()
    result = build_quanze(content, site, extra, trash)
    figures = {**run_figures(result, measure.count_pages(site) if site.exists() else 0),
               "load": started_at_load, "cache": "empty"}
    if result.returncode == 0:
        figures.update(site_figures(site, find_page(site, page)))
    return figures


def bench_preview(content: Path) -> dict | None:
    command = [sys.executable, "-m", "benchmarks.preview", str(content)]
    result = subprocess.run(command, cwd=ROOT, env=env(), capture_output=True, text=True)
    lines = result.stdout.strip().splitlines()
    return json.loads(lines[-1]) if result.returncode == 0 and lines else {"error": result.stderr[-2000:]}


def bench(label: str, content: Path, work: Path, variants: dict[str, list[str]], peers: bool, preview: bool,
          trash: measure.Trash, turn: int = 0) -> dict:
    """One row: each quanze variant and the peers built once, in an order rotated by `turn`, each
    a first build into a new folder (an earlier run's moved to the `trash`)."""
    for folder in [work / f"site-{label}-{name}" for name in variants] + [work / f"mkdocs-{label}", work / f"hugo-{label}"]:
        trash.put(folder)
    agency, power = fixed_power(content)
    page = f"agencies/{agency}/{power}.html"
    row: dict = {"label": label, "agencies": sum(1 for _ in (content / "agencies").glob("*.yaml")), "builds": {}}
    docs = work / f"docs-{label}"
    if peers:
        trash.put(docs)
        render_markdown(content, docs)
        row["markdown_pages"] = measure.count_pages(docs, ".md")
    builds = {name: partial(bench_quanze, content, work / f"site-{label}-{name}", extra, page, trash)
              for name, extra in variants.items()}
    if peers:
        builds["mkdocs"] = partial(bench_peer, build_mkdocs, docs, work / f"mkdocs-{label}", page)
        builds["hugo"] = partial(bench_peer, partial(build_hugo, trash=trash), docs, work / f"hugo-{label}", page)
    names = list(builds)
    row["order"] = names[turn % len(names):] + names[:turn % len(names)]
    for name in row["order"]:
        figures = builds[name]()
        if name in variants:
            row["builds"][name] = figures
        else:
            row[name] = figures
    row["builds"] = {name: row["builds"][name] for name in variants}  # the table's order, whatever the run's
    if peers:
        compare_to_peers(row)
    if preview:
        row["preview"] = bench_preview(content)
    return row


def bench_peer(build, docs: Path, site: Path, page: str) -> dict | None:
    """A peer's build of the same Markdown pages, with the load at its start."""
    started_at_load = load()
    result = build(docs, site)
    if result is None:
        return None
    return {**run_figures(result, measure.count_pages(docs, ".md")), **site_figures(site, page), "load": started_at_load}


def compare_to_peers(row: dict) -> None:
    """Each quanze build's time as a share of MkDocs', and its time a page as a multiple of Hugo's."""
    mkdocs, hugo = row.get("mkdocs"), row.get("hugo")
    for figures in row["builds"].values():
        if figures["ok"] and mkdocs and mkdocs["ok"]:
            figures["ratio_to_mkdocs"] = round(figures["seconds"] / mkdocs["seconds"], 2)
        if figures["ok"] and hugo and hugo["ok"]:
            figures["per_page_to_hugo"] = round(figures["ms_per_page"] / max(hugo["ms_per_page"], 1e-6), 1)


# --- output -------------------------------------------------------------------------------

COLUMNS = [
    ("size", lambda r, b: r["label"]),
    ("agencies", lambda r, b: r["agencies"]),
    ("build", lambda r, b: b),
    ("load", lambda r, b: r["builds"][b].get("load")),
    ("pages", lambda r, b: r["builds"][b].get("pages")),
    ("build s", lambda r, b: r["builds"][b]["seconds"]),
    ("peak GB", lambda r, b: round(r["builds"][b]["peak_mb"] / 1024, 2)),
    ("mkdocs s", lambda r, b: r["mkdocs"]["seconds"]),
    ("mkdocs GB", lambda r, b: round(r["mkdocs"]["peak_mb"] / 1024, 2)),
    ("÷mkdocs", lambda r, b: r["builds"][b].get("ratio_to_mkdocs")),
    ("hugo s", lambda r, b: r["hugo"]["seconds"]),
    ("ms/page", lambda r, b: r["builds"][b]["ms_per_page"]),
    ("hugo ms/page", lambda r, b: r["hugo"]["ms_per_page"]),
    ("×hugo", lambda r, b: r["builds"][b].get("per_page_to_hugo")),
    ("power page KB", lambda r, b: r["builds"][b].get("power_page_kb")),
    ("mkdocs page KB", lambda r, b: r["mkdocs"]["power_page_kb"]),
    ("site MB", lambda r, b: r["builds"][b].get("site_mb")),
    ("on disk MB", lambda r, b: r["builds"][b].get("site_disk_mb")),
    ("largest index MB", lambda r, b: r["builds"][b].get("search_index_mb")),
    ("mkdocs index MB", lambda r, b: r["mkdocs"]["search_index_mb"]),
    ("preview s", lambda r, b: r.get("preview", {}).get("update_s") if b == "quanze" else None),
]


def table(rows: list[dict], header: bool = True) -> str:
    """A Markdown table of the main figures: one line per size and build."""
    lines = ["| " + " | ".join(name for name, _ in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)] if header else []
    for row in rows:
        for build in row["builds"]:
            cells = []
            for _, get in COLUMNS:
                try:
                    value = get(row, build)
                except (KeyError, TypeError):
                    value = None
                cells.append("–" if value is None else str(value))
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    p.add_argument("--agencies", default="10,100,1000", help="comma-separated corpus sizes (default 10,100,1000)")
    p.add_argument("--source", type=Path, default=None, help="template content folder (default: content/)")
    p.add_argument("--no-default", action="store_true", help="skip the row for the content folder itself")
    p.add_argument("--no-peers", action="store_true", help="time quanze only (no mkdocs, no hugo)")
    p.add_argument("--sharded", action="store_true",
                   help="time one site (`--shard-by none`) and `quanze build --shard-by region --jobs 2` side by side")
    p.add_argument("--preview", action="store_true", help="also time a preview update after one edit")
    p.add_argument("--work", type=Path, default=OUT, help="where corpora and sites go (default benchmarks/out)")
    p.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = p.parse_args(argv)
    source = (args.source or default_source()).resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    report = {"command": "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:]),
              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "commit": commit(),
              "machine": {**machine(), "file_system": measure.file_system(args.work)}, "rows": []}
    if report["machine"]["file_system"].get("journal") is False:
        print("(the work folder's file system has no journal: a run started within 6 minutes of deleting many "
              "files on it is slowed by it; see measure.Trash)", file=sys.stderr, flush=True)
    trash = measure.Trash(args.work / ".trash")
    try:
        run_sizes(args, source, report, trash)
    finally:
        trash.empty()
    print()
    print(table(report["rows"]))
    return 0


def run_sizes(args, source: Path, report: dict, trash: measure.Trash) -> None:
    """Each size's row, printed and written as it is measured."""
    sizes = [("default", source)] if not args.no_default else []
    for n in [int(x) for x in args.agencies.split(",") if x]:
        sizes.append((str(n), None))
    for turn, (label, content) in enumerate(sizes):
        if content is None:
            trash.put(args.work / f"content-{label}")  # (not deleted by write_corpus: see measure.Trash)
            content = write_corpus(source, args.work / f"content-{label}", int(label))
        variants = {"quanze": ["--shard-by", "none"] if args.sharded else [],
                    **({"sharded": ["--shard-by", "region", "--jobs", "2"]} if args.sharded else {})}
        row = bench(label, content, args.work.resolve(), variants, not args.no_peers, args.preview, trash, turn)
        report["rows"].append(row)
        print(table([row], header=len(report["rows"]) == 1), flush=True)
        if args.json:
            args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
