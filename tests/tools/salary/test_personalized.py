"""Personalised ranges against the shipped OEWS data: expected figures recomputed from `load_oews()` in the test,
monotonic in experience, always inside the published curve, honest about top-coding, strict about input."""

from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from tests.tools.occupations.oews_cells import cell_with_flags
from tools.occupations.oews import NATIONAL, TOP_CODE_ANNUAL, Datatype, load_oews
from tools.occupations.levels import BANDS, YEARS_BAND, YEARS_TARGET, years_target
from tools.salary.personalized import (MAX_SENIORITY_LENGTH, MAX_SKILLS, NoWageCurve, PersonalizedRange, RangeRequest,
                                       personalized_range)
from tools.salary.trends import load_projections

SOFTWARE, SEATTLE = "15-1252", "0042660"
ANNUAL = (Datatype.ANNUAL_P10, Datatype.ANNUAL_P25, Datatype.ANNUAL_MEDIAN, Datatype.ANNUAL_P75, Datatype.ANNUAL_P90)


def published(area: str, code: str) -> list[float]:
    cell = load_oews().cell(area, code)
    return [cell.value(d) for d in ANNUAL]


def on_curve(points: list[float], percentile: float) -> float:
    """Independent re-implementation: straight lines through (10, p10) (25, p25) (50, p50) (75, p75) (90, p90)."""
    xs = (10, 25, 50, 75, 90)
    for (x0, y0), (x1, y1) in zip(zip(xs, points), zip(xs[1:], points[1:])):
        if percentile <= x1:
            return y0 + (y1 - y0) * (percentile - x0) / (x1 - x0)
    raise AssertionError(percentile)


def percentile_of(points: list[float], amount: float) -> float:
    xs = (10, 25, 50, 75, 90)
    for (x0, y0), (x1, y1) in zip(zip(xs, points), zip(xs[1:], points[1:])):
        if amount <= y1:
            return x0 + (x1 - x0) * (amount - y0) / (y1 - y0)
    raise AssertionError(amount)


def ask(**fields: object) -> PersonalizedRange:
    return personalized_range(RangeRequest(**{"soc_code": SOFTWARE, "area_code": SEATTLE, **fields}))


def test_five_years_with_nothing_else_is_the_published_median() -> None:
    p10, p25, median, p75, p90 = published(SEATTLE, SOFTWARE)
    result = ask(years_experience=5)
    assert result.target.amount == median and result.target.percentile == 50
    assert result.low.amount == round(on_curve([p10, p25, median, p75, p90], 40))
    assert result.high.amount == round(on_curve([p10, p25, median, p75, p90], 60))
    assert (result.low.percentile, result.high.percentile) == (40, 60)  # years alone: 10 points either side
    assert result.unit == "year" and result.area == result.figures_area == "Seattle-Tacoma-Bellevue, WA"
    assert [p.amount for p in result.curve] == [p10, p25, median, p75, p90]
    assert [f.name for f in result.factors] == ["level"] and result.factors[0].effect_dollars == 0
    assert result.level.level == "mid" and result.level.evidence == ["5 years"] and not result.level.absorbed
    assert result.caveats[0] == result.level.statement and "OEWS publishes no pay by level" in result.caveats[0]


@pytest.mark.parametrize(("years", "percentile"), [(0, 15), (1, 20), (2, 30), (3, 40), (4, 45), (5, 50), (8, 70),
                                                   (10, 75), (12, 80), (30, 80), (60, 80)])
def test_years_alone_and_figures_on_the_published_curve(years: float, percentile: float) -> None:
    assert years_target(years) == pytest.approx(percentile)
    result = ask(years_experience=years)
    points = published(SEATTLE, SOFTWARE)
    assert result.target.percentile == pytest.approx(percentile)
    assert result.target.amount == round(on_curve(points, percentile))
    assert result.low.amount == round(on_curve(points, max(10, percentile - YEARS_BAND)))
    assert result.high.amount == round(on_curve(points, min(90, percentile + YEARS_BAND)))


@pytest.mark.parametrize(("title", "level"), [("Junior Software Developer", "junior"), ("new grad engineer", "entry"),
                                              ("Senior Software Engineer", "senior"), ("Software Engineer II", "mid"),
                                              ("Staff Engineer", "lead"), ("Principal Engineer", "principal"),
                                              ("software engineering intern", "intern")])
@pytest.mark.parametrize("years", [0, 2, 5, 9, 20])
def test_the_range_sits_in_the_level_band(title: str, level: str, years: float) -> None:
    result = ask(years_experience=years, seniority=title)
    low, _, high = BANDS[level]
    assert result.level.level == level and result.level.evidence[-1].startswith(f"{years:g} year")
    assert (result.low.percentile, result.high.percentile) == (low, high)
    assert low < result.target.percentile < high  # the years place the target inside the band, never at its edge
    assert result.target.percentile == result.level.target
    assert result.low.amount < result.target.amount < result.high.amount


