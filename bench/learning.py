"""Course search benchmark: how long one search takes over the course catalog, offline.

    .venv/bin/python -m bench.learning                              # the shipped free catalog
    .venv/bin/python -m bench.learning --import ../shared/data/courses/udemy_courses.csv.gz \\
        --import ../shared/data/courses/edx_courses.csv.gz --import ../shared/data/courses/coursera_courses_2023.csv.gz
    .venv/bin/python -m bench.learning --rounds 50 --json --save

Figures: loading the shipped catalog into a fresh SQLite database (first use), building the in-memory index,
and `search()` as the API and the tool call it (the catalog-change check against the database included), over
free-text queries, skill names and filtered searches, after one warm-up round. Target: median and p95 < 20 ms.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.chat_latency import emit
from bench.stats import percentile
from memory.db import create_db_engine
from memory.migrate import upgrade

TARGET_MS = 20.0
QUERIES: list[tuple[str, dict, bool]] = [  # (text, filters, as a skill name)
    ("sql", {}, False), ("free course on python for beginners", {"free_only": True}, False),
    ("machine learning", {}, False), ("docker kubernetes", {}, False), ("javascript react", {}, False),
    ("data analysis with excel", {}, False), ("web development", {"level": "beginner"}, False),
    ("deep learning neural networks", {"max_hours": 20}, False), ("git", {}, False), ("linux command line", {}, False),
    ("SQL", {}, True), ("Python", {"level": "intermediate"}, True), ("Data Visualization", {}, True),
    ("Cloud Computing", {"free_only": True}, True), ("Statistics", {}, True), ("Project Management", {}, True),
]


def run(rounds: int, imports: list[Path]) -> dict:
    from tools.learning.catalog import ensure_shipped_catalog
    from tools.learning.course_import import import_file
    from tools.learning.search import SearchFilters, course_index, search

    folder = Path(tempfile.mkdtemp(prefix="bench-learning-"))
    url = f"sqlite:///{folder / 'coach.db'}"
    upgrade(url)
    db = create_db_engine(url)
    started = time.perf_counter()
    ensure_shipped_catalog(db)
    load_s = time.perf_counter() - started
    for path in imports:
        import_file(db, path)
    started = time.perf_counter()
    index = course_index(db)
    build_s = time.perf_counter() - started
    samples: list[float] = []
    for round_number in range(rounds + 1):
        for text, filters, as_skill in QUERIES:
            started = time.perf_counter()
            search(db, text, SearchFilters(language="en", **filters), limit=10, skill=text if as_skill else None)
            if round_number:  # round 0 warms up
                samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    db.dispose()
    return {"courses": len(index.docs), "providers": len(index.providers), "imported_files": [p.name for p in imports],
            "catalog_load_s": round(load_s, 3), "index_build_s": round(build_s, 3), "searches": len(samples),
            "search_ms": {"median": round(statistics.median(samples), 3), "p95": round(percentile(samples, 95), 3),
                          "max": round(samples[-1], 3)},
            "target_ms": TARGET_MS,
            "pass": statistics.median(samples) < TARGET_MS and percentile(samples, 95) < TARGET_MS}


def _table(results: dict) -> None:
    table = Table(title=f"Course search over {results['courses']:,} courses ({results['providers']} providers)")
    for column in ("Figure", "Value", "Target"):
        table.add_column(column)
    table.add_row("Shipped catalog load (first use)", f"{results['catalog_load_s']:.2f} s", "—")
    table.add_row("Index build", f"{results['index_build_s']:.2f} s", "—")
    ms = results["search_ms"]
    table.add_row(f"Search median ({results['searches']} searches)", f"{ms['median']:.2f} ms", f"< {TARGET_MS:g} ms")
    table.add_row("Search p95", f"{ms['p95']:.2f} ms", f"< {TARGET_MS:g} ms")
    table.add_row("Search max", f"{ms['max']:.2f} ms", "—")
    table.add_row("Result", "PASS" if results["pass"] else "FAIL", "")
    Console().print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20, help="Rounds over the query set (after one warm-up).")
    parser.add_argument("--import", dest="imports", type=Path, action="append", default=[],
                        help="A catalog CSV to import first (repeatable), as `coach data import-courses` does.")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--save", action="store_true", help="Also save the figures under bench/results/.")
    args = parser.parse_args()
    emit(run(args.rounds, args.imports), "learning", save=args.save, as_json=args.json, table=_table)


if __name__ == "__main__":
    main()
