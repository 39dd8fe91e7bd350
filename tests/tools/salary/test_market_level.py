"""Market data's `level`: the level stated in the title, its band read off the same curve the personalized range
uses, null when the title states none, and absorbed where the occupation itself is the level."""

from __future__ import annotations

from tests.tools.salary.test_personalized import ANNUAL, on_curve
from tools.occupations.levels import BANDS
from tools.occupations.oews import load_oews
from tools.salary.market import market_data


def test_a_title_without_level_words_has_no_level() -> None:
    assert market_data("software developer", "Seattle").level is None


def test_a_senior_title_reads_its_band_off_the_area_curve() -> None:
    result = market_data("Senior Software Engineer", "Seattle")
    level = result.level
    assert level is not None and level.level == "senior" and not level.absorbed and level.evidence == ["senior"]
    assert (level.band_low, level.target, level.band_high) == BANDS["senior"]
    cell = load_oews().cell(result.figures_for["area_code"], result.figures_for["soc_code"])
    points = [cell.value(d) for d in ANNUAL]
    assert level.unit == "year" and level.figures_area == result.source.area
    assert level.low_amount == round(on_curve(points, 65)) and level.high_amount == round(on_curve(points, 85))
    assert level.target_amount == points[3]  # the 75th percentile is a published point
    assert result.annual.median == points[2] < level.low_amount
    assert "OEWS publishes no pay by level" in level.statement


def test_a_junior_title_sits_below_the_median() -> None:
    result = market_data("junior accountant", "Denver")
    assert result.level is not None and result.level.level == "junior"
    assert result.level.high_amount < result.annual.median


def test_a_chief_executive_is_not_counted_twice() -> None:
    result = market_data("CEO", None)
    level = result.level
    assert result.occupation.soc_code == "11-1011" and level is not None and level.absorbed
    assert level.target == 50 and (level.target_amount == result.annual.median or "median" in result.annual.top_coded)
    assert "already part of the occupation" in level.statement
