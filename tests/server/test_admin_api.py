"""The admin API: an admin lists, searches and edits users, mentors, courses and mentorships; every other role gets
403; deactivating ends the sessions and blocks sign-in; self-demotion and removing the last admin are refused; bad
values are 422 naming the field; every change is logged with who made it, and a refused request changes nothing."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from server import admin
from server.admin import CLI, AdminError, UserEdit
from tests.server.conftest import guest_headers
from tests.server.test_mentors_api import PROFILE

PASSWORD = "long enough pass"


def register(client: TestClient, prefix: str = "user") -> tuple[dict, dict[str, str]]:
    """A new account: its user view and its bearer headers."""
    email = f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"
    response = client.post("/api/auth/register", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return response.json()["user"], {"Authorization": f"Bearer {response.json()['token']}"}


def make_admin(client: TestClient) -> tuple[dict, dict[str, str]]:
    """A registered account promoted to admin, as `coach users create-admin` does for an existing account."""
    user, headers = register(client, "admin")
    admin.create_admin(client.app.state.service.db, CLI, user["email"], None)
    return user, headers


def mentor_with_mentee(client: TestClient) -> tuple[dict, dict[str, str], dict, dict[str, str], int]:
    """A mentor (profile PROFILE) and a mentee who has sent them a request; the mentorship's id."""
    mentor, mentor_headers = register(client, "mentor")
    assert client.put("/api/mentors/me", json=PROFILE, headers=mentor_headers).status_code == 200
    mentee, mentee_headers = register(client, "mentee")
    sent = client.post("/api/mentorships", json={"mentor_id": mentor["id"], "message": "I'd love your help with SQL "
                                                 "and my private plans"}, headers=mentee_headers)
    assert sent.status_code == 201, sent.text
    return mentor, mentor_headers, mentee, mentee_headers, sent.json()["id"]


