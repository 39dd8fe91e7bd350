"""The offline goal and assessment intents: what they read from a message, which tools they call, the replies
they write from the tools' results, and the questions they leave to other intents."""

from __future__ import annotations

import json
from datetime import date

import pytest
from langchain_core.messages import HumanMessage, ToolMessage
from langchain_core.tools import tool

from agent.offline.intents.goals import parse_goal, parse_target_date
from agent.offline.model import OfflineChatModel
from agent.settings import Settings
from evals.grounding import check_grounding
from memory.db import create_db_engine
from memory.users import create_user
from tools.assessment.engine import AssessmentRequest
from tools.assessment.store import assess_and_save
from tools.assessment.tool import make_tools as assessment_tools
from tools.registry import ToolContext

TODAY = date(2026, 11, 22)


@tool
def track_goal(action: str = "list", description: str | None = None, target_date: str | None = None,
               goal_type: str = "career", milestones: list[str] | None = None, goal_id: int | None = None,
               milestone: str | int | None = None, progress_percentage: float | None = None) -> dict:
    """Stand-in signature of the real tool."""
    return {}


@tool
def career_profile(action: str = "get", target_role: str | None = None, current_role: str | None = None,
                   location: str | None = None) -> dict:
    """Stand-in signature of the real tool."""
    return {}


@tool
def career_assessment() -> dict:
    """Stand-in signature of the real tool."""
    return {}


@pytest.mark.parametrize(("text", "expected"), [
    ("by June 2027", date(2027, 6, 30)), ("by Feb 2028", date(2028, 2, 29)), ("by the end of 2026", date(2026, 12, 31)),
    ("by March 15, 2027", date(2027, 3, 15)), ("by 15 March 2027", date(2027, 3, 15)),
    ("by 2027-01-31", date(2027, 1, 31)), ("within 6 months", date(2027, 5, 22)), ("in two years", date(2028, 11, 22)),
    ("by February 30, 2027", None), ("by Friday", None), ("someday", None),
])
def test_target_dates(text: str, expected: date | None) -> None:
    assert parse_target_date(text, TODAY) == expected


def test_a_wish_becomes_a_goal_only_with_a_date_or_the_word_goal() -> None:
    assert parse_goal("I want to become a product manager") is None
    assert parse_goal("I want to become a product manager by June 2027")["role"] == "product manager"
    goal = parse_goal("Set a goal: run a 10k, milestones: 5k in May; 8k in July")
    assert goal["description"] == "Run a 10k" and goal["milestones"] == ["5k in May", "8k in July"]
    assert goal["role"] is None and goal["target_date"] is None


def _plan(text: str, *tools):
    return OfflineChatModel().bind_tools(list(tools)).invoke([HumanMessage(text)]).tool_calls


def test_a_dated_goal_saves_the_role_and_creates_the_goal_together() -> None:
    calls = _plan("I want to become a product manager by June 2027", track_goal, career_profile)
    assert [(c["name"], c["args"]) for c in calls] == [
        ("career_profile", {"action": "update", "target_role": "product manager"}),
        ("track_goal", {"action": "create", "description": "Become a product manager", "goal_type": "role_change",
                        "target_date": "2027-06-30"})]


@pytest.mark.parametrize(("text", "args"), [
    ("I finished the SQL course milestone", {"action": "progress", "milestone": "SQL course"}),
    ("I've completed milestone 2", {"action": "progress", "milestone": 2}),
    ("I'm 40% done with my goal", {"action": "progress", "progress_percentage": 40.0}),
    ("what are my goals?", {"action": "list"}),
    ("how am I doing on my goals", {"action": "list"}),
])
def test_progress_and_list(text: str, args: dict) -> None:
    calls = _plan(text, track_goal, career_profile)
    assert [(c["name"], c["args"]) for c in calls] == [("track_goal", args)]


@pytest.mark.parametrize("text", ["I want to become a product manager", "I finished the Python course",
                                  "what does a nurse make in Denver?", "what's my target role?"])
def test_other_questions_are_left_alone(text: str) -> None:
    assert "track_goal" not in [c["name"] for c in _plan(text, track_goal, career_profile, career_assessment)]
    assert "career_assessment" not in [c["name"] for c in _plan(text, track_goal, career_profile, career_assessment)]


def test_stored_interest_results_are_read_back_with_their_occupations(settings: Settings) -> None:
    db = create_db_engine(settings.sqlalchemy_url)
    user = create_user(db, email=None, password_hash=None, is_guest=True)
    answers = {f"ip{n}": 5 if (n - 1) % 6 == 5 else 2 for n in range(1, 61)}  # Conventional
    assess_and_save(db, user.id, AssessmentRequest(kind="interests", answers=answers, job_zone=3))
    real = assessment_tools(ToolContext(db=db))[0]
    data = real.invoke({}, config={"configurable": {"user_id": user.id}})
    assert set(data["results"]) == {"interests"} and len(data["not_taken"]) == 2

    model = OfflineChatModel().bind_tools([career_assessment])
    history = [HumanMessage("what careers fit my interests?")]
    planned = model.invoke(history)
    reply = model.invoke([*history, planned, ToolMessage(json.dumps(data), tool_call_id=planned.tool_calls[0]["id"],
                                                         name="career_assessment")]).content
    first = data["results"]["interests"]["result"]["occupations"][0]
    assert data["results"]["interests"]["result"]["code"].startswith("C")
    assert f"{first['title']} (SOC {first['soc_code']})" in reply and "O*NET" in reply
    assert "Not taken yet: Mini-IPIP Big Five (20 items); Work values (21 items)" in reply
    assert check_grounding(reply, [{"name": "career_assessment", "data": data}]) == []
    db.dispose()
