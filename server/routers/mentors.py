"""Mentors: a signed-in user offers mentoring with a profile (their own only), anyone signed in reads a mentor's
public profile, and a mentee asks for the mentors that fit them (`POST /api/career/mentor-matching`). A thin
layer over tools/mentors/."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, Response, status

from server.deps import CurrentUser, MentorOffer, Service
from server.errors import ApiError
from tools.mentors.profile import MenteeNeeds, MentorInputError, MentorProfileIn
from tools.mentors.store import delete_profile, find_mentors, get_mentor, profile_view, save_profile

router = APIRouter(tags=["mentors"])
_ERRORS = {401: {"description": "No token, or a forged or expired one."},
           403: {"description": "Guests cannot offer mentoring: sign up first."},
           422: {"description": "Capacity outside 1-20, a slot that ends before it starts or overlaps another, an "
                                "unknown timezone or role...; the error names the field. Nothing changes."}}


@contextmanager
def mentor_errors() -> Iterator[None]:
    """MentorInputError (tools/mentors/) as the API's error, with its status, code and field."""
    try:
        yield
    except MentorInputError as exc:
        raise ApiError(exc.status, exc.code, exc.message, exc.field) from exc


@router.put("/api/mentors/me", responses=_ERRORS)
def put_my_mentor_profile(body: MentorProfileIn, user: MentorOffer, service: Service) -> dict[str, Any]:
    """Offer mentoring, or change your mentor profile: roles (matched to O*NET occupations), skills you can
    teach, years, languages, timezone, weekly availability, capacity (1-20 mentees), style and frequency."""
    with mentor_errors():
        return profile_view(save_profile(service.db, user.id, body))


@router.get("/api/mentors/me", responses={401: _ERRORS[401], 404: {"description": "You offer no mentoring."}})
def get_my_mentor_profile(user: CurrentUser, service: Service) -> dict[str, Any]:
    return _public(service, user.id)


@router.delete("/api/mentors/me", status_code=status.HTTP_204_NO_CONTENT,
               responses={401: _ERRORS[401], 404: {"description": "You offer no mentoring."}})
def delete_my_mentor_profile(user: CurrentUser, service: Service) -> Response:
    """Stop offering mentoring: your profile goes, so you are no longer matched."""
    if not delete_profile(service.db, user.id):
        raise ApiError(404, "not_a_mentor", "you have no mentor profile", "mentor_id")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/api/mentors/{mentor_id}", responses={401: _ERRORS[401], 404: {"description": "No such mentor."}})
def get_mentor_profile(mentor_id: str, user: CurrentUser, service: Service) -> dict[str, Any]:
    """A mentor's public profile."""
    return _public(service, mentor_id)


def _public(service: Any, mentor_id: str) -> dict[str, Any]:
    row = get_mentor(service.db, mentor_id)
    if row is None:
        raise ApiError(404, "mentor_not_found", f"no mentor {mentor_id!r}", "mentor_id")
    return profile_view(row)


@router.post("/api/career/mentor-matching", responses={401: _ERRORS[401], 422: _ERRORS[422]})
def mentor_matching(body: MenteeNeeds, user: CurrentUser, service: Service) -> dict[str, Any]:
    """The mentors that fit you best, each with a score 0-1, its seven components (skills, role, availability,
    industry, experience, language, style; weights in tools/mentors/compatibility.py) and the reasons. What you
    do not send comes from your profile (target role, years, industry) and your latest skills analysis (gaps)."""
    with mentor_errors():
        return find_mentors(service.db, user.id, body)
