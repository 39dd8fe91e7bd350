"""Derive the shipped free-course catalog from the free-programming-books course lists (CC BY 4.0).

    python -m tools.learning.derive_free_courses [--source ../shared/data/courses/free_programming_courses.csv.gz]
                                                 [--out tools/learning/data/free-courses.json.gz]

Input: one row per markdown list item (title, url, platform, authors_and_notes, section, subsection,
language_code, price, source_file); see ../shared/data/README.md.

Output: gzip-compressed JSON (mtime 0, sorted keys: the same input always gives the same bytes):

    {"schema": 1, "release": "free-programming-books@5b277d2", "license": "CC BY 4.0", "attribution": "...",
     "courses": [{"provider": "YouTube", "external_id": "<sha1(url)[:16]>", "title": "...", "url": "...",
                  "subjects": ["Python", "Flask"], "description": "authors and notes", "language": "en",
                  "level": "beginner"}, ...]}

Changes made to the source: rows with the same URL (listed in several languages or sections) become one
course whose subjects are the union, in first-seen order, and whose language is the first row's; the provider
is the source's `platform`; `level` is set only when the title itself says it ("for beginners", "introduction
to", "intermediate", "advanced"), else left out (the lists state no level, duration or rating, and none is
invented); the price is 0 for every course (the lists hold only free courses).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
from pathlib import Path

from tools.learning.catalog import SHIPPED_FILE

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "courses" / \
    "free_programming_courses.csv.gz"
RELEASE = "free-programming-books@5b277d2"
ATTRIBUTION = ("Course list from the free-programming-books project (https://github.com/EbookFoundation/"
               "free-programming-books, courses/free-courses-*.md, commit 5b277d2) by the Free Ebook Foundation "
               "and the free-programming-books contributors, licensed under CC BY 4.0 "
               "(https://creativecommons.org/licenses/by/4.0/). Modified: merged by URL, normalised fields.")
_TITLE_LEVELS = [(re.compile(r"\b(?:advanced|expert)\b", re.I), "advanced"),
                 (re.compile(r"\bintermediate\b", re.I), "intermediate"),
                 (re.compile(r"\b(?:beginners?|introduction|intro to|introductory|basics|fundamentals|"
                             r"crash course|for everybody|from scratch|101)\b", re.I), "beginner")]


def level_from_title(title: str) -> str | None:
    return next((level for pattern, level in _TITLE_LEVELS if pattern.search(title)), None)


def external_id(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def derive(rows: list[dict[str, str]]) -> list[dict]:
    courses: dict[str, dict] = {}
    for row in rows:
        url, title = row["url"].strip(), row["title"].strip()
        if not url or not title:
            continue
        subjects = [s.strip() for s in (row["section"], row["subsection"]) if s and s.strip()]
        course = courses.get(url)
        if course is None:
            course = {"provider": row["platform"].strip() or "web", "external_id": external_id(url), "title": title,
                      "url": url, "subjects": [], "language": row["language_code"].strip() or None}
            if notes := row["authors_and_notes"].strip():
                course["description"] = notes
            if level := level_from_title(title):
                course["level"] = level
            courses[url] = course
        course["subjects"].extend(s for s in subjects if s not in course["subjects"])
    return list(courses.values())


def read_rows(source: Path) -> list[dict[str, str]]:
    with gzip.open(source, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(courses: list[dict], out: Path) -> None:
    payload = {"schema": 1, "release": RELEASE, "license": "CC BY 4.0", "attribution": ATTRIBUTION,
               "courses": courses}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as handle:
        handle.write(text.encode("utf-8"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=SHIPPED_FILE)
    args = parser.parse_args()
    rows = read_rows(args.source)
    courses = derive(rows)
    write(courses, args.out)
    print(f"{len(rows):,} rows → {len(courses):,} courses → {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
