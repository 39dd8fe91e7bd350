"""A role-play scenario: the role and place, the company type, the recruiter's persona and style, and the
hidden mandate (what the recruiter may give on each term) derived from the market pay for that occupation
and area. Deterministic for a seed, so a session can be replayed."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tools.salary.market import MarketData, market_data
from tools.occupations.resolver import InputError, check_text

Persona = Literal["warm", "hard_bargainer", "analytical", "rushed_hiring_manager"]
CompanyType = Literal["startup", "big_tech", "mid_size", "non_profit", "public_sector"]
Style = Literal["direct", "indirect", "formal"]
PERSONAS: tuple[str, ...] = ("warm", "hard_bargainer", "analytical", "rushed_hiring_manager")
COMPANY_TYPES: tuple[str, ...] = ("startup", "big_tech", "mid_size", "non_profit", "public_sector")
STYLES: tuple[str, ...] = ("direct", "indirect", "formal")


@dataclass(frozen=True)
class PersonaRules:
    """How a recruiter concedes: the share of the gap it gives at once, how fast that shrinks, how many rounds
    before a final offer, and how much each tactic moves it (negative: it digs in)."""

    label: str
    concession_rate: float
    decay: float
    rounds: int
    weights: dict[str, float]


PERSONA_RULES: dict[str, PersonaRules] = {
    "warm": PersonaRules("warm and collaborative", 0.35, 0.75, 6,
                         {"data": 0.25, "competing": 0.35, "value": 0.25, "question": 0.1, "trade": 0.2,
                          "ultimatum": -0.4, "rude": -0.5, "unjustified_jump": -0.2}),
    "hard_bargainer": PersonaRules("hard-bargaining", 0.15, 0.65, 5,
                                   {"data": 0.2, "competing": 0.4, "value": 0.1, "question": 0.05, "trade": 0.2,
                                    "ultimatum": -0.6, "rude": -0.6, "unjustified_jump": -0.35}),
    "analytical": PersonaRules("analytical", 0.2, 0.75, 6,
                               {"data": 0.45, "competing": 0.3, "value": 0.15, "question": 0.1, "trade": 0.2,
                                "ultimatum": -0.45, "rude": -0.5, "unjustified_jump": -0.3}),
    "rushed_hiring_manager": PersonaRules("rushed hiring manager", 0.45, 0.6, 3,
                                          {"data": 0.2, "competing": 0.35, "value": 0.2, "question": 0.0,
                                           "trade": 0.15, "ultimatum": -0.3, "rude": -0.5,
                                           "unjustified_jump": -0.2}),
}


@dataclass(frozen=True)
class CompanyRules:
    """Where a company of this type opens and tops out on the market curve (percentiles), and its other limits."""

    label: str
    open_pct: float
    max_pct: float
    signing_share: float      # signing bonus budget as a share of the base budget
    equity_share: float       # equity (annual value) budget as a share of base
    equity_cost: float        # what a dollar of equity costs the company in cash terms
    base_pto: int
    extra_pto: int
    base_remote: int
    max_remote: int
    start_flex_weeks: int


COMPANY_RULES: dict[str, CompanyRules] = {
    "startup": CompanyRules("startup", 40, 70, 0.05, 0.15, 0.4, 15, 5, 2, 5, 4),
    "big_tech": CompanyRules("big tech company", 55, 90, 0.15, 0.25, 0.9, 18, 5, 2, 3, 4),
    "mid_size": CompanyRules("mid-size company", 40, 70, 0.08, 0.0, 1.0, 15, 5, 1, 3, 3),
    "non_profit": CompanyRules("non-profit", 25, 55, 0.03, 0.0, 1.0, 20, 5, 1, 4, 6),
    "public_sector": CompanyRules("public-sector employer", 35, 60, 0.0, 0.0, 1.0, 20, 0, 1, 2, 6),
}


class ScenarioRequest(BaseModel):
    """POST /api/salary/simulation: who the user negotiates with."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(description="The job title, e.g. 'registered nurse'.")
    location: str | None = Field(default=None, description="City, metro or state; the U.S. when left out.")
    offer: float | dict | None = Field(default=None, description="The offer in hand: a base salary, or {base, ...}.")
    persona: Persona | None = None
    company_type: CompanyType | None = None
    style: Style | None = None
    seed: int | None = Field(default=None, ge=0, le=2**31, description="Fixes the scenario's random choices.")

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return check_text("title", value, required=True)

    @field_validator("location")
    @classmethod
    def _location(cls, value: str | None) -> str | None:
        return check_text("location", value, required=False)

    def offer_base(self) -> float | None:
        base = self.offer.get("base") if isinstance(self.offer, dict) else self.offer
        if base is None:
            return None
        if isinstance(base, bool) or not isinstance(base, (int, float)) or not 1_000 <= base <= 5_000_000:
            raise InputError("offer.base", "invalid_offer", "offer.base must be a yearly salary between "
                                   "$1,000 and $5,000,000")
        return float(round(base))  # whole dollars: the recruiter states it as such


