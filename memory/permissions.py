"""Who may do what: one table of roles and their permissions, enforced on routes by `require` (server/deps.py)
and by the chat tools that act for a user.

A route declares the permission it needs with a dependency of server/deps.py (`Mentee`, `Mentor`, `Admin`...,
each `require(Permission.x)`); a route that only needs a signed-in caller (`CurrentUser`) needs `use_coach`, which
every role has.
Ownership is checked on top of this, by each area: a mentor may answer requests, but only the ones sent to them.
The README's permission table is this one (tests/server/test_permissions.py checks both, and every route).
"""

from __future__ import annotations

from enum import Enum

from memory.models import Role, User


class Permission(str, Enum):
    use_coach = "use_coach"  # chat, the career tools, finding mentors, one's own profile, memory and data
    manage_account = "manage_account"  # password, e-mail verification, sessions (a guest has no password)
    offer_mentoring = "offer_mentoring"  # a mentor profile: a student who publishes one becomes a mentor
    seek_mentoring = "seek_mentoring"  # mentorship requests, sessions and the pair's messages, as the mentee
    answer_mentees = "answer_mentees"  # accept or decline the requests sent to oneself
    administer = "administer"  # the admin page: users, mentors, courses, matches, the audit log


GUEST = "guest"  # a widget visitor without an account: a student with is_guest set

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    GUEST: frozenset({Permission.use_coach}),
    Role.student.value: frozenset({Permission.use_coach, Permission.manage_account, Permission.offer_mentoring,
                                   Permission.seek_mentoring}),
    Role.mentor.value: frozenset({Permission.use_coach, Permission.manage_account, Permission.offer_mentoring,
                                  Permission.seek_mentoring, Permission.answer_mentees}),
    Role.admin.value: frozenset(Permission),
}

WHY_NOT = {  # what a refused caller is told
    Permission.manage_account: "sign up first: a guest has no account to manage",
    Permission.offer_mentoring: "sign up (not as a guest) to offer mentoring",
    Permission.seek_mentoring: "sign up (not as a guest) to ask for a mentorship",
    Permission.answer_mentees: "only mentors answer mentorship requests",
    Permission.administer: "only admins may do this",
}


def role_of(user: User) -> str:
    return GUEST if user.is_guest else user.role


def allows(user: User, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(role_of(user), frozenset())
