"""Mentor profiles in SQL (`mentor_profiles`) and the matching that reads them: a mentor writes their own profile;
a mentee's needs come from what they ask plus their career profile and latest skills analysis. The index of all
mentors is built once and rebuilt when a profile or a mentorship changes (checked by a cheap query per match)."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from memory.db import session_scope
from memory.models import MentorProfile, MentorshipMatch, Role, User, utcnow
from tools.mentors.compatibility import Match, MentorCard, MentorIndex, Needs
from tools.mentors.profile import (
    MenteeNeeds,
    MentorInputError,
    MentorProfileIn,
    Slot,
    check_capacity,
    check_slots,
    check_timezone,
    resolve_role,
    skill_keys,
    week_mask,
)
from tools.profile.engine import get_profile
from tools.skills.normalize import label_key
from tools.skills.store import latest_analysis
from tools.skills.taxonomy import load_taxonomy

TAKEN = ("accepted", "active")  # mentorships that hold one of a mentor's places
MAX_NEEDS = 10  # skill gaps a match looks at, the most pressing first


def save_profile(db: Engine, user_id: str, profile: MentorProfileIn, demo: bool = False) -> MentorProfile:
    """Create or replace the user's mentor profile (every value checked first: nothing changes on a refusal)."""
    check_capacity(profile.capacity)
    check_timezone(profile.timezone)
    check_slots(profile.availability)
    skill_keys(profile.skills, "skills")
    roles = [resolve_role(profile.current_role.strip(), "current_role")]
    roles += [resolve_role(title.strip(), f"past_roles.{i}") for i, title in enumerate(profile.past_roles)]
    with session_scope(db) as session:
        user = session.get(User, user_id)
        if user is None or user.is_guest:
            raise MentorInputError("sign up (not as a guest) to offer mentoring", "user", "account_required", 403)
        row = session.get(MentorProfile, user_id) or MentorProfile(user_id=user_id, display_name="", current_role="")
        values = profile.model_dump(mode="json", exclude={"past_roles"})
        for name, value in values.items():
            setattr(row, name, value)
        row.roles = [r.model_dump() for r in roles]
        row.demo, row.updated_at = demo, utcnow()
        if user.role == Role.student.value:
            user.role = Role.mentor.value  # offering mentoring makes the account a mentor's
            session.add(user)
        session.add(row)
        session.flush()
        session.refresh(row)
        session.expunge(row)
    MENTORS.invalidate()
    return row


def get_mentor(db: Engine, user_id: str) -> MentorProfile | None:
    with session_scope(db) as session:
        row = session.get(MentorProfile, user_id)
        if row is not None:
            session.expunge(row)
        return row


def delete_profile(db: Engine, user_id: str) -> bool:
    with session_scope(db) as session:
        row = session.get(MentorProfile, user_id)
        if row is None:
            return False
        session.delete(row)
    MENTORS.invalidate()
    return True


def profile_view(row: MentorProfile, active_mentees: int | None = None) -> dict[str, Any]:
    view = {name: getattr(row, name) for name in ("display_name", "current_role", "roles", "industries", "skills",
                                                   "years_experience", "languages", "timezone", "availability",
                                                   "capacity", "style", "frequency", "bio", "accepting", "demo")}
    view["mentor_id"], view["updated_at"] = row.user_id, row.updated_at.isoformat()
    if active_mentees is not None:
        view["active_mentees"] = active_mentees
    return view


# -- the index --------------------------------------------------------------------------------------------------


def card(row: MentorProfile, taken: int) -> MentorCard:
    slots = [Slot.model_validate(s) for s in row.availability or []]
    return MentorCard(id=row.user_id, display_name=row.display_name, headline=row.current_role,
                      roles=tuple((r["soc_code"], r["onet_title"]) for r in row.roles or []),
                      industries=tuple(row.industries or []), skills=skill_keys(list(row.skills or []), "skills"),
                      years=row.years_experience, languages=tuple(row.languages or []), timezone=row.timezone,
                      week=week_mask(slots, check_timezone(row.timezone)), open_places=max(0, row.capacity - taken),
                      accepting=row.accepting, style=row.style, frequency=row.frequency, demo=row.demo)


