"""Negotiation strategy: an offer in hand, the role and the place in; a plan out. Numbers come from BLS OEWS and
from what the user told us; the words around them come from `strategy_advice`.

    negotiation_strategy(StrategyRequest(title="registered nurse", location="Denver", years_experience=6,
                                         offer=OfferTerms(base=92_000))) -> NegotiationStrategy

Every amount is in dollars a year and every percentile is read off BLS OEWS's published pay curve for the
occupation in the area: the curve of `tools/salary/personalized.py` (straight lines between the 10th, 25th,
median, 75th and 90th percentiles; the national curve when the area has none), with its interpolation reused.
Occupations BLS publishes only by the hour are turned into annual figures at 2,080 hours, BLS's full-time year.

1. Where the offer sits: its base read off the curve. Below the lowest published point or above the highest it is
   said so and not extrapolated; above BLS's top code ("at least $239,200") it cannot be placed at all.
2. Market target: the personalized range's target when years are given (the level stated in the title and the
   years, `tools/occupations/levels.py`, then industry); without years, the target of the level the title states
   (e.g. junior → the 25th percentile, senior → the 75th); with neither, the median. A level the occupation itself
   encodes (a chief executive, a supervisor) is not counted twice. The assumption is in `level` and first in
   `caveats`.
3. Walk-away (the lowest base worth accepting): the highest of the market floor (the personalized range's low, which
   is the level's band low; without years, the stated level's band low; with neither, the 35th percentile), a real
   competing offer, and the user's current pay. Current pay is the user's private reasoning only: it never appears in scripts or talking points.
4. Target: the highest of the market target; when the offer already meets it, one step (5 points) up the curve
   from the offer; a real competing offer; the walk-away.
5. Anchor (the opening ask): 10 points above the target on the curve, or a real competing offer if higher. Where
   the curve ends or is top-coded, market data cannot back a higher number: the anchor stays at the target and the
   answer says so. When the target is the user's current pay, the anchor is that rounded up to the next $1,000,
   so the exact private figure is never put to the employer. So anchor ≥ target ≥ walk-away, and target ≥ offer.
6. Leverage: +2 a real competing offer above this one (+1 at or below it), +1 a current job to stay in, +1 an
   offer below the market target, +1 an occupation BLS projects to grow faster than average; −1 an offer at or
   above the 75th percentile, −1 a declining occupation. 3+ strong, 1–2 moderate, else limited.
Steps 3–6 are this tool's conventions (like the experience convention of the personalized range), stated in
`method`. Bad input raises pydantic's ValidationError (fields named), InputError, NoMatch or NoWageCurve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tools.negotiation import strategy_advice
from tools.negotiation.pay_laws import PayLawsAnswer, pay_laws_for_area
from tools.negotiation.strategy_advice import NonBaseAsk, Scripts, TalkingPoint, Timing
from tools.negotiation.terms import TERMS, Term, normalize_terms
from tools.salary.market import AreaMatch, OccupationMatch, market_data
from tools.occupations.resolver import resolve
from tools.occupations.levels import LevelAssumption, assume_level
from tools.occupations.oews import TOP_CODE_ANNUAL, load_oews
from tools.salary.personalized import BAND, CurvePoint, PersonalizedRange, PayCurve, find_curve, ordinal
from tools.salary.queries import RangeQuestion, industry_code, range_for
from tools.salary.trends import Projection, Source, projection, projections_source
from tools.money import money

MAX_PAY = 10_000_000  # a yearly amount at or above this is a typo, not an offer
MAX_EQUITY = 100_000_000
HOURS_PER_YEAR = 2080  # BLS's full-time year (40 h × 52 weeks), how OEWS annualises hourly wages
MAX_RANGE_YEARS = 60  # the personalized range's limit; experience counts the same from 12 years on
STEP_ABOVE_OFFER = 5.0  # percentile points: a modest ask when the offer already meets the market target
ANCHOR_POINTS = 10.0  # percentile points above the target for the opening ask
NO_YEARS_TARGET = 50.0  # without years of experience: the median
HIGH_OFFER_PERCENTILE = 75.0
PRIVATE_ROUNDING = 1_000  # an anchor drawn from current pay is rounded up to this, so the exact figure stays private
GROWING = {"much faster than average", "faster than average"}

Basis = Literal["market", "offer", "competing_offer", "current_pay"]
Placement = Literal["below_published", "on_curve", "above_published", "above_top_code"]


# ------------------------------------------------------------------------------------------------------ input

class OfferTerms(BaseModel):
    """The offer on the table (amounts in US dollars a year)."""

    model_config = ConfigDict(extra="forbid")

    base: float = Field(gt=0, lt=MAX_PAY, allow_inf_nan=False, description="Base salary offered, dollars a year")
    signing_bonus: float | None = Field(None, ge=0, lt=MAX_PAY, allow_inf_nan=False)
    bonus_target_percent: float | None = Field(None, ge=0, le=200, allow_inf_nan=False,
                                               description="Annual bonus target, percent of base (0–200)")
    equity_annual_value: float | None = Field(None, ge=0, lt=MAX_EQUITY, allow_inf_nan=False,
                                              description="Equity's value per year as the employer states it")
    pto_days: int | None = Field(None, ge=0, le=365)
    remote_days_per_week: int | None = Field(None, ge=0, le=5)
    start_date: date | None = None


class CompetingOffer(BaseModel):
    """A real offer the user holds (never a made-up one: the plan tells them not to invent any)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    base: float = Field(gt=0, lt=MAX_PAY, allow_inf_nan=False)
    company: str | None = Field(None, max_length=200)


class StrategyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200, description="The job title offered, as people write it")
    location: str | None = Field(None, max_length=200, description="City, metro, state or 'remote'")
    years_experience: float | None = Field(None, ge=0, le=70, allow_inf_nan=False)
    offer: OfferTerms
    competing_offer: CompetingOffer | None = None
    current_pay: float | None = Field(None, gt=0, lt=MAX_PAY, allow_inf_nan=False,
                                      description="Your current base pay: used only for your own walk-away point, "
                                                  "never put in scripts (you need not disclose it)")
    priorities: list[Term] = Field(default_factory=list, max_length=len(TERMS),
                                   description=f"Terms you care about most: {', '.join(TERMS)}")
    industry: str | None = Field(None, max_length=200, description="An industry name, e.g. 'hospitals'")

    @field_validator("priorities", mode="before")
    @classmethod
    def _known_priorities(cls, values: object) -> object:
        return normalize_terms(values) if isinstance(values, list) else values

    @field_validator("location", "industry")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None


# ----------------------------------------------------------------------------------------------------- output

class MarketCurve(BaseModel):
    soc_code: str
    occupation: str
    figures_area: str  # the curve's area: national when BLS publishes none for the place
    unit: Literal["year", "hour"]  # as BLS publishes it; annual equivalents below
    points: list[CurvePoint]  # BLS's published percentiles, in `unit`
    annual_points: dict[str, float | None]  # p10…p90 in dollars a year (× 2,080 hours when hourly), None if missing
    top_coded: list[str]  # percentiles BLS publishes only as "at least $239,200 a year"
    not_released: list[str]
    personalized: bool  # the target uses the personalized range (years of experience given)


class OfferPosition(BaseModel):
    base: float
    placement: Placement
    percentile: float | None  # on the curve; None when the base is outside the published numbers
    percentile_at_most: bool = False  # between the last number and a top-coded point: an upper bound
    median: float | None  # dollars a year; None when BLS publishes no number
    base_minus_median: float | None
    summary: str


