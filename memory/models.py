"""Every SQL table of the product, in one place. Alembic migrations in `memory/migrations` create them.

Tables that later capabilities fill (assessments, goals, mentorship, negotiation...) are declared now with
the columns of the product spec, so their migrations only ever add to them.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from memory.crypto import EncryptedJSON, EncryptedText


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """A stored timestamp with its zone: SQLite hands them back without one, and they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def new_id() -> str:
    return uuid.uuid4().hex


def _json(default: Any = None) -> Any:
    """A JSON column (portable across SQLite and PostgreSQL); each call builds its own Column."""
    factory = (lambda: list(default)) if isinstance(default, list) else (lambda: default)
    return Field(default_factory=factory, sa_column=Column(JSON, nullable=True))


def _sealed(default: Any = None) -> Any:
    """A JSON column stored encrypted (memory/crypto.py): for offers, salaries, outcomes and assessments."""
    factory = (lambda: list(default)) if isinstance(default, list) else (lambda: default)
    return Field(default_factory=factory, sa_column=Column(EncryptedJSON, nullable=True))


def _timestamp(**kwargs: Any) -> Any:
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), **kwargs)


class Role(str, Enum):
    student = "student"
    mentor = "mentor"
    admin = "admin"


class User(SQLModel, table=True):
    __tablename__ = "users"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    email: str | None = Field(default=None, unique=True, index=True, max_length=320)
    password_hash: str | None = Field(default=None, max_length=255)
    role: str = Field(default=Role.student.value, max_length=16)
    is_guest: bool = Field(default=False)
    created_at: datetime = _timestamp()
    # The user's choice: off, the coach neither writes nor recalls memories (what is stored stays until deleted).
    memory_enabled: bool = Field(default=True)
    # An admin's choice: a deactivated account cannot sign in, its sessions end, and it is not offered as a mentor.
    is_active: bool = Field(default=True)
    email_verified_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class AuthSession(SQLModel, table=True):
    """One signed-in device: access tokens name it (claim "sid") and die with it; its refresh token, stored as a
    SHA-256 hash, is replaced at every refresh so a stolen old one is detected (reuse ends the session)."""

    __tablename__ = "auth_sessions"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    user_id: str = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    refresh_hash: str = Field(max_length=64, unique=True, index=True)
    previous_refresh_hash: str | None = Field(default=None, max_length=64, index=True)
    user_agent: str | None = Field(default=None, max_length=200)
    created_at: datetime = _timestamp()
    last_used_at: datetime = _timestamp()
    expires_at: datetime = Field(sa_type=DateTime(timezone=True))
    revoked_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    revoked_reason: str | None = Field(default=None, max_length=32)  # logout | password_changed | reuse | ...


class EmailLink(SQLModel, table=True):
    """A single-use, expiring link token sent by e-mail (verify the address, reset the password); only its
    SHA-256 hash is stored, so a database reader cannot use it."""

    __tablename__ = "email_links"
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    purpose: str = Field(max_length=16)  # verify_email | reset_password
    token_hash: str = Field(max_length=64, unique=True, index=True)
    email: str = Field(max_length=320)  # the address it was sent to: verifying proves this one
    created_at: datetime = _timestamp()
    expires_at: datetime = Field(sa_type=DateTime(timezone=True))
    used_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class RateLimitEvent(SQLModel, table=True):
    """One counted attempt (a login, a reset request) under a key such as "login-failures:<e-mail>", stored as its
    SHA-256; kept in SQL so every worker process counts the same attempts."""

    __tablename__ = "rate_limit_events"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, index=True)
    at: datetime = _timestamp(index=True)


class AdminAction(SQLModel, table=True):
    """The audit log: every change an admin makes, with who made it (kept when the admin's account goes)."""

    __tablename__ = "admin_actions"
    id: int | None = Field(default=None, primary_key=True)
    admin_id: str | None = Field(default=None, foreign_key="users.id", index=True, ondelete="SET NULL")
    admin_email: str | None = Field(default=None, max_length=320)
    action: str = Field(max_length=64)  # e.g. user.update, user.deactivate, course.update
    target_type: str = Field(max_length=32)
    target_id: str = Field(max_length=64)
    changes: dict[str, Any] | None = _json({})
    at: datetime = _timestamp(index=True)


