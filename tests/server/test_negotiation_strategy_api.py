"""POST /api/salary/negotiation-strategy and the stored plans, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from memory.models import UserNegotiation
from tests.server.conftest import guest_headers

URL = "/api/salary/negotiation-strategy"
LIST = "/api/salary/negotiation-strategies"
NURSE = {"title": "registered nurse", "location": "Denver", "years_experience": 6,
         "offer": {"base": 92000, "signing_bonus": 0, "remote_days_per_week": 2}, "priorities": ["pto", "remote"]}


def stored_rows(client: TestClient) -> list[UserNegotiation]:
    with Session(client.app.state.service.db) as session:
        return list(session.exec(select(UserNegotiation)).all())


def test_a_plan_is_answered_stored_and_listed(client: TestClient) -> None:
    headers = guest_headers(client)
    response = client.post(URL, json=NURSE, headers=headers)
    assert response.status_code == 201, response.text
    plan = response.json()
    assert isinstance(plan["id"], int) and plan["negotiation_status"] == "planning"
    assert plan["occupation"]["soc_code"] == "29-1141" and plan["area"]["name"] == "Denver-Aurora-Centennial, CO"
    assert plan["anchor"]["amount"] >= plan["target"]["amount"] >= plan["walk_away"]["amount"]
    assert plan["source"]["name"] == "BLS OEWS" and plan["source"]["release"] == "May 2025"
    assert plan["scripts"]["email"] and plan["scripts"]["phone"] and plan["do_not"] and plan["ethics"]
    assert {law["citation"] for law in plan["pay_laws"]["laws"]} == {"C.R.S. § 8-5-102", "C.R.S. § 8-5-201"}
    assert [a["term"] for a in plan["non_base_asks"]][:2] == ["pto", "remote"]

    row = next(r for r in stored_rows(client) if r.id == plan["id"])
    assert row.position == "registered nurse" and row.location == "Denver" and row.negotiation_status == "planning"
    assert row.current_offer["base"] == 92000 and row.target_salary == plan["target"]["amount"]
    assert row.strategy["anchor"] == plan["anchor"]

    second = client.post(URL, json={**NURSE, "offer": {"base": 98000}}, headers=headers).json()
    listed = client.get(LIST, headers=headers).json()
    assert [item["id"] for item in listed] == [second["id"], plan["id"]]  # newest first
    assert listed[1] == {**listed[1], "position": "registered nurse", "offer_base": 92000,
                         "target_salary": plan["target"]["amount"], "negotiation_status": "planning"}
    detail = client.get(f"{LIST}/{plan['id']}", headers=headers)
    assert detail.status_code == 200 and detail.json() == plan


@pytest.mark.parametrize(("change", "field"), [
    ({"offer": {"base": -5000}}, "offer.base"),
    ({"offer": {"base": 0}}, "offer.base"),
    ({"offer": {"base": 92000, "bonus_target_percent": 500}}, "offer.bonus_target_percent"),
    ({"offer": {"base": 92000, "remote_days_per_week": 6}}, "offer.remote_days_per_week"),
    ({"offer": {"base": 92000, "perks": "free lunch"}}, "offer.perks"),
    ({"salary_wish": 120000}, "salary_wish"),
    ({"title": None}, "title"),
    ({"title": "   "}, "title"),
    ({"years_experience": -1}, "years_experience"),
    ({"competing_offer": {"base": -1}}, "competing_offer.base"),
    ({"current_pay": -80000}, "current_pay"),
    ({"priorities": ["free snacks"]}, "priorities"),
    ({"industry": "underwater basket weaving"}, "industry"),
])
def test_bad_input_is_a_422_naming_the_field_and_stores_nothing(client: TestClient, change: dict, field: str) -> None:
    body = {key: value for key, value in {**NURSE, **change}.items() if value is not None}
    headers = guest_headers(client)
    response = client.post(URL, json=body, headers=headers)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["field"] == field and error["message"] and error["code"]
    assert client.get(LIST, headers=headers).json() == [] and stored_rows(client) == []


def test_a_missing_title_is_named(client: TestClient) -> None:
    body = {key: value for key, value in NURSE.items() if key != "title"}
    response = client.post(URL, json=body, headers=guest_headers(client))
    assert response.status_code == 422
    assert response.json()["error"] == {**response.json()["error"], "field": "title", "message": "title is required"}


@pytest.mark.parametrize(("change", "field"), [({"title": "asdfghjkl qwerty"}, "title"),
                                               ({"location": "Atlantis"}, "location")])
def test_an_unknown_title_or_place_is_a_404_with_suggestions(client: TestClient, change: dict, field: str) -> None:
    response = client.post(URL, json={**NURSE, **change}, headers=guest_headers(client))
    assert response.status_code == 404, response.text
    error = response.json()["error"]
    assert error["field"] == field and isinstance(error["suggestions"], list) and error["code"] == "no_match"
    assert stored_rows(client) == []


def test_plans_belong_to_their_user(client: TestClient) -> None:
    owner, other = guest_headers(client), guest_headers(client)
    plan = client.post(URL, json=NURSE, headers=owner).json()
    assert client.get(LIST, headers=other).json() == []
    theirs = client.get(f"{LIST}/{plan['id']}", headers=other)
    unknown = client.get(f"{LIST}/{plan['id'] + 1000}", headers=other)
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json()["error"]["code"] == unknown.json()["error"]["code"] == "strategy_not_found"
    assert theirs.json()["error"]["field"] == "strategy_id"


def test_a_token_is_required(client: TestClient) -> None:
    for response in (client.post(URL, json=NURSE), client.get(LIST), client.get(f"{LIST}/1"),
                     client.post(URL, json=NURSE, headers={"Authorization": "Bearer forged"})):
        assert response.status_code == 401, response.text
        assert response.json()["error"]["field"] == "Authorization"
    assert stored_rows(client) == []


def test_chat_plans_a_negotiation_with_the_tool_and_quotes_only_its_numbers(client: TestClient) -> None:
    headers = guest_headers(client)
    body = client.post("/api/chat", json={"message": "I got an offer of $92,000 as a registered nurse in Denver, "
                                                     "how should I negotiate?"}, headers=headers).json()
    call = next(c for c in body["tool_calls"] if c["name"] == "negotiation_strategy")
    assert call["args"] == {**call["args"], "title": "registered nurse", "offer_base": 92000, "location": "Denver"}
    plan = next(r["data"] for r in body["tool_results"] if r["name"] == "negotiation_strategy")
    reply = body["reply"]
    assert f"${plan['anchor']['amount']:,.0f}" in reply and f"${plan['walk_away']['amount']:,.0f}" in reply
    assert "Source: BLS OEWS, May 2025" in reply and "C.R.S. § 8-5-201" in reply
    assert body["citations"][0]["name"] == "BLS OEWS"
    assert [item["id"] for item in client.get(LIST, headers=headers).json()] == [plan["id"]]
