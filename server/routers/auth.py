"""Accounts: register, log in, or start as an anonymous guest (the widget's visitors); refresh and log out;
sessions; password change and reset; e-mail verification. A thin layer over server/accounts.py."""

from __future__ import annotations

import re
from datetime import datetime

from fastapi import APIRouter, BackgroundTasks, Request, Response, status
from pydantic import BaseModel, Field, field_validator

from memory.auth_sessions import SessionEnded, open_sessions, revoke, revoke_all
from memory.models import Role, User, as_utc
from memory.users import claim_guest, create_user, get_user_by_email
from server import accounts
from server.auth import Tokens, hash_password, refresh, sign_in
from server.deps import AccountHolder, CurrentSession, CurrentUser, Mailer, OptionalUser, Service, SettingsDep
from server.errors import ApiError
from server.mail import Mail, send_quietly

router = APIRouter(prefix="/api/auth", tags=["auth"])
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LIMITED = {429: {"description": "Too many attempts: wait the seconds in Retry-After."}}


def _email(value: str) -> str:
    value = value.strip().lower()
    if not _EMAIL.match(value):
        raise ValueError("not a valid email address")
    return value


class Credentials(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(min_length=8, max_length=256)

    _check_email = field_validator("email")(_email)


class LoginRequest(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=256)


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=200)


class LogoutRequest(BaseModel):
    everywhere: bool = Field(default=False, description="End every session of the account, not only this one.")


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=256)
    new_password: str = Field(min_length=8, max_length=256)


class EmailOnly(BaseModel):
    email: str = Field(max_length=320)

    _check_email = field_validator("email")(_email)


class LinkToken(BaseModel):
    token: str = Field(min_length=1, max_length=200)


class PasswordReset(LinkToken):
    new_password: str = Field(min_length=8, max_length=256)


class UserView(BaseModel):
    id: str
    email: str | None
    role: str
    is_guest: bool
    email_verified: bool
    created_at: datetime


class TokenResponse(BaseModel):
    token: str = Field(description="The access token: send it as `Authorization: Bearer <token>`.")
    token_type: str = "bearer"
    expires_at: datetime
    refresh_token: str = Field(description="Trade it at /api/auth/refresh for new tokens; it works once.")
    refresh_expires_at: datetime
    user: UserView


class SessionView(BaseModel):
    id: str
    user_agent: str | None
    created_at: datetime
    last_used_at: datetime
    current: bool


class SessionsEnded(BaseModel):
    sessions_ended: int


def user_view(user: User) -> UserView:
    return UserView(id=user.id, email=user.email, role=user.role, is_guest=user.is_guest,
                    email_verified=user.email_verified_at is not None, created_at=as_utc(user.created_at))


def _response(tokens: Tokens) -> TokenResponse:
    return TokenResponse(token=tokens.access_token, expires_at=tokens.expires_at, refresh_token=tokens.refresh_token,
                         refresh_expires_at=tokens.refresh_expires_at, user=user_view(tokens.user))


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _send_later(tasks: BackgroundTasks, mailer, mail: Mail | None) -> None:
    if mail is not None:
        tasks.add_task(send_quietly, mailer, mail)


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=TokenResponse)
def register(body: Credentials, request: Request, tasks: BackgroundTasks, service: Service, settings: SettingsDep,
             mailer: Mailer, caller: OptionalUser) -> TokenResponse:
    """Create an account; a link to confirm the address is e-mailed. Sent with a guest's token, the guest
    becomes the account and keeps what it has (conversations, profile), so a widget visitor who signs up loses
    nothing."""
    if get_user_by_email(service.db, body.email) is not None:
        raise ApiError(409, "email_taken", "an account with this email already exists", "email")
    password_hash = hash_password(body.password)
    if caller is not None and caller.is_guest:
        user = claim_guest(service.db, caller.id, email=body.email, password_hash=password_hash)
    else:
        user = create_user(service.db, email=body.email, password_hash=password_hash, role=Role.student)
    _send_later(tasks, mailer, accounts.verification_mail(settings, service.db, user, _client(request)))
    return _response(sign_in(settings, service.db, user, request.headers.get("user-agent")))


@router.post("/login", response_model=TokenResponse,
             responses={**_LIMITED, 403: {"description": "The account is deactivated."}})
