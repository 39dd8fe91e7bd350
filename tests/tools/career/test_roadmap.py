"""The roadmap engine: scenarios, wage changes equal to the OEWS medians, and bad input."""

from __future__ import annotations

import pytest

from tools.career.roadmap import roadmap
from tools.salary.market import market_data
from tools.occupations.resolver import NoMatch, InputError


def test_wage_change_equals_the_oews_medians_at_the_place():
    result = roadmap("registered nurse", "nurse practitioner", "Denver")
    here, there = market_data("registered nurse", "Denver"), market_data("nurse practitioner", "Denver")
    direct = result.scenarios[0]
    assert direct.name == "direct"
    wages = direct.steps[0].wage_change
    assert wages.current.annual_median == here.annual.median
    assert wages.target.annual_median == there.annual.median
    assert wages.change == pytest.approx(there.annual.median - here.annual.median)
    assert wages.source.area == "Denver-Aurora-Centennial, CO" and wages.source.name == "BLS OEWS"


def test_scenarios_side_by_side():
    result = roadmap("registered nurse", "nurse practitioner", "Denver")
    names = [s.name for s in result.scenarios]
    assert names == ["direct", "bridge", "education"]  # NP's job zone (5) is above RN's (4)
    direct = result.scenarios[0].steps[0]
    assert direct.onet_relation == "Primary-Short"
    assert direct.preparation.job_zone_from == 4 and direct.preparation.job_zone_to == 5
    assert direct.outlook.growth_category and direct.outlook.source.name == "BLS Employment Projections"
    assert direct.skills_to_gain and direct.risk in ("low", "medium", "high") and direct.risk_note
    bridge = result.scenarios[1]
    assert len(bridge.steps) >= 2 and bridge.steps[-1].to_occupation.soc_code == "29-1171"
    education = result.scenarios[2]
    assert education.steps[0].kind == "education" and education.steps[0].outlook.typical_education


def test_no_education_scenario_when_the_target_needs_no_more_preparation():
    result = roadmap("nurse practitioner", "registered nurse")
    assert "education" not in [s.name for s in result.scenarios]


def test_same_role_is_a_clear_answer():
    result = roadmap("nurse", "RN")
    assert result.scenarios == [] and "same occupation" in result.message


def test_bad_input_names_the_field():
    with pytest.raises(InputError) as missing:
        roadmap(None, "nurse practitioner")
    assert missing.value.field == "current"
    with pytest.raises(InputError) as missing_target:
        roadmap("nurse", "  ")
    assert missing_target.value.field == "target"
    with pytest.raises(NoMatch) as unknown:
        roadmap("nurse", "qwzxv plorkt")
    assert unknown.value.field == "target"