def test_a_junior_title_is_not_priced_at_the_all_levels_median() -> None:
    points = published(SEATTLE, SOFTWARE)
    junior = ask(years_experience=1, seniority="Junior Software Developer")
    assert junior.high.amount < points[2] and junior.target.percentile < 35
    senior = ask(years_experience=1, seniority="Sr. Software Developer")
    assert senior.low.amount > points[2] and senior.target.percentile > 65


def test_industry_differential_is_the_national_ratio_applied_to_the_area_curve() -> None:
    data = load_oews()
    industry = "518200"
    ratio = (data.cell(NATIONAL, SOFTWARE, industry).value(Datatype.ANNUAL_MEDIAN)
             / data.cell(NATIONAL, SOFTWARE).value(Datatype.ANNUAL_MEDIAN))
    points = published(SEATTLE, SOFTWARE)
    result = ask(years_experience=3, industry_code=industry)
    expected = min(max(on_curve(points, years_target(3)) * ratio, points[0]), points[-1])
    assert result.target.amount == round(expected)
    assert result.target.percentile == pytest.approx(percentile_of(points, expected), abs=0.05)
    factor = next(f for f in result.factors if f.name == "industry")
    assert f"ratio {ratio:.3f}" in factor.reason and factor.basis == "BLS OEWS national industry figures"
    assert factor.effect_dollars == result.target.amount - round(on_curve(points, years_target(3)))
    assert any("518200" in (s.note or "") for s in result.sources)


def test_factors_add_up_to_the_answer() -> None:
    data = load_oews()
    median = data.cell(SEATTLE, SOFTWARE).value(Datatype.ANNUAL_MEDIAN)
    result = ask(years_experience=7, seniority="Senior engineer", education="master", company_size="enterprise",
                 industry_code="541500", skills=["python", "kubernetes"])
    assert [f.name for f in result.factors] == ["level", "education", "company_size", "industry", "skills"]
    assert sum(f.effect_percentile_points for f in result.factors) == pytest.approx(result.target.percentile - 50,
                                                                                   abs=0.3)
    assert sum(f.effect_dollars for f in result.factors) == pytest.approx(result.target.amount - median, abs=5)
    by_name = {f.name: f for f in result.factors}
    assert by_name["level"].effect_percentile_points == pytest.approx(result.level.target - 50, abs=0.05)
    assert result.level.level == "senior" and 65 < result.level.target < 85
    # education and company size shift the whole band: low and high move with the target (no industry here)
    shifted = ask(years_experience=7, seniority="Senior engineer", education="master", company_size="enterprise")
    assert shifted.low.percentile == pytest.approx(65 + 3 + 5) and shifted.high.percentile == 90
    assert shifted.target.percentile == pytest.approx(result.level.target + 3 + 5, abs=0.05)
    typical = load_projections().get(SOFTWARE)["education"]
    assert typical == "Bachelor's degree" and by_name["education"].effect_percentile_points == 3
    assert typical in by_name["education"].reason
    assert by_name["company_size"].effect_percentile_points == 5 and "heuristic" in by_name["company_size"].basis
    assert by_name["skills"].effect_percentile_points == 0 and by_name["skills"].effect_dollars == 0
    assert "not used numerically" in by_name["skills"].reason and result.skills_count == 2
    assert {s.name for s in result.sources} == {"BLS OEWS", "BLS Employment Projections"}
    assert result.source.name == "BLS OEWS" and result.source.release == "May 2025"
    assert result.source.area == "Seattle-Tacoma-Bellevue, WA"
    assert result.method and any("estimates" in c for c in result.caveats)


def test_education_nudge_is_bounded() -> None:
    low = ask(years_experience=5, education="none")  # four levels below a bachelor's
    high = ask(years_experience=5, education="doctorate")  # two levels above
    assert next(f for f in low.factors if f.name == "education").effect_percentile_points == -6
    assert next(f for f in high.factors if f.name == "education").effect_percentile_points == 6


def test_unknown_seniority_words_move_nothing() -> None:
    result = ask(years_experience=5, seniority="rockstar")
    plain = ask(years_experience=5)
    assert result.target == plain.target and result.level.evidence == ["5 years"]
    assert "states no level" in result.factors[0].reason


