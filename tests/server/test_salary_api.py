from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.server.conftest import guest_headers
from tools.occupations.oews import Datatype, load_oews




def test_market_data_has_the_contract_shape(client: TestClient) -> None:
    response = client.get("/api/salary/market-data", params={"title": "Software Developer", "location": "San Francisco"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["query"] == {"title": "Software Developer", "location": "San Francisco"}
    assert body["occupation"]["soc_code"] == "15-1252" and 0 < body["occupation"]["confidence"] <= 1
    assert body["area"] == {**body["area"], "code": "0041860", "type": "metro"}
    assert set(body["annual"]) >= {"p10", "p25", "median", "p75", "p90", "mean"}
    assert body["annual"]["median"] == load_oews().cell("0041860", "15-1252").value(Datatype.ANNUAL_MEDIAN)
    assert body["source"]["name"] == "BLS OEWS" and body["source"]["release"] == "May 2025"
    assert isinstance(body["alternatives"], list) and isinstance(body["employment"], float)


@pytest.mark.parametrize(("params", "status", "field"), [
    ({"title": ""}, 422, "title"),
    ({}, 422, "title"),
    ({"title": "x" * 10_000}, 422, "title"),
    ({"title": "asdfgh"}, 404, "title"),
    ({"title": "x" * 500}, 422, "title"),
    ({"title": "🙂🙂🙂"}, 422, "title"),
    ({"title": "<script>alert(1)</script>"}, 422, "title"),
    ({"title": "nurse<img src=x onerror=alert(1)>"}, 422, "title"),
    ({"title": "nurse", "location": "Atlantis"}, 404, "location"),
])
def test_market_data_bad_input(client: TestClient, params: dict, status: int, field: str) -> None:
    response = client.get("/api/salary/market-data", params=params)
    assert response.status_code == status, response.text
    assert response.json()["error"]["field"] == field
    if status == 404:
        assert "suggestions" in response.json()["error"]


def test_chat_answers_a_salary_question_from_the_tool_with_its_source(client: TestClient) -> None:
    headers = guest_headers(client)
    body = client.post("/api/chat", json={"message": "What does a registered nurse make in Denver?"},
                       headers=headers).json()
    assert body["tool_calls"] == [{"name": "salary_lookup", "args": {"title": "registered nurse", "location": "Denver"}}]
    data = body["tool_results"][0]["data"]
    median = data["annual"]["median"]
    assert f"${median:,.0f}" in body["reply"]
    assert "Source: BLS OEWS, May 2025" in body["reply"]
    assert body["citations"] and body["citations"][0]["name"] == "BLS OEWS"


def test_chat_uses_the_saved_profile_for_my_market_rate(client: TestClient) -> None:
    headers = guest_headers(client)
    client.post("/api/chat", json={"message": "I'm a registered nurse in Denver with 6 years' experience"}, headers=headers)
    body = client.post("/api/chat", json={"message": "What should I make?"}, headers=headers).json()
    assert [call["name"] for call in body["tool_calls"]] == ["career_profile", "salary_lookup"]
    assert body["tool_calls"][1]["args"] == {"title": "registered nurse", "location": "Denver"}
    assert "Registered Nurses" in body["reply"]


def test_benchmarks_trends_range_and_compare_endpoints(client: TestClient) -> None:
    bench = client.get("/api/salary/benchmarks", params={"title": "registered nurse"})
    assert bench.status_code == 200, bench.text
    assert bench.json()["occupation"]["soc_code"] == "29-1141" and bench.json()["by_industry"]
    trends = client.get("/api/salary/trends", params={"title": "registered nurse"})
    assert trends.status_code == 200 and trends.json()["projection"]["soc_code"] == "29-1141"
    ranged = client.post("/api/salary/personalized-range", json={
        "title": "senior data engineer", "location": "Austin, TX", "years_experience": 6, "industry": "hospitals"})
    assert ranged.status_code == 200, ranged.text
    body = ranged.json()
    assert body["low"]["amount"] <= body["target"]["amount"] <= body["high"]["amount"]
    assert {f["name"] for f in body["factors"]} >= {"level", "industry"}
    assert body["level"]["level"] == "senior" and body["level"]["band_low"] == 65  # "senior" in the title
    compare = client.get("/api/salary/compare-locations",
                         params={"title": "software developer", "home": "Boise", "job": "Seattle"})
    assert compare.status_code == 200, compare.text


@pytest.mark.parametrize(("body", "field"), [
    ({"title": "nurse", "years_experience": -1}, "years_experience"),
    ({"title": "nurse", "years_experience": 500}, "years_experience"),
    ({"title": "nurse"}, "years_experience"),
    ({"title": "nurse", "years_experience": 3, "education": "wizardry"}, "education"),
    ({"title": "nurse", "years_experience": 3, "industry": "qqqq"}, "industry"),
    ({"title": "", "years_experience": 3}, "title"),
])
def test_personalized_range_bad_input_names_the_field(client: TestClient, body: dict, field: str) -> None:
    response = client.post("/api/salary/personalized-range", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == field


def _offer(client: TestClient, headers: dict, company: str, base: float, title: str = "Software Engineer") -> dict:
    response = client.post("/api/salary/offers", json={"company": company, "title": title, "location": "Austin, TX",
                                                        "base_salary": base, "signing_bonus": 10000}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_company_insights_need_five_people(client: TestClient) -> None:
    people = [guest_headers(client) for _ in range(5)]
    for index, headers in enumerate(people[:4]):
        _offer(client, headers, "Acme, Inc." if index % 2 else "ACME corp", 150_000 + index * 10_000)
    _offer(client, people[0], "Acme", 200_000)  # a second offer from the same person does not count twice
    thin = client.get("/api/salary/company-insights", params={"company": "acme", "title": "software engineer"}).json()
    assert thin["enough_data"] is False and thin["aggregate"] is None
    assert "at least 5 different people" in thin["message"]
    assert thin["market"]["occupation"]["soc_code"] == "15-1252"
    _offer(client, people[4], "Acme Inc", 190_000)
    full = client.get("/api/salary/company-insights", params={"company": "ACME"}).json()
    assert full["enough_data"] is True
    aggregate = full["aggregate"]
    assert aggregate["contributors"] == 5 and aggregate["offers"] == 6
    assert aggregate["base_p25"] <= aggregate["base_median"] <= aggregate["base_p75"]
    # Only the aggregate: no user, no single offer.
    assert set(aggregate) == {"offers", "contributors", "base_p25", "base_median", "base_p75", "titles"}


def test_offers_belong_to_their_user(client: TestClient) -> None:
    owner, other = guest_headers(client), guest_headers(client)
    offer = _offer(client, owner, "Globex", 120_000)
    assert [o["id"] for o in client.get("/api/salary/offers", headers=owner).json()] == [offer["id"]]
    assert client.get("/api/salary/offers", headers=other).json() == []
    assert client.delete(f"/api/salary/offers/{offer['id']}", headers=other).status_code == 404
    assert client.get("/api/salary/offers", headers=owner).json()[0]["signing_bonus"] == 10000
    assert client.delete(f"/api/salary/offers/{offer['id']}", headers=owner).status_code == 204
    assert client.get("/api/salary/offers", headers=owner).json() == []
    assert client.post("/api/salary/offers", json={"company": "X", "title": "Y", "base_salary": 1}).status_code == 401


@pytest.mark.parametrize(("body", "field"), [
    ({"company": "", "title": "dev", "base_salary": 100000}, "company"),
    ({"company": "Acme", "title": "dev", "base_salary": -5}, "base_salary"),
    ({"company": "Acme", "title": "dev"}, "base_salary"),
    ({"company": "Acme", "title": "dev", "base_salary": 1e12}, "base_salary"),
])
def test_bad_offers_name_the_field(client: TestClient, body: dict, field: str) -> None:
    response = client.post("/api/salary/offers", json=body, headers=guest_headers(client))
    assert response.status_code == 422 and response.json()["error"]["field"] == field
    assert client.get("/api/salary/company-insights", params={"company": ""}).json()["error"]["field"] == "company"


def test_chat_personalized_range_and_location_comparison_from_the_profile(client: TestClient) -> None:
    headers = guest_headers(client)
    client.post("/api/chat", json={"message": "I'm a registered nurse in Denver with 6 years' experience"}, headers=headers)
    ranged = client.post("/api/chat", json={"message": "What salary range should I ask for?"}, headers=headers).json()
    assert [c["name"] for c in ranged["tool_calls"]] == ["career_profile", "salary_range"]
    assert ranged["tool_calls"][1]["args"] == {"title": "registered nurse", "years_experience": 6.0,
                                               "location": "Denver", "industry": None}
    target = ranged["tool_results"][1]["data"]["target"]["amount"]
    assert f"Target: ${target:,.0f}" in ranged["reply"] and "Source: BLS OEWS" in ranged["reply"]
    compared = client.post("/api/chat", json={"message": "I live in Boise and the job is in Seattle"},
                           headers=headers).json()
    assert compared["tool_calls"][-1] == {"name": "compare_locations", "args": {
        "title": "registered nurse", "home": "Boise", "job_location": "Seattle"}}
    data = compared["tool_results"][-1]["data"]
    assert f"${data['job']['annual_median']:,.0f}" in compared["reply"]


@pytest.mark.parametrize(("message", "tool", "title"), [
    ("What's the job outlook for registered nurses?", "job_outlook", "registered nurse"),
    ("Which industries pay software developers the most?", "salary_benchmarks", "software developers"),
    ("where do nurses earn the most", "salary_benchmarks", "nurses"),
])
def test_chat_outlook_and_best_paying(client: TestClient, message: str, tool: str, title: str) -> None:
    body = client.post("/api/chat", json={"message": message}, headers=guest_headers(client)).json()
    assert body["tool_calls"] == [{"name": tool, "args": {"title": title}}]
    data = body["tool_results"][0]["data"]
    assert f"Source: {data['source']['name']}" in body["reply"]
    if tool == "salary_benchmarks":
        assert f"${data['national']['annual']['median']:,.0f}" in body["reply"]
    else:
        assert f"{data['projection']['employment_2034']:,.0f}" in body["reply"]


def test_trends_use_the_bls_api_when_its_key_is_configured(tmp_path) -> None:
    from server.app import create_app
    from tests.conftest import make_settings
    from tests.tools.salary.test_series_clients import Reply, bls_ok, running_stub
    from tests.tools.salary.test_trends import CPI_ROWS, ECI_ROWS

    with running_stub() as stub:
        stub.script(Reply(body=bls_ok(("CIU2020000000000A", ECI_ROWS), ("CUUR0000SA0", CPI_ROWS))))
        settings = make_settings(tmp_path, BLS_API_KEY="test-key", BLS_API_URL=stub.url)
        from memory.migrate import upgrade

        upgrade(settings.sqlalchemy_url)
        with TestClient(create_app(settings)) as client:
            body = client.get("/api/salary/trends", params={"title": "software developer"}).json()
    assert stub.requests and stub.requests[0].body["registrationkey"] == "test-key"
    assert [s["series_id"] for s in body["market_series"]] == ["CIU2020000000000A", "CUUR0000SA0"]
    assert {s["name"] for s in body["sources"]} >= {"BLS Public Data API", "BLS Employment Projections"}


def test_market_trends_table_is_filled_from_the_projections(client: TestClient, settings) -> None:
    from memory.db import create_db_engine
    from tools.salary.market_trends import sync_market_trends
    from tools.salary.trends import projection

    body = client.get("/api/salary/market-trends").json()
    assert len(body["trends"]) == 22 and body["source"]["name"] == "BLS Employment Projections"
    growth = [row["growth_projection"] for row in body["trends"]]
    assert growth == sorted(growth, reverse=True)
    healthcare = next(row for row in body["trends"] if row["industry"].startswith("Healthcare practitioners"))
    assert healthcare["growth_projection"] == projection("29-0000").change_percent
    engine = create_db_engine(settings.sqlalchemy_url)
    try:
        assert sync_market_trends(engine) == 22  # idempotent: replaces, never duplicates
    finally:
        engine.dispose()
    assert len(client.get("/api/salary/market-trends").json()["trends"]) == 22


# ------------------------------------------------------------------------------ places abroad, comparisons

def test_a_place_outside_the_us_is_a_422_naming_location_not_us_figures(client: TestClient) -> None:
    response = client.get("/api/salary/market-data", params={"title": "registered nurse", "location": "Toronto"})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("location_outside_us", "location")
    assert error["message"] == ("BLS OEWS wage data (May 2025) covers the United States only; Toronto is in "
                                "Ontario, Canada, so there are no figures for it here.")


@pytest.mark.parametrize(("method", "url", "kwargs", "field"), [
    ("get", "/api/salary/market-data", {"params": {"title": "nurse", "location": "London"}}, "location"),
    ("get", "/api/salary/market-data", {"params": {"title": "nurse", "location": "Seattle vs Toronto"}}, "location"),
    ("get", "/api/salary/compare-locations", {"params": {"title": "nurse", "home": "Boise", "job": "Berlin"}},
     "job_location"),
    ("get", "/api/salary/compare-locations", {"params": {"title": "nurse", "home": "Bangalore", "job": "Seattle"}},
     "home"),
    ("post", "/api/salary/personalized-range", {"json": {"title": "nurse", "location": "Sydney",
                                                         "years_experience": 5}}, "location"),
    ("post", "/api/salary/negotiation-strategy", {"json": {"title": "registered nurse", "location": "Vancouver",
                                                           "years_experience": 6, "offer": {"base": 92000}}},
     "location"),
])
def test_every_salary_feature_refuses_a_place_abroad(client: TestClient, method: str, url: str, kwargs: dict,
                                                     field: str) -> None:
    response = getattr(client, method)(url, headers=guest_headers(client), **kwargs)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "location_outside_us"
    assert response.json()["error"]["field"] == field


def test_market_data_compares_several_places_with_the_same_engine(client: TestClient) -> None:
    body = client.get("/api/salary/market-data", params={"title": "electrician", "location": "Phoenix vs Tucson"}).json()
    assert body["area"]["name"] == "Phoenix-Mesa-Chandler, AZ"
    assert [(p["query"], p["area"]["name"]) for p in body["comparison"]] == [
        ("Phoenix", "Phoenix-Mesa-Chandler, AZ"), ("Tucson", "Tucson, AZ")]
    for place in body["comparison"]:
        single = client.get("/api/salary/market-data", params={"title": "electrician", "location": place["query"]}).json()
        assert single["comparison"] is None
        assert (place["annual"], place["hourly"], place["source"]) == (single["annual"], single["hourly"], single["source"])


@pytest.mark.parametrize("location", ["x" * 500, "🙂🙂", "<script>alert(1)</script>", "Narnia vs Atlantis", "   ,  "])
def test_market_data_bad_locations_are_4xx_naming_location(client: TestClient, location: str) -> None:
    response = client.get("/api/salary/market-data", params={"title": "nurse", "location": location})
    assert response.status_code in (404, 422), response.text
    error = response.json()["error"]
    assert error["field"] == "location"
    assert response.status_code == 422 or "suggestions" in error


def test_an_empty_location_is_the_national_figure(client: TestClient) -> None:
    body = client.get("/api/salary/market-data", params={"title": "nurse", "location": ""}).json()
    assert body["area"]["type"] == "national" and body["comparison"] is None


def test_chat_says_the_data_covers_the_us_only_for_a_place_abroad(client: TestClient) -> None:
    body = client.post("/api/chat", json={"message": "How much does a nurse make in Toronto?"},
                       headers=guest_headers(client)).json()
    assert body["tool_calls"] == [{"name": "salary_lookup", "args": {"title": "nurse", "location": "Toronto"}}]
    assert body["tool_results"][0]["data"]["code"] == "location_outside_us"
    assert "BLS OEWS wage data (May 2025) covers the United States only" in body["reply"]
    assert "$" not in body["reply"]


def test_a_fact_saved_in_passing_is_one_line_beside_the_answer(client: TestClient) -> None:
    """The profile is updated from "im a sr. mechanical engr", and the question is answered, not followed by the
    profile's own questions."""
    body = client.post("/api/chat", json={"message": "hey so im a sr. mechanical engr thinking of moving, what would "
                                                     "i make in raleigh nc"}, headers=guest_headers(client)).json()
    assert [c["name"] for c in body["tool_calls"]] == ["career_profile", "salary_lookup"]
    assert body["reply"].startswith("(Saved to your profile: sr mechanical engr.)")
    assert "**Mechanical Engineers** in **Raleigh-Cary, NC**" in body["reply"]
    assert "What role are you aiming for next?" not in body["reply"]
