"""The graph's state: the conversation, and whether the step limit is reached."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated

from langchain_core.messages import AnyMessage
from langgraph.graph import add_messages
from langgraph.managed import IsLastStep


@dataclass
class InputState:
    messages: Annotated[Sequence[AnyMessage], add_messages] = field(default_factory=list)


@dataclass
class State(InputState):
    # Set by LangGraph on the last step the recursion limit allows; the model node then stops calling tools.
    is_last_step: IsLastStep = field(default=False)
