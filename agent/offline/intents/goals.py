"""Goal intents: "I want to become a product manager by June 2027" → a goal (track_goal create; the target role
is saved to the profile in the same step), "I finished the SQL course milestone" → progress, "what are my goals?"
→ the list with progress and overdue milestones. Every figure in a reply (progress %, dates) is the tool's.

A wish without a date or the word "goal" ("I want to become a product manager") stays the profile's: it saves
the target role, and no goal is made behind the user's back.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

from agent.offline.intents import Intent, Plan, ToolRequest, Turn, register
from prompts import render

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# "by June 2027", "by the end of 2027", "by March 15, 2027", "by 15 March 2027", "by 2027-06-30", "by 2027"
_BY_DATE = re.compile(
    r"\b(?:by|before|until)\s+(?:the\s+end\s+of\s+|end\s+of\s+)?(?:"
    r"(?P<iso>\d{4}-\d{2}-\d{2})|(?P<month>" + _MONTH + r")\s+(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+)?(?P<year>\d{4})"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>" + _MONTH + r")\s+(?P<year2>\d{4})|(?P<year3>\d{4}))\b"
    r"|\b(?:in|within)\s+(?P<count>\d{1,2}|a|one|two|three|six)\s+(?P<unit>months?|years?|weeks?)\b", re.I)
_WORD_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "six": 6}
_WANT = re.compile(r"\b(?:i\s+(?:want|plan|hope|aim|intend|would like|'d like)\s+to|i'm\s+going\s+to"
                   r"|my\s+goal\s+is\s+to|(?:set|add|create|make|track)\s+(?:a\s+|me\s+a\s+|my\s+)?(?:new\s+)?goal"
                   r"(?:\s+to|:)?|goal:)\s+(?P<what>.+)", re.I)
_GOAL_WORD = re.compile(r"\b(?:goals?|milestones?)\b", re.I)
_BECOME = re.compile(r"^(?:become|work as|get (?:a job|hired) as|land (?:a|an) (?:job|role) as)\s+"
                     r"(?:an?\s+|the\s+)?(?P<role>[a-z][a-z /&+.-]{1,60}?)"
                     r"(?:\s+(?:role|position|job))?$", re.I)
_WITH_MILESTONES = re.compile(r"[,;]?\s*(?:with\s+)?milestones?\s*(?:are|:|-)?\s*(?P<list>.+)$", re.I)
_FINISHED = re.compile(r"\bi(?:'ve| have)?\s+(?:just\s+)?(?:finished|completed|done|passed|reached|hit|achieved|"
                       r"wrapped up|got through)\s+(?:with\s+)?(?:the\s+|my\s+)?(?P<what>.+?)"
                       r"(?:\s+(?:milestone|step)s?)?(?:\s+(?:for|of|on|towards?)\s+my\s+goals?)?\s*[.!]*$", re.I)
_NUMBERED = re.compile(r"^(?:milestone|step)\s+(?:no\.?\s*|#)?(\d{1,2})$", re.I)
_PERCENT = re.compile(r"\b(?P<pct>\d{1,3})\s?%\s+(?:done|complete|completed|there|through|of the way)\b", re.I)
_LIST = re.compile(r"\b(?:what(?:'s| is| are)\s+my\s+goals?|(?:show|list|see|view|check|review)\s+(?:me\s+)?(?:all\s+)?"
                   r"my\s+goals?|my\s+goals\s*\??$|how\s+am\s+i\s+doing\s+(?:on|with)\s+my\s+goals?"
                   r"|(?:goal|goals)\s+progress|progress\s+(?:on|of)\s+my\s+goals?|(?:am i|what's|what is)\s+"
                   r"(?:behind|overdue)|overdue\s+milestones?)\b", re.I)


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_target_date(text: str, today: date | None = None) -> date | None:
    """The goal's date in a message, or None. A month alone means its last day; a year alone, December 31."""
    match = _BY_DATE.search(text)
    if not match:
        return None
    today = today or date.today()
    parts = match.groupdict()
    try:
        if parts["iso"]:
            return date.fromisoformat(parts["iso"])
        if parts["month"] or parts["month2"]:
            month = _MONTHS[(parts["month"] or parts["month2"]).lower().rstrip(".")]
            year, day = int(parts["year"] or parts["year2"]), parts["day"] or parts["day2"]
            return date(year, month, int(day)) if day else _end_of_month(year, month)
        if parts["year3"]:
            return date(int(parts["year3"]), 12, 31)
    except ValueError:
        return None
    count = _WORD_NUMBERS.get(parts["count"].lower()) or int(parts["count"])
    unit = parts["unit"].lower()
    if unit.startswith("week"):
        return today + timedelta(weeks=count)
    months = today.month - 1 + count * (12 if unit.startswith("year") else 1)
    year, month = today.year + months // 12, months % 12 + 1
    return min(date(year, month, today.day if today.day <= 28 else 28), _end_of_month(year, month))


