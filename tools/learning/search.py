"""Course search: an in-memory BM25 index over the `courses` table (title, subjects, skills, description),
built once and rebuilt when the catalog changes, with filters and the reasons each course matched.

Filters are strict on what a course states and lenient on what it does not: `level="beginner"` drops courses
stated as intermediate or advanced but keeps those whose level is not stated (most of the free catalog), and
says so in `why`; `max_hours` likewise. Exact level matches and stated durations rank a little higher.
"""

from __future__ import annotations

import math
import re
import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from memory.db import session_scope
from memory.models import Course
from tools.learning.catalog import CourseRecord, ensure_shipped_catalog, from_row, generation

Level = Literal["beginner", "intermediate", "advanced"]
_FIELD_WEIGHTS = {"title": 3.0, "subjects": 2.0, "skills": 2.0, "description": 1.0}
_K1, _B = 1.2, 0.75
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*(?:\.[a-z0-9]+)*")
_STOP = {"a", "an", "the", "and", "or", "of", "on", "in", "to", "for", "with", "me", "my", "i", "find", "course",
         "courses", "learn", "free", "some", "about", "how", "what", "is", "are", "do", "good", "best",
         "class", "classes", "tutorial", "tutorials", "want", "need", "can", "you", "online", "from", "use", "using",
         "software", "tools"}
# A few spellings people use for the same skill; both sides are searched.
_ALIASES = {"js": "javascript", "ts": "typescript", "postgres": "postgresql", "k8s": "kubernetes",
            "ml": "machine learning", "ai": "artificial intelligence", "golang": "go", "py": "python",
            "dataviz": "data visualization", "stats": "statistics", "nlp": "natural language processing",
            "sql": "sql databases", "excel": "excel spreadsheets", "dl": "deep learning"}


def tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall((text or "").lower()) if t not in _STOP]


def query_groups(text: str) -> list[set[str]]:
    """One set per query word: the word and the words of its alias ("js" → {"js", "javascript"})."""
    return [{token, *tokens(_ALIASES.get(token, ""))} for token in dict.fromkeys(tokens(text))]


def skill_text(skill: str) -> str:
    """A taxonomy label as a query: ESCO's disambiguation in parentheses dropped ("Python (computer
    programming)" → "Python") when something is left."""
    bare = re.sub(r"\s*\([^)]*\)", "", skill).strip()
    return bare or skill


class SearchFilters(BaseModel):
    free_only: bool = False
    level: Level | None = None
    max_hours: float | None = Field(default=None, gt=0, le=10_000)
    provider: str | None = None
    language: str | None = Field(default=None, description="ISO code; courses that state no language pass")


class CourseHit(BaseModel):
    """One result, in the shape the chat widget's course card reads (title, provider, url, level, duration, price)."""

    course_id: str
    title: str
    provider: str
    url: str | None
    level: str | None
    duration: str | None  # e.g. "21 h"; None when the source states none
    duration_hours: float | None
    price: float | None
    currency: str | None
    rating: float | None
    subjects: list[str]
    language: str | None
    score: float
    why: list[str]
    source: str | None
    license: str | None


class SearchResult(BaseModel):
    query: str
    filters: SearchFilters
    total_matches: int
    courses: list[CourseHit]
    catalog: dict


@dataclass
class _Doc:
    record: CourseRecord
    length: float
    title: str
    labels: set[str]  # subjects and skills, lower-cased, for exact skill matches


@dataclass
class CourseIndex:
    docs: list[_Doc] = field(default_factory=list)
    postings: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    avg_length: float = 1.0
    providers: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, records: list[CourseRecord]) -> CourseIndex:
        index = cls()
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        providers: dict[str, int] = defaultdict(int)
        for number, record in enumerate(records):
            fields = {"title": record.title, "subjects": " ".join(record.subjects),
                      "skills": " ".join(record.skills), "description": (record.description or "")[:600]}
            length = 0.0
            for name, text in fields.items():
                for token in tokens(text):
                    weight = _FIELD_WEIGHTS[name]
                    postings[token][number] = postings[token].get(number, 0.0) + weight
                    length += weight
            labels = {label.lower() for label in (*record.subjects, *record.skills)}
            index.docs.append(_Doc(record, length or 1.0, record.title.lower(), labels))
            providers[record.provider] += 1
        index.avg_length = sum(d.length for d in index.docs) / max(len(index.docs), 1)
        total = len(index.docs)
        for token, docs in postings.items():  # BM25 per (term, doc) computed once, so a query only adds
            idf = math.log(1 + (total - len(docs) + 0.5) / (len(docs) + 0.5))
            index.postings[token] = [
                (number, idf * tf * (_K1 + 1) / (tf + _K1 * (1 - _B + _B * index.docs[number].length
                                                             / index.avg_length)))
                for number, tf in docs.items()]
        index.providers = dict(providers)
        return index

    def scores(self, terms: list[str]) -> tuple[dict[int, float], dict[int, list[str]]]:
        found: dict[int, float] = defaultdict(float)
        matched: dict[int, list[str]] = defaultdict(list)
        for term in terms:
            for number, weight in self.postings.get(term, ()):
                found[number] += weight
                matched[number].append(term)
        return found, matched


