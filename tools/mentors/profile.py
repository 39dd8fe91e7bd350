"""What a mentor offers and what a mentee asks for, checked: roles (resolved to O*NET occupations), skills
(resolved to the skills taxonomy), industries, years, languages, a timezone, weekly availability, capacity and
style. A refused value raises MentorInputError naming the field, before anything is stored.

Availability is a list of weekly slots in the person's own timezone. For matching it becomes a set of half hours
of a reference week in UTC (a bit mask of 336), so slots in Denver and in Berlin can be compared; the reference
week is the coming one, so daylight saving time is as it will be."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tools.skills.normalize import label_key
from tools.skills.taxonomy import load_taxonomy

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HALF_HOURS_A_WEEK = 7 * 48
Style = Literal["structured", "casual"]
Frequency = Literal["weekly", "biweekly", "monthly"]


class MentorInputError(ValueError):
    """A value the rules refuse; `field` names it (e.g. `availability.1.end`)."""

    def __init__(self, message: str, field: str, code: str = "invalid_mentor_input", status: int = 422):
        super().__init__(message)
        self.message, self.field, self.code, self.status = message, field, code, status


class Slot(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    start: time = Field(description="local time, HH:MM")
    end: time = Field(description="local time, HH:MM, after start (the same day)")


class Role(BaseModel):
    """A role as given and the O*NET occupation it resolved to."""

    title: str
    soc_code: str
    onet_title: str


class MentorProfileIn(BaseModel):
    """A mentor's profile, as they write it."""

    model_config = ConfigDict(extra="forbid")

    display_name: str = Field(min_length=1, max_length=80)
    current_role: str = Field(min_length=1, max_length=200)
    past_roles: list[str] = Field(default_factory=list, max_length=10)
    industries: list[str] = Field(default_factory=list, max_length=10)
    skills: list[str] = Field(min_length=1, max_length=50, description="skills they can teach")
    years_experience: int = Field(ge=0, le=60)
    languages: list[str] = Field(default_factory=lambda: ["English"], min_length=1, max_length=10)
    timezone: str = Field(default="UTC", description="IANA name, e.g. America/Denver")
    availability: list[Slot] = Field(min_length=1, max_length=28)
    capacity: int = Field(description="how many mentees at once (1-20)")
    style: Style = "structured"
    frequency: Frequency = "biweekly"
    bio: str = Field(default="", max_length=2000)
    accepting: bool = True


class MenteeNeeds(BaseModel):
    """What a mentee asks for; every field optional but the target role (or gaps) to match on."""

    model_config = ConfigDict(extra="forbid")

    target_role: str | None = Field(default=None, max_length=200)
    current_role: str | None = Field(default=None, max_length=200)
    skills_to_learn: list[str] = Field(default_factory=list, max_length=30)
    industry: str | None = Field(default=None, max_length=100)
    years_experience: int | None = Field(default=None, ge=0, le=60)
    languages: list[str] = Field(default_factory=lambda: ["English"], min_length=1, max_length=10)
    timezone: str = "UTC"
    availability: list[Slot] = Field(default_factory=list, max_length=28)
    style: Style | None = None
    frequency: Frequency | None = None
    limit: int = Field(default=5, ge=1, le=50)

    @field_validator("target_role", "current_role", "industry")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


def check_capacity(capacity: int) -> int:
    if not 1 <= capacity <= 20:
        raise MentorInputError(f"capacity must be 1 to 20 mentees (got {capacity}); to pause, set accepting "
                               "to false", "capacity")
    return capacity


def check_timezone(name: str, field: str = "timezone") -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise MentorInputError(f"{name!r} is not a timezone name (IANA, e.g. America/Denver)", field) from exc


def check_slots(slots: list[Slot], field: str = "availability") -> list[Slot]:
    """Slots that end after they start and do not overlap one another."""
    for i, slot in enumerate(slots):
        if slot.end <= slot.start:
            raise MentorInputError(f"slot {i + 1} ({slot.day} {slot.start:%H:%M}-{slot.end:%H:%M}) ends before "
                                   "it starts", f"{field}.{i}.end")
    for i, slot in enumerate(slots):
        for j in range(i):
            other = slots[j]
            if slot.day == other.day and slot.start < other.end and other.start < slot.end:
                raise MentorInputError(f"slot {i + 1} ({slot.day} {slot.start:%H:%M}-{slot.end:%H:%M}) overlaps "
                                       f"slot {j + 1} ({other.day} {other.start:%H:%M}-{other.end:%H:%M})",
                                       f"{field}.{i}")
    return slots


def week_mask(slots: list[Slot], zone: ZoneInfo, week_of: date | None = None) -> int:
    """The half hours of a reference week (from the Monday of `week_of`, default next week) in UTC that the slots
    cover, as bits of an int: bit k is the k-th half hour from Monday 00:00 UTC. A half hour counts when a slot
    covers it whole; slots crossing the week's end wrap around."""
    start_day = (week_of or datetime.now(timezone.utc).date() + timedelta(days=7))
    monday = start_day - timedelta(days=start_day.weekday())
    week_start = datetime.combine(monday, time(0), tzinfo=timezone.utc)
    mask = 0
    for slot in slots:
        day = monday + timedelta(days=DAYS.index(slot.day))
        begin = datetime.combine(day, slot.start, tzinfo=zone).astimezone(timezone.utc)
        end = datetime.combine(day, slot.end, tzinfo=zone).astimezone(timezone.utc)
        first = -(-int((begin - week_start).total_seconds()) // 1800)  # the first whole half hour
        last = int((end - week_start).total_seconds()) // 1800
        for k in range(first, last):
            mask |= 1 << (k % HALF_HOURS_A_WEEK)
    return mask


def skill_keys(labels: list[str], field: str) -> dict[str, str]:
    """Skill names → their keys (key → the name as given): a taxonomy concept ("c1234") when the name is a label
    of one, so "SQL" and "Structured Query Language" meet; else the name's normalised words ("w:..."), so
    "mentoring first-time managers" still meets the same words."""
    taxonomy = load_taxonomy()
    found: dict[str, str] = {}
    for i, label in enumerate(labels):
        text = " ".join(str(label).split())
        if not text or len(text) > 100:
            raise MentorInputError(f"skill {i + 1} must be 1-100 characters", f"{field}.{i}")
        entry = taxonomy.phrases.get(label_key(text))
        found[f"c{entry.concept}" if entry else "w:" + " ".join(label_key(text))] = text
    return found


@lru_cache(maxsize=4096)
def resolve_role(title: str, field: str) -> Role:
    """A job title → its occupation (the salary tools' title resolution), or MentorInputError naming the field."""
    from tools.occupations.resolver import NoMatch, resolve

    try:
        titles, _ = resolve(title, None)
    except ValueError as exc:  # too long, empty...
        raise MentorInputError(str(exc), field, "invalid_role") from exc
    except NoMatch as exc:
        suggestions = ", ".join(s.get("title", "") for s in exc.suggestions[:3]) if exc.suggestions else ""
        raise MentorInputError(f"{title!r} matches no occupation" + (f" (did you mean {suggestions}?)"
                                                                      if suggestions else ""), field,
                               "unknown_role") from exc
    return Role(title=title, soc_code=titles.best.soc_code, onet_title=titles.best.title)
