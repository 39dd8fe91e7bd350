from __future__ import annotations

import re
from datetime import date

import pytest
from pydantic import ValidationError

from evals.grounding import check_grounding
from tools.negotiation.strategy import (HOURS_PER_YEAR, NegotiationStrategy, StrategyRequest,
                                        negotiation_strategy)
from tools.occupations.resolver import NoMatch, InputError
from tests.tools.occupations.oews_cells import cell_with_flags
from tools.occupations.oews import NATIONAL, TOP_CODE_ANNUAL, Datatype, load_oews
from tools.salary.personalized import ANNUAL
from tools.salary.queries import RangeQuestion, range_for

DENVER = "0019740"
NURSE = "29-1141"
TODAY = date(2026, 1, 15)


def plan(offer: float | dict, **fields) -> NegotiationStrategy:
    fields.setdefault("title", "registered nurse")
    fields.setdefault("location", "Denver")
    offer = offer if isinstance(offer, dict) else {"base": offer}
    return negotiation_strategy(StrategyRequest(offer=offer, **fields), today=TODAY)


def published(area: str, soc: str) -> list[float | None]:
    cell = load_oews().cell(area, soc)
    return [cell.value(d) for d in ANNUAL]


def interpolate(points: list[float], percentile: float) -> float:
    """The curve between BLS's published points, written out independently of the engine."""
    anchors = list(zip((10, 25, 50, 75, 90), points))
    for (p0, v0), (p1, v1) in zip(anchors, anchors[1:]):
        if p0 <= percentile <= p1:
            return v0 + (v1 - v0) * (percentile - p0) / (p1 - p0)
    raise AssertionError(percentile)


# ----------------------------------------------------------------------------------------- ordering and numbers

@pytest.mark.parametrize("fields", [
    {"offer": 60_000}, {"offer": 92_000}, {"offer": 101_130}, {"offer": 115_000}, {"offer": 140_000},
    {"offer": 92_000, "years_experience": 0}, {"offer": 92_000, "years_experience": 12},
    {"offer": 92_000, "years_experience": 70}, {"offer": 92_000, "competing_offer": {"base": 99_000}},
    {"offer": 92_000, "competing_offer": {"base": 150_000}}, {"offer": 92_000, "current_pay": 130_000},
    {"offer": 120_000, "competing_offer": {"base": 80_000}, "current_pay": 70_000},
    {"offer": 150_000, "title": "software developer", "location": "Seattle", "years_experience": 4},
    {"offer": 45_000, "title": "actor", "location": None, "years_experience": 3},
])
def test_anchor_is_at_least_the_target_which_is_at_least_the_walk_away_and_the_offer(fields: dict) -> None:
    result = plan(fields.pop("offer"), **fields)
    assert result.anchor.amount >= result.target.amount >= result.walk_away.amount
    assert result.target.amount >= result.offer.base
    for figure in (result.anchor, result.target, result.walk_away):
        assert figure.over_offer == round(figure.amount - result.offer.base)
        assert figure.reasoning


def test_without_years_the_target_is_the_published_median_and_the_anchor_lies_on_the_curve() -> None:
    points = published(DENVER, NURSE)
    result = plan(92_000)
    assert result.market.annual_points["median"] == points[2]
    assert result.target.amount == points[2] and result.target.percentile == 50 and result.target.basis == "market"
    assert result.anchor.amount == round(interpolate(points, 60)) and result.anchor.percentile == 60
    assert result.walk_away.amount == round(interpolate(points, 35)) and result.walk_away.basis == "market"
    assert not result.market.personalized


def test_with_years_the_target_is_the_personalized_range_target() -> None:
    result = plan(92_000, years_experience=6)
    personal = range_for(RangeQuestion(title="registered nurse", location="Denver", years_experience=6))
    assert result.market.personalized
    assert result.target.amount == personal.target.amount and result.target.percentile == personal.target.percentile
    assert result.walk_away.amount == personal.low.amount
    assert result.anchor.percentile == personal.target.percentile + 10


@pytest.mark.parametrize(("index", "percentile"), [(0, 10.0), (1, 25.0), (2, 50.0), (3, 75.0), (4, 90.0)])
def test_an_offer_at_a_published_point_sits_at_that_percentile(index: int, percentile: float) -> None:
    base = published(DENVER, NURSE)[index]
    result = plan(base)
    assert result.offer.placement == "on_curve" and result.offer.percentile == percentile
    assert result.offer.base_minus_median == round(base - published(DENVER, NURSE)[2])


