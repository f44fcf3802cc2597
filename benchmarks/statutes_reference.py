"""Import every reference statute text into a temporary project and count what came out.

    python -m benchmarks.statutes_reference [FOLDER]

FOLDER defaults to ../shared/reference/statutes (its subfolders included). Each text is
imported with `quanze import-statute` into an empty content folder (versions of one statute
side by side); then the figures: texts refused (with the first cause of each), versions shown
as repealed or not yet in force on the build date (SOURCE_DATE_EPOCH when set), versions with
an entry-into-force date, and empty paragraphs (款).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

from generator.content.reader import load_corpus
from generator.errors import QuanzeError
from generator.law.importer import import_statute
from generator.law.validity import build_date, validities

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "statutes"


def texts(folder: Path) -> list[Path]:
    """Every Markdown text under `folder` but its README, in name order."""
    return sorted(p for p in folder.rglob("*.md") if p.name.lower() != "readme.md")


def import_every(paths: list[Path], content: Path) -> dict[str, str]:
    """Import each text; the first line of the refusal of each text refused, by file name."""
    (content / "statutes").mkdir(parents=True)
    (content / "agencies").mkdir()
    refused = {}
    for path in paths:
        try:
            import_statute(path, content)
        except QuanzeError as exc:
            refused[path.name] = str(exc).splitlines()[0]
    return refused


def figures(content: Path) -> dict[str, int]:
    """Versions, versions shown as repealed, versions with an entry-into-force date, empty 款."""
    statutes = load_corpus(content).statutes.values()
    versions = [v for s in statutes for v in s.official_versions]
    shown = [found.status for s in statutes for found in validities(s.official_versions, build_date())]
    paragraphs = [p for v in versions for a in v.articles for p in a.paragraphs]
    return {"statutes": len(statutes), "versions": len(versions),
            "shown as repealed": shown.count("已废止"), "shown as not yet in force": shown.count("尚未生效"),
            "with an entry-into-force date": sum(v.in_force is not None for v in versions),
            "paragraphs": len(paragraphs),
            "empty paragraphs": sum(not _visible(p.text) and not p.items for p in paragraphs)}


def _visible(text: str) -> str:
    """The text without white space and the characters that print as nothing (zero-width spaces)."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) not in ("Cf", "Zs"))


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else REFERENCE
    paths = texts(folder)
    if not paths:
        print(f"no statute text under {folder}")
        return 1
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        refused = import_every(paths, Path(tmp) / "content")
        counted = figures(Path(tmp) / "content")
    print(f"{len(paths)} texts under {folder}, imported in {time.perf_counter() - started:.1f} s")
    print(f"refused: {len(refused)}")
    for cause, n in sorted(Counter(_cause(line) for line in refused.values()).items(), key=lambda x: -x[1]):
        print(f"  {n} x {cause}")
    for name, line in sorted(refused.items()):
        print(f"    {name}: {line}")
    for key, value in counted.items():
        print(f"{key}: {value}")
    return 0


def _cause(line: str) -> str:
    """The message of a refusal without its file and line, cut before the numbers it quotes."""
    message = line.split(": error: ", 1)[-1]
    return message.split(" (", 1)[0][:80]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