_cache: weakref.WeakKeyDictionary[Engine, tuple[tuple, CourseIndex]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _fingerprint(db: Engine) -> tuple:
    with session_scope(db) as session:
        count, last = session.exec(select(func.count(Course.id), func.max(Course.id))).one()
    return generation(), count, last


def course_index(db: Engine) -> CourseIndex:
    """The index for this database, rebuilt when the catalog changed (rows added, or upserted in this process)."""
    ensure_shipped_catalog(db)
    fingerprint = _fingerprint(db)
    cached = _cache.get(db)
    if cached and cached[0] == fingerprint:
        return cached[1]
    with _lock:
        cached = _cache.get(db)
        if cached and cached[0] == fingerprint:
            return cached[1]
        with session_scope(db) as session:
            records = [from_row(row) for row in session.exec(select(Course).order_by(Course.id)).all()]
        index = CourseIndex.build(records)
        _cache[db] = (fingerprint, index)
        return index


def _passes(record: CourseRecord, filters: SearchFilters, why: list[str]) -> bool:
    if filters.free_only and record.price != 0:
        return False
    if filters.provider and record.provider.lower() != filters.provider.lower():
        return False
    if filters.language and record.language and record.language.split("_")[0] != filters.language:
        return False
    if filters.level and record.level and record.level != filters.level:
        return False
    if filters.max_hours is not None and record.duration_hours is not None and \
            record.duration_hours > filters.max_hours:
        return False
    if filters.level and not record.level:
        why.append("level not stated")
    if filters.max_hours is not None and record.duration_hours is None:
        why.append("duration not stated")
    return True


def _duration(hours: float | None) -> str | None:
    return None if hours is None else f"{hours:g} h"


def _hit(record: CourseRecord, score: float, why: list[str]) -> CourseHit:
    return CourseHit(course_id=record.course_id, title=record.title, provider=record.provider, url=record.url,
                     level=record.level, duration=_duration(record.duration_hours),
                     duration_hours=record.duration_hours, price=record.price, currency=record.currency,
                     rating=record.rating, subjects=record.subjects[:6], language=record.language,
                     score=round(score, 3), why=why, source=record.source, license=record.license)


def search(db: Engine, query: str, filters: SearchFilters | None = None, limit: int = 10,
           skill: str | None = None) -> SearchResult:
    """Courses for free text (`query`) or a skill name (`skill`: an exact subject/skill label or the phrase in
    the title ranks first), best first, each with why it matched."""
    filters = filters or SearchFilters()
    index = course_index(db)
    text = skill_text(skill) if skill else query
    phrase = " ".join(_TOKEN.findall(text.lower()))
    groups = query_groups(text)
    if not skill:  # free text may carry words no course has ("courses for my new job"); a skill's words all count
        groups = [g for g in groups if any(t in index.postings for t in g)]
    terms = list(dict.fromkeys(t for g in groups for t in g))
    # The most specific word (the rarest in the catalog) must match, unless two thirds of the words do: "Microsoft
    # Excel" must be about Excel, not any Microsoft course.
    rarest = min(groups, key=lambda g: sum(len(index.postings.get(t, ())) for t in g)) if groups else set()
    ranked: list[tuple[float, int, list[str]]] = []
    found, matched = index.scores(terms)
    for number, score in found.items():
        doc = index.docs[number]
        hit_groups = sum(1 for g in groups if g.intersection(matched[number]))
        if len(groups) > 1 and not rarest.intersection(matched[number]) and hit_groups < len(groups) * 2 / 3:
            continue
        why = [f"matches {', '.join(repr(t) for t in matched[number])}"]
        if not _passes(doc.record, filters, why):
            continue
        score *= 0.5 + hit_groups / len(groups)  # courses that match every word of the query first
        if phrase in doc.labels:
            score *= 1.6
            why.insert(0, f"listed under {phrase!r}")
        elif phrase and phrase in doc.title and re.search(rf"\b{re.escape(phrase)}\b", doc.title):
            score *= 1.4
            why.insert(0, f"{phrase!r} in the title")
        if filters.level and doc.record.level == filters.level:
            score *= 1.2
        if doc.record.duration_hours is not None:
            score *= 1.05
        ranked.append((score, number, why))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    courses: list[CourseHit] = []
    seen: set[str] = set()
    for score, number, why in ranked:  # one course listed twice (two catalogs, two languages) is shown once
        record = index.docs[number].record
        keys = {record.url or "", f"{record.provider}|{record.title.lower()}"}
        if seen & keys:
            continue
        seen |= keys
        courses.append(_hit(record, score, why))
        if len(courses) == limit:
            break
    return SearchResult(query=text, filters=filters, total_matches=len(ranked), courses=courses,
                        catalog={"courses_indexed": len(index.docs), "providers": len(index.providers)})
