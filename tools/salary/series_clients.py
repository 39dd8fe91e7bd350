"""Clients for two public time-series APIs: the BLS Public Data API v2 and FRED (Federal Reserve Bank of St. Louis).

    with BlsClient(registration_key="...") as bls:
        series = bls.get_series(["CUUR0000SA0"], start_year=2023, end_year=2025)   # {series_id: SeriesData}
    with FredClient(api_key="...") as fred:
        cpi = fred.get_observations("CPIAUCSL", start=date(2023, 1, 1))           # SeriesData

BLS: `POST {base_url}/timeseries/data/` with the JSON body `{"seriesid": [...], "startyear": "2023",
"endyear": "2025", "registrationkey": "..."}`. BLS answers HTTP 200 even when it refuses a request: the body's
`status` is then `REQUEST_NOT_PROCESSED` (bad key, daily quota reached...) or `REQUEST_FAILED`, with the reason in
`message`; such answers raise `SeriesRequestError` (not retried: retrying does not help). A request takes at most
50 series with a registration key (25 without), so longer lists are sent in several requests; the year span
is limited to 20 years with a key (10 without) and checked before any request. Values are published as text:
one that is not a number (BLS writes "-" for "not available") becomes `None` with the text kept in `raw_value`.
Periods M01–M12 (monthly), Q01–Q04 (quarterly), S01–S02 (half years) and A01 (annual) become dates (the first
day of the period); annual averages (M13, Q05, S03) keep `date = None`.

FRED: `GET {base_url}/series/observations?series_id=...&api_key=...&file_type=json`; `"."` means no value
(`value = None`). Errors come back as an HTTP 4xx with `{"error_code": 400, "error_message": "..."}` and raise
`SeriesRequestError` naming the service, the HTTP status and FRED's message.

Both: timeouts (`timeout`, seconds), and retries with exponential backoff (`attempts`, `backoff`, `max_wait`;
honouring a `Retry-After` header up to `max_wait`) on connection errors, timeouts, HTTP 429 and 5xx; when every
attempt failed, `SeriesUnavailable`. Base URLs are constructor arguments (settings decide them). Clients are
synchronous (httpx.Client) and can be given an `httpx.Client` to share a connection pool; otherwise they own one,
closed by `close()` or the `with` block.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import httpx
from pydantic import BaseModel, Field
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

BLS_BASE_URL = "https://api.bls.gov/publicAPI/v2"
FRED_BASE_URL = "https://api.stlouisfed.org/fred"
BLS_SERIES_PER_REQUEST = (25, 50)  # without, with a registration key
BLS_YEARS_PER_REQUEST = (10, 20)
USER_AGENT = "SmartJobFit-Coach/0.1 (salary tools)"


class SeriesServiceError(Exception):
    """A time-series API did not give us data. `service` is "BLS" or "FRED"; `status` the HTTP status code or the
    API's own status word; `message` what the service said (or what went wrong on the way)."""

    def __init__(self, service: str, status: int | str | None, message: str):
        self.service, self.status, self.message = service, status, message
        super().__init__(f"{service} API error" + (f" ({status})" if status is not None else "") + f": {message}")


class SeriesRequestError(SeriesServiceError):
    """The service refused the request (HTTP 4xx other than 429, or BLS REQUEST_NOT_PROCESSED / REQUEST_FAILED,
    or an answer we cannot read). Retrying the same request will not help."""


class SeriesUnavailable(SeriesServiceError):
    """The service could not be reached or kept failing (connection errors, timeouts, HTTP 429 or 5xx) after
    every retry."""


