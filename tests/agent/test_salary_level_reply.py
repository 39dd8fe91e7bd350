"""The offline engine's salary replies state the level assumption the tools made, with the tools' own numbers."""

from __future__ import annotations

import json

from langchain_core.messages import HumanMessage, ToolMessage
from langchain_core.tools import tool

from agent.offline.model import OfflineChatModel
from tools.salary.market import market_data


@tool
def salary_lookup(title: str, location: str | None = None) -> dict:
    """Stand-in signature of the real tool: the model only needs its name and schema."""
    return {}


def _reply(question: str) -> tuple[dict, str]:
    model = OfflineChatModel().bind_tools([salary_lookup])
    history = [HumanMessage(question)]
    planned = model.invoke(history)
    assert [c["name"] for c in planned.tool_calls] == ["salary_lookup"]
    args = planned.tool_calls[0]["args"]
    data = json.loads(market_data(args["title"], args.get("location")).model_dump_json())  # the real engine
    reply = model.invoke([*history, planned, ToolMessage(json.dumps(data), tool_call_id=planned.tool_calls[0]["id"],
                                                         name="salary_lookup")])
    return data, reply.content


def test_a_senior_question_states_the_level_band_with_the_tools_figures() -> None:
    data, reply = _reply("What does a senior software engineer make in Seattle?")
    level = data["level"]
    assert level["level"] == "senior"
    assert (f"For a senior role I'd expect around the 75th percentile, ${level['target_amount']:,.0f} "
            f"(65th–85th: ${level['low_amount']:,.0f}–${level['high_amount']:,.0f}), an assumption: OEWS doesn't "
            "publish pay by level.") in reply
    assert f"${data['annual']['median']:,.0f}" in reply  # the all-levels median is still quoted


def test_no_level_words_no_level_line() -> None:
    data, reply = _reply("What does a software engineer make in Seattle?")
    assert data["level"] is None and "I'd expect around" not in reply and "Level:" not in reply


def test_a_level_the_occupation_encodes_is_said_to_be_absorbed() -> None:
    data, reply = _reply("What does a CEO make in Seattle?")
    assert data["level"]["absorbed"] and "already part of the occupation" in reply


def test_an_entry_level_question_without_a_preposition_before_the_place() -> None:
    data, reply = _reply("entry level software engineer salary NYC")
    assert data["area"]["name"].startswith("New York") and data["level"]["level"] == "entry"
    assert "For an entry-level role I'd expect around the 20th percentile" in reply


def test_a_misspelt_question_is_still_a_salary_question() -> None:
    data, reply = _reply("wat do a pharmacy tech make in ohio")
    assert data["occupation"]["title"] == "Pharmacy Technicians" and data["area"]["name"] == "Ohio"
    assert f"${data['annual']['median']:,.0f}" in reply
