"""The negotiation role-play over HTTP: start, turns, debrief, ownership, bad input, and a restart."""

from __future__ import annotations

from fastapi.testclient import TestClient

from agent.settings import Settings
from server.app import create_app
from tests.server.conftest import guest_headers

START = {"title": "registered nurse", "location": "Denver", "offer": 92000, "persona": "warm",
         "company_type": "mid_size", "seed": 3}


def start(client: TestClient, headers: dict, **overrides) -> dict:
    response = client.post("/api/salary/simulation", json={**START, **overrides}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def turn(client: TestClient, headers: dict, session_id: str, message: str):
    return client.post(f"/api/salary/simulation/{session_id}/turn", json={"message": message}, headers=headers)


def test_a_whole_negotiation_and_its_debrief(client: TestClient) -> None:
    headers = guest_headers(client)
    opening = start(client, headers)
    assert opening["finished"] is False and opening["round"] == 0
    assert opening["recruiter"]["offer"]["base"] == 92000 and "$92,000" in opening["recruiter"]["message"]
    assert "mandate" not in opening and "mandate" not in opening["scenario"]
    counter = turn(client, headers, opening["id"], "The BLS median for nurses in Denver is $101,130, so I'd like $100,000.")
    assert counter.status_code == 200
    body = counter.json()
    assert body["round"] == 1 and body["recruiter"]["offer"]["base"] >= 92000
    closed = turn(client, headers, opening["id"], "I accept.").json()
    assert closed["finished"] is True and closed["recruiter"]["move"] == "closed_deal"

    debrief = client.get(f"/api/salary/simulation/{opening['id']}/debrief", headers=headers)
    assert debrief.status_code == 200
    result = debrief.json()
    assert result["mandate"]["base_max"] >= closed["recruiter"]["offer"]["base"]
    assert result["outcome"]["agreed"] == closed["recruiter"]["offer"]
    assert 0 <= result["performance_score"] <= 100 and len(result["strengths"]) == 3
    assert client.get(f"/api/salary/simulation/{opening['id']}/debrief", headers=headers).json() == result

    listed = client.get("/api/salary/simulations", headers=headers).json()
    assert [s["id"] for s in listed] == [opening["id"]] and listed[0]["performance_score"] == result["performance_score"]
    transcript = client.get(f"/api/salary/simulation/{opening['id']}", headers=headers).json()
    assert [line["role"] for line in transcript["transcript"]] == ["recruiter", "user", "recruiter", "user", "recruiter"]


def test_the_debrief_ends_a_session_under_way_and_tracks_progress(client: TestClient) -> None:
    headers = guest_headers(client)
    first = start(client, headers)
    early = client.get(f"/api/salary/simulation/{first['id']}/debrief", headers=headers).json()
    assert early["outcome"]["result"] == "ended_early"
    assert turn(client, headers, first["id"], "Hello?").status_code == 409
    second = start(client, headers)
    turn(client, headers, second["id"], "The market median is $101,130; what flexibility is there? I'd like $99,000.")
    turn(client, headers, second["id"], "I accept.")
    later = client.get(f"/api/salary/simulation/{second['id']}/debrief", headers=headers).json()
    assert later["progress"]["previous_scores"] == [early["performance_score"]]
    assert later["progress"]["change"] == later["performance_score"] - early["performance_score"]


def test_a_session_is_its_owners_alone(client: TestClient) -> None:
    alice, bob = guest_headers(client), guest_headers(client)
    session = start(client, alice)
    for response in (turn(client, bob, session["id"], "I accept."),
                     client.get(f"/api/salary/simulation/{session['id']}/debrief", headers=bob),
                     client.get(f"/api/salary/simulation/{session['id']}", headers=bob)):
        assert response.status_code == 404 and response.json()["error"]["code"] == "session_not_found"
    assert client.get("/api/salary/simulations", headers=bob).json() == []
    assert turn(client, alice, session["id"], "What flexibility is there?").status_code == 200
    assert client.post("/api/salary/simulation", json=START).status_code == 401


def test_bad_input_is_refused_naming_the_field_and_nothing_changes(client: TestClient) -> None:
    headers = guest_headers(client)
    for body, field, status in (({"title": ""}, "title", 422), ({"persona": "grumpy"}, "persona", 422),
                                ({"offer": -5}, "offer.base", 422), ({"company_type": "cartel"}, "company_type", 422),
                                ({"surprise": 1}, "surprise", 422), ({"title": "zzqx"}, "title", 404)):
        response = client.post("/api/salary/simulation", json={**START, **body}, headers=headers)
        assert response.status_code == status, (body, response.text)
        assert response.json()["error"]["field"] == field
    assert client.get("/api/salary/simulations", headers=headers).json() == []
    session = start(client, headers)
    assert turn(client, headers, session["id"], "   ").status_code == 422
    too_long = turn(client, headers, session["id"], "x" * 2001)
    assert too_long.status_code == 413 and too_long.json()["error"]["field"] == "message"
    transcript = client.get(f"/api/salary/simulation/{session['id']}", headers=headers).json()
    assert transcript["round"] == 0 and len(transcript["transcript"]) == 1


def test_a_restart_keeps_the_negotiation(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        headers = guest_headers(client)
        session = start(client, headers)
        first = turn(client, headers, session["id"], "The market median is $101,130, so I'd like $100,000.").json()
    with TestClient(create_app(settings)) as client:  # a new process, the same database
        second = turn(client, headers, session["id"], "What flexibility is there?").json()
        assert second["round"] == 2 and second["recruiter"]["offer"] == first["recruiter"]["offer"]
