"""Career goals: what a goal and its milestones may say, progress from milestones, and what is overdue. Pure
rules over plain dicts; `store.py` keeps goals in `career_goals` (milestones in its JSON column)."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

GoalStatus = Literal["active", "completed", "abandoned"]


class GoalInputError(ValueError):
    """A goal change the rules refuse; `field` names the value (e.g. `milestones.1.target_date`)."""

    def __init__(self, message: str, field: str, code: str = "invalid_goal"):
        super().__init__(message)
        self.message, self.field, self.code = message, field, code


class MilestoneIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=300)
    target_date: date | None = None
    done: bool = False

    @field_validator("title")
    @classmethod
    def _tidy(cls, value: str) -> str:
        value = re.sub(r"\s+", " ", value).strip()
        if not value:
            raise ValueError("a milestone needs a title")
        return value


class GoalCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=1, max_length=2000)
    goal_type: str = Field(default="career", min_length=1, max_length=64)
    target_date: date | None = None
    milestones: list[MilestoneIn] = Field(default_factory=list, max_length=50)
    progress_percentage: float | None = Field(default=None, ge=0, le=100,
                                              description="only for a goal without milestones")


class GoalPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str | None = Field(default=None, min_length=1, max_length=2000)
    goal_type: str | None = Field(default=None, min_length=1, max_length=64)
    target_date: date | None = None
    status: GoalStatus | None = None
    progress_percentage: float | None = Field(default=None, ge=0, le=100)
    milestones: list[MilestoneIn] | None = Field(default=None, max_length=50, description="replaces the list")


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def check_dates(target_date: date | None, milestones: list[dict[str, Any]], today: date, new: bool) -> None:
    if new and target_date is not None and target_date < today:
        raise GoalInputError(f"target_date {target_date} is in the past; a new goal needs a date from today on",
                             "target_date", "target_date_in_past")
    for index, milestone in enumerate(milestones):
        when = _date(milestone.get("target_date"))
        if target_date is not None and when is not None and when > target_date:
            raise GoalInputError(f"milestone {milestone['title']!r} is due {when}, after the goal's target date "
                                 f"{target_date}", f"milestones.{index}.target_date", "milestone_after_goal")


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def milestone_dicts(milestones: list[MilestoneIn], previous: list[dict[str, Any]] | None = None) -> list[dict]:
    """Stored milestones, numbered; a milestone keeping the title of an earlier one keeps its id and history."""
    earlier = {m["title"].lower(): m for m in previous or []}
    next_id = max((m["id"] for m in previous or []), default=0) + 1
    stored = []
    for milestone in milestones:
        old = earlier.get(milestone.title.lower())
        item = dict(old) if old else {"id": next_id}
        if not old:
            next_id += 1
        done_before = bool(item.get("done"))
        item.update(title=milestone.title, target_date=milestone.target_date.isoformat() if milestone.target_date
                    else None, done=milestone.done)
        if milestone.done and not done_before:
            item["completed_at"] = now_utc().isoformat()
        elif not milestone.done:
            item.pop("completed_at", None)
        stored.append(item)
    return stored


def progress_from(milestones: list[dict[str, Any]], manual: float) -> float:
    """The share of milestones done; a goal without milestones keeps the progress set by hand."""
    if not milestones:
        return manual
    return round(100 * sum(1 for m in milestones if m.get("done")) / len(milestones), 1)


def overdue_milestones(milestones: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    return [m for m in milestones if not m.get("done") and m.get("target_date")
            and _date(m["target_date"]) < today]


def find_milestone(milestones: list[dict[str, Any]], reference: int | str) -> dict[str, Any] | None:
    """A milestone by id, or by a title it contains or that contains it ("SQL course" finds "Finish the SQL
    course"); None when nothing or more than one matches."""
    if isinstance(reference, int) or str(reference).isdigit():
        return next((m for m in milestones if m["id"] == int(reference)), None)
    words = re.sub(r"\s+", " ", str(reference)).strip().lower()
    exact = [m for m in milestones if m["title"].lower() == words]
    if exact:
        return exact[0]
    found = [m for m in milestones if words and (words in m["title"].lower() or m["title"].lower() in words)]
    return found[0] if len(found) == 1 else None
