"""The signed-in user's own career profile (the dashboard shows and edits it; the coach fills it in chat)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter

from server.deps import CurrentUser, Service
from tools.profile.engine import Profile, ProfileUpdate, get_profile, update_profile

router = APIRouter(prefix="/api/me", tags=["profile"])


@router.get("/profile", response_model=Profile)
async def read_profile(user: CurrentUser, service: Service) -> Profile:
    return await asyncio.to_thread(get_profile, service.db, user.id)


@router.patch("/profile", response_model=Profile)
async def edit_profile(body: ProfileUpdate, user: CurrentUser, service: Service) -> Profile:
    """Set the fields sent; fields left out keep their value."""
    return (await asyncio.to_thread(update_profile, service.db, user.id, body)).profile
