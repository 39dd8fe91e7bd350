"""Your data: download all of it, or erase your account and everything in it. Both act only on the caller's own
account (the token's user); there is no id to pass, so no one else's data can be reached."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from memory.privacy import erase_user, export_user
from memory.vector_store import VectorStoreDown
from server.deps import CurrentUser, Service
from server.errors import ApiError

router = APIRouter(prefix="/api/me", tags=["your data"])

# What the caller must send to erase, so that a stray DELETE (a script, a wrong URL) cannot wipe an account.
CONFIRMATION = "DELETE"


class ErasureConfirmation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    confirm: str = Field(description=f'exactly "{CONFIRMATION}"')


@router.get("/export", responses={200: {"description": "All your data as a JSON file."},
                                  401: {"description": "No token, or a forged or expired one."}})
async def export_my_data(user: CurrentUser, service: Service) -> JSONResponse:
    """Everything stored about you, as a JSON file: your account (never your password), your profile, goals,
    offers, negotiation plans and role-plays, skills analyses, learning plans, assessments, memories, and
    every conversation with its messages. Sections you have nothing in are there, empty."""
    await asyncio.to_thread(service.memory.settle, user.id)  # the last turn's memories, if still being written
    data: dict[str, Any] = await export_user(service.db, user.id, service.thread_messages)
    filename = f"smartjobfit-export-{data['exported_at'][:10]}.json"
    return JSONResponse(data, headers={"Content-Disposition": f"attachment; filename={filename}"})


@router.delete("", status_code=status.HTTP_204_NO_CONTENT,
               responses={401: {"description": "No token, or a forged or expired one."},
                          422: {"description": f'confirm is missing or not "{CONFIRMATION}"; nothing was deleted.'},
                          503: {"description": "The memory store is down; nothing was deleted, try again."}})
async def erase_my_account(user: CurrentUser, service: Service, body: ErasureConfirmation | None = None,
                           confirm: Annotated[str | None, Query(description=f'"{CONFIRMATION}" (or in the body)')]
                           = None) -> Response:
    """Erase your account and everything of it: every SQL row, your conversations' checkpoints and your
    memories' vectors. Send `{"confirm": "DELETE"}` (or `?confirm=DELETE`). Afterwards your token no longer
    works (401)."""
    given = body.confirm if body is not None else confirm
    if given != CONFIRMATION:
        raise ApiError(422, "confirmation_required",
                       f'to erase your account and all its data, send {{"confirm": "{CONFIRMATION}"}}', "confirm")
    try:
        await erase_user(service.db, user.id, checkpointer=service.checkpointer,
                         forget_vectors=service.memory.forget_user)
    except VectorStoreDown as exc:
        raise ApiError(503, "memory_unavailable",
                       "your memories cannot be erased just now, so nothing was deleted; please try again") from exc
    return Response(status_code=status.HTTP_204_NO_CONTENT)
