"""Bad offers are refused with the field named as a path into the request, and a message that says what to fix."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from tools.offers.model import OfferAnalysisRequest, first_error

OFFER: dict[str, Any] = {"label": "Acme", "title": "software developer", "location": "Austin", "base": 120_000}


def _refusal(request: dict[str, Any]) -> tuple[str | None, str]:
    with pytest.raises(ValidationError) as caught:
        OfferAnalysisRequest.model_validate(request)
    return first_error(caught.value)


def _with(**changes: Any) -> dict[str, Any]:
    return {"offers": [{**OFFER, **changes}]}


def _rsu(**vesting: Any) -> dict[str, Any]:
    return {"type": "rsu", "grant_value": 80_000, "vesting": vesting}


@pytest.mark.parametrize(("request_body", "field", "words"), [
    (_with(equity=_rsu(years=4, schedule_percent=[25, 25, 25, 20])), "offers.0.equity.vesting.schedule_percent",
     "add up to 100"),
    (_with(equity=_rsu(schedule_percent=[50, 60])), "offers.0.equity.vesting.schedule_percent", "add up to 110"),
    (_with(equity=_rsu(years=4, schedule_percent=[50, 50])), "offers.0.equity.vesting.schedule_percent",
     "one percentage per vesting year"),
    (_with(equity=_rsu(schedule_percent=[120, -20])), "offers.0.equity.vesting.schedule_percent.0", "100"),
    (_with(equity=_rsu(years=2, cliff_months=30)), "offers.0.equity.vesting.cliff_months", "longer than"),
    (_with(equity=_rsu(years=11)), "offers.0.equity.vesting.years", "less than or equal to 10"),
    (_with(bonus_target_percent=500), "offers.0.bonus_target_percent", "less than or equal to 200"),
    (_with(base=-50_000), "offers.0.base", "greater than 0"),
    (_with(base=0), "offers.0.base", "greater than 0"),
    (_with(base=10_000_000), "offers.0.base", "less than 10000000"),
    (_with(signing_bonus=-1), "offers.0.signing_bonus", "greater than or equal to 0"),
    (_with(pto_days=400), "offers.0.pto_days", "365"),
    (_with(remote_days_per_week=6), "offers.0.remote_days_per_week", "5"),
    (_with(health_premium_monthly=-10), "offers.0.health_premium_monthly", "greater than or equal to 0"),
    (_with(salary=120_000), "offers.0.salary", "Extra inputs are not permitted"),
    (_with(equity={**_rsu(), "vest": 4}), "offers.0.equity.vest", "Extra inputs are not permitted"),
    (_with(equity={"type": "stock", "grant_value": 1}), "offers.0.equity.type", "'rsu' or 'options'"),
    (_with(equity={"type": "rsu"}), "offers.0.equity.grant_value", "grant_value"),
    (_with(equity={"type": "rsu", "grant_value": 1, "shares": 10, "share_price": 5}), "offers.0.equity.grant_value",
     "not both"),
    (_with(equity={"type": "rsu", "shares": 10}), "offers.0.equity.share_price", "required with shares"),
    (_with(equity={"type": "rsu", "grant_value": 1, "strike_price": 2}), "offers.0.equity.strike_price",
     "options only"),
    (_with(equity={"type": "options", "shares": 100, "preferred_price": 2}), "offers.0.equity.strike_price",
     "strike_price"),
    (_with(equity={"type": "options", "shares": 100, "strike_price": 1}), "offers.0.equity.preferred_price",
     "valuation"),
    (_with(equity={"type": "options", "shares": 100, "strike_price": 1, "valuation": 1e9}),
     "offers.0.equity.fully_diluted_shares", "required with valuation"),
    (_with(equity={"type": "options", "shares": 100, "strike_price": 1, "preferred_price": 2, "grant_value": 5}),
     "offers.0.equity.grant_value", "RSUs only"),
    (_with(retirement_match_percent=50), "offers.0.retirement_match_limit_percent", "limit"),
    (_with(retirement_match_limit_percent=6), "offers.0.retirement_match_percent", "match rate"),
    (_with(retirement_match_percent=150, retirement_match_limit_percent=6), "offers.0.retirement_match_percent",
     "100"),
    (_with(label="  "), "offers.0.label", "at least 1 character"),
    ({"offers": [{k: v for k, v in OFFER.items() if k != "title"}]}, "offers.0.title", "offers.0.title is required"),
    ({"offers": []}, "offers", "at least 1 item"),
    ({"offers": [{**OFFER, "label": f"Offer {i}"} for i in range(6)]}, "offers", "at most 5 items"),
    ({"offers": [OFFER, {**OFFER, "label": "acme"}]}, "offers.1.label", "two offers are labelled"),
    ({"offers": [OFFER], "years_experience": -1}, "years_experience", "greater than or equal to 0"),
    ({"offers": [OFFER], "currency": "EUR"}, "currency", "Extra inputs are not permitted"),
])
def test_bad_input_is_refused_naming_the_field(request_body: dict[str, Any], field: str, words: str) -> None:
    refused_field, message = _refusal(request_body)
    assert refused_field == field
    assert words in message


def test_a_schedule_of_rounded_thirds_adds_up() -> None:
    request = OfferAnalysisRequest.model_validate(_with(equity=_rsu(schedule_percent=[33.33, 33.33, 33.34])))
    assert request.offers[0].equity.vesting.years == 3


def test_five_offers_are_accepted() -> None:
    request = OfferAnalysisRequest.model_validate({"offers": [{**OFFER, "label": f"Offer {i}"} for i in range(5)]})
    assert len(request.offers) == 5