class PlanFigure(BaseModel):
    amount: float  # dollars a year
    percentile: float | None  # on the curve; None when outside the published numbers
    at_least: bool = False  # drawn from a top-coded stretch of the curve: a floor, not a figure
    basis: Basis  # where the number comes from
    over_offer: float  # amount − the offer's base
    over_offer_percent: float
    reasoning: str


class LeverageFactor(BaseModel):
    name: str
    points: int
    detail: str


class Leverage(BaseModel):
    level: Literal["limited", "moderate", "strong"]
    score: int
    factors: list[LeverageFactor]
    outlook: Projection | None = None  # BLS Employment Projections 2024–34 for the occupation


class NegotiationStrategy(BaseModel):
    query: dict[str, str | None]
    occupation: OccupationMatch
    area: AreaMatch
    market: MarketCurve
    offer: OfferPosition
    target: PlanFigure
    anchor: PlanFigure
    walk_away: PlanFigure
    batna: str
    leverage: Leverage
    non_base_asks: list[NonBaseAsk]
    talking_points: list[TalkingPoint]
    timing: Timing
    scripts: Scripts
    do_not: list[str]
    ethics: str
    pay_laws: PayLawsAnswer
    level: LevelAssumption | None = None  # the level assumed (title words and/or years) and its percentile band
    method: str
    caveats: list[str]
    source: Source
    sources: list[Source]


# ---------------------------------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class AnnualCurve:
    """The OEWS curve of `personalized.py` in dollars a year (an hourly curve × 2,080 hours)."""

    curve: PayCurve
    factor: float

    @property
    def low(self) -> float:
        return self.curve.low

    @property
    def high(self) -> float:
        return self.curve.high

    @property
    def lowest_amount(self) -> float:
        return self.curve.usable[0][1] * self.factor

    @property
    def highest_amount(self) -> float:
        return self.curve.usable[-1][1] * self.factor

    def amount(self, percentile: float) -> float:
        return round(self.curve.amount(percentile) * self.factor)

    def at_least(self, percentile: float) -> bool:
        return self.curve.at_least(percentile)

    def place(self, amount: float) -> tuple[Placement, float | None]:
        if amount < self.lowest_amount:
            return "below_published", None
        if amount > self.highest_amount or (self.curve.top_coded and amount >= self.highest_amount):
            return ("above_top_code" if self.curve.top_coded else "above_published"), None
        return "on_curve", round(self.curve.percentile(amount / self.factor), 1)

    def percentile_or_none(self, amount: float) -> float | None:
        return self.place(amount)[1]


@dataclass
class _Candidate:
    amount: float
    percentile: float | None
    basis: Basis
    reasoning: str
    at_least: bool = False


def _figure(candidate: _Candidate, base: float) -> PlanFigure:
    over = round(candidate.amount - base)
    reasoning = candidate.reasoning
    if candidate.at_least:
        reasoning += (f" BLS top-codes this part of the curve (it publishes only \"at least ${TOP_CODE_ANNUAL:,.0f} a "
                      "year\"), so the market figure is at least this much.")
    return PlanFigure(amount=round(candidate.amount), percentile=candidate.percentile, at_least=candidate.at_least,
                      basis=candidate.basis, over_offer=over, over_offer_percent=round(100 * over / base, 1),
                      reasoning=reasoning)


def _highest(candidates: list[_Candidate]) -> _Candidate:
    # Ties go to the earliest candidate (the market one comes first): a market figure is the easier one to defend.
    return max(candidates, key=lambda c: c.amount)


def _pct(percentile: float | None) -> str:
    return f"the {ordinal(round(percentile))} percentile" if percentile is not None else "outside the published range"


