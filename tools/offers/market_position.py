"""Where an offer's base sits on the market's pay curve for the role and place (BLS OEWS).

The curve is the salary tools' own: `tools.salary.personalized` draws it through BLS's published 10th, 25th,
50th, 75th and 90th percentiles for the occupation in the area (or nationally when the area has none) and reads
a percentile off it by straight lines between those points. A base below the 10th or above the highest figure
BLS publishes as a number is said to be so, not extrapolated. A top-coded percentile (BLS publishes only "at
least $239,200 a year") and an occupation BLS publishes only by the hour are noted, and the base is then placed
only as far as the published numbers allow. With years of experience, the personalised target of
`tools.salary.personalized` is added for comparison.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from tools.money import money
from tools.occupations.areas import AreaCandidate
from tools.occupations.oews import NATIONAL, TOP_CODE_ANNUAL, load_oews
# The salary tools' own pay curve and wording (private helpers, reused so the two can never disagree).
from tools.salary.personalized import (OEWS_URL, CurvePoint, NoWageCurve, RangeRequest, find_curve, ordinal,
                                       personalized_range)
from tools.occupations.titles import TitleResolution
from tools.salary.trends import Source

Placement = Literal["below_published_range", "on_curve", "above_published_numbers", "not_placed"]


class PersonalTarget(BaseModel):
    years_experience: float
    amount: float
    percentile: float
    at_least: bool  # drawn from a top-coded part of the curve: a lower bound
    base_minus_target: float


class MarketPosition(BaseModel):
    soc_code: str
    occupation: str  # the OEWS occupation the title matched
    match: str  # how the title matched (alternate title, fuzzy...)
    match_confidence: float
    area_code: str
    area: str  # the place as resolved
    figures_area: str | None  # the curve's area: national when the area has no curve
    unit: str | None  # "year", "hour" (then the base is not placed), or None when BLS publishes no curve
    curve: list[CurvePoint]  # BLS's published points
    median: float | None  # the curve's 50th percentile when BLS publishes it as a number
    median_top_coded: bool
    base: float
    base_minus_median: float | None
    placement: Placement
    base_percentile: float | None  # on the curve; None unless placement is on_curve
    summary: str  # one sentence a person can read
    personal_target: PersonalTarget | None = None
    notes: list[str]
    source: Source


def market_position(base: float, titles: TitleResolution, area: AreaCandidate,
                    years_experience: float | None = None) -> MarketPosition:
    data = load_oews()
    title = titles.best
    assert title is not None  # resolve raises NoMatch otherwise
    notes: list[str] = [title.fallback] if title.fallback else []
    common = dict(soc_code=title.soc_code, occupation=title.title, match=title.match,
                  match_confidence=round(title.confidence, 3), area_code=area.code, area=area.name, base=base)
    try:
        curve, unit, figures_area = find_curve(data, title.soc_code, area.code, [])  # its caveats speak of a range
    except NoWageCurve as exc:
        notes.append(exc.message + ", so the base cannot be placed on the market.")
        return MarketPosition(**common, figures_area=None, unit=None, curve=[], median=None, median_top_coded=False,
                              base_minus_median=None, placement="not_placed", base_percentile=None,
                              summary=f"BLS publishes no pay figures for {title.title} here.", notes=notes,
                              source=Source(name="BLS OEWS", release=data.release, area=area.name, url=OEWS_URL))
    if figures_area.code != area.code:
        notes.append(f"BLS publishes no pay distribution for {title.title} in {area.name}; the national one is used.")
    source = Source(name="BLS OEWS", release=data.release, area=figures_area.name, url=OEWS_URL,
                    note=f"{title.title} ({title.soc_code}), percentiles p10–p90")
    median_point = next(point for point in curve.points if point.percentile == 50)
    median = median_point.amount if unit == "year" else None
    place = "the United States (national figures)" if figures_area.code == NATIONAL else figures_area.name
    where = f"{title.title} in {place} (BLS OEWS {data.release})"
    if unit != "year":
        summary = f"BLS publishes only hourly pay for {title.title}, so an annual base is not placed on its curve."
        placement, percentile = "not_placed", None
    else:
        placement, percentile, summary = _place(base, curve, where)
    if median_point.top_coded and unit == "year":
        notes.append(f"BLS top-codes the median here: it publishes only that it is at least "
                     f"{money(TOP_CODE_ANNUAL)} a year.")
    target = _personal_target(base, title.soc_code, area.code, titles.seniority, years_experience, unit, notes)
    return MarketPosition(**common, figures_area=figures_area.name, unit=unit, curve=curve.points, median=median,
                          median_top_coded=median_point.top_coded, placement=placement,
                          base_minus_median=round(base - median, 2) if median is not None else None,
                          base_percentile=percentile, summary=summary, personal_target=target, notes=notes,
                          source=source)


def _place(base: float, curve, where: str) -> tuple[Placement, float | None, str]:
    """Placement on an annual curve; never beyond the numbers BLS publishes. A top-coded point is drawn at the
    top code (a floor), so a base below it is still below that percentile."""
    low_p, low_v, low_top = curve.usable[0]
    if base < low_v:
        figure = f"at least {money(low_v)}" if low_top else money(low_v)
        return ("below_published_range", None,
                f"{money(base)} is below the {ordinal(low_p)} percentile ({figure}) for {where}.")
    numeric = [(p, v) for p, v, top_coded in curve.usable if not top_coded]
    if not numeric:
        return ("not_placed", None, f"BLS top-codes every percentile for {where} (at least {money(low_v)}), so "
                f"{money(base)} cannot be placed among them.")
    high_p, high_v = numeric[-1]
    if base > high_v:
        beyond = " (BLS top-codes the percentiles above it)" if curve.top_coded else ""
        return ("above_published_numbers", None,
                f"{money(base)} is above the {ordinal(high_p)} percentile ({money(high_v)}){beyond} for {where}.")
    percentile = round(curve.percentile(base), 1)
    return ("on_curve", percentile,
            f"{money(base)} is at about the {ordinal(round(percentile))} percentile for {where}.")


def _personal_target(base: float, soc_code: str, area_code: str, seniority: str | None,
                     years: float | None, unit: str, notes: list[str]) -> PersonalTarget | None:
    if years is None or unit != "year":
        return None
    result = personalized_range(RangeRequest(soc_code=soc_code, area_code=area_code, years_experience=years,
                                             seniority=seniority))
    target = result.target
    by = f"{years:g} years of experience" + (f" and the seniority '{seniority}'" if seniority else "")
    notes.append(f"Personal target: {by} put it at the {ordinal(round(target.percentile))} percentile, "
                 f"{money(target.amount)} (this tool's convention, as in the personalised salary range).")
    return PersonalTarget(years_experience=years, amount=target.amount, percentile=target.percentile,
                          at_least=target.at_least, base_minus_target=round(base - target.amount, 2))
