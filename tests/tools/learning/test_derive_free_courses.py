"""The shipped free catalog against its source CSV: every source course is there, with its title, URL, platform,
subjects and language, nothing invented (no duration or rating), price 0."""

from __future__ import annotations

import random
from pathlib import Path

from tools.learning.catalog import read_shipped
from tools.learning.derive_free_courses import derive, external_id, level_from_title, read_rows


def test_shipped_catalog_matches_a_sample_of_the_source(shared_data: Path) -> None:
    rows = read_rows(shared_data / "courses" / "free_programming_courses.csv.gz")
    shipped = {course.url: course for course in read_shipped()}
    assert len(shipped) == len({row["url"].strip() for row in rows})  # one course per URL
    for row in random.Random(7).sample(rows, 200):
        course = shipped[row["url"].strip()]
        assert course.external_id == external_id(row["url"].strip())
        assert row["section"] in course.subjects
        if row["subsection"]:
            assert row["subsection"] in course.subjects
        assert course.price == 0 and course.duration_hours is None and course.rating is None
        assert course.license == "CC BY 4.0"
    first = next(row for row in rows if row["url"].strip() in shipped)
    course = shipped[first["url"].strip()]
    assert (course.title, course.provider, course.language) == (first["title"], first["platform"],
                                                                first["language_code"])


def test_rows_with_the_same_url_merge_their_subjects() -> None:
    base = {"title": "Learn X", "url": "https://x.example/c", "platform": "x.example", "authors_and_notes": "",
            "subsection": "", "language_code": "en", "price": "free", "source_file": "f"}
    courses = derive([{**base, "section": "Python"}, {**base, "section": "Data Science", "language_code": "es"}])
    assert len(courses) == 1 and courses[0]["subjects"] == ["Python", "Data Science"]
    assert courses[0]["language"] == "en"


def test_level_only_when_the_title_says_it() -> None:
    assert level_from_title("Python for Beginners") == "beginner"
    assert level_from_title("Advanced Rust") == "advanced"
    assert level_from_title("Rust Programming") is None