class ChatThread(SQLModel, table=True):
    """Who owns a conversation; its messages live in the LangGraph checkpointer under the same id."""

    __tablename__ = "chat_threads"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    user_id: str = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    title: str = Field(default="New conversation", max_length=200)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class CareerProfile(SQLModel, table=True):
    __tablename__ = "career_profiles"
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(foreign_key="users.id", unique=True, index=True, ondelete="CASCADE")
    current_role: str | None = Field(default=None, max_length=200)
    target_role: str | None = Field(default=None, max_length=200)
    experience_level: str | None = Field(default=None, max_length=32)
    experience_years: float | None = None
    industry: str | None = Field(default=None, max_length=200)
    career_stage: str | None = Field(default=None, max_length=64)
    location: str | None = Field(default=None, max_length=200)
    updated_at: datetime = _timestamp()


class SkillAssessment(SQLModel, table=True):
    __tablename__ = "skill_assessments"
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    skill_name: str = Field(max_length=300)
    current_level: float | None = None
    target_level: float | None = None
    importance_score: float | None = None
    last_assessed: datetime = _timestamp()
    # Where the skill sits in the taxonomies, what it was measured against, and the words that evidence it.
    analysis_id: str | None = Field(default=None, max_length=32, index=True)  # rows saved by one analysis
    esco_uri: str | None = Field(default=None, max_length=300)
    onet_id: str | None = Field(default=None, max_length=32)
    target_role: str | None = Field(default=None, max_length=200)
    evidence: str | None = None
    source: str | None = Field(default=None, max_length=32)  # resume, self, learning, ...


class CareerGoal(SQLModel, table=True):
    __tablename__ = "career_goals"
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    goal_type: str = Field(max_length=64)
    description: str
    target_date: date | None = None
    progress_percentage: float = 0.0
    milestones: list[Any] | None = _json([])
    status: str = Field(default="active", max_length=16)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class LearningPlan(SQLModel, table=True):
    __tablename__ = "learning_plans"
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    course_id: str = Field(max_length=200)
    platform: str | None = Field(default=None, max_length=100)
    status: str = Field(default="planned", max_length=32)
    completion_date: date | None = None
    skill_impact: dict[str, Any] | None = _json()
    plan_id: str | None = Field(default=None, max_length=32, index=True)  # the items of one plan
    position: int | None = None  # order within the plan
    skill: str | None = Field(default=None, max_length=300)
    title: str | None = Field(default=None, max_length=500)
    url: str | None = Field(default=None, max_length=1000)
    hours: float | None = None
    target_date: date | None = None
    progress: float = 0.0
    created_at: datetime = _timestamp()


class MentorshipMatch(SQLModel, table=True):
    """A mentorship: requested → accepted or declined (or withdrawn) → active (first session scheduled) → ended.
    The dates are kept so how long mentorships last can be measured (the goal: beyond six months)."""

    __tablename__ = "mentorship_matches"
    id: int | None = Field(default=None, primary_key=True)
    mentor_id: str = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    mentee_id: str = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    match_score: float | None = None
    status: str = Field(default="requested", max_length=32)
    start_date: date | None = None
    goals: list[Any] | None = _json([])
    message: str = Field(default="", max_length=2000)  # the mentee's request
    mentee_timezone: str = Field(default="UTC", max_length=64)
    mentee_availability: list[Any] | None = _json([])  # [{day, start, end}] in mentee_timezone
    reason: str | None = Field(default=None, max_length=1000)  # why it was declined or ended
    requested_at: datetime = _timestamp()
    responded_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    ended_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class MentorshipMessage(SQLModel, table=True):
    """The message thread between a mentor and a mentee."""

    __tablename__ = "mentorship_messages"
    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="mentorship_matches.id", index=True, ondelete="CASCADE")
    sender_id: str = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    text: str = Field(sa_column=Column(EncryptedText, nullable=False))
    created_at: datetime = _timestamp()


