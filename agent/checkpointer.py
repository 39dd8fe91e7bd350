"""The LangGraph checkpointer on the same database as the SQL tables, so a thread survives a restart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy.engine import make_url


@asynccontextmanager
async def open_checkpointer(sqlalchemy_url: str) -> AsyncIterator[BaseCheckpointSaver]:
    url = make_url(sqlalchemy_url)
    if url.get_backend_name() == "sqlite":
        from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

        async with AsyncSqliteSaver.from_conn_string(url.database or ":memory:") as saver:
            await saver.setup()
            yield saver
        return
    if url.get_backend_name() == "postgresql":
        from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
        from psycopg.rows import dict_row
        from psycopg_pool import AsyncConnectionPool

        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        async with AsyncConnectionPool(conninfo, max_size=10, open=False,
                                       kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row}) as pool:
            saver = AsyncPostgresSaver(pool)
            await saver.setup()
            yield saver
        return
    raise ValueError(f"no checkpointer for database {url.get_backend_name()!r}")
