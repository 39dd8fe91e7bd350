"""Career memory, the engine: what durable things a user said, written after each turn and recalled in later
conversations. SQL (`memories`) holds each memory's text and history and is the source of truth; the vector
store holds its embedding under the same public id, for recall by meaning.

- Writing: a candidate with a topic ("relocation") replaces that topic's memory, the older text kept in
  `history`; one that means the same as a stored memory (cosine >= DUPLICATE) refreshes it; others are added.
  SQL and the vector store change together or not at all: the SQL transaction commits only after the vector
  write succeeded.
- Recall: the user's memories nearest in meaning to the message (cosine >= RELEVANT), best first, within a
  token budget.
- The user's switch (`users.memory_enabled`): off, nothing is written or recalled."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from agent.settings import Settings
from memory.facts import MemoryCandidate, extract_memories
from memory.models import Memory, User, utcnow
from memory.summaries import question_in, summary_with
from memory.vector_store import VectorStore, VectorStoreDown
from memory.write_behind import WriteBehind

log = logging.getLogger(__name__)

DUPLICATE = 0.9  # this similar to a stored memory: the same thing said again
RELEVANT = 0.2  # below this, a memory has nothing to do with the message (tuned on evals/memory_recall.py)
KINDS = ("constraint", "preference", "background", "goal", "fact", "note", "summary")  # summary: memory/summaries.py
CHARS_PER_TOKEN = 4  # a budget estimate good enough for English text


class MemoryInputError(ValueError):
    """A client mistake; `field` names the input."""

    def __init__(self, field: str, code: str, message: str, status: int = 422):
        super().__init__(message)
        self.field, self.code, self.message, self.status = field, code, message, status


@dataclass(frozen=True, slots=True)
class NewMemory:
    kind: str
    text: str
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class Recalled:
    id: str
    kind: str
    topic: str | None
    text: str
    thread_id: str | None
    updated_at: datetime
    similarity: float

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "topic": self.topic, "text": self.text, "thread_id": self.thread_id,
                "updated_at": self.updated_at.isoformat(), "similarity": round(self.similarity, 3)}


def memory_view(memory: Memory) -> dict[str, Any]:
    return {"id": memory.public_id, "kind": memory.kind, "topic": memory.topic, "text": memory.text,
            "thread_id": memory.thread_id, "source": memory.source, "history": memory.history or [],
            "created_at": memory.created_at.isoformat(), "updated_at": memory.updated_at.isoformat()}


class CareerMemory:
    def __init__(self, db: Engine, vectors: VectorStore, settings: Settings, write_behind: WriteBehind | None = None):
        self.db, self.vectors, self.settings = db, vectors, settings
        # With a WriteBehind, the memory step of a turn is stored after the reply (the server's case); every read
        # of a user's memories first waits for their pending writes.
        self.write_behind = write_behind
        # The memory step reads messages with Gemini when the settings say so (COACH_MEMORY_EXTRACTOR), else with
        # the rules; Gemini's extractor falls back to the rules when a call fails.
        self.extract: Callable[[str], list[MemoryCandidate]] = extract_memories
        if settings.resolved_memory_extractor == "gemini":
            from memory.gemini_memory import gemini_memory_extractor

            self.extract = gemini_memory_extractor(settings) or extract_memories

    # -- the user's switch ------------------------------------------------------------------------------

    def enabled(self, user_id: str) -> bool:
        with Session(self.db) as session:
            user = session.get(User, user_id)
            return bool(user and user.memory_enabled)

    def set_enabled(self, user_id: str, on: bool) -> None:
        with Session(self.db) as session:
            user = session.get(User, user_id)
            if user is not None:
                user.memory_enabled = on
                session.add(user)
                session.commit()

    # -- writing ----------------------------------------------------------------------------------------

    def check_text(self, text: object, field: str = "text") -> str:
        if not isinstance(text, str) or not text.strip():
            raise MemoryInputError(field, "empty", f"{field} must be a non-empty string")
        value = " ".join(text.split())
        if len(value) > self.settings.memory_max_chars:
            raise MemoryInputError(field, "too_long", f"{field} is {len(value):,} characters; the limit is "
                                                      f"{self.settings.memory_max_chars:,}", status=413)
        return value

    def settle(self, user_id: str) -> None:
        """Wait for the user's memory writes still running in the background, if any."""
        if self.write_behind is not None:
            self.write_behind.settle(user_id)

    def close(self) -> None:
        if self.write_behind is not None:
            self.write_behind.close()

    def remember(self, user_id: str, candidates: list[NewMemory], thread_id: str | None = None,
                 source: str = "chat") -> list[Memory]:
        """Store what is new, replace what a topic says now, refresh repeats. Raises VectorStoreDown (then
        nothing was written) or MemoryInputError."""
        self.settle(user_id)
        return self._store(user_id, candidates, thread_id, source)

    def _store(self, user_id: str, candidates: list[NewMemory], thread_id: str | None, source: str) -> list[Memory]:
        if not candidates:
            return []
        for candidate in candidates:
            if candidate.kind not in KINDS:
                raise MemoryInputError("kind", "invalid", f"kind must be one of {', '.join(KINDS)}")
        texts = [self.check_text(candidate.text) for candidate in candidates]
        vectors = self.vectors.embed_documents(texts)  # once each: for the duplicate check and the write
        written: dict[str, tuple[Memory, Any]] = {}  # by public id: two candidates may land on one memory
        with Session(self.db, expire_on_commit=False) as session:
            for candidate, text, vector in zip(candidates, texts, vectors, strict=True):
                memory = (self._same_topic(session, user_id, candidate.topic)
                          or self._same_meaning(session, user_id, text, vector))
                if memory is None:
                    memory = Memory(user_id=user_id, kind=candidate.kind, topic=candidate.topic, text=text,
                                    thread_id=thread_id, source=source)
                else:
                    memory.kind = candidate.kind
                    _replace_text(memory, text, thread_id, source)
                memory.updated_at = utcnow()
                session.add(memory)
                written.pop(memory.public_id, None)
                written[memory.public_id] = (memory, vector)
            memories = [memory for memory, _ in written.values()]
            self._commit_with_vectors(session, memories, [vector for _, vector in written.values()])
        return memories

    def _commit_with_vectors(self, session: Session, memories: list[Memory], vectors: list[Any] | None = None
                             ) -> None:
        session.flush()
        if memories:  # every memory of one write is one user's
            self.vectors.upsert(memories[0].user_id, [m.public_id for m in memories], [m.text for m in memories],
                                [self._metadata(m) for m in memories], vectors)  # raises: the transaction rolls back
        session.commit()

    def _same_topic(self, session: Session, user_id: str, topic: str | None) -> Memory | None:
        if not topic:
            return None
        return session.exec(select(Memory).where(Memory.user_id == user_id, Memory.topic == topic)
                            .order_by(col(Memory.updated_at).desc())).first()

    def _same_meaning(self, session: Session, user_id: str, text: str, vector: Any) -> Memory | None:
        hits = self.vectors.query(user_id, text, 1, embedding=vector)
        if not hits or hits[0].similarity < DUPLICATE:
            return None
        return self._owned(session, user_id, [hits[0].id]).get(hits[0].id)

    @staticmethod
    def _owned(session: Session, user_id: str, public_ids: list[str]) -> dict[str, Memory]:
        """The user's memories among these ids. Looked up by the unique public id, the owner checked here: faster
        than asking SQL for both when the user has thousands of memories."""
        rows = session.exec(select(Memory).where(col(Memory.public_id).in_(public_ids))).all()
        return {m.public_id: m for m in rows if m.user_id == user_id}

    @staticmethod
    def _metadata(memory: Memory) -> dict[str, Any]:
        return {"user_id": memory.user_id, "kind": memory.kind, "topic": memory.topic or "",
                "thread_id": memory.thread_id or "", "updated_at": memory.updated_at.isoformat()}

    # -- reading and the user's edits -------------------------------------------------------------------

    def list(self, user_id: str) -> list[Memory]:
        self.settle(user_id)
        with Session(self.db) as session:
            return list(session.exec(select(Memory).where(Memory.user_id == user_id)
                                     .order_by(col(Memory.updated_at).desc())).all())

    def get(self, user_id: str, memory_id: str) -> Memory:
        """The user's memory, or a 404 error: another user's id is as unknown as a made-up one."""
        self.settle(user_id)
        with Session(self.db) as session:
            memory = session.exec(select(Memory).where(Memory.public_id == memory_id,
                                                       Memory.user_id == user_id)).first()
        if memory is None:
            raise MemoryInputError("memory_id", "not_found", f"no memory {memory_id!r} for this user", status=404)
        return memory

    def update(self, user_id: str, memory_id: str, text: object) -> Memory:
        """The user's correction: the new text replaces the old, which is kept in history."""
        clean = self.check_text(text)
        memory = self.get(user_id, memory_id)
        with Session(self.db, expire_on_commit=False) as session:
            memory = session.get(Memory, memory.id)
            _replace_text(memory, clean, memory.thread_id, "user")
            memory.updated_at = utcnow()
            session.add(memory)
            self._commit_with_vectors(session, [memory])
        return memory

    def delete(self, user_id: str, memory_id: str) -> None:
        memory = self.get(user_id, memory_id)
        with Session(self.db) as session:
            row = session.get(Memory, memory.id)
            session.delete(row)
            session.flush()
            self.vectors.delete(user_id, [memory.public_id])  # raises: the row stays
            session.commit()

    def reindex(self, advance: Callable[[int], None] = lambda n: None, batch: int = 256) -> int:
        """Writes every memory in SQL (the truth) to the vector store again, user by user: after switching
        COACH_EMBEDDINGS, moving to a Chroma server, or losing the store's folder. Each user's collection is
        rebuilt, so vectors of memories deleted meanwhile go too. Returns how many memories were written."""
        with Session(self.db) as session:
            user_ids = list(session.exec(select(Memory.user_id).distinct()).all())
        written = 0
        for user_id in user_ids:
            memories = self.list(user_id)
            self.vectors.delete_user(user_id)
            for start in range(0, len(memories), batch):
                chunk = memories[start:start + batch]
                self.vectors.upsert(user_id, [m.public_id for m in chunk], [m.text for m in chunk],
                                    [self._metadata(m) for m in chunk])
                written += len(chunk)
                advance(len(chunk))
        return written

    def count_all(self) -> int:
        with Session(self.db) as session:
            return session.exec(select(func.count()).select_from(Memory)).one()

    def forget_user(self, user_id: str) -> None:
        """Every vector of the user (their SQL rows go with the account)."""
        self.settle(user_id)  # a write still pending would bring some back
        self.vectors.delete_user(user_id)

    # -- recall -----------------------------------------------------------------------------------------

    def recall(self, user_id: str, message: str, limit: int | None = None) -> list[Recalled]:
        """The user's memories relevant to `message`, best first, within the token budget. Raises
        VectorStoreDown; returns [] when the user turned memory off."""
        self.settle(user_id)
        if not self.enabled(user_id):
            return []
        hits = [h for h in self.vectors.query(user_id, message, limit or self.settings.memory_recall_limit)
                if h.similarity >= RELEVANT]
        if not hits:
            return []
        with Session(self.db) as session:
            rows = self._owned(session, user_id, [h.id for h in hits])
        recalled, budget = [], self.settings.memory_token_budget * CHARS_PER_TOKEN
        for hit in hits:
            memory = rows.get(hit.id)  # SQL is the truth: a vector whose row is gone is skipped
            if memory is None or len(memory.text) > budget:
                continue
            budget -= len(memory.text)
            recalled.append(Recalled(memory.public_id, memory.kind, memory.topic, memory.text, memory.thread_id,
                                     memory.updated_at, hit.similarity))
        return recalled

    # -- a chat turn (agent/graph.py's TurnMemory) ------------------------------------------------------

    def recall_for_turn(self, user_id: str, thread_id: str, message: str) -> list[dict[str, Any]]:
        """Memories from other conversations relevant to the message (this one's are in its history). A vector
        store that is down means no recall this turn: logged, not an error."""
        try:
            recalled = self.recall(user_id, message)
        except VectorStoreDown as exc:
            log.warning("answering without recall: %s", exc)
            return []
        return [r.as_dict() for r in recalled if r.thread_id != thread_id]

    def remember_turn(self, user_id: str, thread_id: str, message: str) -> None:
        """The memory step after a turn: the durable things the message says (memory/facts.py, or Gemini), stored;
        in the background when there is a WriteBehind. A vector store that is down means nothing is written this
        turn: logged, the chat goes on."""
        if self.write_behind is None:
            self._remember_turn_now(user_id, thread_id, message)
        else:
            self.write_behind.submit(user_id, lambda: self._remember_turn_now(user_id, thread_id, message))

    def _remember_turn_now(self, user_id: str, thread_id: str, message: str) -> None:
        if not self.enabled(user_id):  # checked when the write runs: a switch turned off meanwhile is obeyed
            return
        candidates = [NewMemory(c.kind, c.text, c.topic) for c in self.extract(message)]
        try:
            self._store(user_id, candidates, thread_id, "chat")
            self._summarise(user_id, thread_id, message)
        except VectorStoreDown as exc:
            log.warning("nothing remembered from this turn: %s", exc)

    def _summarise(self, user_id: str, thread_id: str, message: str) -> None:
        """The conversation's summary memory, with this message's question added (one memory per conversation,
        rewritten in place: the history of a summary is the conversation itself)."""
        question = question_in(message)
        if question is None:
            return
        with Session(self.db, expire_on_commit=False) as session:
            memory = session.exec(select(Memory).where(Memory.user_id == user_id, Memory.kind == "summary",
                                                       Memory.thread_id == thread_id)).first()
            text = summary_with(memory.text if memory else None, question)
            if memory is None:
                memory = Memory(user_id=user_id, kind="summary", text=text, thread_id=thread_id, source="chat")
            memory.text, memory.updated_at = text, utcnow()
            session.add(memory)
            self._commit_with_vectors(session, [memory], self.vectors.embed_documents([text]))


def _replace_text(memory: Memory, text: str, thread_id: str | None, source: str) -> None:
    """A newer statement of the memory; the older text moves to its history."""
    if memory.text == text:
        return
    memory.history = [*(memory.history or []), {"text": memory.text, "thread_id": memory.thread_id,
                                                "replaced_at": utcnow().isoformat()}]
    memory.text, memory.thread_id, memory.source = text, thread_id, source
