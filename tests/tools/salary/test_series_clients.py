"""The BLS and FRED clients against a local stub server speaking their real JSON formats: parsing, errors named
after the service and status, retries with backoff on 5xx / 429 / connection errors / timeouts, and none on
refusals."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tools.salary.series_clients import (BlsClient, FredClient, SeriesRequestError, SeriesServiceError,
                                         SeriesUnavailable)


@dataclass
class Reply:
    status: int = 200
    body: object = None  # JSON-encoded unless bytes
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    body: object


class StubServer:
    """Answers each request with the next scripted Reply (the last one repeats) and records what it was sent."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode("latin-1")
                parts = urlsplit(self.path)
                with stub._lock:
                    stub.requests.append(Seen(self.command, parts.path, parse_qs(parts.query), body))
                    reply = stub.replies.pop(0) if len(stub.replies) > 1 else stub.replies[0]
                if reply.delay:
                    time.sleep(reply.delay)
                content = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(content)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(content)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                    pass

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self.replies = list(replies)
            self.requests.clear()


@contextmanager
def running_stub() -> Iterator[StubServer]:
    stub = StubServer()
    thread = threading.Thread(target=stub.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        stub.server.shutdown()
        stub.server.server_close()
        thread.join(timeout=5)


# --- answers in the services' real formats ---------------------------------------------------------------------

def bls_ok(*series: tuple[str, list[tuple[str, str, str, str]]], message: list[str] | None = None) -> dict:
    """{"status": "REQUEST_SUCCEEDED", "Results": {"series": [...]}} as api.bls.gov sends it (newest first)."""
    return {
        "status": "REQUEST_SUCCEEDED", "responseTime": 120, "message": message or [],
        "Results": {"series": [
            {"seriesID": series_id,
             "data": [{"year": year, "period": period, "periodName": name, "latest": "false", "value": value,
                       "footnotes": [{"code": "P", "text": "preliminary"}] if period == "M12" else [{}]}
                      for year, period, name, value in rows]}
            for series_id, rows in series]},
    }


CPI_ROWS = [("2025", "M12", "December", "324.054"), ("2025", "M11", "November", "323.364"),
            ("2024", "M12", "December", "315.605"), ("2024", "M13", "Annual", "313.689")]
ECI_ROWS = [("2025", "Q03", "3rd Quarter", "3.5"), ("2025", "Q02", "2nd Quarter", "3.6"),
            ("2024", "Q04", "4th Quarter", "-")]
BLS_REFUSED = {"status": "REQUEST_NOT_PROCESSED", "responseTime": 12, "Results": {},
               "message": ["Request could not be serviced, as the daily threshold for total number of requests "
                           "allocated to the user has been reached."]}
FRED_OK = {"realtime_start": "2026-01-05", "realtime_end": "2026-01-05", "observation_start": "2024-01-01",
           "observation_end": "9999-12-31", "units": "lin", "output_type": 1, "file_type": "json",
           "order_by": "observation_date", "sort_order": "asc", "count": 3, "offset": 0, "limit": 100000,
           "observations": [
               {"realtime_start": "2026-01-05", "realtime_end": "2026-01-05", "date": "2024-11-01", "value": "316.4"},
               {"realtime_start": "2026-01-05", "realtime_end": "2026-01-05", "date": "2024-12-01", "value": "."},
               {"realtime_start": "2026-01-05", "realtime_end": "2026-01-05", "date": "2025-11-01", "value": "324.1"},
           ]}
FRED_BAD_KEY = {"error_code": 400, "error_message": "Bad Request.  The value for variable api_key is not "
                "registered.  Read https://fred.stlouisfed.org/docs/api/api_key.html for more information."}


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with running_stub() as server:
        yield server


def bls(stub: StubServer, **options: object) -> BlsClient:
    return BlsClient(options.pop("registration_key", "test-key"), base_url=stub.url,
                     **{"attempts": 3, "backoff": 0.0, "max_wait": 0.0, "timeout": 2.0, **options})


def fred(stub: StubServer, **options: object) -> FredClient:
    return FredClient("test-fred-key", base_url=stub.url + "/fred",
                      **{"attempts": 3, "backoff": 0.0, "max_wait": 0.0, "timeout": 2.0, **options})


# --- BLS ---------------------------------------------------------------------------------------------------------

def test_bls_posts_the_documented_body_and_parses_series(stub: StubServer) -> None:
    stub.script(Reply(body=bls_ok(("CUUR0000SA0", CPI_ROWS), ("CIU2020000000000A", ECI_ROWS))))
    with bls(stub) as client:
        found = client.get_series(["CUUR0000SA0", "CIU2020000000000A"], 2024, 2025)
    [request] = stub.requests
    assert request.method == "POST" and request.path == "/timeseries/data/"
    assert request.body == {"seriesid": ["CUUR0000SA0", "CIU2020000000000A"], "startyear": "2024",
                            "endyear": "2025", "registrationkey": "test-key"}
    cpi = found["CUUR0000SA0"]
    assert cpi.service == "BLS"
    assert [(o.date, o.value) for o in cpi.observations] == [
        (date(2024, 12, 1), 315.605), (date(2025, 11, 1), 323.364), (date(2025, 12, 1), 324.054),
        (None, 313.689)]  # dated periods oldest first; the annual average (M13) has no date
    assert cpi.observations[2].footnotes == ["preliminary"] and cpi.observations[2].period_name == "December"
    eci = found["CIU2020000000000A"]
    assert [(o.date, o.value, o.raw_value) for o in eci.observations] == [
        (date(2024, 10, 1), None, "-"), (date(2025, 4, 1), 3.6, "3.6"), (date(2025, 7, 1), 3.5, "3.5")]


def test_bls_without_a_key_sends_none_and_uses_the_smaller_limits(stub: StubServer) -> None:
    stub.script(Reply(body=bls_ok(("CUUR0000SA0", CPI_ROWS))))
    with bls(stub, registration_key=None) as client:
        client.get_series(["CUUR0000SA0"], 2016, 2025)
        with pytest.raises(ValueError, match="at most 10 years"):
            client.get_series(["CUUR0000SA0"], 2015, 2025)
    assert "registrationkey" not in stub.requests[0].body
    with bls(stub) as client, pytest.raises(ValueError, match="at most 20 years"):
        client.get_series(["CUUR0000SA0"], 2000, 2025)


def test_bls_splits_long_series_lists_into_requests_of_50(stub: StubServer) -> None:
    ids = [f"CUUR0000SA{i:03d}" for i in range(60)]
    stub.script(Reply(body=bls_ok(*[(s, CPI_ROWS[:1]) for s in ids[:50]])),
                Reply(body=bls_ok(*[(s, CPI_ROWS[:1]) for s in ids[50:]])))
    with bls(stub) as client:
        found = client.get_series(ids, 2025, 2025)
    assert [len(r.body["seriesid"]) for r in stub.requests] == [50, 10]
    assert list(found) == ids and all(len(s.observations) == 1 for s in found.values())


def test_bls_refusal_names_the_service_status_and_message_and_is_not_retried(stub: StubServer) -> None:
    stub.script(Reply(body=BLS_REFUSED))
    with bls(stub) as client, pytest.raises(SeriesRequestError) as caught:
        client.get_series(["CUUR0000SA0"], 2024, 2025)
    error = caught.value
    assert error.service == "BLS" and error.status == "REQUEST_NOT_PROCESSED"
    assert "daily threshold" in error.message and str(error).startswith("BLS API error (REQUEST_NOT_PROCESSED)")
    assert len(stub.requests) == 1


def test_bls_messages_about_a_series_are_kept_with_it(stub: StubServer) -> None:
    stub.script(Reply(body=bls_ok(("CUUR0000SA0", CPI_ROWS), ("NOPE000", []),
                                  message=["Series does not exist for Series NOPE000"])))
    with bls(stub) as client:
        found = client.get_series(["CUUR0000SA0", "NOPE000"], 2024, 2025)
    assert found["NOPE000"].observations == [] and found["NOPE000"].messages == [
        "Series does not exist for Series NOPE000"]
    assert found["CUUR0000SA0"].messages == []


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_bls_retries_server_errors_and_rate_limits_then_succeeds(stub: StubServer, status: int) -> None:
    stub.script(Reply(status=status, body={"error": "busy"}), Reply(status=status, body=b"<html>busy</html>"),
                Reply(body=bls_ok(("CUUR0000SA0", CPI_ROWS))))
    with bls(stub) as client:
        found = client.get_series(["CUUR0000SA0"], 2024, 2025)
    assert len(stub.requests) == 3 and len(found["CUUR0000SA0"].observations) == 4


def test_bls_gives_up_after_every_attempt_failed(stub: StubServer) -> None:
    stub.script(Reply(status=503, body=b"Service Unavailable"))
    with bls(stub, attempts=4) as client, pytest.raises(SeriesUnavailable) as caught:
        client.get_series(["CUUR0000SA0"], 2024, 2025)
    assert len(stub.requests) == 4
    assert caught.value.service == "BLS" and caught.value.status == 503 and "after 4 attempts" in str(caught.value)


def test_retry_after_is_honoured_up_to_max_wait(stub: StubServer) -> None:
    stub.script(Reply(status=429, headers={"Retry-After": "0.3"}, body={}), Reply(body=bls_ok(("CUUR0000SA0", []))))
    started = time.monotonic()
    with bls(stub, max_wait=0.3) as client:
        client.get_series(["CUUR0000SA0"], 2025, 2025)
    assert time.monotonic() - started >= 0.25  # it waited as told (upper bounds are for bench/)


def test_bls_client_error_is_not_retried(stub: StubServer) -> None:
    stub.script(Reply(status=400, body={"status": "REQUEST_NOT_PROCESSED", "message": ["bad body"]}))
    with bls(stub) as client, pytest.raises(SeriesRequestError, match=r"BLS API error \(400\): bad body"):
        client.get_series(["CUUR0000SA0"], 2024, 2025)
    assert len(stub.requests) == 1


def test_an_answer_that_is_not_json_is_a_clear_error(stub: StubServer) -> None:
    stub.script(Reply(body=b"<html>maintenance</html>"))
    with bls(stub) as client, pytest.raises(SeriesRequestError, match="not JSON"):
        client.get_series(["CUUR0000SA0"], 2024, 2025)


def test_timeouts_are_retried_then_reported(stub: StubServer) -> None:
    stub.script(Reply(body=bls_ok(("CUUR0000SA0", [])), delay=0.6))
    with bls(stub, timeout=0.2, attempts=2) as client, pytest.raises(SeriesUnavailable) as caught:
        client.get_series(["CUUR0000SA0"], 2025, 2025)
    assert len(stub.requests) == 2 and "no answer within 0.2 s" in caught.value.message


def test_connection_errors_are_retried_then_reported() -> None:
    with running_stub() as closed:
        url = closed.url  # nothing listens here once the block ends
    client = BlsClient("k", base_url=url, attempts=3, backoff=0.0, max_wait=0.0, timeout=1.0)
    with client, pytest.raises(SeriesUnavailable) as caught:
        client.get_series(["CUUR0000SA0"], 2025, 2025)
    assert caught.value.service == "BLS" and caught.value.status is None
    assert "could not reach" in caught.value.message and "after 3 attempts" in caught.value.message
    assert isinstance(caught.value, SeriesServiceError)


def test_bls_validates_its_arguments(stub: StubServer) -> None:
    with bls(stub) as client:
        with pytest.raises(ValueError, match="at least one series"):
            client.get_series([" "], 2024, 2025)
        with pytest.raises(ValueError, match="before start_year"):
            client.get_series(["CUUR0000SA0"], 2025, 2024)
    with pytest.raises(ValueError, match="attempts"):
        BlsClient(attempts=0)


def test_a_shared_http_client_is_used_and_left_open(stub: StubServer) -> None:
    stub.script(Reply(body=bls_ok(("CUUR0000SA0", CPI_ROWS))))
    with httpx.Client() as shared:
        with BlsClient(base_url=stub.url, http_client=shared) as client:
            client.get_series(["CUUR0000SA0"], 2024, 2025)
        assert not shared.is_closed


# --- FRED --------------------------------------------------------------------------------------------------------

def test_fred_sends_the_documented_query_and_parses_observations(stub: StubServer) -> None:
    stub.script(Reply(body=FRED_OK))
    with fred(stub) as client:
        series = client.get_observations("CPIAUCSL", start=date(2024, 1, 1), end=date(2025, 12, 31))
    [request] = stub.requests
    assert request.method == "GET" and request.path == "/fred/series/observations"
    assert request.query == {"series_id": ["CPIAUCSL"], "api_key": ["test-fred-key"], "file_type": ["json"],
                             "observation_start": ["2024-01-01"], "observation_end": ["2025-12-31"]}
    assert series.service == "FRED" and series.series_id == "CPIAUCSL"
    assert [(o.date, o.value, o.raw_value) for o in series.observations] == [
        (date(2024, 11, 1), 316.4, "316.4"), (date(2024, 12, 1), None, "."), (date(2025, 11, 1), 324.1, "324.1")]


def test_fred_400_names_the_service_status_and_message(stub: StubServer) -> None:
    stub.script(Reply(status=400, body=FRED_BAD_KEY))
    with fred(stub) as client, pytest.raises(SeriesRequestError) as caught:
        client.get_observations("CPIAUCSL")
    assert caught.value.service == "FRED" and caught.value.status == 400
    assert "api_key is not registered" in caught.value.message
    assert str(caught.value).startswith("FRED API error (400): Bad Request.")
    assert len(stub.requests) == 1  # a refusal is not retried


def test_fred_retries_5xx_and_429_then_gives_up(stub: StubServer) -> None:
    stub.script(Reply(status=429, body={"error_code": 429, "error_message": "Too Many Requests."}),
                Reply(status=500, body={"error_code": 500, "error_message": "Internal Server Error."}))
    with fred(stub) as client, pytest.raises(SeriesUnavailable) as caught:
        client.get_observations("CPIAUCSL")
    assert len(stub.requests) == 3
    assert caught.value.status == 500 and "Internal Server Error." in caught.value.message


def test_fred_needs_a_key_and_the_key_never_shows_in_errors(stub: StubServer) -> None:
    with pytest.raises(ValueError, match="API key"):
        FredClient(" ")
    stub.script(Reply(status=503, body=b"down"))
    with fred(stub, attempts=1) as client, pytest.raises(SeriesUnavailable) as caught:
        client.get_observations("CPIAUCSL")
    assert "test-fred-key" not in str(caught.value)