def _place_offer(curve: AnnualCurve, base: float, median: float | None, where: str) -> OfferPosition:
    placement, percentile = curve.place(base)
    at_most = placement == "on_curve" and percentile is not None and curve.at_least(percentile)
    if placement == "below_published":
        summary = (f"Your offer of {money(base)} is below the lowest figure BLS publishes for this role in {where} "
                   f"({money(curve.lowest_amount)} at {_pct(curve.low)}).")
    elif placement == "above_published":
        summary = (f"Your offer of {money(base)} is above the highest figure BLS publishes for this role in {where} "
                   f"({money(curve.highest_amount)} at {_pct(curve.high)}).")
    elif placement == "above_top_code":
        summary = (f"Your offer of {money(base)} is at or above BLS's top code: BLS publishes only that pay at the top "
                   f"of this curve is at least ${TOP_CODE_ANNUAL:,.0f} a year, so the offer can't be placed on it.")
    else:
        summary = (f"Your offer of {money(base)} sits at about {_pct(percentile)} of pay for this role in {where}"
                   + (" at most (BLS top-codes the curve above its last published figure)" if at_most else "") + ".")
    return OfferPosition(base=base, placement=placement, percentile=percentile, percentile_at_most=at_most,
                         median=median, base_minus_median=round(base - median) if median is not None else None,
                         summary=summary)


def _market_curve(market_soc: str, area_code: str, caveats: list[str]) -> tuple[AnnualCurve, MarketCurve]:
    data = load_oews()
    curve, unit, figures_area = find_curve(data, market_soc, area_code, caveats)
    factor = HOURS_PER_YEAR if unit == "hour" else 1
    if unit == "hour":
        caveats.append(f"Annual figures here are BLS's hourly figures × {HOURS_PER_YEAR:,} hours (its full-time "
                       "year); actual yearly pay depends on the hours you work.")
    names = ("p10", "p25", "median", "p75", "p90")
    annual = {name: (round(p.amount * factor) if p.amount is not None else None) for name, p in zip(names, curve.points)}
    occupation = data.occupation_by_code[market_soc].name
    return AnnualCurve(curve, factor), MarketCurve(
        soc_code=market_soc, occupation=occupation, figures_area=figures_area.name, unit=unit, points=curve.points,
        annual_points=annual, top_coded=[n for n, p in zip(names, curve.points) if p.top_coded],
        not_released=[n for n, p in zip(names, curve.points) if p.not_released], personalized=False)


def _personal_range(request: StrategyRequest, caveats: list[str]) -> PersonalizedRange | None:
    if request.years_experience is None:
        if request.industry:
            industry_code(request.industry)  # still refuse an unknown industry, naming the field
            caveats.append("The industry is applied together with years of experience: give your years for a "
                           "personalized target.")
        return None
    years = min(request.years_experience, MAX_RANGE_YEARS)
    return range_for(RangeQuestion(title=request.title, location=request.location, years_experience=years,
                                   industry=request.industry))


