"""Equity by vesting year: RSUs with a cliff and a schedule, options as scenarios with a plain warning."""

from __future__ import annotations

import pytest

from tools.offers.equity import (OPTION_MULTIPLIERS, OptionsValue, RsuValue, split_by_year, value_equity,
                                 vested_share_by_year)
from tools.offers.model import Equity, Vesting


def test_a_twelve_month_cliff_vests_the_first_year_at_month_twelve() -> None:
    value = value_equity(Equity(type="rsu", grant_value=100_000, vesting={"years": 4, "cliff_months": 12}))
    assert isinstance(value, RsuValue)
    assert value.value_by_year == [25_000, 25_000, 25_000, 25_000]
    assert value.first_year_value == 25_000 and value.vesting.assumed is False


def test_a_cliff_longer_than_a_year_leaves_year_one_empty_and_catches_up_at_the_cliff() -> None:
    value = value_equity(Equity(type="rsu", grant_value=100_000, vesting={"years": 4, "cliff_months": 18}))
    assert value.value_by_year == [0, 50_000, 25_000, 25_000]  # months 1–18 vest at month 18, in year 2
    assert value.vesting.vested_percent_by_year == [0, 50, 25, 25]


def test_no_cliff_vests_each_year_its_own_share() -> None:
    assert vested_share_by_year(Vesting(years=3, cliff_months=0, schedule_percent=[20, 30, 50])) == \
        pytest.approx([0.2, 0.3, 0.5])


def test_a_back_loaded_schedule_is_followed_year_by_year() -> None:
    value = value_equity(Equity(type="rsu", shares=1_000, share_price=200,
                                vesting={"cliff_months": 12, "schedule_percent": [5, 15, 40, 40]}))
    assert value.grant_value == 200_000 and value.vesting.years == 4  # years read from the schedule
    assert value.value_by_year == [10_000, 30_000, 80_000, 80_000]
    assert "1,000 shares × $200.00" in value.basis


def test_no_vesting_given_assumes_four_years_with_a_one_year_cliff_and_says_so() -> None:
    value = value_equity(Equity(type="rsu", grant_value=80_000))
    assert value.vesting.assumed and value.vesting.years == 4 and value.vesting.cliff_months == 12
    assert value.value_by_year == [20_000] * 4


def test_yearly_values_always_add_up_to_the_rounded_grant() -> None:
    assert split_by_year(100_001, [0.5, 0.5, 0.0]) == [50_001, 50_000, 0]
    assert sum(split_by_year(99_999.99, vested_share_by_year(Vesting(years=3, cliff_months=7)))) == 100_000


def test_options_are_scenarios_at_stated_multiples_of_the_preferred_price() -> None:
    value = value_equity(Equity(type="options", shares=10_000, strike_price=1.5, preferred_price=5,
                                vesting={"years": 4, "cliff_months": 12}))
    assert isinstance(value, OptionsValue)
    assert value.multipliers == list(OPTION_MULTIPLIERS) == [0.0, 1.0, 3.0, 10.0]
    by_multiplier = {s.multiplier: s for s in value.scenarios}
    assert by_multiplier[0.0].total_value == 0 and by_multiplier[0.0].spread_per_share == 0
    assert by_multiplier[1.0].exit_price == 5 and by_multiplier[1.0].total_value == 35_000  # (5 − 1.5) × 10,000
    assert by_multiplier[3.0].total_value == 135_000 and by_multiplier[3.0].first_year_value == 33_750
    assert by_multiplier[10.0].total_value == 485_000
    assert value.exercise_cost == 15_000 and value.options_by_year == [2_500] * 4


def test_options_under_water_are_worth_nothing_not_less() -> None:
    value = value_equity(Equity(type="options", shares=1_000, strike_price=10, preferred_price=5))
    assert [s.total_value for s in value.scenarios] == [0, 0, 5_000, 40_000]  # 3 × 5 − 10 = 5 a share; 10 × 5 − 10 = 40


def test_the_preferred_price_can_come_from_the_valuation() -> None:
    value = value_equity(Equity(type="options", shares=1_000, strike_price=1, valuation=500_000_000,
                                fully_diluted_shares=100_000_000))
    assert value.preferred_price == 5 and "fully diluted shares" in value.price_basis


def test_options_carry_a_plain_warning_about_illiquidity_cost_and_tax() -> None:
    warning = value_equity(Equity(type="options", shares=1_000, strike_price=1, preferred_price=2)).warning
    for words in ("illiquid", "worth nothing", "costs money", "taxes", "not tax advice"):
        assert words in warning
