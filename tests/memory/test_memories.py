"""Career memory on a real database (SQLite and PostgreSQL) and a real embedded chromadb: writing with topics,
duplicates and history, recall by meaning from the user's own collection, the user's edits, the switch, and a vector store
that fails (nothing written half)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from agent.settings import Settings
from memory.db import create_db_engine
from memory.memories import CareerMemory, MemoryInputError, NewMemory
from memory.models import Memory
from memory.users import create_user
from memory.vector_store import VectorStore, VectorStoreDown


@pytest.fixture
def memory(settings: Settings) -> Iterator[CareerMemory]:
    engine = create_db_engine(settings.sqlalchemy_url)
    yield CareerMemory(engine, VectorStore(settings), settings)
    engine.dispose()


def user(memory: CareerMemory) -> str:
    return create_user(memory.db, email=None, password_hash=None).id


def rows(memory: CareerMemory, user_id: str) -> list[Memory]:
    with Session(memory.db) as session:
        return list(session.exec(select(Memory).where(Memory.user_id == user_id)).all())


def test_recall_finds_by_meaning_and_never_crosses_users(memory: CareerMemory) -> None:
    anna, ben = user(memory), user(memory)
    memory.remember(anna, [NewMemory("constraint", "can't relocate before June", "relocation"),
                           NewMemory("preference", "prefers remote work", "work_mode"),
                           NewMemory("background", "has 5 years of experience as a nurse")], thread_id="t1")
    memory.remember(ben, [NewMemory("constraint", "can't relocate until my lease ends", "relocation")])
    found = memory.recall(anna, "Should I take a job offer in Seattle that starts in March?")
    assert found and found[0].text == "can't relocate before June" and found[0].thread_id == "t1"
    assert all(r.id in {m.public_id for m in rows(memory, anna)} for r in found)
    assert "lease" not in " ".join(r.text for r in found)
    assert memory.recall(anna, "what is the capital of France?") == []  # nothing relevant


def test_a_topic_holds_one_memory_and_keeps_its_history(memory: CareerMemory) -> None:
    anna = user(memory)
    memory.remember(anna, [NewMemory("preference", "prefers remote work", "work_mode")], thread_id="t1")
    memory.remember(anna, [NewMemory("preference", "prefers hybrid work, two days in the office", "work_mode")],
                    thread_id="t2")
    [row] = rows(memory, anna)
    assert row.text == "prefers hybrid work, two days in the office" and row.thread_id == "t2"
    assert [h["text"] for h in row.history] == ["prefers remote work"]
    assert memory.vectors.count(anna) == 1
    assert memory.recall(anna, "do I want to work from the office?")[0].text.startswith("prefers hybrid")


def test_saying_the_same_thing_again_refreshes_rather_than_duplicates(memory: CareerMemory) -> None:
    anna = user(memory)
    memory.remember(anna, [NewMemory("background", "studied economics at university")])
    memory.remember(anna, [NewMemory("background", "studied economics at university.")])
    assert len(rows(memory, anna)) == 1 and memory.vectors.count(anna) == 1


def test_the_user_edits_deletes_and_owns_their_memories(memory: CareerMemory) -> None:
    anna, ben = user(memory), user(memory)
    [note] = memory.remember(anna, [NewMemory("note", "wants a team of at most ten")], source="user")
    with pytest.raises(MemoryInputError) as error:
        memory.update(ben, note.public_id, "hijacked")
    assert error.value.status == 404 and error.value.field == "memory_id"
    with pytest.raises(MemoryInputError):
        memory.delete(ben, note.public_id)
    edited = memory.update(anna, note.public_id, "wants a team of at most eight")
    assert edited.text == "wants a team of at most eight" and edited.history[0]["text"] == "wants a team of at most ten"
    assert memory.recall(anna, "how big a team do I want to lead?")[0].text == "wants a team of at most eight"
    memory.delete(anna, note.public_id)
    assert rows(memory, anna) == [] and memory.vectors.count(anna) == 0


@pytest.mark.parametrize("text, field, status", [("", "text", 422), ("   ", "text", 422), ("x" * 1001, "text", 413)])
def test_bad_text_is_refused_and_nothing_is_stored(memory: CareerMemory, text: str, field: str, status: int) -> None:
    anna = user(memory)
    with pytest.raises(MemoryInputError) as error:
        memory.remember(anna, [NewMemory("note", text)])
    assert (error.value.field, error.value.status) == (field, status)
    assert rows(memory, anna) == []


def test_memory_off_means_no_recall_and_no_writing_from_chat(memory: CareerMemory) -> None:
    anna = user(memory)
    memory.remember(anna, [NewMemory("constraint", "can't relocate before June", "relocation")])
    memory.set_enabled(anna, False)
    assert memory.recall(anna, "can I move to Seattle?") == []
    memory.remember_turn(anna, "t9", "I prefer remote work and I live in Denver.")
    assert len(rows(memory, anna)) == 1  # what was stored stays until deleted
    memory.set_enabled(anna, True)
    assert memory.recall(anna, "can I move to Seattle?")


class BrokenVectors(VectorStore):
    def _call(self, what, *args, **kwargs):
        raise VectorStoreDown(f"vector store {what} failed: connection refused")


def test_a_vector_store_that_is_down_writes_nothing_and_recall_goes_quiet(settings: Settings,
                                                                           memory: CareerMemory) -> None:
    anna = user(memory)
    [kept] = memory.remember(anna, [NewMemory("preference", "prefers remote work", "work_mode")])
    broken = CareerMemory(memory.db, BrokenVectors(settings), settings)
    with pytest.raises(VectorStoreDown):
        broken.remember(anna, [NewMemory("goal", "wants to become a product manager")])
    with pytest.raises(VectorStoreDown):
        broken.update(anna, kept.public_id, "prefers on-site work")
    with pytest.raises(VectorStoreDown):
        broken.delete(anna, kept.public_id)
    [row] = rows(memory, anna)
    assert row.text == "prefers remote work" and row.history == []
    assert broken.recall_for_turn(anna, "t1", "should I work remotely?") == []  # logged, not raised
    broken.remember_turn(anna, "t1", "I want to become a product manager.")  # logged, not raised
    assert len(rows(memory, anna)) == 1


def test_reindex_rebuilds_the_vectors_from_sql(settings: Settings, memory: CareerMemory) -> None:
    anna, ben = user(memory), user(memory)
    memory.remember(anna, [NewMemory("constraint", "can't relocate before June", "relocation"),
                           NewMemory("preference", "prefers remote work", "work_mode")])
    memory.remember(ben, [NewMemory("goal", "wants to become a product manager")])
    for owner in (anna, ben):
        memory.vectors.delete_user(owner)  # the store lost (or a new embedding model chosen)
    assert memory.recall(anna, "should I move to Seattle in March?") == []
    advanced: list[int] = []

    assert memory.reindex(advanced.append, batch=1) == 3 == memory.count_all() == sum(advanced)

    assert memory.recall(anna, "should I move to Seattle in March?")[0].text == "can't relocate before June"
    assert (memory.vectors.count(anna), memory.vectors.count(ben)) == (2, 1)
    assert all(r.id in {m.public_id for m in rows(memory, anna)} for r in memory.recall(anna, "remote work?"))


def test_the_vector_store_keeps_vectors_but_never_the_text(settings: Settings, memory: CareerMemory) -> None:
    anna = user(memory)
    memory.remember(anna, [NewMemory("fact", "earns 91,250 dollars at Initech")])
    stored = b"".join(path.read_bytes() for path in (settings.data_dir / "chroma").rglob("*") if path.is_file())
    assert stored and b"Initech" not in stored and b"91,250" not in stored
    assert memory.recall(anna, "how much do I make at my current job?")[0].text == "earns 91,250 dollars at Initech"


def test_each_conversation_is_summarised_by_what_was_asked_and_recalled_in_another(memory: CareerMemory) -> None:
    anna = user(memory)
    memory.remember_turn(anna, "t1", "What do nurses make in Denver?")
    memory.remember_turn(anna, "t1", "thanks, that helps")  # asks nothing
    memory.remember_turn(anna, "t1", "Should I relocate to Seattle for a job?")
    memory.remember_turn(anna, "t2", "Find me a course on SQL")
    summaries = {m.thread_id: m.text for m in rows(memory, anna) if m.kind == "summary"}
    assert summaries == {"t1": "asked: what do nurses make in Denver?; should I relocate to Seattle for a job?",
                         "t2": "asked: find me a course on SQL"}
    recalled = memory.recall_for_turn(anna, "t3", "how much do nurses earn in Denver?")
    assert recalled[0]["kind"] == "summary" and recalled[0]["thread_id"] == "t1"
    assert all(r["thread_id"] != "t3" for r in recalled)
