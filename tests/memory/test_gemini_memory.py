"""Career memory with Gemini, through the real google-genai SDK against the local Gemini stub: embeddings (wire
format, normalisation, batching, retries, errors, a real embedded chromadb collection) and the memory step's
structured-output extractor (parsing, checks against the message, fallback to the rules)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import chromadb
import numpy as np
import pytest
from chromadb.config import Settings as ChromaSettings
from pydantic import ValidationError

from agent.settings import Settings
from memory.facts import MemoryCandidate, extract_memories
from memory.gemini_memory import (
    KINDS,
    TOPICS,
    GeminiEmbeddingFunction,
    GeminiMemoryError,
    gemini_memory_extractor,
)
from tests.conftest import make_settings
from tests.stubs.gemini_stub import GeminiStub, stub_embedding

MESSAGE = "I live in Denver and I prefer remote work. Which jobs would fit me?"


@pytest.fixture
def stub() -> Iterator[GeminiStub]:
    with GeminiStub() as stub:
        yield stub


def gemini_settings(tmp_path: Path, stub: GeminiStub, **overrides: object) -> Settings:
    values: dict[str, object] = {"COACH_MODEL": "gemini", "COACH_MEMORY_EXTRACTOR": "auto",
                                 "GOOGLE_API_KEY": "test-key", "GEMINI_BASE_URL": stub.base_url,
                                 "GEMINI_MAX_RETRIES": 1, "GEMINI_TIMEOUT_S": 5}
    values.update(overrides)
    return make_settings(tmp_path, **values)


@pytest.fixture
def settings(tmp_path: Path, stub: GeminiStub) -> Settings:
    return gemini_settings(tmp_path, stub)


# -- embeddings ---------------------------------------------------------------------------------------------------


def cosine_distance(a: str, b: str) -> float:
    """What chromadb's cosine space should report for the stub's vectors of two texts."""
    va, vb = np.asarray(stub_embedding(a, 768)), np.asarray(stub_embedding(b, 768))
    return float(1 - va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb)))



def test_embeddings_are_unit_vectors_and_the_request_names_model_task_size_and_key(settings: Settings,
                                                                                     stub: GeminiStub) -> None:
    embed = GeminiEmbeddingFunction.from_settings(settings)
    texts = ["prefers remote work", "can't relocate before June"]

    vectors = embed(texts)

    assert [v.shape for v in vectors] == [(768,), (768,)]
    for text, vector in zip(texts, vectors):
        raw = np.asarray(stub_embedding(text, 768))
        assert np.linalg.norm(raw) > 1.5  # the stub's vectors are not unit length ...
        assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-6)  # ... ours are
        assert np.allclose(vector, raw / np.linalg.norm(raw), atol=1e-6)
    [request] = stub.embed_requests
    assert request["path"] == "/v1beta/models/gemini-embedding-001:batchEmbedContents"
    assert request["headers"]["x-goog-api-key"] == "test-key"
    assert [r["content"]["parts"][0]["text"] for r in request["body"]["requests"]] == texts
    for item in request["body"]["requests"]:
        assert item["model"] == "models/gemini-embedding-001"
        assert item["taskType"] == "RETRIEVAL_DOCUMENT"
        assert item["outputDimensionality"] == 768


def test_queries_use_the_query_task_and_the_configured_model_and_size(tmp_path: Path, stub: GeminiStub) -> None:
    settings = gemini_settings(tmp_path, stub, GEMINI_EMBEDDING_MODEL="text-embedding-004",
                               GEMINI_EMBEDDING_DIMENSIONS=256)
    [vector] = GeminiEmbeddingFunction.from_settings(settings).embed_query(["remote jobs"])
    assert vector.shape == (256,)
    [request] = stub.embed_requests
    assert request["model"] == "text-embedding-004"
    assert request["body"]["requests"][0]["taskType"] == "RETRIEVAL_QUERY"
    assert request["body"]["requests"][0]["outputDimensionality"] == 256


def test_more_texts_than_a_batch_take_several_calls_in_order(settings: Settings, stub: GeminiStub) -> None:
    texts = [f"memory number {i}" for i in range(101)]
    vectors = GeminiEmbeddingFunction.from_settings(settings)(texts)
    assert [len(r["body"]["requests"]) for r in stub.embed_requests] == [100, 1]
    raw = np.asarray(stub_embedding(texts[100], 768))
    assert np.allclose(vectors[100], raw / np.linalg.norm(raw), atol=1e-6)


def test_a_transient_error_is_retried(settings: Settings, stub: GeminiStub) -> None:
    stub.reply_embed_error(503)
    vectors = GeminiEmbeddingFunction.from_settings(settings)(["prefers remote work"])
    assert len(vectors) == 1 and len(stub.embed_requests) == 2


def test_a_client_error_is_not_retried_and_says_what_failed(settings: Settings, stub: GeminiStub) -> None:
    stub.reply_embed_error(400, "API key not valid. Please pass a valid API key.")
    with pytest.raises(GeminiMemoryError, match=r"gemini-embedding-001 failed: HTTP 400 INVALID_ARGUMENT: API key "
                                                r"not valid"):
        GeminiEmbeddingFunction.from_settings(settings)(["prefers remote work"])
    assert len(stub.embed_requests) == 1


def test_errors_that_persist_are_raised_after_the_retries(settings: Settings, stub: GeminiStub) -> None:
    stub.reply_embed_error(429)
    stub.reply_embed_error(429)
    with pytest.raises(GeminiMemoryError, match="HTTP 429 RESOURCE_EXHAUSTED"):
        GeminiEmbeddingFunction.from_settings(settings)(["prefers remote work"])
    assert len(stub.embed_requests) == 2  # GEMINI_MAX_RETRIES=1


def test_a_chromadb_collection_stores_and_queries_with_gemini_embeddings(tmp_path: Path, settings: Settings,
                                                                          stub: GeminiStub) -> None:
    embed = GeminiEmbeddingFunction.from_settings(settings)
    client = chromadb.PersistentClient(path=str(tmp_path / "chroma"),
                                       settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection(embed.collection_name("coach_memories"), embedding_function=embed,
                                                 configuration={"hnsw": {"space": "cosine"}})
    collection.add(ids=["remote", "denver", "other-user"],
                   documents=["prefers remote work", "lives in Denver", "prefers remote work"],
                   metadatas=[{"user_id": "ann"}, {"user_id": "ann"}, {"user_id": "bob"}])

    query = "is remote work what she wants"
    result = collection.query(query_texts=[query], n_results=2, where={"user_id": "ann"}, include=["distances"])

    assert result["ids"] == [["remote", "denver"]]  # shares "remote work"; shares nothing; another user's
    assert result["distances"][0] == pytest.approx([cosine_distance(query, "prefers remote work"),
                                                    cosine_distance(query, "lives in Denver")], abs=1e-5)
    assert result["distances"][0][0] < 0.6
    assert [r["body"]["requests"][0]["taskType"] for r in stub.embed_requests] == ["RETRIEVAL_DOCUMENT",
                                                                                    "RETRIEVAL_QUERY"]
    # The collection keeps the model and size (never the key), and refuses another embedding function.
    stored = collection.configuration_json["embedding_function"]
    assert stored == {"type": "known", "name": "smartjobfit-gemini",
                      "config": {"model": "gemini-embedding-001", "dimensions": 768}}
    assert collection.name == "coach_memories-gemini-embedding-001-768"


# -- the memory step ----------------------------------------------------------------------------------------------


def test_the_extractor_turns_a_structured_reply_into_candidates(settings: Settings, stub: GeminiStub) -> None:
    extract = gemini_memory_extractor(settings)
    assert extract is not None
    stub.reply_json([
        {"kind": "fact", "topic": "location", "text": "lives in Denver",
         "evidence": "I live in Denver and I prefer remote work."},
        {"kind": "preference", "topic": "work_mode", "text": "prefers remote work", "evidence": "I prefer remote work"},
    ])

    memories = extract(MESSAGE)

    assert memories == [
        MemoryCandidate("fact", "location", "lives in Denver", "I live in Denver and I prefer remote work.", 0, 42),
        MemoryCandidate("preference", "work_mode", "prefers remote work", "I prefer remote work", 21, 41),
    ]
    for memory in memories:
        assert MESSAGE[memory.start:memory.end] == memory.evidence
    [request] = stub.generate_requests
    assert request["path"] == "/v1beta/models/gemini-2.5-flash:generateContent"
    assert request["headers"]["x-goog-api-key"] == "test-key"
    assert request["body"]["contents"][0]["parts"][0]["text"] == MESSAGE
    instructions = request["body"]["systemInstruction"]["parts"][0]["text"]
    assert "You are the memory step of SmartJobFit Coach" in instructions  # prompts/v1/memory_extract.md
    assert "relocation (constraint, preference)" in instructions  # the topics come from memory/facts.py
    generation = request["body"]["generationConfig"]
    assert generation["responseMimeType"] == "application/json" and generation["temperature"] == 0
    item = generation["responseSchema"]["items"]["properties"]
    assert item["kind"]["enum"] == list(KINDS) and item["topic"]["enum"] == list(TOPICS)


def test_items_the_message_does_not_bear_out_are_dropped(settings: Settings, stub: GeminiStub) -> None:
    stub.reply_json([
        {"kind": "preference", "topic": "work_mode", "text": "prefers remote work", "evidence": "I prefer remote work"},
        {"kind": "fact", "topic": None, "text": "has two cats", "evidence": "I have two cats."},  # not said
        {"kind": "fact", "topic": None, "text": "lives in Denver", "evidence": "i live in denver"},  # not exact
        {"kind": "opinion", "topic": None, "text": "likes Denver", "evidence": "I live in Denver"},  # unknown kind
        {"kind": "fact", "topic": "weather", "text": "lives in Denver", "evidence": "I live in Denver"},  # topic
        {"kind": "fact", "topic": "work_mode", "text": "lives in Denver", "evidence": "I live in Denver"},
    ])
    memories = gemini_memory_extractor(settings)(MESSAGE)  # type: ignore[misc]
    # The last item's topic belongs to other kinds: kept without it, so it cannot replace a work-mode memory.
    assert [(m.kind, m.topic, m.text) for m in memories] == [("preference", "work_mode", "prefers remote work"),
                                                             ("fact", None, "lives in Denver")]


def test_a_server_error_falls_back_to_the_rules(settings: Settings, stub: GeminiStub,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    stub.reply_error(500)
    stub.reply_error(500)
    with caplog.at_level(logging.WARNING, logger="memory.gemini_memory"):
        memories = gemini_memory_extractor(settings)(MESSAGE)  # type: ignore[misc]
    assert memories == extract_memories(MESSAGE) and memories  # the rules find both things here
    assert len(stub.generate_requests) == 2  # retried once (GEMINI_MAX_RETRIES=1), then the rules
    assert "HTTP 500 INTERNAL" in caplog.text and "using the rules" in caplog.text


def test_a_retried_error_that_clears_keeps_gemini(settings: Settings, stub: GeminiStub) -> None:
    stub.reply_error(503)
    stub.reply_json([{"kind": "fact", "topic": "location", "text": "lives in Denver (per Gemini)",
                      "evidence": "I live in Denver"}])
    [memory] = gemini_memory_extractor(settings)(MESSAGE)  # type: ignore[misc]
    assert memory.text == "lives in Denver (per Gemini)"


@pytest.mark.parametrize("reply", ['[{"kind": "fact", "topic": null, "text": "lives in Den', '{"memories": []}', ""])
def test_malformed_json_falls_back_to_the_rules(settings: Settings, stub: GeminiStub, reply: str,
                                                caplog: pytest.LogCaptureFixture) -> None:
    stub.reply_text(reply)
    with caplog.at_level(logging.WARNING, logger="memory.gemini_memory"):
        memories = gemini_memory_extractor(settings)(MESSAGE)  # type: ignore[misc]
    assert memories == extract_memories(MESSAGE) and memories
    assert len(stub.generate_requests) == 1 and "using the rules" in caplog.text


def test_a_timeout_falls_back_to_the_rules_without_retrying(tmp_path: Path, stub: GeminiStub) -> None:
    settings = gemini_settings(tmp_path, stub, GEMINI_TIMEOUT_S=0.3)
    stub.reply_delay(3, then="[]")
    memories = gemini_memory_extractor(settings)(MESSAGE)  # type: ignore[misc]
    assert memories == extract_memories(MESSAGE) and len(stub.generate_requests) == 1


def test_an_empty_message_asks_nothing(settings: Settings, stub: GeminiStub) -> None:
    assert gemini_memory_extractor(settings)("   ") == []  # type: ignore[misc]
    assert stub.requests == []


# -- settings -----------------------------------------------------------------------------------------------------


def test_the_extractor_follows_the_settings(tmp_path: Path, stub: GeminiStub) -> None:
    assert gemini_memory_extractor(gemini_settings(tmp_path, stub)) is not None  # auto, Gemini chat
    assert gemini_memory_extractor(gemini_settings(tmp_path, stub, COACH_MEMORY_EXTRACTOR="rules")) is None
    assert gemini_memory_extractor(make_settings(tmp_path, COACH_MEMORY_EXTRACTOR="auto")) is None  # offline chat
    # Gemini extraction with the offline chat model, when asked for.
    assert gemini_memory_extractor(gemini_settings(tmp_path, stub, COACH_MODEL="offline",
                                                   COACH_MEMORY_EXTRACTOR="gemini")) is not None


@pytest.mark.parametrize("name", ["COACH_EMBEDDINGS", "COACH_MEMORY_EXTRACTOR"])
def test_gemini_memory_without_a_key_is_a_startup_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValidationError, match=f"{name}=gemini needs GOOGLE_API_KEY or GEMINI_API_KEY"):
        make_settings(tmp_path, **{name: "gemini"})
    assert make_settings(tmp_path).embeddings == "local"


# -- wired in: CareerMemory with Gemini embeddings and extraction -------------------------------------------------


def test_career_memory_uses_gemini_for_the_memory_step_and_the_vectors(tmp_path: Path, stub: GeminiStub) -> None:
    from memory.db import create_db_engine
    from memory.memories import CareerMemory
    from memory.migrate import upgrade
    from memory.users import create_user
    from memory.vector_store import VectorStore

    settings = gemini_settings(tmp_path, stub, COACH_EMBEDDINGS="gemini")
    upgrade(settings.sqlalchemy_url)
    db = create_db_engine(settings.sqlalchemy_url)
    try:
        memory = CareerMemory(db, VectorStore(settings), settings)
        user = create_user(db, email=None, password_hash=None).id
        stub.reply_json([{"kind": "preference", "topic": "work_mode", "text": "prefers remote work",
                          "evidence": "I prefer remote work"}])

        memory.remember_turn(user, "thread-1", MESSAGE)

        stored = {m.kind: m for m in memory.list(user)}
        assert set(stored) == {"preference", "summary"}  # the summary: the message asks which jobs would fit
        preference = stored["preference"]
        assert (preference.topic, preference.text) == ("work_mode", "prefers remote work")
        assert memory.vectors.collection(user).name == f"memories-{user}-gemini-embedding-001-768"
        # One embedding call for each write (the duplicate check reuses its vector), then one for the query.
        assert [r["body"]["requests"][0]["taskType"] for r in stub.embed_requests] == ["RETRIEVAL_DOCUMENT"] * 2
        hits = memory.recall(user, "is remote work what I want")
        assert hits[0].text == "prefers remote work"
        assert [r["body"]["requests"][0]["taskType"] for r in stub.embed_requests][-1] == "RETRIEVAL_QUERY"
        assert len(stub.embed_requests) == 3
    finally:
        db.dispose()