def test_an_offer_between_points_is_interpolated_and_outside_them_is_not_placed() -> None:
    points = published(DENVER, NURSE)
    middle = (points[1] + points[2]) / 2
    assert plan(middle).offer.percentile == 37.5
    below, above = plan(points[0] - 1), plan(points[4] + 1)
    assert below.offer.placement == "below_published" and below.offer.percentile is None
    assert above.offer.placement == "above_published" and above.offer.percentile is None
    # an offer above every published figure: market data cannot back more base, so the plan says so
    assert above.target.basis == "offer" and above.anchor.amount == above.target.amount == above.offer.base
    assert "can't back a higher base" in above.target.reasoning


def test_an_offer_that_meets_the_market_target_gets_a_modest_step_up_the_curve() -> None:
    points = published(DENVER, NURSE)
    result = plan(points[3])  # the 75th percentile, above the median target
    assert result.target.percentile == 80 and result.target.amount == round(interpolate(points, 80))
    assert result.anchor.percentile == 90 and result.anchor.amount == points[4]


def test_every_figure_in_the_words_comes_from_the_plan_or_the_input() -> None:
    request = StrategyRequest(title="registered nurse", location="Denver", years_experience=6,
                              offer={"base": 92_000, "signing_bonus": 2_000, "remote_days_per_week": 2},
                              competing_offer={"base": 99_000, "company": "Mercy"}, priorities=["remote"])
    result = negotiation_strategy(request, today=TODAY)
    numbers = {"name": "numbers", "data": {
        **result.model_dump(mode="json", exclude={"scripts", "talking_points", "non_base_asks", "do_not", "timing"}),
        "request": request.model_dump(mode="json")}}
    words = [result.scripts.email, result.scripts.phone, *(t.point for t in result.talking_points),
             *(a.ask for a in result.non_base_asks), *result.do_not]
    for text in words:  # every figure is grounded (naming the source is checked for the market sentences below)
        assert [p for p in check_grounding(text, [numbers]) if "names none of its sources" not in p] == [], text
    for text in [result.scripts.email, result.scripts.phone, result.talking_points[0].point]:
        assert check_grounding(text, [numbers]) == [], text
    assert any("BLS OEWS" in t.point and t.source and t.source.name == "BLS OEWS" for t in result.talking_points)
    assert result.talking_points[0].source.release == "May 2025"
    assert result.talking_points[0].source.area == "Denver-Aurora-Centennial, CO"


# --------------------------------------------------------------------------------- top-coded and hourly curves

def request_for(area: str, soc: str, base: float, **fields) -> StrategyRequest:
    data = load_oews()
    return StrategyRequest(title=data.occupation_by_code[soc].name, location=data.area_by_code[area].name,
                           offer={"base": base}, **fields)


def test_a_fully_top_coded_curve_says_at_least_instead_of_a_number() -> None:
    area, soc = cell_with_flags(("T", "T", "T", "T", "T"))
    result = negotiation_strategy(request_for(area, soc, 300_000, years_experience=10), today=TODAY)
    if result.market.soc_code != soc:
        pytest.skip("the title resolved to another occupation")
    assert result.market.top_coded == ["p10", "p25", "median", "p75", "p90"]
    assert all(v is None for v in result.market.annual_points.values())
    assert result.offer.placement == "above_top_code" and result.offer.percentile is None
    assert "at least $239,200" in result.offer.summary
    assert result.target.basis == "offer" and result.anchor.amount == result.target.amount == 300_000
    assert result.walk_away.at_least and result.walk_away.amount == TOP_CODE_ANNUAL
    assert "at least $239,200" in result.walk_away.reasoning
    assert "at least $239,200" in result.talking_points[0].point and "top-codes" in result.talking_points[0].point


def test_a_partly_top_coded_curve_keeps_the_anchor_off_the_top_coded_stretch() -> None:
    area, soc = cell_with_flags(("V", "V", "T", "T", "T"))
    result = negotiation_strategy(request_for(area, soc, 150_000, years_experience=3), today=TODAY)
    if result.market.soc_code != soc:
        pytest.skip("the title resolved to another occupation")
    assert result.target.at_least and result.anchor.amount == result.target.amount and result.anchor.at_least
    assert any("top-codes" in c for c in result.caveats)
    assert "median" in result.market.top_coded


