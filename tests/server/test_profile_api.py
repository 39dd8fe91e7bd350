"""The user's own profile (GET/PATCH /api/me/profile) and signing up from a guest session."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.server.conftest import guest_headers
from tools.profile.engine import experience_level_for


def test_profile_starts_empty_and_patch_sets_only_what_is_sent(client: TestClient) -> None:
    headers = guest_headers(client)
    empty = client.get("/api/me/profile", headers=headers)
    assert empty.status_code == 200 and all(value is None for value in empty.json().values())
    first = client.patch("/api/me/profile", json={"current_role": "nurse", "location": "Denver"}, headers=headers)
    assert first.status_code == 200 and first.json()["location"] == "Denver"
    second = client.patch("/api/me/profile", json={"experience_years": 6}, headers=headers).json()
    assert second["current_role"] == "nurse" and second["experience_years"] == 6 and second["experience_level"] == experience_level_for(6)
    assert client.get("/api/me/profile", headers=headers).json() == second


def test_bad_profile_values_name_the_field_and_change_nothing(client: TestClient) -> None:
    headers = guest_headers(client)
    client.patch("/api/me/profile", json={"location": "Denver", "experience_years": 6}, headers=headers)
    before = client.get("/api/me/profile", headers=headers).json()
    for body, field in (({"experience_years": -3}, "experience_years"), ({"experience_years": "six"}, "experience_years"),
                        ({"location": "x" * 201}, "location"), ({"salary": 1}, "salary"),
                        ({"experience_level": "wizard"}, "experience_level")):
        response = client.patch("/api/me/profile", json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.json()["error"]["field"] == field
    assert client.get("/api/me/profile", headers=headers).json() == before


def test_a_profile_is_its_owners_alone(client: TestClient) -> None:
    alice, bob = guest_headers(client), guest_headers(client)
    client.patch("/api/me/profile", json={"current_role": "pilot"}, headers=alice)
    assert client.get("/api/me/profile", headers=bob).json()["current_role"] is None
    assert client.get("/api/me/profile").status_code == 401


def test_signing_up_from_a_guest_session_keeps_its_conversations_and_profile(client: TestClient) -> None:
    headers = guest_headers(client)
    guest_id = client.get("/api/auth/me", headers=headers).json()["id"]
    reply = client.post("/api/chat", json={"message": "I'm a nurse in Denver"}, headers={**headers, "Accept": "application/json"})
    thread_id = reply.json()["thread_id"]
    account = client.post("/api/auth/register", json={"email": "Dana@Example.com", "password": "long enough"},
                          headers=headers)
    assert account.status_code == 201
    user = account.json()["user"]
    assert user["id"] == guest_id and user["is_guest"] is False and user["email"] == "dana@example.com"
    signed_in = {"Authorization": f"Bearer {account.json()['token']}"}
    assert [t["id"] for t in client.get("/api/chat/threads", headers=signed_in).json()] == [thread_id]
    assert client.get("/api/me/profile", headers=signed_in).json()["location"] == "Denver"
    # The account can sign in with its password later.
    login = client.post("/api/auth/login", json={"email": "dana@example.com", "password": "long enough"})
    assert login.status_code == 200 and login.json()["user"]["id"] == guest_id


def test_signing_up_with_someone_elses_or_a_bad_token_creates_a_new_account(client: TestClient) -> None:
    first = client.post("/api/auth/register", json={"email": "a@example.com", "password": "long enough"}).json()
    with_account_token = client.post("/api/auth/register", json={"email": "b@example.com", "password": "long enough"},
                                     headers={"Authorization": f"Bearer {first['token']}"})
    assert with_account_token.status_code == 201 and with_account_token.json()["user"]["id"] != first["user"]["id"]
    assert client.post("/api/auth/login", json={"email": "a@example.com", "password": "long enough"}).status_code == 200
    with_bad_token = client.post("/api/auth/register", json={"email": "c@example.com", "password": "long enough"},
                                 headers={"Authorization": "Bearer nonsense"})
    assert with_bad_token.status_code == 201


def test_a_taken_email_leaves_the_guest_as_it_was(client: TestClient) -> None:
    client.post("/api/auth/register", json={"email": "taken@example.com", "password": "long enough"})
    headers = guest_headers(client)
    response = client.post("/api/auth/register", json={"email": "taken@example.com", "password": "long enough"},
                           headers=headers)
    assert response.status_code == 409 and response.json()["error"]["field"] == "email"
    me = client.get("/api/auth/me", headers=headers).json()
    assert me["is_guest"] is True and me["email"] is None