def _market_target_and_floor(curve: AnnualCurve, personal: PersonalizedRange | None, years: float | None,
                             level: LevelAssumption | None = None) -> tuple[_Candidate, _Candidate]:
    if personal is None and level is not None and not level.absorbed:
        p_target = min(max(level.target, curve.low), curve.high)
        p_floor = min(max(level.band_low, curve.low), curve.high)
        said = ", ".join(f"“{w}”" for w in level.evidence)
        return (_Candidate(curve.amount(p_target), p_target, "market",
                           f"The market target for a {level.level}-level role (from {said}): "
                           f"{money(curve.amount(p_target))}, {_pct(p_target)} of BLS's pay curve, the level's usual "
                           f"spot ({ordinal(round(level.band_low))}–{ordinal(round(level.band_high))} percentile, our "
                           "convention: OEWS publishes no pay by level). Tell me your years of experience to place "
                           "you inside that band.", at_least=curve.at_least(p_target)),
                _Candidate(curve.amount(p_floor), p_floor, "market",
                           f"The low end of the {level.level} band ({money(curve.amount(p_floor))}, {_pct(p_floor)}):"
                           " below it the offer is under what the level usually pays in this role and place.",
                           at_least=curve.at_least(p_floor)))
    if personal is not None:
        factor = curve.factor
        target, low = personal.target, personal.low
        target_amount, low_amount = round(target.amount * factor), round(low.amount * factor)
        experience = f"{years:g} year{'s' if years != 1 else ''} of experience" if years is not None else "your profile"
        if personal.level.evidence[:1] != personal.level.evidence[-1:] or personal.level.absorbed:
            experience = f"a {personal.level.level}-level role with {experience}"  # a level word was stated too
        return (_Candidate(target_amount, target.percentile, "market",
                           f"The market target for {experience} in this role and place: {money(target_amount)}, "
                           f"{_pct(target.percentile)} of BLS's pay curve (the personalized range's target: the level's "
                           f"band, {ordinal(round(personal.level.band_low))}–{ordinal(round(personal.level.band_high))}"
                           " percentile, and industry each move it, see the salary range for the factors).",
                           at_least=target.at_least),
                _Candidate(low_amount, low.percentile, "market",
                           f"The low end of the market range for your profile ({money(low_amount)}, "
                           f"{_pct(low.percentile)}): below it the offer is under what most people with your "
                           "experience earn in this role and place.", at_least=low.at_least))
    p_target = min(max(NO_YEARS_TARGET, curve.low), curve.high)
    p_floor = min(max(NO_YEARS_TARGET - BAND, curve.low), curve.high)
    return (_Candidate(curve.amount(p_target), p_target, "market",
                       f"Without your years of experience the target is the market median, {money(curve.amount(p_target))}"
                       f" ({_pct(p_target)}). Tell me your years of experience for a personalized target.",
                       at_least=curve.at_least(p_target)),
            _Candidate(curve.amount(p_floor), p_floor, "market",
                       f"The lower part of the market ({money(curve.amount(p_floor))}, {_pct(p_floor)}): below it the "
                       "offer is under what most people in this role and place earn.", at_least=curve.at_least(p_floor)))


def _walk_away(request: StrategyRequest, floor: _Candidate, curve: AnnualCurve) -> _Candidate:
    candidates = [floor]
    competing = request.competing_offer
    if competing is not None:
        who = f" from {competing.company}" if competing.company else ""
        candidates.append(_Candidate(competing.base, curve.percentile_or_none(competing.base), "competing_offer",
                                     f"You hold a real offer{who} at {money(competing.base)}: accepting less here "
                                     "leaves you worse off than your alternative, other terms being equal."))
    if request.current_pay is not None:
        candidates.append(_Candidate(request.current_pay, curve.percentile_or_none(request.current_pay), "current_pay",
                                     f"Not below what you earn now ({money(request.current_pay)}) unless other terms "
                                     "make up for it. This is for you only: you don't have to tell them your pay."))
    return _highest(candidates)


def _target(request: StrategyRequest, market: _Candidate, walk: _Candidate, offer: OfferPosition,
            curve: AnnualCurve) -> _Candidate:
    base = request.offer.base
    candidates = [market]
    if base >= market.amount:
        effective = offer.percentile if offer.percentile is not None else curve.high
        step = min(effective + STEP_ABOVE_OFFER, curve.high)
        if offer.placement == "on_curve" and step > effective and not curve.at_least(step) and curve.amount(step) > base:
            candidates.append(_Candidate(curve.amount(step), step, "market",
                                         f"The offer already meets the market target, so aim one step up the curve: "
                                         f"{money(curve.amount(step))} ({_pct(step)}), a modest, defensible ask."))
        else:
            candidates.append(_Candidate(base, offer.percentile, "offer",
                                         "The offer is at the top of what BLS publishes for this role and place: market "
                                         "data can't back a higher base, so put the effort into the other terms "
                                         "(and a real competing offer or your results, if you have them)."))
    competing = request.competing_offer
    if competing is not None:
        candidates.append(_Candidate(competing.base, curve.percentile_or_none(competing.base), "competing_offer",
                                     f"Your real competing offer is {money(competing.base)}: aim at least there."))
    if walk.basis != "market":
        candidates.append(_Candidate(walk.amount, walk.percentile, walk.basis,
                                     f"Your walk-away point is {money(walk.amount)}, so the target can't be lower."))
    return _highest(candidates)


