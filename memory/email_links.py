"""Single-use, expiring tokens for links sent by e-mail: verify an address, reset a password.

Only a token's SHA-256 hash is stored. Using one marks it used in the same transaction that checks it, so a link
works once even when it is opened twice at the same moment.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from enum import Enum

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import select

from memory.auth_sessions import Refused, token_hash
from memory.db import session_scope
from memory.models import EmailLink, User, as_utc, utcnow


class Purpose(str, Enum):
    verify_email = "verify_email"
    reset_password = "reset_password"


class TokenRefused(Refused):
    """The link is unknown, used, expired, for another purpose or for an old address."""


def issue(db: Engine, user: User, purpose: Purpose, ttl: timedelta) -> str:
    """A new token for the user's current address; earlier unused tokens for the same purpose stop working."""
    token = secrets.token_urlsafe(32)
    with session_scope(db) as session:
        session.execute(update(EmailLink)
                        .where(EmailLink.user_id == user.id, EmailLink.purpose == purpose.value,
                               EmailLink.used_at.is_(None))
                        .values(used_at=utcnow()))
        session.add(EmailLink(user_id=user.id, purpose=purpose.value, token_hash=token_hash(token),
                                 email=user.email or "", expires_at=utcnow() + ttl))
    return token


def redeem(db: Engine, token: str, purpose: Purpose) -> tuple[User, str]:
    """Use a token once: its user and the address it was sent to. TokenRefused when it is unknown, for another
    purpose, used, expired, or sent to an address the account no longer has."""
    with session_scope(db) as session:
        row = session.exec(select(EmailLink).where(EmailLink.token_hash == token_hash(token))).first()
        if row is None or row.purpose != purpose.value:
            raise TokenRefused("invalid_link", "this link is not valid; ask for a new one")
        if row.used_at is not None:
            raise TokenRefused("link_used", "this link has already been used (or a newer one was sent); "
                                            "ask for a new one")
        if as_utc(row.expires_at) <= utcnow():
            raise TokenRefused("link_expired", "this link has expired; ask for a new one")
        # The conditional UPDATE is what makes it single-use: of two requests racing here, only one changes a row.
        claimed = session.execute(update(EmailLink).where(EmailLink.id == row.id, EmailLink.used_at.is_(None))
                                  .values(used_at=utcnow())).rowcount
        if claimed != 1:
            raise TokenRefused("link_used", "this link has already been used; ask for a new one")
        user = session.get(User, row.user_id)
        if user is None or not user.is_active or (user.email or "") != row.email:
            raise TokenRefused("invalid_link", "this link no longer matches the account; ask for a new one")
        return user, row.email
