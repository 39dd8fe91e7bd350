"""Many clients at once against a real `coach serve` on SQLite: every turn completes and nothing is mixed up.

Not a speed test (bench/ measures speed): it guards against the event loop blocking on SQL, which with SQLite
and the async checkpointer deadlocks under concurrent requests."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from tests.server.conftest import free_port, start_server, stop_server

CLIENTS = 12
TURNS = 4


async def _client(base: str, index: int) -> list[str]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        token = (await http.post("/api/auth/guest")).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        thread_id = None
        replies = []
        for turn in range(TURNS):
            message = f"I'm a teacher in Austin with {index + turn + 1} years of experience"
            body = {"message": message, **({"thread_id": thread_id} if thread_id else {})}
            response = await http.post("/api/chat", json=body, headers=headers)
            assert response.status_code == 200, response.text
            thread_id = response.json()["thread_id"]
            replies.append(response.json()["reply"])
        thread = (await http.get(f"/api/chat/threads/{thread_id}", headers=headers)).json()
        assert [m["content"] for m in thread["messages"] if m["role"] == "user"] == [
            f"I'm a teacher in Austin with {index + turn + 1} years of experience" for turn in range(TURNS)]
        return replies


def test_concurrent_clients_all_complete(tmp_path: Path) -> None:
    port = free_port()
    server = start_server(tmp_path / "data", port)
    try:
        async def run_all() -> list[list[str]]:
            return await asyncio.wait_for(
                asyncio.gather(*(_client(f"http://127.0.0.1:{port}", i) for i in range(CLIENTS))), timeout=120)

        results = asyncio.run(run_all())
    finally:
        stop_server(server)
    for index, replies in enumerate(results):
        years = index + TURNS
        assert f"{years} years of experience" in replies[-1]
