"""What an equity grant is worth, year by year.

Vesting. A schedule gives the share of the grant that accrues in each year, accruing evenly within the year
(monthly, which gives the same yearly totals as quarterly vesting). Nothing vests before the cliff; at the
cliff, everything accrued so far vests at once. So with a 12-month cliff the first year's share vests at
month 12 (year 1 keeps it); with an 18-month cliff year 1 gets nothing and year 2 gets the first eighteen
months' worth plus the rest of its own year.

RSUs are valued at the price the person gave (today's price: no growth or fall is assumed).

Stock options are not given one value. The latest preferred price is what investors last paid, not what an
option holder will get, so the answer shows scenarios: the spread (exit price − strike) on the vested options
at exit prices of 0×, 1×, 3× and 10× that price, with a plain warning about what options in a private
company are and are not.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from tools.offers.model import Equity, Vesting
from tools.money import dollars

OPTION_MULTIPLIERS = (0.0, 1.0, 3.0, 10.0)  # exit price as a multiple of the latest preferred price
OPTIONS_WARNING = (
    "Stock options in a private company are illiquid: you usually cannot sell them until the company is sold or "
    "goes public, which may never happen, and they may end up worth nothing. Exercising them costs money (the "
    "strike price times the shares) and may trigger taxes, sometimes before you can sell anything; and leaving the "
    "company often gives you only a short window to exercise. The scenarios here are illustrations, not "
    "forecasts, and this is not tax advice."
)


def vested_share_by_year(vesting: Vesting) -> list[float]:
    """The fraction of the grant that vests in each year 1..years (adds up to 1), with the cliff applied."""
    percents = vesting.percents

    def accrued(month: int) -> float:
        whole_years, months = divmod(month, 12)
        earned = sum(percents[:whole_years])
        if months and whole_years < len(percents):
            earned += percents[whole_years] * months / 12
        return earned / 100

    def vested(month: int) -> float:
        return accrued(month) if month >= vesting.cliff_months else 0.0

    return [vested(12 * year) - vested(12 * (year - 1)) for year in range(1, vesting.years + 1)]


def split_by_year(total: float, shares: list[float]) -> list[float]:
    """`total` dollars split by yearly fractions (adding up to 1), in whole dollars that add up exactly to the
    rounded total: each year is the rounded running total minus the one before (never negative)."""
    running, cumulative = 0.0, []
    for share in shares:
        running += share
        cumulative.append(running)
    if cumulative:
        cumulative[-1] = 1.0  # the grant is fully vested at the end, whatever the float sum says
    rounded = [dollars(total * fraction) for fraction in cumulative]
    return [now - before for before, now in zip([0.0, *rounded], rounded)]


class VestingView(BaseModel):
    years: int
    cliff_months: int
    schedule_percent: list[float]  # as given, or even
    vested_percent_by_year: list[float]  # after the cliff: what actually vests in each year
    assumed: bool  # no vesting was given: the usual four years with a one-year cliff


class RsuValue(BaseModel):
    type: Literal["rsu"] = "rsu"
    grant_value: float  # whole dollars at today's price
    shares: float | None = None
    share_price: float | None = None
    vesting: VestingView
    value_by_year: list[float]  # dollars vesting in each year; adds up to grant_value
    first_year_value: float
    basis: str


class OptionScenario(BaseModel):
    multiplier: float  # exit price ÷ the latest preferred price
    exit_price: float  # per share
    spread_per_share: float  # exit price − strike, never below 0 (an option under water is not exercised)
    value_by_year: list[float]  # spread × options vesting that year
    first_year_value: float
    total_value: float  # spread × all options, once fully vested


class OptionsValue(BaseModel):
    type: Literal["options"] = "options"
    shares: float
    strike_price: float
    preferred_price: float  # per share: given, or valuation ÷ fully diluted shares
    price_basis: str
    exercise_cost: float  # strike × all options: what it costs to buy them all
    vesting: VestingView
    options_by_year: list[float]  # options vesting in each year
    multipliers: list[float]
    scenarios: list[OptionScenario]
    warning: str


EquityValue = RsuValue | OptionsValue


def _vesting_view(vesting: Vesting, assumed: bool) -> VestingView:
    return VestingView(years=vesting.years, cliff_months=vesting.cliff_months,
                       schedule_percent=[round(p, 4) for p in vesting.percents],
                       vested_percent_by_year=[round(100 * s, 4) for s in vested_share_by_year(vesting)],
                       assumed=assumed)


def value_equity(equity: Equity) -> EquityValue:
    assumed = "vesting" not in equity.model_fields_set
    if equity.type == "rsu":
        return _value_rsu(equity, assumed)
    return _value_options(equity, assumed)


def _value_rsu(equity: Equity, assumed: bool) -> RsuValue:
    shares = vested_share_by_year(equity.vesting)
    by_year = split_by_year(equity.rsu_grant_value, shares)
    basis = ("the grant value you gave, at today's share price" if equity.grant_value is not None else
             f"{equity.shares:,g} shares × ${equity.share_price:,.2f}, today's share price")
    return RsuValue(grant_value=dollars(equity.rsu_grant_value), shares=equity.shares, share_price=equity.share_price,
                    vesting=_vesting_view(equity.vesting, assumed), value_by_year=by_year,
                    first_year_value=by_year[0], basis=basis + "; no change in the share price is assumed")


def _value_options(equity: Equity, assumed: bool) -> OptionsValue:
    assert equity.shares is not None and equity.strike_price is not None
    shares = vested_share_by_year(equity.vesting)
    options_by_year = [round(equity.shares * share, 4) for share in shares]
    price = equity.price_per_share
    basis = ("the latest preferred price you gave" if equity.preferred_price is not None else
             f"valuation ${equity.valuation:,.0f} ÷ {equity.fully_diluted_shares:,.0f} fully diluted shares")
    scenarios = []
    for multiplier in OPTION_MULTIPLIERS:
        exit_price = price * multiplier
        spread = max(0.0, exit_price - equity.strike_price)
        by_year = split_by_year(spread * equity.shares, shares)
        scenarios.append(OptionScenario(multiplier=multiplier, exit_price=round(exit_price, 4),
                                        spread_per_share=round(spread, 4), value_by_year=by_year,
                                        first_year_value=by_year[0], total_value=sum(by_year)))
    return OptionsValue(shares=equity.shares, strike_price=equity.strike_price, preferred_price=round(price, 4),
                        price_basis=basis, exercise_cost=dollars(equity.strike_price * equity.shares),
                        vesting=_vesting_view(equity.vesting, assumed), options_by_year=options_by_year,
                        multipliers=list(OPTION_MULTIPLIERS), scenarios=scenarios, warning=OPTIONS_WARNING)