def audit(client: TestClient, headers: dict[str, str], **params: str) -> list[dict]:
    response = client.get("/api/admin/audit", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_an_admin_sees_the_counts_and_searches_each_kind(client: TestClient) -> None:
    boss, headers = make_admin(client)
    mentor, _, mentee, _, match_id = mentor_with_mentee(client)
    guest_headers(client)

    counts = client.get("/api/admin/counts", headers=headers).json()
    assert counts["users"]["by_role"] == {"student": 1, "mentor": 1, "admin": 1}
    assert counts["users"]["accounts"] == 3 and counts["users"]["guests"] == 1
    assert counts["users"]["active"] == 3 and counts["users"]["deactivated"] == 0
    assert counts["mentors"] == {"total": 1, "accepting": 1, "paused": 0, "demo": 0}
    assert counts["courses"]["total"] > 100 and sum(counts["courses"]["by_provider"].values()) == counts["courses"]["total"]
    assert counts["mentorships"]["by_status"]["requested"] == 1 and counts["mentorships"]["total"] == 1
    assert counts["admin_actions"] == 1  # the promotion

    users = client.get("/api/admin/users", params={"q": mentee["email"][:12].upper()}, headers=headers).json()
    assert [u["id"] for u in users["items"]] == [mentee["id"]] and users["total"] == 1
    assert all("password" not in key for u in users["items"] for key in u)
    by_id = client.get("/api/admin/users", params={"q": mentor["id"]}, headers=headers).json()["items"]
    assert by_id[0]["email"] == mentor["email"] and by_id[0]["mentor_profile"] is True
    mentors_only = client.get("/api/admin/users", params={"role": "mentor"}, headers=headers).json()["items"]
    assert [u["id"] for u in mentors_only] == [mentor["id"]]
    everyone = client.get("/api/admin/users", params={"guests": "true", "limit": 2, "offset": 2}, headers=headers).json()
    assert everyone["total"] == 4 and len(everyone["items"]) == 2 and everyone["offset"] == 2

    mentors = client.get("/api/admin/mentors", params={"q": "priya"}, headers=headers).json()["items"]
    assert mentors[0]["user_id"] == mentor["id"] and mentors[0]["capacity"] == 2 and mentors[0]["active_mentees"] == 0
    assert client.get("/api/admin/mentors", params={"skill": "sql"}, headers=headers).json()["total"] == 1
    assert client.get("/api/admin/mentors", params={"skill": "welding"}, headers=headers).json()["total"] == 0
    assert client.get("/api/admin/mentors", params={"q": "marketing"}, headers=headers).json()["total"] == 1

    courses = client.get("/api/admin/courses", params={"q": "sql", "limit": 5}, headers=headers).json()
    assert courses["total"] >= 1 and all("sql" in c["title"].lower() for c in courses["items"])
    provider = courses["items"][0]["provider"]
    assert client.get("/api/admin/courses", params={"provider": provider.upper()}, headers=headers).json()["total"] >= 1

    matches = client.get("/api/admin/mentorships", params={"participant": mentee["email"]}, headers=headers).json()
    [match] = matches["items"]
    assert match["id"] == match_id and match["status"] == "requested" and match["mentor"]["name"] == "Priya"
    assert match["allowed_moves"] == ["declined", "withdrawn"]
    assert "message" not in match and "private plans" not in str(matches)  # the request's text is the pair's
    assert client.get("/api/admin/mentorships", params={"status": "ended"}, headers=headers).json()["total"] == 0
    assert client.get("/api/admin/mentorships", params={"participant": "Priya"}, headers=headers).json()["total"] == 1


def test_every_other_role_gets_403_on_every_admin_route(client: TestClient) -> None:
    _, student = register(client)
    _, mentor_headers, *_ = mentor_with_mentee(client)
    routes = [(method.upper(), path.format(user_id="x", course_id=1, mentorship_id=1))
              for path, methods in client.app.openapi()["paths"].items() if path.startswith("/api/admin")
              for method in methods]
    assert len(routes) == 10
    for headers in (student, mentor_headers, guest_headers(client)):
        for method, path in routes:
            response = client.request(method, path, headers=headers, json={})
            assert response.status_code == 403, (method, path, response.text)
            assert response.json()["error"]["code"] == "forbidden"
    for method, path in routes:
        assert client.request(method, path, json={}).status_code == 401


def test_deactivating_ends_the_sessions_blocks_sign_in_and_is_logged(client: TestClient) -> None:
    boss, headers = make_admin(client)
    user, first = register(client, "leaver")
    second = {"Authorization": "Bearer " + client.post("/api/auth/login", json={"email": user["email"],
                                                                                "password": PASSWORD}).json()["token"]}
    done = client.patch(f"/api/admin/users/{user['id']}", json={"is_active": False}, headers=headers)
    assert done.status_code == 200, done.text
    assert done.json()["user"]["is_active"] is False and done.json()["sessions_ended"] == 2
    assert done.json()["changes"] == {"is_active": [True, False]}
    for token in (first, second):
        ended = client.get("/api/auth/me", headers=token)
        assert ended.status_code == 401
    login = client.post("/api/auth/login", json={"email": user["email"], "password": PASSWORD})
    assert login.status_code == 403 and login.json()["error"]["code"] == "account_deactivated"

    [entry] = audit(client, headers, target_id=user["id"])
    assert entry["action"] == "user.deactivate" and entry["target_type"] == "user"
    assert entry["admin_id"] == boss["id"] and entry["admin_email"] == boss["email"]
    assert entry["changes"] == {"is_active": [True, False]} and entry["target_name"] == user["email"]
    assert client.get("/api/admin/counts", headers=headers).json()["users"]["deactivated"] == 1

    back = client.patch(f"/api/admin/users/{user['id']}", json={"is_active": True}, headers=headers)
    assert back.status_code == 200 and back.json()["user"]["is_active"] is True
    assert client.post("/api/auth/login", json={"email": user["email"], "password": PASSWORD}).status_code == 200
    assert [e["action"] for e in audit(client, headers, target_id=user["id"])] == ["user.reactivate", "user.deactivate"]
    assert len(audit(client, headers, action="user", admin=boss["email"])) == 2  # the promotion was the CLI's
    assert audit(client, headers, admin="cli")[0]["changes"] == {"role": ["student", "admin"]}


def test_self_demotion_and_removing_the_last_admin_are_refused(client: TestClient) -> None:
    boss, headers = make_admin(client)
    before = audit(client, headers)
    for change, field in (({"role": "student"}, "role"), ({"role": "mentor"}, "role"), ({"is_active": False}, "is_active")):
        refused = client.patch(f"/api/admin/users/{boss['id']}", json=change, headers=headers)
        assert refused.status_code == 409 and refused.json()["error"]["field"] == field, refused.text
        assert refused.json()["error"]["code"] == "own_account"
    db = client.app.state.service.db
    try:
        admin.update_user(db, CLI, boss["id"], UserEdit(role="student"))
        raise AssertionError("the last admin was demoted")
    except AdminError as exc:
        assert (exc.status, exc.code, exc.field) == (409, "last_admin", "role")
    assert client.get("/api/auth/me", headers=headers).json()["role"] == "admin"
    assert audit(client, headers) == before  # nothing logged, nothing changed

    # With a second admin, one may demote the other; the one left cannot demote themselves.
    other, other_headers = make_admin(client)
    assert client.patch(f"/api/admin/users/{boss['id']}", json={"role": "student"}, headers=other_headers).status_code == 200
    assert client.get("/api/admin/counts", headers=headers).status_code == 403  # at once: roles are read per request
    last = client.patch(f"/api/admin/users/{other['id']}", json={"is_active": False}, headers=other_headers)
    assert last.status_code == 409 and last.json()["error"]["field"] == "is_active"


def test_bad_values_are_422_naming_the_field_and_change_nothing(client: TestClient) -> None:
    boss, headers = make_admin(client)
    mentor, _, mentee, _, match_id = mentor_with_mentee(client)
    course = client.get("/api/admin/courses", params={"limit": 1}, headers=headers).json()["items"][0]
    before = {path: client.get(path, headers=headers).json() for path in
              ("/api/admin/users", "/api/admin/mentors", "/api/admin/mentorships", "/api/admin/audit")}
    course_before = client.get("/api/admin/courses", params={"limit": 1}, headers=headers).json()

    refusals = [
        (f"/api/admin/users/{mentee['id']}", {"role": "boss"}, 422, "role"),
        (f"/api/admin/users/{mentee['id']}", {"is_active": "maybe"}, 422, "is_active"),
        (f"/api/admin/users/{mentee['id']}", {"role": None}, 422, "role"),
        (f"/api/admin/users/{mentee['id']}", {"password_hash": "x"}, 422, "password_hash"),
        (f"/api/admin/users/{mentee['id']}", {}, 422, None),
        (f"/api/admin/users/{mentor['id']}", {"role": "student"}, 409, "role"),  # has a mentor profile
        (f"/api/admin/users/{uuid.uuid4().hex}", {"is_active": False}, 404, "user_id"),
        (f"/api/admin/mentors/{mentor['id']}", {"capacity": 0}, 422, "capacity"),
        (f"/api/admin/mentors/{mentor['id']}", {"capacity": 21}, 422, "capacity"),
        (f"/api/admin/mentors/{mentor['id']}", {"display_name": "  "}, 422, "display_name"),
        (f"/api/admin/mentors/{mentee['id']}", {"capacity": 3}, 404, "user_id"),
        (f"/api/admin/courses/{course['id']}", {"rating": 6}, 422, "rating"),
        (f"/api/admin/courses/{course['id']}", {"price": -1}, 422, "price"),
        (f"/api/admin/courses/{course['id']}", {"url": "javascript:alert(1)"}, 422, "url"),
        (f"/api/admin/courses/{course['id']}", {"level": "expert"}, 422, "level"),
        (f"/api/admin/courses/{course['id']}", {"title": None}, 422, "title"),
        (f"/api/admin/courses/{course['id']}", {"title": "New", "currency": "dollars"}, 422, "currency"),
        ("/api/admin/courses/999999999", {"title": "New"}, 404, "course_id"),
        (f"/api/admin/mentorships/{match_id}", {"status": "active", "reason": "x"}, 422, "status"),
        (f"/api/admin/mentorships/{match_id}", {"status": "declined"}, 422, "reason"),
        (f"/api/admin/mentorships/{match_id}", {"status": "ended", "reason": "spam"}, 409, "status"),
        ("/api/admin/mentorships/999999", {"status": "ended", "reason": "spam"}, 404, "mentorship_id"),
    ]
    for path, body, status, field in refusals:
        refused = client.patch(path, json=body, headers=headers)
        assert refused.status_code == status and refused.json()["error"]["field"] == field, (path, body, refused.text)
    for params, field in (({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"offset": -1}, "offset"),
                          ({"role": "boss"}, "role"), ({"q": "x" * 201}, "q")):
        refused = client.get("/api/admin/users", params=params, headers=headers)
        assert refused.status_code == 422 and refused.json()["error"]["field"] == field, refused.text
    guest_id = client.post("/api/auth/guest").json()["user"]["id"]
    for body, field in (({"role": "mentor"}, "role"), ({"email_verified": True}, "email_verified")):
        refused = client.patch(f"/api/admin/users/{guest_id}", json=body, headers=headers)
        assert refused.status_code == 409 and refused.json()["error"]["field"] == field

    after = {path: client.get(path, headers=headers).json() for path in before}
    assert after == before
    assert client.get("/api/admin/courses", params={"limit": 1}, headers=headers).json() == course_before


def test_each_edit_is_logged_with_the_admin_and_old_and_new_values(client: TestClient) -> None:
    boss, headers = make_admin(client)
    mentor, mentor_headers, mentee, mentee_headers, match_id = mentor_with_mentee(client)
    student, _ = register(client, "student")

    promoted = client.patch(f"/api/admin/users/{student['id']}", json={"role": "mentor", "email_verified": True},
                            headers=headers)
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["changes"] == {"role": ["student", "mentor"], "email_verified": [False, True]}
    assert promoted.json()["user"]["email_verified"] is True

    paused = client.patch(f"/api/admin/mentors/{mentor['id']}", json={"capacity": 5, "accepting": False,
                                                                       "display_name": " Priya S. "}, headers=headers)
    assert paused.status_code == 200, paused.text
    assert paused.json()["changes"] == {"capacity": [2, 5], "accepting": [True, False],
                                        "display_name": ["Priya", "Priya S."]}
    assert client.get("/api/mentors/me", headers=mentor_headers).json()["capacity"] == 5
    found = client.post("/api/career/mentor-matching", json={"target_role": "marketing manager"},
                        headers=guest_headers(client)).json()["mentors"]
    assert found == []  # paused: no longer matched

    course = client.get("/api/admin/courses", params={"q": "sql", "limit": 1}, headers=headers).json()["items"][0]
    edited = client.patch(f"/api/admin/courses/{course['id']}", json={"title": "SQL from scratch (edited)",
                                                                       "price": 0, "subjects": ["SQL", "databases"]},
                          headers=headers)
    assert edited.status_code == 200, edited.text
    assert edited.json()["course"]["title"] == "SQL from scratch (edited)"
    assert edited.json()["changes"]["title"] == [course["title"], "SQL from scratch (edited)"]
    again = client.get("/api/admin/courses", params={"q": "from scratch (edited)"}, headers=headers).json()["items"]
    assert [c["id"] for c in again] == [course["id"]]

    assert client.post(f"/api/mentorships/{match_id}/accept", headers=mentor_headers).status_code == 200
    ended = client.patch(f"/api/admin/mentorships/{match_id}", json={"status": "ended", "reason": "reported abuse"},
                         headers=headers)
    assert ended.status_code == 200, ended.text
    assert ended.json()["mentorship"]["status"] == "ended" and ended.json()["mentorship"]["allowed_moves"] == []
    assert ended.json()["changes"] == {"status": ["accepted", "ended"], "reason": [None, "reported abuse"]}
    seen = client.get(f"/api/mentorships/{match_id}", headers=mentee_headers).json()
    assert seen["status"] == "ended" and seen["reason"] == "reported abuse" and seen["ended_at"]

    same = client.patch(f"/api/admin/mentors/{mentor['id']}", json={"capacity": 5}, headers=headers)
    assert same.status_code == 200 and same.json()["changes"] == {}  # no change, nothing logged

    log = audit(client, headers, admin=boss["id"])
    assert [(e["action"], e["target_type"]) for e in log] == [
        ("mentorship.update", "mentorship"), ("course.update", "course"), ("mentor.update", "mentor"),
        ("user.update", "user")]
    assert all(e["admin_id"] == boss["id"] and e["admin_email"] == boss["email"] for e in log)
    assert log[0]["target_id"] == str(match_id) and log[0]["changes"]["reason"] == [None, "reported abuse"]
    assert log[2]["changes"]["capacity"] == [2, 5] and log[3]["changes"]["role"] == ["student", "mentor"]
    assert [e["action"] for e in audit(client, headers, target_type="course")] == ["course.update"]
    assert len(audit(client, headers, action="mentor.update")) == 1
    page = client.get("/api/admin/audit", params={"limit": 2}, headers=headers).json()
    assert page["total"] == 5 and [e["id"] for e in page["items"]] == [log[0]["id"], log[1]["id"]]


def test_create_admin_makes_or_promotes_an_account_and_logs_it_as_the_cli(client: TestClient) -> None:
    db = client.app.state.service.db
    made = admin.create_admin(db, CLI, "First@Example.com", "argon2-hash-placeholder")
    assert made["created"] is True and made["user"]["role"] == "admin" and made["user"]["email"] == "first@example.com"
    with_password = admin.create_admin(db, CLI, "first@example.com", None)
    assert with_password["created"] is False and with_password["changes"] == {}
    try:
        admin.create_admin(db, CLI, "new@example.com", None)
        raise AssertionError("an account without a password was made")
    except AdminError as exc:
        assert (exc.status, exc.field) == (422, "password")
    log = admin.list_audit(db, admin="cli")["items"]
    assert [(e["action"], e["admin_id"], e["admin_email"]) for e in log] == [("user.create", None, "cli")]
    assert log[0]["changes"] == {"email": [None, "first@example.com"], "role": [None, "admin"]}
