"""`import_file` over the staged Udemy, edX and Coursera catalogs, upserts, and bad files (nothing half-written)."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from memory.db import session_scope
from memory.models import Course
from tools.learning.course_import import CourseFileError, import_file, parse_file
from tools.learning.search import SearchFilters, search


def _count(db: Engine, provider: str) -> int:
    with session_scope(db) as session:
        return session.exec(select(func.count()).select_from(Course).where(Course.provider == provider)).one()


@pytest.mark.parametrize("name, provider, fmt, unique", [
    ("udemy_courses.csv.gz", "Udemy", "udemy", 3672),
    ("edx_courses.csv.gz", "edX", "edx", 974),
    ("coursera_courses_2023.csv.gz", "Coursera", "coursera", 1000),
])
def test_staged_catalogs_import(db: Engine, shared_data: Path, name: str, provider: str, fmt: str,
                                unique: int) -> None:
    path = shared_data / "courses" / name
    seen = []
    result = import_file(db, path, progress=lambda done, total: seen.append((done, total)))
    assert result.format == fmt and seen and seen[-1][1] == result.rows
    assert _count(db, provider) == unique  # the file's own duplicate ids become one course
    again = import_file(db, path)  # an upsert: importing twice adds nothing
    assert again.written == result.written and _count(db, provider) == unique


def test_imported_fields(shared_data: Path) -> None:
    _, edx = parse_file(shared_data / "courses" / "edx_courses.csv.gz")
    python = next(r for r in edx if r.title.startswith("Programming for Everybody"))
    assert (python.level, python.duration_hours, python.price, python.language) == ("beginner", 21.0, 0.0, "en")
    _, udemy = parse_file(shared_data / "courses" / "udemy_courses.csv.gz")
    gst = next(r for r in udemy if r.external_id == "1113822")
    assert (gst.price, gst.duration_hours, gst.subjects) == (75.0, 39.0, ["Business Finance"])
    _, coursera = parse_file(shared_data / "courses" / "coursera_courses_2023.csv.gz")
    accounting = next(r for r in coursera if r.title == "Accounting Data Analytics")
    assert accounting.rating == 4.7 and "Data Analysis" in accounting.skills and accounting.price is None


def test_imported_courses_are_searchable(db: Engine, shared_data: Path) -> None:
    import_file(db, shared_data / "courses" / "coursera_courses_2023.csv.gz")
    hits = search(db, "data analysis", SearchFilters(provider="Coursera"), limit=3).courses
    assert hits and all(h.provider == "Coursera" for h in hits)


def _csv(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(gzip.compress(buffer.getvalue().encode()))
    return path


UDEMY_HEADER = ["course_id", "course_title", "url", "is_paid", "price", "num_subscribers", "num_reviews",
                "num_lectures", "level", "content_duration", "published_timestamp", "subject"]


def test_a_bad_row_names_row_and_column_and_writes_nothing(db: Engine, tmp_path: Path) -> None:
    good = ["1", "Good", "https://www.udemy.com/good/", "True", "20", "1", "1", "1", "All Levels", "1.5", "", "Web"]
    bad = ["2", "Bad", "https://www.udemy.com/bad/", "True", "20", "1", "1", "1", "All Levels", "two hours", "", "Web"]
    path = _csv(tmp_path / "bad.csv.gz", [UDEMY_HEADER, good, bad])
    with pytest.raises(CourseFileError) as caught:
        import_file(db, path)
    assert caught.value.row == 2 and caught.value.column == "content_duration"
    assert "row 2" in str(caught.value) and "'two hours'" in str(caught.value)
    assert _count(db, "Udemy") == 0


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"\xff\xfe\x00garbage\x00", "not UTF-8"),
    (b"a,b,c\n1,2,3\n", "matches no known catalog"),
    (b"title,url\n", "no course rows"),
])
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    with pytest.raises(CourseFileError, match=message):
        parse_file(path)


def test_normalised_csv_with_a_provider_name(db: Engine, tmp_path: Path) -> None:
    path = _csv(tmp_path / "mine.csv.gz", [["title", "url", "level", "duration_hours", "price", "subjects"],
                                           ["Intro to Qwerty", "https://q.example/intro", "Beginner", "4", "0",
                                            "Qwerty;Keyboards"]])
    import_file(db, path, provider="Qwerty Academy")
    hit = search(db, "qwerty").courses[0]
    assert (hit.provider, hit.level, hit.duration_hours, hit.price) == ("Qwerty Academy", "beginner", 4.0, 0.0)