def test_an_hourly_only_occupation_is_annualised_at_2080_hours() -> None:
    result = plan(45_000, title="actor", location=None, years_experience=3)
    hourly_median = load_oews().cell(NATIONAL, "27-2011").value(Datatype.HOURLY_MEDIAN)
    assert result.market.unit == "hour" and result.market.figures_area == "National"
    assert result.market.annual_points["median"] == round(hourly_median * HOURS_PER_YEAR)
    assert any("2,080 hours" in c for c in result.caveats)
    assert "the United States" in result.talking_points[0].point


# ------------------------------------------------------------------------------------------ leverage and BATNA

def test_a_real_competing_offer_raises_leverage_and_the_walk_away() -> None:
    alone = plan(92_000, years_experience=6)
    competing = alone.walk_away.amount + 2_000  # a real offer above the market floor
    with_offer = plan(92_000, years_experience=6, competing_offer={"base": competing, "company": "Mercy"})
    assert with_offer.leverage.score == alone.leverage.score + 2
    assert "competing_offer" in {f.name for f in with_offer.leverage.factors}
    assert with_offer.walk_away.amount == competing and with_offer.walk_away.basis == "competing_offer"
    assert "Mercy" in with_offer.batna and "no other offer" in alone.batna
    higher = plan(92_000, years_experience=6, competing_offer={"base": 130_000})
    assert higher.anchor.amount == 130_000 and higher.anchor.basis == "competing_offer"
    assert higher.target.amount == 130_000 and "match it" in higher.scripts.email


def test_outlook_and_offer_position_move_leverage() -> None:
    low = plan(85_000, years_experience=6)
    high = plan(125_000, years_experience=6)
    low_factors = {f.name for f in low.leverage.factors}
    assert {"below_market_target", "growing_occupation"} <= low_factors  # nurses: faster than average growth
    assert "offer_already_high" in {f.name for f in high.leverage.factors} and high.leverage.score < low.leverage.score
    assert low.leverage.outlook.soc_code == NURSE
    assert any(s.name != "BLS OEWS" for s in low.sources)  # BLS Employment Projections cited


# ------------------------------------------------------------------------------------------------- pay laws

@pytest.mark.parametrize(("location", "bans", "transparency"), [
    ("Denver", ["CO"], ["CO"]), ("Seattle", ["WA"], ["WA"]), ("New York City", ["NY", "NJ"], ["NY", "NJ"]),
    ("Austin, TX", [], []), ("remote", [], []),
])
def test_the_plan_carries_the_pay_laws_of_the_place(location: str, bans: list[str], transparency: list[str]) -> None:
    result = plan(92_000, location=location)
    assert result.pay_laws.salary_history_ban_states == bans
    assert result.pay_laws.pay_transparency_states == transparency
    phone, do_not = result.scripts.phone, " ".join(result.do_not)
    if bans:
        assert "may not ask about your pay history" in phone and "may not ask about your pay history" in do_not
    else:
        assert "may not ask" not in phone
        assert result.pay_laws.notes


# ------------------------------------------------------------------------------------------------- honesty

def test_the_plan_never_advises_lying_or_disclosing_current_pay() -> None:
    result = plan(92_000, years_experience=6, current_pay=131_313)
    assert result.walk_away.basis == "current_pay" and "$131,313" in result.walk_away.reasoning
    assert result.anchor.amount == 132_000  # rounded up, so the exact private figure is never quoted
    employer_facing = [result.scripts.email, result.scripts.phone, *(t.point for t in result.talking_points)]
    for text in employer_facing:
        assert "131,313" not in text and "131313" not in text
        assert not re.search(r"another offer|competing offer|other offer", text), text  # none was given
    everything = " ".join([*employer_facing, *(a.ask for a in result.non_base_asks), result.batna])
    assert not re.search(r"\b(?:tell them|say|claim) (?:that )?you (?:have|earn|make|made)\b", everything, re.I)
    assert any("Don't invent a competing offer" in item for item in result.do_not)
    assert any("Don't volunteer your current or past pay" in item for item in result.do_not)
    assert any("Don't accept on the spot" in item for item in result.do_not)
    assert "Never invent" in result.ethics


