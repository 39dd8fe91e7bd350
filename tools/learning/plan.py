"""A learning plan: for the top skill gaps, courses that cover them, in order, fitted into the hours a week the
user has, with a target date for each course.

Order: gaps by priority (importance × the distance between current and target level), and within a skill
beginner before intermediate before advanced. Which levels a skill needs follows how far along the user is:
below a third of the target level → a beginner course then an intermediate one; below two thirds → an
intermediate course; beyond → an advanced one (a skill given without levels starts at beginner).

Hours: the course's stated duration, or, when the source states none (most of the free catalog), a budget of
BUDGET_HOURS, marked `hours_source: "budgeted"` so it is never presented as the course's length. Courses run one
after another; each one's target date is the day its cumulative hours are reached at `hours_per_week`.
Microlearning: under MICRO_HOURS a week, time is planned as 20-minute sessions; otherwise as 60-minute ones
(90 from 10 h a week).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from tools.learning.search import CourseHit, Level

BUDGET_HOURS = 8.0
MICRO_HOURS = 3.0
MAX_SKILLS = 5


class PlanRequest(BaseModel):
    hours_per_week: float = Field(default=5.0, gt=0, le=80, description="Hours a week for learning (0 < h ≤ 80).")
    skills: list[str] = Field(default_factory=list, max_length=10,
                              description="Skills to learn; when empty, the gaps of your latest skills analysis.")
    target_role: str | None = Field(default=None, max_length=200)
    free_only: bool = False

    @field_validator("skills")
    @classmethod
    def _clean_skills(cls, skills: list[str]) -> list[str]:
        cleaned = list(dict.fromkeys(s.strip() for s in skills if s and s.strip()))
        if any(len(s) > 100 for s in cleaned):
            raise ValueError("each skill is at most 100 characters")
        return cleaned


class Gap(BaseModel):
    skill: str
    current_level: float | None = None
    target_level: float | None = None
    importance: float | None = None
    priority: float = 0.0
    assessment_id: int | None = None  # the skill_assessments row that progress moves


class Schedule(BaseModel):
    mode: Literal["microlearning", "standard"]
    session_minutes: int
    sessions_per_week: int


class PlannedCourse(BaseModel):
    position: int
    skill: str
    stage: Level  # the level this course is planned at for the skill
    course: CourseHit
    hours: float
    hours_source: Literal["stated", "budgeted"]
    sessions: int
    target_date: date
    share: float  # this course's part of the skill's planned hours


class FittedPlan(BaseModel):
    schedule: Schedule
    courses: list[PlannedCourse]
    skills_without_course: list[str]
    total_hours: float
    finish_date: date | None


CourseFinder = Callable[[str, Level], list[CourseHit]]  # (skill, level) → candidate courses, best first


def stages_for(gap: Gap) -> list[Level]:
    if not gap.target_level or gap.current_level is None:
        return ["beginner", "intermediate"] if gap.target_level else ["beginner"]
    reached = max(gap.current_level, 0.0) / gap.target_level
    if reached < 1 / 3:
        return ["beginner", "intermediate"]
    return ["intermediate"] if reached < 2 / 3 else ["advanced"]


def schedule_for(hours_per_week: float) -> Schedule:
    minutes = 20 if hours_per_week < MICRO_HOURS else 90 if hours_per_week >= 10 else 60
    return Schedule(mode="microlearning" if minutes == 20 else "standard", session_minutes=minutes,
                    sessions_per_week=max(1, math.ceil(hours_per_week * 60 / minutes)))


def fit_plan(gaps: list[Gap], hours_per_week: float, find: CourseFinder, today: date) -> FittedPlan:
    """Pick courses for the top gaps (already ordered by priority) and lay them out week by week."""
    schedule = schedule_for(hours_per_week)
    picked: list[tuple[Gap, Level, CourseHit]] = []
    missing: list[str] = []
    used: set[str] = set()
    for gap in gaps[:MAX_SKILLS]:
        found = False
        for stage in stages_for(gap):
            course = next((hit for hit in find(gap.skill, stage) if hit.course_id not in used), None)
            if course is not None:
                used.add(course.course_id)
                picked.append((gap, stage, course))
                found = True
        if not found:
            missing.append(gap.skill)
    skill_hours: dict[str, float] = {}
    for gap, _, course in picked:
        skill_hours[gap.skill] = skill_hours.get(gap.skill, 0.0) + _hours(course)[0]
    planned, elapsed = [], 0.0
    for position, (gap, stage, course) in enumerate(picked, start=1):
        hours, source = _hours(course)
        elapsed += hours
        planned.append(PlannedCourse(
            position=position, skill=gap.skill, stage=stage, course=course, hours=hours, hours_source=source,
            sessions=math.ceil(hours * 60 / schedule.session_minutes),
            target_date=today + timedelta(days=math.ceil(elapsed / hours_per_week * 7)),
            share=round(hours / skill_hours[gap.skill], 4)))
    return FittedPlan(schedule=schedule, courses=planned, skills_without_course=missing,
                      total_hours=round(elapsed, 2), finish_date=planned[-1].target_date if planned else None)


def _hours(course: CourseHit) -> tuple[float, Literal["stated", "budgeted"]]:
    if course.duration_hours:
        return course.duration_hours, "stated"
    return BUDGET_HOURS, "budgeted"


def level_after_progress(start: float, target: float, progress_by_share: list[tuple[float, float]]) -> float:
    """The skill's current level from its courses' progress: start + (target − start) × Σ share × progress/100.
    Recomputed from every course of the skill each time, so updates are idempotent and can go down as well."""
    done = sum(share * max(0.0, min(progress, 100.0)) / 100 for share, progress in progress_by_share)
    return round(start + (target - start) * min(done, 1.0), 3)

