"""The assessment endpoints on SQLite and PostgreSQL: questionnaires served, results scored, stored and private,
bad answers refused with the field named and nothing stored."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from memory.models import AssessmentResult
from tests.server.conftest import guest_headers

URL = "/api/career/assessment"


def investigative_answers() -> dict[str, int]:
    # Items cycle R, I, A, S, E, C: strongly like every Investigative item, dislike the rest, like Artistic.
    return {f"ip{i}": {1: 5, 2: 4}.get((i - 1) % 6, 2) for i in range(1, 61)}


def stored(client: TestClient) -> list[AssessmentResult]:
    with Session(client.app.state.service.db) as session:
        return list(session.exec(select(AssessmentResult)).all())


def test_questionnaires_are_served_without_a_token(client: TestClient) -> None:
    body = client.get(f"{URL}/questionnaires").json()
    forms = {form["kind"]: form for form in body["questionnaires"]}
    assert body["kinds"] == ["interests", "work_style", "values"]
    assert [len(forms[kind]["items"]) for kind in body["kinds"]] == [60, 20, 21]
    assert forms["interests"]["items"][0] == {"id": "ip1", "text": "Build kitchen cabinets", "scale": "R"}
    assert "Donnellan" in forms["work_style"]["source"]["citation"]
    assert [option["value"] for option in forms["values"]["response_scale"]] == [1, 2, 3, 4, 5]


def test_interests_are_scored_matched_stored_and_listed(client: TestClient) -> None:
    headers = guest_headers(client)
    assert client.patch("/api/me/profile", json={"experience_years": 5}, headers=headers).status_code == 200
    response = client.post(URL, json={"kind": "interests", "answers": investigative_answers()}, headers=headers)
    assert response.status_code == 201, response.text
    record = response.json()
    assert record["scores"] == {"R": 10, "I": 40, "A": 30, "S": 10, "E": 10, "C": 10}
    assert record["result"]["code"] == "IAR"
    result = record["result"]
    assert result["job_zone"] == 4 and result["job_zone_basis"] == "from your profile's years of experience"
    assert all(3 <= o["job_zone"] <= 5 for o in result["occupations"])
    first = result["occupations"][0]
    assert first["soc_code"] == first["onet_code"][:7] and first["fit"] > 0.7
    assert "O*NET 29.3" in result["attribution"]
    listed = client.get(URL, headers=headers).json()
    assert [r["id"] for r in listed] == [record["id"]]
    assert client.get(URL, headers=guest_headers(client)).json() == []  # another user sees nothing of it
    assert client.get(URL, params={"kind": "values"}, headers=headers).json() == []


def test_work_style_and_values(client: TestClient) -> None:
    headers = guest_headers(client)
    answers = {f"ipip{i}": 5 if i in (1, 11) else 3 for i in range(1, 21)}
    style = client.post(URL, json={"kind": "work_style", "answers": answers}, headers=headers).json()
    assert style["scores"]["E"] == 4.0  # (5 + 5 + (6-3) + (6-3)) / 4
    values = client.post(URL, json={"kind": "values", "job_zone": 2,
                                    "answers": {f"wv{i}": 5 if i >= 19 else 2 for i in range(1, 22)}},
                         headers=headers).json()
    assert values["result"]["top"][0] == "Independence" and values["result"]["job_zone_basis"] == "given"
    assert all(o["job_zone"] <= 3 for o in values["result"]["occupations"])


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "interests", "answers": {f"ip{i}": 3 for i in range(1, 60)}}, "answers.ip60"),
    ({"kind": "interests", "answers": {**{f"ip{i}": 3 for i in range(1, 61)}, "ip7": 6}}, "answers.ip7"),
    ({"kind": "interests", "answers": {**{f"ip{i}": 3 for i in range(1, 61)}, "ip7": "5"}}, "answers.ip7"),
    ({"kind": "interests", "answers": {**{f"ip{i}": 3 for i in range(1, 61)}, "q99": 3}}, "answers.q99"),
    ({"kind": "astrology", "answers": {}}, "kind"),
    ({"kind": "values", "answers": {}, "job_zone": 9}, "job_zone"),
    ({"answers": {}}, "kind"),
])
def test_bad_answers_are_refused_naming_the_field(client: TestClient, body: dict, field: str) -> None:
    response = client.post(URL, json=body, headers=guest_headers(client))
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == field
    assert stored(client) == []


def test_a_token_is_required(client: TestClient) -> None:
    assert client.post(URL, json={"kind": "values", "answers": {}}).status_code == 401
    assert client.get(URL).status_code == 401


def test_the_chat_sends_people_to_the_questionnaire_page_that_exists(client: TestClient) -> None:
    reply = client.post("/api/chat", json={"message": "what careers fit my interests?"},
                        headers=guest_headers(client)).json()
    [result] = [r["data"] for r in reply["tool_results"] if r["name"] == "career_assessment"]
    page, items = result["questionnaires_url"], result["questionnaires_api"]
    assert page == "/assessment" and f"({page} on this coach's site)" in reply["reply"]
    assert "text/html" in client.get(page).headers["content-type"]  # a page a person can use, not JSON
    assert client.get(items).json()["kinds"] == ["interests", "work_style", "values"]  # programs still have the API
