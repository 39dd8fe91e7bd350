"""Local HTTP stubs of the Udemy Affiliate API 2.0 (`GET /api-2.0/courses/?search=&page=&page_size=`, basic auth;
`{"count", "next", "previous", "results": [...]}`) and the LinkedIn Learning API (`GET /v2/learningAssets?q=criteria
&assetFilteringCriteria.keyword=...`, bearer token; `{"elements": [...], "paging": {"start", "count", "total"}}`),
for wire-level tests of the course providers. Requests (path, query, headers) are recorded; credentials other
than the expected ones get the APIs' 401/403."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class CourseApiStub:
    def __init__(self, udemy_courses: list[dict[str, Any]] | None = None,
                 linkedin_elements: list[dict[str, Any]] | None = None,
                 udemy_credentials: tuple[str, str] = ("id", "secret"), linkedin_token: str = "token",
                 max_page_size: int = 100):
        self.udemy_courses, self.linkedin_elements = udemy_courses or [], linkedin_elements or []
        self.udemy_auth = "Basic " + base64.b64encode(":".join(udemy_credentials).encode()).decode()
        self.linkedin_auth = f"Bearer {linkedin_token}"
        self.requests: list[dict[str, Any]] = []
        self.max_page_size = max_page_size  # the APIs cap page sizes (Udemy at 100)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> CourseApiStub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _udemy(self, params: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        words = (params.get("search") or [""])[0].lower().split()
        page = int((params.get("page") or ["1"])[0])
        size = min(int((params.get("page_size") or ["12"])[0]), self.max_page_size)
        found = [c for c in self.udemy_courses if all(w in c["title"].lower() for w in words)]
        results = found[(page - 1) * size: page * size]
        more = page * size < len(found)
        return 200, {"count": len(found), "results": results, "previous": None if page == 1 else f"?page={page - 1}",
                     "next": f"{self.base_url}/api-2.0/courses/?page={page + 1}" if more else None}

    def _linkedin(self, params: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        if params.get("q") != ["criteria"]:
            return 400, {"status": 400, "message": "q must be criteria"}
        words = (params.get("assetFilteringCriteria.keyword") or [""])[0].lower().split()
        start, count = int((params.get("start") or ["0"])[0]), int((params.get("count") or ["10"])[0])
        found = [e for e in self.linkedin_elements if all(w in e["title"]["value"].lower() for w in words)]
        return 200, {"elements": found[start:start + count],
                     "paging": {"start": start, "count": count, "total": len(found)}}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                params = parse_qs(url.query)
                auth = self.headers.get("Authorization", "")
                stub.requests.append({"path": url.path, "params": params, "authorization": auth})
                if url.path == "/api-2.0/courses/":
                    status, body = (stub._udemy(params) if auth == stub.udemy_auth
                                    else (403, {"detail": "Authentication credentials were not provided."}))
                elif url.path == "/v2/learningAssets":
                    status, body = (stub._linkedin(params) if auth == stub.linkedin_auth
                                    else (401, {"serviceErrorCode": 65600, "message": "Invalid access token",
                                                "status": 401}))
                else:
                    status, body = 404, {"detail": "Not found."}
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
