"""Passwords (argon2) and bearer tokens (signed JWT with expiry)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from agent.settings import Settings

_hasher = PasswordHasher()
_ALGORITHM = "HS256"


class TokenError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def issue_token(settings: Settings, user_id: str, role: str) -> tuple[str, datetime]:
    expires = datetime.now(timezone.utc) + timedelta(minutes=settings.token_ttl_minutes)
    token = jwt.encode({"sub": user_id, "role": role, "exp": expires, "iat": datetime.now(timezone.utc)},
                       settings.signing_key, algorithm=_ALGORITHM)
    return token, expires


def read_token(settings: Settings, token: str) -> str:
    """The user id in a valid token; TokenError for an expired, forged or malformed one."""
    try:
        claims = jwt.decode(token, settings.signing_key, algorithms=[_ALGORITHM], options={"require": ["sub", "exp"]})
    except jwt.ExpiredSignatureError as exc:
        raise TokenError("token_expired", "the access token has expired; sign in again") from exc
    except jwt.InvalidTokenError as exc:
        raise TokenError("invalid_token", "the access token is not valid") from exc
    return str(claims["sub"])
