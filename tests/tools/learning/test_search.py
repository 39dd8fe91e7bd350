"""Search relevance on hand-written queries over the shipped catalog, filters, and the index rebuilding when the
catalog changes."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from memory.db import session_scope
from tools.learning.catalog import CourseRecord, upsert
from tools.learning.search import SearchFilters, search

EN = SearchFilters(language="en")


@pytest.mark.parametrize("query, expected_words", [
    ("sql", {"sql"}),
    ("free course on python for beginners", {"python"}),
    ("machine learning", {"machine learning"}),
    ("docker kubernetes", {"docker", "kubernetes"}),
    ("react", {"react"}),
    ("git", {"git"}),
])
def test_top_results_are_about_the_query(db: Engine, query: str, expected_words: set[str]) -> None:
    result = search(db, query, EN, limit=5)
    assert len(result.courses) == 5
    for hit in result.courses:
        text = " ".join([hit.title, *hit.subjects]).lower()
        assert any(word in text for word in expected_words), (query, hit.title, hit.subjects)
        assert hit.why and hit.url


def test_a_skill_listed_as_a_subject_ranks_first(db: Engine) -> None:
    hit = search(db, "", EN, limit=1, skill="SQL").courses[0]
    assert hit.why[0] == "listed under 'sql'"


def test_filters(db: Engine) -> None:
    with session_scope(db) as session:
        list(upsert(session, [
            CourseRecord(provider="Acme", external_id="1", title="SQL for analysts", level="advanced",
                         duration_hours=40, price=30, url="https://acme.example/1"),
            CourseRecord(provider="Acme", external_id="2", title="SQL basics", level="beginner", duration_hours=3,
                         price=0, url="https://acme.example/2")]))
    acme = search(db, "sql", SearchFilters(provider="acme")).courses
    assert {h.title for h in acme} == {"SQL basics", "SQL for analysts"}
    assert [h.title for h in search(db, "sql", SearchFilters(provider="Acme", free_only=True)).courses] == \
        ["SQL basics"]
    assert [h.title for h in search(db, "sql", SearchFilters(provider="Acme", max_hours=10)).courses] == ["SQL basics"]
    assert [h.title for h in search(db, "sql", SearchFilters(provider="Acme", level="advanced")).courses] == \
        ["SQL for analysts"]
    unstated = search(db, "sql", SearchFilters(level="advanced", language="en")).courses
    assert all(h.level in ("advanced", None) for h in unstated)
    assert any("level not stated" in h.why for h in unstated if h.level is None)


def test_the_index_sees_new_and_updated_courses(db: Engine) -> None:
    assert not search(db, "zyxwvu").courses
    with session_scope(db) as session:
        list(upsert(session, [CourseRecord(provider="Acme", external_id="9", title="Zyxwvu mastery")]))
    assert [h.title for h in search(db, "zyxwvu").courses] == ["Zyxwvu mastery"]
    with session_scope(db) as session:  # the same row updated: the count does not change, the index does
        list(upsert(session, [CourseRecord(provider="Acme", external_id="9", title="Zyxwvu mastery, 2nd edition")]))
    assert [h.title for h in search(db, "zyxwvu").courses] == ["Zyxwvu mastery, 2nd edition"]


def test_skill_labels_are_matched_on_their_specific_words(db: Engine) -> None:
    python = search(db, "", EN, limit=5, skill="Python (computer programming)").courses  # ESCO's disambiguation
    assert python and all("python" in h.title.lower() or "Python" in h.subjects for h in python)
    # "Microsoft" alone must not make an Azure course an Excel course; a word no course has gives no course.
    assert all("excel" in h.title.lower() for h in search(db, "", EN, skill="Microsoft Excel").courses)
    assert search(db, "", EN, skill="Critical Thinking").courses == []


def test_a_course_listed_twice_is_shown_once(db: Engine) -> None:
    hits = search(db, "machine learning", EN, limit=20).courses
    assert len({h.url for h in hits}) == len(hits) == len({(h.provider, h.title.lower()) for h in hits})


def test_the_local_catalog_is_a_course_provider(db: Engine) -> None:
    from tools.learning.providers.base import CourseProvider
    from tools.learning.providers.local import LocalCatalogProvider

    provider = LocalCatalogProvider(db, EN)
    assert isinstance(provider, CourseProvider)
    records = provider.search("kubernetes", limit=3)
    assert len(records) == 3 and all("kubernetes" in (r.title + " ".join(r.subjects)).lower() for r in records)
