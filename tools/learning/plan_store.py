"""Learning plans kept in `learning_plans` (one row per course, grouped by `plan_id`), theirs only, and the
progress rule that moves the skill's current level in `skill_assessments`.

The plan's own settings (hours a week, skills, target role, where the gaps came from, the schedule) are kept in
each row's `skill_impact` JSON beside the level data progress needs, since the table has no plan-level row.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from memory.db import session_scope
from memory.models import LearningPlan, SkillAssessment, as_utc
from tools.learning.plan import Gap, PlanRequest, Schedule, fit_plan, level_after_progress
from tools.learning.search import CourseHit, Level, SearchFilters, search

Status = Literal["planned", "in_progress", "completed", "skipped"]


class LearningError(Exception):
    """A request the plan cannot serve; `status` 404/422, `field` the input at fault."""

    def __init__(self, status: int, code: str, message: str, field: str | None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


class PlanItem(BaseModel):
    id: int
    position: int
    skill: str | None
    stage: str | None
    course_id: str
    title: str | None
    url: str | None
    provider: str | None
    level: str | None
    price: float | None  # 0 = free; None = not stated
    hours: float | None
    hours_source: str | None
    sessions: int | None
    target_date: date | None
    status: str
    progress: float
    completion_date: date | None
    why: list[str] = Field(default_factory=list)


class LearningPlanOut(BaseModel):
    plan_id: str
    created_at: datetime
    hours_per_week: float
    target_role: str | None
    free_only: bool
    gaps_from: dict[str, Any]  # {"kind": "analysis", "analysis_id": ...} or {"kind": "skills"}
    gaps: list[Gap]
    schedule: Schedule
    total_hours: float
    finish_date: date | None
    skills_without_course: list[str]
    items: list[PlanItem]
    source: dict[str, str]


class ItemUpdate(BaseModel):
    status: Status | None = None
    progress: float | None = Field(default=None, ge=0, le=100)

    @model_validator(mode="after")
    def _something(self) -> ItemUpdate:
        if self.status is None and self.progress is None:
            raise ValueError("send status or progress")
        return self


class ItemUpdated(BaseModel):
    item: PlanItem
    skill_level: dict[str, Any] | None  # {skill, start_level, current_level, target_level} when an assessment moved


def latest_gaps(session: Session, user_id: str, target_role: str | None) -> tuple[str | None, list[Gap]]:
    """The gaps of the caller's latest skills analysis (for `target_role` when given), by priority."""
    query = select(SkillAssessment).where(SkillAssessment.user_id == user_id,
                                          col(SkillAssessment.analysis_id).is_not(None))
    # Newest rows first by id: last_assessed also moves when plan progress updates a level.
    rows = session.exec(query.order_by(col(SkillAssessment.id).desc())).all()
    if target_role:
        rows = [r for r in rows if (r.target_role or "").strip().lower() == target_role.strip().lower()]
    if not rows:
        return None, []
    analysis_id = rows[0].analysis_id
    gaps = []
    for row in rows:
        if row.analysis_id != analysis_id or row.target_level is None:
            continue
        current = row.current_level or 0.0
        if current >= row.target_level:
            continue  # a strength, not a gap
        importance = row.importance_score if row.importance_score is not None else 1.0
        gaps.append(Gap(skill=row.skill_name, current_level=current, target_level=row.target_level,
                        importance=row.importance_score, priority=round(importance * (row.target_level - current), 4),
                        assessment_id=row.id))
    gaps.sort(key=lambda g: -g.priority)
    return analysis_id, gaps


def _given_gaps(skills: list[str]) -> list[Gap]:
    # Skills named by the user come in their order, the first the most important.
    return [Gap(skill=s, priority=float(len(skills) - i)) for i, s in enumerate(skills)]


def _finder(db: Engine, free_only: bool):
    def find(skill: str, stage: Level) -> list[CourseHit]:
        filters = SearchFilters(free_only=free_only, level=stage, language="en")
        return search(db, skill, filters, limit=5, skill=skill).courses
    return find


def _settings_key(request: PlanRequest, analysis_id: str | None) -> dict[str, Any]:
    return {"hours_per_week": request.hours_per_week, "skills": [s.lower() for s in request.skills],
            "target_role": (request.target_role or "").strip().lower() or None, "free_only": request.free_only,
            "analysis_id": analysis_id}


