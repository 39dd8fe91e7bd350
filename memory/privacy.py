"""The user's control over their data: export all of it as JSON, or erase all of it.

What belongs to a user is found from the schema, not listed by hand, so a table added later is exported and
erased without touching this file: every table with a foreign key to `users` (user_id, mentor_id, ...), and
every table with a foreign key to such a table (rows reached through a parent the user owns), recursively.
The conversations' messages live in the LangGraph checkpointer under each chat thread's id.

Erasure order, chosen so that a failure can simply be retried: the stores outside the SQL transaction
(vector store, checkpoints) first, since deleting there again is harmless; then every SQL row in one
transaction, the user row last. Until that commits the account and its token still work, so a user whose
erasure failed half-way can ask again."""

from __future__ import annotations

import asyncio
import base64
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy import Column, ColumnElement, MetaData, Table, delete, or_, select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from memory import models  # noqa: F401  (registers every table in SQLModel.metadata)
from memory.models import ChatThread, User, as_utc, utcnow
from memory.threads import list_threads

log = logging.getLogger(__name__)

EXPORT_FORMAT = "smartjobfit-export"
EXPORT_VERSION = 1
# Columns never exported, in any table: credentials and anything named like one.
SECRET_COLUMN = re.compile(r"password|secret|token|hash|api_?key", re.IGNORECASE)

# A user's rows in one table: a SQL condition for a user id.
Ownership = Callable[[str], ColumnElement[bool]]
# The messages of one conversation as its owner sees them (CoachService.thread_messages).
MessagesReader = Callable[[str], Awaitable[list[dict[str, Any]]]]


def owned_tables(metadata: MetaData | None = None, users: Table | None = None) -> dict[Table, Ownership]:
    """Every table holding rows of a user, parents before children, each with the condition that selects
    a user's rows: a foreign key to the users table, or to a table already known to hold the user's rows."""
    metadata = metadata if metadata is not None else SQLModel.metadata
    users = users if users is not None else User.__table__
    owned: dict[Table, Ownership] = {}
    for table in metadata.sorted_tables:  # sorted by foreign-key dependency: a parent comes before its children
        if table is users:
            continue
        ways = [_direct(fk.parent) if fk.column.table is users else _through(fk.parent, fk.column, owned[fk.column.table])
                for fk in table.foreign_keys if fk.column.table is users or fk.column.table in owned]
        if ways:
            owned[table] = _any_of(ways)
    return owned


def _direct(column: Column) -> Ownership:
    return lambda user_id: column == user_id


def _through(column: Column, parent_key: Column, parent_owned: Ownership) -> Ownership:
    return lambda user_id: column.in_(select(parent_key).where(parent_owned(user_id)))


def _any_of(ways: list[Ownership]) -> Ownership:
    # A row is the user's when any of its references is (mentorship_matches: as mentor or as mentee).
    return lambda user_id: or_(*(way(user_id) for way in ways))


# -- export ---------------------------------------------------------------------------------------------------


def export_tables(db: Engine, user_id: str, metadata: MetaData | None = None,
                  users: Table | None = None) -> dict[str, Any]:
    """The SQL part of the export: the user's account (without secrets) and their rows of every owned table,
    by table name (an empty list where they have none)."""
    users = users if users is not None else User.__table__
    with db.connect() as connection:
        account = connection.execute(select(users).where(users.c.id == user_id)).mappings().first()
        tables = {table.name: _rows(connection, table, condition(user_id))
                  for table, condition in owned_tables(metadata, users).items()}
    return {"user": _public(account) if account is not None else None, "tables": tables}


def _rows(connection: Connection, table: Table, condition: ColumnElement[bool]) -> list[dict[str, Any]]:
    statement = select(table).where(condition).order_by(*table.primary_key.columns)
    return [_public(row) for row in connection.execute(statement).mappings()]


def _public(row: Any) -> dict[str, Any]:
    return {name: jsonable(value) for name, value in row.items() if not SECRET_COLUMN.search(name)}


def jsonable(value: Any) -> Any:
    """A column value as JSON: datetimes and dates as ISO 8601 strings."""
    if isinstance(value, datetime):
        # SQLite gives back the UTC timestamps the app stored without their zone: say it is UTC.
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


async def export_user(db: Engine, user_id: str, thread_messages: MessagesReader | None = None) -> dict[str, Any]:
    """Everything stored about the user, as one JSON-able dict: the account, every owned table's rows, and
    each conversation with its messages. A user with nothing stored gets every section, empty."""
    # SQL in a worker thread: a blocking call on the event loop would stall the async checkpointer.
    sql = await asyncio.to_thread(export_tables, db, user_id)
    conversations = []
    for thread in sql["tables"].get(ChatThread.__tablename__, []):
        messages = await thread_messages(thread["id"]) if thread_messages is not None else []
        conversations.append({"thread_id": thread["id"], "title": thread["title"], "messages": jsonable(messages)})
    return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported_at": jsonable(utcnow()),
            "user": sql["user"], "tables": sql["tables"], "conversations": conversations}


# -- erasure --------------------------------------------------------------------------------------------------


def erase_tables(db: Engine, user_id: str, metadata: MetaData | None = None,
                 users: Table | None = None) -> tuple[dict[str, int], list[str]]:
    """Delete every SQL row of the user in one transaction: children before their parents, the user row last.
    Returns the rows deleted by table, and the user's thread ids as found inside the transaction."""
    users = users if users is not None else User.__table__
    owned = owned_tables(metadata, users)
    with db.begin() as connection:
        found_threads: list[str] = []
        threads = ChatThread.__table__
        if threads in owned:
            found_threads = list(connection.execute(select(threads.c.id).where(threads.c.user_id == user_id)).scalars())
        deleted = {table.name: connection.execute(delete(table).where(condition(user_id))).rowcount
                   for table, condition in reversed(owned.items())}
        deleted[users.name] = connection.execute(delete(users).where(users.c.id == user_id)).rowcount
    return deleted, found_threads


async def erase_user(db: Engine, user_id: str, checkpointer: BaseCheckpointSaver | None = None,
                     forget_vectors: Callable[[str], None] | None = None) -> dict[str, int]:
    """Erase everything of the user: their vectors (`forget_vectors`), the checkpoints of each of their
    conversations, and every SQL row, the account last. Nothing of another user is touched. Returns the rows
    deleted by table, plus `checkpoint_threads`. An error in the vector store or the checkpointer is raised
    before any SQL row is deleted, so the account is intact and the erasure can be retried."""

    async def forget_outside_sql(threads: list[str]) -> None:
        if forget_vectors is not None:
            await asyncio.to_thread(forget_vectors, user_id)
        if checkpointer is not None:
            for thread_id in threads:
                await checkpointer.adelete_thread(thread_id)

    listed = [thread.id for thread in await asyncio.to_thread(list_threads, db, user_id)]
    await forget_outside_sql(listed)
    deleted, found = await asyncio.to_thread(erase_tables, db, user_id)
    threads = list(dict.fromkeys([*listed, *found]))
    # A chat turn running meanwhile may have written a checkpoint or a memory after the first pass: sweep once
    # more. The account is gone by now, so a failure here can only be logged.
    try:
        await forget_outside_sql(threads)
    except Exception:
        log.exception("user %s erased from SQL, but the final sweep of checkpoints and vectors failed", user_id)
    deleted["checkpoint_threads"] = len(threads) if checkpointer is not None else 0
    log.info("erased user %s: %s", user_id, {name: count for name, count in deleted.items() if count})
    return deleted
