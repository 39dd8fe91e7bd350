"""Career memory through the API: the memory step writes what a chat message says, a later conversation
recalls it ("Last time you mentioned that you ..."), and the user sees, corrects, deletes and switches off their memory.
Real database, real embedded chromadb, the offline engine."""

from __future__ import annotations

import logging

from fastapi.testclient import TestClient

from memory.migrate import upgrade
from server.app import create_app
from tests.conftest import make_settings
from tests.server.conftest import free_port, guest_headers

RECALLED = "Last time you mentioned that you can't relocate before June"


def chat(client: TestClient, headers: dict, message: str, thread_id: str | None = None) -> dict:
    body = {"message": message} | ({"thread_id": thread_id} if thread_id else {})
    response = client.post("/api/chat", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def all_memories(client: TestClient, headers: dict) -> list[dict]:
    groups = client.get("/api/memory", headers=headers).json()["groups"]
    return [m for group in groups.values() for m in group]


def test_a_later_conversation_recalls_what_an_earlier_one_said(client: TestClient) -> None:
    me = guest_headers(client)
    first = chat(client, me, "Just so you know, I can't relocate before June. I prefer remote work.")
    memories = all_memories(client, me)
    by_topic = {m["topic"]: m for m in memories}
    assert by_topic["relocation"]["text"] == "can't relocate before June"
    assert by_topic["relocation"]["kind"] == "constraint" and by_topic["relocation"]["thread_id"] == first["thread_id"]
    assert "work_mode" in by_topic

    later = chat(client, me, "Should I relocate to Seattle for a job that starts in March?")
    assert later["thread_id"] != first["thread_id"]
    assert later["reply"].startswith(RECALLED)
    again = chat(client, me, "And what about Portland, should I relocate there?", later["thread_id"])
    assert RECALLED not in again["reply"]  # said once per conversation
    same_thread = chat(client, me, "Should I relocate to Denver?", first["thread_id"])
    assert RECALLED not in same_thread["reply"]  # this conversation already holds it

    asked = chat(client, me, "What do you remember about me?")["reply"]
    assert "From our conversations:\n- " in asked and "- can't relocate before June (" in asked
    assert "- prefers remote work (" in asked and "dashboard (/app)" in asked

    someone_else = guest_headers(client)
    assert RECALLED not in chat(client, someone_else, "Should I relocate to Seattle for a job?")["reply"]
    theirs = chat(client, someone_else, "What do you remember about me?")["reply"]
    assert "relocate before June" not in theirs and "remote work" not in theirs
    assert "- asked: should I relocate to Seattle for a job? (" in theirs  # their own conversation's summary
    assert [m["text"] for m in all_memories(client, someone_else)] == ["asked: should I relocate to Seattle for a job?"]


def test_the_user_sees_corrects_deletes_and_switches_off_memory(client: TestClient) -> None:
    me, other = guest_headers(client), guest_headers(client)
    added = client.post("/api/memory", json={"text": "I can't relocate before June", "kind": "constraint"}, headers=me)
    assert added.status_code == 201, added.text
    memory_id = added.json()["id"]

    for bad, field, status in [({"text": ""}, "text", 422), ({"text": "x" * 1001}, "text", 413),
                               ({"text": "ok", "kind": "secret"}, "kind", 422)]:
        response = client.post("/api/memory", json=bad, headers=me)
        assert response.status_code == status and field in response.text, response.text
    assert client.patch(f"/api/memory/{memory_id}", json={"text": "hijack"}, headers=other).status_code == 404
    assert client.delete(f"/api/memory/{memory_id}", headers=other).status_code == 404
    assert client.get("/api/memory").status_code == 401

    edited = client.patch(f"/api/memory/{memory_id}", json={"text": "I can't relocate before September"}, headers=me)
    assert edited.status_code == 200 and edited.json()["history"][0]["text"] == "I can't relocate before June"
    assert "September" in chat(client, me, "Should I relocate to Seattle for a new job?")["reply"]

    off = client.patch("/api/memory", json={"enabled": False}, headers=me)
    # The note, and the summary of the conversation that asked about Seattle.
    assert off.status_code == 200 and off.json()["enabled"] is False and off.json()["count"] == 2
    reply = chat(client, me, "Should I relocate to Seattle for a new job? I prefer remote work.")["reply"]
    assert "September" not in reply and len(all_memories(client, me)) == 2  # neither recalled nor written
    client.patch("/api/memory", json={"enabled": True}, headers=me)

    assert client.delete(f"/api/memory/{memory_id}", headers=me).status_code == 204
    assert [m["kind"] for m in all_memories(client, me)] == ["summary"]
    assert client.delete(f"/api/memory/{memory_id}", headers=me).status_code == 404


def test_with_the_vector_store_down_chat_goes_on_and_nothing_is_written_half(tmp_path, caplog) -> None:
    settings = make_settings(tmp_path, CHROMA_HOST="127.0.0.1", CHROMA_PORT=free_port())  # nothing listens
    upgrade(settings.sqlalchemy_url)
    with TestClient(create_app(settings)) as client, caplog.at_level(logging.WARNING):
        me = guest_headers(client)
        reply = chat(client, me, "I can't relocate before June. What does a nurse earn in Denver?")
        assert reply["reply"] and "nurse" in reply["reply"].lower()
        assert any("without recall" in r.message for r in caplog.records)
        assert all_memories(client, me) == []  # (after the memory step, which runs after the reply)
        assert any("nothing remembered" in r.message for r in caplog.records)
        refused = client.post("/api/memory", json={"text": "prefers remote work"}, headers=me)
        assert refused.status_code == 503 and all_memories(client, me) == []
