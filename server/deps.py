"""FastAPI dependencies: the settings, the coach service, and the current user."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from agent.service import CoachService
from agent.settings import Settings
from memory.models import User
from memory.users import get_user
from server.auth import TokenError, read_token
from server.errors import ApiError

_bearer = HTTPBearer(auto_error=False, description="A token from /api/auth/register, /login or /guest")


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_service(request: Request) -> CoachService:
    return request.app.state.service


def current_user(request: Request,
                 credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise ApiError(401, "missing_token", "send a bearer token in the Authorization header", "Authorization")
    return _user_for(request, credentials)


def optional_user(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> User | None:
    """The caller when a valid bearer token is sent, else None (for endpoints where a token is only a hint)."""
    if credentials is None or not credentials.credentials:
        return None
    try:
        return _user_for(request, credentials)
    except ApiError:
        return None


def _user_for(request: Request, credentials: HTTPAuthorizationCredentials) -> User:
    settings: Settings = request.app.state.settings
    try:
        user_id = read_token(settings, credentials.credentials)
    except TokenError as exc:
        raise ApiError(401, exc.code, exc.message, "Authorization") from exc
    user = get_user(request.app.state.service.db, user_id)
    if user is None:
        raise ApiError(401, "invalid_token", "the account for this token no longer exists", "Authorization")
    return user


CurrentUser = Annotated[User, Depends(current_user)]
OptionalUser = Annotated[User | None, Depends(optional_user)]
Service = Annotated[CoachService, Depends(get_service)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
