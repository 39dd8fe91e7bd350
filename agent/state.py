"""The graph's state: the conversation, and how many steps are left before the limit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated

from langchain_core.messages import AnyMessage
from langgraph.graph import add_messages
from langgraph.managed import RemainingSteps


@dataclass
class InputState:
    messages: Annotated[Sequence[AnyMessage], add_messages] = field(default_factory=list)


@dataclass
class State(InputState):
    # Steps left before the recursion limit (set by LangGraph); near zero the model node stops calling tools.
    remaining_steps: RemainingSteps = field(default=25)