@dataclass
class Scenario:
    """Everything fixed for a session. `mandate` is hidden from the user until the debrief."""

    title: str
    occupation: str
    soc_code: str
    area: str
    company_type: str
    persona: str
    style: str
    seed: int
    market: dict[str, float]   # the annual percentiles used
    source: dict[str, str]
    opening: dict[str, float]  # the first package the recruiter puts on the table
    mandate: dict[str, float]  # the most it may give on each term
    costs: dict[str, float]    # what one unit of each term costs the company, in yearly dollars
    values: dict[str, float]   # what one unit of each term is worth to a typical candidate, in yearly dollars

    def public(self) -> dict:
        """What the user may see of the scenario (no mandate, no costs)."""
        data = asdict(self)
        for hidden in ("mandate", "costs", "values", "seed"):
            data.pop(hidden)
        data["persona_label"] = PERSONA_RULES[self.persona].label
        data["company_label"] = COMPANY_RULES[self.company_type].label
        return data


def percentile_amount(market: dict[str, float], percentile: float) -> float:
    """The amount at a percentile on the straight-line curve through the published points."""
    points = sorted((_PCT[key], value) for key, value in market.items() if key in _PCT)
    if percentile <= points[0][0]:
        return points[0][1]
    for (p0, v0), (p1, v1) in zip(points, points[1:]):
        if percentile <= p1:
            return v0 + (v1 - v0) * (percentile - p0) / (p1 - p0)
    return points[-1][1]


_PCT = {"p10": 10, "p25": 25, "median": 50, "p75": 75, "p90": 90}


def _annual_curve(data: MarketData) -> dict[str, float]:
    """Annual percentiles; from hourly × 2,080 where BLS gives only hourly figures. Top-coded points are left
    out: the mandate then stays within what is published."""
    annual = {k: getattr(data.annual, k) for k in _PCT if getattr(data.annual, k) is not None}
    if len(annual) >= 2:
        return annual
    hourly = {k: round(getattr(data.hourly, k) * 2080) for k in _PCT if getattr(data.hourly, k) is not None}
    if len(hourly) >= 2:
        return hourly
    raise InputError("title", "no_wage_curve", f"BLS publishes too few pay figures for {data.occupation.title} "
                           f"in {data.area.name} to build a negotiation around")


def _round(value: float, step: float) -> float:
    return float(round(value / step) * step)


def build_scenario(request: ScenarioRequest) -> Scenario:
    seed = request.seed if request.seed is not None else random.SystemRandom().randrange(2**31)
    rng = random.Random(seed)
    data = market_data(request.title, request.location)
    market = _annual_curve(data)
    persona = request.persona or rng.choice(PERSONAS)
    company_type = request.company_type or rng.choice(COMPANY_TYPES)
    style = request.style or rng.choice(STYLES)
    rules = COMPANY_RULES[company_type]

    budget_max = _round(percentile_amount(market, rules.max_pct + rng.uniform(-5, 5)), 500)
    opening_base = request.offer_base()
    if opening_base is None:
        opening_base = _round(percentile_amount(market, rules.open_pct + rng.uniform(-5, 5)), 500)
    # A band runs some 5–25% above where the recruiter opens, never beyond the curve's top: an offer above the
    # company's usual band still leaves a little room, since recruiters rarely open at their ceiling.
    budget_max = min(budget_max, _round(opening_base * rng.uniform(1.12, 1.25), 500))
    budget_max = max(budget_max, _round(opening_base * rng.uniform(1.04, 1.10), 500))

    sign_max = _round(budget_max * rules.signing_share, 500)
    equity_max = _round(budget_max * rules.equity_share, 500)
    opening = {"base": opening_base, "signing_bonus": _round(sign_max * rng.uniform(0, 0.4), 500),
               "equity": _round(equity_max * rng.uniform(0.5, 0.8), 500), "pto_days": float(rules.base_pto),
               "remote_days": float(rules.base_remote), "start_weeks": 2.0}
    mandate = {"base": budget_max, "signing_bonus": sign_max, "equity": equity_max,
               "pto_days": float(rules.base_pto + rules.extra_pto), "remote_days": float(rules.max_remote),
               "start_weeks": float(2 + rules.start_flex_weeks)}
    # Company cost per unit, in yearly dollars: base recurs; a signing bonus is paid once (spread over ~3
    # years of tenure); equity costs its cash-equivalent share; a day off costs a day's pay; a remote day
    # costs nothing in cash; a later start costs a little in lost work.
    day_pay = budget_max / 260
    costs = {"base": 1.0, "signing_bonus": 1 / 3, "equity": rules.equity_cost, "pto_days": day_pay,
             "remote_days": 0.0, "start_weeks": day_pay}
    # To the candidate: equity is discounted for risk (more at a startup); a remote day a week saves commuting
    # (about 2% of pay, a convention); a later start is a paid break between jobs worth a little.
    values = {"base": 1.0, "signing_bonus": 1 / 3, "equity": 0.3 if company_type == "startup" else 0.7,
              "pto_days": day_pay, "remote_days": 0.02 * budget_max, "start_weeks": day_pay}
    return Scenario(title=request.title, occupation=data.occupation.title, soc_code=data.occupation.soc_code,
                    area=data.area.name, company_type=company_type, persona=persona, style=style, seed=seed,
                    market=market, source={"name": data.source.name, "release": data.source.release,
                                           "area": data.source.area},
                    opening=opening, mandate=mandate, costs=costs, values=values)
