"""GET /api/me/export and DELETE /api/me on SQLite and PostgreSQL: two users fill every part of the product
through the API; A's export holds all of A's data, no secret and nothing of B; A's erasure leaves nothing of A
in any table, checkpoint or vector, and B's data as it was."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, create_engine, insert, select
from sqlalchemy.engine import Engine

from memory.privacy import SECRET_COLUMN, erase_tables, export_tables
from memory.vector_store import VectorStoreDown
from tests.server.conftest import guest_headers
from tests.server.test_assessment_api import investigative_answers
from tests.server.test_negotiation_strategy_api import NURSE
from tests.server.test_simulation_api import START
from tests.server.test_skills_api import RESUME

CONFIRM = {"confirm": "DELETE"}
PASSWORD = "correct horse battery 9"
# What each user creates through the API, and the table each lands in (a section that must not be empty).
FILLED_TABLES = {"career_profiles", "chat_threads", "skill_assessments", "career_goals", "user_negotiations",
                 "assessment_results", "salary_data", "negotiation_sessions", "learning_plans", "memories"}


def register(client: TestClient, email: str) -> tuple[dict[str, str], str]:
    response = client.post("/api/auth/register", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}, response.json()["user"]["id"]


def fill(client: TestClient, headers: dict[str, str], marker: str) -> None:
    """One of everything a user can store; `marker` makes this user's texts recognisable in any export."""
    def ok(response, status: int = 200) -> Any:
        assert response.status_code == status, response.text
        return response.json()

    ok(client.patch("/api/me/profile", json={"current_role": "registered nurse", "location": "Denver",
                                             "experience_years": 6, "industry": marker}, headers=headers))
    chat = ok(client.post("/api/chat", json={"message": f"I'm a nurse in Denver with 6 years' experience ({marker})"},
                          headers=headers))
    assert chat["reply"]
    ok(client.post("/api/career/skills-analysis", json={"text": RESUME, "target_role": "data analyst"},
                   headers=headers))
    ok(client.post("/api/career/goal-tracking", json={"description": f"Become a product manager {marker}",
                                                      "milestones": [{"title": "Finish the SQL course"}]},
                   headers=headers), 201)
    ok(client.post("/api/salary/negotiation-strategy", json=NURSE, headers=headers), 201)
    ok(client.post("/api/career/assessment", json={"kind": "interests", "answers": investigative_answers()},
                   headers=headers), 201)
    ok(client.post("/api/salary/offers", json={"company": f"Acme {marker}", "title": "Software Engineer",
                                               "location": "Austin, TX", "base_salary": 120000}, headers=headers), 201)
    ok(client.post("/api/salary/simulation", json=START, headers=headers), 201)
    ok(client.get("/api/career/learning-plan", params={"hours_per_week": 4, "skills": "SQL"}, headers=headers))
    ok(client.post("/api/memory", json={"text": f"I can't relocate before June ({marker})", "kind": "constraint"},
                   headers=headers), 201)


