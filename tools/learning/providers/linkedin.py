"""LinkedIn Learning API (used only when LINKEDIN_LEARNING_TOKEN is set: an OAuth 2.0 access token from
LinkedIn's client-credentials flow, which needs a LinkedIn Learning enterprise licence):
`GET {base}/v2/learningAssets?q=criteria&assetFilteringCriteria.keyword=...&assetFilteringCriteria.assetTypes[0]=
COURSE&start=&count=` answers `{"elements": [{"urn", "title": {"value"}, "details": {"urls": {"webLaunch"},
"timeToComplete": {"duration", "unit"}, "level", "shortDescription": {"value"}}}], "paging": {"start", "count",
"total"}}`. Written from LinkedIn's published documentation and tested against a local stub of that shape
(tests/stubs/course_api_stub.py), never against the live API (it needs an enterprise licence)."""

from __future__ import annotations

import httpx

from tools.learning.catalog import CourseRecord, normalise_level
from tools.learning.providers.base import USER_AGENT, ProviderError, get_json

LINKEDIN_API = "https://api.linkedin.com"
_SECONDS = {"SECOND": 1 / 3600, "MINUTE": 1 / 60, "HOUR": 1.0}


class LinkedInLearningProvider:
    name = "linkedin"

    def __init__(self, token: str, base_url: str = LINKEDIN_API, timeout_s: float = 10.0, attempts: int = 3):
        self.base_url, self.attempts = base_url.rstrip("/"), attempts
        self.client = httpx.Client(timeout=timeout_s, headers={"User-Agent": USER_AGENT,
                                                               "Authorization": f"Bearer {token}"})

    def search(self, query: str, limit: int = 20) -> list[CourseRecord]:
        params = {"q": "criteria", "assetFilteringCriteria.keyword": query,
                  "assetFilteringCriteria.assetTypes[0]": "COURSE", "start": 0, "count": min(limit, 100)}
        body = get_json(self.client, "LinkedIn Learning", f"{self.base_url}/v2/learningAssets", params,
                        self.attempts)
        elements = body.get("elements")
        if not isinstance(elements, list):
            raise ProviderError("LinkedIn Learning", 200, "the answer has no `elements` list")
        return [record for element in elements if (record := _record(element)) is not None][:limit]


def _record(element: dict) -> CourseRecord | None:
    details = element.get("details") or {}
    title = (element.get("title") or {}).get("value")
    if not element.get("urn") or not title:
        return None
    time = details.get("timeToComplete") or {}
    hours = None
    if isinstance(time.get("duration"), (int, float)) and time.get("unit") in _SECONDS:
        hours = round(time["duration"] * _SECONDS[time["unit"]], 2)
    return CourseRecord(provider="LinkedIn Learning", external_id=element["urn"], title=title,
                        url=(details.get("urls") or {}).get("webLaunch"), level=normalise_level(details.get("level")),
                        duration_hours=hours, description=(details.get("shortDescription") or {}).get("value"),
                        source="linkedin learning api")
