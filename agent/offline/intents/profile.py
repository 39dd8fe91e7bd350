"""Profile intents: remember what the user says about themselves, and tell them what is remembered."""

from __future__ import annotations

from agent.offline.intents import Intent, Plan, ToolRequest, Turn, matches, register
from prompts import render

_ASKS_ABOUT_ME = (
    r"\b(what do you (know|remember)|what have you (saved|stored|got)|(show|see|view) my profile|my profile\b"
    r"|who am i|where (am i|do i (live|work))|what('s| is) my (role|job|title|location|experience|target|goal)"
    r"|what do i do\b|remember (me|about me))"
)


@register
class SaveProfile(Intent):
    """Facts the user states about themselves, as the main request or in passing."""

    name = "profile_update"
    requires = ("career_profile",)
    help_line = "remember your background: tell me your role, location, experience and the role you're aiming for"
    companion = True

    def score(self, turn: Turn) -> float:
        if not turn.slots.profile_fields():
            return 0.0
        if turn.slots.current_role or turn.slots.target_role or turn.slots.experience_years is not None:
            return 0.7
        # A bare place or industry is only a profile fact when the user speaks about themselves.
        return 0.5 if matches(r"\b(i|i'm|i am|my|me)\b", turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        return [ToolRequest("career_profile", {"action": "update", **turn.slots.profile_fields()})]

    def respond(self, turn: Turn) -> Plan:
        result = turn.results.get("career_profile") or {}
        if result.get("error"):
            return render("offline/profile_error", error=result["error"])
        return render("offline/profile_saved", changed=result.get("changed") or {},
                      previous=result.get("previous") or {}, summary=result.get("summary") or "")


@register
class ShowProfile(Intent):
    name = "profile_read"
    requires = ("career_profile",)
    help_line = "tell you what I remember about you"

    def score(self, turn: Turn) -> float:
        return 0.9 if matches(_ASKS_ABOUT_ME, turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        return [ToolRequest("career_profile", {"action": "get"})]

    def respond(self, turn: Turn) -> Plan:
        result = turn.results.get("career_profile") or {}
        return render("offline/profile_summary", profile=result.get("profile") or {},
                      summary=result.get("summary") or "")
