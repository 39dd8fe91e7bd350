"""What the coach remembers of me: see it all, add, correct or delete a memory, and turn memory off. A thin
layer over memory/memories.py; another user's memory id gets the same 404 as an unknown one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict, Field

from memory.memories import KINDS, MemoryInputError, NewMemory, memory_view
from memory.vector_store import VectorStoreDown
from server.deps import CurrentUser, Service
from server.errors import ApiError

router = APIRouter(prefix="/api/memory", tags=["memory"])
_ERRORS = {401: {"description": "No token, or a forged or expired one."},
           404: {"description": "No memory of yours has this id."},
           413: {"description": "The text is over the size limit (COACH_MEMORY_MAX_CHARS)."},
           422: {"description": "An empty text or an unknown kind; the error names the field."},
           503: {"description": "The vector store is down: nothing was changed, try again."}}


class MemoryNote(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="something the coach should remember, in your words")
    kind: Literal["constraint", "preference", "background", "goal", "fact", "note"] = "note"


class MemoryEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="the corrected text; the old one is kept in the memory's history")


class MemorySwitch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = Field(description="false: the coach stops writing and recalling memories (nothing is deleted)")


@contextmanager
def _memory_errors() -> Iterator[None]:
    try:
        yield
    except MemoryInputError as exc:
        raise ApiError(exc.status, exc.code, exc.message, exc.field) from exc
    except VectorStoreDown as exc:
        raise ApiError(503, "memory_unavailable", "memory is unavailable just now; nothing was changed") from exc


def _everything(service: Any, user_id: str) -> dict[str, Any]:
    memories = service.memory.list(user_id)
    groups: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for memory in memories:
        groups.setdefault(memory.kind, []).append(memory_view(memory))
    return {"enabled": service.memory.enabled(user_id), "count": len(memories), "groups": groups}


@router.get("", responses={401: _ERRORS[401]})
def get_memory(user: CurrentUser, service: Service) -> dict[str, Any]:
    """Everything the coach remembers of you, grouped by kind (constraints, preferences, background, goals,
    facts, your own notes, and a summary of each past conversation: what you asked in it), newest first, each
    with the conversation it came from and its earlier versions."""
    return _everything(service, user.id)


@router.patch("", responses={401: _ERRORS[401], 422: _ERRORS[422]})
def switch_memory(body: MemorySwitch, user: CurrentUser, service: Service) -> dict[str, Any]:
    """Turn memory on or off for your account."""
    service.memory.set_enabled(user.id, body.enabled)
    return _everything(service, user.id)


@router.post("", status_code=status.HTTP_201_CREATED, responses=_ERRORS)
def add_memory(body: MemoryNote, user: CurrentUser, service: Service) -> dict[str, Any]:
    """Tell the coach something to remember (201)."""
    with _memory_errors():
        [memory] = service.memory.remember(user.id, [NewMemory(body.kind, body.text)], source="user")
    return memory_view(memory)


@router.patch("/{memory_id}", responses=_ERRORS)
def edit_memory(memory_id: str, body: MemoryEdit, user: CurrentUser, service: Service) -> dict[str, Any]:
    """Correct a memory; its earlier text stays in `history`."""
    with _memory_errors():
        return memory_view(service.memory.update(user.id, memory_id, body.text))


@router.delete("/{memory_id}", status_code=status.HTTP_204_NO_CONTENT, responses=_ERRORS)
def delete_memory(memory_id: str, user: CurrentUser, service: Service) -> Response:
    """Forget a memory, in SQL and in the vector store."""
    with _memory_errors():
        service.memory.delete(user.id, memory_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
