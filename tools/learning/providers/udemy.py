"""Udemy Affiliate API 2.0 (used only when UDEMY_CLIENT_ID and UDEMY_CLIENT_SECRET are set):
`GET {base}/api-2.0/courses/?search=...&page=1&page_size=...` with HTTP basic auth (client id, secret); answers
`{"count", "next", "previous", "results": [{"id", "title", "url": "/course/slug/", "is_paid", "price": "$19.99",
"headline", ...}]}`; `next` is null on the last page."""

from __future__ import annotations

import base64
import re

import httpx

from tools.learning.catalog import CourseRecord
from tools.learning.providers.base import USER_AGENT, ProviderError, get_json

UDEMY_API = "https://www.udemy.com"


class UdemyProvider:
    name = "udemy"

    def __init__(self, client_id: str, client_secret: str, base_url: str = UDEMY_API, timeout_s: float = 10.0,
                 attempts: int = 3):
        token = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        self.base_url, self.attempts = base_url.rstrip("/"), attempts
        self.client = httpx.Client(timeout=timeout_s, headers={"User-Agent": USER_AGENT,
                                                               "Authorization": f"Basic {token}"})

    def search(self, query: str, limit: int = 20) -> list[CourseRecord]:
        records: list[CourseRecord] = []
        page = 1
        while len(records) < limit:
            params = {"search": query, "page": page, "page_size": min(100, limit)}
            body = get_json(self.client, "Udemy", f"{self.base_url}/api-2.0/courses/", params, self.attempts)
            results = body.get("results")
            if not isinstance(results, list):
                raise ProviderError("Udemy", 200, "the answer has no `results` list")
            records.extend(record for item in results if (record := _record(item, self.base_url)) is not None)
            if not results or not body.get("next"):
                break
            page += 1
        return records[:limit]


def _record(item: dict, base_url: str) -> CourseRecord | None:
    if item.get("id") is None or not item.get("title"):
        return None
    price = 0.0 if item.get("is_paid") is False else None
    amount = re.search(r"(\d[\d,]*(?:\.\d+)?)", str(item.get("price") or ""))
    if price is None and amount:
        price = float(amount.group(1).replace(",", ""))
    url = item.get("url") or ""
    return CourseRecord(provider="Udemy", external_id=str(item["id"]), title=item["title"],
                        url=url if url.startswith("http") else f"{base_url}{url}" if url else None,
                        price=price, description=item.get("headline"), source="udemy affiliate api")
