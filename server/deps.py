"""FastAPI dependencies: the settings, the coach service, the current user and what their role allows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from agent.service import CoachService
from agent.settings import Settings
from memory.auth_sessions import SessionEnded, active_session
from memory.models import AuthSession, User
from server.auth import read_token
from server.errors import ApiError
from server.mail import MailSender
from memory.permissions import WHY_NOT, Permission, allows

_bearer = HTTPBearer(auto_error=False, description="A token from /api/auth/register, /login, /guest or /refresh")


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_service(request: Request) -> CoachService:
    return request.app.state.service


def get_mailer(request: Request) -> MailSender:
    return request.app.state.mailer


def current_session(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
                    ) -> tuple[AuthSession, User]:
    """The caller's open session and account: a valid access token whose session has not ended."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise ApiError(401, "missing_token", "send a bearer token in the Authorization header", "Authorization")
    try:
        claims = read_token(request.app.state.settings, credentials.credentials)
        return active_session(request.app.state.service.db, claims.session_id, claims.user_id)
    except SessionEnded as exc:
        raise ApiError(401, exc.code, exc.message, "Authorization") from exc


def current_user(signed_in: Annotated[tuple[AuthSession, User], Depends(current_session)]) -> User:
    return signed_in[1]


def optional_user(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> User | None:
    """The caller when a valid bearer token is sent, else None (for endpoints where a token is only a hint)."""
    if credentials is None or not credentials.credentials:
        return None
    try:
        return current_session(request, credentials)[1]
    except ApiError:
        return None


def require(permission: Permission) -> Callable[[User], User]:
    """A dependency: the current user, when their role has `permission` (server/permissions.py); else 403."""
    def allowed_user(user: Annotated[User, Depends(current_user)]) -> User:
        if not allows(user, permission):
            raise ApiError(403, "forbidden", WHY_NOT.get(permission, f"your role may not {permission.value}"),
                           "Authorization")
        return user
    allowed_user.permission = permission  # read by the permission-matrix test
    return allowed_user


CurrentUser = Annotated[User, Depends(current_user)]  # any signed-in caller: guests too (Permission.use_coach)
CurrentSession = Annotated[tuple[AuthSession, User], Depends(current_session)]
AccountHolder = Annotated[User, Depends(require(Permission.manage_account))]
MentorOffer = Annotated[User, Depends(require(Permission.offer_mentoring))]
Mentee = Annotated[User, Depends(require(Permission.seek_mentoring))]
Mentor = Annotated[User, Depends(require(Permission.answer_mentees))]
Admin = Annotated[User, Depends(require(Permission.administer))]
OptionalUser = Annotated[User | None, Depends(optional_user)]
Service = Annotated[CoachService, Depends(get_service)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Mailer = Annotated[MailSender, Depends(get_mailer)]
