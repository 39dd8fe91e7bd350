"""Profile intents: remember what the user says about themselves, and tell them what is remembered."""

from __future__ import annotations

from agent.offline.intents import Intent, Plan, ToolRequest, Turn, matches, register
from prompts import render

_ASKS_ABOUT_ME = (
    r"\b(what do you (know|remember)|what have you (saved|stored|got)|(show|see|view) my profile|my profile\b"
    r"|who am i|where (am i|do i (live|work))|what('s| is) my (role|job|title|location|experience|target|goal)"
    r"|what do i do\b|remember (me|about me))"
)

_SAYS_WHERE_OR_FIELD = (
    r"\b(i live|i'm living|i am living|i'm based|i am based|based in|located in|i'm in|i am in|i'm from|i am from"
    r"|moving to|relocating to|i work in|i'm working in|i am working in|my (industry|field|sector) is)\b"
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
        # A bare place or industry is only a profile fact when the user says it of themselves.
        return 0.5 if matches(_SAYS_WHERE_OR_FIELD, turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        return [ToolRequest("career_profile", {"action": "update", **turn.slots.profile_fields()})]

    def respond(self, turn: Turn) -> Plan:
        result = turn.results.get("career_profile") or {}
        if result.get("error"):
            return render("offline/profile_error", error=result["error"])
        return render("offline/profile_saved", changed=result.get("changed") or {},
                      previous=result.get("previous") or {}, summary=result.get("summary") or "",
                      profile=result.get("profile") or {}, beside_an_answer=turn.main not in ("", self.name))


@register
class ShowProfile(Intent):
    name = "profile_read"
    requires = ("career_profile",)
    help_line = "tell you what I remember about you"

    def score(self, turn: Turn) -> float:
        return 0.9 if matches(_ASKS_ABOUT_ME, turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        requests = [ToolRequest("career_profile", {"action": "get"})]
        if "recall_memories" in turn.tools:  # and what they said in conversations, newest first
            requests.append(ToolRequest("recall_memories", {"query": ""}))
        return requests

    def respond(self, turn: Turn) -> Plan:
        result = turn.results.get("career_profile") or {}
        memories = turn.results.get("recall_memories") or {}
        return render("offline/profile_summary", profile=result.get("profile") or {},
                      summary=result.get("summary") or "", memories=memories.get("memories") or [],
                      total=memories.get("total") or 0, memory_off=bool(memories.get("note")))
