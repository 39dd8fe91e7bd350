"""Career memory with Gemini, when a key is set: embeddings from the Gemini API instead of the local model, and
the memory step's facts extracted with structured output instead of the rules of memory/facts.py.

Both go through the google-genai SDK (`GEMINI_BASE_URL` points it elsewhere, as the tests do at a local stub):
- `GeminiEmbeddingFunction`: chromadb's EmbeddingFunction over `models.embed_content`, which posts to
  `/v1beta/models/<model>:batchEmbedContents` (100 texts at most per call). Stored texts are embedded with task
  type RETRIEVAL_DOCUMENT, searches with RETRIEVAL_QUERY; vectors are L2-normalised, since Gemini returns unit
  vectors only at the model's full size and the collection uses cosine distance.
- `gemini_memory_extractor(settings)`: `models.generate_content` (`:generateContent`) with a JSON schema of
  memories, checked against the message: each memory's evidence must be an exact part of it, its kind and topic
  from the sets memory/facts.py uses. Any failure of Gemini falls back to the rules, so a turn never loses its
  memory step to an outage.

Errors 408/429/5xx are retried (`GEMINI_MAX_RETRIES`, short exponential backoff); the SDK's own retrying is off by
default, so attempts do not multiply."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

import httpx
import numpy as np
import tenacity
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from google import genai
from google.genai import errors, types
from pydantic import BaseModel, Field, ValidationError

import prompts
from agent.settings import Settings, get_settings
from memory.facts import (
    KIND_RULES,
    MAX_MESSAGE_CHARS,
    TOPIC_RULES,
    MemoryCandidate,
    OneMemoryPerTopic,
    extract_memories,
    memory_text,
)

log = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
EMBED_BATCH = 100  # batchEmbedContents takes at most 100 requests
DOCUMENT_TASK, QUERY_TASK = "RETRIEVAL_DOCUMENT", "RETRIEVAL_QUERY"

# The extractor's vocabulary is the rules': a kind from KIND_RULES, a topic from TOPIC_RULES, and a topic only
# for the kinds its rows allow ("relocation" is a constraint or a preference, never a fact).
KINDS: tuple[str, ...] = tuple(dict.fromkeys(rule.kind for rule in KIND_RULES))
TOPIC_KINDS: dict[str, frozenset[str]] = {}
for _rule in TOPIC_RULES:
    TOPIC_KINDS[_rule.topic] = TOPIC_KINDS.get(_rule.topic, frozenset()) | _rule.kinds
TOPICS: tuple[str, ...] = tuple(TOPIC_KINDS)

T = TypeVar("T")


class GeminiMemoryError(RuntimeError):
    """Gemini could not be used for memory; the message says why (status, model, what to check)."""


class UnusableReply(ValueError):
    """Gemini answered the memory step with something that is not a JSON list of memories."""


def gemini_client(api_key: str | None, base_url: str | None, timeout_s: float) -> genai.Client:
    if not api_key:
        raise GeminiMemoryError("Gemini memory needs GOOGLE_API_KEY or GEMINI_API_KEY")
    # HttpOptions.timeout is in milliseconds.
    return genai.Client(api_key=api_key, http_options=types.HttpOptions(base_url=base_url,
                                                                        timeout=int(timeout_s * 1000)))


def _is_transient(exc: BaseException) -> bool:
    return isinstance(exc, errors.APIError) and exc.code in RETRYABLE_STATUS


def with_retries(attempts: int, call: Callable[[], T]) -> T:
    """`call()`, again after a short pause while Gemini answers 408/429/5xx; the last error is raised."""
    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(max(1, attempts)),
        wait=tenacity.wait_exponential(multiplier=0.25, max=2.0),
        retry=tenacity.retry_if_exception(_is_transient),
        reraise=True,
        before_sleep=tenacity.before_sleep_log(log, logging.INFO),
    )
    return retrying(call)


def describe(exc: BaseException) -> str:
    """A Gemini failure in one line: "HTTP 503 UNAVAILABLE: overloaded", "timed out", ..."""
    if isinstance(exc, errors.APIError):
        return f"HTTP {exc.code} {exc.status or ''}: {exc.message or ''}".replace("  ", " ").strip(" :")
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    if isinstance(exc, httpx.HTTPError):
        return f"could not reach the API ({type(exc).__name__}: {exc})"
    return f"{type(exc).__name__}: {exc}"


# -- embeddings ---------------------------------------------------------------------------------------------------


class GeminiEmbeddingFunction(EmbeddingFunction[Documents]):
    """chromadb's interface over Gemini embeddings (unit vectors, cosine space).

    The collection stores `get_config()`: the model and size, never the key, which `build_from_config` takes from
    the settings again."""

    def __init__(self, api_key: str | None, model: str = "gemini-embedding-001", dimensions: int = 768, *,
                 base_url: str | None = None, timeout_s: float = 30.0, max_retries: int = 2):
        self.model, self.dimensions = model, dimensions
        self.attempts = max_retries + 1
        self._connection = (api_key, base_url, timeout_s)
        self._client_made: genai.Client | None = None

    @property
    def _client(self) -> genai.Client:
        # Made at the first embedding, not here: chromadb builds a copy from the stored config only to check it.
        if self._client_made is None:
            self._client_made = gemini_client(*self._connection)
        return self._client_made

    @classmethod
    def from_settings(cls, settings: Settings) -> GeminiEmbeddingFunction:
        return cls(settings.gemini_key, settings.gemini_embedding_model, settings.gemini_embedding_dimensions,
                   base_url=settings.gemini_base_url, timeout_s=settings.gemini_timeout_s,
                   max_retries=settings.gemini_max_retries)

    def __call__(self, input: Documents) -> Embeddings:
        return self._embed(input, DOCUMENT_TASK)

    def embed_query(self, input: Documents) -> Embeddings:
        return self._embed(input, QUERY_TASK)

    def _embed(self, texts: Sequence[str], task_type: str) -> Embeddings:
        texts = list(texts)
        vectors: list[np.ndarray] = []
        for start in range(0, len(texts), EMBED_BATCH):
            vectors.extend(self._embed_batch(texts[start:start + EMBED_BATCH], task_type))
        return vectors

    def _embed_batch(self, texts: list[str], task_type: str) -> list[np.ndarray]:
        config = types.EmbedContentConfig(task_type=task_type, output_dimensionality=self.dimensions)
        try:
            response = with_retries(self.attempts, lambda: self._client.models.embed_content(
                model=self.model, contents=texts, config=config))
        except (errors.APIError, httpx.HTTPError) as exc:
            raise GeminiMemoryError(f"Gemini embeddings with {self.model} failed: {describe(exc)}") from exc
        values = [e.values or [] for e in response.embeddings or []]
        if len(values) != len(texts) or any(len(v) != self.dimensions for v in values):
            raise GeminiMemoryError(
                f"Gemini embeddings with {self.model}: asked for {len(texts)} vectors of {self.dimensions}, got "
                f"{len(values)} of {sorted({len(v) for v in values})}")
        matrix = np.asarray(values, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return list(matrix / np.maximum(norms, 1e-12))

    def collection_name(self, base: str) -> str:
        """A collection of its own per model and size: vectors of another model (or the local one) cannot share
        it, and chromadb refuses a collection stored with another embedding function."""
        return re.sub(r"[^a-zA-Z0-9._-]", "-", f"{base}-{self.model}-{self.dimensions}")

    @staticmethod
    def name() -> str:
        return "smartjobfit-gemini"

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model, "dimensions": self.dimensions}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> GeminiEmbeddingFunction:
        settings = get_settings()
        return GeminiEmbeddingFunction(settings.gemini_key, config["model"], int(config["dimensions"]),
                                       base_url=settings.gemini_base_url, timeout_s=settings.gemini_timeout_s,
                                       max_retries=settings.gemini_max_retries)

    def default_space(self) -> str:
        return "cosine"


# -- the memory step ----------------------------------------------------------------------------------------------


class ExtractedMemory(BaseModel):
    """One memory as Gemini's structured output gives it (the response schema)."""

    kind: Literal[KINDS] = Field(description="what sort of durable thing the user said")  # type: ignore[valid-type]
    topic: Literal[TOPICS] | None = Field(  # type: ignore[valid-type]
        default=None, description="the slot this memory fills, when newer statements should replace it")
    text: str = Field(description="the memory, short, in the user's words without 'I'")
    evidence: str = Field(description="the exact part of the message it comes from, copied character for character")


