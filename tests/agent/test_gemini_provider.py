"""The Gemini path end to end: the real SDK (langchain-google-genai on google-genai) against a local stub of the
Gemini REST API, through the graph, the service and the HTTP API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from agent.models import ProviderConfigError, build_chat_model
from agent.settings import Settings
from memory.migrate import upgrade
from server.app import create_app
from tests.conftest import make_settings
from tests.server.conftest import guest_headers
from tests.server.test_chat_api import sse_turn
from tests.stubs.gemini_stub import GeminiStub


@pytest.fixture
def stub() -> Iterator[GeminiStub]:
    with GeminiStub() as stub:
        yield stub


@pytest.fixture
def gemini_settings(tmp_path: Path, stub: GeminiStub) -> Settings:
    settings = make_settings(tmp_path, COACH_MODEL="auto", GOOGLE_API_KEY="test-key", GEMINI_BASE_URL=stub.base_url,
                             GEMINI_MAX_RETRIES=1, GEMINI_TIMEOUT_S=2)
    upgrade(settings.sqlalchemy_url)
    return settings


@pytest.fixture
def client(gemini_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(gemini_settings)) as client:
        yield client


def test_a_key_selects_gemini_and_no_key_selects_offline(tmp_path: Path, gemini_settings: Settings) -> None:
    assert gemini_settings.resolved_provider == "gemini"
    assert type(build_chat_model(gemini_settings)).__name__ == "ChatGoogleGenerativeAI"
    offline = make_settings(tmp_path, COACH_MODEL="auto")
    assert offline.resolved_provider == "offline"
    with pytest.raises(ProviderConfigError, match="GOOGLE_API_KEY"):
        build_chat_model(offline, provider="gemini")


def test_streamed_turn_with_a_function_call_round_trip(client: TestClient, stub: GeminiStub) -> None:
    stub.reply_function_call("career_profile", {"action": "update", "current_role": "nurse", "location": "Denver",
                                                "experience_years": 6})
    stub.reply_text("Noted: you're a nurse in Denver with 6 years of experience. What role are you aiming for?")
    headers = guest_headers(client)
    thread, *events = sse_turn(client, headers, "I'm a nurse in Denver with 6 years' experience")
    assert thread == ("thread", {"thread_id": events[-1][1]["thread_id"]})
    kinds = [kind for kind, _ in events]
    assert kinds[:2] == ["tool_call", "tool_result"] and kinds[-1] == "done" and kinds.count("token") >= 2
    assert events[0][1]["args"]["current_role"] == "nurse"
    assert events[1][1]["data"]["profile"]["experience_level"] == "senior"  # the real tool ran, in SQL
    assert events[-1][1]["reply"].startswith("Noted: you're a nurse in Denver")

    first, second = stub.generate_requests
    assert first["action"] == "streamGenerateContent" and first["headers"]["x-goog-api-key"] == "test-key"
    assert "SmartJobFit Coach" in first["body"]["systemInstruction"]["parts"][0]["text"]
    declarations = first["body"]["tools"][0]["functionDeclarations"]
    profile_tool = next(d for d in declarations if d["name"] == "career_profile")
    assert "config" not in str(profile_tool.get("parameters", {}).get("properties", {}))  # injected, not shown
    response_parts = [part for content in second["body"]["contents"] for part in content["parts"]
                      if "functionResponse" in part]
    assert response_parts[0]["functionResponse"]["name"] == "career_profile"
    # The profile is in the system prompt on the next turn, so Gemini can use it.
    stub.reply_text("You are a nurse.")
    sse_turn(client, headers, "what do I do?", events[-1][1]["thread_id"])
    assert "nurse in Denver" in stub.generate_requests[-1]["body"]["systemInstruction"]["parts"][0]["text"]


def test_json_turn_with_gemini(client: TestClient, stub: GeminiStub) -> None:
    stub.reply_text("Hello! How can I help with your career today?")
    body = client.post("/api/chat", json={"message": "hi"}, headers=guest_headers(client)).json()
    assert body["reply"] == "Hello! How can I help with your career today?" and body["tool_calls"] == []


@pytest.mark.parametrize("failure", ["server_error", "timeout"])
def test_provider_failure_ends_the_stream_with_an_error_and_keeps_the_thread(client: TestClient, stub: GeminiStub,
                                                                             failure: str) -> None:
    headers = guest_headers(client)
    stub.reply_text("Hi there!")
    thread_id = sse_turn(client, headers, "hello")[-1][1]["thread_id"]
    before = client.get(f"/api/chat/threads/{thread_id}", headers=headers).json()["messages"]

    if failure == "server_error":
        stub.reply_error(503, "The model is overloaded.")
    else:
        stub.reply_delay(5, then="too late")
    events = sse_turn(client, headers, "this turn fails", thread_id)
    assert events[-1][0] == "error"
    assert events[-1][1]["code"] == "model_unavailable" and events[-1][1]["thread_id"] == thread_id
    assert client.get(f"/api/chat/threads/{thread_id}", headers=headers).json()["messages"] == before

    stub.reply_text("Back again: how can I help?")
    events = sse_turn(client, headers, "are you there?", thread_id)
    kind, done = events[-1]
    assert kind == "done" and done["reply"] == "Back again: how can I help?"
    assert (done["thread_id"], done["citations"]) == (thread_id, [])
    assert done["usage"]["total_tokens"] == done["usage"]["input_tokens"] + done["usage"]["output_tokens"] > 0
    sent = [part.get("text") for content in stub.generate_requests[-1]["body"]["contents"] for part in content["parts"]]
    assert "this turn fails" not in sent and sent[-1] == "are you there?"


def test_provider_failure_in_json_mode_is_a_503_with_the_error_shape(client: TestClient, stub: GeminiStub) -> None:
    stub.reply_error(500, "boom")
    response = client.post("/api/chat", json={"message": "hi"}, headers=guest_headers(client))
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "model_unavailable"
