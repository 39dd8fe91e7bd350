"""GET/PATCH /api/career/learning-plan on SQLite and PostgreSQL: plans from the caller's latest skills analysis or
from skills given, fitted into hours a week, progress moving the skill's level, ownership and bad input."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi.testclient import TestClient
from sqlmodel import select

from memory.db import session_scope
from memory.models import LearningPlan, SkillAssessment
from tests.server.conftest import guest_headers


def _user_id(client: TestClient, headers: dict[str, str]) -> str:
    return client.get("/api/auth/me", headers=headers).json()["id"]


def _seed_gaps(client: TestClient, user_id: str, target_role: str = "data analyst") -> str:
    analysis_id = uuid.uuid4().hex[:16]
    rows = [("SQL", 1.0, 5.0, 4.5), ("Python", 2.0, 4.0, 3.0), ("Excel", 4.0, 4.0, 4.0)]  # Excel: a strength
    with session_scope(client.app.state.service.db) as session:
        for name, current, target, importance in rows:
            session.add(SkillAssessment(user_id=user_id, skill_name=name, current_level=current, target_level=target,
                                        importance_score=importance, analysis_id=analysis_id, target_role=target_role,
                                        source="resume"))
    return analysis_id


def _error(response, status: int, field: str) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["field"] == field, error
    return error


def test_plan_from_latest_analysis_fits_hours_and_is_returned_again(client: TestClient) -> None:
    headers = guest_headers(client)
    _seed_gaps(client, _user_id(client, headers))
    response = client.get("/api/career/learning-plan", params={"hours_per_week": 4}, headers=headers)
    assert response.status_code == 200, response.text
    plan = response.json()
    assert plan["gaps_from"]["kind"] == "analysis"
    assert [g["skill"] for g in plan["gaps"]] == ["SQL", "Python"]  # by importance × distance; Excel is no gap
    items = plan["items"]
    assert [i["skill"] for i in items][:2] == ["SQL", "SQL"]  # far from target: beginner then intermediate
    assert [i["stage"] for i in items if i["skill"] == "SQL"] == ["beginner", "intermediate"]
    assert items[-1]["skill"] == "Python" and items[-1]["stage"] == "intermediate"
    elapsed = 0.0
    for item in items:  # each target date is where the cumulative hours land at 4 h a week
        elapsed += item["hours"]
        weeks = (date.fromisoformat(item["target_date"]) - date.today()).days / 7
        assert abs(weeks - elapsed / 4) <= 1 / 7 + 1e-9
        assert item["url"] and item["provider"]
    assert plan["schedule"] == {"mode": "standard", "session_minutes": 60, "sessions_per_week": 4}
    again = client.get("/api/career/learning-plan", params={"hours_per_week": 4}, headers=headers).json()
    assert again["plan_id"] == plan["plan_id"]
    other = client.get("/api/career/learning-plan", params={"hours_per_week": 1}, headers=headers).json()
    assert other["plan_id"] != plan["plan_id"] and other["schedule"]["mode"] == "microlearning"
    assert client.get(f"/api/career/learning-plan/{plan['plan_id']}", headers=headers).json() == plan


def test_plan_from_skills_given_free_only(client: TestClient) -> None:
    headers = guest_headers(client)
    response = client.get("/api/career/learning-plan", headers=headers,
                          params={"skills": "Docker, Kubernetes", "hours_per_week": 6, "free_only": True})
    assert response.status_code == 200, response.text
    plan = response.json()
    assert plan["gaps_from"]["kind"] == "skills"
    assert {i["skill"] for i in plan["items"]} == {"Docker", "Kubernetes"}
    assert plan["items"][0]["skill"] == "Docker"  # the order given
    assert all(i["hours_source"] == "budgeted" for i in plan["items"])  # the free catalog states no duration


def test_progress_moves_the_skill_level_and_completes(client: TestClient) -> None:
    headers = guest_headers(client)
    user_id = _user_id(client, headers)
    _seed_gaps(client, user_id)
    plan = client.get("/api/career/learning-plan", params={"hours_per_week": 5}, headers=headers).json()
    first, second = [i for i in plan["items"] if i["skill"] == "SQL"]
    response = client.patch(f"/api/career/learning-plan/items/{first['id']}", json={"progress": 50}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["item"]["status"] == "in_progress" and body["item"]["progress"] == 50
    share = first["hours"] / (first["hours"] + second["hours"])
    assert body["skill_level"]["current_level"] == round(1.0 + 4.0 * share * 0.5, 3)
    done = client.patch(f"/api/career/learning-plan/items/{second['id']}", json={"status": "completed"},
                        headers=headers).json()
    assert done["item"]["progress"] == 100 and done["item"]["completion_date"] == date.today().isoformat()
    with session_scope(client.app.state.service.db) as session:
        sql = session.exec(select(SkillAssessment).where(SkillAssessment.user_id == user_id,
                                                         SkillAssessment.skill_name == "SQL")).one()
        assert sql.current_level == round(1.0 + 4.0 * (share * 0.5 + (1 - share)), 3)


def test_ownership_and_bad_input(client: TestClient) -> None:
    owner, intruder = guest_headers(client), guest_headers(client)
    plan = client.get("/api/career/learning-plan", params={"skills": "SQL"}, headers=owner).json()
    item_id = plan["items"][0]["id"]
    _error(client.get(f"/api/career/learning-plan/{plan['plan_id']}", headers=intruder), 404, "plan_id")
    _error(client.patch(f"/api/career/learning-plan/items/{item_id}", json={"progress": 10}, headers=intruder),
           404, "item_id")
    _error(client.patch("/api/career/learning-plan/items/999999", json={"progress": 10}, headers=owner), 404, "item_id")
    _error(client.get("/api/career/learning-plan", params={"hours_per_week": 0, "skills": "SQL"}, headers=owner),
           422, "hours_per_week")
    _error(client.get("/api/career/learning-plan", params={"hours_per_week": 200, "skills": "SQL"}, headers=owner),
           422, "hours_per_week")
    _error(client.patch(f"/api/career/learning-plan/items/{item_id}", json={"progress": 150}, headers=owner),
           422, "progress")
    _error(client.patch(f"/api/career/learning-plan/items/{item_id}", json={"status": "done"}, headers=owner),
           422, "status")
    _error(client.patch(f"/api/career/learning-plan/items/{item_id}", json={}, headers=owner), 422, None)
    _error(client.get("/api/career/learning-plan", headers=guest_headers(client)), 422, "skills")  # no analysis
    _error(client.get("/api/career/learning-plan", params={"skills": ",".join(f"s{n}" for n in range(11))},
                      headers=owner), 422, "skills")
    _error(client.get("/api/career/learning-plan", params={"skills": "x" * 101}, headers=owner), 422, "skills")
    _error(client.get("/api/career/learning-plan", params={"skills": "Qwertyzzz"}, headers=owner), 404, "skills")
    _error(client.get("/api/career/learning-plan", params={"skills": "SQL"}), 401, "Authorization")
    with session_scope(client.app.state.service.db) as session:  # the refused updates changed nothing
        row = session.exec(select(LearningPlan).where(LearningPlan.id == item_id)).one()
        assert row.progress == 0 and row.status == "planned"


def test_latest_plan_is_the_newest_stored_one_and_never_made(client: TestClient) -> None:
    owner = guest_headers(client)
    error = _error(client.get("/api/career/learning-plan/latest", headers=owner), 404, None)
    assert error["code"] == "no_plan" and "no learning plan yet" in error["message"]
    _seed_gaps(client, _user_id(client, owner))
    with session_scope(client.app.state.service.db) as session:
        assert session.exec(select(LearningPlan).where(LearningPlan.user_id == _user_id(client, owner))).all() == []

    older = client.get("/api/career/learning-plan", params={"hours_per_week": 4}, headers=owner).json()
    newer = client.get("/api/career/learning-plan", params={"hours_per_week": 1}, headers=owner).json()
    assert newer["plan_id"] != older["plan_id"]
    item_id = newer["items"][0]["id"]
    client.patch(f"/api/career/learning-plan/items/{item_id}", json={"progress": 40}, headers=owner)

    latest = client.get("/api/career/learning-plan/latest", headers=owner)
    assert latest.status_code == 200, latest.text
    body = latest.json()
    assert body["plan_id"] == newer["plan_id"] and body["hours_per_week"] == 1
    assert body["items"][0]["progress"] == 40 and body["items"][0]["status"] == "in_progress"
    with session_scope(client.app.state.service.db) as session:  # reading made no plan
        plan_ids = {r.plan_id for r in session.exec(select(LearningPlan).where(
            LearningPlan.user_id == _user_id(client, owner))).all()}
    assert plan_ids == {older["plan_id"], newer["plan_id"]}

    _error(client.get("/api/career/learning-plan/latest", headers=guest_headers(client)), 404, None)  # theirs only
    _error(client.get("/api/career/learning-plan/latest"), 401, "Authorization")
