"""Local HTTP stub of the Google Gemini REST API (v1beta) for wire-level tests.

The real SDK stack (langchain-google-genai -> google-genai -> httpx/aiohttp) talks
to this server on 127.0.0.1, so tests cover request serialisation, SSE parsing and
error mapping without any network access or API key.

Usage::

    with GeminiStub() as stub:
        stub.reply_function_call("lookup_salary", {"role": "data analyst"})
        stub.reply_text("Done.")
        llm = ChatGoogleGenerativeAI(model="gemini-2.5-flash", google_api_key="k",
                                     base_url=stub.base_url, max_retries=1)
        ...
        assert stub.requests[0]["headers"]["x-goog-api-key"] == "k"

Scripted replies are consumed FIFO, one per generate call (streaming or not);
when the queue is empty the stub answers with ``default_text``. A structured-output
reply is a text part holding JSON: ``stub.reply_json([...])``.

Embeddings (``:batchEmbedContents``, which google-genai's ``models.embed_content``
calls, and the single ``:embedContent``) are answered with a STUB vector, not a
model's: a hashed bag of words (each lower-cased word adds +-1 at a position given
by a stable hash), so texts sharing words are near in cosine and the same text
always gets the same vector. Like the real API for a reduced
``outputDimensionality``, the vectors are not unit length (clients normalise).
Embedding calls have their own queue, for errors only: ``stub.reply_embed_error(503)``.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs, urlsplit

DEFAULT_TEXT = "stub: no scripted reply"

# HTTP status -> google.rpc canonical status name used in Gemini error bodies.
_RPC_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    499: "CANCELLED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

# The SDK posts to e.g. /v1beta/models/gemini-2.5-flash:generateContent
_ROUTE = re.compile(
    r"^/v1beta/models/(?P<model>[^/:]+):(?P<action>generateContent|streamGenerateContent)$"
)
# ... and /v1beta/models/gemini-embedding-001:batchEmbedContents for embeddings.
_EMBED_ROUTE = re.compile(
    r"^/v1beta/models/(?P<model>[^/:]+):(?P<action>batchEmbedContents|embedContent)$"
)
GENERATE_ACTIONS = frozenset({"generateContent", "streamGenerateContent"})
EMBED_ACTIONS = frozenset({"batchEmbedContents", "embedContent"})
DEFAULT_EMBEDDING_DIMENSIONS = 3072  # gemini-embedding-001's full size, used when the request names none
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Reply:
    """One scripted answer. Exactly one of text / calls / error_status is meaningful."""

    text: str | None = None
    calls: tuple[dict[str, Any], ...] = ()  # functionCall objects: {name, args[, id]}
    error_status: int | None = None
    error_message: str = ""
    delay: float = 0.0  # seconds to wait before answering (timeout tests)


def error_body(status: int, message: str) -> dict[str, Any]:
    """The JSON shape Google APIs use for errors."""
    return {
        "error": {
            "code": status,
            "message": message,
            "status": _RPC_STATUS.get(status, "UNKNOWN"),
        }
    }


def stub_embedding(text: str, dimensions: int = DEFAULT_EMBEDDING_DIMENSIONS) -> list[float]:
    """The stub's vector for ``text``: a hashed bag of words, NOT a semantic embedding.

    blake2b rather than ``hash()``, which is salted per process: the same text must
    get the same vector in every test run. The sign halves collisions' damage.
    """
    vector = [0.0] * dimensions
    for word in _WORD.findall(text.lower()):
        digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
        slot = int.from_bytes(digest[:4], "big") % dimensions
        vector[slot] += 1.0 if digest[4] & 1 else -1.0
    return vector


def _content_text(content: Any) -> str:
    parts = content.get("parts", []) if isinstance(content, dict) else []
    return " ".join(str(part.get("text", "")) for part in parts if isinstance(part, dict))


def _approx_tokens(obj: Any) -> int:
    # Deterministic, non-zero stand-in for a tokenizer (~4 chars per token).
    return max(1, len(json.dumps(obj, ensure_ascii=False)) // 4)


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # never block interpreter exit on a stuck handler
    stub: "GeminiStub"


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 so the SDK can keep connections alive and we can send chunked SSE,
    # like the real endpoint does.
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # keep pytest output clean

    # -- plumbing ---------------------------------------------------------

    def _read_body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode("utf-8", "replace")

    def _send_json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def _send_sse(self, events: list[dict[str, Any]]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for event in events:
            # One JSON object per line: the SDK strips "data: " and splits events
            # on the blank line.
            frame = f"data: {json.dumps(event)}\r\n\r\n".encode()
            self.wfile.write(f"{len(frame):X}\r\n".encode() + frame + b"\r\n")
            self.wfile.flush()  # deliver each chunk separately
            if self.server.stub.chunk_delay:
                self.server.stub._stopping.wait(self.server.stub.chunk_delay)
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    # -- request handling ---------------------------------------------------

    def _handle(self) -> None:
        stub = self.server.stub
        url = urlsplit(self.path)
        body = self._read_body() if self.command in ("POST", "PUT", "PATCH") else None
        match = (_ROUTE.match(url.path) or _EMBED_ROUTE.match(url.path)) if self.command == "POST" else None
        stub._record(
            {
                "method": self.command,
                "path": url.path,
                "query": {k: v[-1] for k, v in parse_qs(url.query).items()},
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body,
                "model": match["model"] if match else None,
                "action": match["action"] if match else None,
            }
        )
        if match is None:
            self._send_json(404, error_body(404, f"Stub: no route for {self.command} {url.path}"))
            return

        if match["action"] in EMBED_ACTIONS:
            self._handle_embed(match["action"], body if isinstance(body, dict) else {})
            return

        reply = stub._next_reply()
        if reply.delay and stub._stopping.wait(reply.delay):
            return  # stub is shutting down; just drop the connection
        if reply.error_status is not None:
            # Errors are plain JSON even for streaming calls, as on the real API.
            self._send_json(reply.error_status, error_body(reply.error_status, reply.error_message))
            return

        request_body = body if isinstance(body, dict) else {}
        if match["action"] == "generateContent":
            self._send_json(200, stub._build_response(reply, match["model"], request_body))
        else:
            self._send_sse(stub._build_stream(reply, match["model"], request_body))

    def _handle_embed(self, action: str, body: dict[str, Any]) -> None:
        stub = self.server.stub
        reply = stub._next_embed_reply()
        if reply is not None:
            if reply.delay and stub._stopping.wait(reply.delay):
                return
            if reply.error_status is not None:
                self._send_json(reply.error_status, error_body(reply.error_status, reply.error_message))
                return
        # batchEmbedContents: {"requests": [{model, content, taskType?, outputDimensionality?}, ...]};
        # embedContent: one such request as the body.
        requests = body.get("requests", []) if action == "batchEmbedContents" else [body]
        if not requests or not all(isinstance(r, dict) and "content" in r for r in requests):
            self._send_json(400, error_body(400, "Stub: each embedding request needs a content"))
            return
        embeddings = [
            {"values": stub_embedding(_content_text(r["content"]),
                                      int(r.get("outputDimensionality") or DEFAULT_EMBEDDING_DIMENSIONS))}
            for r in requests
        ]
        if action == "batchEmbedContents":
            self._send_json(200, {"embeddings": embeddings})
        else:
            self._send_json(200, {"embedding": embeddings[0]})

    def _safe_handle(self) -> None:
        try:
            self._handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # client gave up (e.g. its timeout fired while we were delaying)

    do_POST = do_GET = do_PUT = do_PATCH = do_DELETE = _safe_handle


class GeminiStub:
    """In-process fake of the Gemini v1beta generateContent/streamGenerateContent API."""

    def __init__(
        self,
        *,
        default_text: str = DEFAULT_TEXT,
        stream_chunks: int = 3,
        chunk_delay: float = 0.0,
    ) -> None:
        self.default_text = default_text
        self.stream_chunks = stream_chunks  # text replies are split into this many SSE events
        self.chunk_delay = chunk_delay  # pause between SSE events
        self._replies: deque[Reply] = deque()
        self._embed_replies: deque[Reply] = deque()
        self._requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._response_seq = 0

    # -- lifecycle ------------------------------------------------------------

    def start(self) -> "GeminiStub":
        if self._server is not None:
            return self
        self._stopping.clear()
        server = _Server(("127.0.0.1", 0), _Handler)
        server.stub = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True,
            name="gemini-stub",
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._stopping.set()  # wake handlers sleeping on a scripted delay
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> "GeminiStub":
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("GeminiStub is not running; call start() first")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- scripting --------------------------------------------------------------

    def reply_text(self, text: str, *, delay: float = 0.0) -> None:
        self._push(Reply(text=text, delay=delay))

    def reply_function_call(
        self,
        name: str,
        args: dict[str, Any] | None = None,
        *,
        call_id: str | None = None,
        delay: float = 0.0,
    ) -> None:
        """One functionCall part. ``call_id`` becomes the LangChain tool_call id."""
        call: dict[str, Any] = {"name": name, "args": args or {}}
        if call_id is not None:
            call["id"] = call_id
        self._push(Reply(calls=(call,), delay=delay))

    def reply_function_calls(
        self,
        calls: Sequence[tuple[str, dict[str, Any]]],
        *,
        text: str | None = None,
        delay: float = 0.0,
    ) -> None:
        """Several parallel functionCall parts, optionally preceded by a text part."""
        self._push(
            Reply(
                text=text,
                calls=tuple({"name": n, "args": a} for n, a in calls),
                delay=delay,
            )
        )

    def reply_error(
        self, status: int, message: str | None = None, *, delay: float = 0.0
    ) -> None:
        message = message or f"Stub error {status} ({_RPC_STATUS.get(status, 'UNKNOWN')})"
        self._push(Reply(error_status=status, error_message=message, delay=delay))

    def reply_json(self, value: Any, *, delay: float = 0.0) -> None:
        """A structured-output answer (``response_mime_type="application/json"``): JSON in a text part."""
        self.reply_text(json.dumps(value), delay=delay)

    def reply_embed_error(
        self, status: int, message: str | None = None, *, delay: float = 0.0
    ) -> None:
        """Fail the next embedding call (queued apart from generate replies)."""
        message = message or f"Stub error {status} ({_RPC_STATUS.get(status, 'UNKNOWN')})"
        with self._lock:
            self._embed_replies.append(Reply(error_status=status, error_message=message, delay=delay))

    def reply_delay(self, seconds: float, then: str | None = None) -> None:
        """Answer the next call only after ``seconds`` (text ``then`` or the default)."""
        self._push(Reply(text=then if then is not None else self.default_text, delay=seconds))

    # -- inspection -------------------------------------------------------------

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Every request received, oldest first.

        Each is ``{method, path, query, headers, body, model, action}``; header names
        are lower-cased, ``body`` is the parsed JSON, ``action`` is None off-route.
        """
        with self._lock:
            return list(self._requests)

    @property
    def generate_requests(self) -> list[dict[str, Any]]:
        """Only the generateContent/streamGenerateContent calls."""
        return [r for r in self.requests if r["action"] in GENERATE_ACTIONS]

    @property
    def embed_requests(self) -> list[dict[str, Any]]:
        """Only the batchEmbedContents/embedContent calls."""
        return [r for r in self.requests if r["action"] in EMBED_ACTIONS]

    @property
    def pending(self) -> int:
        """Scripted replies not yet consumed."""
        with self._lock:
            return len(self._replies)

    def reset(self) -> None:
        with self._lock:
            self._replies.clear()
            self._embed_replies.clear()
            self._requests.clear()

    # -- internals used by the handler -----------------------------------------

    def _push(self, reply: Reply) -> None:
        with self._lock:
            self._replies.append(reply)

    def _record(self, request: dict[str, Any]) -> None:
        with self._lock:
            self._requests.append(request)

    def _next_reply(self) -> Reply:
        with self._lock:
            if self._replies:
                return self._replies.popleft()
        return Reply(text=self.default_text)

    def _next_embed_reply(self) -> Reply | None:
        with self._lock:
            return self._embed_replies.popleft() if self._embed_replies else None

    def _next_id(self) -> str:
        with self._lock:
            self._response_seq += 1
            return f"stub-response-{self._response_seq}"

    @staticmethod
    def _parts(reply: Reply) -> list[dict[str, Any]]:
        parts: list[dict[str, Any]] = []
        if reply.text is not None:
            parts.append({"text": reply.text})
        parts.extend({"functionCall": call} for call in reply.calls)
        return parts

    @staticmethod
    def _usage(request_body: dict[str, Any], parts: list[dict[str, Any]]) -> dict[str, int]:
        prompt = _approx_tokens(request_body.get("contents", []))
        output = _approx_tokens(parts)
        return {
            "promptTokenCount": prompt,
            "candidatesTokenCount": output,
            "totalTokenCount": prompt + output,
        }

    def _chunk(
        self,
        parts: list[dict[str, Any]],
        model: str,
        response_id: str,
        usage: dict[str, int] | None,
    ) -> dict[str, Any]:
        candidate: dict[str, Any] = {"content": {"role": "model", "parts": parts}, "index": 0}
        payload: dict[str, Any] = {
            "candidates": [candidate],
            "modelVersion": model,
            "responseId": response_id,
        }
        if usage is not None:  # final chunk: finish reason + usage, as the real API
            candidate["finishReason"] = "STOP"
            payload["usageMetadata"] = usage
        return payload

    def _build_response(
        self, reply: Reply, model: str, request_body: dict[str, Any]
    ) -> dict[str, Any]:
        parts = self._parts(reply)
        return self._chunk(parts, model, self._next_id(), self._usage(request_body, parts))

    def _build_stream(
        self, reply: Reply, model: str, request_body: dict[str, Any]
    ) -> list[dict[str, Any]]:
        parts = self._parts(reply)
        usage = self._usage(request_body, parts)
        response_id = self._next_id()
        if reply.calls or reply.text is None:
            # Function calls arrive whole, in a single event.
            return [self._chunk(parts, model, response_id, usage)]
        text = reply.text
        n = max(1, min(self.stream_chunks, len(text)))
        size = -(-len(text) // n) if text else 1
        pieces = [text[i : i + size] for i in range(0, len(text), size)] or [""]
        return [
            self._chunk(
                [{"text": piece}], model, response_id, usage if i == len(pieces) - 1 else None
            )
            for i, piece in enumerate(pieces)
        ]