def test_bounds_keep_the_target_inside_the_published_curve() -> None:
    result = ask(years_experience=0, seniority="intern", education="none", company_size="startup")
    points = published(SEATTLE, SOFTWARE)
    assert result.target.percentile == 10 and result.target.amount == points[0]
    intern_target = result.level.target  # 11.25: a quarter of the way up the intern band (10th–15th)
    assert result.factors[-1].name == "bounds"
    assert result.factors[-1].effect_percentile_points == pytest.approx(10 - (intern_target - 6 - 3), abs=0.1)
    # the intern band (10th–15th) shifted 9 points down is held at the 10th percentile: all three at the edge
    assert result.target.capped and result.low.capped and result.high.capped and result.high.percentile == 10
    assert not any(f.capped for f in (ask(years_experience=5).low, ask(years_experience=5).high))
    top = ask(years_experience=40, seniority="principal", education="doctorate", company_size="enterprise",
              industry_code="519200")
    assert top.target.percentile == 90 and top.target.amount == points[-1] and top.target.capped


def _random_requests(count: int, seed: int = 11):
    data = load_oews()
    rng = random.Random(seed)
    detailed = [o.code for o in data.occupations if o.level == 3]
    areas = [a.code for a in data.areas]
    industries = [i.code for i in data.industries]
    made = 0
    while made < count:
        code, area = rng.choice(detailed), rng.choice(areas)
        if data.cell(area, code) is None:
            continue
        made += 1
        yield dict(soc_code=code, area_code=area,
                   industry_code=rng.choice(industries) if rng.random() < 0.5 else None,
                   seniority=rng.choice([None, "junior", "senior", "lead", "principal", "intern"]),
                   education=rng.choice([None, "none", "high_school", "bachelor", "master", "professional"]),
                   company_size=rng.choice([None, "startup", "mid", "enterprise"]))


def test_more_experience_never_lowers_the_target() -> None:
    for fields in _random_requests(60):
        previous = None
        for years in [y / 2 for y in range(0, 121)]:
            try:
                result = personalized_range(RangeRequest(years_experience=years, **fields))
            except NoWageCurve:
                break
            if previous is not None:
                assert result.target.amount >= previous.target.amount, (fields, years)
                assert result.target.percentile >= previous.target.percentile, (fields, years)
                assert result.low.amount >= previous.low.amount and result.high.amount >= previous.high.amount
            previous = result


def test_low_target_high_are_ordered_and_inside_p10_p90() -> None:
    data = load_oews()
    rng = random.Random(5)
    checked = 0
    for fields in _random_requests(400, seed=3):
        try:
            result = personalized_range(RangeRequest(years_experience=rng.uniform(0, 60), **fields))
        except NoWageCurve:
            continue
        checked += 1
        assert result.low.amount <= result.target.amount <= result.high.amount, fields
        assert 10 <= result.low.percentile <= result.target.percentile <= result.high.percentile <= 90, fields
        usable = [p for p in result.curve if p.amount is not None or p.top_coded]
        floor_ = usable[0].amount if usable[0].amount is not None else TOP_CODE_ANNUAL
        ceiling = max([p.amount for p in usable if p.amount is not None] + [TOP_CODE_ANNUAL if any(
            p.top_coded for p in usable) else 0] + [0])
        assert floor_ - 0.5 <= result.low.amount and result.high.amount <= ceiling + 0.5, fields
        cell = data.cell(result.figures_area_code, fields["soc_code"])
        assert cell is not None
    assert checked > 300


def test_a_fully_top_coded_curve_gives_at_least_figures() -> None:
    area, code = cell_with_flags(("T", "T", "T", "T", "T"))
    result = personalized_range(RangeRequest(soc_code=code, area_code=area, years_experience=6))
    for figure in (result.low, result.target, result.high):
        assert figure.amount == TOP_CODE_ANNUAL and figure.at_least and figure.capped
    assert all(p.top_coded and p.amount is None for p in result.curve)
    assert any("at least" in c and "239,200" in c for c in result.caveats)


def test_a_partly_top_coded_curve_marks_only_figures_above_the_last_published_point() -> None:
    area, code = cell_with_flags(("V", "V", "T", "T", "T"))
    p10, p25 = published(area, code)[:2]
    below = personalized_range(RangeRequest(soc_code=code, area_code=area, years_experience=0))  # p15 target
    assert below.target.amount == round(p10 + (p25 - p10) * 5 / 15) and not below.target.at_least
    above = personalized_range(RangeRequest(soc_code=code, area_code=area, years_experience=12))  # p75 target
    assert above.target.amount == TOP_CODE_ANNUAL and above.target.at_least
    middle = personalized_range(RangeRequest(soc_code=code, area_code=area, years_experience=4))  # p45
    assert middle.target.at_least and middle.target.amount == round(p25 + (TOP_CODE_ANNUAL - p25) * 20 / 25)


