"""Who may do what, tested as a matrix: every API route, called by every role, is refused (403 "forbidden") exactly
when the role lacks the route's permission (memory/permissions.py); and the README's table is that table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from memory.models import Role
from memory.permissions import GUEST, ROLE_PERMISSIONS, Permission
from memory.users import create_user
from server.app import ROUTERS
from server.auth import sign_in
from server.deps import current_session

README = Path(__file__).resolve().parents[2] / "README.md"
ROLES = (GUEST, Role.student.value, Role.mentor.value, Role.admin.value)
# Routes anyone may call without a token: signing up or in, the links e-mailed to people not signed in, and
# public reference data (market figures from public datasets, the questionnaires' items; nobody's personal data).
PUBLIC = {"/api/auth/register", "/api/auth/login", "/api/auth/guest", "/api/auth/refresh", "/api/auth/verify-email",
          "/api/auth/password-reset/send", "/api/auth/password-reset", "/api/widget/config",
          "/api/salary/market-data", "/api/salary/benchmarks", "/api/salary/personalized-range", "/api/salary/trends",
          "/api/salary/market-trends", "/api/salary/compare-locations", "/api/salary/company-insights",
          "/api/salary/offer-analysis", "/api/career/industry-trends", "/api/career/assessment/questionnaires"}


def needed(route: APIRoute) -> Permission | None:
    """The permission a route's dependencies require; use_coach for one that only needs a signed-in caller; None
    for a public route."""
    signed_in, stack = False, list(route.dependant.dependencies)
    while stack:
        dependency = stack.pop()
        if getattr(dependency.call, "permission", None) is not None:
            return dependency.call.permission
        signed_in = signed_in or dependency.call is current_session
        stack.extend(dependency.dependencies)
    return Permission.use_coach if signed_in else None


def api_routes(client: TestClient) -> list[tuple[str, str, APIRoute]]:
    # Every area's router (server/app.py): the app itself nests them lazily.
    return [(method, route.path, route) for area in ROUTERS for route in area.router.routes
            if isinstance(route, APIRoute) and route.path.startswith("/api/") for method in sorted(route.methods)]


def test_every_route_needs_a_sign_in_unless_it_is_meant_to_be_public(client: TestClient) -> None:
    public = {path for _, path, route in api_routes(client) if needed(route) is None}
    assert public == PUBLIC


def test_the_permission_matrix(client: TestClient) -> None:
    db, settings = client.app.state.service.db, client.app.state.settings
    users = {role: create_user(db, email=None if role == GUEST else f"{role}@example.com", password_hash=None,
                               role=Role.student if role == GUEST else Role(role), is_guest=role == GUEST)
             for role in ROLES}
    checked = 0
    for method, path, route in api_routes(client):
        permission = needed(route)
        if permission is None:
            continue
        url = re.sub(r"\{[^}]+\}", "1", path)
        for role in ROLES:
            # A session of its own for each call: the matrix logs out and changes passwords too.
            token = sign_in(settings, db, users[role]).access_token
            response = client.request(method, url, json={}, headers={"Authorization": f"Bearer {token}"})
            refused = response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
            allowed = permission in ROLE_PERMISSIONS[role]
            assert refused != allowed, f"{role} {method} {path} ({permission.value}): {response.status_code} " \
                                       f"{response.text[:200]}"
            checked += 1
    assert checked > 250


@pytest.mark.parametrize("role", ROLES)
def test_a_role_has_what_the_readme_says(role: str) -> None:
    table = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^\| `(\w+)` \|(.*)$", line)
        if found and found.group(1) in Permission.__members__:
            cells = [cell.strip() for cell in found.group(2).strip(" |").split("|")]
            table[Permission(found.group(1))] = dict(zip(ROLES, cells[-len(ROLES):]))
    assert set(table) == set(Permission), "README's permission table lists every permission"
    assert {p for p, cells in table.items() if cells[role] == "yes"} == set(ROLE_PERMISSIONS[role])


# The routes that need more than a signed-in caller, and what they need: a route moved or added without the right
# dependency shows up here (any other API route must be public, above, or need use_coach).
BEYOND_USE_COACH = {
    ("POST", "/api/auth/password"): Permission.manage_account,
    ("POST", "/api/auth/verify-email/send"): Permission.manage_account,
    ("PUT", "/api/mentors/me"): Permission.offer_mentoring,
    ("GET", "/api/mentorships/draft"): Permission.seek_mentoring,
    ("POST", "/api/mentorships"): Permission.seek_mentoring,
    ("POST", "/api/mentorships/{mentorship_id}/accept"): Permission.answer_mentees,
    ("POST", "/api/mentorships/{mentorship_id}/decline"): Permission.answer_mentees,
}


def test_each_route_needs_the_permission_meant_for_it(client: TestClient) -> None:
    found = {(method, path): needed(route) for method, path, route in api_routes(client)
             if needed(route) not in (None, Permission.use_coach)}
    admin = {key for key, permission in found.items() if key[1].startswith("/api/admin/")}
    assert admin and all(found.pop(key) is Permission.administer for key in admin)
    assert found == BEYOND_USE_COACH
    assert all(needed(route) is Permission.administer for _, path, route in api_routes(client)
               if path.startswith("/api/admin"))