def _anchor(request: StrategyRequest, target: _Candidate, curve: AnnualCurve, caveats: list[str]) -> _Candidate:
    # In order of preference on a tie: the curve, a real competing offer, rounded current pay, the target itself.
    candidates: list[_Candidate] = []
    if target.percentile is not None and not target.at_least:
        p = min(target.percentile + ANCHOR_POINTS, curve.high)
        if curve.at_least(p):
            caveats.append(f"BLS top-codes pay above the target (at least ${TOP_CODE_ANNUAL:,.0f} a year), so the "
                           "opening ask is not drawn from that part of the curve.")
        elif p > target.percentile and curve.amount(p) > target.amount:
            candidates.append(_Candidate(curve.amount(p), round(p, 1), "market",
                                         f"Open {ANCHOR_POINTS:g} percentile points above your target: "
                                         f"{money(curve.amount(p))} ({_pct(p)}). A first number anchors the talk, and"
                                         " a specific figure backed by BLS data reads as researched; it leaves room "
                                         "to concede to your target."))
    competing = request.competing_offer
    if competing is not None and competing.base >= target.amount:
        candidates.append(_Candidate(competing.base, curve.percentile_or_none(competing.base), "competing_offer",
                                     f"Open at your real competing offer, {money(competing.base)}: asking them to match "
                                     "it is a clear, honest reason."))
    if target.basis == "current_pay":
        # Never put the exact private figure to the employer: round it up to the next thousand.
        rounded = math.ceil(target.amount / PRIVATE_ROUNDING) * PRIVATE_ROUNDING
        candidates.append(_Candidate(rounded, curve.percentile_or_none(rounded), "current_pay",
                                     f"Your floor is what you earn now, above what the market curve gives here: open at "
                                     f"{money(rounded)} (your pay rounded up to the next ${PRIVATE_ROUNDING:,}, so your "
                                     "exact pay stays private) and back it with the value you bring."))
    else:
        candidates.append(_Candidate(target.amount, target.percentile, target.basis,
                                     "Open at your target: market data gives no room above it here (the published "
                                     "curve ends or is top-coded), so back any higher ask with your results or a real "
                                     "alternative.", at_least=target.at_least))
    return _highest(candidates)


def _leverage(request: StrategyRequest, offer: OfferPosition, market_target: _Candidate,
              soc_code: str) -> tuple[Leverage, Source | None]:
    factors: list[LeverageFactor] = []
    base = request.offer.base
    competing = request.competing_offer
    if competing is not None:
        above = competing.base > base
        factors.append(LeverageFactor(name="competing_offer", points=2 if above else 1, detail=(
            f"A real competing offer at {money(competing.base)}" + (" — above this one." if above else
                                                                   ", a real alternative even if not higher."))))
    if request.current_pay is not None:
        factors.append(LeverageFactor(name="current_job", points=1,
                                      detail="You have a job to stay in, so you can say no to a weak offer."))
    if base < market_target.amount:
        factors.append(LeverageFactor(name="below_market_target", points=1, detail=(
            f"The offer ({money(base)}) is below the market target for your profile ({money(market_target.amount)})"
            ": BLS data supports asking for more.")))
    high = offer.placement in ("above_published", "above_top_code") or (
        offer.percentile is not None and offer.percentile >= HIGH_OFFER_PERCENTILE)
    if high:
        factors.append(LeverageFactor(name="offer_already_high", points=-1, detail=(
            "The offer is already high on the market curve, so there is less room on base.")))
    outlook = projection(soc_code)
    source = None
    if outlook is not None:
        source = projections_source()
        if outlook.growth_category in GROWING:
            factors.append(LeverageFactor(name="growing_occupation", points=1, detail=(
                f"BLS projects employment of {outlook.title.lower()} to grow {outlook.change_percent:+.1f}% over "
                f"2024–34 ({outlook.growth_category}): employers compete for people.")))
        elif outlook.growth_category == "decline":
            factors.append(LeverageFactor(name="declining_occupation", points=-1, detail=(
                f"BLS projects employment of {outlook.title.lower()} to change {outlook.change_percent:+.1f}% over "
                "2024–34 (decline): fewer openings, less pressure on employers.")))
    score = sum(f.points for f in factors)
    level = "strong" if score >= 3 else "moderate" if score >= 1 else "limited"
    return Leverage(level=level, score=score, factors=factors, outlook=outlook), source


