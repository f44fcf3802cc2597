"""Time incremental builds: a full build, a build with nothing changed, one edited bureau.

    python -m benchmarks.incremental --agencies 1000 [--jobs 2] [--verify] [--repeat N] [--json out.json]

Writes the deterministic synthetic corpus of N agencies (benchmarks/corpus.py), builds it with
`quanze build` (auto sharding), then times, each as its own `python -m generator build`:
  - the same build again, nothing changed (a no-op);
  - one agency's list title edited (its own pages and the search entries of the others change);
  - one power of one agency renamed (the pages of the agencies listing the same power change too).
With --repeat N, N more pairs of edits follow (a list title, then a power's name, of another
agency each time), so that one edit's time is seen as the spread it has on a shared machine.
With --verify, a clean build of the edited corpus (with an empty cache) is compared byte for byte
with the result. Prints one line per step: seconds (wall clock of the whole command), the load
average when it ended, and the build's own summary, which says where the time went (load,
render, data files, link check, fingerprints, docs written, kept sub-sites linked, search
entries refreshed, MkDocs, assemble and swap; and the slowest sub-sites' MkDocs builds).

The builds use a cache folder of their own (XDG_CACHE_HOME in the work folder), as one user's
project has: the full build fills it, as any first build would.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quanze_build(content: Path, site: Path, jobs: int, cache: Path) -> tuple[float, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(cache)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "--content", str(content), "build", "--site-dir",
                           str(site), "--jobs", str(jobs), "--no-zip"], cwd=content.parent, env=env,
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr}")
    return seconds, done.stdout.strip().splitlines()[-1]


def edit(path: Path, marker: str, suffix: str) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index(marker) + len(marker)
    end = text.index("\n", start)
    path.write_text(text[:start] + text[start:end] + suffix + text[end:], encoding="utf-8")


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def main(argv: list[str] | None = None) -> int:
    from benchmarks.corpus import default_source, write_corpus
    from generator.processes import available_cpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=available_cpus())
    parser.add_argument("--verify", action="store_true", help="compare with a clean build of the edited corpus")
    parser.add_argument("--repeat", type=int, default=0, help="more pairs of edits, of other agencies")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="quanze-incremental-"))
    content = write_corpus(default_source(), work / "project" / "content", args.agencies)
    site = work / "site"
    agencies = sorted((content / "agencies").glob("*.yaml"))
    steps = [("full build", lambda: None),
             ("nothing changed", lambda: None),
             ("one list title edited", lambda: edit(agencies[0], "\ntitle: ", "（修订）")),
             ("one power renamed", lambda: edit(agencies[1], "\n  name: ", "（修订）"))]
    for n in range(1, args.repeat + 1):
        other = agencies[(7 * n + 2) % len(agencies)]
        steps += [(f"title edited ({n})", lambda a=other, n=n: edit(a, "\ntitle: ", f"（改{n}）")),
                  (f"power renamed ({n})", lambda a=other, n=n: edit(a, "\n  name: ", f"（改{n}）"))]
    figures = []
    for label, change in steps:
        change()
        seconds, summary = quanze_build(content, site, args.jobs, work / "cache")
        load = os.getloadavg()[0]
        figures.append({"step": label, "seconds": round(seconds, 2), "load_average": load, "summary": summary})
        print(f"{label:<24} {seconds:7.1f} s   load {load:.1f}   {summary}", flush=True)
    if args.verify:
        clean = work / "clean"
        seconds, summary = quanze_build(content, clean, args.jobs, work / "clean-cache")
        same = tree(site) == tree(clean)
        load = os.getloadavg()[0]
        figures.append({"step": "clean build of the edited corpus", "seconds": round(seconds, 2), "load_average": load,
                        "identical": same})
        print(f"{'clean build (verify)':<24} {seconds:7.1f} s   load {load:.1f}   "
              f"byte-identical to the incremental result: {same}")
    if args.json:
        args.json.write_text(json.dumps({"agencies": args.agencies, "jobs": args.jobs, "steps": figures},
                                        ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
