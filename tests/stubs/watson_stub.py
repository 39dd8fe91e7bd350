"""Local HTTP stub of IBM Watson Natural Language Understanding (v1 `analyze`) and of the IBM Cloud IAM token
service it authenticates through, for wire-level tests of the real `ibm-watson` SDK on 127.0.0.1.

    with WatsonStub() as stub:
        stub.reply({"keywords": [{"text": "Tableau", "relevance": 0.9}]})
        settings = ... WATSON_NLU_URL=stub.base_url, WATSON_IAM_URL=stub.base_url, WATSON_NLU_APIKEY="k"

`requests` records what arrived (path, query, headers, JSON body); `fail_with(status)` makes analyze answer an
error in Watson's shape ({"error": ..., "code": ...})."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt

_SIGNING_KEY = "stub-signing-key-of-32-bytes-or-more"  # the SDK reads the token's times, never checks it


class WatsonStub:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.result: dict[str, Any] = {"keywords": [], "entities": [], "concepts": []}
        self.status = 200
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                parts = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body: Any = raw.decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw or b"{}")
                stub.requests.append({"path": parts.path, "query": parse_qs(parts.query),
                                      "headers": dict(self.headers), "body": body})
                if parts.path == "/identity/token":
                    now = int(time.time())
                    token = jwt.encode({"iat": now, "exp": now + 3600}, _SIGNING_KEY, algorithm="HS256")
                    return self._send(200, {"access_token": token, "refresh_token": "r", "token_type": "Bearer",
                                            "expires_in": 3600, "expiration": now + 3600})
                if parts.path == "/v1/analyze":
                    if stub.status != 200:
                        return self._send(stub.status, {"error": "stub failure", "code": stub.status})
                    return self._send(200, {"language": "en", "usage": {"features": 3}, **stub.result})
                self._send(404, {"error": "not found", "code": 404})

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def reply(self, result: dict[str, Any]) -> None:
        self.result, self.status = result, 200

    def fail_with(self, status: int) -> None:
        self.status = status

    def __enter__(self) -> WatsonStub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
