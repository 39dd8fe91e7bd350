"""The offline engine's salary replies about places: abroad (no US figures), several places compared (each one's
median from the tool, and which pays more), and amounts in a foreign currency (a note that figures are US dollars)."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import HumanMessage, ToolMessage
from langchain_core.tools import tool

from agent.offline.model import OfflineChatModel
from tools.salary.tool import salary_lookup as real_salary_lookup


@tool
def salary_lookup(title: str, location: str | None = None) -> dict:
    """Stand-in signature of the real tool: the model only needs its name and schema."""
    return {}


def _reply(question: str) -> tuple[dict, dict, str]:
    """(the tool call's arguments, the real tool's answer, the reply written from it)."""
    model = OfflineChatModel().bind_tools([salary_lookup])
    history = [HumanMessage(question)]
    planned = model.invoke(history)
    assert [c["name"] for c in planned.tool_calls] == ["salary_lookup"], question
    args = planned.tool_calls[0]["args"]
    data = real_salary_lookup(args["title"], args.get("location"))  # the real engine, through its tool wrapper
    reply = model.invoke([*history, planned, ToolMessage(json.dumps(data), tool_call_id=planned.tool_calls[0]["id"],
                                                         name="salary_lookup")])
    return args, data, reply.content


def test_a_place_abroad_is_answered_with_the_us_only_coverage_and_no_figures() -> None:
    args, data, reply = _reply("how much does a nurse make in Toronto")
    assert args == {"title": "nurse", "location": "Toronto"}
    assert data["code"] == "location_outside_us" and data["field"] == "location"
    assert "BLS OEWS wage data (May 2025) covers the United States only" in reply
    assert "Toronto is in Ontario, Canada" in reply
    assert "$" not in reply  # no US figures


@pytest.mark.parametrize(("question", "title", "location"), [
    ("electricians in Phoenix vs Tucson, which pays more", "electricians", "Phoenix vs Tucson"),
    ("software engineer pay Bay Area vs Seattle", "software engineer", "Bay Area vs Seattle"),
    ("how much does a nurse make in Austin or Dallas?", "nurse", "Austin or Dallas"),
])
def test_several_places_get_each_median_with_its_source_and_which_pays_more(question: str, title: str,
                                                                             location: str) -> None:
    args, data, reply = _reply(question)
    assert args == {"title": title, "location": location}
    places = data["comparison"]
    assert len(places) == 2
    for place in places:
        source = place["source"]
        assert (f"{place['area']['name']}: median ${place['annual']['median']:,.0f} a year") in reply
        assert f"(source: {source['name']}, {source['release']}, {source['area']})" in reply
    top, bottom = sorted(places, key=lambda p: p["annual"]["median"], reverse=True)
    assert (f"{top['area']['name']} pays more: a median of ${top['annual']['median']:,.0f} a year against "
            f"${bottom['annual']['median']:,.0f} in {bottom['area']['name']}.") in reply


def test_a_single_place_keeps_the_usual_reply() -> None:
    _, data, reply = _reply("what does a nurse make in Denver?")
    assert data["comparison"] is None
    assert "place by place" not in reply and f"${data['annual']['median']:,.0f}" in reply


@pytest.mark.parametrize(("message", "code"), [("my offer is CAD 85,000", "CAD"), ("they offered me €60k", "EUR")])
def test_an_amount_in_a_foreign_currency_gets_a_us_dollar_note(message: str, code: str) -> None:
    reply = OfflineChatModel().bind_tools([salary_lookup]).invoke([HumanMessage(message)])
    assert not reply.tool_calls
    assert f"you gave an amount in {code}. The pay figures I quote are US dollars, for US places" in reply.content


def test_the_currency_note_follows_a_salary_answer_and_dollars_get_none() -> None:
    _, data, reply = _reply("My offer is £50,000. What does a nurse make in Denver?")
    assert f"${data['annual']['median']:,.0f}" in reply and "you gave an amount in GBP" in reply
    _, _, reply = _reply("My offer is $90,000. What does a nurse make in Denver?")
    assert "you gave an amount in" not in reply


@pytest.mark.parametrize(("question", "title", "places"), [
    ("is Austin or Denver better pay for a data scientist", "data scientist", ["Austin", "Denver"]),
    ("how does pay for electricians in Ohio compare to Michigan", "electricians", ["Ohio", "Michigan"]),
    ("compare nurse pay in Texas and California", "nurse", ["Texas", "California"]),
])
def test_comparisons_as_people_phrase_them(question: str, title: str, places: list[str]) -> None:
    args, data, reply = _reply(question)
    assert args["title"] == title
    assert [p["query"] for p in data["comparison"]] == places
    assert "pays more" in reply


def test_an_amount_in_pounds_reads_a_bare_city_as_the_british_one() -> None:
    args, data, reply = _reply("Is £45k good for a nurse in Manchester?")
    assert args == {"title": "nurse", "location": "Manchester, United Kingdom"}
    assert data["code"] == "location_outside_us" and "$" not in reply.split("Note:")[0]
    assert "covers the United States only" in reply and "GBP" in reply


def test_an_amount_in_dollars_keeps_the_us_city() -> None:
    args, data, _ = _reply("Is $60k good for a nurse in Manchester?")
    assert args["location"] == "Manchester" and data["area"]["name"].startswith("Manchester")


def test_the_job_and_place_said_elsewhere_in_the_message() -> None:
    args, data, _ = _reply("I'm an LPN in Cleveland, been doing it 4 yrs. what do LPNs typically get paid there")
    assert args == {"title": "LPNs", "location": "Cleveland"}  # "there" is the place said before
    assert data["occupation"]["title"] == "Licensed Practical and Licensed Vocational Nurses"
    args, _, _ = _reply("hey so im a sr. mechanical engr thinking of moving, what would i make in raleigh nc")
    assert args == {"title": "sr mechanical engr", "location": "raleigh nc"}


def test_a_province_with_its_country_is_abroad() -> None:
    args, data, reply = _reply("Teachers in Ontario Canada make how much?")
    assert args == {"title": "Teachers", "location": "Ontario Canada"}
    assert data["code"] == "location_outside_us" and "Ontario is in Canada" in reply
