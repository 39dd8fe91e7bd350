"""Accounts: signing in within rate limits, e-mail verification and password reset by single-use links, password
changes that end the other sessions. The auth router is a thin layer over this."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from sqlalchemy.engine import Engine

from agent.settings import Settings
from memory import email_links, rate_limits
from memory.email_links import Purpose, TokenRefused
from memory.auth_sessions import revoke_all
from memory.db import session_scope
from memory.models import User, utcnow
from memory.rate_limits import RateLimited
from memory.users import get_user_by_email
from server.auth import Tokens, hash_password, sign_in, verify_password
from server.errors import ApiError
from server.mail import Mail, compose

# Verifying a password with argon2 takes tens of milliseconds; an unknown address pays the same, so the time
# taken does not tell which addresses have accounts.
_UNKNOWN_ACCOUNT_HASH = hash_password("no account has this password")


def _limited(error: RateLimited, what: str) -> ApiError:
    return ApiError(429, "rate_limited", f"too many {what}; try again in {error.retry_after_s} s",
                    headers={"Retry-After": str(error.retry_after_s)})


def log_in(settings: Settings, db: Engine, email: str, password: str, client: str,
           user_agent: str | None) -> Tokens:
    window = timedelta(minutes=settings.login_window_minutes)
    email_key, client_key = f"login-failures:{email}", f"logins:{client}"
    try:
        rate_limits.check(db, client_key, settings.logins_per_client, window)
        rate_limits.check(db, email_key, settings.login_failures_per_email, window)
    except RateLimited as exc:
        raise _limited(exc, "sign-in attempts") from exc
    rate_limits.record(db, client_key, window)
    user = get_user_by_email(db, email)
    if user is None:
        verify_password(_UNKNOWN_ACCOUNT_HASH, password)
    if user is None or not verify_password(user.password_hash, password):
        rate_limits.record(db, email_key, window)
        raise ApiError(401, "invalid_credentials", "wrong email or password", "password")
    if not user.is_active:
        raise ApiError(403, "account_deactivated", "this account has been deactivated; contact the admins",
                           "email")
    rate_limits.clear(db, email_key)
    return sign_in(settings, db, user, user_agent)


def _link(settings: Settings, page: str, token: str) -> str:
    return f"{settings.base_url}/{page}?token={quote(token)}"


def _count_mail(settings: Settings, db: Engine, purpose: Purpose, email: str, client: str) -> None:
    hour = timedelta(hours=1)
    keys = ((f"mail:{purpose.value}:{email}", settings.account_emails_per_hour),
            (f"mail:client:{client}", settings.account_emails_per_hour * 5))
    try:
        for key, limit in keys:
            rate_limits.check(db, key, limit, hour)
    except RateLimited as exc:
        raise _limited(exc, "e-mails asked for") from exc
    for key, _ in keys:
        rate_limits.record(db, key, hour)


def verification_mail(settings: Settings, db: Engine, user: User, client: str) -> Mail:
    if user.email_verified_at is not None:
        raise ApiError(409, "already_verified", f"{user.email} is already verified", "email")
    _count_mail(settings, db, Purpose.verify_email, user.email or "", client)
    ttl = timedelta(hours=settings.verify_email_ttl_hours)
    token = email_links.issue(db, user, Purpose.verify_email, ttl)
    return compose("verify_email", user.email or "", email=user.email or "",
                   link=_link(settings, "verify-email", token), hours=f"{settings.verify_email_ttl_hours:g}")


def verify_email(db: Engine, token: str) -> User:
    try:
        user, _ = email_links.redeem(db, token, Purpose.verify_email)
    except TokenRefused as exc:
        raise ApiError(400, exc.code, exc.message, "token") from exc
    return _set(db, user.id, email_verified_at=utcnow())


def reset_mail(settings: Settings, db: Engine, email: str, client: str) -> Mail | None:
    """The reset mail for the account with this address, or None when there is none (the caller answers the
    same either way, so the answer does not tell who has an account)."""
    _count_mail(settings, db, Purpose.reset_password, email, client)
    user = get_user_by_email(db, email)
    if user is None or not user.is_active:
        return None
    ttl = timedelta(minutes=settings.reset_password_ttl_minutes)
    token = email_links.issue(db, user, Purpose.reset_password, ttl)
    return compose("reset_password", email, email=email, link=_link(settings, "reset-password", token),
                   minutes=f"{settings.reset_password_ttl_minutes:g}")


def reset_password(db: Engine, token: str, new_password: str) -> int:
    """Set the password a reset link was sent for; every session ends. How many ended."""
    try:
        user, _ = email_links.redeem(db, token, Purpose.reset_password)
    except TokenRefused as exc:
        raise ApiError(400, exc.code, exc.message, "token") from exc
    # The link reached the mailbox, so the address is proven too.
    _set(db, user.id, password_hash=hash_password(new_password),
         email_verified_at=user.email_verified_at or utcnow())
    return revoke_all(db, user.id, "password_reset")


def change_password(db: Engine, user: User, session_id: str, current: str, new: str) -> int:
    """Change the password and end every other session (this one stays); how many ended."""
    if not verify_password(user.password_hash, current):
        raise ApiError(403, "wrong_password", "the current password is wrong", "current_password")
    if current == new:
        raise ApiError(422, "same_password", "the new password is the current one", "new_password")
    _set(db, user.id, password_hash=hash_password(new))
    return revoke_all(db, user.id, "password_changed", keep=session_id)


def _set(db: Engine, user_id: str, **values: object) -> User:
    with session_scope(db) as session:
        user = session.get(User, user_id)
        for name, value in values.items():
            setattr(user, name, value)
        session.add(user)
        session.flush()
        return user
