"""The goal endpoints on SQLite and PostgreSQL: create with milestones, progress from milestones, overdue
milestones, change, delete, the calendar export, ownership, and bad input refused with nothing changed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.server.conftest import guest_headers
from tests.tools.goals.ics_reader import read_calendar

URL = "/api/career/goal-tracking"
NEXT_YEAR = date.today() + timedelta(days=365)


def pm_goal(**overrides) -> dict:
    goal = {"description": "Become a product manager", "goal_type": "role_change", "target_date": str(NEXT_YEAR),
            "milestones": [{"title": "Finish the SQL course", "target_date": str(date.today() + timedelta(days=30))},
                           {"title": "Lead a feature launch", "target_date": str(NEXT_YEAR)},
                           {"title": "Talk to three PMs"}]}
    return {**goal, **overrides}


def test_create_report_progress_list_change_delete(client: TestClient) -> None:
    headers = guest_headers(client)
    created = client.post(URL, json=pm_goal(), headers=headers)
    assert created.status_code == 201, created.text
    goal = created.json()
    assert goal["progress_percentage"] == 0 and goal["status"] == "active"
    assert [m["id"] for m in goal["milestones"]] == [1, 2, 3] and goal["overdue_milestones"] == []

    progress = client.post(URL, json={"goal_id": goal["id"], "milestone": "SQL course"}, headers=headers)
    assert progress.status_code == 200, progress.text
    assert progress.json()["progress_percentage"] == 33.3 and progress.json()["milestones"][0]["done"] is True

    assert [g["id"] for g in client.get("/api/career/goals", headers=headers).json()] == [goal["id"]]
    patched = client.patch(f"/api/career/goals/{goal['id']}", headers=headers, json={
        "description": "Become a senior product manager",
        "milestones": [{"title": "Finish the SQL course", "done": True}, {"title": "Ship a product", "done": True}]})
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert body["progress_percentage"] == 100 and body["status"] == "completed"
    assert body["milestones"][0]["id"] == 1 and body["milestones"][1]["id"] == 4  # a kept title keeps its id

    assert client.delete(f"/api/career/goals/{goal['id']}", headers=headers).status_code == 204
    assert client.get("/api/career/goals", headers=headers).json() == []


def test_a_goal_without_milestones_takes_progress_by_hand(client: TestClient) -> None:
    headers = guest_headers(client)
    goal = client.post(URL, json={"description": "Save an emergency fund"}, headers=headers).json()
    response = client.post(URL, json={"goal_id": goal["id"], "progress_percentage": 40}, headers=headers)
    assert response.json()["progress_percentage"] == 40
    assert client.patch(f"/api/career/goals/{goal['id']}", json={"progress_percentage": 60},
                        headers=headers).json()["progress_percentage"] == 60


def test_overdue_milestones_are_surfaced(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    headers = guest_headers(client)
    goal = client.post(URL, json=pm_goal(), headers=headers).json()
    import tools.goals.store as store

    later = date.today() + timedelta(days=40)  # the SQL course milestone (30 days out) is now late
    monkeypatch.setattr(store, "date", type("Later", (date,), {"today": staticmethod(lambda: later)}))
    listed = client.get("/api/career/goals", headers=headers).json()[0]
    assert [m["title"] for m in listed["overdue_milestones"]] == ["Finish the SQL course"]
    assert listed["overdue"] is False and listed["id"] == goal["id"]


@pytest.mark.parametrize(("body", "field"), [
    (pm_goal(target_date=str(date.today() - timedelta(days=1))), "target_date"),
    (pm_goal(milestones=[{"title": "x", "target_date": str(NEXT_YEAR + timedelta(days=1))}]), "milestones.0.target_date"),
    (pm_goal(progress_percentage=150), "progress_percentage"),
    (pm_goal(milestones=[{"title": "  "}]), "milestones.0.title"),
    ({"goal_type": "career"}, "description"),
    (pm_goal(colour="red"), "colour"),
])
def test_bad_new_goals_are_refused(client: TestClient, body: dict, field: str) -> None:
    headers = guest_headers(client)
    response = client.post(URL, json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == field
    assert client.get("/api/career/goals", headers=headers).json() == []


def test_bad_changes_change_nothing(client: TestClient) -> None:
    headers = guest_headers(client)
    goal = client.post(URL, json=pm_goal(), headers=headers).json()
    path = f"/api/career/goals/{goal['id']}"
    for body, field in [({"progress_percentage": 150}, "progress_percentage"),
                        ({"progress_percentage": 50}, "progress_percentage"),  # it has milestones
                        ({"target_date": str(date.today() + timedelta(days=10))}, "milestones.0.target_date"),
                        ({"status": "paused"}, "status")]:
        response = client.patch(path, json=body, headers=headers)
        assert response.status_code == 422 and response.json()["error"]["field"] == field, response.text
    bad_progress = client.post(URL, json={"goal_id": goal["id"], "milestone": "learn Rust"}, headers=headers)
    assert bad_progress.status_code == 422 and bad_progress.json()["error"]["field"] == "milestone"
    assert client.get(path, headers=headers).json() == goal


def test_another_users_goal_is_not_found(client: TestClient) -> None:
    mine = client.post(URL, json=pm_goal(), headers=guest_headers(client)).json()
    other = guest_headers(client)
    path = f"/api/career/goals/{mine['id']}"
    for response in (client.get(path, headers=other), client.patch(path, json={"description": "x"}, headers=other),
                     client.delete(path, headers=other),
                     client.post(URL, json={"goal_id": mine["id"], "milestone": 1}, headers=other),
                     client.get("/api/career/goals/999999", headers=other)):
        assert response.status_code == 404 and response.json()["error"]["code"] == "goal_not_found", response.text
    assert client.get("/api/career/goals", headers=other).json() == []
    assert client.get(URL.replace("goal-tracking", "goals")).status_code == 401


def test_the_calendar_export_parses_back(client: TestClient) -> None:
    headers = guest_headers(client)
    long_title = "Finish the advanced SQL course; window functions, CTEs, and query plans — with exercises"
    goal = client.post(URL, json=pm_goal(milestones=[{"title": long_title, "target_date": str(NEXT_YEAR)}]),
                       headers=headers).json()
    response = client.get("/api/career/goals.ics", headers=headers)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    calendar = read_calendar(response.content)
    events = {event["UID"]: event for event in calendar["events"]}
    milestone = events[f"goal-{goal['id']}-milestone-1@smartjobfit-coach"]
    assert milestone["SUMMARY"] == f"Milestone: {long_title}"
    assert milestone["DTSTART;VALUE=DATE"] == NEXT_YEAR.strftime("%Y%m%d")
    assert events[f"goal-{goal['id']}@smartjobfit-coach"]["SUMMARY"] == "Goal: Become a product manager"
    icalendar = pytest.importorskip("icalendar")
    parsed = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
    assert str(parsed[f"goal-{goal['id']}-milestone-1@smartjobfit-coach"]["SUMMARY"]) == f"Milestone: {long_title}"
