"""Fitting courses into the hours a week: order, stages by how far along the user is, budgeted hours for courses
with no stated duration, microlearning sessions, target dates, and the progress → level rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tools.learning.plan import (BUDGET_HOURS, Gap, PlanRequest, fit_plan, level_after_progress, schedule_for,
                                 stages_for)
from tools.learning.search import CourseHit

TODAY = date(2026, 1, 5)


def _hit(skill: str, stage: str, hours: float | None) -> CourseHit:
    return CourseHit(course_id=f"x:{skill}-{stage}", title=f"{skill} {stage}", provider="X",
                     url=f"https://x.example/{skill}/{stage}", level=stage, duration=None, duration_hours=hours,
                     price=0, currency=None, rating=None, subjects=[skill], language="en", score=1.0, why=["m"],
                     source=None, license=None)


def _finder(hours: dict[str, float | None]):
    return lambda skill, stage: [_hit(skill, stage, hours.get(skill))]


def test_courses_in_order_with_dates_from_cumulative_hours() -> None:
    gaps = [Gap(skill="SQL", current_level=0, target_level=6, priority=24),
            Gap(skill="Tableau", current_level=3, target_level=6, priority=9)]
    plan = fit_plan(gaps, 4, _finder({"SQL": 10, "Tableau": None}), TODAY)
    assert [(c.skill, c.stage) for c in plan.courses] == [("SQL", "beginner"), ("SQL", "intermediate"),
                                                          ("Tableau", "intermediate")]
    assert [c.hours for c in plan.courses] == [10, 10, BUDGET_HOURS]
    assert [c.hours_source for c in plan.courses] == ["stated", "stated", "budgeted"]
    # 10 h at 4 h/week = 2.5 weeks → 18 days; 20 h → 35 days; 28 h → 49 days
    assert [c.target_date for c in plan.courses] == [TODAY + timedelta(days=d) for d in (18, 35, 49)]
    assert plan.finish_date == plan.courses[-1].target_date and plan.total_hours == 28
    assert [c.share for c in plan.courses] == [0.5, 0.5, 1.0]


def test_busy_users_get_microlearning_sessions() -> None:
    plan = fit_plan([Gap(skill="Git", priority=1)], 1.5, _finder({"Git": 2}), TODAY)
    assert plan.schedule.model_dump() == {"mode": "microlearning", "session_minutes": 20, "sessions_per_week": 5}
    assert plan.courses[0].sessions == 6
    assert schedule_for(12).session_minutes == 90 and schedule_for(5).session_minutes == 60


def test_skills_without_courses_are_reported() -> None:
    plan = fit_plan([Gap(skill="Nothing"), Gap(skill="SQL")], 5,
                    lambda skill, stage: [] if skill == "Nothing" else [_hit(skill, stage, 3)], TODAY)
    assert plan.skills_without_course == ["Nothing"] and {c.skill for c in plan.courses} == {"SQL"}


@pytest.mark.parametrize("current, target, stages", [(0, 6, ["beginner", "intermediate"]), (3, 6, ["intermediate"]),
                                                     (5, 6, ["advanced"]), (None, None, ["beginner"])])
def test_stages(current, target, stages) -> None:
    assert stages_for(Gap(skill="s", current_level=current, target_level=target)) == stages


def test_progress_rule_is_idempotent_and_bounded() -> None:
    assert level_after_progress(1, 5, [(0.5, 50), (0.5, 0)]) == 2.0
    assert level_after_progress(1, 5, [(0.5, 100), (0.5, 100)]) == 5.0
    assert level_after_progress(1, 5, [(0.5, 0), (0.5, 0)]) == 1.0


def test_bad_requests() -> None:
    for hours in (0, -1, 200):
        with pytest.raises(ValueError, match="hours_per_week"):
            PlanRequest(hours_per_week=hours)
    assert PlanRequest(skills=[" SQL", "", "SQL"]).skills == ["SQL"]