class MentorCache:
    """The index of every mentor, rebuilt when profiles or mentorships have changed since it was built."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._built: tuple[Any, MentorIndex] | None = None

    def invalidate(self) -> None:
        self._built = None

    @staticmethod
    def _version(db: Engine) -> tuple:
        with session_scope(db) as session:
            mentors = session.exec(select(func.count(), func.max(MentorProfile.updated_at))
                                   .select_from(MentorProfile)).one()
            matches = session.exec(select(func.count(), func.max(MentorshipMatch.id))
                                   .where(MentorshipMatch.status.in_(TAKEN))).one()  # type: ignore[attr-defined]
            inactive = session.exec(select(User.id).where(User.is_active.is_(False))).all()  # type: ignore[attr-defined]
        return str(db.url), tuple(mentors), tuple(matches), tuple(sorted(inactive))

    def index(self, db: Engine) -> MentorIndex:
        version = self._version(db)
        built = self._built
        if built is not None and built[0] == version:
            return built[1]
        with self._lock:
            with session_scope(db) as session:
                # A deactivated account is not offered as a mentor.
                rows = session.exec(select(MentorProfile).join(User, User.id == MentorProfile.user_id)
                                    .where(User.is_active.is_(True)).order_by(MentorProfile.user_id)).all()
                taken = dict(session.exec(select(MentorshipMatch.mentor_id, func.count())
                                          .where(MentorshipMatch.status.in_(TAKEN))  # type: ignore[attr-defined]
                                          .group_by(MentorshipMatch.mentor_id)).all())
                index = MentorIndex([card(row, taken.get(row.user_id, 0)) for row in rows])
            self._built = (version, index)
            return index


MENTORS = MentorCache()


# -- a mentee's needs and the match -----------------------------------------------------------------------------


def gap_key(name: str, onet_id: str | None) -> str:
    """A skill gap's key, as skill_keys gives a mentor's skill: its taxonomy concept, else its words."""
    taxonomy = load_taxonomy()
    element = taxonomy.elements.get(onet_id or "")
    if element is not None:
        return f"c{element[3]}"
    entry = taxonomy.phrases.get(label_key(name))
    return f"c{entry.concept}" if entry else "w:" + " ".join(label_key(name))


def needs_for(db: Engine, user_id: str, asked: MenteeNeeds) -> tuple[Needs, dict[str, Any]]:
    """The mentee's needs: what they asked, filled in from their career profile and latest skills analysis. Also
    returns what was used, for the answer ("matched on: target role from your profile, 6 gaps from your
    analysis")."""
    profile = get_profile(db, user_id)
    target_title = asked.target_role or profile.target_role
    target = None
    if target_title:
        role = resolve_role(target_title, "target_role")
        target = (role.soc_code, role.onet_title)
    used: dict[str, Any] = {"target_role": target_title,
                            "target_occupation": {"soc_code": target[0], "title": target[1]} if target else None}
    skills: dict[str, tuple[str, float]] = {}
    if asked.skills_to_learn:
        skills = {key: (name, 1.0) for key, name in skill_keys(asked.skills_to_learn, "skills_to_learn").items()}
        used["skills_from"] = "your request"
    else:
        analysis = latest_analysis(db, user_id)
        if analysis is not None and analysis.gaps:
            for gap in analysis.gaps[:MAX_NEEDS]:
                skills.setdefault(gap_key(gap.skill_name, gap.onet_id),
                                  (gap.skill_name, max(0.1, (gap.importance_score or 3) / 5)))
            used["skills_from"] = f"your skills analysis for {analysis.target_role}" if analysis.target_role else \
                "your skills analysis"
    if target is None and not skills:
        raise MentorInputError("say which role you are aiming for (target_role) or which skills you want to learn "
                               "(skills_to_learn), or set a target role in your profile", "target_role",
                               "nothing_to_match")
    used["skills"] = [name for name, _ in skills.values()]
    years = asked.years_experience
    if years is None and profile.experience_years is not None:
        years = int(profile.experience_years)
    industry = asked.industry or profile.industry
    week = week_mask(check_slots(asked.availability), check_timezone(asked.timezone)) if asked.availability else None
    used.update(industry=industry, years_experience=years, languages=asked.languages)
    return Needs(target=target, skills=skills, industry=industry, years=years, languages=tuple(asked.languages),
                 week=week, style=asked.style, frequency=asked.frequency), used


def find_mentors(db: Engine, user_id: str, asked: MenteeNeeds) -> dict[str, Any]:
    """The best mentors for the user, with why (see compatibility.py for the weights)."""
    needs, used = needs_for(db, user_id, asked)
    matches: list[Match] = MENTORS.index(db).rank(needs, asked.limit, exclude={user_id})
    return {"mentors": [m.as_dict() for m in matches], "matched_on": used,
            "note": None if matches else "No mentor with open places shares a language with you yet."}

