"""The `career_assessment` LangChain tool: the user's latest assessment results (interests, work style, values),
so the agent can use them; the questionnaires themselves are taken on the site (they are 20-60 items)."""

from __future__ import annotations

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, StructuredTool

from tools.assessment.questionnaires import KINDS, questionnaires
from tools.assessment.store import latest_results
from tools.registry import ToolContext
from tools.run_config import config_user_id

# Where a person takes the questionnaires (the page on the coach's site), and where a program reads their items.
QUESTIONNAIRES_URL = "/assessment"
QUESTIONNAIRES_API = "/api/career/assessment/questionnaires"



def make_tools(context: ToolContext) -> list[BaseTool]:
    def career_assessment(config: RunnableConfig) -> dict:
        """The user's latest results of the career questionnaires: interests (RIASEC scores, Holland code, O*NET
        occupations that fit, with SOC codes), work style (Big Five traits and notes) and work values, plus the
        questionnaires not taken yet and where to take them. Use it for "what careers fit my interests?"."""
        latest = latest_results(context.db, config_user_id(config, "career_assessment"))
        forms = questionnaires()
        return {"results": {kind: {"scores": record.scores, "result": record.result,
                                   "taken": record.created_at.date().isoformat()} for kind, record in latest.items()},
                "not_taken": [{"kind": kind, "title": forms[kind]["title"], "items": len(forms[kind]["items"])}
                              for kind in KINDS if kind not in latest],
                "questionnaires_url": QUESTIONNAIRES_URL, "questionnaires_api": QUESTIONNAIRES_API,
                "submit": "POST /api/career/assessment"}

    return [StructuredTool.from_function(career_assessment, name="career_assessment")]
