"""POST /api/salary/offer-analysis: the engine's answer over HTTP, and every bad input a 4xx naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.server.conftest import guest_headers
from tools.occupations.oews import Datatype, load_oews

URL = "/api/salary/offer-analysis"
ACME = {"label": "Acme", "title": "software developer", "location": "Austin, TX", "base": 120_000,
        "bonus_target_percent": 10, "equity": {"type": "rsu", "grant_value": 80_000,
                                               "vesting": {"years": 4, "cliff_months": 12}},
        "retirement_match_percent": 50, "retirement_match_limit_percent": 6, "health_premium_monthly": 200,
        "pto_days": 15}
GLOBEX = {"label": "Globex", "title": "software engineer", "location": "Seattle", "base": 135_000,
          "signing_bonus": 10_000, "equity": {"type": "options", "shares": 20_000, "strike_price": 2,
                                              "preferred_price": 5}}


def test_two_offers_are_analysed_and_compared(client: TestClient) -> None:
    response = client.post(URL, json={"offers": [ACME, GLOBEX], "years_experience": 6})
    assert response.status_code == 200, response.text
    body = response.json()
    acme, globex = body["offers"]
    assert acme["compensation"]["first_year"] == {"year": 1, "base": 120_000, "target_bonus": 12_000,
                                                  "signing_bonus": 0, "equity": 20_000, "retirement_match": 3_600,
                                                  "health_premiums": -2_400, "total": 153_200}
    assert acme["market"]["soc_code"] == "15-1252" and acme["market"]["area"] == "Austin-Round Rock-San Marcos, TX"
    assert acme["market"]["median"] == load_oews().cell("0012420", "15-1252").value(Datatype.ANNUAL_MEDIAN)
    assert globex["equity"]["type"] == "options" and globex["equity"]["multipliers"] == [0, 1, 3, 10]
    assert "illiquid" in globex["equity"]["warning"]
    assert globex["compensation"]["first_year"]["total"] == 145_000
    assert body["comparison"]["leads"][0] == {**body["comparison"]["leads"][0], "measure": "first_year_total",
                                              "leader": "Acme", "margin": 8_200}
    assert {s["term"] for s in acme["negotiate"]} >= {"base", "signing_bonus"}
    assert body["source"]["name"] == "BLS OEWS" and body["source"]["release"] == "May 2025"


def test_a_token_is_accepted_but_not_needed(client: TestClient) -> None:
    with_token = client.post(URL, json={"offers": [ACME]}, headers=guest_headers(client))
    assert with_token.status_code == 200, with_token.text
    assert with_token.json() == client.post(URL, json={"offers": [ACME]}).json()


def _with(**changes: Any) -> dict[str, Any]:
    return {"offers": [{**ACME, **changes}]}


@pytest.mark.parametrize(("body", "field"), [
    (_with(base=-120_000), "offers.0.base"),
    (_with(bonus_target_percent=500), "offers.0.bonus_target_percent"),
    (_with(equity={"type": "rsu", "grant_value": 80_000, "vesting": {"years": 4, "schedule_percent": [25, 25, 25]}}),
     "offers.0.equity.vesting.schedule_percent"),
    (_with(equity={"type": "rsu", "grant_value": 80_000, "vesting": {"schedule_percent": [10, 20, 30, 30]}}),
     "offers.0.equity.vesting.schedule_percent"),
    (_with(equity={"type": "options", "shares": 1_000, "strike_price": 1}), "offers.0.equity.preferred_price"),
    (_with(perks="gym"), "offers.0.perks"),
    ({"offers": []}, "offers"),
    ({"offers": [{**ACME, "label": f"Offer {i}"} for i in range(6)]}, "offers"),
    ({"offers": [ACME, ACME]}, "offers.1.label"),
    ({"offers": [{"label": "Acme", "base": 100_000}]}, "offers.0.title"),
    ({}, "offers"),
])
def test_bad_input_is_a_422_naming_the_field(client: TestClient, body: dict, field: str) -> None:
    response = client.post(URL, json=body)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["field"] == field and error["code"] == "invalid_request"
    assert field in error["message"]


def test_a_vesting_schedule_that_does_not_add_up_says_so(client: TestClient) -> None:
    body = _with(equity={"type": "rsu", "grant_value": 80_000, "vesting": {"schedule_percent": [10, 20, 30, 30]}})
    message = client.post(URL, json=body).json()["error"]["message"]
    assert "must add up to 100" in message and "add up to 90" in message


def test_an_unknown_title_is_a_404_with_suggestions(client: TestClient) -> None:
    response = client.post(URL, json={"offers": [ACME, {**GLOBEX, "title": "asdfgh"}]})
    assert response.status_code == 404, response.text
    error = response.json()["error"]
    assert error["field"] == "offers.1.title" and error["code"] == "no_match" and "suggestions" in error


def test_an_unknown_place_is_a_404_naming_the_offer(client: TestClient) -> None:
    response = client.post(URL, json={"offers": [{**ACME, "location": "Atlantis"}]})
    assert response.status_code == 404, response.text
    assert response.json()["error"]["field"] == "offers.0.location"


def test_malformed_json_is_a_400(client: TestClient) -> None:
    response = client.post(URL, content=b'{"offers": [', headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "malformed_json"


def test_the_endpoint_is_in_the_openapi_schema(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    assert "422" in operation["responses"] and "404" in operation["responses"]
