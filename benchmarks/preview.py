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
import os
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


def build_once(config_file: Path, content: Path, docs: Path, site: Path, dirty: bool) -> float:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.update(QUANZE_CONTENT=str(content), QUANZE_ZIP="0", NO_MKDOCS_2_WARNING="1")
    started = time.perf_counter()
    config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(site), strict=False)
    build(config, dirty=dirty)
    return time.perf_counter() - started


def measure(content_dir: Path) -> dict:
    from generator.build import config_file

    work = Path(tempfile.mkdtemp(prefix="quanze-preview-"))
    try:
        content = work / "content"
        shutil.copytree(content_dir, content)
        docs, site = work / "docs", work / "site"
        docs.mkdir()
        first = build_once(config_file(), content, docs, site, dirty=False)
        time.sleep(0.05)  # a later mtime than the first build's output
        agency, power, name = edit_one_power(content)
        started = time.time()
        second = build_once(config_file(), content, docs, site, dirty=True)
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
