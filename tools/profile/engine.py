"""Career profile engine: read and update a user's profile in SQL, with the inputs validated and normalised."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy.engine import Engine
from sqlmodel import select

from memory.db import session_scope
from memory.models import CareerProfile, utcnow

ExperienceLevel = Literal["entry", "mid", "senior", "lead", "executive"]
PROFILE_FIELDS = ("current_role", "target_role", "location", "experience_years", "experience_level",
                  "industry", "career_stage")


class ProfileUpdate(BaseModel):
    """The fields a user can state about themselves; unset fields are left as they are."""

    model_config = ConfigDict(extra="forbid")

    current_role: str | None = Field(default=None, max_length=200)
    target_role: str | None = Field(default=None, max_length=200)
    location: str | None = Field(default=None, max_length=200)
    experience_years: float | None = Field(default=None, ge=0, le=70)
    experience_level: ExperienceLevel | None = None
    industry: str | None = Field(default=None, max_length=200)
    career_stage: str | None = Field(default=None, max_length=64)

    @field_validator("current_role", "target_role", "location", "industry", "career_stage")
    @classmethod
    def _tidy(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = re.sub(r"\s+", " ", value).strip(" .,;")
        return value or None


class Profile(BaseModel):
    current_role: str | None = None
    target_role: str | None = None
    location: str | None = None
    experience_years: float | None = None
    experience_level: str | None = None
    industry: str | None = None
    career_stage: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in PROFILE_FIELDS)

    def summary(self) -> str:
        """One line a person (or a model) reads: 'nurse in Denver, 6 years' experience (senior)'."""
        parts: list[str] = []
        if self.current_role:
            parts.append(self.current_role)
        if self.location:
            parts.append(f"in {self.location}")
        text = " ".join(parts)
        extras: list[str] = []
        if self.experience_years is not None:
            years = int(self.experience_years) if self.experience_years.is_integer() else self.experience_years
            extras.append(f"{years} year{'s' if years != 1 else ''} of experience")
        if self.experience_level:
            extras.append(f"{self.experience_level} level")
        if self.industry:
            extras.append(f"industry: {self.industry}")
        if self.target_role:
            extras.append(f"aiming for: {self.target_role}")
        if self.career_stage:
            extras.append(f"stage: {self.career_stage}")
        return "; ".join(p for p in [text, *extras] if p)


def experience_level_for(years: float) -> ExperienceLevel:
    """A rough, common banding of years of experience, used when the user gives years but no level. Years
    alone never make someone "lead" or "executive": those are roles, and only the user can say so."""
    if years < 2:
        return "entry"
    if years < 5:
        return "mid"
    return "senior"


def _to_profile(row: CareerProfile | None) -> Profile:
    if row is None:
        return Profile()
    return Profile(**{name: getattr(row, name) for name in PROFILE_FIELDS})


def get_profile(db: Engine, user_id: str) -> Profile:
    with session_scope(db) as session:
        row = session.exec(select(CareerProfile).where(CareerProfile.user_id == user_id)).first()
        return _to_profile(row)


class ProfileChange(BaseModel):
    profile: Profile
    changed: dict[str, object]
    previous: dict[str, object]


def update_profile(db: Engine, user_id: str, update: ProfileUpdate) -> ProfileChange:
    values = update.model_dump(exclude_none=True)
    if "experience_years" in values and "experience_level" not in values:
        values["experience_level"] = experience_level_for(values["experience_years"])
    with session_scope(db) as session:
        row = session.exec(select(CareerProfile).where(CareerProfile.user_id == user_id)).first()
        if row is None:
            row = CareerProfile(user_id=user_id)
        previous = {name: getattr(row, name) for name in values if getattr(row, name) not in (None, values[name])}
        changed = {name: value for name, value in values.items() if getattr(row, name) != value}
        for name, value in changed.items():
            setattr(row, name, value)
        if changed:
            row.updated_at = utcnow()
            session.add(row)
        session.flush()
        return ProfileChange(profile=_to_profile(row), changed=changed, previous=previous)
