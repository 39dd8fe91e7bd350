"""The course catalog: one normalised record shape for every source (the shipped free catalog, imported CSVs,
provider APIs), kept in the `courses` table and upserted on (provider, external_id).

The shipped catalog (`data/free-courses.json.gz`, CC BY 4.0) is loaded into `courses` on first use: the
search and the learning plan call `ensure_shipped_catalog` before they read, so a fresh database needs no
extra command. It is written once per catalog release (the release tag is in each row's `source`).
"""

from __future__ import annotations

import gzip
import json
import re
import threading
import weakref
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy import func, insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from memory.db import session_scope
from memory.models import Course

DATA_DIR = Path(__file__).parent / "data"
SHIPPED_FILE = DATA_DIR / "free-courses.json.gz"
LEVELS = ("beginner", "intermediate", "advanced")
_UPSERT_BATCH = 500


class CourseRecord(BaseModel):
    """One course as the coach uses it. `price` 0 means free; None means not stated."""

    provider: str = Field(min_length=1, max_length=100)
    external_id: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=500)
    url: str | None = Field(default=None, max_length=1000)
    level: str | None = None  # beginner, intermediate, advanced, or None (all levels / not stated)
    duration_hours: float | None = Field(default=None, ge=0)
    price: float | None = Field(default=None, ge=0)
    currency: str | None = None
    rating: float | None = Field(default=None, ge=0, le=5)
    subjects: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    description: str | None = None
    language: str | None = None  # ISO code when the source states it
    license: str | None = None
    source: str | None = None

    @property
    def course_id(self) -> str:
        """A stable id across databases (the table's integer id is not)."""
        return f"{self.provider}:{self.external_id}"


_LEVEL_WORDS = {"beginner": "beginner", "introductory": "beginner", "intro": "beginner", "basic": "beginner",
                "elementary": "beginner", "intermediate": "intermediate", "advanced": "advanced",
                "expert": "advanced"}


def normalise_level(text: str | None) -> str | None:
    """'Introductory', 'Beginner Level', 'Intermediate' → one of LEVELS; 'All Levels', 'Mixed', '' → None."""
    for word in re.findall(r"[a-z]+", (text or "").lower()):
        if word in _LEVEL_WORDS:
            return _LEVEL_WORDS[word]
    return None


def read_shipped() -> list[CourseRecord]:
    return list(_shipped())


@lru_cache(maxsize=1)
def _shipped() -> tuple[CourseRecord, ...]:
    with gzip.open(SHIPPED_FILE, "rt", encoding="utf-8") as handle:
        payload = json.load(handle)
    common = {"license": payload["license"], "source": payload["release"], "price": 0.0, "currency": None}
    return tuple(CourseRecord(**common, **row) for row in payload["courses"])


def shipped_release() -> str:
    return _shipped()[0].source or ""


def _row_values(record: CourseRecord) -> dict:
    values = record.model_dump(exclude={"language"})
    if record.language:  # no column for it: kept with the subjects as a tagged value, read back by `from_row`
        values["subjects"] = [*record.subjects, f"lang:{record.language}"]
    return values


def from_row(row: Course) -> CourseRecord:
    subjects = [s for s in (row.subjects or []) if not str(s).startswith("lang:")]
    language = next((str(s)[5:] for s in (row.subjects or []) if str(s).startswith("lang:")), None)
    return CourseRecord(provider=row.provider, external_id=row.external_id, title=row.title, url=row.url,
                        level=row.level, duration_hours=row.duration_hours, price=row.price, currency=row.currency,
                        rating=row.rating, subjects=subjects, skills=list(row.skills or []),
                        description=row.description, language=language, license=row.license, source=row.source)


def upsert(session: Session, records: Iterable[CourseRecord]) -> Iterator[int]:
    """Insert or update each record by (provider, external_id), in batches; yields how many were written so far.
    The caller's session decides the transaction, so a failure part-way writes nothing."""
    done = 0
    batch: list[CourseRecord] = []
    for record in records:
        batch.append(record)
        if len(batch) >= _UPSERT_BATCH:
            done += _upsert_batch(session, batch)
            batch = []
            yield done
    if batch:
        done += _upsert_batch(session, batch)
        yield done


def _upsert_batch(session: Session, batch: list[CourseRecord]) -> int:
    unique = {(r.provider, r.external_id): r for r in batch}  # a file's own duplicates: the last row wins
    existing = {}
    for provider in {p for p, _ in unique}:
        ids = [e for p, e in unique if p == provider]
        rows = session.exec(select(Course).where(Course.provider == provider, Course.external_id.in_(ids))).all()
        existing.update({(row.provider, row.external_id): row for row in rows})
    new_rows = []
    for key, record in unique.items():
        values = _row_values(record)
        row = existing.get(key)
        if row is None:
            new_rows.append(values)
        else:
            for name, value in values.items():
                setattr(row, name, value)
    session.flush()
    if new_rows:  # one multi-row INSERT, not one ORM object each (the shipped catalog is ~4,500 rows)
        session.execute(insert(Course), new_rows)
    catalog_changed()
    return len(unique)


_generation = 0


def catalog_changed() -> None:
    """Tell this process's course search to rebuild: an in-process counter the index checks, so an update that
    keeps the row count (an upsert, an admin's edit) still rebuilds it."""
    global _generation
    _generation += 1


def generation() -> int:
    return _generation


# Engines already checked in this process (one count query, not one per search); weak, so a disposed engine's
# id reused by a new one is never mistaken for it.
_checked: weakref.WeakSet[Engine] = weakref.WeakSet()
_load_lock = threading.Lock()


def ensure_shipped_catalog(db: Engine) -> int:
    """Load the shipped free catalog into `courses` unless this release is already there; returns rows written."""
    if db in _checked:
        return 0
    with _load_lock:  # concurrent first requests in this process load it once
        if db in _checked:
            return 0
        try:
            written = _load_shipped(db)
        except IntegrityError:  # another process loaded it at the same moment: theirs is the same catalog
            written = 0
        _checked.add(db)
        return written


def _load_shipped(db: Engine) -> int:
    release = shipped_release()
    with session_scope(db) as session:
        present = session.exec(select(func.count()).select_from(Course).where(Course.source == release)).one()
        if present:
            return 0
        written = 0
        for written in upsert(session, read_shipped()):
            pass
        return written
