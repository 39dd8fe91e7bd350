"""The offline engine's intents: a registry of handlers, each recognising one kind of request.

A capability adds its intents by adding a module to this package that calls `register(...)`; the engine
discovers every module here, so nothing central is edited. An intent scores the user's message, plans
tool calls (or answers directly), and writes the reply once the tool results are in.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from typing import Any

from agent.offline.slots import Slots


@dataclass
class ToolRequest:
    name: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class Turn:
    """What an intent sees of the conversation at this step."""

    text: str  # the user's latest message
    slots: Slots
    tools: frozenset[str]  # the tools bound to the model
    results: dict[str, Any] = field(default_factory=dict)  # this turn's tool results, by tool name
    capabilities: list[str] = field(default_factory=list)  # one line per available intent, for help
    # Earlier in the conversation: the last call of each tool (its arguments) and what it answered, so a
    # follow-up ("and in Atlanta?", "I meant Statisticians") can re-run it with one slot changed.
    previous_calls: dict[str, dict[str, Any]] = field(default_factory=dict)
    previous_results: dict[str, Any] = field(default_factory=dict)
    main: str = ""  # the intent answering this turn, for a companion that should stay brief beside it

    def words(self) -> str:
        return re.sub(r"[^a-z0-9$%' ]+", " ", self.text.lower())


Plan = list[ToolRequest] | str  # tool calls to make next, or the final reply


class Intent:
    name: str = ""
    requires: tuple[str, ...] = ()  # tools that must be bound for this intent to apply
    help_line: str | None = None  # how /help describes it; None hides it
    companion: bool = False  # may run beside the main intent (e.g. saving profile facts said in passing)
    exclusive: bool = False  # no companions run with it (a refusal must not act on the refused request)

    def score(self, turn: Turn) -> float:
        """How sure this intent is that it fits, 0 (no) to 1."""
        raise NotImplementedError

    def plan(self, turn: Turn) -> Plan:
        raise NotImplementedError

    def respond(self, turn: Turn) -> Plan:
        """Called once the planned tool results are in `turn.results`. An intent that answers directly
        may still be asked, after a companion's tools ran: by default it answers as it planned."""
        return self.plan(turn)


class TemplateReply(Intent):
    """An intent recognised by one pattern and answered from one template, with no tool."""

    pattern: str = ""
    confidence: float = 0.9
    template: str = ""

    def score(self, turn: Turn) -> float:
        return self.confidence if matches(self.pattern, turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        from prompts import render

        return render(self.template, capabilities=turn.capabilities)


_REGISTRY: dict[str, Intent] = {}


def register(intent_class: type[Intent]) -> type[Intent]:
    intent = intent_class()
    if not intent.name:
        raise ValueError(f"{intent_class.__name__} needs a name")
    _REGISTRY[intent.name] = intent
    return intent_class


def registered() -> dict[str, Intent]:
    _discover()
    return _REGISTRY


_discovered = False


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    _discovered = True


def matches(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.I) is not None
