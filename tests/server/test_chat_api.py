from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.server.conftest import guest_headers


def parse_sse(body: str) -> list[tuple[str, dict]]:
    events = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def sse_turn(client: TestClient, headers: dict, message: str, thread_id: str | None = None) -> list[tuple[str, dict]]:
    body = {"message": message, **({"thread_id": thread_id} if thread_id else {})}
    with client.stream("POST", "/api/chat", json=body, headers={**headers, "Accept": "text/event-stream"}) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        return parse_sse(response.read().decode())


def test_streaming_turn_emits_tool_call_result_tokens_and_done(client: TestClient) -> None:
    headers = guest_headers(client)
    events = sse_turn(client, headers, "I'm a nurse in Denver with 6 years' experience")
    kinds = [kind for kind, _ in events]
    # First the conversation's id (so a client whose stream is cut can resume it), then the turn.
    assert kinds[0] == "thread" and events[0][1]["thread_id"] == events[-1][1]["thread_id"]
    events = events[1:]
    kinds = kinds[1:]
    assert kinds[0] == "tool_call" and kinds[1] == "tool_result" and kinds[-1] == "done"
    assert kinds.count("token") > 5
    assert events[0][1] == {"name": "career_profile", "args": {"action": "update", "current_role": "nurse",
                                                               "location": "Denver", "experience_years": 6.0}}
    assert events[1][1]["data"]["profile"]["location"] == "Denver"
    done = events[-1][1]
    assert done["reply"] == "".join(data["text"] for kind, data in events if kind == "token")
    assert "nurse in Denver" in done["reply"] and done["thread_id"]


def test_json_turn_and_the_profile_is_used_in_a_later_conversation(client: TestClient) -> None:
    headers = guest_headers(client)
    first = client.post("/api/chat", json={"message": "I'm a nurse in Denver with 6 years' experience"}, headers=headers)
    assert first.status_code == 200, first.text
    body = first.json()
    assert set(body) >= {"thread_id", "reply", "tool_calls", "citations"}
    assert body["tool_calls"][0]["name"] == "career_profile"
    # A new conversation: the profile is remembered across threads, not only within one.
    later = client.post("/api/chat", json={"message": "What do you know about me?"}, headers=headers).json()
    assert later["thread_id"] != body["thread_id"]
    assert "nurse in Denver; 6 years of experience; senior level" in later["reply"]


def test_threads_list_get_and_delete(client: TestClient) -> None:
    headers = guest_headers(client)
    thread_id = client.post("/api/chat", json={"message": "hello"}, headers=headers).json()["thread_id"]
    client.post("/api/chat", json={"message": "I'm a teacher", "thread_id": thread_id}, headers=headers)
    listed = client.get("/api/chat/threads", headers=headers).json()
    assert [t["id"] for t in listed] == [thread_id] and listed[0]["title"] == "hello"
    detail = client.get(f"/api/chat/threads/{thread_id}", headers=headers).json()
    said = [m["content"] for m in detail["messages"] if m["role"] == "user"]
    assert said == ["hello", "I'm a teacher"]
    assert detail["messages"][-1]["role"] == "assistant" and "teacher" in detail["messages"][-1]["content"]
    assert client.delete(f"/api/chat/threads/{thread_id}", headers=headers).status_code == 204
    assert client.get(f"/api/chat/threads/{thread_id}", headers=headers).status_code == 404
    assert client.get("/api/chat/threads", headers=headers).json() == []


def test_another_users_thread_is_404_and_stays_untouched(client: TestClient) -> None:
    owner, intruder = guest_headers(client), guest_headers(client)
    thread_id = client.post("/api/chat", json={"message": "I'm a teacher in Austin"}, headers=owner).json()["thread_id"]
    before = client.get(f"/api/chat/threads/{thread_id}", headers=owner).json()
    for response in (
        client.get(f"/api/chat/threads/{thread_id}", headers=intruder),
        client.delete(f"/api/chat/threads/{thread_id}", headers=intruder),
        client.post("/api/chat", json={"message": "hi", "thread_id": thread_id}, headers=intruder),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "thread_not_found"
    assert client.get(f"/api/chat/threads/{thread_id}", headers=owner).json() == before


@pytest.mark.parametrize(("payload", "status", "code", "field"), [
    ({"message": ""}, 422, "empty_message", "message"),
    ({"message": "   \n\t "}, 422, "empty_message", "message"),
    ({"message": "x" * 8001}, 413, "message_too_long", "message"),
    ({}, 422, "invalid_request", "message"),
    ({"message": 42}, 422, "invalid_request", "message"),
    ({"message": "hi", "thread_id": "not-a-thread"}, 404, "thread_not_found", "thread_id"),
])
def test_bad_chat_input_is_a_clear_4xx_and_stores_nothing(client: TestClient, payload: dict, status: int, code: str,
                                                          field: str) -> None:
    headers = guest_headers(client)
    for accept in ("application/json", "text/event-stream"):
        response = client.post("/api/chat", json=payload, headers={**headers, "Accept": accept})
        assert response.status_code == status, response.text
        assert response.json()["error"]["code"] == code
        assert response.json()["error"]["field"] == field
    assert client.get("/api/chat/threads", headers=headers).json() == []


def test_malformed_json_is_400(client: TestClient) -> None:
    headers = {**guest_headers(client), "Content-Type": "application/json"}
    response = client.post("/api/chat", content=b'{"message": "hi"', headers=headers)
    assert response.status_code == 400 and response.json()["error"]["code"] == "malformed_json"


def test_chat_needs_a_token(client: TestClient) -> None:
    response = client.post("/api/chat", json={"message": "hi"})
    assert response.status_code == 401 and response.json()["error"]["field"] == "Authorization"


def test_health_and_docs(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    assert "/api/chat" in client.get("/openapi.json").json()["paths"]
    assert client.get("/docs").status_code == 200