class _Retryable(Exception):
    def __init__(self, status: int | str | None, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after


class Observation(BaseModel):
    date: date | None  # first day of the period; None for annual averages (BLS M13, Q05, S03)
    period: str  # BLS period code (M01, Q02, A01...) or, for FRED, the date as written
    period_name: str | None = None
    value: float | None  # None when the service publishes no number ("-", ".")
    raw_value: str
    footnotes: list[str] = Field(default_factory=list)


class SeriesData(BaseModel):
    service: str
    series_id: str
    observations: list[Observation]  # oldest first
    messages: list[str] = Field(default_factory=list)  # what the service said about this request


def _number(text: Any) -> float | None:
    try:
        number = float(str(text).replace(",", ""))
    except ValueError:
        return None
    return number if number == number else None  # NaN is not a number we publish


def _try_json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class _Client:
    service = ""

    def __init__(self, base_url: str, timeout: float, attempts: int, backoff: float, max_wait: float,
                 http_client: httpx.Client | None):
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.base_url = base_url.rstrip("/")
        self.timeout, self.attempts, self.backoff, self.max_wait = timeout, attempts, backoff, max_wait
        self._owns_client = http_client is None
        self._http = http_client or httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT})

    def close(self) -> None:
        if self._owns_client:
            self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _wait(self, state: RetryCallState) -> float:
        exponential = self.backoff * 2 ** (state.attempt_number - 1)
        error = state.outcome.exception() if state.outcome else None
        retry_after = getattr(error, "retry_after", None) or 0.0
        return min(self.max_wait, max(exponential, retry_after))

    def _send(self, request: Callable[[], httpx.Response]) -> httpx.Response:
        """The response of the first attempt that is not a connection error, timeout, 429 or 5xx."""

        def attempt() -> httpx.Response:
            try:
                response = request()
            except httpx.TimeoutException as exc:
                raise _Retryable(None, f"no answer within {self.timeout:g} s ({type(exc).__name__})") from exc
            except httpx.TransportError as exc:
                raise _Retryable(None, f"could not reach {self.base_url}: {exc or type(exc).__name__}") from exc
            if response.status_code == 429 or response.status_code >= 500:
                raise _Retryable(response.status_code, self._error_text(response), _retry_after(response))
            return response

        retrying = Retrying(stop=stop_after_attempt(self.attempts), wait=self._wait,
                            retry=retry_if_exception_type(_Retryable), reraise=True)
        try:
            return retrying(attempt)
        except _Retryable as exc:
            tries = f"after {self.attempts} attempt{'s' if self.attempts > 1 else ''}"
            raise SeriesUnavailable(self.service, exc.status, f"{exc.message} ({tries})") from exc

    def _error_text(self, response: httpx.Response) -> str:
        return f"HTTP {response.status_code} {response.reason_phrase}".strip()

    def _json(self, response: httpx.Response) -> Any:
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise SeriesRequestError(self.service, response.status_code,
                                     f"the answer is not JSON: {response.text[:200]!r}") from exc


class BlsClient(_Client):
    """BLS Public Data API v2 (https://www.bls.gov/developers/)."""

    service = "BLS"

    def __init__(self, registration_key: str | None = None, *, base_url: str = BLS_BASE_URL, timeout: float = 10.0,
                 attempts: int = 3, backoff: float = 0.5, max_wait: float = 8.0,
                 http_client: httpx.Client | None = None):
        super().__init__(base_url, timeout, attempts, backoff, max_wait, http_client)
        self.registration_key = registration_key or None

    def get_series(self, series_ids: Iterable[str], start_year: int, end_year: int) -> dict[str, SeriesData]:
        """Observations for each series between the two years (inclusive), in the order asked."""
        ids = list(dict.fromkeys(s.strip() for s in series_ids if s and s.strip()))
        if not ids:
            raise ValueError("series_ids must name at least one series")
        if end_year < start_year:
            raise ValueError(f"end_year {end_year} is before start_year {start_year}")
        keyed = self.registration_key is not None
        max_years = BLS_YEARS_PER_REQUEST[keyed]
        if end_year - start_year + 1 > max_years:
            raise ValueError(f"the BLS API serves at most {max_years} years per request "
                             f"{'with' if keyed else 'without'} a registration key; asked {start_year}–{end_year}")
        per_request = BLS_SERIES_PER_REQUEST[keyed]
        found: dict[str, SeriesData] = {}
        for first in range(0, len(ids), per_request):
            found.update(self._request(ids[first:first + per_request], start_year, end_year))
        return {s: found.get(s) or SeriesData(service=self.service, series_id=s, observations=[],
                                              messages=["BLS returned no data for this series"]) for s in ids}

    def _request(self, ids: list[str], start_year: int, end_year: int) -> dict[str, SeriesData]:
        body: dict[str, Any] = {"seriesid": ids, "startyear": str(start_year), "endyear": str(end_year)}
        if self.registration_key:
            body["registrationkey"] = self.registration_key
        url = f"{self.base_url}/timeseries/data/"
        response = self._send(lambda: self._http.post(url, json=body, timeout=self.timeout))
        if response.status_code >= 400:
            payload = _try_json(response)
            message = "; ".join(map(str, payload.get("message") or [])) if isinstance(payload, dict) else ""
            raise SeriesRequestError(self.service, response.status_code, message or self._error_text(response))
        payload = self._json(response)
        if not isinstance(payload, dict):
            raise SeriesRequestError(self.service, response.status_code, "the answer is not a JSON object")
        status = payload.get("status")
        messages = [str(m) for m in payload.get("message") or []]
        if status != "REQUEST_SUCCEEDED":
            raise SeriesRequestError(self.service, status or response.status_code,
                                     "; ".join(messages) or "the request was not processed")
        results = payload.get("Results") or {}
        series_list = results.get("series") if isinstance(results, dict) else None
        if not isinstance(series_list, list):
            raise SeriesRequestError(self.service, status, "the answer has no Results.series list")
        out: dict[str, SeriesData] = {}
        for series in series_list:
            series_id = str(series.get("seriesID", ""))
            observations = [self._observation(item) for item in series.get("data") or []]
            observations.sort(key=lambda o: (o.date or date.max, o.period))
            related = [m for m in messages if series_id and series_id in m]
            out[series_id] = SeriesData(service=self.service, series_id=series_id, observations=observations,
                                        messages=related)
        return out

    @staticmethod
    def _observation(item: dict) -> Observation:
        year, period = int(item["year"]), str(item["period"])
        raw = str(item.get("value", ""))
        footnotes = [str(f["text"]) for f in item.get("footnotes") or [] if isinstance(f, dict) and f.get("text")]
        return Observation(date=_period_start(year, period), period=period, period_name=item.get("periodName"),
                           value=_number(raw), raw_value=raw, footnotes=footnotes)


