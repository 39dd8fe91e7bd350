"""The account stores on their own: a link redeemed by many requests at once works once; rate-limit windows slide;
a session's tokens stop with it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session

from agent.settings import Settings
from memory import rate_limits
from memory.auth_sessions import SessionEnded, active_session, open_session, revoke_all, rotate
from memory.db import create_db_engine
from memory.email_links import Purpose, TokenRefused, issue, redeem
from memory.models import RateLimitEvent, User, utcnow
from memory.users import create_user


@pytest.fixture
def db(settings: Settings):
    engine = create_db_engine(settings.sqlalchemy_url)
    yield engine
    engine.dispose()


def test_a_link_opened_by_many_requests_at_once_works_once(db) -> None:
    user = create_user(db, email="ana@example.com", password_hash=None)
    token = issue(db, user, Purpose.reset_password, timedelta(minutes=30))

    def attempt(_: int) -> str:
        try:
            redeem(db, token, Purpose.reset_password)
            return "used"
        except TokenRefused as exc:
            return exc.code

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(attempt, range(16)))
    assert outcomes.count("used") == 1 and set(outcomes) == {"used", "link_used"}


def test_a_link_for_an_address_the_account_no_longer_has_is_refused(db) -> None:
    user = create_user(db, email="ana@example.com", password_hash=None)
    token = issue(db, user, Purpose.verify_email, timedelta(hours=1))
    with Session(db) as session:
        session.execute(update(User).where(User.id == user.id).values(email="new@example.com"))
        session.commit()
    with pytest.raises(TokenRefused) as refused:
        redeem(db, token, Purpose.verify_email)
    assert refused.value.code == "invalid_link"


def test_the_window_slides(db) -> None:
    window = timedelta(minutes=15)
    for _ in range(3):
        rate_limits.record(db, "login-failures:ana@example.com", window)
    with pytest.raises(rate_limits.RateLimited) as limited:
        rate_limits.check(db, "login-failures:ana@example.com", 3, window)
    assert 0 < limited.value.retry_after_s <= 15 * 60
    rate_limits.check(db, "login-failures:bo@example.com", 3, window)  # another key is free
    with Session(db) as session:  # sixteen minutes later
        session.execute(update(RateLimitEvent).values(at=utcnow() - timedelta(minutes=16)))
        session.commit()
    rate_limits.check(db, "login-failures:ana@example.com", 3, window)


def test_a_rotated_session_keeps_its_user_and_ends_with_revocation(db) -> None:
    user = create_user(db, email="ana@example.com", password_hash=None)
    opened = open_session(db, user, timedelta(days=1))
    rotated = rotate(db, opened.refresh_token, timedelta(days=1))
    assert rotated.session.id == opened.session.id and rotated.user.id == user.id
    assert revoke_all(db, user.id, "test") == 1
    with pytest.raises(SessionEnded):
        active_session(db, opened.session.id, user.id)
    with pytest.raises(SessionEnded):
        rotate(db, rotated.refresh_token, timedelta(days=1))
