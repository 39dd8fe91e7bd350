"""The negotiation role-play: start a session with a recruiter, take turns, get the debrief."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from fastapi import APIRouter, status
from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from agent.service import CoachService
from server.deps import CurrentUser, Service
from server.errors import ApiError
from tools.negotiation.engine import SessionFinished
from tools.negotiation.scenario import ScenarioRequest
from tools.negotiation.sessions import (SessionNotFound, TurnInputError, get_debrief, get_session, list_sessions,
                                        start_session, take_turn)

router = APIRouter(prefix="/api/salary", tags=["negotiation role-play"])


class RecruiterLine(BaseModel):
    message: str
    offer: dict[str, float] | None = Field(description="The package on the table after this turn; null if none.")
    move: str = Field(description="What the recruiter did: opening, counter, hold, escalate, final_offer, ...")


class SimulationAnswer(BaseModel):
    id: str
    recruiter: RecruiterLine
    finished: bool
    round: int
    scenario: dict[str, Any]


class TurnRequest(BaseModel):
    message: str = Field(description="What you say to the recruiter (1–2,000 characters).")


class SessionSummary(BaseModel):
    id: str
    status: str
    performance_score: float | None
    created_at: datetime
    updated_at: datetime
    scenario: dict[str, Any]


def _phraser(service: CoachService) -> BaseChatModel | None:
    # Gemini phrases the recruiter's lines when it is the coach's model; offline, the templates do.
    return service.chat_model if service.settings.resolved_provider == "gemini" else None


async def _run(function, *args) -> Any:
    try:
        return await asyncio.to_thread(function, *args)
    except SessionNotFound as exc:
        raise ApiError(404, "session_not_found", str(exc), "id") from exc
    except SessionFinished as exc:
        raise ApiError(409, "session_finished", str(exc), "id") from exc
    except TurnInputError as exc:
        raise ApiError(413 if exc.code == "message_too_long" else 422, exc.code, exc.message, exc.field) from exc


@router.post("/simulation", response_model=SimulationAnswer, status_code=status.HTTP_201_CREATED)
async def start(body: ScenarioRequest, user: CurrentUser, service: Service) -> dict:
    """Start a role-play; the recruiter opens with an offer. Its budget stays hidden until the debrief."""
    return await _run(start_session, service.db, user.id, body, _phraser(service), service.settings.prompt_version)


@router.post("/simulation/{session_id}/turn", response_model=SimulationAnswer)
async def turn(session_id: str, body: TurnRequest, user: CurrentUser, service: Service) -> dict:
    return await _run(take_turn, service.db, user.id, session_id, body.message, _phraser(service),
                      service.settings.prompt_version)


@router.get("/simulation/{session_id}/debrief")
async def session_debrief(session_id: str, user: CurrentUser, service: Service) -> dict:
    """The outcome against the mandate, the moves you made, strengths, what to practise, a 0–100 score.
    Asking for it ends a session still under way."""
    return await _run(get_debrief, service.db, user.id, session_id)


@router.get("/simulation/{session_id}")
async def session_transcript(session_id: str, user: CurrentUser, service: Service) -> dict:
    return await _run(get_session, service.db, user.id, session_id)


@router.get("/simulations", response_model=list[SessionSummary])
async def sessions(user: CurrentUser, service: Service) -> list[dict]:
    """Your role-plays, newest first, with their scores (progress over sessions)."""
    return await _run(list_sessions, service.db, user.id)
