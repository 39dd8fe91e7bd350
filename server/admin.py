"""The admin engine: counts, searchable pages of users, mentor profiles, courses and mentorships, and the edits an
admin may make to them. Every edit writes an audit row (`admin_actions`: who, what, each changed field as
[old, new]) in the same transaction as the change. Plain Python over SQL: the admin router
(server/routers/admin.py) and `coach users ...` are thin layers over it.

What it shows is what managing accounts needs, never what people keep private: no password hashes, none of the
encrypted data (messages, session notes, offers, salaries, memories, assessments), not the text of a mentorship
request.

An edit is checked whole before anything is written, so a refused one changes nothing:
- an unknown id is a 404 naming it (`user_id`, `course_id`, `mentorship_id`); a bad value a 422 naming the field
  (the edit models below, or AdminError);
- an admin cannot demote or deactivate themselves, and no one can remove the last active admin (409);
- a guest has no account to give a role or a verified address to (409); a user with a mentor profile stays a
  mentor (pause the profile instead);
- a mentorship moves only as ADMIN_MOVES allows, with a reason (409 otherwise).
Deactivating an account ends its sessions (its tokens stop working at once; it cannot sign in), and the mentor index
and the course search index are told when what they show changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator
from sqlalchemy import String, cast, func
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, or_, select

from memory.auth_sessions import revoke_all
from memory.db import session_scope
from memory.models import AdminAction, Course, MentorProfile, MentorshipMatch, Role, User, as_utc, utcnow
from server.errors import ApiError
from tools.learning.catalog import LEVELS, catalog_changed
from tools.mentors.profile import check_capacity
from tools.mentors.store import MENTORS, TAKEN

RoleName = Literal["student", "mentor", "admin"]
MATCH_STATUSES = ("requested", "accepted", "declined", "withdrawn", "active", "ended")
# What an admin may move a mentorship to, from each status (a reason is required): close a request, end a mentorship.
ADMIN_MOVES: dict[str, tuple[str, ...]] = {"requested": ("declined", "withdrawn"), "accepted": ("ended",),
                                          "active": ("ended",)}
MAX_PAGE = 100


class AdminError(ApiError):
    """A refused admin request: the HTTP status, a code, a message and the field it names."""


@dataclass(frozen=True)
class Actor:
    """Who makes a change, as the audit log records it."""

    id: str | None
    email: str | None

    @classmethod
    def of(cls, user: User) -> "Actor":
        return cls(user.id, user.email)


CLI = Actor(id=None, email="cli")  # changes made with `coach users ...` on the server itself


# -- edits -------------------------------------------------------------------------------------------------------

Text80 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class _Edit(BaseModel):
    """Only the fields sent change; a field not in NULLABLE may not be sent as null."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.NULLABLE:
            raise ValueError("may not be null")
        return value

    def wanted(self) -> dict[str, Any]:
        values = self.model_dump(exclude_unset=True)
        if not values:
            raise AdminError(422, "nothing_to_change", f"send at least one of: {', '.join(type(self).model_fields)}")
        return values


class UserEdit(_Edit):
    role: RoleName | None = None
    is_active: bool | None = Field(default=None, description="false deactivates: sessions end, no sign-in")
    email_verified: bool | None = None


class MentorEdit(_Edit):
    display_name: Text80 | None = None
    capacity: int | None = Field(default=None, description="how many mentees at once (1-20)")
    accepting: bool | None = Field(default=None, description="false pauses the mentor: not matched, no requests")

    _capacity = field_validator("capacity")(check_capacity)


class CourseEdit(_Edit):
    NULLABLE = frozenset({"url", "level", "duration_hours", "price", "currency", "rating", "description", "license"})

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)] | None = None
    url: str | None = Field(default=None, max_length=1000, pattern=r"^https?://\S+$", description="http(s) URL")
    level: Literal[LEVELS] | None = None  # type: ignore[valid-type]  (the catalog's levels)
    duration_hours: float | None = Field(default=None, ge=0, le=10_000)
    price: float | None = Field(default=None, ge=0, le=1_000_000, description="0 means free")
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$", description="ISO 4217, e.g. USD")
    rating: float | None = Field(default=None, ge=0, le=5)
    subjects: list[Label] | None = Field(default=None, max_length=30)
    skills: list[Label] | None = Field(default=None, max_length=50)
    description: str | None = Field(default=None, max_length=5000)
    license: str | None = Field(default=None, max_length=100)


