"""What a person sends to have offers analysed: one to five offers, each with its pay, equity and benefits.

Every model refuses unknown fields, and every refusal names the field as a path into the request (e.g.
`offers.0.equity.vesting.schedule_percent`), so the API, the CLI and the agent tool can all tell the person
exactly what to fix. Amounts are US dollars a year unless the field says otherwise.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

MAX_OFFERS = 5
MAX_BASE = 10_000_000  # exclusive: a base this high is a typo, not an offer
MAX_MONEY = 1_000_000_000
DEFAULT_VESTING_YEARS, DEFAULT_CLIFF_MONTHS = 4, 12  # the usual US grant: four years, a one-year cliff
SCHEDULE_TOLERANCE = 0.01  # percentage points: [33.33, 33.33, 33.34] adds up to 100

Money = Annotated[float, Field(allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


def refuse(loc: tuple[str | int, ...], message: str, kind: str = "invalid_offer") -> ValidationError:
    """A validation error at `loc` (relative to the model being validated). Raised inside a model validator,
    pydantic prefixes the model's own place in the request, so the error names the exact field rather than
    the object that holds it."""
    return ValidationError.from_exception_data(
        "offer", [InitErrorDetails(type=PydanticCustomError(kind, message), loc=loc, input=None)])


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Vesting(_Strict):
    """How a grant vests: over `years`, nothing before `cliff_months`, `schedule_percent` of the grant a year."""

    years: int = Field(DEFAULT_VESTING_YEARS, ge=1, le=10, description="Years the grant vests over (1–10)")
    cliff_months: int = Field(DEFAULT_CLIFF_MONTHS, ge=0, le=60,
                              description="Months before anything vests (0–60); what accrued by then vests at once")
    schedule_percent: list[Percent] | None = Field(
        None, description="Share of the grant vesting in each year, adding up to 100, e.g. [25, 25, 25, 25] or "
                          "[5, 15, 40, 40]; default: even")

    @model_validator(mode="before")
    @classmethod
    def _years_from_schedule(cls, data: Any) -> Any:
        # A schedule of five entries says the grant vests over five years; no need to say it twice.
        if isinstance(data, dict) and "years" not in data and isinstance(data.get("schedule_percent"), list):
            return {**data, "years": len(data["schedule_percent"]) or DEFAULT_VESTING_YEARS}
        return data

    @field_validator("cliff_months")
    @classmethod
    def _cliff_within_vesting(cls, value: int, info: ValidationInfo) -> int:
        years = info.data.get("years")
        if years is not None and value > years * 12:
            raise PydanticCustomError("cliff_too_long", "a cliff of {cliff} months is longer than the {years}-year "
                                      "vesting period", {"cliff": value, "years": years})
        return value

    @field_validator("schedule_percent")
    @classmethod
    def _schedule_adds_up(cls, value: list[float] | None, info: ValidationInfo) -> list[float] | None:
        if value is None:
            return None
        years = info.data.get("years")
        if years is not None and len(value) != years:
            raise PydanticCustomError("schedule_length", "give one percentage per vesting year: {years} years but "
                                      "{count} percentages", {"years": years, "count": len(value)})
        total = sum(value)
        if abs(total - 100) > SCHEDULE_TOLERANCE:
            raise PydanticCustomError("schedule_sum", "the yearly percentages must add up to 100, e.g. [25, 25, 25, "
                                      "25]; these add up to {total}", {"total": f"{total:g}"})
        return value

    @property
    def percents(self) -> list[float]:
        """The yearly percentages, even when none were given."""
        return self.schedule_percent or [100 / self.years] * self.years


_RSU_ONLY = ("grant_value", "share_price")
_OPTIONS_ONLY = ("strike_price", "preferred_price", "valuation", "fully_diluted_shares")


class Equity(_Strict):
    """RSUs (`type: "rsu"`: grant_value, or shares with share_price) or stock options (`type: "options"`: shares,
    strike_price, and preferred_price or valuation with fully_diluted_shares). One model for both, so that every
    field keeps a plain path in error messages and in the tool schema a model reads."""

    type: Literal["rsu", "options"] = Field(description="rsu: restricted stock units; options: stock options")
    grant_value: Money | None = Field(None, gt=0, le=MAX_MONEY,
                                      description="RSUs: the whole grant's value in dollars at today's share price")
    shares: float | None = Field(None, gt=0, le=1e11, allow_inf_nan=False, description="Shares (or options) granted")
    share_price: Money | None = Field(None, gt=0, le=1e6, description="RSUs: today's price of one share")
    strike_price: Money | None = Field(None, ge=0, le=1e6, description="Options: the exercise price per share")
    preferred_price: Money | None = Field(None, gt=0, le=1e6,
                                          description="Options: the latest preferred (or 409A) price per share")
    valuation: Money | None = Field(None, gt=0, le=1e13, description="Options: the latest company valuation")
    fully_diluted_shares: float | None = Field(None, gt=0, le=1e13, allow_inf_nan=False,
                                               description="Options: fully diluted shares, with valuation")
    vesting: Vesting = Field(default_factory=Vesting)

    @model_validator(mode="after")
    def _fields_fit_the_type(self) -> "Equity":
        given = self.model_fields_set
        wrong = _OPTIONS_ONLY if self.type == "rsu" else _RSU_ONLY
        for name in wrong:
            if name in given and getattr(self, name) is not None:
                kind = "options" if self.type == "rsu" else "RSUs"
                raise refuse((name,), f"{name} applies to {kind} only; this grant is {self.type!r}")
        if self.type == "rsu":
            self._check_rsu()
        else:
            self._check_options()
        return self

    def _check_rsu(self) -> None:
        by_shares = self.shares is not None or self.share_price is not None
        if self.grant_value is not None and by_shares:
            raise refuse(("grant_value",), "give grant_value, or shares with share_price, not both")
        if self.grant_value is None and not by_shares:
            raise refuse(("grant_value",), "RSUs need grant_value (the grant's dollar value at today's price), "
                         "or shares with share_price", "required")
        if by_shares and self.shares is None:
            raise refuse(("shares",), "shares is required with share_price", "required")
        if by_shares and self.share_price is None:
            raise refuse(("share_price",), "share_price is required with shares", "required")

    def _check_options(self) -> None:
        if self.shares is None:
            raise refuse(("shares",), "options need shares: how many options are granted", "required")
        if self.strike_price is None:
            raise refuse(("strike_price",), "options need strike_price: the price per share to exercise", "required")
        by_valuation = self.valuation is not None or self.fully_diluted_shares is not None
        if self.preferred_price is not None and by_valuation:
            raise refuse(("preferred_price",), "give preferred_price, or valuation with fully_diluted_shares, "
                         "not both")
        if self.preferred_price is None and not by_valuation:
            raise refuse(("preferred_price",), "options need preferred_price (the latest preferred or 409A price "
                         "per share), or valuation with fully_diluted_shares", "required")
        if by_valuation and self.valuation is None:
            raise refuse(("valuation",), "valuation is required with fully_diluted_shares", "required")
        if by_valuation and self.fully_diluted_shares is None:
            raise refuse(("fully_diluted_shares",), "fully_diluted_shares is required with valuation", "required")

    @property
    def rsu_grant_value(self) -> float:
        return self.grant_value if self.grant_value is not None else (self.shares or 0) * (self.share_price or 0)

    @property
    def price_per_share(self) -> float:
        """Options: the latest preferred price, given or derived from the valuation."""
        if self.preferred_price is not None:
            return self.preferred_price
        return (self.valuation or 0) / (self.fully_diluted_shares or 1)


class Offer(_Strict):
    label: str = Field(min_length=1, max_length=100, description="A short name for the offer, e.g. 'Acme'")
    company: str | None = Field(None, max_length=200)
    title: str = Field(min_length=1, max_length=200, description="The job title as offered")
    location: str | None = Field(None, max_length=200, description="City, metro, state or 'remote'")
    base: Money = Field(gt=0, lt=MAX_BASE, description="Annual base salary in dollars")
    bonus_target_percent: float | None = Field(None, ge=0, le=200, allow_inf_nan=False,
                                               description="Target annual bonus, % of base (0–200)")
    signing_bonus: Money | None = Field(None, ge=0, le=MAX_BASE, description="One-off signing bonus in dollars")
    equity: Equity | None = None
    retirement_match_percent: Percent | None = Field(
        None, description="Employer's match on your retirement contributions, % of what you put in (100 = dollar for "
                          "dollar), on contributions up to retirement_match_limit_percent of base")
    retirement_match_limit_percent: Percent | None = Field(
        None, description="Contributions are matched up to this % of base (e.g. 6 in '50% match up to 6%')")
    health_premium_monthly: Money | None = Field(None, ge=0, le=100_000,
                                                 description="What you pay for health cover each month")
    pto_days: float | None = Field(None, ge=0, le=365, allow_inf_nan=False, description="Paid days off a year")
    remote_days_per_week: float | None = Field(None, ge=0, le=5, allow_inf_nan=False)

    @model_validator(mode="after")
    def _match_is_complete(self) -> "Offer":
        if self.retirement_match_percent is not None and self.retirement_match_limit_percent is None:
            raise refuse(("retirement_match_limit_percent",), "give the limit with the match: contributions are "
                         "matched up to what % of base (e.g. 50% match up to 6%)?", "required")
        if self.retirement_match_limit_percent is not None and self.retirement_match_percent is None:
            raise refuse(("retirement_match_percent",), "give the match rate with its limit: what % of your "
                         "contributions does the employer match (100 = dollar for dollar)?", "required")
        return self


class OfferAnalysisRequest(_Strict):
    offers: list[Offer] = Field(min_length=1, max_length=MAX_OFFERS, description="One to five offers")
    years_experience: float | None = Field(None, ge=0, le=60, allow_inf_nan=False,
                                           description="Your years of experience, for a personalised target")

    @model_validator(mode="after")
    def _labels_differ(self) -> "OfferAnalysisRequest":
        seen: set[str] = set()
        for index, offer in enumerate(self.offers):
            key = offer.label.casefold()
            if key in seen:
                raise refuse(("offers", index, "label"), f"two offers are labelled {offer.label!r}: give each its own "
                             "label, so the comparison can name them")
            seen.add(key)
        return self


def first_error(exc: ValidationError) -> tuple[str | None, str]:
    """(field path, message) of a validation error's first problem, worded like the API's error answers."""
    errors = exc.errors()
    if not errors:
        return None, str(exc)
    first = errors[0]
    field = ".".join(str(part) for part in first.get("loc", ())) or None
    message = first.get("msg", "invalid value")
    if first.get("type") == "missing" and message == "Field required":
        message = f"{field or 'a value'} is required"
    return field, message