class MentorshipSession(SQLModel, table=True):
    """A meeting of the pair, and the check-in after it (did it happen, how useful, notes)."""

    __tablename__ = "mentorship_sessions"
    id: int | None = Field(default=None, primary_key=True)
    match_id: int = Field(foreign_key="mentorship_matches.id", index=True, ondelete="CASCADE")
    starts_at: datetime = Field(sa_type=DateTime(timezone=True))
    minutes: int = 60
    status: str = Field(default="scheduled", max_length=16)  # scheduled | held | missed | cancelled
    rating: int | None = None  # 1-5, from the check-in
    notes: str | None = Field(default=None, sa_column=Column(EncryptedText, nullable=True))
    checked_in_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = _timestamp()


class MentorProfile(SQLModel, table=True):
    """A mentor's public profile (tools/mentors/): what they can teach, when, how many mentees. Roles are stored
    with the O*NET occupation they resolved to, so matching never resolves titles again."""

    __tablename__ = "mentor_profiles"
    user_id: str = Field(foreign_key="users.id", primary_key=True, max_length=32, ondelete="CASCADE")
    display_name: str = Field(max_length=80)
    current_role: str = Field(max_length=200)
    roles: list[Any] | None = _json([])  # [{title, soc_code, onet_title}], the current role first
    industries: list[Any] | None = _json([])
    skills: list[Any] | None = _json([])  # names as the mentor gave them
    years_experience: int = 0
    languages: list[Any] | None = _json([])
    timezone: str = Field(default="UTC", max_length=64)
    availability: list[Any] | None = _json([])  # [{day, start, end}] in the mentor's timezone
    capacity: int = 1
    style: str = Field(default="structured", max_length=16)
    frequency: str = Field(default="biweekly", max_length=16)
    bio: str = Field(default="", max_length=2000)
    accepting: bool = True
    demo: bool = Field(default=False, index=True)  # made by `coach demo seed`, labelled as such
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp(index=True)


class IndustryInsight(SQLModel, table=True):
    __tablename__ = "industry_insights"
    id: int | None = Field(default=None, primary_key=True)
    industry: str = Field(index=True, max_length=200)
    trend_type: str = Field(max_length=64)
    description: str
    impact_score: float | None = None
    time_horizon: str | None = Field(default=None, max_length=64)
    soc_code: str | None = Field(default=None, max_length=16, index=True)
    source: dict[str, Any] | None = _json()
    created_at: datetime = _timestamp()


class Course(SQLModel, table=True):
    """The course catalog: the shipped open catalog, files loaded with `coach data import-courses`, and
    provider APIs' results."""

    __tablename__ = "courses"
    __table_args__ = (UniqueConstraint("provider", "external_id", name="uq_courses_provider_external_id"),)
    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=100, index=True)
    external_id: str = Field(max_length=200)
    title: str = Field(max_length=500)
    url: str | None = Field(default=None, max_length=1000)
    level: str | None = Field(default=None, max_length=32)
    duration_hours: float | None = None
    price: float | None = None
    currency: str | None = Field(default=None, max_length=8)
    rating: float | None = None
    subjects: list[Any] | None = _json([])
    skills: list[Any] | None = _json([])
    description: str | None = None
    license: str | None = Field(default=None, max_length=100)
    source: str | None = Field(default=None, max_length=200)  # the file or API it came from
    created_at: datetime = _timestamp()


class AssessmentResult(SQLModel, table=True):
    """One completed questionnaire (interests, work style, work values): the answers and what they gave."""

    __tablename__ = "assessment_results"
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=32)
    answers: dict[str, Any] | None = _sealed()
    scores: dict[str, Any] | None = _sealed()
    result: dict[str, Any] | None = _sealed()
    created_at: datetime = _timestamp()


class SalaryData(SQLModel, table=True):
    """Pay figures by title and company: market data sources, and offers users record (data_source "user",
    with `user_id` so each user controls their own and aggregates can count distinct contributors)."""

    __tablename__ = "salary_data"
    id: int | None = Field(default=None, primary_key=True)
    user_id: str | None = Field(default=None, foreign_key="users.id", index=True, ondelete="CASCADE")
    job_title: str = Field(index=True, max_length=300)
    company: str | None = Field(default=None, max_length=200)
    company_key: str | None = Field(default=None, index=True, max_length=200)  # normalised name for grouping
    location: str | None = Field(default=None, max_length=200)
    # A recorded offer's pay is the user's own: encrypted; insights aggregate it in Python, never in SQL.
    salary_min: float | None = _sealed()
    salary_max: float | None = _sealed()
    equity: str | None = _sealed()  # at most 200 characters (checked on input)
    benefits: dict[str, Any] | None = _sealed()
    data_source: str = Field(max_length=200)
    last_updated: datetime = _timestamp()