class MentorshipEdit(_Edit):
    status: Literal["declined", "withdrawn", "ended"] = Field(description="requested → declined or withdrawn; "
                                                                          "accepted or active → ended")
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)] = Field(
        description="why: shown to the pair, kept in the audit log")


# -- views -------------------------------------------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return as_utc(moment).isoformat() if moment else None


def user_view(user: User, mentor_profile: bool) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "role": user.role, "is_guest": user.is_guest,
            "is_active": user.is_active, "email_verified": user.email_verified_at is not None,
            "email_verified_at": _iso(user.email_verified_at), "memory_enabled": user.memory_enabled,
            "created_at": _iso(user.created_at), "mentor_profile": mentor_profile}


def _user_row(row: Any) -> dict[str, Any]:
    user, profile_id = row
    return user_view(user, profile_id is not None)


def _mentor_row(row: Any) -> dict[str, Any]:
    profile, user, taken = row
    return {"user_id": profile.user_id, "display_name": profile.display_name, "email": user.email,
            "is_active": user.is_active, "role": user.role, "current_role": profile.current_role,
            "roles": [r.get("title") for r in profile.roles or []], "skills": profile.skills or [],
            "industries": profile.industries or [], "years_experience": profile.years_experience,
            "timezone": profile.timezone, "capacity": profile.capacity, "active_mentees": taken or 0,
            "accepting": profile.accepting, "demo": profile.demo, "updated_at": _iso(profile.updated_at)}


def _course_row(course: Course) -> dict[str, Any]:
    view = {name: getattr(course, name) for name in ("id", "provider", "external_id", "title", "url", "level",
                                                     "duration_hours", "price", "currency", "rating", "description",
                                                     "license", "source")}
    return {**view, "subjects": course.subjects or [], "skills": course.skills or [],
            "created_at": _iso(course.created_at)}


def _match_row(row: Any) -> dict[str, Any]:
    match, mentor_email, mentee_email, mentor_name = row
    return {"id": match.id, "status": match.status, "match_score": match.match_score,
            "mentor": {"id": match.mentor_id, "email": mentor_email, "name": mentor_name},
            "mentee": {"id": match.mentee_id, "email": mentee_email}, "reason": match.reason,
            "requested_at": _iso(match.requested_at), "responded_at": _iso(match.responded_at),
            "start_date": match.start_date.isoformat() if match.start_date else None, "ended_at": _iso(match.ended_at),
            "allowed_moves": list(ADMIN_MOVES.get(match.status, ()))}


def _audit_row(action: AdminAction) -> dict[str, Any]:
    return {"id": action.id, "at": _iso(action.at), "admin_id": action.admin_id, "admin_email": action.admin_email,
            "action": action.action, "target_type": action.target_type, "target_id": action.target_id,
            "changes": action.changes or {}}


# -- queries -----------------------------------------------------------------------------------------------------


def _has(column: Any, text: str) -> Any:
    """Case-insensitive "contains", with the user's % and _ taken literally."""
    return func.lower(column).contains(text.strip().lower(), autoescape=True)


def _json_has(column: Any, text: str) -> Any:
    return _has(cast(column, String), text)


def _users() -> Any:
    return (select(User, MentorProfile.user_id).outerjoin(MentorProfile, col(MentorProfile.user_id) == col(User.id))
            .order_by(col(User.created_at).desc(), col(User.id)))


def _mentors() -> Any:
    taken = (select(MentorshipMatch.mentor_id, func.count().label("n"))
             .where(col(MentorshipMatch.status).in_(TAKEN)).group_by(col(MentorshipMatch.mentor_id)).subquery())
    return (select(MentorProfile, User, taken.c.n).join(User, col(User.id) == col(MentorProfile.user_id))
            .outerjoin(taken, taken.c.mentor_id == col(MentorProfile.user_id))
            .order_by(col(MentorProfile.display_name), col(MentorProfile.user_id)))


def _courses() -> Any:
    return select(Course).order_by(col(Course.id))


_MENTOR_USER, _MENTEE_USER = aliased(User, name="mentor_user"), aliased(User, name="mentee_user")


