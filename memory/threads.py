"""Chat threads: who owns which conversation. The messages themselves are in the LangGraph checkpointer."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from memory.db import session_scope
from memory.models import ChatThread, utcnow

TITLE_CHARS = 60


def title_from(message: str) -> str:
    text = " ".join(message.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def create_thread(db: Engine, user_id: str, title: str) -> ChatThread:
    with session_scope(db) as session:
        thread = ChatThread(user_id=user_id, title=title)
        session.add(thread)
        session.flush()
        return thread


def get_owned_thread(db: Engine, user_id: str, thread_id: str) -> ChatThread | None:
    """The thread if this user owns it; None for an unknown id and for someone else's thread alike."""
    with session_scope(db) as session:
        thread = session.get(ChatThread, thread_id)
        return thread if thread is not None and thread.user_id == user_id else None


def list_threads(db: Engine, user_id: str) -> list[ChatThread]:
    with session_scope(db) as session:
        statement = select(ChatThread).where(ChatThread.user_id == user_id).order_by(col(ChatThread.updated_at).desc())
        return list(session.exec(statement).all())


def touch_thread(db: Engine, thread_id: str) -> None:
    with session_scope(db) as session:
        thread = session.get(ChatThread, thread_id)
        if thread is not None:
            thread.updated_at = utcnow()
            session.add(thread)


def delete_thread(db: Engine, thread_id: str) -> None:
    with session_scope(db) as session:
        thread = session.get(ChatThread, thread_id)
        if thread is not None:
            session.delete(thread)
