"""Offer analysis: one to five offers in; for each, its pay part by part, first-year and annualised totals, where
its base sits on the market for the role and place, a wage-index view between the places, and what to
negotiate; then which offer leads on each measure.

    analyze_offers(OfferAnalysisRequest(offers=[...], years_experience=6)) -> OfferAnalysis

Every figure comes from the request, from BLS OEWS (May 2025) through `tools.salary`, or is arithmetic on
those, shown with its parts. A title or place that matches nothing raises `NoMatch`, an empty one
`InputError`, both naming the field as `offers.<i>.title` / `offers.<i>.location`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from tools.offers.advice import Peer, Suggestion, suggestions
from tools.offers.compensation import Compensation, compensation
from tools.offers.cost_of_living import EXPLANATION, WageIndexView, wage_index_view
from tools.offers.equity import OptionsValue, RsuValue, value_equity
from tools.offers.market_position import MarketPosition, market_position
from tools.offers.model import DEFAULT_VESTING_YEARS, Offer, OfferAnalysisRequest
from tools.occupations.areas import AreaCandidate
from tools.occupations.resolver import NoMatch, InputError, resolve
from tools.occupations.oews import NATIONAL, load_oews
from tools.salary.personalized import OEWS_URL
from tools.occupations.titles import TitleResolution
from tools.salary.trends import Source

METHOD = (
    "Each year's total is base + target bonus + signing bonus (year 1) + RSUs vesting that year at today's price + "
    "the employer's retirement match − the health premiums you pay. The annualised total is the average over the "
    "horizon: the longest vesting period among the offers (four years when none has equity), so a signing bonus "
    "and back-loaded vesting count for what they are over time. Stock options are shown as scenarios at 0×, 1×, "
    "3× and 10× the latest preferred price, not counted in the totals. The base is placed on BLS OEWS's published "
    "pay percentiles for the role and place. Totals in other places are put in the first offer's place's terms "
    "with the BLS OEWS area wage index, which is a wage index, not a price index."
)


class Benefits(BaseModel):
    pto_days: float | None
    remote_days_per_week: float | None


class OfferResult(BaseModel):
    label: str
    company: str | None
    title: str
    location: str | None
    compensation: Compensation
    equity: Annotated[RsuValue | OptionsValue, Field(discriminator="type")] | None
    market: MarketPosition
    cost_of_living: WageIndexView
    benefits: Benefits
    negotiate: list[Suggestion]


class Lead(BaseModel):
    measure: str  # first_year_total, annualised_total, and the same adjusted by the wage index
    description: str
    leader: str  # an offer's label
    amount: float
    runner_up: str
    runner_up_amount: float
    margin: float  # leader − runner-up (0 for a tie)


class Comparison(BaseModel):
    reference_area: str  # adjusted totals are in this place's pay terms
    leads: list[Lead]
    summary: list[str]
    cost_of_living: str  # what the wage-index adjustment means


class OfferAnalysis(BaseModel):
    offers: list[OfferResult]
    comparison: Comparison | None  # with two offers or more
    horizon_years: int
    years_experience: float | None
    method: str
    notes: list[str]
    source: Source  # BLS OEWS, for the market and wage-index figures
    sources: list[Source]


def _resolve(index: int, offer: Offer) -> tuple[TitleResolution, AreaCandidate]:
    """The offer's occupation and area, with errors naming the offer's field."""
    try:
        titles, areas = resolve(offer.title, offer.location)
    except NoMatch as exc:
        raise NoMatch(f"offers.{index}.{exc.field}", exc.message, exc.suggestions) from exc
    except InputError as exc:
        raise InputError(f"offers.{index}.{exc.field}", exc.code, exc.message) from exc
    assert areas.best is not None  # resolve raises NoMatch otherwise
    return titles, areas.best


def analyze_offers(request: OfferAnalysisRequest) -> OfferAnalysis:
    resolved = [_resolve(index, offer) for index, offer in enumerate(request.offers)]
    equities = [value_equity(offer.equity) if offer.equity else None for offer in request.offers]
    horizon = max((equity.vesting.years for equity in equities if equity is not None),
                  default=DEFAULT_VESTING_YEARS)
    pays = [compensation(offer, equity, horizon) for offer, equity in zip(request.offers, equities)]
    markets = [market_position(offer.base, titles, area, request.years_experience)
               for offer, (titles, area) in zip(request.offers, resolved)]
    reference = resolved[0][1]  # other places' totals are put in the first offer's place's terms
    views = [wage_index_view(area.code, area.name, reference.code, reference.name, pay.first_year.total,
                             pay.annualised_total) for (_, area), pay in zip(resolved, pays)]
    results = []
    for index, offer in enumerate(request.offers):
        peers = [Peer(other.label, other, pays[j]) for j, other in enumerate(request.offers) if j != index]
        results.append(OfferResult(
            label=offer.label, company=offer.company, title=offer.title, location=offer.location,
            compensation=pays[index], equity=equities[index], market=markets[index], cost_of_living=views[index],
            benefits=Benefits(pto_days=offer.pto_days, remote_days_per_week=offer.remote_days_per_week),
            negotiate=suggestions(offer, markets[index], equities[index], pays[index], peers)))
    release = load_oews().release
    areas_used = list(dict.fromkeys(m.figures_area or m.area for m in markets))
    source = Source(name="BLS OEWS", release=release, area="; ".join(areas_used), url=OEWS_URL,
                    note="market pay percentiles and the area wage index")
    return OfferAnalysis(offers=results, comparison=_compare(results, reference.name) if len(results) > 1 else None,
                         horizon_years=horizon, years_experience=request.years_experience, method=METHOD,
                         notes=_notes(results), source=source, sources=[source])


_MEASURES = (
    ("first_year_total", "first-year total", lambda r: r.compensation.first_year.total),
    ("annualised_total", "annualised total", lambda r: r.compensation.annualised_total),
    ("first_year_total_wage_index_adjusted", "first-year total adjusted by the area wage index",
     lambda r: r.cost_of_living.first_year_total_adjusted),
    ("annualised_total_wage_index_adjusted", "annualised total adjusted by the area wage index",
     lambda r: r.cost_of_living.annualised_total_adjusted),
)


def _compare(results: list[OfferResult], reference_area: str) -> Comparison:
    leads: list[Lead] = []
    summary: list[str] = []
    for measure, description, read in _MEASURES:
        amounts = [(result.label, read(result)) for result in results]
        if any(amount is None for _, amount in amounts):
            continue  # a place without a wage index: no adjusted comparison
        ranked = sorted(amounts, key=lambda pair: -pair[1])  # stable: the earlier offer wins a tie
        (leader, top), (second, next_amount) = ranked[0], ranked[1]
        lead = Lead(measure=measure, description=description, leader=leader, amount=top, runner_up=second,
                    runner_up_amount=next_amount, margin=top - next_amount)
        leads.append(lead)
        in_terms = f" (in {reference_area} terms)" if "adjusted" in measure else ""
        if lead.margin == 0:
            summary.append(f"{leader} and {second} tie on {description}{in_terms}: ${top:,.0f}.")
        else:
            summary.append(f"{leader} leads on {description}{in_terms}: ${top:,.0f}, ${lead.margin:,.0f} more than "
                           f"{second} (${next_amount:,.0f}).")
    return Comparison(reference_area=reference_area, leads=leads, summary=summary, cost_of_living=EXPLANATION)


def _notes(results: list[OfferResult]) -> list[str]:
    notes: list[str] = []
    if any(isinstance(result.equity, OptionsValue) for result in results):
        notes.append("Stock options are shown as scenarios, not counted in the totals: they are illiquid and may be "
                     "worth nothing (see each offer's equity.warning).")
    for result in results:
        if result.market.area_code == NATIONAL:
            why = "no location given" if result.location is None else f"'{result.location}' reads as nationwide"
            notes.append(f"{result.label}: {why}, so national figures are used.")
        if result.market.match_confidence < 0.5:
            notes.append(f"{result.label}: '{result.title}' was matched to {result.market.occupation} with low "
                         f"confidence ({result.market.match_confidence:.0%}); check the title.")
    return notes
