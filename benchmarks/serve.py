"""Time a save in `quanze serve`: from an agency file saved to its page served with the edit.

    python -m benchmarks.serve --agencies 1000 [--saves 3] [--json out.json]

Writes the deterministic synthetic corpus of N agencies (benchmarks/corpus.py), starts the real
`python -m generator serve` on it (a cache folder of its own), waits for the first build, then
saves one agency's file the way many editors do (a temporary file beside it, renamed over it,
with a swap file written and removed around it) with its list title changed, and polls the
agency's served page until the new title shows. Prints, per save, the seconds from the rename
to the page showing the edit, how many rebuilds the server ran for it (read from its log,
two seconds after the page settled: one save should be one rebuild), and whether the served
search index holds the page once, with its new title.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REBUILD = "Building documentation..."


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page_url(content: Path, agency_id: str, port: int) -> str:
    """Where the preview serves the agency's page (a big corpus in province folders of one site)."""
    from generator.content.reader import load_corpus
    from generator.publish.plan import plan_sites
    from generator.site.paths import agency_path

    layout = plan_sites(load_corpus(content, fast=True), "auto", split=False).layout
    return f"http://127.0.0.1:{port}/" + layout.place(agency_path(agency_id)).removesuffix(".md") + ".html"


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def save_like_an_editor(path: Path, text: str) -> float:
    """Write `text` to `path` through a swap file and a temporary file renamed over it; return
    the moment of the rename."""
    swap = path.with_name(f".{path.name}.swp")
    swap.write_text("swap", encoding="utf-8")
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    saved = time.monotonic()
    os.replace(temporary, path)
    swap.unlink()
    return saved


def retitled(text: str, suffix: str) -> str:
    start = text.index("\ntitle: ") + len("\ntitle: ")
    end = text.index("\n", start)
    return text[:end] + suffix + text[end:]


def wait_for(url: str, needle: str, limit: float) -> float | None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and needle in page:
            return time.monotonic()
        time.sleep(0.05)
    return None


def index_titles(url: str, port: int) -> tuple[list[str], int] | None:
    """The titles of the search entries of the page at `url`, from the index of its sub-site
    (words joined again: the index holds them cut by jieba), and how many entries that index
    has; None when there is no index."""
    path = url.split(f":{port}/", 1)[1]
    base = f"http://127.0.0.1:{port}/"
    for root in ([path.split("/", 1)[0] + "/"] if "/" in path else []) + [""]:
        text = fetch(f"{base}{root}search/search_index.js")  # the entries (the .json: the settings)
        if text is not None:
            location = path[len(root):]
            docs = json.loads(text.removeprefix("var __index = "))["docs"]
            return [doc["title"].replace("\u200b", "") for doc in docs if doc["location"] == location], len(docs)
    return None


def main(argv: list[str] | None = None) -> int:
    from benchmarks.corpus import default_source, write_corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=3)
    parser.add_argument("--first-build-limit", type=float, default=1800, help="seconds to wait for the first build")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="quanze-serve-"))
    content = write_corpus(default_source(), work / "project" / "content", args.agencies)
    agency = sorted((content / "agencies").glob("*.yaml"))[0]
    port = free_port()
    url = page_url(content, agency.stem, port)
    log = work / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(work / "cache")}
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as output:
        server = subprocess.Popen([sys.executable, "-m", "generator", "--content", str(content), "serve",
                                   "--dev-addr", f"127.0.0.1:{port}"], cwd=content.parent, env=env,
                                  stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    figures: list[dict] = []
    try:
        text = agency.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title: "))[len("title: "):]
        if wait_for(url, title, args.first_build_limit) is None:
            raise SystemExit(f"the first build did not show {url} within {args.first_build_limit} s; see {log}")
        print(f"first build and serve      {time.monotonic() - started:7.1f} s   load {os.getloadavg()[0]:.1f}",
              flush=True)
        first = index_titles(url, port)
        for n in range(1, args.saves + 1):
            before = log.read_text(encoding="utf-8").count(REBUILD)
            suffix = f"（第{n}次修订）"
            text, title = retitled(text, suffix), title + suffix
            saved = save_like_an_editor(agency, text)
            shown = wait_for(url, title, 120)
            if shown is None:
                raise SystemExit(f"save {n}: the page did not show the edit within 120 s; see {log}")
            time.sleep(2)
            rebuilds = log.read_text(encoding="utf-8").count(REBUILD) - before
            load = os.getloadavg()[0]
            found = index_titles(url, port)
            titles = found and found[0]
            fresh = bool(found and first and len(titles) == 1 and title in titles[0] and found[1] == first[1])
            figures.append({"save": n, "seconds": round(shown - saved, 2), "rebuilds": rebuilds, "load_average": load,
                            "search_entry_fresh": fresh})
            print(f"save {n}: page shows it in {shown - saved:5.2f} s   rebuilds {rebuilds}   "
                  f"search: {'the page once, new title, every other page kept' if fresh else f'STALE {found} (first {first and first[1]} entries)'}   "
                  f"load {load:.1f}", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    if args.json:
        args.json.write_text(json.dumps({"agencies": args.agencies, "saves": figures}, ensure_ascii=False, indent=2),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
