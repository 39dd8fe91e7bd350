"""The offline engine as a langchain-core chat model, so the same graph runs with it or with Gemini.

Each call looks at the conversation since the user's last message. With no tool results yet, it picks the
best-scoring intent. Companion intents (e.g. saving a profile fact said in passing) run their tools first,
then the main intent plans its tool calls; once the results are in, it writes the reply from templates in
`prompts/`. The plan travels inside the AI message (`additional_kwargs["offline"]`), so it survives a
checkpoint and a restart.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.utils.function_calling import convert_to_openai_tool

from agent.offline.intents import ToolRequest, Turn, registered
from agent.offline.slots import extract_slots
from memory.facts import said_to_you
from memory.summaries import questions_of
from prompts import render
from tools.occupations.world import currency_of

_MIN_SCORE = 0.3
_COMPANION_MIN_SCORE = 0.4


class OfflineChatModel(BaseChatModel):
    """A deterministic coach: intents and slots by rules, numbers only from tool results."""

    @property
    def _llm_type(self) -> str:
        return "smartjobfit-offline"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model": "offline"}

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: str | None = None, **kwargs: Any) -> Runnable[LanguageModelInput, AIMessage]:
        names = [convert_to_openai_tool(tool)["function"]["name"] for tool in tools]
        return self.bind(tool_names=names, **kwargs)

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, tool_names: Sequence[str] = (),
                  **kwargs: Any) -> ChatResult:
        message = self._next_message(messages, frozenset(tool_names))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None, tool_names: Sequence[str] = (),
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        message = self._next_message(messages, frozenset(tool_names))
        if message.tool_calls:
            chunk = AIMessageChunk(
                content="", id=message.id, additional_kwargs=message.additional_kwargs,
                tool_call_chunks=[{"name": call["name"], "args": json.dumps(call["args"]), "id": call["id"],
                                   "index": index, "type": "tool_call_chunk"}
                                  for index, call in enumerate(message.tool_calls)])
            yield ChatGenerationChunk(message=chunk)
            return
        # Word-sized deltas so a streaming client sees the reply arrive as it would from a hosted model.
        for piece in re.findall(r"\S+\s*|\s+", message.content):
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=piece, id=message.id))
            if run_manager:
                run_manager.on_llm_new_token(piece, chunk=chunk)
            yield chunk

    async def _astream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                       run_manager: AsyncCallbackManagerForLLMRun | None = None, tool_names: Sequence[str] = (),
                       **kwargs: Any) -> AsyncIterator[ChatGenerationChunk]:
        # The engine is fast and pure, so stream on the event loop: LangChain's default would hand every
        # chunk to a worker thread, which costs more than the engine itself.
        for chunk in self._stream(messages, stop, None, tool_names, **kwargs):
            if run_manager and chunk.message.content:
                await run_manager.on_llm_new_token(chunk.message.content, chunk=chunk)
            yield chunk

    # -- the engine ---------------------------------------------------------------------------------------

    def _next_message(self, messages: list[BaseMessage], tools: frozenset[str]) -> AIMessage:
        message = self._compose(messages, tools)
        if message.tool_calls or not message.content:
            return message
        note = _recall_note(messages)
        content = message.content if not note else f"{note}\n\n{message.content}"
        currency = _foreign_currency_note(messages)
        if currency and currency not in content:
            content = f"{content}\n\n{currency}"
        return message if content == message.content else AIMessage(content=content, id=message.id)

    def _compose(self, messages: list[BaseMessage], tools: frozenset[str]) -> AIMessage:
        user_index = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=None)
        if user_index is None:
            return self._reply(self._render_help(tools))
        text = _text(messages[user_index])
        turn = Turn(text=text, slots=extract_slots(text), tools=tools, capabilities=_capabilities(tools))
        turn.previous_calls, turn.previous_results = _earlier_calls(messages[:user_index])
        since_user = messages[user_index + 1:]
        planned_at = max((i for i, m in enumerate(since_user) if isinstance(m, AIMessage) and m.tool_calls), default=None)
        if planned_at is None:
            return self._plan_turn(turn)
        plan = since_user[planned_at].additional_kwargs.get("offline", {})
        turn.results = _tool_results(since_user[planned_at + 1:])
        intents = registered()
        main = intents.get(plan.get("main", ""), intents["help"])
        turn.main = main.name
        notes: list[str] = list(plan.get("notes", []))
        if plan.get("stage") == "companions":
            # The companions' tools ran first (their facts are saved before the main intent reads anything).
            notes += [_as_text(intents[name].respond(turn)) for name in plan.get("companions", []) if name in intents]
            turn.results = {}
            outcome = main.plan(turn)
        else:
            outcome = main.respond(turn)
        if isinstance(outcome, str):
            return self._reply("\n\n".join(note for note in [*notes, outcome] if note))
        return self._tool_message({"main": main.name, "stage": "main", "notes": notes}, outcome)

    def _plan_turn(self, turn: Turn) -> AIMessage:
        candidates = [(intent.score(turn), intent) for intent in registered().values()
                      if all(tool in turn.tools for tool in intent.requires)]
        candidates = sorted(((s, i) for s, i in candidates if s > 0), key=lambda pair: pair[0], reverse=True)
        main = next((intent for score, intent in candidates if score >= _MIN_SCORE), None) or registered()["help"]
        companions = [] if main.exclusive else [
            intent for score, intent in candidates
            if intent.companion and intent is not main and score >= _COMPANION_MIN_SCORE]
        requests: list[ToolRequest] = []
        for companion in companions:
            companion_plan = companion.plan(turn)
            if isinstance(companion_plan, list):
                requests.extend(companion_plan)
        if requests:
            return self._tool_message({"main": main.name, "stage": "companions",
                                       "companions": [c.name for c in companions]}, requests)
        outcome = main.plan(turn)
        if isinstance(outcome, str):
            return self._reply(outcome)
        return self._tool_message({"main": main.name, "stage": "main"}, outcome)

    def _tool_message(self, plan: dict[str, Any], requests: list[ToolRequest]) -> AIMessage:
        calls = [{"name": r.name, "args": r.args, "id": f"call_{uuid.uuid4().hex[:16]}", "type": "tool_call"}
                 for r in requests]
        return AIMessage(content="", tool_calls=calls, id=f"run-{uuid.uuid4().hex}", additional_kwargs={"offline": plan})

    def _reply(self, text: str) -> AIMessage:
        return AIMessage(content=text, id=f"run-{uuid.uuid4().hex}")

    def _render_help(self, tools: frozenset[str]) -> str:
        turn = Turn(text="help", slots=extract_slots(""), tools=tools, capabilities=_capabilities(tools))
        return _as_text(registered()["help"].plan(turn))



# When to say a recalled memory out loud. By similarity alone only when very close: with all-MiniLM-L6-v2 the
# best memory is the relevant one only about half the time below that (evals/memory_recall.py). A weaker match is
# said when the message touches the memory's topic: a question about a job elsewhere and "can't relocate".
MENTION = 0.45
MENTION_ON_TOPIC = 0.25
_TOPIC_CUES = {
    "relocation": re.compile(r"\b(?:relocat\w*|mov(?:e|ing)|job (?:in|at)|offer (?:in|from)|based in)\b", re.I),
    "location": re.compile(r"\b(?:relocat\w*|mov(?:e|ing)|where I live|cost of living)\b", re.I),
    "work_mode": re.compile(r"\b(?:remote\w*|hybrid|on-?site|in the office|commut\w*)\b", re.I),
    "schedule": re.compile(r"\b(?:hours|part-time|full-time|shifts?|schedule)\b", re.I),
    "availability": re.compile(r"\b(?:start(?:s|ing)?|notice|available)\b", re.I),
    "salary_expectation": re.compile(r"\b(?:salary|pay|offer|earn|negotiat\w*|raise)\b", re.I),
    "current_salary": re.compile(r"\b(?:salary|pay|offer|earn|negotiat\w*|raise)\b", re.I),
    "target_role": re.compile(r"\b(?:career|next role|become|switch|transition|path)\b", re.I),
}


def _worth_saying(memory: dict[str, Any], message: str) -> bool:
    similarity = memory.get("similarity", 0)
    if memory.get("kind") == "summary":  # a past conversation: only when asking much the same again
        return similarity >= MENTION
    cue = _TOPIC_CUES.get(memory.get("topic") or "")
    return similarity >= MENTION or (similarity >= MENTION_ON_TOPIC and cue is not None and bool(cue.search(message)))


def _foreign_currency_note(messages: list[BaseMessage]) -> str:
    """A note when the user's latest message gives an amount in a currency other than US dollars ("CAD 85,000",
    "€60k"): the figures the coach quotes are BLS's, in US dollars."""
    latest = next((m for m in reversed(messages) if isinstance(m, HumanMessage)), None)
    code = currency_of(_text(latest)) if latest is not None else None
    return render("offline/currency_note", code=code) if code and code != "USD" else ""


