"""The Coursera catalog client against a local stub of its API: the request it sends, paging, retries on
transient errors, timeouts, refusals and malformed answers; remote results joining the local search."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from tests.stubs.coursera_stub import CourseraStub, course
from tools.learning.providers import refresh_from_providers
from tools.learning.providers.base import CourseProvider, ProviderError
from tools.learning.providers.coursera import CourseraProvider
from tools.learning.search import search

COURSES = [course(f"python-{n}", f"Python course {n}", "Learn Python", primaryLanguages=["en"],
                  domainTypes=[{"domainId": "computer-science", "subdomainId": "software-development"}])
           for n in range(250)] + [course("sql-basics", "SQL Basics", "Databases")]


def test_search_sends_the_real_query_and_follows_paging() -> None:
    with CourseraStub(COURSES) as stub:
        provider = CourseraProvider(stub.base_url, attempts=1)
        assert isinstance(provider, CourseProvider)
        records = provider.search("python", limit=150)
    assert len(records) == 150
    assert [r["start"] for r in stub.requests] == [["0"], ["100"]]
    first = stub.requests[0]
    assert first["q"] == ["search"] and first["query"] == ["python"] and first["limit"] == ["100"]
    assert "slug" in first["fields"][0] and "description" in first["fields"][0]
    record = records[0]
    assert (record.provider, record.external_id, record.url) == ("Coursera", "learn/python-0",
                                                                 "https://www.coursera.org/learn/python-0")
    assert record.language == "en" and record.subjects == ["software development"]


def test_the_last_page_ends_the_paging() -> None:
    with CourseraStub(COURSES) as stub:
        records = CourseraProvider(stub.base_url, attempts=1).search("sql", limit=50)
    assert [r.title for r in records] == ["SQL Basics"] and len(stub.requests) == 1


def test_transient_errors_are_retried() -> None:
    with CourseraStub(COURSES) as stub:
        stub.fail_next(503, times=2)
        records = CourseraProvider(stub.base_url, attempts=3).search("sql")
    assert len(records) == 1 and len(stub.requests) == 3


def test_errors_name_the_provider_and_status() -> None:
    with CourseraStub(COURSES) as stub:
        stub.fail_next(500, times=3)
        with pytest.raises(ProviderError) as caught:
            CourseraProvider(stub.base_url, attempts=3).search("sql")
        assert caught.value.status == 500 and "Coursera" in str(caught.value)
        stub.fail_next(403)
        with pytest.raises(ProviderError) as refused:  # a refusal is not retried
            CourseraProvider(stub.base_url, attempts=3).search("sql")
        assert refused.value.status == 403 and len(stub.requests) == 4
        stub.raw_body = b"<html>not json</html>"
        with pytest.raises(ProviderError, match="not JSON"):
            CourseraProvider(stub.base_url, attempts=1).search("sql")


def test_timeouts() -> None:
    with CourseraStub(COURSES) as stub:
        stub.delay_s = 1.0
        with pytest.raises(ProviderError, match="timed out") as caught:
            CourseraProvider(stub.base_url, timeout_s=0.2, attempts=2).search("sql")
        assert caught.value.status is None and len(stub.requests) == 2


def test_remote_results_join_the_local_search(db: Engine) -> None:
    with CourseraStub([course("qwertyology", "Qwertyology 101", "All about qwerty")]) as stub:
        problems = refresh_from_providers(db, [CourseraProvider(stub.base_url, attempts=1)], "qwertyology")
    assert problems == []
    hit = search(db, "qwertyology").courses[0]
    assert (hit.provider, hit.url) == ("Coursera", "https://www.coursera.org/learn/qwertyology")
    with CourseraStub([]) as down:
        down.fail_next(503, times=1)
        problems = refresh_from_providers(db, [CourseraProvider(down.base_url, attempts=1)], "anything")
    assert problems and "503" in problems[0]
