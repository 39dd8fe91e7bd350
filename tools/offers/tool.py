"""The `analyze_offers` LangChain tool: a thin wrapper over `tools.offers.analysis`. The model reads the docstring
and the offers' schema; a refused input comes back as an error naming the field, which the model can read and
fix, instead of an exception that ends the turn."""

from __future__ import annotations

import json

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import ValidationError

from tools.offers.analysis import analyze_offers as analyze
from tools.offers.model import Offer, OfferAnalysisRequest, first_error
from tools.registry import ToolContext
from tools.occupations.resolver import NoMatch, InputError


def _error(exc: Exception) -> dict:
    if isinstance(exc, ValidationError):
        field, message = first_error(exc)
        return {"error": f"{field}: {message}" if field else message, "field": field}
    error = {"error": getattr(exc, "message", None) or str(exc), "field": getattr(exc, "field", None)}
    if isinstance(exc, NoMatch):
        error["suggestions"] = exc.suggestions
    return error


def analyze_offers(offers: list[Offer], years_experience: float | None = None) -> dict:
    """Analyse and compare one to five job offers: each offer's first-year and annualised total compensation,
    part by part (base, target bonus, signing bonus, RSUs by vesting year, retirement match, minus health
    premiums), stock options as scenarios at 0×, 1×, 3× and 10× the latest preferred price with an illiquidity
    warning, where the base sits on the BLS OEWS pay curve for the role and place, the totals in the first
    offer's place's terms with the BLS OEWS area wage index, which offer leads on each measure, and what to
    negotiate in each.

    Each offer needs `label` (a short name such as the company), `title` and `base` (annual, dollars); give
    `location` (city, state or "remote") and whatever else the user said: bonus_target_percent, signing_bonus,
    equity ({type: "rsu", grant_value} or {type: "rsu", shares, share_price}; {type: "options", shares,
    strike_price, preferred_price}; optional vesting {years, cliff_months, schedule_percent}),
    retirement_match_percent with retirement_match_limit_percent, health_premium_monthly, pto_days,
    remote_days_per_week. Never invent a term the user did not state. `years_experience` adds a personal target.
    """
    try:
        request = OfferAnalysisRequest(offers=offers, years_experience=years_experience)
        return analyze(request).model_dump(mode="json")
    except (ValidationError, InputError, NoMatch) as exc:
        return _error(exc)


def _refused_arguments(exc: ValidationError) -> str:
    # Arguments that do not fit the schema never reach the function: answer in the same error shape.
    return json.dumps(_error(exc))


def make_tools(context: ToolContext) -> list[BaseTool]:
    return [StructuredTool.from_function(analyze_offers, handle_validation_error=_refused_arguments)]
