"""Conversational intents: greetings, thanks, help, and the fallback for what the coach doesn't do."""

from __future__ import annotations

from agent.offline.intents import Intent, Plan, TemplateReply, ToolRequest, Turn, matches, register
from prompts import render

_GREETING = r"^\s*(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening)|greetings|yo)\b[\s!.,]*(there|coach)?[\s!.,]*$"
_THANKS = r"^\s*(thanks|thank you|thx|cheers|great,? thanks|ok(ay)?,? thanks|bye|goodbye|see you)\b"
_HELP = r"^\s*(help|/help|\?|what can you do|what do you do|how can you help|what are you)\b"


@register
class Greeting(Intent):
    name = "greeting"

    def score(self, turn: Turn) -> float:
        return 0.8 if matches(_GREETING, turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        if "career_profile" in turn.tools:
            return [ToolRequest("career_profile", {"action": "get"})]
        return self.respond(turn)

    def respond(self, turn: Turn) -> Plan:
        result = turn.results.get("career_profile") or {}
        return render("offline/greeting", summary=result.get("summary") or "", capabilities=turn.capabilities)


@register
class Thanks(TemplateReply):
    name = "thanks"
    pattern = _THANKS
    confidence = 0.6
    template = "offline/thanks"

    def score(self, turn: Turn) -> float:
        return super().score(turn) if len(turn.text) < 80 else 0.0


@register
class Help(Intent):
    """Also the fallback: what the engine does not understand gets an honest list of what it can do."""

    name = "help"

    def score(self, turn: Turn) -> float:
        return 0.9 if matches(_HELP, turn.text) else 0.01

    def plan(self, turn: Turn) -> Plan:
        understood = matches(_HELP, turn.text)
        return render("offline/help", understood=understood, capabilities=turn.capabilities)
