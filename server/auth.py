"""Passwords (argon2) and bearer tokens: a short-lived signed JWT naming its session, and a refresh token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from agent.settings import Settings
from memory.auth_sessions import OpenedSession, open_session, rotate
from memory.models import User, as_utc
from server.errors import ApiError

_hasher = PasswordHasher()
_ALGORITHM = "HS256"


@dataclass(frozen=True)
class Claims:
    user_id: str
    session_id: str


@dataclass(frozen=True)
class Tokens:
    access_token: str
    expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime
    user: User


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def sign_in(settings: Settings, db: Engine, user: User, user_agent: str | None = None) -> Tokens:
    """A new session for the user, and its tokens."""
    return _tokens(settings, open_session(db, user, timedelta(days=settings.refresh_ttl_days), user_agent))


def refresh(settings: Settings, db: Engine, refresh_token: str) -> Tokens:
    """New tokens for the session of `refresh_token` (SessionEnded when it is not valid any more)."""
    return _tokens(settings, rotate(db, refresh_token, timedelta(days=settings.refresh_ttl_days)))


def _tokens(settings: Settings, opened: OpenedSession) -> Tokens:
    now = datetime.now(timezone.utc)
    expires = now + timedelta(minutes=settings.token_ttl_minutes)
    claims = {"sub": opened.user.id, "sid": opened.session.id, "role": opened.user.role, "exp": expires, "iat": now}
    return Tokens(jwt.encode(claims, settings.signing_key, algorithm=_ALGORITHM), expires, opened.refresh_token,
                  as_utc(opened.session.expires_at), opened.user)


def read_token(settings: Settings, token: str) -> Claims:
    """The user and session an access token names; a 401 for an expired, forged or malformed one."""
    try:
        claims = jwt.decode(token, settings.signing_key, algorithms=[_ALGORITHM],
                            options={"require": ["sub", "sid", "exp"]})
    except jwt.ExpiredSignatureError as exc:
        raise ApiError(401, "token_expired", "the access token has expired; refresh it or sign in again",
                       "Authorization") from exc
    except jwt.InvalidTokenError as exc:
        raise ApiError(401, "invalid_token", "the access token is not valid", "Authorization") from exc
    return Claims(str(claims["sub"]), str(claims["sid"]))