def test_hourly_only_occupations_get_an_hourly_range() -> None:
    data = load_oews()
    cell = data.cell(NATIONAL, "27-2011")  # actors
    assert cell.value(Datatype.ANNUAL_MEDIAN) is None and cell.value(Datatype.HOURLY_MEDIAN) is not None
    result = personalized_range(RangeRequest(soc_code="27-2011", area_code=NATIONAL, years_experience=5))
    assert result.unit == "hour" and result.target.amount == cell.value(Datatype.HOURLY_MEDIAN)
    assert any("hourly" in c for c in result.caveats)


def test_an_area_without_a_curve_falls_back_to_the_national_one() -> None:
    data = load_oews()
    area = next(a.code for a in data.areas if a.type == "M" and data.cell(a.code, SOFTWARE) is None)
    result = personalized_range(RangeRequest(soc_code=SOFTWARE, area_code=area, years_experience=5))
    assert result.area_code == area and result.figures_area_code == NATIONAL
    assert result.target.amount == data.cell(NATIONAL, SOFTWARE).value(Datatype.ANNUAL_MEDIAN)
    assert result.source.area == "National" and any("national" in c for c in result.caveats)


def test_no_curve_anywhere_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    data = load_oews()
    monkeypatch.setattr(data, "cell", lambda *args, **kwargs: None)
    with pytest.raises(NoWageCurve) as caught:
        personalized_range(RangeRequest(soc_code=SOFTWARE, area_code=SEATTLE, years_experience=5), data=data)
    assert caught.value.field == "soc_code" and "Software Developers" in caught.value.message


def test_an_industry_without_a_usable_median_moves_nothing_and_says_why() -> None:
    data = load_oews()
    industry = next(i.code for i in data.industries if i.code != "000000" and (
        (cell := data.cell(NATIONAL, SOFTWARE, i.code)) is None or cell.value(Datatype.ANNUAL_MEDIAN) is None))
    result = ask(years_experience=5, industry_code=industry)
    factor = next(f for f in result.factors if f.name == "industry")
    assert factor.effect_percentile_points == 0 and factor.effect_dollars == 0 and factor.basis == "not applied"
    assert "no industry differential" in factor.reason


@pytest.mark.parametrize(("fields", "field"), [
    ({"years_experience": -1}, "years_experience"),
    ({"years_experience": 61}, "years_experience"),
    ({"years_experience": float("nan")}, "years_experience"),
    ({"years_experience": 5, "soc_code": "99-9999"}, "soc_code"),
    ({"years_experience": 5, "soc_code": "software"}, "soc_code"),
    ({"years_experience": 5, "area_code": "9999999"}, "area_code"),
    ({"years_experience": 5, "industry_code": "123"}, "industry_code"),
    ({"years_experience": 5, "education": "phd"}, "education"),
    ({"years_experience": 5, "company_size": "huge"}, "company_size"),
    ({"years_experience": 5, "skills": ["x"] * (MAX_SKILLS + 1)}, "skills"),
    ({"years_experience": 5, "skills": ["python", "  "]}, "skills"),
    ({"years_experience": 5, "skills": ["y" * 101]}, "skills"),
    ({"years_experience": 5, "seniority": "s" * (MAX_SENIORITY_LENGTH + 1)}, "seniority"),
    ({"years_experience": 5, "salary_wish": 1}, "salary_wish"),
    ({}, "years_experience"),
])
def test_validation_errors_name_the_field(fields: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        RangeRequest(**{"soc_code": SOFTWARE, "area_code": SEATTLE, **fields})
    assert {error["loc"][0] for error in caught.value.errors()} == {field}
    assert isinstance(caught.value, ValueError)


def test_the_years_anchors_never_go_down() -> None:
    percentiles = [p for _, p in YEARS_TARGET]
    assert percentiles == sorted(percentiles) and YEARS_TARGET[0][0] == 0


def test_a_level_the_occupation_encodes_is_not_counted_twice() -> None:
    data = load_oews()
    ceo = personalized_range(RangeRequest(soc_code="11-1011", area_code=NATIONAL, years_experience=20,
                                          seniority="Chief Executive Officer"))
    assert ceo.level.absorbed and ceo.level.level == "executive"
    assert ceo.target.percentile == 50 and (ceo.low.percentile, ceo.high.percentile) == (25, 75)
    assert "already part of the occupation" in ceo.caveats[0]
    cell = data.cell(NATIONAL, "11-1011")
    assert ceo.target.amount == cell.value(Datatype.ANNUAL_MEDIAN) or ceo.target.at_least