def parse_goal(text: str) -> dict[str, Any] | None:
    """What a goal-setting message says: description, target date, milestones, and the role it aims at."""
    wish = _WANT.search(text)
    target = parse_target_date(text)
    if not wish or (target is None and not _GOAL_WORD.search(text)):
        return None
    what = wish.group("what")
    milestones: list[str] = []
    listed = _WITH_MILESTONES.search(what)
    if listed:
        milestones = [m.strip(" .") for m in re.split(r",\s*(?:and\s+)?|\s+and\s+|;\s*", listed.group("list"))
                      if m.strip(" .")]
        what = what[:listed.start()]
    what = _BY_DATE.sub("", what)
    what = re.sub(r"\s+", " ", what).strip(" .,!?;:")
    if not what:
        return None
    role_match = _BECOME.match(what)
    return {"description": what[0].upper() + what[1:], "target_date": target,
            "milestones": milestones, "role": role_match.group("role").strip() if role_match else None}


@register
class CreateGoal(Intent):
    name = "goal_create"
    requires = ("track_goal",)
    help_line = "track a career goal with milestones and dates (\"I want to become a product manager by June 2027\")"
    exclusive = True  # it saves the target role itself: the profile's reading of "X by June" would keep "by June"

    def score(self, turn: Turn) -> float:
        return 0.9 if parse_goal(turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        goal = parse_goal(turn.text) or {}
        requests = []
        if goal.get("role") and "career_profile" in turn.tools:
            fields = {**turn.slots.profile_fields(), "target_role": goal["role"]}
            requests.append(ToolRequest("career_profile", {"action": "update", **fields}))
        args = {"action": "create", "description": goal["description"],
                "goal_type": "role_change" if goal.get("role") else "career"}
        if goal.get("target_date"):
            args["target_date"] = goal["target_date"].isoformat()
        if goal.get("milestones"):
            args["milestones"] = goal["milestones"]
        return [*requests, ToolRequest("track_goal", args)]

    def respond(self, turn: Turn) -> Plan:
        result = turn.results.get("track_goal") or {}
        profile = turn.results.get("career_profile") or {}
        return render("offline/goal_created", result=result, goal=result.get("goal") or {},
                      saved_role=(profile.get("changed") or {}).get("target_role"))


@register
class ReportGoalProgress(Intent):
    name = "goal_progress"
    requires = ("track_goal",)
    help_line = "record progress on your goals (\"I finished the SQL course milestone\")"

    def score(self, turn: Turn) -> float:
        if not _GOAL_WORD.search(turn.text):
            return 0.0  # "I finished the course" alone may be about a learning plan, not a goal
        return 0.88 if _FINISHED.search(turn.text) or _PERCENT.search(turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        finished = _FINISHED.search(turn.text)
        if finished:
            milestone: str | int = re.sub(r"\s+", " ", finished.group("what")).strip(" .,!")
            numbered = _NUMBERED.match(str(milestone))
            if numbered:  # "I finished milestone 2"
                milestone = int(numbered.group(1))
            return [ToolRequest("track_goal", {"action": "progress", "milestone": milestone})]
        percent = float(_PERCENT.search(turn.text).group("pct"))
        return [ToolRequest("track_goal", {"action": "progress", "progress_percentage": percent})]

    def respond(self, turn: Turn) -> Plan:
        result = turn.results.get("track_goal") or {}
        return render("offline/goal_progress", result=result, goal=result.get("goal") or {})


@register
class ListGoals(Intent):
    name = "goal_list"
    requires = ("track_goal",)
    help_line = "show your goals, their progress and overdue milestones"

    def score(self, turn: Turn) -> float:
        return 0.92 if _LIST.search(turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        return [ToolRequest("track_goal", {"action": "list"})]

    def respond(self, turn: Turn) -> Plan:
        result = turn.results.get("track_goal") or {}
        return render("offline/goal_list", goals=result.get("goals") or [])
