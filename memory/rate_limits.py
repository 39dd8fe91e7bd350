"""A sliding-window rate limit counted in SQL, so every worker process (and host) counts the same attempts.

Keys name what is counted ("login-failures:ana@example.com"); only their SHA-256 is stored, so the table holds no
e-mail or client address (and erasing an account leaves nothing of it here)."""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import delete, func
from sqlalchemy.engine import Engine
from sqlmodel import select

from memory.auth_sessions import token_hash
from memory.db import session_scope
from memory.models import RateLimitEvent, as_utc, utcnow


KEPT = timedelta(days=1)  # longer than every window in use


class RateLimited(Exception):
    def __init__(self, retry_after_s: int):
        super().__init__(f"too many attempts; try again in {retry_after_s} s")
        self.retry_after_s = retry_after_s


def check(db: Engine, key: str, limit: int, window: timedelta) -> None:
    """RateLimited (with the seconds until an attempt leaves the window) when `key` already has `limit` attempts
    within `window`."""
    since = utcnow() - window
    with session_scope(db) as session:
        count, oldest = session.exec(select(func.count(), func.min(RateLimitEvent.at))
                                     .where(RateLimitEvent.key == token_hash(key), RateLimitEvent.at > since)).one()
    if count >= limit:
        raise RateLimited(max(1, math.ceil((as_utc(oldest) + window - utcnow()).total_seconds())))


def record(db: Engine, key: str, window: timedelta) -> None:
    """Count one attempt under `key`; attempts older than any window (a day) are forgotten, whatever their key."""
    with session_scope(db) as session:
        session.execute(delete(RateLimitEvent).where(RateLimitEvent.at <= utcnow() - max(window, KEPT)))
        session.add(RateLimitEvent(key=token_hash(key)))


def clear(db: Engine, key: str) -> None:
    with session_scope(db) as session:
        session.execute(delete(RateLimitEvent).where(RateLimitEvent.key == token_hash(key)))
