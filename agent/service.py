"""The coach as a service: one chat turn in, a stream of events out. The HTTP API and the CLI both use it,
so they cannot disagree about what a turn does."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, RemoveMessage, ToolMessage
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph.state import CompiledStateGraph
from sqlalchemy.engine import Engine

from agent.checkpointer import open_checkpointer
from agent.configuration import recursion_limit_for
from agent.graph import build_graph
from agent.models import build_chat_model
from agent.settings import Settings
from memory import crypto, threads
from memory.db import create_db_engine
from memory.memories import CareerMemory
from memory.models import ChatThread
from memory.vector_store import VectorStore
from memory.write_behind import WriteBehind
from tools.profile.engine import get_profile
from tools.registry import ToolContext, build_tools

log = logging.getLogger(__name__)


@dataclass
class ChatEvent:
    type: str  # token | tool_call | tool_result | done | error
    data: dict[str, Any]


class ChatInputError(ValueError):
    """A client mistake in a chat request; `code` and `field` go into the API's error body."""

    def __init__(self, code: str, message: str, field: str | None = None, status: int = 422):
        super().__init__(message)
        self.code, self.message, self.field, self.status = code, message, field, status


@dataclass
class TurnResult:
    thread_id: str
    reply: str = ""
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    tool_results: list[dict[str, Any]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    error: dict[str, Any] | None = None
    # Token counts summed over the turn's model calls, when the model reports them (Gemini does; the offline
    # engine does not): {"input_tokens", "output_tokens", "total_tokens"}, or None.
    usage: dict[str, int] | None = None


class CoachService:
    def __init__(self, settings: Settings, db: Engine, graph: CompiledStateGraph, checkpointer: BaseCheckpointSaver,
                 chat_model: BaseChatModel | None = None, memory: CareerMemory | None = None):
        self.settings, self.db, self.graph, self.checkpointer = settings, db, graph, checkpointer
        self.chat_model = chat_model  # the graph's model, also lent to features that only need words phrased
        self.memory = memory or CareerMemory(db, VectorStore(settings), settings)

    @classmethod
    @asynccontextmanager
    async def open(cls, settings: Settings, model: BaseChatModel | None = None) -> AsyncIterator["CoachService"]:
        crypto.configure(settings)  # the keys for the encrypted columns
        db = create_db_engine(settings.sqlalchemy_url)
        try:
            async with open_checkpointer(settings.sqlalchemy_url) as checkpointer:
                # The server's memory step is stored after the reply goes out (memory/write_behind.py).
                memory = CareerMemory(db, VectorStore(settings), settings, write_behind=WriteBehind())
                tools = build_tools(ToolContext(db=db, settings=settings, memory=memory))
                chat_model = model or build_chat_model(settings)
                graph = build_graph(chat_model, tools, checkpointer=checkpointer, memory=memory,
                                    profile_lookup=lambda user_id: get_profile(db, user_id).summary())
                try:
                    yield cls(settings, db, graph, checkpointer, chat_model, memory)
                finally:
                    await asyncio.to_thread(memory.close)  # the writes still pending, before the database goes
        finally:
            db.dispose()

    # -- validation ---------------------------------------------------------------------------------------

    def clean_message(self, message: object) -> str:
        if not isinstance(message, str):
            raise ChatInputError("invalid_message", "message must be a string", "message")
        text = message.strip()
        if not text:
            raise ChatInputError("empty_message", "message must not be empty or whitespace", "message")
        if len(text) > self.settings.max_message_chars:
            raise ChatInputError("message_too_long",
                                 f"message is {len(text)} characters; the limit is {self.settings.max_message_chars}",
                                 "message", status=413)
        return text

    async def owned_thread(self, user_id: str, thread_id: str) -> ChatThread:
        # SQL calls run in a worker thread: a blocking call on the event loop would stall the async
        # checkpointer, and with SQLite the two would then wait on each other's lock.
        thread = await asyncio.to_thread(threads.get_owned_thread, self.db, user_id, thread_id)
        if thread is None:
            raise ChatInputError("thread_not_found", f"no conversation {thread_id!r} for this user", "thread_id", 404)
        return thread

    # -- a turn -------------------------------------------------------------------------------------------

    async def stream_turn(self, user_id: str, message: str, thread_id: str | None = None) -> AsyncIterator[ChatEvent]:
        """Validate, then run one turn, yielding events. Input errors raise before anything is stored."""
        text = self.clean_message(message)
        if thread_id:
            thread_id = (await self.owned_thread(user_id, thread_id)).id
        else:
            thread_id = (await asyncio.to_thread(threads.create_thread, self.db, user_id, threads.title_from(text))).id
        return self._run(user_id, thread_id, text)

    async def _run(self, user_id: str, thread_id: str, text: str) -> AsyncIterator[ChatEvent]:
        config = {"configurable": {"thread_id": thread_id, "user_id": user_id,
                                   "prompt_version": self.settings.prompt_version},
                  "recursion_limit": recursion_limit_for(self.settings.max_tool_steps)}
        human = HumanMessage(content=text, id=f"human-{uuid.uuid4().hex}")
        result = TurnResult(thread_id=thread_id)
        # First, which conversation this is: a client whose stream is cut before `done` can still resume it.
        yield ChatEvent("thread", {"thread_id": thread_id})
        try:
            # durability="exit": the turn is checkpointed once, when it ends, rather than after every step;
            # a turn is the unit users see, and this halves the cost of a turn (see bench/).
            async for mode, payload in self.graph.astream({"messages": [human]}, config,
                                                          stream_mode=["messages", "updates"], durability="exit"):
                for event in _events(mode, payload, result):
                    yield event
        except Exception as exc:  # the model provider failed: report it, and leave the thread as it was
            log.warning("chat turn failed on thread %s: %s", thread_id, exc, exc_info=True)
            await self._forget_turn(config, human.id)
            yield ChatEvent("error", {"code": "model_unavailable", "thread_id": thread_id,
                                      "message": f"The coach could not answer just now ({type(exc).__name__}). "
                                                 "Your conversation is safe; please try again."})
            return
        await asyncio.to_thread(threads.touch_thread, self.db, thread_id)
        yield ChatEvent("done", {"thread_id": thread_id, "reply": result.reply, "citations": result.citations,
                                 "usage": result.usage})

    async def run_turn(self, user_id: str, message: str, thread_id: str | None = None) -> TurnResult:
        result: TurnResult | None = None
        tool_calls: list[dict[str, Any]] = []
        tool_results: list[dict[str, Any]] = []
        async for event in await self.stream_turn(user_id, message, thread_id):
            if event.type == "tool_call":
                tool_calls.append(event.data)
            elif event.type == "tool_result":
                tool_results.append(event.data)
            elif event.type == "done":
                result = TurnResult(thread_id=event.data["thread_id"], reply=event.data["reply"],
                                    citations=event.data["citations"], usage=event.data.get("usage"))
            elif event.type == "error":
                result = TurnResult(thread_id=event.data["thread_id"], error=event.data)
        assert result is not None
        result.tool_calls, result.tool_results = tool_calls, tool_results
        return result

    async def _forget_turn(self, config: dict, human_id: str) -> None:
        """Remove the failed turn's messages so the thread reads as before it (and the next turn starts clean)."""
        try:
            snapshot = await self.graph.aget_state(config)
            messages: list[BaseMessage] = list(snapshot.values.get("messages", [])) if snapshot.values else []
            ids = [m.id for m in messages]
            if human_id in ids:
                doomed = [RemoveMessage(id=m.id) for m in messages[ids.index(human_id):]]
                await self.graph.aupdate_state(config, {"messages": doomed}, as_node="call_model")
        except Exception:  # never let cleanup hide the original error
            log.exception("could not roll back the failed turn")

    # -- threads ------------------------------------------------------------------------------------------

    async def thread_messages(self, thread_id: str) -> list[dict[str, Any]]:
        snapshot = await self.graph.aget_state({"configurable": {"thread_id": thread_id}})
        messages = snapshot.values.get("messages", []) if snapshot.values else []
        return [view for view in map(message_view, messages) if view is not None]

    async def delete_thread(self, user_id: str, thread_id: str) -> None:
        await self.owned_thread(user_id, thread_id)
        await self.checkpointer.adelete_thread(thread_id)
        await asyncio.to_thread(threads.delete_thread, self.db, thread_id)


def _events(mode: str, payload: Any, result: TurnResult) -> list[ChatEvent]:
    events: list[ChatEvent] = []
    if mode == "messages":
        chunk, metadata = payload
        if metadata.get("langgraph_node") == "call_model" and isinstance(chunk, AIMessageChunk) and chunk.text:
            events.append(ChatEvent("token", {"text": chunk.text}))
        return events
    for node, update in (payload or {}).items():
        for message in (update or {}).get("messages", []) if isinstance(update, dict) else []:
            if isinstance(message, AIMessage):
                _add_usage(result, message)
            if isinstance(message, AIMessage) and message.tool_calls:
                for call in message.tool_calls:
                    data = {"name": call["name"], "args": call["args"]}
                    result.tool_calls.append(data)
                    events.append(ChatEvent("tool_call", data))
            elif isinstance(message, AIMessage):
                result.reply = message.text
            elif isinstance(message, ToolMessage):
                data = {"name": message.name, "data": tool_data(message)}
                result.tool_results.append(data)
                source = data["data"].get("source") if isinstance(data["data"], dict) else None
                if isinstance(source, dict) and source not in result.citations:
                    result.citations.append(source)
                events.append(ChatEvent("tool_result", data))
    return events


_USAGE_KEYS = ("input_tokens", "output_tokens", "total_tokens")


def _add_usage(result: TurnResult, message: AIMessage) -> None:
    usage = getattr(message, "usage_metadata", None)
    if not usage:
        return
    total = result.usage or dict.fromkeys(_USAGE_KEYS, 0)
    for key in _USAGE_KEYS:
        total[key] += int(usage.get(key) or 0)
    result.usage = total


def tool_data(message: ToolMessage) -> Any:
    try:
        return json.loads(message.text)
    except (json.JSONDecodeError, TypeError):
        return {"text": message.text}


def message_view(message: BaseMessage) -> dict[str, Any] | None:
    """How a stored message is shown to its owner (API, CLI)."""
    if isinstance(message, HumanMessage):
        return {"role": "user", "content": message.text}
    if isinstance(message, AIMessage):
        if message.tool_calls:
            return {"role": "assistant", "content": message.text,
                    "tool_calls": [{"name": c["name"], "args": c["args"]} for c in message.tool_calls]}
        return {"role": "assistant", "content": message.text}
    if isinstance(message, ToolMessage):
        return {"role": "tool", "name": message.name, "data": tool_data(message)}
    return None