def current_or_new_plan(db: Engine, user_id: str, request: PlanRequest, today: date | None = None) -> LearningPlanOut:
    """The caller's latest plan when it was made with the same settings from the same gaps; else a new plan."""
    today = today or date.today()
    with session_scope(db) as session:
        analysis_id, gaps = (None, _given_gaps(request.skills)) if request.skills else \
            latest_gaps(session, user_id, request.target_role)
    if not gaps:
        if analysis_id is None:
            where = f" for the target role {request.target_role!r}" if request.target_role else ""
            raise LearningError(422, "no_skills", f"no skills analysis of yours{where} to plan from: run a skills "
                                "analysis first or pass skills=", "skills")
        raise LearningError(422, "no_gaps", "your latest skills analysis shows no gaps to close: pass skills= to "
                            "plan other skills", "skills")
    key = _settings_key(request, analysis_id)
    latest = _latest_plan(db, user_id)
    if latest is not None and latest.gaps_from.get("key") == key:
        return latest
    fitted = fit_plan(gaps, request.hours_per_week, _finder(db, request.free_only), today)
    if not fitted.courses:
        raise LearningError(404, "no_courses", "no course in the catalog covers "
                            + ", ".join(fitted.skills_without_course), "skills")
    plan_id = uuid.uuid4().hex[:16]
    by_skill = {g.skill: g for g in gaps}
    plan_info = {"hours_per_week": request.hours_per_week, "target_role": request.target_role,
                 "free_only": request.free_only, "key": key,
                 "gaps_from": {"kind": "skills"} if request.skills else {"kind": "analysis",
                                                                         "analysis_id": analysis_id},
                 "gaps": [g.model_dump() for g in gaps], "schedule": fitted.schedule.model_dump(),
                 "total_hours": fitted.total_hours,
                 "finish_date": fitted.finish_date.isoformat() if fitted.finish_date else None,
                 "skills_without_course": fitted.skills_without_course}
    with session_scope(db) as session:
        for planned in fitted.courses:
            gap = by_skill[planned.skill]
            session.add(LearningPlan(
                user_id=user_id, plan_id=plan_id, position=planned.position, skill=planned.skill,
                course_id=planned.course.course_id, platform=planned.course.provider, title=planned.course.title,
                url=planned.course.url, hours=planned.hours, target_date=planned.target_date, status="planned",
                progress=0.0,
                skill_impact={"assessment_id": gap.assessment_id, "start_level": gap.current_level,
                              "target_level": gap.target_level, "share": planned.share, "stage": planned.stage,
                              "level": planned.course.level,
                              "price": planned.course.price, "hours_source": planned.hours_source,
                              "sessions": planned.sessions, "why": planned.course.why, "plan": plan_info}))
    return get_plan(db, user_id, plan_id)


def _item(row: LearningPlan) -> PlanItem:
    impact = row.skill_impact or {}
    return PlanItem(id=row.id, position=row.position or 0, skill=row.skill, stage=impact.get("stage"),
                    course_id=row.course_id, title=row.title, url=row.url, provider=row.platform,
                    level=impact.get("level"), price=impact.get("price"), hours=row.hours, hours_source=impact.get("hours_source"),
                    sessions=impact.get("sessions"), target_date=row.target_date, status=row.status,
                    progress=row.progress, completion_date=row.completion_date, why=impact.get("why") or [])


def _plan(rows: list[LearningPlan]) -> LearningPlanOut:
    info = (rows[0].skill_impact or {}).get("plan") or {}
    gaps_from = {**info.get("gaps_from", {}), "key": info.get("key")}
    return LearningPlanOut(
        plan_id=rows[0].plan_id, created_at=as_utc(rows[0].created_at), hours_per_week=info["hours_per_week"],
        target_role=info.get("target_role"), free_only=info.get("free_only", False), gaps_from=gaps_from,
        gaps=info.get("gaps", []), schedule=info["schedule"], total_hours=info.get("total_hours", 0.0),
        finish_date=info.get("finish_date"), skills_without_course=info.get("skills_without_course", []),
        items=[_item(r) for r in sorted(rows, key=lambda r: r.position or 0)],
        source={"catalog": "the course catalog (free-programming-books, CC BY 4.0, plus imported catalogs)",
                "gaps": "skill_assessments" if gaps_from.get("kind") == "analysis" else "the skills you gave"})


