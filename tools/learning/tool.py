"""The `search_courses` and `learning_plan` LangChain tools: thin wrappers over the course search and the plan
store. Results carry `courses: [{title, provider, url, level, duration, price}]`, the shape the chat widget's
course card reads."""

from __future__ import annotations

from typing import Literal

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import ValidationError

from tools.learning.plan import PlanRequest
from tools.learning.plan_store import LearningError, current_or_new_plan
from tools.learning.providers import refresh_from_providers, remote_providers
from tools.learning.search import SearchFilters, search
from tools.registry import ToolContext

SOURCE = {"name": "SmartJobFit course catalog",
          "detail": "free-programming-books course lists (CC BY 4.0), imported catalogs and configured providers"}


def _validation_error(exc: ValidationError) -> dict:
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or None
    return {"error": f"{field}: {first['msg']}" if field else first["msg"], "field": field}


def make_tools(context: ToolContext) -> list[BaseTool]:
    providers = remote_providers(context.settings)

    def search_courses(query: str, free_only: bool = False,
                       level: Literal["beginner", "intermediate", "advanced"] | None = None,
                       max_hours: float | None = None) -> dict:
        """Find courses for a skill or topic in the course catalog (free courses from the free-programming-books
        lists, plus any catalogs and providers the installation has). `query` is the skill or topic, e.g. "SQL" or
        "machine learning"; `free_only` keeps free courses; `level` beginner/intermediate/advanced; `max_hours`
        drops courses stated as longer. Returns courses best first with provider, URL, level, duration and price
        when the source states them, and why each matched. Quote only these courses and links."""
        try:
            filters = SearchFilters(free_only=free_only, level=level, max_hours=max_hours, language="en")
        except ValidationError as exc:
            return _validation_error(exc)
        if not query.strip():
            return {"error": "say which skill or topic to find courses for", "field": "query"}
        problems = refresh_from_providers(context.db, providers, query) if providers else []
        result = search(context.db, query, filters, limit=5).model_dump(mode="json")
        result["source"] = SOURCE
        if problems:
            result["provider_problems"] = problems
        return result

    def learning_plan(config: RunnableConfig, target_role: str | None = None, skills: list[str] | None = None,
                      hours_per_week: float = 5.0, free_only: bool = False) -> dict:
        """Make (or read back) the user's learning plan: for the gaps of their latest skills analysis (for
        `target_role` when given) or the `skills` named, courses in order (beginner first), fitted into
        `hours_per_week` (0 < h ≤ 80) with a target date for each. Returns an error with field "skills" when the
        user has no skills analysis and names no skills."""
        user_id = (config.get("configurable") or {}).get("user_id")
        if not user_id:
            raise ValueError("learning_plan needs the user id in the run configuration")
        try:
            request = PlanRequest(hours_per_week=hours_per_week, skills=skills or [], target_role=target_role,
                                  free_only=free_only)
            plan = current_or_new_plan(context.db, user_id, request).model_dump(mode="json")
        except ValidationError as exc:
            return _validation_error(exc)
        except LearningError as exc:
            return {"error": exc.message, "field": exc.field, "code": exc.code}
        plan["courses"] = [{"title": i["title"], "provider": i["provider"], "url": i["url"], "level": i["level"],
                            "duration": f"{i['hours']:g} h" if i["hours_source"] == "stated" else None,
                            "price": i["price"], "skill": i["skill"], "target_date": i["target_date"]}
                           for i in plan["items"]]
        return plan

    return [StructuredTool.from_function(search_courses, name="search_courses"),
            StructuredTool.from_function(learning_plan, name="learning_plan")]
