"""`coach data import-courses`: a staged catalog loads and becomes searchable; a bad file names row and column,
exits 2 and imports nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from memory.db import create_db_engine, session_scope
from memory.models import Course
from tests.test_cli import _coach


def _count(data_dir: Path, source: str) -> int:
    engine = create_db_engine(f"sqlite:///{data_dir / 'coach.db'}")
    with session_scope(engine) as session:
        count = session.exec(select(func.count()).select_from(Course).where(Course.source == source)).one()
    engine.dispose()
    return count


def test_import_courses(tmp_path: Path, shared_data: Path) -> None:
    result = _coach(tmp_path, "data", "import-courses", str(shared_data / "courses" / "edx_courses.csv.gz"))
    assert result.returncode == 0, result.stderr
    assert "974 courses imported from edx_courses.csv.gz (edx format)" in result.stdout
    assert _count(tmp_path, "import:edx_courses.csv.gz") == 974
    assert _count(tmp_path, "free-programming-books@5b277d2") > 4000  # the shipped catalog is loaded too


def test_a_bad_file_imports_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("title,url,price\nGood,https://a.example/1,0\nBad,https://a.example/2,cheap\n")
    result = _coach(tmp_path, "data", "import-courses", str(bad), "--provider", "Acme")
    assert result.returncode == 2
    assert "row 2, column 'price': 'cheap' is not a number (nothing was imported)" in result.stderr.replace("\n", " ")
    assert _count(tmp_path, "import:bad.csv") == 0
    missing = _coach(tmp_path, "data", "import-courses", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
