"""The offline career-pivot intent: pivot questions become career_roadmap calls, the reply quotes the tool's
figures with their source, and salary, negotiation and profile questions keep their own intents."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import HumanMessage, ToolMessage
from langchain_core.tools import tool

from agent.offline.intents import Turn, registered
from agent.offline.model import OfflineChatModel
from agent.offline.slots import extract_slots
from evals.grounding import check_grounding
from tools.career.roadmap import roadmap


@tool
def career_roadmap(current_role: str | None = None, target_role: str | None = None,
                   location: str | None = None) -> dict:
    """Stand-in signature of the real tool."""
    return {}


@pytest.mark.parametrize("text, current, target, location", [
    ("how do I get from nurse to nurse practitioner?", "nurse", "nurse practitioner", None),
    ("I want to move from teaching into instructional design, what's the path?", "teaching", "instructional design",
     None),
    ("How can I transition from registered nurse to nurse practitioner in Denver?", "registered nurse",
     "nurse practitioner", "Denver"),
    ("how do I become a data scientist?", None, "data scientist", None),
])
def test_pivot_questions_call_the_roadmap_tool(text, current, target, location):
    planned = OfflineChatModel().bind_tools([career_roadmap]).invoke([HumanMessage(text)])
    assert [c["name"] for c in planned.tool_calls] == ["career_roadmap"]
    assert planned.tool_calls[0]["args"] == {"current_role": current, "target_role": target, "location": location}


def test_reply_names_steps_pay_change_and_source_from_the_tool():
    model = OfflineChatModel().bind_tools([career_roadmap])
    history = [HumanMessage("how do I get from nurse to nurse practitioner in Denver?")]
    planned = model.invoke(history)
    data = roadmap("nurse", "nurse practitioner", "Denver").model_dump(mode="json")
    reply = model.invoke([*history, planned, ToolMessage(json.dumps(data), tool_call_id=planned.tool_calls[0]["id"],
                                                         name="career_roadmap")]).content
    assert "Registered Nurses → Nurse Practitioners" in reply and "BLS OEWS" in reply
    assert f"${data['scenarios'][0]['steps'][0]['wage_change']['target']['annual_median']:,.0f}" in reply
    assert check_grounding(reply, [{"name": "career_roadmap", "data": data}]) == []


def test_missing_target_asks_for_it():
    model = OfflineChatModel().bind_tools([career_roadmap])
    history = [HumanMessage("what's the career path to becoming something better?")]
    planned = model.invoke(history)
    error = {"error": "target is required: the target role, e.g. nurse practitioner", "field": "target"}
    reply = model.invoke([*history, planned, ToolMessage(json.dumps(error), tool_call_id=planned.tool_calls[0]["id"],
                                                         name="career_roadmap")]).content
    assert "Which role do you want to move into?" in reply


ALL_TOOLS = frozenset({"career_roadmap", "career_profile", "salary_lookup", "salary_range", "salary_benchmarks",
                       "compare_locations", "job_outlook", "negotiation_strategy", "analyze_offer", "negotiation_practice"})


@pytest.mark.parametrize("text", [
    "what does a nurse practitioner make in Denver?",
    "I got an offer of $92,000 as a registered nurse in Denver, how should I negotiate?",
    "I'm a nurse in Denver with 6 years' experience",
    "what's the job outlook for nurse practitioners?",
    "I live in Austin but the job is in Seattle",
    "I drive from Austin to Dallas every day",
])
def test_other_questions_keep_their_intents(text):
    turn = Turn(text=text, slots=extract_slots(text), tools=ALL_TOOLS)
    assert registered()["career_roadmap"].score(turn) == 0.0
