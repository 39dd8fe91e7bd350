from __future__ import annotations

from datetime import datetime, timedelta, timezone

import jwt
from fastapi.testclient import TestClient

from agent.settings import Settings


def _register(client: TestClient, email: str = "ana@example.com", password: str = "correct horse 1") -> dict:
    response = client.post("/api/auth/register", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    return response.json()


def test_register_login_and_me(client: TestClient) -> None:
    registered = _register(client, "Ana@Example.com")
    assert registered["user"]["email"] == "ana@example.com" and registered["user"]["role"] == "student"
    login = client.post("/api/auth/login", json={"email": "ana@example.com", "password": "correct horse 1"})
    assert login.status_code == 200
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {login.json()['token']}"})
    assert me.json()["id"] == registered["user"]["id"]


def test_passwords_are_stored_as_argon2_hashes(client: TestClient, settings: Settings) -> None:
    from memory.db import create_db_engine
    from memory.users import get_user_by_email

    _register(client, "hash@example.com", "s3cret-password")
    engine = create_db_engine(settings.sqlalchemy_url)
    try:
        stored = get_user_by_email(engine, "hash@example.com").password_hash
    finally:
        engine.dispose()
    assert stored.startswith("$argon2") and "s3cret-password" not in stored


def test_duplicate_email_is_a_conflict(client: TestClient) -> None:
    _register(client)
    response = client.post("/api/auth/register", json={"email": "ANA@example.com", "password": "another pass"})
    assert response.status_code == 409
    assert response.json()["error"] == {"code": "email_taken", "message": "an account with this email already exists",
                                        "field": "email"}


def test_wrong_password_and_unknown_email_look_the_same(client: TestClient) -> None:
    _register(client)
    wrong = client.post("/api/auth/login", json={"email": "ana@example.com", "password": "nope nope"})
    unknown = client.post("/api/auth/login", json={"email": "who@example.com", "password": "nope nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"


def test_bad_registration_input_names_the_field(client: TestClient) -> None:
    bad_email = client.post("/api/auth/register", json={"email": "not-an-email", "password": "long enough"})
    assert bad_email.status_code == 422 and bad_email.json()["error"]["field"] == "email"
    short = client.post("/api/auth/register", json={"email": "a@b.co", "password": "short"})
    assert short.status_code == 422 and short.json()["error"]["field"] == "password"
    missing = client.post("/api/auth/register", json={"email": "a@b.co"})
    assert missing.status_code == 422 and missing.json()["error"]["message"] == "password is required"


def test_guest_tokens_work_and_each_guest_is_a_new_user(client: TestClient) -> None:
    first, second = client.post("/api/auth/guest").json(), client.post("/api/auth/guest").json()
    assert first["user"]["is_guest"] and first["user"]["id"] != second["user"]["id"]


def test_missing_forged_and_expired_tokens_are_401(client: TestClient, settings: Settings) -> None:
    user_id = client.post("/api/auth/guest").json()["user"]["id"]
    missing = client.get("/api/auth/me")
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "missing_token"
    forged = jwt.encode({"sub": user_id, "sid": "x", "exp": datetime.now(timezone.utc) + timedelta(hours=1)}, "other-key-" * 4,
                        algorithm="HS256")
    response = client.get("/api/auth/me", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_token"
    expired = jwt.encode({"sub": user_id, "sid": "x", "exp": datetime.now(timezone.utc) - timedelta(seconds=5)},
                         settings.signing_key, algorithm="HS256")
    response = client.get("/api/auth/me", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401 and response.json()["error"]["code"] == "token_expired"
    assert response.headers["www-authenticate"] == "Bearer"
