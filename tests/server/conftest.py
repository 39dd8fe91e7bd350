from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

import pytest
from fastapi.testclient import TestClient

from agent.settings import Settings
from server.app import create_app
from tests.server.mailbox import Mailbox, smtp_server


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """A real SMTP server on loopback, keeping what it receives (point settings at it with smtp_overrides)."""
    with smtp_server() as box:
        yield box


def guest_headers(client: TestClient) -> dict[str, str]:
    response = client.post("/api/auth/guest")
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path, port: int, **env_overrides: str) -> subprocess.Popen:
    """`coach serve` in a subprocess (offline model, SQLite in data_dir unless env_overrides say otherwise)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "GOOGLE_API_KEY", "GEMINI_API_KEY", "COACH_CORS_ORIGINS", "CHROMA_HOST")}
    env.update(COACH_DATA_DIR=str(data_dir), COACH_MODEL="offline")
    env.update(env_overrides)
    process = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return wait_until_ready(process, f"http://127.0.0.1:{port}/healthz", "coach serve")


def wait_until_ready(process: subprocess.Popen, url: str, what: str, seconds: float = 30) -> subprocess.Popen:
    """The started process, once `url` answers 200; its output (if piped) as the error when it exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.1)
        if process.poll() is not None:
            raise AssertionError(process.stdout.read().decode() if process.stdout else f"{what} exited")
    process.kill()
    raise AssertionError(f"{what} did not become ready in {seconds:.0f} s")


def stop_server(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
