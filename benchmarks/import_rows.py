"""Time the import of long tables: the mapper alone, then the whole import of a CSV file.

    python -m benchmarks.import_rows [--rows 10000,20000,100000] [--json out.json]

For each size N a table of N powers is generated (a header, then rows of serial, name,
category, basis and body, every tenth power's basis continued on a row of its own, a group
row every 500 powers), and timed twice:
  - map:    `map_document` on the grid as a reader gives it (rows -> items -> powers);
  - import: `import_source` of the same table saved as CSV (read, map, citations, the
            fidelity figures and validation).
Prints one line per size: seconds of each, rows per second of the mapper, the load average
when it ended; the machine first. Timings are measurements, never assertions.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import tempfile
import time
from pathlib import Path

from .run import commit, machine

HEADER = ["序号", "事项名称", "事项类型", "设定依据", "实施主体"]
CATEGORIES = ["行政处罚", "行政检查", "行政给付", "行政确认"]


def rows(count: int) -> list[list[str]]:
    """The rows of a table of `count` powers, header first."""
    out = [HEADER]
    for n in range(1, count + 1):
        if n % 500 == 1:
            out.append([f"{n // 500 + 1}、{CATEGORIES[n // 500 % 4]}类（共500项）", "", "", "", ""])
        basis = f"《中华人民共和国社会保险法》第{n % 90 + 1}条 对第{n}项违法行为责令改正。"
        out.append([str(n), f"对第{n}项违法行为的处罚", CATEGORIES[n % 4], basis, "某某县医疗保障局"])
        if n % 10 == 0:
            out.append(["", "", "", f"《医疗保障基金使用监督管理条例》第{n % 50 + 1}条 由医疗保障行政部门处理。", ""])
    return out


def document(table: list[list[str]]):
    """The grid a CSV reader makes of the rows."""
    from generator.importers.grid import Cell, Document, Table, paragraphs

    grid = [[Cell(paragraphs(v), f"row {r} column {c}") for c, v in enumerate(values, start=1)]
            for r, values in enumerate(table, start=1)]
    return Document("csv", [Table(grid, "rows.csv")])


def time_map(table: list[list[str]]) -> tuple[float, int]:
    """(seconds, powers) of mapping the table's grid."""
    from generator.content.registry import default_registry, using
    from generator.importers.mapper import map_document

    doc = document(table)
    with using(default_registry()):  # the statutes read once, as an import does
        started = time.perf_counter()
        agency, _, _ = map_document(doc, "bench")
        return time.perf_counter() - started, len(agency["powers"])


def time_import(table: list[list[str]], folder: Path) -> float:
    """Seconds of importing the table saved as CSV, end to end."""
    from generator.importers import import_source

    path = folder / f"rows-{len(table)}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    started = time.perf_counter()
    import_source(path, agency_id="bench")
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10000,20000,100000", help="table sizes in powers, comma-separated")
    parser.add_argument("--map-only", action="store_true", help="time the mapper only")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    about = {"machine": machine(), "commit": commit(), "load_average": os.getloadavg()[0]}
    print(json.dumps(about, ensure_ascii=False), flush=True)
    figures = []
    with tempfile.TemporaryDirectory(prefix="quanze-rows-") as folder:
        for count in (int(n) for n in args.rows.split(",")):
            table = rows(count)
            mapped, powers = time_map(table)
            imported = None if args.map_only else time_import(table, Path(folder))
            load = os.getloadavg()[0]
            figures.append({"powers": count, "rows": len(table), "map_seconds": round(mapped, 2),
                            "import_seconds": imported and round(imported, 2), "load_average": load})
            shown = "-" if imported is None else f"{imported:7.1f} s"
            print(f"{count:>7} powers ({len(table)} rows, {powers} mapped)   map {mapped:6.1f} s "
                  f"({len(table) / mapped:,.0f} rows/s)   import {shown}   load {load:.1f}", flush=True)
    if args.json:
        args.json.write_text(json.dumps({**about, "sizes": figures}, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
