"""Number extraction and matching for the `grounded` assertion."""

from __future__ import annotations

import pytest

from evals.grounding import check_grounding, extract_figures, is_grounded, source_names, tool_numbers


def texts(reply: str) -> list[tuple[str, str]]:
    return [(f.text, f.kind) for f in extract_figures(reply)]


def test_extracts_money_percent_and_counts():
    reply = ("Median: $139,960 a year ($67.29 an hour), about $140k or 139.96k; 123400 flat; $1.2M total. "
             "Jobs: 30,380 (+4.9%, 12.5 %).")
    assert texts(reply) == [("$139,960", "money"), ("$67.29", "money"), ("$140k", "money"), ("139.96k", "money"),
                            ("123400", "money"), ("$1.2M", "money"), ("30,380", "count"), ("4.9%", "percent"),
                            ("12.5 %", "percent")]
    figure = extract_figures("$123.4k")[0]
    assert (figure.value, figure.decimals, figure.scale, figure.amount) == (123.4, 1, 1000.0, 123400.0)


@pytest.mark.parametrize("reply", [
    "SOC 15-1252, O*NET 15-1252.00", "in 2034, after 6 years", "the 35th percentile", "version 3.1",
    "Bottom 10% earn under", "top 10% over", "the middle 50% of earners",
])
def test_ignores_codes_years_small_numbers_and_percentile_labels(reply):
    assert extract_figures(reply) == []


@pytest.mark.parametrize("shown, numbers", [
    ("$139,960", [139960.0]),
    ("$140k", [139960.0]),          # rounded to the displayed precision
    ("$139.96k", [139960.0]),
    ("$1.2M", [1_204_000]),
    ("123400", [123400]),
    ("$48.62", [48.62]),
    ("30,380", [30380.0]),
    ("78%", [0.782]),               # a fraction shown as a percentage
    ("93%", [0.93]),
    ("4.9%", [4.9]),                # a percentage shown as is
    ("-3%", [-3.2]),                # sign not compared; 3.2 rounds to 3
    ("$239,200", ["at least $239,200 a year"]),  # numbers written inside strings count
])
def test_matches_the_same_value_formatted(shown, numbers):
    figure = extract_figures(shown)[0]
    assert is_grounded(figure, tool_numbers(numbers))


@pytest.mark.parametrize("shown, numbers", [
    ("$139,961", [139960.0]),
    ("$141k", [139960.0]),
    ("$139.9k", [139960.0]),        # 139.96 shown with one decimal is 140.0, not 139.9
    ("78%", [0.79]),
    ("4.9%", [5.2]),
    ("30,381", [30380.0]),
    ("$48.60", [48.62]),
    ("$100,000", []),
])
def test_rejects_other_values(shown, numbers):
    figure = extract_figures(shown)[0]
    assert not is_grounded(figure, tool_numbers(numbers))


def test_tool_numbers_walks_nested_data_and_skips_booleans():
    data = {"a": {"b": [1, 2.5, {"c": "up 3,400 jobs (12%)"}]}, "flag": True, "none": None}
    assert sorted(tool_numbers(data)) == [1.0, 2.5, 12.0, 3400.0]


RESULTS = [{"name": "salary_lookup", "data": {"annual": {"median": 101130.0, "p75": 109760.0}, "employment": 30380.0,
                                              "occupation": {"confidence": 0.998},
                                              "source": {"name": "BLS OEWS", "release": "May 2025"}}}]


def test_check_grounding_passes_a_grounded_reply_that_names_its_source():
    reply = "Median: $101,130 a year, up to $109.8k. Jobs: 30,380 (100% sure). Source: BLS OEWS, May 2025."
    assert check_grounding(reply, RESULTS) == []


def test_check_grounding_reports_an_invented_figure():
    problems = check_grounding("Median: $101,130; seniors get $150,000. Source: BLS OEWS.", RESULTS)
    assert problems == ["money figure '$150,000' is in no tool result of this turn"]


def test_check_grounding_requires_the_source_name_with_money():
    assert check_grounding("Median: $101,130 a year.", RESULTS) == [
        "the reply quotes money but names none of its sources (BLS OEWS)"]
    assert check_grounding("It pays $50,000.", []) == [
        "money figure '$50,000' is in no tool result of this turn",
        "the reply quotes money but no tool result of this turn has a source"]


def test_check_grounding_without_money_needs_no_source():
    assert check_grounding("Jobs: 30,380.", RESULTS) == []
    assert check_grounding("No figures here.", []) == []


def test_source_names_reads_source_and_sources():
    results = [{"name": "a", "data": {"source": {"name": "X"}, "sources": [{"name": "X"}, {"name": "Y"}]}},
               {"name": "b", "data": {"error": "no match"}}, {"name": "c", "data": ["not a dict"]}]
    assert source_names(results) == ["X", "Y"]