class UserNegotiation(SQLModel, table=True):
    __tablename__ = "user_negotiations"
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    position: str = Field(max_length=300)
    current_offer: dict[str, Any] | None = _sealed()
    target_salary: float | None = _sealed()
    negotiation_status: str = Field(default="planning", max_length=32)
    outcome: dict[str, Any] | None = _sealed()
    location: str | None = Field(default=None, max_length=200)
    strategy: dict[str, Any] | None = _sealed()  # the plan POST /api/salary/negotiation-strategy answered
    created_at: datetime = _timestamp()


class CompanyCompensation(SQLModel, table=True):
    __tablename__ = "company_compensation"
    id: int | None = Field(default=None, primary_key=True)
    company_id: str = Field(index=True, max_length=200)
    avg_salary: float | None = None
    equity_policy: str | None = None
    benefits_package: dict[str, Any] | None = _json()
    negotiation_flexibility: float | None = None


class MarketTrend(SQLModel, table=True):
    __tablename__ = "market_trends"
    id: int | None = Field(default=None, primary_key=True)
    industry: str = Field(index=True, max_length=200)
    location: str | None = Field(default=None, max_length=200)
    time_period: str = Field(max_length=64)
    salary_trend: float | None = None
    demand_level: str | None = Field(default=None, max_length=32)
    growth_projection: float | None = None


class NegotiationSession(SQLModel, table=True):
    __tablename__ = "negotiation_sessions"
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    session_type: str = Field(max_length=32)
    performance_score: float | None = None
    areas_improved: list[Any] | None = _json([])
    recommendations: list[Any] | None = _json([])
    created_at: datetime = _timestamp()
    # The role-play simulator: a public id for URLs, the scenario, the engine's state (hidden mandate
    # included), the transcript, and the debrief once it is given.
    public_id: str | None = Field(default=None, max_length=32, unique=True, index=True)
    status: str = Field(default="active", max_length=16)
    scenario: dict[str, Any] | None = _sealed()
    state: dict[str, Any] | None = _sealed()
    transcript: list[Any] | None = _sealed([])
    debrief: dict[str, Any] | None = _sealed()
    updated_at: datetime = _timestamp()


class Memory(SQLModel, table=True):
    """Something durable the user said ("can't relocate before June"), recalled in later conversations. The text
    is here; the vector store holds its embedding under the same public id. A topic ("relocation") holds one
    current memory: a newer statement replaces the text and the older one moves to `history`."""

    __tablename__ = "memories"
    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(default_factory=new_id, max_length=32, unique=True, index=True)
    user_id: str = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=16)  # constraint | preference | background | goal | fact | note | summary
    topic: str | None = Field(default=None, max_length=32)
    text: str = Field(sa_column=Column(EncryptedText, nullable=False))  # at most COACH_MEMORY_MAX_CHARS
    thread_id: str | None = Field(default=None, max_length=32)  # the conversation it came from (None: the user)
    source: str = Field(default="chat", max_length=16)  # chat | user (written or edited by the user)
    history: list[Any] | None = _sealed([])  # earlier texts: [{"text", "replaced_at", "thread_id"}]
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()
    last_recalled_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class EvalRun(SQLModel, table=True):
    """One `coach eval run`: its summary (the full run, with transcripts, is the JSON file at json_path)."""

    __tablename__ = "eval_runs"
    id: str = Field(primary_key=True, max_length=100)  # the run id
    created_at: datetime = _timestamp(index=True)
    model: str = Field(max_length=32)
    prompt_version: str = Field(max_length=64)
    git_commit: str | None = Field(default=None, max_length=64)
    suites: list[Any] | None = _json([])
    cases: int = 0
    passed: int = 0
    pass_hat_k: float | None = None  # the share of cases passing all `repeat` runs
    repeat: int = 1
    duration_s: float = 0.0
    json_path: str = Field(max_length=1000)
