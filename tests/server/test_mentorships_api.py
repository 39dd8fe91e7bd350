"""Mentorships over HTTP: request with a drafted message, the mentor's answer within capacity, times from both
availabilities across timezones, sessions with an .ics invite and feed, check-ins feeding the health, messages;
only the pair sees a mentorship, and refused changes change nothing."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlmodel import Session

from memory.migrate import upgrade
from memory.models import MentorshipSession, User
from server.app import create_app
from tests.conftest import make_settings
from tests.server.conftest import guest_headers
from tests.server.mailbox import smtp_overrides

PROFILE = {"display_name": "Priya Shah", "current_role": "marketing manager", "industries": ["Software"],
           "skills": ["SQL", "market research"], "years_experience": 12, "languages": ["English"],
           "timezone": "America/Denver", "availability": [{"day": "tue", "start": "18:00", "end": "20:00"},
                                                          {"day": "sat", "start": "09:00", "end": "10:00"}],
           "capacity": 1}
REQUEST = {"message": "I'd love help moving into marketing.", "goals": ["a portfolio by March"],
           "timezone": "Europe/Berlin", "availability": [{"day": "wed", "start": "01:00", "end": "04:00"}]}


def account(client: TestClient) -> dict[str, str]:
    response = client.post("/api/auth/register", json={"email": f"{uuid.uuid4().hex[:10]}@example.com",
                                                       "password": "long enough pass"})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def mentor(client: TestClient, **changes: object) -> tuple[dict[str, str], str]:
    headers = account(client)
    saved = client.put("/api/mentors/me", json={**PROFILE, **changes}, headers=headers)
    assert saved.status_code == 200, saved.text
    return headers, saved.json()["mentor_id"]


def test_request_answer_schedule_check_in_and_message(client: TestClient) -> None:
    her, mentor_id = mentor(client)
    guest = guest_headers(client)
    refused = client.post("/api/mentorships", json={**REQUEST, "mentor_id": mentor_id}, headers=guest)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"  # sign up first
    me = account(client)
    client.patch("/api/me/profile", json={"target_role": "marketing manager"}, headers=me)
    drafted = client.get("/api/mentorships/draft", params={"mentor_id": mentor_id}, headers=me).json()
    assert drafted["message"].startswith("Hi Priya,") and "marketing managers" in drafted["message"]

    made = client.post("/api/mentorships", json={**REQUEST, "mentor_id": mentor_id}, headers=me)
    assert made.status_code == 201, made.text
    match = made.json()
    assert (match["status"], match["you_are"], match["mentor"]["name"]) == ("requested", "mentee", "Priya Shah")
    again = client.post("/api/mentorships", json={**REQUEST, "mentor_id": mentor_id}, headers=me)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_requested"

    stranger, _ = mentor(client)  # another mentor: another pair's mentorship is not found
    assert client.get(f"/api/mentorships/{match['id']}", headers=stranger).status_code == 404
    assert client.post(f"/api/mentorships/{match['id']}/accept", headers=stranger).status_code == 404
    assert client.post(f"/api/mentorships/{match['id']}/accept", headers=me).status_code == 403  # not a mentor
    assert client.get(f"/api/mentorships/{match['id']}", headers=me).json()["status"] == "requested"

    assert match["their_email"] is None  # not before the mentor says yes
    accepted = client.post(f"/api/mentorships/{match['id']}/accept", headers=her)
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    mine, hers = (client.get("/api/auth/me", headers=h).json()["email"] for h in (me, her))
    assert accepted.json()["their_email"] == mine
    assert client.get(f"/api/mentorships/{match['id']}", headers=me).json()["their_email"] == hers
    assert client.post(f"/api/mentorships/{match['id']}/decline", headers=her).status_code == 409
    # Her one place is taken: no one else can ask.
    other = account(client)
    full = client.post("/api/mentorships", json={**REQUEST, "mentor_id": mentor_id}, headers=other)
    assert full.status_code == 409 and full.json()["error"]["code"] == "mentor_full"

    # Tue 18:00-20:00 in Denver is Wed 01:00-03:00 UTC, Wed 02:00-04:00 in Berlin: one hour in common.
    times = client.get(f"/api/mentorships/{match['id']}/times", headers=me).json()
    assert times and all(t["mentor_local"].startswith("Tue") and t["mentee_local"].startswith("Wed") for t in times)
    first = datetime.fromisoformat(times[0]["starts_at"])
    assert (first.hour, first.minute) == (1, 0) and first.tzinfo is not None

    past = client.post(f"/api/mentorships/{match['id']}/sessions", json={"starts_at": "2020-01-01T10:00:00+00:00"},
                       headers=me)
    assert past.status_code == 422 and past.json()["error"]["field"] == "starts_at"
    booked = client.post(f"/api/mentorships/{match['id']}/sessions", json={"starts_at": times[0]["starts_at"]},
                         headers=me)
    assert booked.status_code == 201, booked.text
    assert client.get(f"/api/mentorships/{match['id']}", headers=her).json()["status"] == "active"

    invite = client.get(f"/api/mentorships/{match['id']}/invite.ics", headers=me)
    assert invite.headers["content-type"].startswith("text/calendar")
    [event] = Calendar.from_ical(invite.content).walk("VEVENT")
    assert event.decoded("DTSTART") == first and str(event["SUMMARY"]) == "Mentorship session with Priya Shah"
    assert len(Calendar.from_ical(client.get("/api/mentorships/calendar.ics", headers=her).content)
               .walk("VEVENT")) == 1

    early = client.post(f"/api/mentorships/{match['id']}/sessions/{booked.json()['id']}/check-in",
                        json={"happened": True, "rating": 5}, headers=me)
    assert early.status_code == 422  # not before the session
    with Session(client.app.state.service.db) as session:  # the session in the past, as a week later
        row = session.get(MentorshipSession, booked.json()["id"])
        row.starts_at = datetime.now(timezone.utc) - timedelta(days=1)
        session.add(row)
        session.commit()
    checked = client.post(f"/api/mentorships/{match['id']}/sessions/{booked.json()['id']}/check-in",
                          json={"happened": True, "rating": 4, "notes": "portfolio review"}, headers=me)
    assert checked.status_code == 200, checked.text
    assert checked.json()["health"]["sessions_held"] == 1 and checked.json()["health"]["average_rating"] == 4

    assert client.post(f"/api/mentorships/{match['id']}/messages", json={"text": "Thanks!"}, headers=me).status_code \
        == 201
    assert client.post(f"/api/mentorships/{match['id']}/messages", json={"text": "  "}, headers=her).status_code == 422
    assert [m["from"] for m in client.get(f"/api/mentorships/{match['id']}/messages", headers=her).json()] == ["them"]
    assert client.get(f"/api/mentorships/{match['id']}/messages", headers=stranger).status_code == 404

    ended = client.post(f"/api/mentorships/{match['id']}/end", json={"reason": "reached the goal"}, headers=her)
    assert ended.json()["status"] == "ended" and ended.json()["ended_at"]
    assert client.post("/api/mentorships", json={**REQUEST, "mentor_id": mentor_id}, headers=other).status_code \
        == 201  # the place is free again


def test_requests_that_cannot_be_made(client: TestClient) -> None:
    _, paused = mentor(client, accepting=False)
    me = account(client)
    for body, status_code, code in [({**REQUEST, "mentor_id": paused}, 409, "mentor_not_accepting"),
                                    ({**REQUEST, "mentor_id": "nobody"}, 404, "mentor_not_found"),
                                    ({**REQUEST, "mentor_id": paused, "timezone": "Nowhere/Town"}, 422, None),
                                    ({**REQUEST, "mentor_id": paused, "message": ""}, 422, None)]:
        refused = client.post("/api/mentorships", json=body, headers=me)
        assert refused.status_code == status_code, refused.text
        if code:
            assert refused.json()["error"]["code"] == code
    assert client.get("/api/mentorships", headers=me).json() == []
    her, mentor_id = mentor(client)
    made = client.post("/api/mentorships", json={**REQUEST, "mentor_id": mentor_id}, headers=me).json()
    declined = client.post(f"/api/mentorships/{made['id']}/decline", json={"reason": "no room"}, headers=her)
    assert declined.json()["status"] == "declined" and declined.json()["reason"] == "no room"
    assert client.post(f"/api/mentorships/{made['id']}/sessions", json={"starts_at": "2030-01-01T10:00:00+00:00"},
                       headers=me).status_code == 409


def test_session_invites_are_emailed_to_verified_addresses(tmp_path, database_url, mailbox) -> None:
    settings = make_settings(tmp_path, database_url, **smtp_overrides(mailbox))
    upgrade(settings.sqlalchemy_url)
    with TestClient(create_app(settings)) as client:
        people = {}
        for name in ("priya", "sam"):
            email = f"{name}-{uuid.uuid4().hex[:6]}@example.com"
            token = client.post("/api/auth/register", json={"email": email, "password": "long enough pass"}).json()
            people[name] = (email, {"Authorization": f"Bearer {token['token']}"})
        her, me = people["priya"][1], people["sam"][1]
        mentor_id = client.put("/api/mentors/me", json=PROFILE, headers=her).json()["mentor_id"]
        match = client.post("/api/mentorships", json={**REQUEST, "mentor_id": mentor_id}, headers=me).json()
        client.post(f"/api/mentorships/{match['id']}/accept", headers=her)
        starts = client.get(f"/api/mentorships/{match['id']}/times", headers=me).json()[0]["starts_at"]

        unverified = client.post(f"/api/mentorships/{match['id']}/sessions", json={"starts_at": starts}, headers=me)
        assert unverified.status_code == 201 and unverified.json()["invited"] == []  # only the confirmation mails
        for email, _ in people.values():
            _, token = mailbox.last_link(email)
            assert client.post("/api/auth/verify-email", json={"token": token}).status_code == 200
        booked = client.post(f"/api/mentorships/{match['id']}/sessions", json={"starts_at": starts}, headers=her)
        assert sorted(booked.json()["invited"]) == sorted(email for email, _ in people.values())
        for email, other in ((people["sam"][0], "Priya Shah"), (people["priya"][0], "your mentee")):
            mail = mailbox.to(email, count=2)[-1]  # the invite, after the confirmation e-mail
            assert mail["Subject"].startswith(f"Mentorship session with {other}")
            [invite] = [part for part in mail.iter_attachments() if part.get_content_type() == "text/calendar"]
            assert invite.get_filename() == f"mentorship-{match['id']}.ics"
            events = Calendar.from_ical(invite.get_content()).walk("VEVENT")
            assert len(events) == 2 and datetime.fromisoformat(starts) in [e.decoded("DTSTART") for e in events]


def test_a_deactivated_mentor_is_not_matched_and_cannot_be_asked(client: TestClient) -> None:
    _, mentor_id = mentor(client)
    me = account(client)
    found = client.post("/api/career/mentor-matching", json={"target_role": "marketing manager"}, headers=me).json()
    assert mentor_id in [m["mentor_id"] for m in found["mentors"]]
    with Session(client.app.state.service.db) as session:
        user = session.get(User, mentor_id)
        user.is_active = False
        session.add(user)
        session.commit()
    found = client.post("/api/career/mentor-matching", json={"target_role": "marketing manager"}, headers=me).json()
    assert mentor_id not in [m["mentor_id"] for m in found["mentors"]]
    refused = client.post("/api/mentorships", json={**REQUEST, "mentor_id": mentor_id}, headers=me)
    assert refused.status_code == 409 and refused.json()["error"] == {
        "code": "mentor_deactivated", "field": "mentor_id", "message": refused.json()["error"]["message"]}
    assert client.get("/api/mentorships", headers=me).json() == []