def login(body: LoginRequest, request: Request, service: Service, settings: SettingsDep) -> TokenResponse:
    """Sign in. After 5 wrong passwords for an address within 15 minutes (settings), that address waits."""
    return _response(accounts.log_in(settings, service.db, body.email.strip().lower(), body.password,
                                     _client(request), request.headers.get("user-agent")))


@router.post("/guest", status_code=status.HTTP_201_CREATED, response_model=TokenResponse)
def guest(request: Request, service: Service, settings: SettingsDep) -> TokenResponse:
    user = create_user(service.db, email=None, password_hash=None, role=Role.student, is_guest=True)
    return _response(sign_in(settings, service.db, user, request.headers.get("user-agent")))


@router.post("/refresh", response_model=TokenResponse,
             responses={401: {"description": "The refresh token was used already, or its session has ended."}})
def refresh_tokens(body: RefreshRequest, service: Service, settings: SettingsDep) -> TokenResponse:
    """New tokens for a refresh token, which then stops working (each refresh token works once)."""
    try:
        return _response(refresh(settings, service.db, body.refresh_token))
    except SessionEnded as exc:
        raise ApiError(401, exc.code, exc.message, "refresh_token") from exc


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(signed_in: CurrentSession, service: Service, body: LogoutRequest | None = None) -> Response:
    """End this session (its access and refresh tokens stop working at once), or every session."""
    session, user = signed_in
    if body is not None and body.everywhere:
        revoke_all(service.db, user.id, "logout")
    else:
        revoke(service.db, user.id, session.id, "logout")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me", response_model=UserView)
def me(user: CurrentUser) -> UserView:
    return user_view(user)


@router.get("/sessions", response_model=list[SessionView])
def sessions(signed_in: CurrentSession, service: Service) -> list[SessionView]:
    """Where you are signed in."""
    current, user = signed_in
    return [SessionView(id=row.id, user_agent=row.user_agent, created_at=row.created_at,
                        last_used_at=row.last_used_at, current=row.id == current.id)
            for row in open_sessions(service.db, user.id)]


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT,
               responses={404: {"description": "You have no such open session."}})
def end_session(session_id: str, user: CurrentUser, service: Service) -> Response:
    if not revoke(service.db, user.id, session_id, "logout"):
        raise ApiError(404, "session_not_found", f"you have no open session {session_id!r}", "session_id")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/password", response_model=SessionsEnded, responses={403: {"description": "Wrong current password."}})
def change_password(body: PasswordChange, signed_in: CurrentSession, user: AccountHolder,
                    service: Service) -> SessionsEnded:
    """Change your password: every other session ends; this one stays signed in."""
    return SessionsEnded(sessions_ended=accounts.change_password(
        service.db, user, signed_in[0].id, body.current_password, body.new_password))


@router.post("/verify-email/send", status_code=status.HTTP_202_ACCEPTED,
             responses={**_LIMITED, 409: {"description": "The address is verified already."}})
def send_verification(request: Request, tasks: BackgroundTasks, user: AccountHolder, service: Service,
                      settings: SettingsDep, mailer: Mailer) -> dict[str, str]:
    """E-mail a new verification link (the earlier ones stop working)."""
    _send_later(tasks, mailer, accounts.verification_mail(settings, service.db, user, _client(request)))
    return {"status": "sent", "email": user.email or ""}


@router.post("/verify-email", response_model=UserView,
             responses={400: {"description": "The link is unknown, used, expired or for an old address."}})
def verify_email(body: LinkToken, service: Service) -> UserView:
    """Confirm the address with the token from the e-mailed link (the /verify-email page sends it)."""
    return user_view(accounts.verify_email(service.db, body.token))


@router.post("/password-reset/send", status_code=status.HTTP_202_ACCEPTED, responses=_LIMITED)
def send_password_reset(body: EmailOnly, request: Request, tasks: BackgroundTasks, service: Service,
                        settings: SettingsDep, mailer: Mailer) -> dict[str, str]:
    """E-mail a reset link to the address's account. The answer is the same whether or not it has one."""
    _send_later(tasks, mailer, accounts.reset_mail(settings, service.db, body.email, _client(request)))
    return {"status": "sent if the address has an account", "email": body.email}


@router.post("/password-reset", response_model=SessionsEnded,
             responses={400: {"description": "The link is unknown, used or expired."}})
def reset_password(body: PasswordReset, service: Service) -> SessionsEnded:
    """Choose a new password with the token from the e-mailed link; every session of the account ends."""
    return SessionsEnded(sessions_ended=accounts.reset_password(service.db, body.token, body.new_password))
