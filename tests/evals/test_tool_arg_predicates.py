"""Tool-argument assertions: subset, exact, and predicates."""

from __future__ import annotations

import pytest

from evals.checks import check_turn
from evals.suite import Expect

CALLS = [{"name": "salary_range", "args": {"title": "nurse", "years_experience": 6.0, "location": "Denver",
                                           "industry": None}}]


def _failures(**expect) -> list[str]:
    return check_turn(Expect(**expect), reply="", tool_calls=CALLS, tool_results=[])


@pytest.mark.parametrize(("args", "passes"), [
    ({"years_experience": {"gte": 5}}, True),
    ({"years_experience": {"gt": 6}}, False),
    ({"years_experience": {"gte": 1, "lte": 10}}, True),
    ({"location": {"regex": "^den"}}, True),
    ({"location": {"one_of": ["Austin", "Boulder"]}}, False),
    ({"location": {"one_of": ["Austin", "denver"]}}, True),
    ({"industry": {"exists": False}}, True),
    ({"education": {"exists": True}}, False),
    ({"title": {"gte": 3}}, False),  # a number test on a string fails rather than crashing
])
def test_predicates(args: dict, passes: bool) -> None:
    assert (_failures(tool_args={"salary_range": args}) == []) is passes


def test_exact_arguments() -> None:
    assert _failures(tool_args_exact={"salary_range": {"title": "nurse", "years_experience": 6, "location": "Denver"}}) == []
    assert _failures(tool_args_exact={"salary_range": {"title": "nurse", "years_experience": 6}})  # location is extra
