"""The `track_goal` LangChain tool: create a career goal with milestones, report progress, list goals. A thin
wrapper over `store.py`; the user id comes from the run configuration, never from the model."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import ValidationError

from tools.goals.engine import GoalCreate, GoalInputError, find_milestone
from tools.goals.store import Goal, create_goal, list_goals, record_progress
from tools.registry import ToolContext
from tools.run_config import config_user_id


def _summary(goal: Goal) -> dict[str, Any]:
    return {"id": goal.id, "description": goal.description, "goal_type": goal.goal_type,
            "target_date": goal.target_date.isoformat() if goal.target_date else None,
            "progress_percentage": goal.progress_percentage, "status": goal.status,
            "milestones": [{"id": m["id"], "title": m["title"], "target_date": m.get("target_date"),
                            "done": bool(m.get("done"))} for m in goal.milestones],
            "overdue_milestones": [m["title"] for m in goal.overdue_milestones], "overdue": goal.overdue}


def _goal_for(goals: list[Goal], milestone: str | int | None) -> int:
    """The active goal a progress report is about, when the model did not say: the one goal holding a milestone
    that matches, or the only active goal."""
    active = [g for g in goals if g.status == "active"]
    if milestone is not None:
        holding = [g for g in active if find_milestone(g.milestones, milestone) is not None]
        if len(holding) == 1:
            return holding[0].id
    if len(active) == 1:
        return active[0].id
    if not active:
        raise GoalInputError("you have no active goal yet", "goal_id", "goal_not_found")
    raise GoalInputError("say which goal: " + "; ".join(f"{g.id}: {g.description}" for g in active), "goal_id",
                         "goal_not_found")


def make_tools(context: ToolContext) -> list[BaseTool]:
    def track_goal(
        config: RunnableConfig,
        action: Literal["create", "progress", "list"] = "list",
        description: str | None = None,
        target_date: date | None = None,
        goal_type: str = "career",
        milestones: list[str] | None = None,
        goal_id: int | None = None,
        milestone: str | int | None = None,
        done: bool = True,
        progress_percentage: float | None = None,
    ) -> dict:
        """Track the user's career goals and milestones.

        action="create": a new goal, e.g. "I want to become a product manager by June 2027" →
        description="Become a product manager", target_date="2027-06-30", goal_type="role_change", with
        milestones (short titles) when the user names steps. action="progress": the user finished a step, e.g.
        "I finished the SQL course milestone" → milestone="SQL course" (goal_id optional when it is clear), or
        progress_percentage for a goal without milestones. action="list": the user's goals with progress % and
        overdue milestones. Never state progress the tool did not return.
        """
        user_id = config_user_id(config, "track_goal")
        try:
            if action == "list":
                goals = list_goals(context.db, user_id)
                return {"action": "list", "goals": [_summary(g) for g in goals]}
            if action == "create":
                request = GoalCreate(description=description or "", target_date=target_date, goal_type=goal_type,
                                     milestones=[{"title": title} for title in milestones or []])
                return {"action": "create", "goal": _summary(create_goal(context.db, user_id, request))}
            target = goal_id if goal_id is not None else _goal_for(list_goals(context.db, user_id), milestone)
            goal = record_progress(context.db, user_id, target, milestone, done, progress_percentage)
            return {"action": "progress", "goal": _summary(goal), "milestone": milestone}
        except GoalInputError as exc:
            return {"action": action, "error": exc.message, "field": exc.field}
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(map(str, first["loc"]))
            return {"action": action, "error": f"{field}: {first['msg']}", "field": field}

    return [StructuredTool.from_function(track_goal, name="track_goal")]
