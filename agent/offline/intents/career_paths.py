"""Career pivot intents: "how do I get from nurse to nurse practitioner?", "I want to move from teaching into
instructional design, what's the path?" → the career_roadmap tool → the scenarios with their steps, time,
pay change and source. Roles or place the message leaves out come from the saved profile (the tool reads it)."""

from __future__ import annotations

import re

from agent.offline.intents import Intent, Plan, ToolRequest, Turn, register
from prompts import render

_ROLE = r"(?:an?\s+|the\s+)?(?P<{name}>[a-z][\w /&+.-]{{1,60}}?)"
_ROLE_END = (r"(?=\s*(?:[,;!?]|\.(?:\s|$)|$)|\s+(?:in|near|around)\s+[A-Z]"
             r"|\s+(?:role|career|position|job|field|what|how|and|but|is|would|could|please)\b)")
_FROM_TO = re.compile(r"\bfrom\s+(?:being\s+|working\s+as\s+)?" + _ROLE.format(name="current")
                      + r"\s+(?:to|into|towards?|over to)\s+(?:becoming\s+|being\s+)?" + _ROLE.format(name="target")
                      + _ROLE_END, re.IGNORECASE)
_BECOME = re.compile(r"\b(?:how (?:do|can|could|would|should) i (?:become|get into|break into|move into|switch to|"
                     r"transition (?:to|into)|pivot (?:to|into))|(?:career )?(?:path|roadmap|route|steps?) "
                     r"(?:to|towards?)(?:\s+becoming)?)\s+" + _ROLE.format(name="target") + _ROLE_END, re.IGNORECASE)
# The move itself must be what is asked about, not pay ("what does a nurse make") or an offer.
_PIVOT_CUE = re.compile(r"\b(?:get|go|going|move|moving|switch\w*|transition\w*|pivot\w*|chang\w*|jump\w*|shift\w*|"
                        r"path|roadmap|route|steps?|become|becoming|career)\b", re.IGNORECASE)
_ROLE_SUFFIX = re.compile(r"\s+(?:role|career|position|job|field)$", re.IGNORECASE)
_PLACE = re.compile(r"\s(?:in|near|around)\s+(?P<place>[A-Z][\w.'-]*(?:[ -][A-Z][\w.'-]*){0,3}(?:,\s*[A-Z]{2}\b)?)")


def _clean(role: str | None) -> str | None:
    role = _ROLE_SUFFIX.sub("", (role or "").strip(" ,.")).strip()
    return role or None


def pivot_question(text: str) -> tuple[str | None, str | None] | None:
    """(current, target) named in a pivot question, None for either the message leaves out; None when the
    message is not a pivot question."""
    if not _PIVOT_CUE.search(text):
        return None
    match = _FROM_TO.search(text)
    if match:
        return _clean(match.group("current")), _clean(match.group("target"))
    match = _BECOME.search(text)
    if match:
        return None, _clean(match.group("target"))
    return None


@register
class CareerRoadmap(Intent):
    name = "career_roadmap"
    requires = ("career_roadmap",)
    help_line = ("plan a career move, e.g. \"how do I get from nurse to nurse practitioner?\" (O*NET paths, BLS pay "
                 "and outlook)")

    def score(self, turn: Turn) -> float:
        return 0.92 if pivot_question(turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        current, target = pivot_question(turn.text) or (None, None)
        place = _PLACE.search(turn.text)
        return [ToolRequest("career_roadmap", {
            "current_role": current or turn.slots.current_role, "target_role": target or turn.slots.target_role,
            "location": place.group("place") if place else turn.slots.location})]

    def respond(self, turn: Turn) -> Plan:
        return render("offline/career_roadmap", result=turn.results.get("career_roadmap") or {})
