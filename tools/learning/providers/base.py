"""The `CourseProvider` interface and the HTTP plumbing the remote providers share (timeouts, retries with
backoff on 429/5xx/transport errors, one clear error type)."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import httpx
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from tools.learning.catalog import CourseRecord

USER_AGENT = "SmartJobFit-Coach/0.1 (course search)"


@runtime_checkable
class CourseProvider(Protocol):
    name: str

    def search(self, query: str, limit: int = 20) -> list[CourseRecord]:
        """Courses for a free-text query, in the provider's order."""
        ...


class ProviderError(Exception):
    """A provider gave no usable answer: `status` is the HTTP status (None for timeouts and connection errors)."""

    def __init__(self, provider: str, status: int | None, message: str):
        super().__init__(f"{provider}: {message}" + (f" (HTTP {status})" if status else ""))
        self.provider, self.status, self.message = provider, status, message


class _Retryable(Exception):
    pass


def get_json(client: httpx.Client, provider: str, url: str, params: dict[str, Any], attempts: int,
             headers: dict[str, str] | None = None) -> dict[str, Any]:
    """GET a JSON object; retries transient failures (timeouts, 429, 5xx), raises ProviderError otherwise."""
    def once() -> dict[str, Any]:
        try:
            response = client.get(url, params=params, headers=headers)
        except httpx.TimeoutException as exc:
            raise _Retryable(ProviderError(provider, None, f"timed out ({exc.__class__.__name__})")) from exc
        except httpx.TransportError as exc:
            raise _Retryable(ProviderError(provider, None, f"could not connect: {exc}")) from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise _Retryable(ProviderError(provider, response.status_code, response.text[:200] or "server error"))
        if response.status_code >= 400:
            raise ProviderError(provider, response.status_code, response.text[:200] or "request refused")
        try:
            body = response.json()
        except ValueError as exc:
            raise ProviderError(provider, response.status_code, "the answer is not JSON") from exc
        if not isinstance(body, dict):
            raise ProviderError(provider, response.status_code, "the answer is not a JSON object")
        return body

    try:
        for attempt in Retrying(retry=retry_if_exception_type(_Retryable), stop=stop_after_attempt(attempts),
                                wait=wait_exponential(multiplier=0.2, max=2), reraise=True):
            with attempt:
                return once()
    except _Retryable as exc:
        raise exc.args[0] from exc
    raise AssertionError("unreachable")