def _period_start(year: int, period: str) -> date | None:
    kind, number = period[:1], int(period[1:]) if period[1:].isdigit() else 0
    if kind == "M" and 1 <= number <= 12:
        return date(year, number, 1)
    if kind == "Q" and 1 <= number <= 4:
        return date(year, 3 * number - 2, 1)
    if kind == "S" and 1 <= number <= 2:
        return date(year, 6 * number - 5, 1)
    if kind == "A" and number == 1:
        return date(year, 1, 1)
    return None  # M13, Q05, S03: annual averages


class FredClient(_Client):
    """FRED API (https://fred.stlouisfed.org/docs/api/fred/). An API key is required."""

    service = "FRED"

    def __init__(self, api_key: str, *, base_url: str = FRED_BASE_URL, timeout: float = 10.0, attempts: int = 3,
                 backoff: float = 0.5, max_wait: float = 8.0, http_client: httpx.Client | None = None):
        if not api_key or not api_key.strip():
            raise ValueError("FRED needs an API key (https://fred.stlouisfed.org/docs/api/api_key.html)")
        super().__init__(base_url, timeout, attempts, backoff, max_wait, http_client)
        self.api_key = api_key.strip()

    def get_observations(self, series_id: str, start: date | None = None, end: date | None = None) -> SeriesData:
        series_id = (series_id or "").strip()
        if not series_id:
            raise ValueError("series_id must not be empty")
        if start and end and end < start:
            raise ValueError(f"end {end} is before start {start}")
        params = {"series_id": series_id, "api_key": self.api_key, "file_type": "json"}
        if start:
            params["observation_start"] = start.isoformat()
        if end:
            params["observation_end"] = end.isoformat()
        url = f"{self.base_url}/series/observations"
        response = self._send(lambda: self._http.get(url, params=params, timeout=self.timeout))
        if response.status_code >= 400:
            raise SeriesRequestError(self.service, response.status_code, self._error_text(response))
        payload = self._json(response)
        if isinstance(payload, dict) and "error_code" in payload:
            raise SeriesRequestError(self.service, payload.get("error_code"), str(payload.get("error_message")))
        observations_raw = payload.get("observations") if isinstance(payload, dict) else None
        if not isinstance(observations_raw, list):
            raise SeriesRequestError(self.service, response.status_code, "the answer has no observations list")
        observations = []
        for item in observations_raw:
            raw = str(item.get("value", ""))
            observations.append(Observation(date=date.fromisoformat(item["date"]), period=item["date"],
                                            value=None if raw == "." else _number(raw), raw_value=raw))
        observations.sort(key=lambda o: o.date or date.max)
        return SeriesData(service=self.service, series_id=series_id, observations=observations)

    def _error_text(self, response: httpx.Response) -> str:
        payload = _try_json(response)
        if isinstance(payload, dict) and payload.get("error_message"):
            return str(payload["error_message"])
        return super()._error_text(response)
