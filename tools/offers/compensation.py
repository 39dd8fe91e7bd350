"""An offer's pay, part by part and year by year, in whole dollars: every total is the exact sum of its parts.

A year's total = base + target bonus + signing bonus (year 1 only) + RSUs vesting that year + the employer's
retirement match − the health premiums you pay. Stock options are not in the totals: their value is a set of
scenarios (see `equity`), so each scenario's totals are given beside them. The annualised total is the
average of the yearly totals over the horizon, which spreads the signing bonus and the equity's vesting.
"""

from __future__ import annotations

from pydantic import BaseModel

from tools.offers.equity import EquityValue, OptionsValue, RsuValue
from tools.money import dollars
from tools.offers.model import Offer


class YearOfPay(BaseModel):
    year: int
    base: float
    target_bonus: float
    signing_bonus: float
    equity: float  # RSUs vesting this year at today's price; options are in the scenarios instead
    retirement_match: float
    health_premiums: float  # what you pay, as a negative amount
    total: float


class ScenarioTotals(BaseModel):
    multiplier: float  # the option scenario: exit price ÷ the latest preferred price
    first_year_total: float
    annualised_total: float


class Compensation(BaseModel):
    horizon_years: int
    first_year: YearOfPay
    by_year: list[YearOfPay]
    annualised_total: float  # average of by_year totals
    option_scenarios: list[ScenarioTotals]  # the totals with the options' value at each scenario; [] without options
    assumptions: list[str]


def _year(offer: Offer, year: int, equity: float) -> YearOfPay:
    base = dollars(offer.base)
    parts = {
        "base": base,
        "target_bonus": dollars(offer.base * (offer.bonus_target_percent or 0) / 100),
        "signing_bonus": dollars(offer.signing_bonus or 0) if year == 1 else 0.0,
        "equity": equity,
        "retirement_match": dollars(offer.base * (offer.retirement_match_percent or 0)
                                    * (offer.retirement_match_limit_percent or 0) / 10_000),
        "health_premiums": 0.0 - dollars(12 * (offer.health_premium_monthly or 0)),  # never -0.0
    }
    return YearOfPay(year=year, **parts, total=sum(parts.values()))


def _equity_in(value: EquityValue | None, year: int) -> float:
    if isinstance(value, RsuValue) and year <= len(value.value_by_year):
        return value.value_by_year[year - 1]
    return 0.0


def compensation(offer: Offer, equity: EquityValue | None, horizon_years: int) -> Compensation:
    by_year = [_year(offer, year, _equity_in(equity, year)) for year in range(1, horizon_years + 1)]
    total = sum(year.total for year in by_year)
    scenarios = []
    if isinstance(equity, OptionsValue):
        for scenario in equity.scenarios:
            extra = scenario.value_by_year[:horizon_years]
            scenarios.append(ScenarioTotals(multiplier=scenario.multiplier,
                                            first_year_total=by_year[0].total + extra[0],
                                            annualised_total=dollars((total + sum(extra)) / horizon_years)))
    return Compensation(horizon_years=horizon_years, first_year=by_year[0], by_year=by_year,
                        annualised_total=dollars(total / horizon_years), option_scenarios=scenarios,
                        assumptions=_assumptions(offer, equity, horizon_years))


def _assumptions(offer: Offer, equity: EquityValue | None, horizon_years: int) -> list[str]:
    notes = ["The base stays the same every year (no raises assumed)."]
    if offer.bonus_target_percent:
        notes.append("The bonus is counted at its target; actual bonuses can be lower or higher.")
    if offer.signing_bonus:
        notes.append("The signing bonus is paid in year 1; check whether you must repay it if you leave early.")
    if offer.retirement_match_percent:
        notes.append("You contribute enough to get the full retirement match (legal contribution limits can cap "
                     "it on high salaries).")
    if equity is not None and equity.vesting.years < horizon_years:
        notes.append(f"The grant vests over {equity.vesting.years} years; years after that count no equity (no "
                     "refresh grants assumed).")
    if equity is not None and equity.vesting.assumed:
        notes.append(f"No vesting was given: the usual {equity.vesting.years} years with a "
                     f"{equity.vesting.cliff_months}-month cliff, vesting evenly, is assumed.")
    if isinstance(equity, OptionsValue):
        notes.append("Stock options are not counted in the totals; option_scenarios gives the totals at each "
                     "scenario.")
    return notes
