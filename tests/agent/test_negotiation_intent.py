"""The offline engine reads an offer question as people write it: the role before "offer", and a level the user
states about themselves, which the plan is then built for."""

from __future__ import annotations

from langchain_core.messages import HumanMessage
from langchain_core.tools import tool

from agent.offline.intents.negotiation_strategy import parse_offer
from agent.offline.model import OfflineChatModel


@tool
def negotiation_strategy(title: str, offer_base: float, location: str | None = None,
                         years_experience: float | None = None) -> dict:
    """Stand-in signature of the real tool: the model only needs its name and schema."""
    return {}


def _planned_args(message: str) -> dict:
    planned = OfflineChatModel().bind_tools([negotiation_strategy]).invoke([HumanMessage(message)])
    assert [c["name"] for c in planned.tool_calls] == ["negotiation_strategy"], planned
    return planned.tool_calls[0]["args"]


def test_the_role_written_before_offer_is_read() -> None:
    ask = parse_offer("I got a junior software developer offer of $85,000 in Austin, how should I negotiate?")
    assert (ask.title, ask.offer, ask.location) == ("junior software developer", 85_000, "Austin")


def test_praise_before_offer_is_not_a_role() -> None:
    assert parse_offer("They made me a decent offer of 100k, should I counter?").title is None
    assert parse_offer("I have a verbal offer for 80k").title is None


def test_a_level_the_user_states_about_themselves_goes_with_the_title() -> None:
    args = _planned_args("I'm a new grad offered $70k for a data analyst role in Chicago, how should I negotiate?")
    assert args["title"] == "new grad data analyst" and args["offer_base"] == 70_000


def test_a_title_with_its_own_level_is_left_as_it_is() -> None:
    args = _planned_args("I'm a new grad offered $90k as a senior data analyst in Chicago, how do I negotiate?")
    assert args["title"] == "senior data analyst"
