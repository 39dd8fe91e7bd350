"""Mentorships between two users: request (with a drafted message), answer, times from both availabilities,
sessions with an .ics invite and a calendar feed, messages, and check-ins. Only the pair sees a mentorship; to
anyone else it is the same 404 as an unknown id. A thin layer over tools/mentors/mentorships.py."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from server.deps import CurrentUser, Mailer, Mentee, Mentor, Service, SettingsDep
from server.mail import Attachment, compose, send_quietly
from server.routers.mentors import mentor_errors
from tools.mentors.mentorships import (
    CheckIn,
    MentorshipRequest,
    SessionIn,
    answer,
    calendar,
    check_in,
    draft_request,
    get_mentorship,
    invite_recipients,
    list_mentorships,
    messages,
    post_message,
    propose_times,
    request_mentorship,
    schedule,
    withdraw_or_end,
)

router = APIRouter(prefix="/api/mentorships", tags=["mentorships"])
_ERRORS = {401: {"description": "No token, or a forged or expired one."},
           403: {"description": "Guests cannot ask for mentorships (sign up); only the mentor answers a request."},
           404: {"description": "No mentorship of yours has this id (another pair's is not found either)."},
           409: {"description": "Not from this status (already answered, not accepted yet, ended), or the mentor "
                                "is full or not accepting."},
           422: {"description": "A bad value; the error names the field. Nothing changes."}}


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str | None = Field(default=None, max_length=1000)


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="up to 4,000 characters")


@router.get("/draft", responses=_ERRORS)
def draft(user: Mentee, service: Service, mentor_id: str = Query(min_length=1)) -> dict[str, Any]:
    """A request message to edit and send: conversation starters from what you and the mentor share."""
    with mentor_errors():
        return draft_request(service.db, user.id, mentor_id)


@router.post("", status_code=status.HTTP_201_CREATED, responses=_ERRORS)
def request(body: MentorshipRequest, user: Mentee, service: Service) -> dict[str, Any]:
    """Ask a mentor to mentor you, with a message and, to find times later, your timezone and availability."""
    with mentor_errors():
        return request_mentorship(service.db, user.id, body)


@router.get("", responses={401: _ERRORS[401]})
def mine(user: CurrentUser, service: Service) -> list[dict[str, Any]]:
    """Your mentorships, as mentee and as mentor, newest first, each with its sessions and health."""
    return list_mentorships(service.db, user.id)


@router.get("/calendar.ics", responses={401: _ERRORS[401]})
def feed(user: CurrentUser, service: Service) -> Response:
    """All your mentorship sessions as a calendar feed."""
    return _ics(calendar(service.db, user.id), "mentorship-sessions.ics")


@router.get("/{mentorship_id}", responses=_ERRORS)
def one(mentorship_id: int, user: CurrentUser, service: Service) -> dict[str, Any]:
    with mentor_errors():
        return get_mentorship(service.db, user.id, mentorship_id)


@router.post("/{mentorship_id}/accept", responses=_ERRORS)
def accept(mentorship_id: int, user: Mentor, service: Service) -> dict[str, Any]:
    """The mentor accepts a request (it takes one of their places)."""
    with mentor_errors():
        return answer(service.db, user.id, mentorship_id, accept=True)


@router.post("/{mentorship_id}/decline", responses=_ERRORS)
def decline(mentorship_id: int, user: Mentor, service: Service, body: Reason | None = None) -> dict[str, Any]:
    with mentor_errors():
        return answer(service.db, user.id, mentorship_id, accept=False, reason=body.reason if body else None)


@router.post("/{mentorship_id}/end", responses=_ERRORS)
def end(mentorship_id: int, user: CurrentUser, service: Service, body: Reason | None = None) -> dict[str, Any]:
    """The mentee withdraws a request, or either of you ends the mentorship."""
    with mentor_errors():
        return withdraw_or_end(service.db, user.id, mentorship_id, body.reason if body else None)


@router.get("/{mentorship_id}/times", responses=_ERRORS)
def times(mentorship_id: int, user: CurrentUser, service: Service, weeks: int = Query(default=2, ge=1, le=8),
          minutes: int = Query(default=60, ge=15, le=240)) -> list[dict[str, str]]:
    """Start times in the coming weeks when both of you are available, with each side's local time."""
    with mentor_errors():
        return propose_times(service.db, user.id, mentorship_id, weeks, minutes)


@router.post("/{mentorship_id}/sessions", status_code=status.HTTP_201_CREATED, responses=_ERRORS)
def new_session(mentorship_id: int, body: SessionIn, user: CurrentUser, service: Service, settings: SettingsDep,
                mailer: Mailer, tasks: BackgroundTasks) -> dict[str, Any]:
    """Schedule a session (the first makes the mentorship active). Both of you whose address is verified get
    the invite (.ics) by e-mail (`invited`); it is also at .../invite.ics."""
    with mentor_errors():
        planned = schedule(service.db, user.id, mentorship_id, body)
        recipients = invite_recipients(service.db, user.id, mentorship_id)
        if recipients:  # the calendar is built only for someone to receive it
            invite_file = Attachment(f"mentorship-{mentorship_id}.ics",
                                     calendar(service.db, user.id, mentorship_id), "text/calendar; method=PUBLISH")
    for email, other in recipients:
        tasks.add_task(send_quietly, mailer, compose(
            "session_invite", email, (invite_file,), other=other, when=f"{body.starts_at:%a %d %b %Y %H:%M UTC%z}",
            duration=str(body.minutes), dashboard=f"{settings.base_url}/app"))
    return {**planned, "invited": [email for email, _ in recipients]}


@router.get("/{mentorship_id}/invite.ics", responses=_ERRORS)
def invite(mentorship_id: int, user: CurrentUser, service: Service) -> Response:
    """This mentorship's sessions as a calendar file to import."""
    with mentor_errors():
        return _ics(calendar(service.db, user.id, mentorship_id), f"mentorship-{mentorship_id}.ics")


@router.post("/{mentorship_id}/sessions/{session_id}/check-in", responses=_ERRORS)
def session_check_in(mentorship_id: int, session_id: int, body: CheckIn, user: CurrentUser,
                     service: Service) -> dict[str, Any]:
    """After a session: did it happen, how useful (1-5), notes. Feeds the mentorship's health."""
    with mentor_errors():
        return check_in(service.db, user.id, mentorship_id, session_id, body)


@router.get("/{mentorship_id}/messages", responses=_ERRORS)
def thread(mentorship_id: int, user: CurrentUser, service: Service) -> list[dict[str, Any]]:
    with mentor_errors():
        return messages(service.db, user.id, mentorship_id)


@router.post("/{mentorship_id}/messages", status_code=status.HTTP_201_CREATED, responses=_ERRORS)
def send(mentorship_id: int, body: Message, user: CurrentUser, service: Service) -> dict[str, Any]:
    with mentor_errors():
        return post_message(service.db, user.id, mentorship_id, body.text)


def _ics(text: str, filename: str) -> Response:
    return Response(text, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})