def _rows(session: Session, user_id: str, plan_id: str) -> list[LearningPlan]:
    return list(session.exec(select(LearningPlan).where(LearningPlan.user_id == user_id,
                                                        LearningPlan.plan_id == plan_id)).all())


def get_plan(db: Engine, user_id: str, plan_id: str) -> LearningPlanOut:
    with session_scope(db) as session:
        rows = _rows(session, user_id, plan_id)
        if not rows or not (rows[0].skill_impact or {}).get("plan"):
            raise LearningError(404, "plan_not_found", f"no learning plan {plan_id} of yours", "plan_id")
        return _plan(rows)


def latest_plan(db: Engine, user_id: str) -> LearningPlanOut:
    """The caller's most recent plan as stored (progress included), without making one; a 404 error if none."""
    plan = _latest_plan(db, user_id)
    if plan is None:
        raise LearningError(404, "no_plan", "you have no learning plan yet: ask for one with GET "
                            "/api/career/learning-plan (from your skills analysis or skills=)", None)
    return plan


def _latest_plan(db: Engine, user_id: str) -> LearningPlanOut | None:
    with session_scope(db) as session:
        row = session.exec(select(LearningPlan).where(LearningPlan.user_id == user_id,
                                                      col(LearningPlan.plan_id).is_not(None))
                           .order_by(col(LearningPlan.created_at).desc(), col(LearningPlan.id).desc())).first()
        if row is None or not (row.skill_impact or {}).get("plan"):
            return None
        return _plan(_rows(session, user_id, row.plan_id))


def update_item(db: Engine, user_id: str, item_id: int, update: ItemUpdate, today: date | None = None) -> ItemUpdated:
    """Set an item's status and/or progress. Progress 100 completes it; completing sets progress to 100; any
    progress above 0 starts it. Then the skill's current level is recomputed (see `level_after_progress`)."""
    with session_scope(db) as session:
        row = session.exec(select(LearningPlan).where(LearningPlan.id == item_id,
                                                      LearningPlan.user_id == user_id)).first()
        if row is None:  # unknown and someone else's answer the same, so ids cannot be probed
            raise LearningError(404, "item_not_found", f"no learning-plan item {item_id} of yours", "item_id")
        if update.progress is not None:
            row.progress = update.progress
        if update.status is not None:
            row.status = update.status
        if row.status == "skipped":
            pass  # kept as the user said; a skipped course adds nothing to the skill
        elif update.status == "completed" or row.progress >= 100:
            row.status, row.progress = "completed", 100.0
        elif row.progress > 0 and row.status in ("planned", "completed"):
            row.status = "in_progress"  # progress below 100 on a completed course reopens it
        row.completion_date = (today or date.today()) if row.status == "completed" else None
        session.add(row)
        session.flush()
        level = _move_level(session, user_id, row)
        return ItemUpdated(item=_item(row), skill_level=level)


def _move_level(session: Session, user_id: str, row: LearningPlan) -> dict[str, Any] | None:
    impact = row.skill_impact or {}
    assessment_id, start, target = impact.get("assessment_id"), impact.get("start_level"), impact.get("target_level")
    if assessment_id is None or start is None or target is None:
        return None  # a skill given by name has no assessment to move
    assessment = session.exec(select(SkillAssessment).where(SkillAssessment.id == assessment_id,
                                                            SkillAssessment.user_id == user_id)).first()
    if assessment is None:
        return None
    siblings = [r for r in _rows(session, user_id, row.plan_id) if r.skill == row.skill]
    done = [((r.skill_impact or {}).get("share", 0.0), 0.0 if r.status == "skipped" else r.progress)
            for r in siblings]
    assessment.current_level = level_after_progress(start, target, done)
    assessment.last_assessed = datetime.now(timezone.utc)
    session.add(assessment)
    return {"skill": row.skill, "start_level": start, "current_level": assessment.current_level,
            "target_level": target}
