"""The `negotiation_practice` tool: the user's salary-negotiation role-plays so far, and how to start one."""

from __future__ import annotations

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, StructuredTool

from tools.negotiation.sessions import list_sessions
from tools.registry import ToolContext
from tools.run_config import config_user_id

HOW_TO_START = ("Press Role-play in the chat widget, run `coach chat --roleplay` in a terminal, or call "
                "POST /api/salary/simulation.")


def make_tools(context: ToolContext) -> list[BaseTool]:
    def negotiation_practice(config: RunnableConfig) -> dict:
        """The user's salary-negotiation role-plays with the simulated recruiter: each one's role, place,
        recruiter persona, status and debrief score (0–100), newest first, with the change between the last
        two scores, and how to start a new role-play. Use it when the user wants to practise negotiating or
        asks how their practice went. The role-play itself runs in its own mode, not in this chat."""
        sessions = list_sessions(context.db, config_user_id(config, "negotiation_practice"))
        scored = [s["performance_score"] for s in sessions if s["performance_score"] is not None]
        return {
            "sessions": [{"role": s["scenario"]["occupation"], "area": s["scenario"]["area"],
                          "persona": s["scenario"]["persona_label"], "status": s["status"],
                          "score": s["performance_score"], "date": s["created_at"].date().isoformat()}
                         for s in sessions[:10]],
            "count": len(sessions),
            "latest_score": scored[0] if scored else None,
            "change": round(scored[0] - scored[1], 1) if len(scored) >= 2 else None,
            "how_to_start": HOW_TO_START,
        }

    return [StructuredTool.from_function(negotiation_practice)]
