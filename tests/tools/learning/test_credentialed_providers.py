"""The Udemy and LinkedIn Learning providers against local stubs of their APIs (auth, paging, mapping), and that
they are used only when their credentials are set."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_settings
from tests.stubs.course_api_stub import CourseApiStub
from tools.learning.providers import remote_providers
from tools.learning.providers.base import ProviderError
from tools.learning.providers.linkedin import LinkedInLearningProvider
from tools.learning.providers.udemy import UdemyProvider

UDEMY = [{"id": n, "title": f"SQL Bootcamp {n}", "url": f"/course/sql-bootcamp-{n}/", "is_paid": n % 2 == 0,
          "price": "$19.99" if n % 2 == 0 else "Free", "headline": "Learn SQL"} for n in range(30)]
LINKEDIN = [{"urn": "urn:li:lyndaCourse:123", "title": {"value": "SQL Essential Training"},
             "details": {"urls": {"webLaunch": "https://www.linkedin.com/learning/sql-essential-training"},
                         "timeToComplete": {"duration": 9000, "unit": "SECOND"}, "level": "BEGINNER",
                         "shortDescription": {"value": "Learn SQL"}}}]


def test_udemy_pages_with_basic_auth_and_maps_prices() -> None:
    with CourseApiStub(udemy_courses=UDEMY, max_page_size=10) as stub:
        records = UdemyProvider("id", "secret", stub.base_url, attempts=1).search("sql", limit=25)
    assert len(records) == 25 and [r["params"]["page"] for r in stub.requests] == [["1"], ["2"], ["3"]]
    assert stub.requests[0]["params"]["search"] == ["sql"]
    paid, free = records[0], records[1]
    assert (paid.price, free.price) == (19.99, 0.0)
    assert paid.url == f"{stub.base_url}/course/sql-bootcamp-0/" and paid.provider == "Udemy"


def test_udemy_wrong_credentials_are_a_clear_error() -> None:
    with CourseApiStub(udemy_courses=UDEMY) as stub, pytest.raises(ProviderError) as caught:
        UdemyProvider("id", "wrong", stub.base_url, attempts=3).search("sql")
    assert caught.value.status == 403 and len(stub.requests) == 1  # a refusal is not retried


def test_linkedin_learning_maps_duration_and_level() -> None:
    with CourseApiStub(linkedin_elements=LINKEDIN) as stub:
        [record] = LinkedInLearningProvider("token", stub.base_url, attempts=1).search("sql")
        assert stub.requests[0]["authorization"] == "Bearer token"
        assert stub.requests[0]["params"]["assetFilteringCriteria.assetTypes[0]"] == ["COURSE"]
        with pytest.raises(ProviderError) as caught:
            LinkedInLearningProvider("expired", stub.base_url, attempts=1).search("sql")
    assert (record.duration_hours, record.level, record.provider) == (2.5, "beginner", "LinkedIn Learning")
    assert record.url == "https://www.linkedin.com/learning/sql-essential-training" and caught.value.status == 401


def test_providers_only_with_credentials(tmp_path: Path) -> None:
    assert remote_providers(make_settings(tmp_path)) == []
    names = [p.name for p in remote_providers(make_settings(
        tmp_path, COURSERA_ENABLED=True, UDEMY_CLIENT_ID="id", UDEMY_CLIENT_SECRET="s", LINKEDIN_LEARNING_TOKEN="t"))]
    assert names == ["coursera", "udemy", "linkedin"]
    assert [p.name for p in remote_providers(make_settings(tmp_path, UDEMY_CLIENT_ID="id"))] == []  # no secret
