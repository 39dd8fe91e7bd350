"""The `career_profile` LangChain tool: a thin wrapper over the profile engine."""

from __future__ import annotations

from typing import Literal

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import ValidationError

from tools.profile.engine import ProfileUpdate, get_profile, update_profile
from tools.registry import ToolContext
from tools.run_config import config_user_id



def make_tools(context: ToolContext) -> list[BaseTool]:
    def career_profile(
        config: RunnableConfig,
        action: Literal["get", "update"] = "get",
        current_role: str | None = None,
        target_role: str | None = None,
        location: str | None = None,
        experience_years: float | None = None,
        industry: str | None = None,
        career_stage: str | None = None,
    ) -> dict:
        """Read or update the user's saved career profile.

        Use action="get" to see what you know about the user (their current role, target role, location,
        years of experience, experience level, industry, career stage). Use action="update" with only the
        fields the user just told you, e.g. "I'm a nurse in Denver with 6 years' experience" →
        current_role="nurse", location="Denver", experience_years=6. Fields you leave out keep their value.
        """
        user_id = config_user_id(config, "career_profile")
        if action == "get":
            profile = get_profile(context.db, user_id)
            return {"action": "get", "profile": profile.model_dump(), "summary": profile.summary()}
        try:
            update = ProfileUpdate(current_role=current_role, target_role=target_role, location=location,
                                   experience_years=experience_years, industry=industry, career_stage=career_stage)
        except ValidationError as exc:
            return {"action": "update", "error": "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())}
        change = update_profile(context.db, user_id, update)
        return {"action": "update", "profile": change.profile.model_dump(), "changed": change.changed,
                "previous": change.previous, "summary": change.profile.summary()}

    return [StructuredTool.from_function(career_profile, name="career_profile")]
