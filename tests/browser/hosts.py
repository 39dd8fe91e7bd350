"""A second web site on another loopback port, to embed the widget cross-origin as a careers site would."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class HostSite:
    """Static pages served from a folder on 127.0.0.1:<free port>."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True, name="host-site")

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> "HostSite":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def page(self, name: str, script_tag: str) -> str:
        """Write a careers page that embeds the widget with `script_tag`; returns its URL."""
        (self.folder / name).write_text(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><link rel='icon' href='data:,'>"
            "<title>Acme careers</title>"
            # Hostile host styles: the widget's shadow root must keep them out.
            "<style>* { font-family: serif !important; color: red; } button { background: lime; }</style>"
            f"</head><body><h1>Acme careers</h1>{script_tag}</body></html>", encoding="utf-8")
        return f"{self.origin}/{name}"
