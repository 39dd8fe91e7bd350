"""Assessment results kept as `assessment_results` rows, the user's alone. Scored before anything is written, so
refused answers store nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from memory.db import session_scope
from memory.models import AssessmentResult, as_utc
from tools.assessment.engine import Assessment, AssessmentRequest, assess
from tools.profile.engine import get_profile


class AssessmentRecord(Assessment):
    id: int
    created_at: datetime


def _record(row: AssessmentResult) -> AssessmentRecord:
    created = as_utc(row.created_at)
    return AssessmentRecord(id=row.id, created_at=created, kind=row.kind, answers=row.answers or {},
                            scores=row.scores or {}, result=row.result or {})


def assess_and_save(db: Engine, user_id: str, request: AssessmentRequest) -> AssessmentRecord:
    assessment = assess(request, get_profile(db, user_id).experience_years)
    with session_scope(db) as session:
        row = AssessmentResult(user_id=user_id, kind=assessment.kind, answers=assessment.answers,
                               scores=assessment.scores, result=assessment.result)
        session.add(row)
        session.flush()
        return _record(row)


def list_results(db: Engine, user_id: str, kind: str | None = None) -> list[AssessmentRecord]:
    """The user's results, newest first."""
    query = select(AssessmentResult).where(AssessmentResult.user_id == user_id)
    if kind:
        query = query.where(AssessmentResult.kind == kind)
    with session_scope(db) as session:
        rows = session.exec(query.order_by(col(AssessmentResult.created_at).desc(),
                                           col(AssessmentResult.id).desc())).all()
        return [_record(row) for row in rows]


def latest_results(db: Engine, user_id: str) -> dict[str, AssessmentRecord]:
    """The newest result of each kind the user has taken."""
    latest: dict[str, AssessmentRecord] = {}
    for record in list_results(db, user_id):
        latest.setdefault(record.kind, record)
    return latest
