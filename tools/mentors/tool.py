"""The `find_mentor` LangChain tool: a thin wrapper over the matching (tools/mentors/store.py). Results carry
`mentors: [{name, headline, industry, score, reasons}]`, the shape the chat widget's mentor card reads."""

from __future__ import annotations

from typing import Literal

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import ValidationError

from tools.mentors.profile import MenteeNeeds, MentorInputError
from tools.mentors.store import find_mentors
from tools.registry import ToolContext
from tools.run_config import config_user_id


def make_tools(context: ToolContext) -> list[BaseTool]:
    def find_mentor(config: RunnableConfig, target_role: str | None = None, skills_to_learn: list[str] | None = None,
                    industry: str | None = None, languages: list[str] | None = None,
                    style: Literal["structured", "casual"] | None = None, limit: int = 3) -> dict:
        """Find mentors for the user among the coach's mentors: for `target_role` (the role they are moving into;
        default their profile's target) and the skills they need (`skills_to_learn`; default the gaps of their
        latest skills analysis), in their `industry` and `languages` (default English). Returns mentors best
        first with a score 0-1, its components and the reasons (skills taught, role, shared hours, industry,
        experience, language, style). Quote only these mentors; a demo mentor is labelled (demo)."""
        user_id = config_user_id(config, "find_mentor")
        try:
            asked = MenteeNeeds(target_role=target_role, skills_to_learn=skills_to_learn or [], industry=industry,
                                languages=languages or ["English"], style=style, limit=limit)
            return find_mentors(context.db, user_id, asked)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            return {"error": f"{field}: {first['msg']}", "field": field}
        except MentorInputError as exc:
            return {"error": exc.message, "field": exc.field}

    return [StructuredTool.from_function(find_mentor, name="find_mentor")]
