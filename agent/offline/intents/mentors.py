"""Mentor intents: "find me a mentor for moving into product management" → the find_mentor tool → the best
mentors with their match and the reasons (without a target role or skills, asked or in the profile, the tool says
what is missing, and so does the reply); "help me reach out to Priya" → a drafted request; "send the request to
Priya" → the request sent (the mentor_request tool)."""

from __future__ import annotations

import re

from agent.offline.intents import Intent, Plan, ToolRequest, Turn, register
from prompts import render

_ASKS_FOR_MENTOR = re.compile(r"\b(?:find|match|need|want|looking for|get|recommend|suggest|connect|pair|any)\b"
                              r"[^.?!]{0,40}?\bmentors?\b|\bmentors? (?:for|who|that)\b", re.I)
_SKILLS = re.compile(r"\bmentors? (?:who|that) (?:knows?|teach(?:es)?|can teach|is good at|helps? (?:me )?with)\s+"
                     r"(?P<skills>[\w #+./,-]+?)(?=\s*[?.!]|$)", re.I)


@register
class FindMentor(Intent):
    name = "find_mentor"
    requires = ("find_mentor",)
    help_line = 'find you a mentor, e.g. "find me a mentor for moving into product management"'

    def score(self, turn: Turn) -> float:
        return 0.9 if _ASKS_FOR_MENTOR.search(turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        args: dict = {}
        if turn.slots.target_role:
            args["target_role"] = turn.slots.target_role
        if skills := _SKILLS.search(turn.text):
            args["skills_to_learn"] = [s.strip() for s in re.split(r",|\band\b", skills.group("skills")) if s.strip()]
        return [ToolRequest("find_mentor", args)]

    def respond(self, turn: Turn) -> Plan:
        result = turn.results.get("find_mentor") or {}
        return render("offline/mentors", result=result, mentors=result.get("mentors") or [],
                      matched_on=result.get("matched_on") or {})


_NAME = r"(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
_DRAFT = re.compile(r"\b(?:reach out to|contact|(?:draft|write|compose)\b[^.?!]{0,30}?\b(?:request|message|note) "
                    r"(?:to|for))\s+" + _NAME)
_SEND = re.compile(r"\b(?:send|submit)\b[^.?!]{0,30}?\b(?:request|message)\s+to\s+" + _NAME + r"|\bask\s+"
                   + _NAME.replace("?P<name>", "?P<asked>") + r"\s+to (?:be my )?mentor")


@register
class MentorRequest(Intent):
    name = "mentor_request"
    requires = ("mentor_request",)
    help_line = 'help you reach out to a mentor, e.g. "help me reach out to Priya"'

    def score(self, turn: Turn) -> float:
        return 0.95 if _SEND.search(turn.text) or _DRAFT.search(turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        send = _SEND.search(turn.text)
        found = send or _DRAFT.search(turn.text)
        name = found.group("name") or (found.groupdict().get("asked") if send else None)
        return [ToolRequest("mentor_request", {"mentor": name, "send": bool(send)})]

    def respond(self, turn: Turn) -> Plan:
        return render("offline/mentor_request", result=turn.results.get("mentor_request") or {})
