"""The `career_roadmap` LangChain tool: a thin wrapper over the roadmap engine, filling what the user did not
say from their saved profile."""

from __future__ import annotations

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, StructuredTool

from tools.career.roadmap import roadmap
from tools.profile.engine import Profile, get_profile
from tools.registry import ToolContext
from tools.salary.tool import readable_answer  # the salary tools' way of turning refused input into a readable error


def _saved_profile(context: ToolContext, config: RunnableConfig) -> Profile:
    user_id = (config.get("configurable") or {}).get("user_id")
    return get_profile(context.db, user_id) if user_id else Profile()


def make_tools(context: ToolContext) -> list[BaseTool]:
    def career_roadmap(config: RunnableConfig, current_role: str | None = None, target_role: str | None = None,
                       location: str | None = None) -> dict:
        """Plan a career move or pivot: paths from the user's current role to a target role through O*NET
        related occupations, as scenarios side by side (direct, via a bridge role, via education first).

        Each step lists the skills and knowledge to gain (O*NET), the typical preparation (O*NET job zone,
        BLS typical education), the change in median pay where the user works (BLS OEWS, with the area), the
        employment outlook (BLS projections 2024–34) and a risk note. Roles and place the user does not name
        come from their saved profile (current_role, target_role, location). Quote the figures with their source.
        """
        profile = _saved_profile(context, config) if not (current_role and target_role and location) else Profile()
        return readable_answer(roadmap)(current_role or profile.current_role, target_role or profile.target_role,
                                location or profile.location)

    return [StructuredTool.from_function(career_roadmap, name="career_roadmap")]