def export(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/me/export", headers=headers)
    assert response.status_code == 200, response.text
    assert re.fullmatch(r"attachment; filename=smartjobfit-export-\d{4}-\d{2}-\d{2}\.json",
                        response.headers["content-disposition"])
    return response.json()


def without_time(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "exported_at"}


def keys_in(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys_in(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys_in(item)}
    return set()


# -- the database as it is, read without the product's code ----------------------------------------------------


def reflected(engine: Engine) -> list[Table]:
    metadata = MetaData()
    metadata.reflect(engine)
    return list(metadata.sorted_tables)


def user_tables(engine: Engine) -> set[str]:
    """Tables holding a user's rows: a `user_id` column or a foreign key to users, and, through foreign keys,
    the tables hanging off those."""
    found: set[str] = set()
    for table in reflected(engine):  # parents before children
        if table.name == "users":
            continue
        targets = {fk.column.table.name for fk in table.foreign_keys}
        if "user_id" in table.c or "users" in targets or targets & found:
            found.add(table.name)
    return found


def rows_mentioning(engine: Engine, needles: list[str]) -> list[tuple[str, dict]]:
    """Every row of every table (checkpoints included) in which any needle appears, in text or binary columns."""
    hits = []
    with engine.connect() as connection:
        for table in reflected(engine):
            for row in connection.execute(select(table)).mappings():
                text = " ".join(bytes(v).decode("utf-8", "replace") if isinstance(v, (bytes, memoryview)) else str(v)
                                for v in row.values())
                if any(needle in text for needle in needles):
                    hits.append((table.name, dict(row)))
    return hits


def checkpoint(client: TestClient, thread_id: str):
    saver = client.app.state.service.checkpointer
    return client.portal.call(saver.aget_tuple, {"configurable": {"thread_id": thread_id, "checkpoint_ns": ""}})


# -- the tests -------------------------------------------------------------------------------------------------


def test_export_holds_everything_of_mine_and_erasure_leaves_nothing(client: TestClient) -> None:
    service = client.app.state.service
    a_headers, a_id = register(client, "ana@example.com")
    b_headers, b_id = register(client, "bo@example.com")
    fill(client, a_headers, "marker-of-ana")
    fill(client, b_headers, "marker-of-bo")

    mine = export(client, a_headers)
    assert mine["user"]["id"] == a_id and mine["user"]["email"] == "ana@example.com"
    assert mine["user"]["is_guest"] is False and re.match(r"\d{4}-\d{2}-\d{2}T", mine["user"]["created_at"])
    assert set(mine["tables"]) == user_tables(service.db)
    assert all(mine["tables"][name] for name in FILLED_TABLES), {n: len(r) for n, r in mine["tables"].items()}
    for name, rows in mine["tables"].items():  # only my rows, whichever column says whose they are
        for row in rows:
            assert a_id in {row.get("user_id"), row.get("mentor_id"), row.get("mentee_id")}, (name, row)
    [conversation] = mine["conversations"]
    assert conversation["thread_id"] == mine["tables"]["chat_threads"][0]["id"]
    first = conversation["messages"][0]
    assert first["role"] == "user" and "marker-of-ana" in first["content"]
    assert any(m["role"] == "assistant" and m["content"] for m in conversation["messages"])
    assert mine["tables"]["career_goals"][0]["created_at"].endswith("+00:00")  # datetimes as ISO 8601, in UTC

    dumped = json.dumps(mine)
    assert "marker-of-ana" in dumped and "marker-of-bo" not in dumped and b_id not in dumped
    users = Table("users", MetaData(), autoload_with=service.db)
    with service.db.connect() as connection:
        hashes = list(connection.execute(select(users.c.password_hash)).scalars())
    assert len(hashes) == 2 and all(h and h not in dumped for h in hashes) and PASSWORD not in dumped
    assert not [key for key in keys_in(mine) if SECRET_COLUMN.search(key)]

    theirs_before = export(client, b_headers)
    threads_of_a = [t["id"] for t in mine["tables"]["chat_threads"]]
    threads_of_b = [t["id"] for t in theirs_before["tables"]["chat_threads"]]
    assert checkpoint(client, threads_of_a[0]) is not None and service.memory.vectors.count(a_id) > 0

    response = client.request("DELETE", "/api/me", json=CONFIRM, headers=a_headers)
    assert response.status_code == 204, response.text

    for url in ("/api/me/export", "/api/auth/me", "/api/me/profile"):
        assert client.get(url, headers=a_headers).status_code == 401
    assert client.request("DELETE", "/api/me", json=CONFIRM, headers=a_headers).status_code == 401
    # Nothing of A anywhere in the database: no row with A's id, e-mail, words or conversations, checkpoints
    # included (they sit in the same database); B's rows are found the same way, so the search does find things.
    assert rows_mentioning(service.db, [a_id, "ana@example.com", "marker-of-ana", *threads_of_a]) == []
    assert {name for name, _ in rows_mentioning(service.db, [b_id, *threads_of_b])} >= FILLED_TABLES | {"users"}
    assert [checkpoint(client, thread_id) for thread_id in threads_of_a] == [None]
    assert all(checkpoint(client, thread_id) is not None for thread_id in threads_of_b)
    assert service.memory.vectors.count(a_id) == 0 and service.memory.vectors.count(b_id) > 0
    assert without_time(export(client, b_headers)) == without_time(theirs_before)


@pytest.mark.parametrize("how", [
    {},  # no confirmation at all
    {"json": {"confirm": "yes"}},
    {"json": {"confirm": "delete"}},
    {"params": {"confirm": "DELETE please"}},
    {"json": {"confirm": 1}},
])
def test_a_missing_or_wrong_confirmation_deletes_nothing(client: TestClient, how: dict) -> None:
    headers, _ = register(client, "cy@example.com")
    fill(client, headers, "marker-of-cy")
    before = export(client, headers)
    response = client.request("DELETE", "/api/me", headers=headers, **how)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == "confirm"
    assert without_time(export(client, headers)) == without_time(before)


def test_a_guest_without_data_exports_empty_sections_and_can_erase(client: TestClient) -> None:
    headers = guest_headers(client)
    data = export(client, headers)
    assert data["user"]["is_guest"] is True and data["user"]["email"] is None
    assert set(data["tables"]) == user_tables(client.app.state.service.db)
    sessions = data["tables"].pop("auth_sessions")  # the one signed-in session, without its refresh token's hash
    assert len(sessions) == 1 and not [key for key in sessions[0] if SECRET_COLUMN.search(key)]
    assert all(rows == [] for rows in data["tables"].values()) and data["conversations"] == []
    assert client.delete("/api/me", params=CONFIRM, headers=headers).status_code == 204
    assert client.get("/api/me/export", headers=headers).status_code == 401


def test_no_token_no_data(client: TestClient) -> None:
    assert client.get("/api/me/export").status_code == 401
    assert client.request("DELETE", "/api/me", json=CONFIRM).status_code == 401
    assert client.get("/api/me/export", headers={"Authorization": "Bearer forged"}).status_code == 401


def test_a_memory_store_that_is_down_deletes_nothing(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    headers, _ = register(client, "dee@example.com")
    fill(client, headers, "marker-of-dee")
    before = export(client, headers)

    def down(user_id: str) -> None:
        raise VectorStoreDown("vector store unavailable: connection refused")

    monkeypatch.setattr(client.app.state.service.memory, "forget_user", down)
    response = client.request("DELETE", "/api/me", json=CONFIRM, headers=headers)
    assert response.status_code == 503, response.text
    assert without_time(export(client, headers)) == without_time(before)  # the token still works, all is there
    assert checkpoint(client, before["conversations"][0]["thread_id"]) is not None


def test_rows_reached_through_a_parent_are_exported_and_erased() -> None:
    # A schema with a table that refers to users only through another one (an offer's negotiation rounds).
    metadata = MetaData()
    users = Table("users", metadata, Column("id", String, primary_key=True), Column("email", String),
                  Column("password_hash", String))
    offers = Table("offers", metadata, Column("id", Integer, primary_key=True),
                   Column("user_id", String, ForeignKey("users.id")))
    rounds = Table("rounds", metadata, Column("id", Integer, primary_key=True),
                   Column("offer_id", Integer, ForeignKey("offers.id")), Column("ask", Integer))
    Table("catalog", metadata, Column("id", Integer, primary_key=True))  # nobody's
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(users), [{"id": "a", "email": "a@x", "password_hash": "h-a"},
                                           {"id": "b", "email": "b@x", "password_hash": "h-b"}])
        connection.execute(insert(offers), [{"id": 1, "user_id": "a"}, {"id": 2, "user_id": "b"}])
        connection.execute(insert(rounds), [{"id": 10, "offer_id": 1, "ask": 100}, {"id": 11, "offer_id": 2, "ask": 200},
                                            {"id": 12, "offer_id": 1, "ask": 110}])

    data = export_tables(engine, "a", metadata, users)
    assert data["user"] == {"id": "a", "email": "a@x"}
    assert data["tables"] == {"offers": [{"id": 1, "user_id": "a"}],
                              "rounds": [{"id": 10, "offer_id": 1, "ask": 100}, {"id": 12, "offer_id": 1, "ask": 110}]}

    deleted, _ = erase_tables(engine, "a", metadata, users)
    assert deleted == {"rounds": 2, "offers": 1, "users": 1}
    assert export_tables(engine, "a", metadata, users) == {"user": None, "tables": {"offers": [], "rounds": []}}
    assert export_tables(engine, "b", metadata, users)["tables"]["rounds"] == [{"id": 11, "offer_id": 2, "ask": 200}]