def _matches() -> Any:
    return (select(MentorshipMatch, _MENTOR_USER.email, _MENTEE_USER.email, MentorProfile.display_name)
            .join(_MENTOR_USER, _MENTOR_USER.id == col(MentorshipMatch.mentor_id))
            .join(_MENTEE_USER, _MENTEE_USER.id == col(MentorshipMatch.mentee_id))
            .outerjoin(MentorProfile, col(MentorProfile.user_id) == col(MentorshipMatch.mentor_id))
            .order_by(col(MentorshipMatch.requested_at).desc(), col(MentorshipMatch.id).desc()))


def _page(db: Engine, query: Any, view: Callable[[Any], dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    if not 1 <= limit <= MAX_PAGE:
        raise AdminError(422, "invalid_request", f"limit must be 1 to {MAX_PAGE}", "limit")
    if offset < 0:
        raise AdminError(422, "invalid_request", "offset must be 0 or more", "offset")
    with session_scope(db) as session:
        total = session.exec(select(func.count()).select_from(query.order_by(None).subquery())).one()
        rows = session.exec(query.offset(offset).limit(limit)).all()
        return {"items": [view(row) for row in rows], "total": total, "limit": limit, "offset": offset}


def list_users(db: Engine, *, q: str | None = None, role: str | None = None, active: bool | None = None,
               guests: bool = False, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Accounts, newest first: `q` in the e-mail (or the exact id); guests only when asked."""
    query = _users()
    if q and q.strip():
        query = query.where(or_(_has(User.email, q), col(User.id) == q.strip()))
    if role:
        query = query.where(col(User.role) == role, col(User.is_guest).is_(False))
    if active is not None:
        query = query.where(col(User.is_active).is_(active))
    if not guests:
        query = query.where(col(User.is_guest).is_(False))
    return _page(db, query, _user_row, limit, offset)


def list_mentors(db: Engine, *, q: str | None = None, skill: str | None = None, accepting: bool | None = None,
                 demo: bool | None = None, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Mentor profiles by name: `q` in the name, e-mail or roles, `skill` in the skills they teach."""
    query = _mentors()
    if q and q.strip():
        query = query.where(or_(_has(MentorProfile.display_name, q), _has(User.email, q),
                                _has(MentorProfile.current_role, q), _json_has(MentorProfile.roles, q)))
    if skill and skill.strip():
        query = query.where(_json_has(MentorProfile.skills, skill))
    if accepting is not None:
        query = query.where(col(MentorProfile.accepting).is_(accepting))
    if demo is not None:
        query = query.where(col(MentorProfile.demo).is_(demo))
    return _page(db, query, _mentor_row, limit, offset)


def list_courses(db: Engine, *, q: str | None = None, provider: str | None = None, subject: str | None = None,
                 level: str | None = None, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """The course catalog: `q` in the title, `subject` in the subjects or skills, `provider` exactly (any case)."""
    query = _courses()
    if q and q.strip():
        query = query.where(_has(Course.title, q))
    if provider and provider.strip():
        query = query.where(func.lower(col(Course.provider)) == provider.strip().lower())
    if subject and subject.strip():
        query = query.where(or_(_json_has(Course.subjects, subject), _json_has(Course.skills, subject)))
    if level:
        query = query.where(col(Course.level) == level)
    return _page(db, query, _course_row, limit, offset)


def list_mentorships(db: Engine, *, status: str | None = None, participant: str | None = None, limit: int = 20,
                     offset: int = 0) -> dict[str, Any]:
    """Mentorships, newest request first: `participant` is either side's e-mail, id or the mentor's name."""
    query = _matches()
    if status:
        query = query.where(col(MentorshipMatch.status) == status)
    if participant and participant.strip():
        who = participant.strip()
        query = query.where(or_(_has(_MENTOR_USER.email, who), _has(_MENTEE_USER.email, who),
                                _has(MentorProfile.display_name, who), col(MentorshipMatch.mentor_id) == who,
                                col(MentorshipMatch.mentee_id) == who))
    return _page(db, query, _match_row, limit, offset)


def list_audit(db: Engine, *, admin: str | None = None, target_type: str | None = None, target_id: str | None = None,
               action: str | None = None, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """The audit log, newest first: `admin` is an admin's id or (part of) their e-mail ("cli" for the command
    line), `action` a whole action (user.deactivate) or its kind (user)."""
    query = select(AdminAction).order_by(col(AdminAction.at).desc(), col(AdminAction.id).desc())
    if admin and admin.strip():
        query = query.where(or_(col(AdminAction.admin_id) == admin.strip(), _has(AdminAction.admin_email, admin)))
    if target_type:
        query = query.where(col(AdminAction.target_type) == target_type)
    if target_id:
        query = query.where(col(AdminAction.target_id) == target_id)
    if action and action.strip():
        name = action.strip()
        query = query.where(or_(col(AdminAction.action) == name, col(AdminAction.action).startswith(f"{name}.")))
    page = _page(db, query, _audit_row, limit, offset)
    _name_targets(db, page["items"])
    return page


def _name_targets(db: Engine, entries: list[dict[str, Any]]) -> None:
    """Give each entry its target's name as it is now (an e-mail, a mentor's or a course's name), when it exists."""
    ids: dict[str, set[str]] = {}
    for entry in entries:
        ids.setdefault(entry["target_type"], set()).add(entry["target_id"])
    names: dict[tuple[str, str], str | None] = {}
    sources = {"user": (User.id, User.email), "mentor": (MentorProfile.user_id, MentorProfile.display_name),
               "course": (Course.id, Course.title)}
    with session_scope(db) as session:
        for kind, (key, name) in sources.items():
            wanted = ids.get(kind, set())
            if kind == "course":
                wanted = {int(ident) for ident in wanted if ident.isdigit()}
            if wanted:
                names.update({(kind, str(ident)): label
                              for ident, label in session.exec(select(key, name).where(col(key).in_(wanted)))})
    for entry in entries:
        entry["target_name"] = names.get((entry["target_type"], entry["target_id"]))


def counts(db: Engine) -> dict[str, Any]:
    """How many of each: accounts by role and state, mentors, courses by provider, mentorships by status."""
    with session_scope(db) as session:
        def grouped(column: Any, *where: Any) -> dict[str, int]:
            return {key: n for key, n in session.exec(select(column, func.count()).where(*where).group_by(column))}

        def number(*where: Any, of: Any = User) -> int:
            return session.exec(select(func.count()).select_from(of).where(*where)).one()

        account = col(User.is_guest).is_(False)
        by_role = {role.value: 0 for role in Role} | grouped(col(User.role), account)
        mentors = {"total": number(of=MentorProfile),
                   "accepting": number(col(MentorProfile.accepting).is_(True), of=MentorProfile),
                   "demo": number(col(MentorProfile.demo).is_(True), of=MentorProfile)}
        providers = grouped(col(Course.provider))
        statuses = {status: 0 for status in MATCH_STATUSES} | grouped(col(MentorshipMatch.status))
        return {
            "users": {"accounts": sum(by_role.values()), "by_role": by_role, "guests": number(~account),
                      "active": number(account, col(User.is_active).is_(True)),
                      "deactivated": number(account, col(User.is_active).is_(False)),
                      "verified": number(account, col(User.email_verified_at).is_not(None))},
            "mentors": {**mentors, "paused": mentors["total"] - mentors["accepting"]},
            "courses": {"total": sum(providers.values()), "by_provider": dict(sorted(providers.items()))},
            "mentorships": {"total": sum(statuses.values()), "by_status": statuses},
            "admin_actions": number(of=AdminAction),
        }


# -- edits -------------------------------------------------------------------------------------------------------


def _not_found(what: str, ident: object, field: str) -> AdminError:
    return AdminError(404, f"{what}_not_found", f"no {what} {ident!r}", field)


def _audit(session: Session, actor: Actor, action: str, target_type: str, target_id: object,
           changes: dict[str, list[Any]]) -> None:
    session.add(AdminAction(admin_id=actor.id, admin_email=actor.email, action=action, target_type=target_type,
                            target_id=str(target_id), changes=changes))


def _apply(row: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the values that differ; each as [old, new]."""
    changes = {}
    for name, new in values.items():
        old = getattr(row, name)
        if old != new:
            setattr(row, name, new)
            changes[name] = [old, new]
    return changes


def _one(session: Session, query: Any, view: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    return view(session.exec(query).one())


def _active_admins(session: Session) -> list[str]:
    """The active admins' ids, their rows locked until the transaction ends (in one order, so two admins demoting
    each other at once cannot both pass the last-admin check; SQLite serialises writers anyway)."""
    return list(session.exec(select(User.id).where(col(User.role) == Role.admin.value, col(User.is_active).is_(True),
                                                   col(User.is_guest).is_(False))
                             .order_by(col(User.id)).with_for_update()).all())


def _check_user_edit(session: Session, actor: Actor, user: User, wanted: dict[str, Any]) -> None:
    role, active = wanted.get("role", user.role), wanted.get("is_active", user.is_active)
    if user.is_guest and role != user.role:
        raise AdminError(409, "guest_account", "a guest has no account to give a role to", "role")
    if user.is_guest and wanted.get("email_verified"):
        raise AdminError(409, "guest_account", "a guest has no e-mail address to verify", "email_verified")
    if user.role == Role.admin.value and user.is_active and not (role == Role.admin.value and active):
        field = "is_active" if role == Role.admin.value else "role"
        if actor.id == user.id:
            raise AdminError(409, "own_account", "you cannot demote or deactivate your own account; ask another "
                                                 "admin", field)
        if not [other for other in _active_admins(session) if other != user.id]:
            raise AdminError(409, "last_admin", f"{user.email} is the last active admin: make another admin first",
                             field)
    if role == Role.student.value and user.role != role and session.get(MentorProfile, user.id) is not None:
        raise AdminError(409, "has_mentor_profile", "this user has a mentor profile, so stays a mentor: pause the "
                                                    "profile (accepting: false) to stop new requests", "role")


@dataclass(frozen=True)
class _Kind:
    """What an admin edits: its table, its name in errors and the audit log, the field naming its id, and its view
    as the lists show it."""

    table: type
    name: str
    id_field: str
    view: Callable[[Session, Any], dict[str, Any]]


_USER = _Kind(User, "user", "user_id", lambda s, i: _one(s, _users().where(col(User.id) == i), _user_row))
_MENTOR = _Kind(MentorProfile, "mentor", "user_id",
                lambda s, i: _one(s, _mentors().where(col(MentorProfile.user_id) == i), _mentor_row))
_COURSE = _Kind(Course, "course", "course_id", lambda s, i: _course_row(s.get(Course, i)))
_MATCH = _Kind(MentorshipMatch, "mentorship", "mentorship_id",
                lambda s, i: _one(s, _matches().where(col(MentorshipMatch.id) == i), _match_row))


def _edit(db: Engine, actor: Actor, kind: _Kind, ident: Any, wanted: dict[str, Any], *,
          check: Callable[[Session, Any], None] = lambda session, row: None,
          apply: Callable[[Any, dict[str, Any]], dict[str, list[Any]]] = _apply,
          action: Callable[[dict[str, list[Any]]], str] | None = None) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """One edit in one transaction: the row (404 naming its id field), `check` (which may refuse: nothing is
    written), `apply` (the changes as {field: [old, new]}), the audit row when something changed, and the view."""
    with session_scope(db) as session:
        row = session.get(kind.table, ident)
        if row is None:
            raise _not_found(kind.name, ident, kind.id_field)
        check(session, row)
        changes = apply(row, wanted)
        if changes:
            session.add(row)
            _audit(session, actor, action(changes) if action else f"{kind.name}.update", kind.name, ident, changes)
        session.flush()
        return kind.view(session, ident), changes


def _apply_user(user: User, wanted: dict[str, Any]) -> dict[str, list[Any]]:
    changes = _apply(user, {name: wanted[name] for name in ("role", "is_active") if name in wanted})
    verified = user.email_verified_at is not None
    if "email_verified" in wanted and wanted["email_verified"] != verified:
        user.email_verified_at = utcnow() if wanted["email_verified"] else None
        changes["email_verified"] = [verified, wanted["email_verified"]]
    return changes


def _user_action(changes: dict[str, list[Any]]) -> str:
    return {False: "user.deactivate", True: "user.reactivate"}.get(changes.get("is_active", [None, None])[1],
                                                                    "user.update")


def update_user(db: Engine, actor: Actor, user_id: str, edit: UserEdit) -> dict[str, Any]:
    """Change a user's role, active state or verified address. Deactivating ends every session of theirs."""
    wanted = edit.wanted()
    view, changes = _edit(db, actor, _USER, user_id, wanted, apply=_apply_user, action=_user_action,
                          check=lambda session, user: _check_user_edit(session, actor, user, wanted))
    ended = revoke_all(db, user_id, "deactivated") if changes.get("is_active") == [True, False] else 0
    if "is_active" in changes or "role" in changes:
        MENTORS.invalidate()  # a deactivated mentor is not offered
    return {"user": view, "changes": changes, "sessions_ended": ended}


def _apply_mentor(profile: MentorProfile, wanted: dict[str, Any]) -> dict[str, list[Any]]:
    changes = _apply(profile, wanted)
    if changes:
        profile.updated_at = utcnow()  # the mentor index notices it too
    return changes


def update_mentor(db: Engine, actor: Actor, user_id: str, edit: MentorEdit) -> dict[str, Any]:
    """Change a mentor profile's name, capacity (1-20) or whether it accepts requests."""
    view, changes = _edit(db, actor, _MENTOR, user_id, edit.wanted(), apply=_apply_mentor)
    MENTORS.invalidate()
    return {"mentor": view, "changes": changes}


def update_course(db: Engine, actor: Actor, course_id: int, edit: CourseEdit) -> dict[str, Any]:
    """Correct a course in the catalog (title, link, level, hours, price, rating, subjects, ...)."""
    view, changes = _edit(db, actor, _COURSE, course_id, edit.wanted())
    if changes:
        catalog_changed()  # the search index is rebuilt on its next use
    return {"course": view, "changes": changes}


def _check_move(wanted: dict[str, Any]) -> Callable[[Session, MentorshipMatch], None]:
    def check(_: Session, match: MentorshipMatch) -> None:
        allowed = ADMIN_MOVES.get(match.status, ())
        if wanted["status"] not in allowed:
            then = f"can only become {' or '.join(allowed)}" if allowed else "is closed"
            raise AdminError(409, "not_allowed", f"a {match.status} mentorship {then}", "status")
    return check


def _apply_move(match: MentorshipMatch, wanted: dict[str, Any]) -> dict[str, list[Any]]:
    changes = _apply(match, wanted)
    if match.status == "declined":
        match.responded_at = utcnow()
    else:
        match.ended_at = utcnow()
    return changes


def update_mentorship(db: Engine, actor: Actor, match_id: int, edit: MentorshipEdit) -> dict[str, Any]:
    """Close a request (declined or withdrawn) or end a mentorship, with a reason; the mentor's place is freed."""
    wanted = edit.wanted()
    view, changes = _edit(db, actor, _MATCH, match_id, wanted, check=_check_move(wanted), apply=_apply_move)
    MENTORS.invalidate()  # a place freed
    return {"mentorship": view, "changes": changes}


# -- accounts from the command line ------------------------------------------------------------------------------


def user_id_for_email(db: Engine, email: str) -> str:
    with session_scope(db) as session:
        user_id = session.exec(select(User.id).where(col(User.email) == email.strip().lower())).first()
    if user_id is None:
        raise _not_found("account", email, "email")
    return user_id


def create_admin(db: Engine, actor: Actor, email: str, password_hash: str | None) -> dict[str, Any]:
    """An admin account for `email`: a new one with this password, or the existing account promoted (and
    reactivated); its password and verified state are left as they are."""
    email = email.strip().lower()
    try:
        user_id = user_id_for_email(db, email)
    except AdminError:
        user_id = None
    if user_id is not None:
        return {**update_user(db, actor, user_id, UserEdit(role="admin", is_active=True)), "created": False}
    if not password_hash:
        raise AdminError(422, "password_required", "a new account needs a password", "password")
    with session_scope(db) as session:
        user = User(email=email, password_hash=password_hash, role=Role.admin.value)
        session.add(user)
        session.flush()
        changes = {"email": [None, email], "role": [None, Role.admin.value]}
        _audit(session, actor, "user.create", "user", user.id, changes)
        return {"user": user_view(user, False), "changes": changes, "sessions_ended": 0, "created": True}
