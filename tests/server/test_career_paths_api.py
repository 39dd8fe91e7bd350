"""GET /api/career/roadmap and /api/career/industry-trends on SQLite and PostgreSQL, including bad input."""

from __future__ import annotations

from sqlmodel import Session, func, select

from memory.models import IndustryInsight
from tests.server.conftest import guest_headers
from tools.salary.market import market_data


def test_roadmap_needs_a_token(client):
    response = client.get("/api/career/roadmap", params={"current": "nurse", "target": "nurse practitioner"})
    assert response.status_code == 401


def test_roadmap_from_the_query(client):
    response = client.get("/api/career/roadmap", headers=guest_headers(client),
                          params={"current": "registered nurse", "target": "nurse practitioner", "location": "Denver"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [s["name"] for s in body["scenarios"]] == ["direct", "bridge", "education"]
    wages = body["scenarios"][0]["steps"][0]["wage_change"]
    assert wages["target"]["annual_median"] == market_data("nurse practitioner", "Denver").annual.median
    assert {s["name"] for s in body["sources"]} >= {"BLS OEWS", "BLS Employment Projections"}


def test_roadmap_defaults_from_the_saved_profile(client):
    headers = guest_headers(client)
    saved = client.patch("/api/me/profile", headers=headers,
                         json={"current_role": "teacher", "target_role": "instructional designer", "location": "Austin, TX"})
    assert saved.status_code == 200, saved.text
    body = client.get("/api/career/roadmap", headers=headers).json()
    assert body["target"]["soc_code"] == "25-9031" and body["location"] == "Austin-Round Rock-San Marcos, TX"


def test_roadmap_bad_input(client):
    headers = guest_headers(client)
    missing = client.get("/api/career/roadmap", headers=headers)
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "current"
    no_target = client.get("/api/career/roadmap", headers=headers, params={"current": "nurse"})
    assert no_target.status_code == 422 and no_target.json()["error"]["field"] == "target"
    unknown = client.get("/api/career/roadmap", headers=headers, params={"current": "nurse", "target": "qwzxv plorkt"})
    assert unknown.status_code == 404
    assert unknown.json()["error"]["field"] == "target" and "suggestions" in unknown.json()["error"]
    place = client.get("/api/career/roadmap", headers=headers,
                       params={"current": "nurse", "target": "nurse practitioner", "location": "Qwzxvville Plork"})
    assert place.status_code == 404 and place.json()["error"]["field"] == "location"
    too_long = client.get("/api/career/roadmap", headers=headers, params={"current": "x" * 201, "target": "nurse"})
    assert too_long.status_code == 422 and too_long.json()["error"]["field"] == "current"
    same = client.get("/api/career/roadmap", headers=headers, params={"current": "nurse", "target": "RN"})
    assert same.status_code == 200 and same.json()["scenarios"] == [] and "same occupation" in same.json()["message"]


def test_industry_trends_are_stored_once(client):
    params = {"industry": "hospitals", "occupation": "registered nurse"}
    first = client.get("/api/career/industry-trends", params=params)
    assert first.status_code == 200, first.text
    body = first.json()
    kinds = {row["trend_type"]: row for row in body["insights"]}
    assert kinds["employment_outlook"]["time_horizon"] == "2024–34" and kinds["employment_outlook"]["soc_code"] == "29-1141"
    assert kinds["wage_level"]["industry"] == "Hospitals" and kinds["wage_level"]["source"]["name"] == "BLS OEWS"
    again = client.get("/api/career/industry-trends", params=params).json()
    assert [r["id"] for r in again["insights"]] == [r["id"] for r in body["insights"]]
    with Session(client.app.state.service.db) as session:
        assert session.exec(select(func.count()).select_from(IndustryInsight)).one() == len(body["insights"])


def test_industry_trends_bad_input(client):
    missing = client.get("/api/career/industry-trends")
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "industry"
    industry = client.get("/api/career/industry-trends", params={"industry": "qwzxv plorkt"})
    assert industry.status_code == 422 and industry.json()["error"]["field"] == "industry"
    occupation = client.get("/api/career/industry-trends", params={"occupation": "qwzxv plorkt"})
    assert occupation.status_code == 404 and occupation.json()["error"]["field"] == "occupation"
    with Session(client.app.state.service.db) as session:
        assert session.exec(select(func.count()).select_from(IndustryInsight)).one() == 0
