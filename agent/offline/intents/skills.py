"""Skills intents: "here is my resume: ... what skills do I have for a data analyst role?" / "what skills am I
missing to become a data analyst?" → the extract_skills tool → the top skills with the words that evidence them,
and for the target role (said, or the profile's) the top gaps with O*NET levels. With no resume in the message
the tool reuses the user's latest analysis. Learning plans ("what should I learn to ...") are not this intent."""

from __future__ import annotations

import re

from agent.offline.intents import Intent, Plan, ToolRequest, Turn, register
from prompts import render

_ASK = re.compile(r"\bwhat (?:skills|strengths) (?:do i (?:have|lack|need)|am i (?:missing|lacking))\b|"
                  r"\bskills? gaps?\b|\b(?:analy[sz]e|review|check|scan)\s+(?:my|this)\s+(?:resume|cv)\b|"
                  r"\bhere(?:'s| is) my (?:resume|cv)\b|\bmy (?:resume|cv)\s*:|\bwhat skills\b.{0,40}\b(?:resume|cv)\b",
                  re.I)
_RESUME = re.compile(r"\b(?:resume|cv)\s*[:\-]\s*(?P<text>.+)", re.I | re.S)
_ROLE_END = r"(?=\s*(?:[?!.,;]|$)|\s+(?:role|job|position|with|in|at|please|if|so)\b)"
_ROLE = re.compile(r"\b(?:for|as|to (?:become|be|work as))\s+(?:an?|the)\s+(?P<role>[a-z][\w /&+.-]{1,60}?)"
                   + _ROLE_END + r"|\bto become\s+(?P<bare>[a-z][\w /&+.-]{1,60}?)" + _ROLE_END, re.I)
_NOT_ROLES = {"job", "role", "position", "new job", "career"}


def skills_question(text: str) -> dict | None:
    """The extract_skills arguments a message asks for, or None when it is not a skills question."""
    if not _ASK.search(text):
        return None
    resume = _RESUME.search(text)
    args: dict = {"text": (resume.group("text") if resume else text).strip()}
    question = text[:resume.start()] + " " + text[resume.end():] if resume else text
    role = _ROLE.search(question) or _ROLE.search(text[-300:])
    if role:
        name = (role.group("role") or role.group("bare")).strip(" .,")
        if name.lower() not in _NOT_ROLES:
            args["target_role"] = name
    return args


@register
class SkillsAnalysisIntent(Intent):
    name = "skills_analysis"
    requires = ("extract_skills",)
    exclusive = True  # a pasted resume is full of words the profile reader would take for facts about the user
    help_line = ("find the skills in your resume and your gaps for a role, e.g. \"here is my resume: ... what skills "
                 "am I missing to become a data analyst?\"")

    def score(self, turn: Turn) -> float:
        return 0.89 if skills_question(turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        return [ToolRequest("extract_skills", skills_question(turn.text) or {"text": turn.text})]

    def respond(self, turn: Turn) -> Plan:
        return render("offline/skills_analysis", result=turn.results.get("extract_skills") or {})
