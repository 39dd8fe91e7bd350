"""Load a course-catalog CSV into the `courses` table (`coach data import-courses FILE`).

Recognised by their header: the Kaggle Udemy (2017), edX and Coursera (2023) catalogs, and the coach's own
normalised shape (provider?, external_id?, title, url, level, duration_hours, price, rating, subjects). Those
three catalogs' licences are unconfirmed, so they are never shipped: each user loads them into their own
database. Every row is parsed before anything is written, and the write is one transaction, so a bad row
leaves the table exactly as it was.

Durations: Udemy's `content_duration` is hours; edX's is the midpoint of the stated weekly effort times the
weeks ("2–4 hours per week" × "7 Weeks" = 21 h); Coursera states only a span of weeks or months, which is not
a number of hours, so it stays unknown (except "Less Than 2 Hours" → 2). Prices: Udemy's USD price (0 when
`is_paid` is False); edX "FREE-Add a Verified Certificate for $49 USD" is free to audit → 0; Coursera states no
price (unknown).
"""

from __future__ import annotations

import ast
import csv
import gzip
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import ValidationError
from sqlalchemy.engine import Engine

from memory.db import session_scope
from tools.learning.catalog import CourseRecord, normalise_level, upsert


class CourseFileError(ValueError):
    """A file the importer cannot load; names the row (1 = the first data row) and the column."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None):
        where = ", ".join(part for part in (f"row {row}" if row else "", f"column {column!r}" if column else "")
                          if part)
        super().__init__(f"{where}: {message}" if where else message)
        self.row, self.column = row, column


class _BadValue(ValueError):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


@dataclass(frozen=True)
class ImportResult:
    format: str
    rows: int
    written: int


def _number(value: str, column: str) -> float | None:
    text = (value or "").strip().replace(",", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise _BadValue(column, f"{value!r} is not a number") from None


def _slug(url: str, column: str) -> str:
    path = urlsplit(url.strip()).path.strip("/")
    if not path:
        raise _BadValue(column, f"{url!r} is not a course URL")
    return path


def _udemy(row: dict[str, str], provider: str) -> CourseRecord:
    paid = row["is_paid"].strip().lower() in ("true", "1", "yes")
    price = _number(row["price"], "price") if paid and row["price"].strip().lower() != "free" else 0.0
    return CourseRecord(provider=provider, external_id=row["course_id"].strip(), title=row["course_title"].strip(),
                        url=row["url"].strip() or None, level=normalise_level(row["level"]),
                        duration_hours=_number(row["content_duration"], "content_duration"), price=price,
                        currency="USD", subjects=[row["subject"].strip()] if row["subject"].strip() else [],
                        language="en")


_EFFORT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:[–-]\s*(\d+(?:\.\d+)?))?\s*hours?\s+per\s+week", re.I)
_WEEKS = re.compile(r"(\d+)\s*weeks?", re.I)
_LANGUAGES = {"english": "en", "español": "es", "spanish": "es", "français": "fr", "french": "fr",
              "italiano": "it", "中文": "zh", "português": "pt", "deutsch": "de"}


def _edx_hours(effort: str, length: str) -> float | None:
    per_week, weeks = _EFFORT.search(effort or ""), _WEEKS.search(length or "")
    if not per_week or not weeks:
        return None
    low = float(per_week.group(1))
    high = float(per_week.group(2) or low)
    return round((low + high) / 2 * int(weeks.group(1)), 1)


def _edx_price(text: str) -> float | None:
    if text.strip().upper().startswith("FREE"):
        return 0.0
    amount = re.search(r"\$\s?(\d[\d,]*(?:\.\d+)?)", text)
    return float(amount.group(1).replace(",", "")) if amount else None


def _edx(row: dict[str, str], provider: str) -> CourseRecord:
    summary, details = row["summary"].strip(), row["course_description"].strip()
    return CourseRecord(provider=provider, external_id=_slug(row["course_url"], "course_url"), title=row["title"].strip(),
                        url=row["course_url"].strip(), level=normalise_level(row["Level"]),
                        duration_hours=_edx_hours(row["course_effort"], row["course_length"]),
                        price=_edx_price(row["price"]), currency="USD",
                        subjects=[row["subject"].strip()] if row["subject"].strip() else [],
                        description=" ".join(part for part in (summary, details[:1000]) if part) or None,
                        language=_LANGUAGES.get(row["language"].strip().lower()))


def _list_literal(text: str, column: str) -> list[str]:
    text = (text or "").strip()
    if not text:
        return []
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        raise _BadValue(column, f"{text[:40]!r} is not a list such as ['A', 'B']") from None
    if not isinstance(value, list):
        raise _BadValue(column, f"{text[:40]!r} is not a list such as ['A', 'B']")
    return list(dict.fromkeys(str(item).strip() for item in value if str(item).strip()))


def _coursera(row: dict[str, str], provider: str) -> CourseRecord:
    hours = 2.0 if row["course_time"].strip().lower() == "less than 2 hours" else None
    return CourseRecord(provider=provider, external_id=_slug(row["course_url"], "course_url"), title=row["course_title"].strip(),
                        url=row["course_url"].strip(), level=normalise_level(row["course_difficulty"]),
                        duration_hours=hours, rating=_number(row["course_rating"], "course_rating"),
                        skills=_list_literal(row["course_skills"], "course_skills"),
                        subjects=[s for s in (row["course_certificate_type"].strip(),) if s],
                        description=row["course_description"].strip()[:2000] or None, language="en")


def _normalised(row: dict[str, str], provider: str) -> CourseRecord:
    split = (lambda text: [s.strip() for s in re.split(r"[;|]", text or "") if s.strip()])
    url = (row.get("url") or "").strip() or None
    return CourseRecord(provider=(row.get("provider") or "").strip() or provider,
                        external_id=(row.get("external_id") or "").strip() or (_slug(url, "url") if url else ""),
                        title=(row.get("title") or "").strip(), url=url, level=normalise_level(row.get("level")),
                        duration_hours=_number(row.get("duration_hours", ""), "duration_hours"),
                        price=_number(row.get("price", ""), "price"), rating=_number(row.get("rating", ""), "rating"),
                        subjects=split(row.get("subjects", "")), skills=split(row.get("skills", "")),
                        description=(row.get("description") or "").strip() or None)


# format name → (columns that identify it, default provider, row parser)
_FORMATS: dict[str, tuple[set[str], str, Callable[[dict[str, str], str], CourseRecord]]] = {
    "udemy": ({"course_id", "course_title", "url", "is_paid", "price", "level", "content_duration", "subject"},
              "Udemy", _udemy),
    "edx": ({"title", "summary", "Level", "subject", "language", "course_effort", "course_length", "price",
             "course_description", "course_url"}, "edX", _edx),
    "coursera": ({"course_title", "course_certificate_type", "course_time", "course_rating", "course_difficulty",
                  "course_url", "course_skills", "course_description"}, "Coursera", _coursera),
    "normalised": ({"title", "url"}, "imported", _normalised),
}


def detect_format(columns: list[str]) -> str:
    present = set(columns)
    for name, (needed, _, _) in _FORMATS.items():
        if needed <= present:
            return name
    raise CourseFileError("the header matches no known catalog (Udemy, edX, Coursera, or title,url,...): "
                          f"columns are {', '.join(columns[:12])}")


def _open_text(path: Path) -> io.TextIOBase:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    try:
        return io.StringIO(raw.decode("utf-8-sig"), newline="")
    except UnicodeDecodeError as exc:
        raise CourseFileError(f"the file is not UTF-8 text (byte {exc.start})") from None


def parse_file(path: Path, provider: str | None = None) -> tuple[str, list[CourseRecord]]:
    """Every row of the file as records, or a CourseFileError naming the first bad row and column."""
    try:
        reader = csv.DictReader(_open_text(path))
        columns = [c for c in (reader.fieldnames or []) if c is not None]
    except csv.Error as exc:
        raise CourseFileError(f"not a CSV file: {exc}") from None
    if not columns:
        raise CourseFileError("the file is empty (no header row)")
    name = detect_format(columns)
    _, default_provider, parse_row = _FORMATS[name]
    records = []
    for number, row in enumerate(_rows(reader), start=1):
        try:
            record = parse_row(row, provider or default_provider)
            record.source = f"import:{path.name}"
            records.append(record)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise CourseFileError(first["msg"], number, ".".join(map(str, first["loc"]))) from None
        except _BadValue as exc:
            raise CourseFileError(str(exc), number, exc.column) from None
    if not records:
        raise CourseFileError("the file has a header but no course rows")
    return name, records


def _rows(reader: csv.DictReader) -> Iterator[dict[str, str]]:
    try:
        for row in reader:
            if None in row:  # more fields than the header names
                raise CourseFileError(f"{len(row[None])} more field(s) than the header has", reader.line_num)
            yield {key: value if value is not None else "" for key, value in row.items()}
    except csv.Error as exc:
        raise CourseFileError(f"malformed CSV: {exc}", reader.line_num) from None


def import_file(db: Engine, path: Path, provider: str | None = None,
                progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Parse the whole file, then upsert it in one transaction; `progress(done, total)` after each batch."""
    name, records = parse_file(path, provider)
    written = 0
    with session_scope(db) as session:
        for written in upsert(session, records):
            if progress:
                progress(written, len(records))
    return ImportResult(format=name, rows=len(records), written=written)