def test_priorities_come_first_among_the_other_asks() -> None:
    result = plan({"base": 92_000, "pto_days": 15, "remote_days_per_week": 2}, priorities=["vacation", "WFH", "stock"])
    terms = [a.term for a in result.non_base_asks]
    assert terms[:3] == ["pto", "remote", "equity"] and all(a.your_priority for a in result.non_base_asks[:3])
    assert "3 remote days a week instead of 2" in result.non_base_asks[1].ask
    assert {"signing_bonus", "start_date", "title", "review_date"} <= set(terms)


def test_the_same_request_gives_the_same_plan() -> None:
    assert plan(92_000, years_experience=6) == plan(92_000, years_experience=6)


# ------------------------------------------------------------------------------------------------ bad input

@pytest.mark.parametrize(("fields", "location"), [
    ({"offer": {"base": -1}}, ("offer", "base")),
    ({"offer": {"base": 10_000_000}}, ("offer", "base")),
    ({"offer": {"base": 90_000, "bonus_target_percent": 500}}, ("offer", "bonus_target_percent")),
    ({"offer": {"base": 90_000, "remote_days_per_week": 7}}, ("offer", "remote_days_per_week")),
    ({"offer": {"base": 90_000, "signing_bonus": -5}}, ("offer", "signing_bonus")),
    ({"offer": {"base": 90_000, "tips": 1}}, ("offer", "tips")),
    ({"offer": {"base": 90_000}, "years_experience": 71}, ("years_experience",)),
    ({"offer": {"base": 90_000}, "competing_offer": {"base": 0}}, ("competing_offer", "base")),
    ({"offer": {"base": 90_000}, "priorities": ["yacht"]}, ("priorities",)),
    ({"offer": {"base": 90_000}, "mood": "great"}, ("mood",)),
    ({"offer": {"base": 90_000}, "title": ""}, ("title",)),
    ({}, ("offer",)),
])
def test_bad_input_names_the_field(fields: dict, location: tuple) -> None:
    with pytest.raises(ValidationError) as caught:
        StrategyRequest(**{"title": "registered nurse", **fields})
    assert caught.value.errors()[0]["loc"] == location


def test_an_unknown_priority_says_which_are_known() -> None:
    with pytest.raises(ValidationError, match="unknown priority 'yacht'; use one of: base, signing_bonus"):
        StrategyRequest(title="nurse", offer={"base": 90_000}, priorities=["yacht"])


def test_unknown_titles_places_and_industries_are_refused_with_the_field() -> None:
    with pytest.raises(NoMatch) as title:
        plan(90_000, title="asdfghjkl qwerty")
    assert title.value.field == "title"
    with pytest.raises(NoMatch) as place:
        plan(90_000, location="Atlantis")
    assert place.value.field == "location"
    for years in (None, 5):
        with pytest.raises(InputError) as industry:
            plan(90_000, industry="underwater basket weaving", years_experience=years)
        assert industry.value.field == "industry"


# --------------------------------------------------------------------------------------------------- levels

SOFTWARE, SEATTLE = "15-1252", "0042660"


def test_a_junior_offer_is_not_planned_on_the_all_levels_median() -> None:
    points = published(SEATTLE, SOFTWARE)
    junior = plan(100_000, title="junior software developer", location="Seattle")
    level = junior.level
    assert level is not None and level.level == "junior" and not level.absorbed
    assert junior.target.amount == round(interpolate(points, level.target)) and junior.target.percentile == 25
    assert junior.walk_away.amount == round(interpolate(points, level.band_low))
    assert junior.anchor.amount < points[2]  # even the opening ask stays under the all-levels median
    assert junior.caveats[0] == level.statement and "15th–35th" in level.statement
    assert "junior" in junior.target.reasoning and "OEWS publishes no pay by level" in junior.target.reasoning
    plain = plan(100_000, title="software developer", location="Seattle")
    assert plain.level is None and plain.target.percentile == 50 and plain.anchor.amount > junior.anchor.amount


def test_level_words_and_years_plan_inside_the_level_band() -> None:
    senior = plan(150_000, title="senior software engineer", location="Seattle", years_experience=8)
    level = senior.level
    assert level is not None and level.level == "senior" and level.years == 8
    assert level.band_low < senior.target.percentile < level.band_high
    assert senior.walk_away.percentile == level.band_low and senior.market.personalized
    assert "senior-level role" in senior.target.reasoning


def test_a_chief_executive_plan_is_not_raised_twice() -> None:
    ceo = plan(150_000, title="CEO", location=None)
    assert ceo.level is not None and ceo.level.absorbed and ceo.target.percentile == 50
    assert "already part of the occupation" in ceo.caveats[0]
