"""Mentors over HTTP: a user offers mentoring (their profile only, checked), a mentee gets the mentors that fit
with reasons, through the API and in chat; bad input is a 4xx naming the field and changes nothing."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from tests.server.conftest import guest_headers

PROFILE = {"display_name": "Priya", "current_role": "marketing manager", "past_roles": ["software developer"],
           "industries": ["Software"], "skills": ["SQL", "Python", "project management"], "years_experience": 12,
           "languages": ["English"], "timezone": "America/Denver",
           "availability": [{"day": "tue", "start": "18:00", "end": "20:00"}], "capacity": 2}


def account(client: TestClient) -> dict[str, str]:
    response = client.post("/api/auth/register", json={"email": f"{uuid.uuid4().hex[:10]}@example.com",
                                                       "password": "long enough pass"})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_a_mentor_offers_and_a_mentee_is_matched_with_reasons(client: TestClient) -> None:
    mentor = account(client)
    saved = client.put("/api/mentors/me", json=PROFILE, headers=mentor)
    assert saved.status_code == 200, saved.text
    mentor_id = saved.json()["mentor_id"]
    assert saved.json()["roles"][0]["soc_code"] == "11-2021"  # resolved to an occupation when saved
    assert client.get("/api/auth/me", headers=mentor).json()["role"] == "mentor"

    mentee = guest_headers(client)
    found = client.post("/api/career/mentor-matching", json={"target_role": "marketing manager",
                                                             "skills_to_learn": ["SQL", "negotiation"]}, headers=mentee)
    assert found.status_code == 200, found.text
    [match] = found.json()["mentors"]
    assert match["mentor_id"] == mentor_id and 0 < match["score"] <= 1
    assert set(match["components"]) == {"skills", "role", "availability", "industry", "experience", "language",
                                        "style"}
    assert any(r.startswith("Teaches SQL (not negotiation)") for r in match["reasons"])
    assert client.get(f"/api/mentors/{mentor_id}", headers=mentee).json()["display_name"] == "Priya"

    reply = client.post("/api/chat", json={"message": "find me a mentor for moving into marketing management"},
                        headers={**mentee, "Accept": "application/json"}).json()
    # The move is saved to the profile as the target role, then the mentors are found.
    assert [c["name"] for c in reply["tool_calls"]] == ["career_profile", "find_mentor"]
    assert "**Priya**, marketing manager (12 years, Software): match" in reply["reply"]
    found = next(r["data"] for r in reply["tool_results"] if r["name"] == "find_mentor")
    percent = round(found["mentors"][0]["score"] * 100)
    assert f"match {percent}%" in reply["reply"]  # the figure is the tool's


def test_bad_profiles_are_refused_naming_the_field_and_nothing_changes(client: TestClient) -> None:
    mentor = account(client)
    assert client.put("/api/mentors/me", json=PROFILE, headers=mentor).status_code == 200
    for change, field in [({"capacity": 0}, "capacity"),
                          ({"availability": [{"day": "mon", "start": "10:00", "end": "09:00"}]}, "availability.0.end"),
                          ({"availability": [{"day": "mon", "start": "09:00", "end": "11:00"},
                                             {"day": "mon", "start": "10:00", "end": "12:00"}]}, "availability.1"),
                          ({"timezone": "Nowhere/City"}, "timezone"),
                          ({"years_experience": -1}, "years_experience")]:
        refused = client.put("/api/mentors/me", json={**PROFILE, **change}, headers=mentor)
        assert refused.status_code == 422 and refused.json()["error"]["field"] == field, refused.text
    assert client.get("/api/mentors/me", headers=mentor).json()["capacity"] == 2  # unchanged
    assert client.put("/api/mentors/me", json=PROFILE, headers=guest_headers(client)).status_code == 403
    assert client.put("/api/mentors/me", json=PROFILE).status_code == 401
    nothing = client.post("/api/career/mentor-matching", json={}, headers=guest_headers(client))
    assert nothing.status_code == 422 and nothing.json()["error"]["field"] == "target_role"


def test_a_paused_or_deleted_mentor_is_not_matched(client: TestClient) -> None:
    mentor = account(client)
    client.put("/api/mentors/me", json={**PROFILE, "display_name": "Paused", "accepting": False}, headers=mentor)
    mentee = guest_headers(client)
    ask = {"target_role": "marketing manager"}
    names = [m["name"] for m in client.post("/api/career/mentor-matching", json=ask, headers=mentee).json()["mentors"]]
    assert "Paused" not in names
    assert client.delete("/api/mentors/me", headers=mentor).status_code == 204
    assert client.get("/api/mentors/me", headers=mentor).status_code == 404
    assert client.delete("/api/mentors/me", headers=mentor).status_code == 404


def test_the_coach_drafts_and_sends_a_request_in_chat(client: TestClient) -> None:
    mentor = account(client)
    mentor_id = client.put("/api/mentors/me", json=PROFILE, headers=mentor).json()["mentor_id"]
    guest = {**guest_headers(client), "Accept": "application/json"}
    refused = client.post("/api/chat", json={"message": "send the request to Priya"}, headers=guest).json()
    assert "sign up (not as a guest) to ask for a mentorship" in refused["reply"]
    assert client.get("/api/mentorships", headers=guest).json() == []
    mentee = {**account(client), "Accept": "application/json"}
    client.patch("/api/me/profile", json={"target_role": "marketing manager"}, headers=mentee)

    def say(text: str) -> dict:
        return client.post("/api/chat", json={"message": text}, headers=mentee).json()

    drafted = say("help me reach out to Priya")
    assert [c["name"] for c in drafted["tool_calls"]] == ["mentor_request"]
    assert "Here's a draft you can edit:\n\nHi Priya," in drafted["reply"]
    assert 'Say "send the request to Priya" to send it' in drafted["reply"]
    assert client.get("/api/mentorships", headers=mentee).json() == []  # a draft sends nothing

    sent = say("send the request to Priya")
    assert "Request sent to Priya" in sent["reply"], sent["reply"]
    [request] = client.get("/api/mentorships", headers=mentee).json()
    assert request["mentor"]["id"] == mentor_id and request["message"].startswith("Hi Priya,")
    assert "already have a mentorship with Priya" in say("send the request to Priya")["reply"]
    assert "no mentor called 'Zed'" in say("help me reach out to Zed")["reply"]