def parse_extraction(message: str, reply: str | None) -> list[MemoryCandidate]:
    """Gemini's JSON reply → the memories it found that the message bears out. Raises ValueError (bad JSON,
    UnusableReply) when the reply is not a JSON list; single items that break the rules are dropped (and logged)."""
    if not reply:
        raise UnusableReply("Gemini gave no text")
    items = json.loads(reply)
    if not isinstance(items, list):
        raise UnusableReply(f"Gemini gave a JSON {type(items).__name__}, not a list of memories")
    found = OneMemoryPerTopic()
    for item in items:
        try:
            memory = ExtractedMemory.model_validate(item)
        except ValidationError as exc:
            log.info("dropped a Gemini memory that breaks the schema: %s", exc.errors()[0]["msg"])
            continue
        start = message.find(memory.evidence) if memory.evidence.strip() else -1
        text = " ".join(memory.text.split())
        if start < 0 or not text:
            log.info("dropped a Gemini memory whose evidence is not in the message: %r", memory.evidence[:80])
            continue
        # A topic from another kind would overwrite the wrong slot; without one the memory is kept beside others.
        topic = memory.topic if memory.topic and memory.kind in TOPIC_KINDS[memory.topic] else None
        found.add(MemoryCandidate(memory.kind, topic, memory_text(text), memory.evidence, start,
                                  start + len(memory.evidence)))
    return found.candidates


def gemini_memory_extractor(settings: Settings) -> Callable[[str], list[MemoryCandidate]] | None:
    """The memory step's extractor with Gemini, or None when the settings choose the rules
    (`COACH_MEMORY_EXTRACTOR`; "auto" means Gemini when the chat model is Gemini)."""
    if settings.resolved_memory_extractor != "gemini":
        return None
    client = gemini_client(settings.gemini_key, settings.gemini_base_url, settings.gemini_timeout_s)
    instructions = prompts.render("memory_extract", version=settings.prompt_version, kinds=KINDS,
                                  topics=[(topic, sorted(kinds)) for topic, kinds in TOPIC_KINDS.items()])
    config = types.GenerateContentConfig(system_instruction=instructions, temperature=0,
                                         response_mime_type="application/json",
                                         response_schema=list[ExtractedMemory])
    attempts = settings.gemini_max_retries + 1

    def extract(message: str) -> list[MemoryCandidate]:
        if not isinstance(message, str) or not message.strip():
            return []
        read = message[:MAX_MESSAGE_CHARS]  # only the start of a longer message, as the rules read it
        try:
            response = with_retries(attempts, lambda: client.models.generate_content(
                model=settings.gemini_model, contents=read, config=config))
            return parse_extraction(read, response.text)
        except (errors.APIError, httpx.HTTPError, ValueError) as exc:  # ValueError: bad JSON, a non-list
            log.warning("memory step: Gemini extraction with %s failed (%s); using the rules instead",
                        settings.gemini_model, describe(exc))
            return extract_memories(message)

    return extract
