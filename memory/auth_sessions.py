"""Signed-in sessions in SQL: one row per device, with a rotating refresh token stored as a hash.

Access tokens are short-lived JWTs that name their session; a request is served only while that session is open,
so logging out, a password change or an admin's deactivation ends access at once, not when the token expires.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from memory.db import session_scope
from memory.models import AuthSession, User, as_utc, utcnow

# A refresh token used again shortly after it was rotated is most likely a second tab racing the first, not theft:
# it is refused without ending the session (the client picks up the new token the other tab stored).
ROTATION_GRACE = timedelta(seconds=30)


class Refused(Exception):
    """A credential refused (a session, a refresh token, an e-mailed link): a stable code and a message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class SessionEnded(Refused):
    """The session is gone, ended or expired, or the refresh token is not its current one."""


@dataclass(frozen=True)
class OpenedSession:
    session: AuthSession
    user: User
    refresh_token: str  # shown once: only its hash is stored


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(db: Engine, user: User, ttl: timedelta, user_agent: str | None = None) -> OpenedSession:
    refresh = secrets.token_urlsafe(32)
    with session_scope(db) as session:
        row = AuthSession(user_id=user.id, refresh_hash=token_hash(refresh), expires_at=utcnow() + ttl,
                          user_agent=(user_agent or "")[:200] or None)
        session.add(row)
        session.flush()
        return OpenedSession(row, user, refresh)


def active_session(db: Engine, session_id: str, user_id: str) -> tuple[AuthSession, User]:
    """The open session and its user for an access token's claims; SessionEnded when either is gone."""
    with session_scope(db) as session:
        row = session.get(AuthSession, session_id)
        user = session.get(User, user_id)
        if row is None or user is None or row.user_id != user_id:
            raise SessionEnded("invalid_token", "the session for this token no longer exists; sign in again")
        _check_open(row, user)
        return row, user


def _check_open(row: AuthSession, user: User) -> None:
    """SessionEnded unless the account is active and the session neither ended nor expired."""
    if not user.is_active:
        raise SessionEnded("account_deactivated", "this account has been deactivated")
    if row.revoked_at is not None:
        raise SessionEnded("session_ended", f"this session has ended ({row.revoked_reason}); sign in again")
    if as_utc(row.expires_at) <= utcnow():
        raise SessionEnded("session_ended", "this session has expired; sign in again")


def rotate(db: Engine, refresh_token: str, ttl: timedelta) -> OpenedSession:
    """A new refresh token for the session holding `refresh_token` (which stops working). An older token of a
    session used again after the grace period ends that session: someone else may hold it."""
    digest = token_hash(refresh_token)
    with session_scope(db) as session:
        row = session.exec(select(AuthSession).where(AuthSession.refresh_hash == digest)).first()
        if row is None:
            _refuse_old_token(session, digest)
        user = session.get(User, row.user_id)
        _check_open(row, user)
        refresh = secrets.token_urlsafe(32)
        row.previous_refresh_hash, row.refresh_hash = row.refresh_hash, token_hash(refresh)
        row.last_used_at, row.expires_at = utcnow(), utcnow() + ttl
        session.add(row)
        session.flush()
        return OpenedSession(row, user, refresh)


def _refuse_old_token(session: Session, digest: str) -> None:
    """SessionEnded for a refresh token that is not a session's current one; a session's previous token used after
    the grace period ends that session (committed here, before raising, which would roll it back)."""
    row = session.exec(select(AuthSession).where(AuthSession.previous_refresh_hash == digest)).first()
    if row is None:
        raise SessionEnded("invalid_refresh_token", "this refresh token is not valid; sign in again")
    if row.revoked_at is None and utcnow() - as_utc(row.last_used_at) <= ROTATION_GRACE:
        raise SessionEnded("refresh_token_superseded", "this refresh token was just replaced; use the newer one")
    if row.revoked_at is None:
        row.revoked_at, row.revoked_reason = utcnow(), "reuse"
        session.add(row)
        session.commit()
    raise SessionEnded("refresh_token_reused", "this refresh token was already used; the session has been ended "
                                               "to be safe; sign in again")


def revoke(db: Engine, user_id: str, session_id: str, reason: str) -> bool:
    """End one of the user's sessions; False when they have no such open session."""
    with session_scope(db) as session:
        row = session.get(AuthSession, session_id)
        if row is None or row.user_id != user_id or row.revoked_at is not None:
            return False
        row.revoked_at, row.revoked_reason = utcnow(), reason
        session.add(row)
        return True


def revoke_all(db: Engine, user_id: str, reason: str, keep: str | None = None) -> int:
    """End every open session of the user except `keep`; how many ended."""
    with session_scope(db) as session:
        rows = session.exec(select(AuthSession).where(AuthSession.user_id == user_id,
                                                      AuthSession.revoked_at.is_(None))).all()
        ended = [row for row in rows if row.id != keep]
        for row in ended:
            row.revoked_at, row.revoked_reason = utcnow(), reason
            session.add(row)
        return len(ended)


def open_sessions(db: Engine, user_id: str) -> list[AuthSession]:
    now = utcnow()
    with session_scope(db) as session:
        rows = session.exec(select(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
                            .order_by(AuthSession.last_used_at.desc())).all()
        return [row for row in rows if as_utc(row.expires_at) > now]

