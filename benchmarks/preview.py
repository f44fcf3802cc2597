"""Time a preview update: the rebuild `quanze serve` runs after one power is edited.

    python -m benchmarks.preview CONTENT_DIR [--json out.json]

Copies the content, builds once as the preview server does (MkDocs API, in this process),
changes the name of one power in one agency file, then times the rebuild the server runs on
that change (`build(config, dirty=True)`: the hook re-renders, only changed pages are written
and rendered again). Also checks that the edited page shows the new name.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import yaml


def edit_one_power(content: Path) -> tuple[str, str, str]:
    """Rename the first power of the first agency; return (agency id, power id, new name)."""
    path = sorted((content / "agencies").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    power = data["powers"][0]
    name = str(power["name"])
    new = name + "（已修改）"
    path.write_text(text.replace(f"name: {name}\n", f"name: {new}\n", 1), encoding="utf-8")
    assert new in path.read_text(encoding="utf-8"), "the power name is not on one line of its own"
    return path.stem, str(power["id"]), new


def build_once(content: Path, docs: Path, site: Path, dirty: bool) -> float:
    """What the preview server runs on a change: render the project into the docs folder (only
    changed pages written), then a MkDocs build (dirty: only changed pages rendered again)."""
    from mkdocs.commands.build import build

    from generator.publish.builders import mkdocs
    from generator.publish.pipeline import project_of, render_docs, theme_overrides

    started = time.perf_counter()
    project = project_of(content)
    render_docs(project, docs, offer_zip=False)
    config = mkdocs.load(project.config_file, docs, site, theme_overrides(project, docs.parent), {})
    build(config, dirty=dirty)
    return time.perf_counter() - started


def measure(content_dir: Path) -> dict:
    work = Path(tempfile.mkdtemp(prefix="quanze-preview-"))
    try:
        content = work / "content"
        shutil.copytree(content_dir, content)
        docs, site = work / "docs", work / "site"
        docs.mkdir()
        first = build_once(content, docs, site, dirty=False)
        time.sleep(0.05)  # a later mtime than the first build's output
        agency, power, name = edit_one_power(content)
        started = time.time()
        second = build_once(content, docs, site, dirty=True)
        page = next(site.glob(f"**/agencies/{agency}/{power}.html"))  # in a province folder at scale
        rebuilt = [p for p in site.rglob("*.html") if p.stat().st_mtime >= started]
        return {"first_build_s": round(first, 2), "update_s": round(second, 2),
                "page_shows_edit": name in page.read_text(encoding="utf-8"), "pages_rewritten": len(rebuilt)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.preview", description=__doc__.split("\n")[0])
    p.add_argument("content", type=Path)
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    result = measure(args.content.resolve())
    print(json.dumps(result, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
