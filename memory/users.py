"""User accounts in SQL."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import select

from memory.db import session_scope
from memory.models import Role, User


def create_user(db: Engine, *, email: str | None, password_hash: str | None, role: Role = Role.student,
                is_guest: bool = False) -> User:
    with session_scope(db) as session:
        user = User(email=email, password_hash=password_hash, role=role.value, is_guest=is_guest)
        session.add(user)
        session.flush()
        return user


def get_user(db: Engine, user_id: str) -> User | None:
    with session_scope(db) as session:
        return session.get(User, user_id)


def get_user_by_email(db: Engine, email: str) -> User | None:
    with session_scope(db) as session:
        return session.exec(select(User).where(User.email == email)).first()


def claim_guest(db: Engine, user_id: str, *, email: str, password_hash: str) -> User:
    """Turn a guest into a registered user in place, so everything it owns stays its own."""
    with session_scope(db) as session:
        user = session.get(User, user_id)
        user.email, user.password_hash, user.is_guest = email, password_hash, False
        session.add(user)
        session.flush()
        return user
