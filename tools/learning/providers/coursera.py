"""Coursera's public catalog API (no key): `GET {base}/api/courses.v1?q=search&query=...&fields=...&start=&limit=`
answers `{"elements": [{"id", "slug", "name", "courseType", "description", "workload", ...}],
"paging": {"next": "100", "total": 1234}, "linked": {}}`; `paging.next` is absent on the last page."""

from __future__ import annotations

import httpx

from tools.learning.catalog import CourseRecord
from tools.learning.providers.base import USER_AGENT, ProviderError, get_json

COURSERA_API = "https://api.coursera.org"
FIELDS = "name,slug,description,workload,primaryLanguages,domainTypes,photoUrl"
_PAGE = 100  # the API's largest page


class CourseraProvider:
    name = "coursera"

    def __init__(self, base_url: str = COURSERA_API, timeout_s: float = 10.0, attempts: int = 3,
                 transport: httpx.BaseTransport | None = None):
        self.base_url, self.attempts = base_url.rstrip("/"), attempts
        self.client = httpx.Client(timeout=timeout_s, headers={"User-Agent": USER_AGENT}, transport=transport)

    def search(self, query: str, limit: int = 20) -> list[CourseRecord]:
        records: list[CourseRecord] = []
        start = 0
        while len(records) < limit:
            params = {"q": "search", "query": query, "fields": FIELDS, "start": start,
                      "limit": min(_PAGE, limit - len(records))}
            body = get_json(self.client, "Coursera", f"{self.base_url}/api/courses.v1", params, self.attempts)
            elements = body.get("elements")
            if not isinstance(elements, list):
                raise ProviderError("Coursera", 200, "the answer has no `elements` list")
            records.extend(record for element in elements if (record := _record(element)) is not None)
            next_start = (body.get("paging") or {}).get("next")
            if not elements or next_start is None:
                break
            start = int(next_start)
        return records[:limit]

    def close(self) -> None:
        self.client.close()


def _record(element: dict) -> CourseRecord | None:
    slug, name = element.get("slug"), element.get("name")
    if not slug or not name:
        return None  # an element without the fields we asked for cannot be linked to
    domains = [d.get("subdomainId") or d.get("domainId") for d in element.get("domainTypes") or []
               if isinstance(d, dict)]
    languages = element.get("primaryLanguages") or []
    return CourseRecord(provider="Coursera", external_id=f"learn/{slug}", title=name,
                        url=f"https://www.coursera.org/learn/{slug}", description=(element.get("description") or "")[:2000] or None,
                        subjects=[d.replace("-", " ") for d in domains if d],
                        language=languages[0] if languages else None, source="coursera api")