def _batna(request: StrategyRequest) -> str:
    competing = request.competing_offer
    parts = []
    if competing is not None:
        who = f" from {competing.company}" if competing.company else ""
        parts.append(f"your other offer{who} at {money(competing.base)}")
    if request.current_pay is not None:
        parts.append("staying in your current job")
    if not parts:
        return ("You have no other offer on the table: your alternative is to keep looking. That is fine: negotiate on "
                "market data and the value you bring, stay polite, and keep other applications going.")
    return "Your best alternative to this offer: " + " or ".join(parts) + "."


def negotiation_strategy(request: StrategyRequest, today: date | None = None) -> NegotiationStrategy:
    market = market_data(request.title, request.location)
    titles, _ = resolve(request.title, request.location)  # cached: the same resolution market_data used
    caveats: list[str] = [titles.best.fallback] if titles.best and titles.best.fallback else []
    curve, market_curve = _market_curve(market.occupation.soc_code, market.area.code, caveats)
    personal = _personal_range(request, caveats)
    market_curve.personalized = personal is not None
    if personal is not None:
        caveats.extend(c for c in personal.caveats if "top-codes" in c)
    median = market_curve.annual_points.get("median")
    offer = _place_offer(curve, request.offer.base, median, strategy_advice.place_name(market_curve.figures_area))
    level = personal.level if personal is not None else assume_level(
        request.title, None, market.occupation.soc_code, market.occupation.title)
    if level is not None:
        caveats.insert(0, level.statement)
    market_target, floor = _market_target_and_floor(curve, personal, request.years_experience, level)
    walk = _walk_away(request, floor, curve)
    target = _target(request, market_target, walk, offer, curve)
    anchor = _anchor(request, target, curve, caveats)
    leverage, projections = _leverage(request, offer, market_target, market.occupation.soc_code)
    pay_laws = pay_laws_for_area(market.area.code, today)

    oews = Source(name="BLS OEWS", release=load_oews().release, area=market_curve.figures_area,
                  url="https://www.bls.gov/oes/",
                  note=f"{market_curve.occupation} ({market_curve.soc_code}), percentiles p10–p90")
    base = request.offer.base
    plan = NegotiationStrategy(
        query={"title": request.title, "location": request.location},
        occupation=market.occupation, area=market.area, market=market_curve, offer=offer,
        target=_figure(target, base), anchor=_figure(anchor, base), walk_away=_figure(walk, base),
        batna=_batna(request), leverage=leverage, non_base_asks=[], talking_points=[],
        timing=strategy_advice.timing(request), scripts=Scripts(email="", phone=""), do_not=[],
        ethics=strategy_advice.ETHICS, pay_laws=pay_laws, level=level, method=strategy_advice.METHOD, caveats=caveats,
        source=oews, sources=[oews] + ([projections] if projections else []),
    )
    plan.non_base_asks = strategy_advice.non_base_asks(request, plan)
    plan.talking_points = strategy_advice.talking_points(request, plan)
    plan.scripts = strategy_advice.scripts(request, plan)
    plan.do_not = strategy_advice.do_not(request, plan)
    return plan
