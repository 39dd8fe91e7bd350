"""The `negotiation_strategy` LangChain tool: a thin wrapper over the strategy engine and its store."""

from __future__ import annotations

from datetime import date
from typing import Literal

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import ValidationError

from tools.negotiation.strategy import StrategyRequest
from tools.negotiation.strategy_store import latest_strategy, plan_and_save
from tools.registry import ToolContext
from tools.run_config import config_user_id
from tools.occupations.resolver import NoMatch, InputError
from tools.salary.personalized import NoWageCurve



def _error(exc: Exception) -> dict:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        return {"error": f"{field}: {first['msg']}", "field": field}
    error = {"error": getattr(exc, "message", None) or str(exc), "field": getattr(exc, "field", None)}
    if isinstance(exc, NoMatch):
        error["suggestions"] = exc.suggestions
    return error


def make_tools(context: ToolContext) -> list[BaseTool]:
    def negotiation_strategy(
        config: RunnableConfig,
        title: str = "",
        offer_base: float | None = None,
        location: str | None = None,
        years_experience: float | None = None,
        signing_bonus: float | None = None,
        bonus_target_percent: float | None = None,
        equity_annual_value: float | None = None,
        pto_days: int | None = None,
        remote_days_per_week: int | None = None,
        start_date: date | None = None,
        competing_offer_base: float | None = None,
        competing_offer_company: str | None = None,
        current_pay: float | None = None,
        priorities: list[str] | None = None,
        industry: str | None = None,
        action: Literal["plan", "latest"] = "plan",
    ) -> dict:
        """Plan how to negotiate a job offer, from BLS OEWS market pay for the role and place.

        Use action="plan" when the user has an offer and wants to negotiate it: `title` is the role offered,
        `offer_base` the base salary offered in dollars a year (required), `location` a city, metro or state.
        Add what the user said: years_experience, signing_bonus, bonus_target_percent (0–200), equity_annual_value,
        pto_days, remote_days_per_week (0–5), start_date (YYYY-MM-DD), a REAL competing offer they hold
        (competing_offer_base, competing_offer_company; never invent one), current_pay (kept private, only for their
        walk-away point), priorities (e.g. ["remote", "pto", "equity"]), industry. Returns where the offer sits
        on the market curve, a target, an opening ask (anchor) and a walk-away point with reasoning, leverage,
        asks beyond base, talking points with their source, timing, email and phone scripts, what not to do and
        the state's salary-history and pay-transparency laws. The plan is saved for the user.
        Use action="latest" to read back the user's most recent saved plan (e.g. to show its email script).
        """
        user_id = config_user_id(config, "negotiation_strategy")
        if action == "latest":
            record = latest_strategy(context.db, user_id)
            if record is None:
                return {"error": "no saved negotiation plan yet: give the role, place and offer first", "field": None}
            return record.model_dump(mode="json")
        competing = ({"base": competing_offer_base, "company": competing_offer_company}
                     if competing_offer_base is not None else None)
        offer = {key: value for key, value in {
            "base": offer_base, "signing_bonus": signing_bonus, "bonus_target_percent": bonus_target_percent,
            "equity_annual_value": equity_annual_value, "pto_days": pto_days,
            "remote_days_per_week": remote_days_per_week, "start_date": start_date}.items() if value is not None}
        try:
            request = StrategyRequest(title=title, location=location, years_experience=years_experience, offer=offer,
                                      competing_offer=competing, current_pay=current_pay,
                                      priorities=priorities or [], industry=industry)
            return plan_and_save(context.db, user_id, request).model_dump(mode="json")
        except (ValidationError, InputError, NoMatch, NoWageCurve) as exc:
            return _error(exc)

    return [StructuredTool.from_function(negotiation_strategy, name="negotiation_strategy")]
