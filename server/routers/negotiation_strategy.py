"""Negotiation strategy endpoints: a thin layer over `tools/negotiation/strategy.py`. Plans are stored per user
(`user_negotiations`), so every endpoint needs the caller's token and shows only their own plans."""

from __future__ import annotations

from fastapi import APIRouter, status

from server.deps import CurrentUser, Service
from server.errors import ApiError
from tools.negotiation.strategy import StrategyRequest
from tools.negotiation.strategy_store import (StrategyRecord, StrategySummary, get_strategy, list_strategies,
                                              plan_and_save)

router = APIRouter(prefix="/api/salary", tags=["negotiation strategy"])
_ERRORS = {401: {"description": "No token, or a forged or expired one."},
           404: {"description": "The title or place matched nothing (the error carries `suggestions`), or BLS "
                                "publishes no pay for the occupation."},
           422: {"description": "An invalid input (a negative salary, a bonus over 200%, an unknown field...); "
                                "the error names the field. Nothing is stored."}}


@router.post("/negotiation-strategy", response_model=StrategyRecord, status_code=status.HTTP_201_CREATED,
             responses=_ERRORS)
def post_negotiation_strategy(body: StrategyRequest, user: CurrentUser, service: Service) -> StrategyRecord:
    """A plan for negotiating an offer: where it sits on the BLS market curve, a target, an opening ask and a
    walk-away point with their reasoning, leverage, asks beyond base, talking points with sources, timing, email
    and phone scripts, what not to do, and the pay laws of the place. Stored as one of your plans."""
    return plan_and_save(service.db, user.id, body)


@router.get("/negotiation-strategies", response_model=list[StrategySummary], responses={401: _ERRORS[401]})
def get_negotiation_strategies(user: CurrentUser, service: Service) -> list[StrategySummary]:
    """Your stored plans, newest first."""
    return list_strategies(service.db, user.id)


@router.get("/negotiation-strategies/{strategy_id}", response_model=StrategyRecord,
            responses={401: _ERRORS[401], 404: {"description": "No plan of yours has this id."}})
def get_negotiation_strategy(strategy_id: int, user: CurrentUser, service: Service) -> StrategyRecord:
    record = get_strategy(service.db, user.id, strategy_id)
    if record is None:  # unknown and someone else's get the same answer, so ids cannot be probed
        raise ApiError(404, "strategy_not_found", f"no negotiation strategy {strategy_id} of yours", "strategy_id")
    return record
