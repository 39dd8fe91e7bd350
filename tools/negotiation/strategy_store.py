"""Negotiation plans a user asked for, kept as `user_negotiations` rows (status "planning"), theirs only.

The plan is computed before anything is written, so a refused request (bad input, unknown title) stores nothing.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from memory.db import session_scope
from memory.models import UserNegotiation, as_utc
from tools.negotiation.strategy import NegotiationStrategy, StrategyRequest, negotiation_strategy

PLANNING = "planning"


class StrategyRecord(NegotiationStrategy):
    """A stored plan: the strategy as answered, with its id."""

    id: int
    created_at: datetime
    negotiation_status: str


class StrategySummary(BaseModel):
    id: int
    created_at: datetime
    position: str
    location: str | None
    offer_base: float | None
    target_salary: float | None
    negotiation_status: str


def _record(row: UserNegotiation) -> StrategyRecord:
    return StrategyRecord.model_validate({**(row.strategy or {}), "id": row.id, "created_at": as_utc(row.created_at),
                                          "negotiation_status": row.negotiation_status})


def plan_and_save(db: Engine, user_id: str, request: StrategyRequest, today: date | None = None) -> StrategyRecord:
    strategy = negotiation_strategy(request, today)  # raises on bad input before anything is stored
    with session_scope(db) as session:
        row = UserNegotiation(user_id=user_id, position=request.title, location=request.location,
                              current_offer=request.offer.model_dump(mode="json", exclude_none=True),
                              target_salary=strategy.target.amount, negotiation_status=PLANNING,
                              strategy=strategy.model_dump(mode="json"))
        session.add(row)
        session.flush()
        return _record(row)


def _mine(user_id: str):
    return (select(UserNegotiation).where(UserNegotiation.user_id == user_id)
            .order_by(col(UserNegotiation.created_at).desc(), col(UserNegotiation.id).desc()))


def list_strategies(db: Engine, user_id: str) -> list[StrategySummary]:
    """The user's stored plans, newest first."""
    with session_scope(db) as session:
        rows = session.exec(_mine(user_id)).all()
        return [StrategySummary(id=row.id, created_at=as_utc(row.created_at), position=row.position, location=row.location,
                                offer_base=(row.current_offer or {}).get("base"), target_salary=row.target_salary,
                                negotiation_status=row.negotiation_status) for row in rows if row.strategy]


def get_strategy(db: Engine, user_id: str, strategy_id: int) -> StrategyRecord | None:
    """One of the user's plans; None for an unknown id and for another user's (the same answer for both)."""
    with session_scope(db) as session:
        row = session.exec(select(UserNegotiation).where(UserNegotiation.id == strategy_id,
                                                         UserNegotiation.user_id == user_id)).first()
        return _record(row) if row is not None and row.strategy else None


def latest_strategy(db: Engine, user_id: str) -> StrategyRecord | None:
    with session_scope(db) as session:
        # Rows without a plan (none are written today) are skipped in Python: a JSON null is not SQL NULL.
        row = next((r for r in session.exec(_mine(user_id)) if r.strategy), None)
        return _record(row) if row is not None else None
