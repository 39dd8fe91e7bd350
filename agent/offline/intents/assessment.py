"""Assessment intent: "what careers fit my interests?" → the career_assessment tool → the occupations the user's
stored interest results point to (O*NET, with the fit and job zone), or, before any result, where to take the
questionnaires. The questionnaires themselves (20-60 items) are taken on the site, not in chat."""

from __future__ import annotations

import re

from agent.offline.intents import Intent, Plan, ToolRequest, Turn, register
from prompts import render

_ASKS = re.compile(
    r"\b(?:(?:what|which)\s+(?:careers?|jobs?|occupations?|work|roles?)\s+(?:would\s+|might\s+|could\s+)?"
    r"(?:fits?|suits?|matches|match|is right|are right|would be good)\s+(?:for\s+)?(?:me|my\s+(?:interests?|"
    r"personality|values|strengths))"
    r"|(?:careers?|jobs?|occupations?)\s+(?:that\s+)?(?:fit|suit|match)\s+my\s+(?:interests?|personality|values)"
    r"|(?:interest|career|personality|work[- ]style|work values?)\s+(?:profiler|test|quiz|assessment|questionnaire)s?"
    r"|(?:riasec|holland code|big five|myers|my\s+(?:interests?|personality)\s+results?|assessment results?)"
    r"|(?:take|do|start)\s+(?:an?|the)\s+(?:career\s+)?(?:assessment|questionnaire|quiz))\b", re.I)


@register
class CareerInterests(Intent):
    name = "career_interests"
    requires = ("career_assessment",)
    help_line = "find careers that fit your interests, work style and values (O*NET Interest Profiler, Big Five)"

    def score(self, turn: Turn) -> float:
        return 0.9 if _ASKS.search(turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        return [ToolRequest("career_assessment", {})]

    def respond(self, turn: Turn) -> Plan:
        result = turn.results.get("career_assessment") or {}
        results = result.get("results") or {}
        return render("offline/assessment_results", interests=results.get("interests") or {},
                      work_style=results.get("work_style") or {}, values=results.get("values") or {},
                      not_taken=result.get("not_taken") or [], url=result.get("questionnaires_url") or "")
