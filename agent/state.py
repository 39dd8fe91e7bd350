"""The graph's state: the conversation, what was recalled of the user for this turn, and the steps left."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any

from langchain_core.messages import AnyMessage
from langgraph.graph import add_messages
from langgraph.managed import RemainingSteps


@dataclass
class InputState:
    messages: Annotated[Sequence[AnyMessage], add_messages] = field(default_factory=list)


@dataclass
class State(InputState):
    # Memories of earlier conversations relevant to this turn's message (memory/memories.py Recalled.as_dict).
    recalled: list[dict[str, Any]] = field(default_factory=list)
    # Steps left before the recursion limit (set by LangGraph); near zero the model node stops calling tools.
    remaining_steps: RemainingSteps = field(default=25)
