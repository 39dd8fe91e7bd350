"""Mentorships between two users: a mentee's request (with a message the coach can draft), the mentor's answer,
times proposed from both availabilities, sessions with an .ics invite and a calendar feed, a message thread, and
a check-in after each session that feeds the mentorship's health.

Only the pair may see or touch a mentorship; anyone else gets the same "not found" as for an unknown id. Each
change is checked first (who may make it, from which status), so a refused one changes nothing:

    requested → accepted | declined (the mentor) | withdrawn (the mentee)
    accepted → active (the first session is scheduled) → ended (either of them)

The dates (requested, responded, start, ended) are kept so how long mentorships last can be measured; the goal
metric is a mentorship that continues beyond six months (`health.months_active`)."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, or_, select

from memory.db import session_scope
from memory.models import (MentorProfile, MentorshipMatch, MentorshipMessage, MentorshipSession, User, as_utc,
                           utcnow)
from tools.goals.ics import escape_text, fold
from tools.mentors.profile import DAYS, MenteeNeeds, MentorInputError, Slot, check_slots, check_timezone
from tools.mentors.store import MENTORS, TAKEN, find_mentors, get_mentor

OPEN = ("requested", "accepted", "active")
PRODID = "-//SmartJobFit Coach//Mentorship//EN"


class MentorshipRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mentor_id: str = Field(min_length=1, max_length=32)
    message: str = Field(min_length=1, max_length=2000, description="why this mentor; what you hope for")
    goals: list[str] = Field(default_factory=list, max_length=10)
    timezone: str = "UTC"
    availability: list[Slot] = Field(default_factory=list, max_length=28, description="when you can meet")


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    starts_at: datetime = Field(description="ISO 8601 with a UTC offset, in the future")
    minutes: int = Field(default=60, ge=15, le=240)


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    happened: bool = True
    rating: int | None = Field(default=None, ge=1, le=5, description="how useful, 1-5 (when it happened)")
    notes: str | None = Field(default=None, max_length=2000)


def _refuse(message: str, field: str, code: str, status: int = 422) -> MentorInputError:
    return MentorInputError(message, field, code, status)


def _not_found(match_id: int) -> MentorInputError:
    return _refuse(f"no mentorship {match_id} of yours", "mentorship_id", "mentorship_not_found", 404)


def _own(session: Session, user_id: str, match_id: int) -> MentorshipMatch:
    match = session.get(MentorshipMatch, match_id)
    if match is None or user_id not in (match.mentor_id, match.mentee_id):
        raise _not_found(match_id)
    return match


# -- the request and the answer ---------------------------------------------------------------------------------


def draft_request(db: Engine, user_id: str, mentor_id: str) -> dict[str, Any]:
    """A request message the mentee can edit: conversation starters from what the two have in common."""
    mentor = _mentor(db, mentor_id)
    try:
        found = find_mentors(db, user_id, MenteeNeeds(limit=50))
        match = next((m for m in found["mentors"] if m["mentor_id"] == mentor_id), None)
        target = (found["matched_on"].get("target_occupation") or {}).get("title")
    except MentorInputError:  # nothing to match on yet: a plainer draft
        match, target = None, None
    starters = [r for r in (match or {}).get("reasons", []) if r.startswith(("Teaches", "Works or worked", "Worked"))]
    lines = [f"Hi {mentor.display_name.split()[0]},", "",
             f"I'm working towards a move into {target.lower() if target else 'a new role'} and your experience as "
             f"{mentor.current_role} is what I'm hoping to learn from."]
    if starters:
        lines += ["", "Some things I'd love to talk about:"] + [f"- {s}" for s in starters[:3]]
    lines += ["", f"Would you have room for a {mentor.frequency} chat? Thank you for considering it."]
    return {"mentor_id": mentor_id, "mentor_name": mentor.display_name, "message": "\n".join(lines),
            "based_on": starters}


def find_mentor_by_name(db: Engine, name: str) -> str:
    """A mentor's id from their id, full name or first name (case-insensitive); MentorInputError naming `mentor`
    when none or several match."""
    wanted = " ".join(name.replace("(demo)", "").split()).lower()
    with session_scope(db) as session:
        if session.get(MentorProfile, name.strip()) is not None:
            return name.strip()
        rows = session.exec(select(MentorProfile).join(User, col(User.id) == MentorProfile.user_id)
                            .where(col(User.is_active))).all()
        full = [r for r in rows if r.display_name.lower() == wanted]
        first = [r for r in rows if r.display_name.lower().split()[0] == wanted]
    found = full or first
    if len(found) == 1:
        return found[0].user_id
    if not found:
        raise _refuse(f"no mentor called {name!r}", "mentor", "mentor_not_found", 404)
    raise _refuse(f"several mentors are called {name!r}: " + ", ".join(r.display_name for r in found[:5]) +
                  "; say the full name", "mentor", "ambiguous_mentor")


def _mentor(db: Engine, mentor_id: str) -> MentorProfile:
    mentor = get_mentor(db, mentor_id)
    if mentor is None:
        raise _refuse(f"no mentor {mentor_id!r}", "mentor_id", "mentor_not_found", 404)
    return mentor


def request_mentorship(db: Engine, mentee_id: str, body: MentorshipRequest) -> dict[str, Any]:
    check_timezone(body.timezone)
    check_slots(body.availability)
    if body.mentor_id == mentee_id:
        raise _refuse("you cannot be your own mentor", "mentor_id", "own_request")
    with session_scope(db) as session:
        mentor = session.get(MentorProfile, body.mentor_id)
        if mentor is None:
            raise _refuse(f"no mentor {body.mentor_id!r}", "mentor_id", "mentor_not_found", 404)
        if not session.get(User, body.mentor_id).is_active:
            raise _refuse(f"{mentor.display_name}'s account has been deactivated: ask another mentor", "mentor_id",
                          "mentor_deactivated", 409)
        if not mentor.accepting:
            raise _refuse(f"{mentor.display_name} is not taking new mentees just now", "mentor_id",
                          "mentor_not_accepting", 409)
        if _open_places(session, mentor) <= 0:
            raise _refuse(f"{mentor.display_name} has no open places", "mentor_id", "mentor_full", 409)
        already = session.exec(select(MentorshipMatch).where(
            MentorshipMatch.mentor_id == body.mentor_id, MentorshipMatch.mentee_id == mentee_id,
            col(MentorshipMatch.status).in_(OPEN))).first()
        if already is not None:
            raise _refuse(f"you already have a mentorship with {mentor.display_name} ({already.status}, id "
                          f"{already.id})", "mentor_id", "already_requested", 409)
        match = MentorshipMatch(mentor_id=body.mentor_id, mentee_id=mentee_id, message=body.message.strip(),
                                goals=[g.strip() for g in body.goals if g.strip()], mentee_timezone=body.timezone,
                                mentee_availability=[s.model_dump(mode="json") for s in body.availability])
        session.add(match)
        session.flush()
        return view(session, match, mentee_id)


def _open_places(session: Session, mentor: MentorProfile) -> int:
    taken = session.exec(select(MentorshipMatch).where(MentorshipMatch.mentor_id == mentor.user_id,
                                                       col(MentorshipMatch.status).in_(TAKEN))).all()
    return mentor.capacity - len(taken)


def answer(db: Engine, user_id: str, match_id: int, accept: bool, reason: str | None = None) -> dict[str, Any]:
    """The mentor accepts or declines a request (only the mentor; only a request still open)."""
    with session_scope(db) as session:
        match = _own(session, user_id, match_id)
        if match.mentor_id != user_id:
            raise _refuse("only the mentor can answer this request", "mentorship_id", "not_the_mentor", 403)
        if match.status != "requested":
            raise _refuse(f"this request was already {match.status}", "mentorship_id", "already_answered", 409)
        if accept:
            mentor = session.get(MentorProfile, user_id)
            if mentor is None or _open_places(session, mentor) <= 0:
                raise _refuse("you have no open place: raise your capacity or end a mentorship first", "capacity",
                              "mentor_full", 409)
        match.status, match.responded_at = ("accepted" if accept else "declined"), utcnow()
        match.reason = None if accept else (reason or "").strip()[:1000] or None
        session.add(match)
        result = view(session, match, user_id)
    MENTORS.invalidate()  # a place taken
    return result


def withdraw_or_end(db: Engine, user_id: str, match_id: int, reason: str | None = None) -> dict[str, Any]:
    """The mentee withdraws a request; either of them ends an accepted or active mentorship."""
    with session_scope(db) as session:
        match = _own(session, user_id, match_id)
        if match.status == "requested" and match.mentee_id == user_id:
            match.status = "withdrawn"
        elif match.status in ("accepted", "active"):
            match.status = "ended"
        else:
            raise _refuse(f"a {match.status} mentorship cannot be ended", "mentorship_id", "not_open", 409)
        match.ended_at, match.reason = utcnow(), (reason or "").strip()[:1000] or match.reason
        session.add(match)
        result = view(session, match, user_id)
    MENTORS.invalidate()  # a place freed
    return result


def list_mentorships(db: Engine, user_id: str) -> list[dict[str, Any]]:
    with session_scope(db) as session:
        rows = session.exec(select(MentorshipMatch).where(or_(MentorshipMatch.mentor_id == user_id,
                                                              MentorshipMatch.mentee_id == user_id))
                            .order_by(col(MentorshipMatch.requested_at).desc())).all()
        return [view(session, row, user_id) for row in rows]


def get_mentorship(db: Engine, user_id: str, match_id: int) -> dict[str, Any]:
    with session_scope(db) as session:
        return view(session, _own(session, user_id, match_id), user_id)


def view(session: Session, match: MentorshipMatch, user_id: str) -> dict[str, Any]:
    mentor = session.get(MentorProfile, match.mentor_id)
    sessions = session.exec(select(MentorshipSession).where(MentorshipSession.match_id == match.id)
                            .order_by(col(MentorshipSession.starts_at))).all()
    # Once the mentor has said yes, each of the pair may reach the other by e-mail; not before (a request is not
    # consent to share an address).
    other = session.get(User, match.mentee_id if match.mentor_id == user_id else match.mentor_id)
    shared = match.status in ("accepted", "active", "ended") and other is not None
    return {"id": match.id, "status": match.status, "you_are": "mentor" if match.mentor_id == user_id else "mentee",
            "their_email": other.email if shared else None,
            "mentor": {"id": match.mentor_id, "name": mentor.display_name if mentor else "former mentor",
                       "headline": mentor.current_role if mentor else None},
            "mentee_id": match.mentee_id, "message": match.message, "goals": match.goals or [],
            "reason": match.reason, "requested_at": _iso(match.requested_at), "responded_at": _iso(match.responded_at),
            "start_date": match.start_date.isoformat() if match.start_date else None,
            "ended_at": _iso(match.ended_at), "sessions": [_session_view(s) for s in sessions],
            "health": health(match, sessions)}


def _iso(moment: datetime | None) -> str | None:
    return as_utc(moment).isoformat() if moment is not None else None


def _session_view(row: MentorshipSession) -> dict[str, Any]:
    return {"id": row.id, "starts_at": _iso(row.starts_at), "minutes": row.minutes, "status": row.status,
            "rating": row.rating, "notes": row.notes, "checked_in_at": _iso(row.checked_in_at)}


def health(match: MentorshipMatch, sessions: list[MentorshipSession]) -> dict[str, Any]:
    """How the mentorship is going: sessions held and missed, the average rating, months since it started (the
    goal: beyond six), and the last session."""
    held = [s for s in sessions if s.status == "held"]
    ratings = [s.rating for s in held if s.rating is not None]
    started = match.start_date
    until = ((as_utc(match.ended_at) if match.ended_at else None) or datetime.now(timezone.utc)).date()
    # Counted from the first session; 0 until that day comes (it is scheduled ahead).
    months = round(max(0, (until - started).days) / 30.44, 1) if started else 0.0
    return {"sessions_held": len(held), "sessions_missed": sum(s.status == "missed" for s in sessions),
            "average_rating": round(sum(ratings) / len(ratings), 2) if ratings else None,
            "months_active": months, "beyond_six_months": months >= 6,
            "last_session": _iso(max((s.starts_at for s in held), default=None))}


# -- times, sessions, check-ins, messages ----------------------------------------------------------------------


def propose_times(db: Engine, user_id: str, match_id: int, weeks: int = 2, minutes: int = 60,
                  now: datetime | None = None) -> list[dict[str, str]]:
    """Start times in the coming `weeks` when both are available for `minutes`, earliest first (at most 10):
    the mentor's weekly slots and the mentee's, compared in UTC."""
    with session_scope(db) as session:
        match = _own(session, user_id, match_id)
        mentor = session.get(MentorProfile, match.mentor_id)
        if mentor is None:
            raise _refuse("the mentor has withdrawn their profile", "mentorship_id", "mentor_gone", 409)
        mentee_slots = [Slot.model_validate(s) for s in match.mentee_availability or []]
        mentee_zone = match.mentee_timezone
    if not mentee_slots:
        raise _refuse("the mentee gave no availability with the request", "availability", "no_availability", 409)
    start = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    mentor_windows = _windows(mentor.availability or [], mentor.timezone, start, weeks)
    mentee_windows = _windows([s.model_dump(mode="json") for s in mentee_slots], mentee_zone, start, weeks)
    found = []
    for a_start, a_end in mentor_windows:
        for b_start, b_end in mentee_windows:
            begin, end = max(a_start, b_start, start), min(a_end, b_end)
            if end - begin >= timedelta(minutes=minutes):
                found.append(begin)
    return [{"starts_at": moment.isoformat(), "mentor_local": moment.astimezone(check_timezone(mentor.timezone))
             .strftime("%a %d %b %H:%M"), "mentee_local": moment.astimezone(check_timezone(mentee_zone))
             .strftime("%a %d %b %H:%M")} for moment in sorted(set(found))[:10]]


def _windows(slots: list[dict[str, str]], zone_name: str, start: datetime, weeks: int) -> list[tuple[datetime, ...]]:
    zone = check_timezone(zone_name)
    local_today = start.astimezone(zone).date()
    windows = []
    for offset in range(7 * weeks + 1):
        day = local_today + timedelta(days=offset)
        for slot in slots:
            if DAYS[day.weekday()] == slot["day"]:
                windows.append((datetime.combine(day, time.fromisoformat(slot["start"]), tzinfo=zone)
                                .astimezone(timezone.utc),
                                datetime.combine(day, time.fromisoformat(slot["end"]), tzinfo=zone)
                                .astimezone(timezone.utc)))
    return windows


def schedule(db: Engine, user_id: str, match_id: int, body: SessionIn, now: datetime | None = None) -> dict[str, Any]:
    """A session of an accepted or active mentorship, in the future; the first makes the mentorship active."""
    starts = body.starts_at
    if starts.tzinfo is None:
        raise _refuse("starts_at needs a UTC offset (e.g. 2027-01-12T18:00:00-07:00)", "starts_at", "naive_time")
    if starts <= (now or datetime.now(timezone.utc)):
        raise _refuse("starts_at is in the past", "starts_at", "past_time")
    with session_scope(db) as session:
        match = _own(session, user_id, match_id)
        if match.status not in ("accepted", "active"):
            raise _refuse(f"sessions need an accepted mentorship (this one is {match.status})", "mentorship_id",
                          "not_accepted", 409)
        row = MentorshipSession(match_id=match_id, starts_at=starts.astimezone(timezone.utc), minutes=body.minutes)
        session.add(row)
        if match.status == "accepted":
            match.status, match.start_date = "active", starts.astimezone(timezone.utc).date()
            session.add(match)
        session.flush()
        return _session_view(row)


def invite_recipients(db: Engine, user_id: str, match_id: int) -> list[tuple[str, str]]:
    """Who of the pair gets a session invite by e-mail, with the name of the other one: the two of them whose
    address is verified and active (unverified addresses get only the verification mail)."""
    with session_scope(db) as session:
        match = _own(session, user_id, match_id)
        mentor = session.get(MentorProfile, match.mentor_id)
        others = {match.mentor_id: "your mentee", match.mentee_id: mentor.display_name if mentor else "your mentor"}
        people = [session.get(User, person) for person in others]
        return [(person.email, others[person.id]) for person in people
                if person is not None and person.is_active and person.email and person.email_verified_at]


def check_in(db: Engine, user_id: str, match_id: int, session_id: int, body: CheckIn) -> dict[str, Any]:
    """After a session: did it happen, how useful (1-5), notes. Either of the pair; once the session has begun."""
    with session_scope(db) as session:
        match = _own(session, user_id, match_id)
        row = session.get(MentorshipSession, session_id)
        if row is None or row.match_id != match.id:
            raise _refuse(f"no session {session_id} in this mentorship", "session_id", "session_not_found", 404)
        if as_utc(row.starts_at) > datetime.now(timezone.utc):
            raise _refuse("a check-in comes after the session", "session_id", "not_yet")
        if not body.happened and body.rating is not None:
            raise _refuse("a session that did not happen has no rating", "rating", "rating_without_session")
        row.status = "held" if body.happened else "missed"
        row.rating, row.notes, row.checked_in_at = body.rating, body.notes, utcnow()
        session.add(row)
        session.flush()
        return view(session, match, user_id)


def post_message(db: Engine, user_id: str, match_id: int, text: str) -> dict[str, Any]:
    clean = " ".join(text.split()) if text else ""
    if not clean:
        raise _refuse("text is empty", "text", "empty")
    if len(clean) > 4000:
        raise _refuse(f"text is {len(clean):,} characters; the limit is 4,000", "text", "too_long", 413)
    with session_scope(db) as session:
        match = _own(session, user_id, match_id)
        if match.status in ("declined", "withdrawn"):
            raise _refuse(f"this request was {match.status}", "mentorship_id", "closed", 409)
        row = MentorshipMessage(match_id=match_id, sender_id=user_id, text=text.strip())
        session.add(row)
        session.flush()
        return {"id": row.id, "from": "you", "text": row.text, "at": _iso(row.created_at)}


def messages(db: Engine, user_id: str, match_id: int) -> list[dict[str, Any]]:
    with session_scope(db) as session:
        _own(session, user_id, match_id)
        rows = session.exec(select(MentorshipMessage).where(MentorshipMessage.match_id == match_id)
                            .order_by(col(MentorshipMessage.id))).all()
        return [{"id": r.id, "from": "you" if r.sender_id == user_id else "them", "text": r.text,
                 "at": _iso(r.created_at)} for r in rows]


def calendar(db: Engine, user_id: str, match_id: int | None = None) -> str:
    """The user's mentorship sessions (one mentorship's, or all) as an RFC 5545 calendar: an invite to import,
    or a feed to subscribe to. UIDs are stable, so importing again updates rather than doubles."""
    with session_scope(db) as session:
        if match_id is not None:
            matches = [_own(session, user_id, match_id)]
        else:
            matches = list(session.exec(select(MentorshipMatch).where(or_(MentorshipMatch.mentor_id == user_id,
                                                                          MentorshipMatch.mentee_id == user_id))))
        names = {m.id: (session.get(MentorProfile, m.mentor_id)) for m in matches}
        events = [(m, s) for m in matches for s in session.exec(select(MentorshipSession).where(
            MentorshipSession.match_id == m.id, MentorshipSession.status != "cancelled")).all()]
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:Mentorship sessions"]
    for match, row in sorted(events, key=lambda pair: as_utc(pair[1].starts_at)):
        starts = as_utc(row.starts_at).astimezone(timezone.utc)
        mentor = names.get(match.id)
        title = f"Mentorship session with {mentor.display_name}" if mentor else "Mentorship session"
        about = "Goals: " + "; ".join(match.goals) if match.goals else "SmartJobFit mentorship"
        lines += ["BEGIN:VEVENT", f"UID:mentorship-{match.id}-session-{row.id}@smartjobfit-coach", f"DTSTAMP:{stamp}",
                  f"DTSTART:{starts:%Y%m%dT%H%M%SZ}", f"DTEND:{starts + timedelta(minutes=row.minutes):%Y%m%dT%H%M%SZ}",
                  f"SUMMARY:{escape_text(title)}",
                  f"DESCRIPTION:{escape_text(about)}",
                  f"STATUS:{'CONFIRMED' if row.status in ('scheduled', 'held') else 'TENTATIVE'}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
