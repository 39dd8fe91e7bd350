"""Skills analyses kept as `skill_assessments` rows: one analysis_id per request, one row per found skill and
per requirement of the target role (gap, strength or transferable), source "resume". Theirs only."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from pydantic import BaseModel
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from memory.db import session_scope
from memory.models import SkillAssessment, as_utc
from tools.skills.analysis import SkillsAnalysis

SOURCE = "resume"


class StoredAssessment(BaseModel):
    skill_name: str
    current_level: float | None
    target_level: float | None
    importance_score: float | None
    esco_uri: str | None
    onet_id: str | None
    evidence: str | None


class StoredAnalysis(BaseModel):
    analysis_id: str
    assessed_at: datetime
    target_role: str | None
    skills: list[StoredAssessment]  # found in the text: evidence, no levels
    gaps: list[StoredAssessment]  # target above current, most important x farthest first
    met: list[StoredAssessment]  # strengths and transferable skills: current at or above target


def save_analysis(db: Engine, user_id: str, analysis: SkillsAnalysis) -> str:
    analysis_id = uuid.uuid4().hex
    role = analysis.target_role.title if analysis.target_role else None
    now = datetime.now(timezone.utc)
    rows = [SkillAssessment(user_id=user_id, skill_name=s.name[:300], esco_uri=s.esco_uri, onet_id=s.onet_id,
                            evidence=s.evidence, analysis_id=analysis_id, target_role=role, source=SOURCE,
                            last_assessed=now)
            for s in analysis.skills]
    rows += [SkillAssessment(user_id=user_id, skill_name=r.name[:300], current_level=r.current_level,
                             target_level=r.target_level, importance_score=r.importance, esco_uri=r.esco_uri,
                             onet_id=r.onet_id or None, evidence=r.evidence, analysis_id=analysis_id,
                             target_role=role, source=SOURCE, last_assessed=now)
             for r in [*analysis.gaps, *analysis.strengths, *analysis.transferable]]
    with session_scope(db) as session:
        session.add_all(rows)
    return analysis_id


def _priority(row: SkillAssessment) -> float:
    scale = 1.0 if (row.target_level or 0) <= 1 else 7.0  # technologies are 0/1, O*NET levels 0-7
    importance = (row.importance_score or 0) / (1.0 if scale == 1.0 else 5.0)
    return importance * ((row.target_level or 0) - (row.current_level or 0)) / scale


def latest_analysis(db: Engine, user_id: str) -> StoredAnalysis | None:
    with session_scope(db) as session:
        last = session.exec(select(SkillAssessment).where(SkillAssessment.user_id == user_id,
                                                          col(SkillAssessment.analysis_id).is_not(None))
                            .order_by(col(SkillAssessment.last_assessed).desc(), col(SkillAssessment.id).desc())
                            .limit(1)).first()
        if last is None:
            return None
        rows = session.exec(select(SkillAssessment).where(SkillAssessment.user_id == user_id,
                                                          SkillAssessment.analysis_id == last.analysis_id)
                            .order_by(col(SkillAssessment.id))).all()
    def item(row: SkillAssessment) -> StoredAssessment:
        return StoredAssessment.model_validate(row, from_attributes=True)
    found = [item(r) for r in rows if r.target_level is None]
    gaps = sorted((r for r in rows if r.target_level is not None and (r.current_level or 0) < r.target_level),
                  key=lambda r: -_priority(r))
    met = [item(r) for r in rows if r.target_level is not None and (r.current_level or 0) >= r.target_level]
    assessed = as_utc(last.last_assessed)
    return StoredAnalysis(analysis_id=last.analysis_id, assessed_at=assessed, target_role=last.target_role,
                          skills=found, gaps=[item(r) for r in gaps], met=met)
