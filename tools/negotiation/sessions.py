"""Role-play sessions in SQL (`negotiation_sessions`): start one, take a turn, give the debrief. The engine's
state is saved after every turn, so a restart picks up where the user left off. Each session is its user's
alone: an id of someone else's session is answered as if it did not exist."""

from __future__ import annotations

import copy
import uuid
from dataclasses import asdict
from typing import Any

from langchain_core.language_models import BaseChatModel
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from memory.db import session_scope
from memory.models import NegotiationSession, utcnow
from tools.negotiation.debrief import debrief
from tools.negotiation.engine import RecruiterMove, SessionFinished, new_state, opening_move, respond
from tools.negotiation.moves import read_move
from tools.negotiation.phrasing import phrase
from tools.negotiation.scenario import Scenario, ScenarioRequest, build_scenario

SESSION_TYPE = "roleplay"
MAX_MESSAGE_CHARS = 2000


class SessionNotFound(LookupError):
    pass


class TurnInputError(ValueError):
    def __init__(self, code: str, message: str, field: str = "message"):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


def _answer(row: NegotiationSession, message: str, move: RecruiterMove) -> dict[str, Any]:
    return {"id": row.public_id, "recruiter": {"message": message, "offer": move.offer, "move": move.kind},
            "finished": row.status == "finished", "round": row.state["round"],
            "scenario": Scenario(**row.scenario).public()}


def _owned(session: Session, user_id: str, public_id: str, *, lock: bool = False) -> NegotiationSession:
    query = select(NegotiationSession).where(NegotiationSession.public_id == public_id,
                                             NegotiationSession.user_id == user_id)
    row = session.exec(query.with_for_update() if lock else query).first()
    if row is None:
        raise SessionNotFound(f"no negotiation session {public_id!r} for this user")
    return row


def start_session(db: Engine, user_id: str, request: ScenarioRequest, model: BaseChatModel | None = None,
                  prompt_version: str | None = None) -> dict[str, Any]:
    scenario = build_scenario(request)  # refuses bad input before anything is stored
    move = opening_move(scenario)
    message = phrase(scenario, move, 0, model, prompt_version)
    with session_scope(db) as session:
        row = NegotiationSession(user_id=user_id, session_type=SESSION_TYPE, public_id=uuid.uuid4().hex,
                                 scenario=asdict(scenario), state=new_state(scenario),
                                 transcript=[{"role": "recruiter", "message": message, "offer": move.offer,
                                              "move": move.kind}])
        session.add(row)
        session.flush()
        return _answer(row, message, move)


def clean_message(message: object) -> str:
    if not isinstance(message, str) or not message.strip():
        raise TurnInputError("empty_message", "message must be a non-empty string")
    if len(message) > MAX_MESSAGE_CHARS:
        raise TurnInputError("message_too_long", f"message is {len(message)} characters; the limit is {MAX_MESSAGE_CHARS}")
    return message.strip()


def take_turn(db: Engine, user_id: str, public_id: str, message: object, model: BaseChatModel | None = None,
              prompt_version: str | None = None) -> dict[str, Any]:
    text = clean_message(message)
    with session_scope(db) as session:
        row = _owned(session, user_id, public_id, lock=True)
        if row.status != "active":
            raise SessionFinished("this negotiation has ended; ask for the debrief or start a new one")
        scenario = Scenario(**row.scenario)
        state = copy.deepcopy(row.state)  # a new object, so the JSON column is seen as changed
        move = respond(scenario, state, read_move(text))
        reply = phrase(scenario, move, state["round"], model, prompt_version)
        row.state = state
        row.status = state["status"]
        row.transcript = [*row.transcript, {"role": "user", "message": text},
                          {"role": "recruiter", "message": reply, "offer": move.offer, "move": move.kind}]
        row.updated_at = utcnow()
        session.add(row)
        session.flush()
        return _answer(row, reply, move)


def get_debrief(db: Engine, user_id: str, public_id: str) -> dict[str, Any]:
    """The debrief; asking for it ends a session still under way."""
    with session_scope(db) as session:
        row = _owned(session, user_id, public_id, lock=True)
        if row.debrief is not None:
            return row.debrief
        earlier = session.exec(select(NegotiationSession.performance_score).where(
            NegotiationSession.user_id == user_id, NegotiationSession.session_type == SESSION_TYPE,
            NegotiationSession.performance_score.is_not(None), NegotiationSession.id != row.id)
            .order_by(NegotiationSession.created_at)).all()
        state = copy.deepcopy(row.state)
        if state["status"] == "active":
            state["status"] = "finished"
        result = {"id": row.public_id, **debrief(Scenario(**row.scenario), state, list(earlier))}
        row.state, row.status, row.debrief = state, "finished", result
        row.performance_score = result["performance_score"]
        row.areas_improved, row.recommendations = result["strengths"], result["practice"]
        row.updated_at = utcnow()
        session.add(row)
        return result


def list_sessions(db: Engine, user_id: str) -> list[dict[str, Any]]:
    with session_scope(db) as session:
        rows = session.exec(select(NegotiationSession).where(
            NegotiationSession.user_id == user_id, NegotiationSession.session_type == SESSION_TYPE)
            .order_by(NegotiationSession.created_at.desc())).all()
        return [{"id": r.public_id, "status": r.status, "performance_score": r.performance_score,
                 "created_at": r.created_at, "updated_at": r.updated_at,
                 "scenario": Scenario(**r.scenario).public()} for r in rows]


def get_session(db: Engine, user_id: str, public_id: str) -> dict[str, Any]:
    """The transcript so far (for a client that reloads), without the mandate."""
    with session_scope(db) as session:
        row = _owned(session, user_id, public_id)
        return {"id": row.public_id, "status": row.status, "finished": row.status == "finished",
                "round": row.state["round"], "scenario": Scenario(**row.scenario).public(),
                "offer": row.state["offer"] if row.state["status"] == "active" else row.state.get("final_offer"),
                "transcript": row.transcript, "debrief": row.debrief}
