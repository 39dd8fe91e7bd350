"""Learning intents: "find me a free course on SQL" → the search_courses tool → the courses found, each with its
provider and link; "what should I learn to become a data analyst?" / "make me a learning plan" → the
learning_plan tool (the gaps of the user's latest skills analysis) → the plan's courses with target dates. Without
a skills analysis the plan intent says so and offers a course search instead; it never invents courses or hours."""

from __future__ import annotations

import re

from agent.offline.intents import Intent, Plan, ToolRequest, Turn, register
from prompts import render

_COURSE_WORD = r"(?:courses?|classes|class|tutorials?|moocs?|trainings?|lessons?)"
_TOPIC = r"(?P<topic>[a-z0-9][\w #+./-]{0,60}?)"
_TOPIC_END = r"(?=\s*(?:[?!,;]|\.(?:\s|$)|$)|\s+(?:for (?:beginners?|free|me)|that|which|under|in less|please)\b)"
_FIND = [
    re.compile(r"\b" + _COURSE_WORD + r"\s+(?:on|about|in|for|to learn|covering|teaching)\s+" + _TOPIC + _TOPIC_END,
               re.I),
    re.compile(r"\b(?:learn|study|brush up on|get better at|improve (?:my|at))\s+" + _TOPIC + r"\s+(?:with|from|"
               r"through|via)\s+(?:an?\s+)?(?:free\s+|online\s+|good\s+)*" + _COURSE_WORD, re.I),
    re.compile(r"\b(?:any|some|good|free|recommend(?:ed)?|suggest(?:ed)?)\s+(?:free\s+|online\s+|good\s+)*"
               + _TOPIC + r"\s+" + _COURSE_WORD + r"\b", re.I),
]
_ASKS_FOR_COURSES = re.compile(r"\b(?:find|recommend|suggest|show|give|any|need|want|looking for|search|where can i"
                               r"|what are)\b", re.I)
_FREE = re.compile(r"\bfree\b|\bno cost\b|\bwithout paying\b", re.I)
_LEVEL = re.compile(r"\b(?P<level>beginners?|intermediate|advanced)\b", re.I)
_MAX_HOURS = re.compile(r"\b(?:under|less than|at most|no more than|max(?:imum)?)\s+(?P<hours>\d{1,3})\s*(?:h|hrs?|"
                        r"hours?)\b", re.I)
_FILLER = re.compile(r"^(?:a|an|the|some|free|online|good|my)\s+|\s+(?:skills?|basics)$", re.I)

_PLAN_ASK = re.compile(r"\bwhat (?:should|do|must|can) i (?:learn|study)\b|\b(?:learning|study|training|course) "
                       r"(?:plan|path|roadmap)\b", re.I)
_PLAN_END = r"(?=\s*(?:[?!.,;]|$)|\s+(?:role|job|position|with|in|at|using|please|if|so)\b)"
_PLAN_ROLE = re.compile(r"\b(?:to (?:become|be|get|work as)|for)\s+(?:an?|the)\s+(?P<role>[a-z][\w /&+.-]{1,60}?)"
                        + _PLAN_END + r"|\bto (?:become|work as)\s+(?P<bare>[a-z][\w /&+.-]{1,60}?)" + _PLAN_END, re.I)
_PLAN_SKILLS = re.compile(r"\b(?:plan|path|roadmap)\s+(?:for|on|to learn)\s+(?!an?\s|the\s|me\b|my\b)"
                          r"(?P<skills>[a-z0-9][\w #+./,-]{0,100}?)" + _PLAN_END, re.I)
_HOURS_A_WEEK = re.compile(r"\b(?P<hours>\d{1,2}(?:\.\d)?)\s*(?:h|hrs?|hours?)\s*(?:a|per|each|/)\s*week\b", re.I)
_NOT_TOPICS = {"a", "an", "the", "me", "some", "beginners", "beginner", "free", "kids", "dummies", "you", "work",
               "it", "this", "that", "them"}
_NOT_ROLES = {"my career", "work", "my job", "this", "it", "that"}


def course_query(text: str) -> dict | None:
    """The search_courses arguments a message asks for, or None when it does not ask for courses."""
    for pattern in _FIND:
        match = pattern.search(text)
        if match:
            topic = _FILLER.sub("", match.group("topic").strip(" .,")).strip()
            if topic and topic.lower() not in _NOT_TOPICS:
                args: dict = {"query": topic, "free_only": bool(_FREE.search(text))}
                if level := _LEVEL.search(text):
                    args["level"] = "beginner" if level.group("level").lower().startswith("beginner") \
                        else level.group("level").lower()
                if hours := _MAX_HOURS.search(text):
                    args["max_hours"] = float(hours.group("hours"))
                return args
    return None


def plan_question(text: str) -> dict | None:
    """The learning_plan arguments a message asks for, or None when it does not ask for a plan."""
    if not _PLAN_ASK.search(text):
        return None
    args: dict = {"free_only": bool(_FREE.search(text))}
    if role := _PLAN_ROLE.search(text):
        name = (role.group("role") or role.group("bare")).strip(" .,")
        if name.lower() not in _NOT_ROLES:
            args["target_role"] = name
    elif skills := _PLAN_SKILLS.search(text):
        args["skills"] = [s.strip() for s in re.split(r",|\band\b", skills.group("skills")) if s.strip()]
    if hours := _HOURS_A_WEEK.search(text):
        args["hours_per_week"] = float(hours.group("hours"))
    return args


@register
class FindCourses(Intent):
    name = "find_courses"
    requires = ("search_courses",)
    help_line = "find courses for a skill, e.g. \"find me a free course on SQL\" (with provider and link)"

    def score(self, turn: Turn) -> float:
        if not course_query(turn.text):
            return 0.0
        return 0.88 if _ASKS_FOR_COURSES.search(turn.text) or _FREE.search(turn.text) else 0.8

    def plan(self, turn: Turn) -> Plan:
        return [ToolRequest("search_courses", course_query(turn.text) or {})]

    def respond(self, turn: Turn) -> Plan:
        return render("offline/course_search", result=turn.results.get("search_courses") or {})


@register
class LearningPlanIntent(Intent):
    name = "learning_plan"
    requires = ("learning_plan",)
    help_line = ("make a learning plan from your skill gaps, e.g. \"what should I learn to become a data analyst?\" "
                 "(courses in order, fitted into your hours a week)")

    def score(self, turn: Turn) -> float:
        return 0.9 if plan_question(turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        return [ToolRequest("learning_plan", plan_question(turn.text) or {})]

    def respond(self, turn: Turn) -> Plan:
        args = plan_question(turn.text) or {}
        return render("offline/learning_plan", result=turn.results.get("learning_plan") or {},
                      target_role=args.get("target_role"))
