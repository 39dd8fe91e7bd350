"""The admin API behind the admin page (/admin): counts; search and edit users, mentor profiles, courses and
mentorships; the audit log. Admins only (403 for any other role). A thin layer over server/admin.py, which checks
every edit before writing it and logs it with who made it; its AdminError is answered as the API's error
(server/errors.py)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from server import admin
from server.admin import Actor, CourseEdit, MentorEdit, MentorshipEdit, UserEdit
from server.deps import Admin, Service
from tools.learning.catalog import LEVELS, ensure_shipped_catalog

router = APIRouter(prefix="/api/admin", tags=["admin"])
_ERRORS = {401: {"description": "No token, or a forged, expired or ended one."},
           403: {"description": "Only admins may do this."},
           422: {"description": "A value out of range; the error names the field. Nothing changes."}}
_EDIT_ERRORS = {**_ERRORS, 404: {"description": "No such id (the error names it)."},
                409: {"description": "Not allowed now: your own account, the last admin, a guest, a closed "
                                     "mentorship. Nothing changes."}}

Limit = Annotated[int, Query(ge=1, le=admin.MAX_PAGE, description="rows per page")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
Search = Annotated[str | None, Query(max_length=200)]


@router.get("/counts", responses=_ERRORS)
def get_counts(_: Admin, service: Service) -> dict[str, Any]:
    """Accounts by role, guests, active and deactivated, verified; mentors (paused, demo); courses by provider;
    mentorships by status; admin actions logged."""
    ensure_shipped_catalog(service.db)  # the catalog users search, loaded on first use
    return admin.counts(service.db)


@router.get("/users", responses=_ERRORS)
def get_users(_: Admin, service: Service, q: Search = None,
              role: admin.RoleName | None = None, active: bool | None = None,
              guests: Annotated[bool, Query(description="include guest visitors")] = False,
              limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """Accounts, newest first; `q` searches the e-mail (or matches the id exactly)."""
    return admin.list_users(service.db, q=q, role=role, active=active, guests=guests, limit=limit, offset=offset)


@router.patch("/users/{user_id}", responses=_EDIT_ERRORS)
def patch_user(user_id: str, body: UserEdit, user: Admin, service: Service) -> dict[str, Any]:
    """Change a role, verify an address, deactivate (`is_active: false`: every session ends at once and the account
    cannot sign in) or reactivate. You cannot demote or deactivate yourself, nor remove the last active admin."""
    return admin.update_user(service.db, Actor.of(user), user_id, body)


@router.get("/mentors", responses=_ERRORS)
def get_mentors(_: Admin, service: Service, q: Search = None, skill: Search = None, accepting: bool | None = None,
                demo: bool | None = None, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """Mentor profiles by name; `q` searches the name, e-mail and roles, `skill` the skills they teach."""
    return admin.list_mentors(service.db, q=q, skill=skill, accepting=accepting, demo=demo, limit=limit,
                              offset=offset)


@router.patch("/mentors/{user_id}", responses=_EDIT_ERRORS)
def patch_mentor(user_id: str, body: MentorEdit, user: Admin, service: Service) -> dict[str, Any]:
    """Change a mentor's display name, capacity (1-20), or pause them (`accepting: false`)."""
    return admin.update_mentor(service.db, Actor.of(user), user_id, body)


@router.get("/courses", responses=_ERRORS)
def get_courses(_: Admin, service: Service, q: Search = None, provider: Search = None, subject: Search = None,
                level: Literal[LEVELS] | None = None,  # type: ignore[valid-type]
                limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """The course catalog; `q` searches titles, `subject` the subjects and skills, `provider` is exact."""
    ensure_shipped_catalog(service.db)
    return admin.list_courses(service.db, q=q, provider=provider, subject=subject, level=level, limit=limit,
                              offset=offset)


@router.patch("/courses/{course_id}", responses=_EDIT_ERRORS)
def patch_course(course_id: int, body: CourseEdit, user: Admin, service: Service) -> dict[str, Any]:
    """Correct a course: title, url, level, duration_hours, price, currency, rating, subjects, skills,
    description, license."""
    return admin.update_course(service.db, Actor.of(user), course_id, body)


@router.get("/mentorships", responses=_ERRORS)
def get_mentorships(_: Admin, service: Service, status: Literal[admin.MATCH_STATUSES] | None = None,  # type: ignore[valid-type]
                    participant: Search = None, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """Mentorships, newest request first; `participant` is either side's e-mail or id, or the mentor's name. The
    request's message and the pair's messages and notes are theirs: not shown."""
    return admin.list_mentorships(service.db, status=status, participant=participant, limit=limit,
                                  offset=offset)


@router.patch("/mentorships/{mentorship_id}", responses=_EDIT_ERRORS)
def patch_mentorship(mentorship_id: int, body: MentorshipEdit, user: Admin, service: Service) -> dict[str, Any]:
    """End a mentorship (accepted or active → ended) or close a request (→ declined or withdrawn), with a reason."""
    return admin.update_mentorship(service.db, Actor.of(user), mentorship_id, body)


@router.get("/audit", responses=_ERRORS)
def get_audit(_: Admin, service: Service,
              admin_: Annotated[str | None, Query(alias="admin", max_length=320,
                                                  description="an admin's id or e-mail ('cli': the command line)")]
              = None,
              target_type: Literal["user", "mentor", "course", "mentorship"] | None = None,
              target_id: Annotated[str | None, Query(max_length=64)] = None,
              action: Annotated[str | None, Query(max_length=64, description="e.g. user.deactivate, or user")] = None,
              limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """Every admin action, newest first: who (id and e-mail), what, on which target, each field as [old, new]."""
    return admin.list_audit(service.db, admin=admin_, target_type=target_type, target_id=target_id,
                            action=action, limit=limit, offset=offset)
