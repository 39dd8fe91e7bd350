"""The `extract_skills` LangChain tool: a thin wrapper over `tools/skills/analysis.py`; stores the analysis for
the user in the run configuration (signed-in or guest)."""

from __future__ import annotations

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, StructuredTool

from tools.profile.engine import get_profile
from tools.registry import ToolContext
from tools.occupations.resolver import NoMatch
from tools.skills.analysis import analyse
from tools.skills.extract import SkillInputError
from tools.skills.store import latest_analysis, save_analysis
from tools.skills.semantic import semantic_matcher
from tools.skills.watson import watson_extractor

TOP = 10


def make_tools(context: ToolContext) -> list[BaseTool]:
    def extract_skills(text: str, config: RunnableConfig, target_role: str | None = None) -> dict:
        """Find the skills in a resume or any text the user gave (each with the words that evidence it, linked to
        ESCO and O*NET), and, with a target role (e.g. "data analyst"), the gaps for that role ordered by O*NET
        importance x distance, the strengths, and transferable skills. Pass the user's text unchanged; for a question
        with no resume in it ("what am I missing to become X?") the skills of their latest analysis are used."""
        user_id = (config.get("configurable") or {}).get("user_id")
        profile = get_profile(context.db, user_id) if user_id else None
        target = target_role or (profile.target_role if profile else None)
        reused = False
        current = profile.current_role if profile else None
        try:
            result = analyse(text=text, target_role=target, current_role=current,
                             also=watson_extractor(context.settings),
                             semantic=semantic_matcher(context.settings, wait=False))
            stored = latest_analysis(context.db, user_id) if user_id and not result.skills else None
            if stored and stored.skills:  # a question with no resume in it: the skills of the last one
                result = analyse(skills=[s.skill_name for s in stored.skills], target_role=target,
                                 current_role=current)
                reused = True
        except SkillInputError as exc:
            return {"error": exc.message, "field": exc.field}
        except NoMatch as exc:
            return {"error": exc.message, "field": "target_role", "suggestions": exc.suggestions}
        if user_id and not reused:
            result = result.model_copy(update={"analysis_id": save_analysis(context.db, user_id, result)})
        data = result.model_dump(mode="json", exclude_none=True)
        data["skills"], data["gaps"] = data["skills"][:TOP * 2], data["gaps"][:TOP]
        data["reused_analysis"] = reused
        return data

    return [StructuredTool.from_function(extract_skills, name="extract_skills")]