def _recall_note(messages: list[BaseMessage]) -> str:
    """"Last time you mentioned ..." for the most relevant memory of an earlier conversation (graph.py puts them
    on the system message) that is worth saying, unless this conversation already said it."""
    system = next((m for m in messages if isinstance(m, SystemMessage)), None)
    memories = system.additional_kwargs.get("memories", []) if system is not None else []
    human = next((m for m in reversed(messages) if isinstance(m, HumanMessage)), None)
    message = _text(human) if human is not None else ""
    said = " ".join(_text(m) for m in messages if isinstance(m, AIMessage))
    for memory in memories:
        if not _worth_saying(memory, message):
            continue
        note = render("offline/memory_recall", memory=memory, said=said_to_you(memory["text"]),
                      asked=questions_of(memory["text"]))
        if note.strip() not in said:
            return note
    return ""


def _text(message: BaseMessage) -> str:
    return message.text if isinstance(message.content, list) else str(message.content)


def _as_text(plan: object) -> str:
    return plan if isinstance(plan, str) else ""


def _earlier_calls(messages: Sequence[BaseMessage]) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """The last call of each tool before this turn (its arguments) and the result it got. Read from the end, so
    a long thread costs no more than its last few turns: each tool's latest result is decoded, no other."""
    calls: dict[str, dict[str, Any]] = {}
    results: dict[str, Any] = {}
    for message in reversed(messages):
        if isinstance(message, ToolMessage) and message.name and message.name not in results:
            results.update(_tool_results([message]))
        elif isinstance(message, AIMessage):
            for call in message.tool_calls:
                calls.setdefault(call["name"], dict(call["args"]))
    return calls, {name: result for name, result in results.items() if name in calls}


def _tool_results(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    """This turn's tool results by tool name (JSON-decoded where they are JSON)."""
    results: dict[str, Any] = {}
    for message in messages:
        if isinstance(message, ToolMessage):
            try:
                results[message.name or ""] = json.loads(_text(message))
            except (json.JSONDecodeError, TypeError):
                results[message.name or ""] = {"error": _text(message)}
    return results


def _capabilities(tools: frozenset[str]) -> list[str]:
    return [intent.help_line for intent in registered().values()
            if intent.help_line and all(tool in tools for tool in intent.requires)]
