"""Which tools the agent gets. Each capability folder exposes `make_tools(context) -> list[BaseTool]`;
adding a capability means adding its module name here, nothing else."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from langchain_core.tools import BaseTool
from sqlalchemy.engine import Engine

from agent.settings import Settings

if TYPE_CHECKING:
    from memory.memories import CareerMemory

CAPABILITIES = ["tools.profile.tool", "tools.salary.tool", "tools.offers.tool", "tools.negotiation.strategy_tool",
                "tools.negotiation.practice_tool", "tools.assessment.tool", "tools.goals.tool", "tools.career.tool",
                "tools.skills.tool", "tools.learning.tool", "tools.memory.tool", "tools.mentors.tool"]


@dataclass(frozen=True)
class ToolContext:
    """What tools need from the running application (built once at start)."""

    db: Engine
    settings: Settings | None = None
    memory: CareerMemory | None = None  # for the recall_memories tool (None: no such tool)


def build_tools(context: ToolContext) -> list[BaseTool]:
    tools: list[BaseTool] = []
    for module_name in CAPABILITIES:
        tools.extend(importlib.import_module(module_name).make_tools(context))
    return tools
