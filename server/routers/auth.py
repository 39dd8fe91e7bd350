"""Accounts: register, log in, or start as an anonymous guest (the widget's visitors)."""

from __future__ import annotations

import re
from datetime import datetime

from fastapi import APIRouter, status
from pydantic import BaseModel, Field, field_validator

from memory.models import Role, User
from memory.users import claim_guest, create_user, get_user_by_email
from server.auth import hash_password, issue_token, verify_password
from server.deps import CurrentUser, OptionalUser, Service, SettingsDep
from server.errors import ApiError

router = APIRouter(prefix="/api/auth", tags=["auth"])
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Credentials(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(min_length=8, max_length=256)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip().lower()
        if not _EMAIL.match(value):
            raise ValueError("not a valid email address")
        return value


class LoginRequest(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=256)


class UserView(BaseModel):
    id: str
    email: str | None
    role: str
    is_guest: bool
    created_at: datetime


class TokenResponse(BaseModel):
    token: str
    token_type: str = "bearer"
    expires_at: datetime
    user: UserView


def _token_response(settings, user: User) -> TokenResponse:
    token, expires = issue_token(settings, user.id, user.role)
    return TokenResponse(token=token, expires_at=expires, user=UserView.model_validate(user, from_attributes=True))


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=TokenResponse)
def register(body: Credentials, service: Service, settings: SettingsDep, caller: OptionalUser) -> TokenResponse:
    """Create an account. Sent with a guest's token, the guest becomes the account and keeps what it has
    (conversations, profile), so a widget visitor who signs up loses nothing."""
    if get_user_by_email(service.db, body.email) is not None:
        raise ApiError(409, "email_taken", "an account with this email already exists", "email")
    password_hash = hash_password(body.password)
    if caller is not None and caller.is_guest:
        user = claim_guest(service.db, caller.id, email=body.email, password_hash=password_hash)
    else:
        user = create_user(service.db, email=body.email, password_hash=password_hash, role=Role.student)
    return _token_response(settings, user)


@router.post("/login", response_model=TokenResponse)
def login(body: LoginRequest, service: Service, settings: SettingsDep) -> TokenResponse:
    user = get_user_by_email(service.db, body.email.strip().lower())
    if user is None or not verify_password(user.password_hash, body.password):
        raise ApiError(401, "invalid_credentials", "wrong email or password", "password")
    return _token_response(settings, user)


@router.post("/guest", status_code=status.HTTP_201_CREATED, response_model=TokenResponse)
def guest(service: Service, settings: SettingsDep) -> TokenResponse:
    user = create_user(service.db, email=None, password_hash=None, role=Role.student, is_guest=True)
    return _token_response(settings, user)


@router.get("/me", response_model=UserView)
def me(user: CurrentUser) -> UserView:
    return UserView.model_validate(user, from_attributes=True)
