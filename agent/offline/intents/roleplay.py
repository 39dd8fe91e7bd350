"""Negotiation practice: pointing the user to the role-play, and reporting how their role-plays went."""

from __future__ import annotations

from agent.offline.intents import Intent, Plan, ToolRequest, Turn, matches, register
from prompts import render

_PRACTICE = (r"\b(practi[cs]e|rehears\w*|role[- ]?play\w*|mock|simulat\w*|dry[- ]run)\b.{0,40}\b(negotiat\w*|"
             r"salary talk|recruiter|offer call)|\b(negotiat\w*)\b.{0,30}\b(practi[cs]e|role[- ]?play\w*|simulat\w*|"
             r"rehears\w*)\b|\bhow did my (negotiation|role[- ]?play)")


@register
class NegotiationPractice(Intent):
    name = "negotiation_practice"
    requires = ("negotiation_practice",)
    help_line = "rehearse a salary negotiation with a recruiter who has a hidden budget (role-play)"

    def score(self, turn: Turn) -> float:
        return 0.88 if matches(_PRACTICE, turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        return [ToolRequest("negotiation_practice", {})]

    def respond(self, turn: Turn) -> Plan:
        return render("offline/negotiation_practice", result=turn.results.get("negotiation_practice") or {})
