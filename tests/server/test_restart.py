"""A thread's history survives a restart: in-process (new app on the same database, both backends) and with a
real `coach serve` process stopped and started again."""

from __future__ import annotations

from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from agent.settings import Settings
from server.app import create_app
from tests.server.conftest import free_port, start_server, stop_server


def test_thread_and_profile_survive_a_new_app_on_the_same_database(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        token = client.post("/api/auth/guest").json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        thread_id = client.post("/api/chat", json={"message": "I'm a nurse in Denver"}, headers=headers).json()["thread_id"]
    with TestClient(create_app(settings)) as client:
        detail = client.get(f"/api/chat/threads/{thread_id}", headers=headers).json()
        assert detail["messages"][0] == {"role": "user", "content": "I'm a nurse in Denver"}
        reply = client.post("/api/chat", json={"message": "where am I based?", "thread_id": thread_id},
                            headers=headers).json()["reply"]
        assert "nurse in Denver" in reply
        # Turn 1: user, tool call, tool result, reply; turn 2: user, two tool calls (profile and memories), their
        # two results, reply.
        assert len(client.get(f"/api/chat/threads/{thread_id}", headers=headers).json()["messages"]) == 9


def test_real_server_restart_keeps_the_conversation(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(tmp_path / "data", port)
    try:
        token = httpx.post(f"{base}/api/auth/guest").json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        first = httpx.post(f"{base}/api/chat", json={"message": "I'm a teacher in Austin, TX"}, headers=headers).json()
    finally:
        stop_server(server)
    server = start_server(tmp_path / "data", port)
    try:
        # The token was signed with the key kept in the data folder, so it is still valid after the restart.
        thread = httpx.get(f"{base}/api/chat/threads/{first['thread_id']}", headers=headers)
        assert thread.status_code == 200
        assert thread.json()["messages"][-1]["content"] == first["reply"]
        again = httpx.post(f"{base}/api/chat", json={"message": "what do you know about me?",
                                                     "thread_id": first["thread_id"]}, headers=headers).json()
        assert "teacher in Austin, TX" in again["reply"]
    finally:
        stop_server(server)
