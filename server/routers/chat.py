"""Chat: one turn as Server-Sent Events or as one JSON object, and the user's threads."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from agent.service import ChatEvent
from memory.threads import list_threads
from server.deps import CurrentUser, Service
from server.errors import error_body

router = APIRouter(prefix="/api/chat", tags=["chat"])


class ChatRequest(BaseModel):
    # Length is checked by the service (so empty and too-long messages get their own error codes); the
    # schema documents it for clients.
    message: str = Field(description="What the user says; 1 to 8,000 characters after trimming.",
                         json_schema_extra={"minLength": 1, "maxLength": 8000})
    thread_id: str | None = Field(default=None, max_length=64, description="Continue this conversation.")


class ChatReply(BaseModel):
    thread_id: str
    reply: str
    tool_calls: list[dict[str, Any]]
    tool_results: list[dict[str, Any]]
    citations: list[dict[str, Any]]


class ThreadSummary(BaseModel):
    id: str
    title: str
    created_at: datetime
    updated_at: datetime


class ThreadDetail(ThreadSummary):
    messages: list[dict[str, Any]]


def _sse(event: ChatEvent) -> str:
    return f"event: {event.type}\ndata: {json.dumps(event.data, ensure_ascii=False, default=str)}\n\n"


@router.post("", response_model=ChatReply,
             responses={200: {"content": {"text/event-stream": {}}, "description": "SSE when asked for"}})
async def chat(body: ChatRequest, request: Request, user: CurrentUser, service: Service) -> Any:
    events = await service.stream_turn(user.id, body.message, body.thread_id)  # input errors raise here
    if "text/event-stream" in request.headers.get("accept", ""):
        async def stream() -> AsyncIterator[str]:
            async for event in events:
                yield _sse(event)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    reply: dict[str, Any] = {"tool_calls": [], "tool_results": [], "citations": []}
    async for event in events:
        if event.type == "tool_call":
            reply["tool_calls"].append(event.data)
        elif event.type == "tool_result":
            reply["tool_results"].append(event.data)
        elif event.type == "done":
            reply.update(thread_id=event.data["thread_id"], reply=event.data["reply"], citations=event.data["citations"])
        elif event.type == "error":
            body_ = error_body(event.data["code"], event.data["message"])
            body_["error"]["thread_id"] = event.data["thread_id"]
            return JSONResponse(body_, status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
    return reply


@router.get("/threads", response_model=list[ThreadSummary])
def threads(user: CurrentUser, service: Service) -> list[ThreadSummary]:
    return [ThreadSummary.model_validate(t, from_attributes=True) for t in list_threads(service.db, user.id)]


@router.get("/threads/{thread_id}", response_model=ThreadDetail)
async def thread(thread_id: str, user: CurrentUser, service: Service) -> ThreadDetail:
    row = await service.owned_thread(user.id, thread_id)
    summary = ThreadSummary.model_validate(row, from_attributes=True)
    return ThreadDetail(**summary.model_dump(), messages=await service.thread_messages(thread_id))


@router.delete("/threads/{thread_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_thread(thread_id: str, user: CurrentUser, service: Service) -> Response:
    await service.delete_thread(user.id, thread_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
