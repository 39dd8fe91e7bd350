"""The search_courses and learning_plan tools over a real database, and the offline intents around them: course
questions become search_courses calls, "what should I learn to become X" with gaps on record becomes a plan whose
reply cites each course's provider and link, and other intents keep their questions."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import HumanMessage, ToolMessage
from sqlalchemy.engine import Engine

from agent.offline.model import OfflineChatModel
from memory.db import session_scope
from memory.models import SkillAssessment
from memory.users import create_user
from tools.registry import ToolContext
from tools.learning.tool import make_tools


@pytest.fixture
def tools(db: Engine) -> dict:
    return {t.name: t for t in make_tools(ToolContext(db=db))}


def test_search_courses_gives_the_widget_shape(tools: dict) -> None:
    result = tools["search_courses"].invoke({"query": "SQL", "free_only": True})
    course = result["courses"][0]
    assert {"title", "provider", "url", "level", "duration", "price"} <= set(course)
    assert all(c["price"] == 0 for c in result["courses"]) and result["source"]["name"]
    assert tools["search_courses"].invoke({"query": "SQL", "max_hours": -1})["field"] == "max_hours"
    assert tools["search_courses"].invoke({"query": " "})["field"] == "query"


def _seed(db: Engine) -> str:
    user = create_user(db, email=None, password_hash=None)
    with session_scope(db) as session:
        for name, current, target, importance in [("SQL", 1.0, 5.0, 4.0), ("Python", 2.0, 4.0, 3.0)]:
            session.add(SkillAssessment(user_id=user.id, skill_name=name, current_level=current, target_level=target,
                                        importance_score=importance, analysis_id="a1", target_role="data analyst"))
    return user.id


def test_what_to_learn_with_gaps_gives_a_plan_citing_provider_and_url(db: Engine, tools: dict) -> None:
    user_id = _seed(db)
    model = OfflineChatModel().bind_tools(list(tools.values()))
    history = [HumanMessage("What should I learn to become a data analyst?")]
    planned = model.invoke(history)
    assert [c["name"] for c in planned.tool_calls] == ["learning_plan"]
    call = planned.tool_calls[0]
    data = tools["learning_plan"].invoke(call["args"], config={"configurable": {"user_id": user_id}})
    assert data["gaps_from"]["kind"] == "analysis" and data["items"]
    reply = model.invoke([*history, planned, ToolMessage(json.dumps(data), tool_call_id=call["id"],
                                                         name="learning_plan")]).content
    first = data["items"][0]
    assert first["url"] in reply and first["provider"] in reply and "SQL (beginner)" in reply
    assert "your latest skills analysis" in reply


@pytest.mark.parametrize("text, intent_tool", [
    ("find me a free course on SQL", "search_courses"),
    ("Any good Python courses for beginners?", "search_courses"),
    ("make me a learning plan for Docker", "learning_plan"),
])
def test_learning_questions_call_the_learning_tools(tools: dict, text: str, intent_tool: str) -> None:
    planned = OfflineChatModel().bind_tools(list(tools.values())).invoke([HumanMessage(text)])
    assert [c["name"] for c in planned.tool_calls] == [intent_tool]


@pytest.mark.parametrize("text", ["how do I become a data scientist?", "I finished the course",
                                  "what does a nurse make in Denver?", "I want to become a data analyst by June"])
def test_other_questions_are_not_course_searches(tools: dict, text: str) -> None:
    planned = OfflineChatModel().bind_tools(list(tools.values())).invoke([HumanMessage(text)])
    assert not planned.tool_calls
