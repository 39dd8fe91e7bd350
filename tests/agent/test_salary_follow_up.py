"""Follow-ups on the last pay lookup of a conversation change one slot and keep the rest; an alternative the user
picks sticks for the follow-ups after it. The real salary tool answers each step."""

from __future__ import annotations

import json

from langchain_core.messages import BaseMessage, HumanMessage, ToolMessage
from langchain_core.tools import tool

from agent.offline.model import OfflineChatModel
from tools.salary.tool import salary_lookup as real_salary_lookup


@tool
def salary_lookup(title: str, location: str | None = None) -> dict:
    """Stand-in signature of the real tool: the model only needs its name and schema."""
    return {}


class Conversation:
    def __init__(self) -> None:
        self.model = OfflineChatModel().bind_tools([salary_lookup])
        self.history: list[BaseMessage] = []

    def say(self, text: str) -> tuple[dict | None, str]:
        """(the salary_lookup arguments of this turn or None, the reply)."""
        self.history.append(HumanMessage(text))
        planned = self.model.invoke(self.history)
        self.history.append(planned)
        if not planned.tool_calls:
            return None, planned.content
        call = planned.tool_calls[0]
        assert call["name"] == "salary_lookup"
        result = real_salary_lookup(call["args"]["title"], call["args"].get("location"))
        self.history.append(ToolMessage(json.dumps(result), tool_call_id=call["id"], name="salary_lookup"))
        reply = self.model.invoke(self.history)
        self.history.append(reply)
        return call["args"], reply.content


def test_a_new_place_keeps_the_job_and_a_picked_alternative_sticks() -> None:
    chat = Conversation()
    first, reply = chat.say("what does a data analyst make in Denver?")
    assert first == {"title": "data analyst", "location": "Denver"} and "Statisticians" in reply
    args, reply = chat.say("and in Atlanta?")
    assert args == {"title": "data analyst", "location": "Atlanta"} and "Atlanta-Sandy Springs-Roswell, GA" in reply
    args, reply = chat.say("I meant Statisticians")
    assert args == {"title": "Statisticians", "location": "Atlanta"} and "**Statisticians**" in reply
    args, _ = chat.say("what about Portland?")
    assert args == {"title": "Statisticians", "location": "Portland"}  # the pick sticks


def test_the_nth_alternative_a_new_job_and_a_new_level() -> None:
    chat = Conversation()
    chat.say("what does a junior accountant make in Chicago?")
    args, reply = chat.say("what about a senior role?")
    assert args == {"title": "senior accountant", "location": "Chicago"} and "For a senior role" in reply
    args, _ = chat.say("what about nurses?")
    assert args == {"title": "nurses", "location": "Chicago"}
    args, _ = chat.say("no, the second one")
    assert args is not None and args["location"] == "Chicago" and args["title"] != "nurses"


def test_a_follow_up_needs_an_earlier_lookup_and_a_real_place_or_job() -> None:
    assert Conversation().say("and in Atlanta?")[0] is None  # nothing to follow up
    chat = Conversation()
    chat.say("what does a nurse make in Denver?")
    assert chat.say("what about a career change?")[0] is None
