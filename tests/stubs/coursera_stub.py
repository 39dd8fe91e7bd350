"""Local HTTP stub of Coursera's public catalog API (`GET /api/courses.v1?q=search&query=...&fields=...&start=
&limit=`), speaking its wire format: `{"elements": [...], "paging": {"next": "<start>", "total": n}, "linked": {}}`
with `paging.next` left out on the last page; unknown finders answer 400 like the real API.

Usage::

    with CourseraStub(courses=[...]) as stub:
        stub.fail_next(503, times=1)     # transient errors, then the real answer
        stub.delay_s = 2.0               # answer slowly (timeouts)
        CourseraProvider(stub.base_url).search("python")
        stub.requests  # the query parameters of each request
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit


def course(slug: str, name: str, description: str = "", **extra: Any) -> dict[str, Any]:
    return {"courseType": "v2.ondemand", "id": f"id-{slug}", "slug": slug, "name": name,
            "description": description, **extra}


class CourseraStub:
    def __init__(self, courses: list[dict[str, Any]] | None = None):
        self.courses = courses or []
        self.requests: list[dict[str, list[str]]] = []
        self.failures: deque[int] = deque()
        self.delay_s = 0.0
        self.raw_body: bytes | None = None  # answer this instead of JSON (malformed answers)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def fail_next(self, status: int, times: int = 1) -> None:
        self.failures.extend([status] * times)

    def __enter__(self) -> CourseraStub:
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, params: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        if params.get("q") != ["search"]:
            return 400, {"errorCode": "BadRequest", "message": "Unknown finder", "details": None}
        words = (params.get("query") or [""])[0].lower().split()
        start = int((params.get("start") or ["0"])[0])
        limit = int((params.get("limit") or ["100"])[0])
        found = [c for c in self.courses
                 if all(w in (c["name"] + " " + c.get("description", "")).lower() for w in words)]
        fields = set(",".join(params.get("fields") or []).split(",")) | {"id", "slug", "courseType", "name"}
        page = [{k: v for k, v in c.items() if k in fields} for c in found[start:start + limit]]
        paging: dict[str, Any] = {"total": len(found)}
        if start + limit < len(found):
            paging["next"] = str(start + limit)
        return 200, {"elements": page, "paging": paging, "linked": {}}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                url = urlsplit(self.path)
                params = parse_qs(url.query)
                stub.requests.append(params)
                if stub.delay_s:
                    time.sleep(stub.delay_s)
                if url.path != "/api/courses.v1":
                    self._send(404, b'{"errorCode": "NotFound"}')
                elif stub.failures:
                    self._send(stub.failures.popleft(), b'{"errorCode": "ServiceUnavailable"}')
                elif stub.raw_body is not None:
                    self._send(200, stub.raw_body)
                else:
                    status, body = stub._answer(params)
                    self._send(status, json.dumps(body).encode())

            def _send(self, status: int, body: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
