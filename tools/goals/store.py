"""Career goals kept as `career_goals` rows, the user's alone: create, list, read, change, delete, and progress
reports. Every change is checked before it is written, so a refused one changes nothing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.engine import Engine
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, col, select

from memory.db import session_scope
from memory.models import CareerGoal, as_utc
from tools.goals.engine import (
    GoalCreate,
    GoalInputError,
    GoalPatch,
    check_dates,
    find_milestone,
    milestone_dicts,
    now_utc,
    overdue_milestones,
    progress_from,
)


class Goal(BaseModel):
    id: int
    goal_type: str
    description: str
    target_date: date | None
    progress_percentage: float
    status: str
    milestones: list[dict[str, Any]]
    overdue_milestones: list[dict[str, Any]]
    overdue: bool  # the goal's own date has passed while it is still active
    created_at: datetime
    updated_at: datetime


def goal_view(row: CareerGoal, today: date | None = None) -> Goal:
    today = today or date.today()
    milestones = list(row.milestones or [])
    return Goal(id=row.id, goal_type=row.goal_type, description=row.description, target_date=row.target_date,
                progress_percentage=row.progress_percentage, status=row.status, milestones=milestones,
                overdue_milestones=overdue_milestones(milestones, today) if row.status == "active" else [],
                overdue=bool(row.status == "active" and row.target_date and row.target_date < today),
                created_at=as_utc(row.created_at), updated_at=as_utc(row.updated_at))


def _set_progress(row: CareerGoal, milestones: list[dict[str, Any]], manual: float | None) -> None:
    if manual is not None and milestones:
        raise GoalInputError("this goal's progress comes from its milestones: mark a milestone done instead",
                             "progress_percentage", "progress_from_milestones")
    row.milestones = milestones
    flag_modified(row, "milestones")
    row.progress_percentage = progress_from(milestones, manual if manual is not None else row.progress_percentage)
    if row.status == "active" and row.progress_percentage >= 100:
        row.status = "completed"
    row.updated_at = now_utc()


def create_goal(db: Engine, user_id: str, request: GoalCreate, today: date | None = None) -> Goal:
    milestones = milestone_dicts(request.milestones)
    check_dates(request.target_date, milestones, today or date.today(), new=True)
    with session_scope(db) as session:
        row = CareerGoal(user_id=user_id, goal_type=request.goal_type, description=request.description.strip(),
                         target_date=request.target_date, progress_percentage=0.0, status="active")
        _set_progress(row, milestones, request.progress_percentage)
        session.add(row)
        session.flush()
        return goal_view(row, today)


def _mine(session: Session, user_id: str, goal_id: int) -> CareerGoal:
    row = session.exec(select(CareerGoal).where(CareerGoal.id == goal_id, CareerGoal.user_id == user_id)).first()
    if row is None:  # unknown and someone else's get the same answer, so ids cannot be probed
        raise GoalInputError(f"no goal {goal_id} of yours", "goal_id", "goal_not_found")
    return row


def list_goals(db: Engine, user_id: str, status: str | None = None, today: date | None = None) -> list[Goal]:
    query = select(CareerGoal).where(CareerGoal.user_id == user_id)
    if status:
        query = query.where(CareerGoal.status == status)
    with session_scope(db) as session:
        rows = session.exec(query.order_by(col(CareerGoal.created_at).desc(), col(CareerGoal.id).desc())).all()
        return [goal_view(row, today) for row in rows]


def get_goal(db: Engine, user_id: str, goal_id: int, today: date | None = None) -> Goal:
    with session_scope(db) as session:
        return goal_view(_mine(session, user_id, goal_id), today)


def patch_goal(db: Engine, user_id: str, goal_id: int, patch: GoalPatch, today: date | None = None) -> Goal:
    with session_scope(db) as session:
        row = _mine(session, user_id, goal_id)
        changes = patch.model_dump(exclude_unset=True)
        target = changes.get("target_date", row.target_date)
        milestones = (milestone_dicts(patch.milestones, row.milestones) if patch.milestones is not None
                      else list(row.milestones or []))
        check_dates(target, milestones, today or date.today(), new="target_date" in changes)
        for name in ("description", "goal_type", "status"):
            if changes.get(name) is not None:
                setattr(row, name, changes[name])
        row.target_date = target
        _set_progress(row, milestones, changes.get("progress_percentage"))
        if changes.get("status"):
            row.status = changes["status"]  # an explicit status wins over the automatic "completed"
        session.add(row)
        session.flush()
        return goal_view(row, today)


def delete_goal(db: Engine, user_id: str, goal_id: int) -> None:
    with session_scope(db) as session:
        session.delete(_mine(session, user_id, goal_id))


def record_progress(db: Engine, user_id: str, goal_id: int, milestone: int | str | None = None, done: bool = True,
                    progress_percentage: float | None = None, today: date | None = None) -> Goal:
    """A progress report: a milestone marked done (or not), or the progress of a goal without milestones."""
    if milestone is None and progress_percentage is None:
        raise GoalInputError("say which milestone you finished, or the progress in percent", "milestone",
                             "nothing_to_update")
    with session_scope(db) as session:
        row = _mine(session, user_id, goal_id)
        milestones = [dict(m) for m in row.milestones or []]
        if milestone is not None:
            found = find_milestone(milestones, milestone)
            if found is None:
                titles = "; ".join(f"{m['id']}: {m['title']}" for m in milestones) or "none"
                raise GoalInputError(f"no single milestone of goal {goal_id} matches {milestone!r} (its milestones: "
                                     f"{titles})", "milestone", "milestone_not_found")
            if done and not found.get("done"):
                found["completed_at"] = now_utc().isoformat()
            elif not done:
                found.pop("completed_at", None)
            found["done"] = done
        _set_progress(row, milestones, progress_percentage)
        session.add(row)
        session.flush()
        return goal_view(row, today)

__all__ = ["Goal", "GoalInputError", "create_goal", "delete_goal", "get_goal", "list_goals", "patch_goal",
           "record_progress"]
