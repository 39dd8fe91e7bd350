"""Accounts over HTTP with a real SMTP server on loopback: e-mail verification and password reset by single-use,
expiring links (followed as a user would), rate limits on login and reset, refresh tokens that work once, logout
that ends a session at once, and a password change that ends the other sessions."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from agent.settings import Settings
from memory.migrate import upgrade
from memory.models import AuthSession, EmailLink, User, utcnow
from server.app import create_app
from tests.conftest import make_settings
from tests.server.mailbox import Mailbox, smtp_overrides

PASSWORD = "correct horse 1"


@pytest.fixture
def settings(tmp_path: Path, database_url: str, mailbox: Mailbox) -> Settings:
    settings = make_settings(tmp_path, database_url, **smtp_overrides(mailbox))
    upgrade(settings.sqlalchemy_url)
    return settings


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def register(client: TestClient, email: str = "ana@example.com") -> dict:
    response = client.post("/api/auth/register", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return response.json()


def login(client: TestClient, email: str = "ana@example.com", password: str = PASSWORD):
    return client.post("/api/auth/login", json={"email": email, "password": password})


def test_the_emailed_link_confirms_the_address_once(client: TestClient, mailbox: Mailbox) -> None:
    tokens = register(client)
    assert tokens["user"]["email_verified"] is False
    [mail] = mailbox.to("ana@example.com")
    assert mail["Subject"].startswith("Confirm your e-mail address") and mail["From"].endswith("no-reply@localhost>")
    path, token = mailbox.last_link("ana@example.com")
    assert path == "/verify-email" and "http://coach.example/verify-email?token=" in mail.get_content()

    page = client.get(path, params={"token": token})  # the page the link opens; it posts the token
    assert page.status_code == 200 and "account.js" in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    confirmed = client.post("/api/auth/verify-email", json={"token": token})
    assert confirmed.status_code == 200 and confirmed.json()["email_verified"] is True
    assert client.get("/api/auth/me", headers=bearer(tokens["token"])).json()["email_verified"] is True

    again = client.post("/api/auth/verify-email", json={"token": token})
    assert again.status_code == 400 and again.json()["error"] == {
        "code": "link_used", "field": "token", "message": again.json()["error"]["message"]}
    resend = client.post("/api/auth/verify-email/send", headers=bearer(tokens["token"]))
    assert resend.status_code == 409 and resend.json()["error"]["code"] == "already_verified"
    assert client.post("/api/auth/verify-email", json={"token": "made-up"}).json()["error"]["code"] == "invalid_link"


def test_a_new_link_replaces_the_old_and_links_expire(client: TestClient, mailbox: Mailbox) -> None:
    tokens = register(client)
    _, first = mailbox.last_link("ana@example.com")
    assert client.post("/api/auth/verify-email/send", headers=bearer(tokens["token"])).status_code == 202
    assert len(mailbox.to("ana@example.com", count=2)) == 2
    _, second = mailbox.last_link("ana@example.com")
    assert client.post("/api/auth/verify-email", json={"token": first}).json()["error"]["code"] == "link_used"
    with Session(client.app.state.service.db) as session:  # the second link, two days later
        for link in session.exec(select(EmailLink)).all():
            link.expires_at = utcnow() - timedelta(seconds=1)
            session.add(link)
        session.commit()
    expired = client.post("/api/auth/verify-email", json={"token": second})
    assert expired.status_code == 400 and expired.json()["error"]["code"] == "link_expired"
    assert client.get("/api/auth/me", headers=bearer(tokens["token"])).json()["email_verified"] is False


def test_password_reset_by_link_ends_every_session(client: TestClient, mailbox: Mailbox) -> None:
    first = register(client)
    second = login(client).json()
    unknown = client.post("/api/auth/password-reset/send", json={"email": "nobody@example.com"})
    asked = client.post("/api/auth/password-reset/send", json={"email": "Ana@Example.com"})
    assert unknown.status_code == asked.status_code == 202
    assert unknown.json()["status"] == asked.json()["status"]  # the answer does not tell who has an account
    assert mailbox.to("nobody@example.com", seconds=0.5) == []
    reset_mail = mailbox.to("ana@example.com", count=2)[-1]  # after the confirmation e-mail
    assert reset_mail["Subject"] == "Reset your SmartJobFit Coach password"
    path, token = mailbox.last_link("ana@example.com")
    assert path == "/reset-password" and client.get(path, params={"token": token}).status_code == 200

    short = client.post("/api/auth/password-reset", json={"token": token, "new_password": "short"})
    assert short.status_code == 422 and short.json()["error"]["field"] == "new_password"
    done = client.post("/api/auth/password-reset", json={"token": token, "new_password": "a brand new secret"})
    assert done.status_code == 200 and done.json() == {"sessions_ended": 2}
    for tokens in (first, second):
        ended = client.get("/api/auth/me", headers=bearer(tokens["token"]))
        assert ended.status_code == 401 and ended.json()["error"]["code"] == "session_ended"
        assert client.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code == 401
    assert login(client).status_code == 401
    signed_in = login(client, password="a brand new secret")
    assert signed_in.status_code == 200 and signed_in.json()["user"]["email_verified"] is True  # the mailbox is proven
    reused = client.post("/api/auth/password-reset", json={"token": token, "new_password": "another new secret"})
    assert reused.status_code == 400 and reused.json()["error"]["code"] == "link_used"
    assert login(client, password="a brand new secret").status_code == 200


def test_a_verify_link_cannot_reset_a_password(client: TestClient, mailbox: Mailbox) -> None:
    register(client)
    _, token = mailbox.last_link("ana@example.com")
    wrong = client.post("/api/auth/password-reset", json={"token": token, "new_password": "a brand new secret"})
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "invalid_link"
    assert login(client).status_code == 200


def test_login_is_rate_limited_per_address(client: TestClient, settings: Settings) -> None:
    register(client)
    register(client, "bo@example.com")
    for _ in range(settings.login_failures_per_email):
        assert login(client, password="wrong password").status_code == 401
    limited = login(client)  # even the right password waits
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "rate_limited"
    assert 0 < int(limited.headers["retry-after"]) <= settings.login_window_minutes * 60
    assert login(client, "bo@example.com").status_code == 200  # another address is not held up


def test_a_success_clears_the_failures(client: TestClient, settings: Settings) -> None:
    register(client)
    for _ in range(3):
        for _ in range(settings.login_failures_per_email - 1):
            assert login(client, password="wrong password").status_code == 401
        assert login(client).status_code == 200


def test_login_is_rate_limited_per_client(tmp_path: Path, database_url: str) -> None:
    settings = make_settings(tmp_path, database_url, COACH_LOGINS_PER_CLIENT=4)
    upgrade(settings.sqlalchemy_url)
    with TestClient(create_app(settings)) as client:
        for i in range(4):
            assert login(client, f"user{i}@example.com").status_code == 401
        assert login(client, "user9@example.com").status_code == 429


def test_reset_mails_are_rate_limited(client: TestClient, settings: Settings, mailbox: Mailbox) -> None:
    register(client)
    for _ in range(settings.account_emails_per_hour):
        assert client.post("/api/auth/password-reset/send", json={"email": "ana@example.com"}).status_code == 202
    limited = client.post("/api/auth/password-reset/send", json={"email": "ana@example.com"})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert len(mailbox.to("ana@example.com", count=settings.account_emails_per_hour)) >= 1 + settings.account_emails_per_hour - 1


def test_refresh_tokens_work_once_and_a_reused_one_ends_the_session(client: TestClient,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    tokens = register(client)
    renewed = client.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert renewed.status_code == 200, renewed.text
    fresh = renewed.json()
    assert fresh["refresh_token"] != tokens["refresh_token"] and fresh["user"]["id"] == tokens["user"]["id"]
    assert client.get("/api/auth/me", headers=bearer(fresh["token"])).status_code == 200

    # Used again at once (a second tab): refused, the session goes on.
    racing = client.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert racing.status_code == 401 and racing.json()["error"]["code"] == "refresh_token_superseded"
    assert client.get("/api/auth/me", headers=bearer(fresh["token"])).status_code == 200
    # Used again later: someone else may hold it, so the session ends.
    monkeypatch.setattr("memory.auth_sessions.ROTATION_GRACE", timedelta(0))
    stolen = client.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert stolen.status_code == 401 and stolen.json()["error"]["code"] == "refresh_token_reused"
    assert client.get("/api/auth/me", headers=bearer(fresh["token"])).json()["error"]["code"] == "session_ended"
    assert client.post("/api/auth/refresh", json={"refresh_token": fresh["refresh_token"]}).status_code == 401
    assert client.post("/api/auth/refresh", json={"refresh_token": "nonsense"}).json()["error"]["code"] == \
        "invalid_refresh_token"


def test_guests_refresh_too(client: TestClient) -> None:
    guest = client.post("/api/auth/guest").json()
    renewed = client.post("/api/auth/refresh", json={"refresh_token": guest["refresh_token"]}).json()
    assert renewed["user"]["id"] == guest["user"]["id"] and renewed["user"]["is_guest"]


def test_logout_ends_the_session_at_once(client: TestClient) -> None:
    laptop = register(client)
    phone = login(client).json()
    assert client.post("/api/auth/logout", headers=bearer(laptop["token"])).status_code == 204
    assert client.get("/api/auth/me", headers=bearer(laptop["token"])).status_code == 401  # before it expires
    assert client.post("/api/auth/refresh", json={"refresh_token": laptop["refresh_token"]}).status_code == 401
    assert client.get("/api/auth/me", headers=bearer(phone["token"])).status_code == 200
    assert client.post("/api/auth/logout", json={"everywhere": True}, headers=bearer(phone["token"])).status_code == 204
    assert client.get("/api/auth/me", headers=bearer(phone["token"])).status_code == 401


def test_sessions_are_listed_and_ended_one_by_one(client: TestClient) -> None:
    laptop = register(client)
    phone = client.post("/api/auth/login", json={"email": "ana@example.com", "password": PASSWORD},
                        headers={"User-Agent": "PhoneBrowser/1.0"}).json()
    listed = client.get("/api/auth/sessions", headers=bearer(laptop["token"])).json()
    assert len(listed) == 2 and [row["current"] for row in listed].count(True) == 1
    other = next(row for row in listed if not row["current"])
    assert other["user_agent"] == "PhoneBrowser/1.0"
    bo = register(client, "bo@example.com")
    assert client.delete(f"/api/auth/sessions/{other['id']}", headers=bearer(bo["token"])).status_code == 404
    assert client.get("/api/auth/me", headers=bearer(phone["token"])).status_code == 200  # not bo's to end
    assert client.delete(f"/api/auth/sessions/{other['id']}", headers=bearer(laptop["token"])).status_code == 204
    assert client.get("/api/auth/me", headers=bearer(phone["token"])).status_code == 401


def test_a_password_change_ends_the_other_sessions(client: TestClient) -> None:
    laptop = register(client)
    phone = login(client).json()
    wrong = client.post("/api/auth/password", json={"current_password": "not it at all", "new_password": "x" * 12},
                        headers=bearer(laptop["token"]))
    assert wrong.status_code == 403 and wrong.json()["error"]["field"] == "current_password"
    assert client.get("/api/auth/me", headers=bearer(phone["token"])).status_code == 200  # nothing changed
    changed = client.post("/api/auth/password", json={"current_password": PASSWORD, "new_password": "a new secret!"},
                          headers=bearer(laptop["token"]))
    assert changed.status_code == 200 and changed.json() == {"sessions_ended": 1}
    assert client.get("/api/auth/me", headers=bearer(laptop["token"])).status_code == 200
    ended = client.get("/api/auth/me", headers=bearer(phone["token"]))
    assert ended.status_code == 401 and "password_changed" in ended.json()["error"]["message"]
    assert login(client).status_code == 401 and login(client, password="a new secret!").status_code == 200
    guest = client.post("/api/auth/guest").json()
    refused = client.post("/api/auth/password", json={"current_password": "", "new_password": "a new secret!"},
                          headers=bearer(guest["token"]))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"


def test_a_deactivated_account_cannot_sign_in_and_its_tokens_stop(client: TestClient) -> None:
    tokens = register(client)
    with Session(client.app.state.service.db) as session:
        user = session.get(User, tokens["user"]["id"])
        user.is_active = False
        session.add(user)
        session.commit()
    refused = login(client)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "account_deactivated"
    assert client.get("/api/auth/me", headers=bearer(tokens["token"])).json()["error"]["code"] == "account_deactivated"
    assert client.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code == 401
    assert client.post("/api/auth/password-reset/send", json={"email": "ana@example.com"}).status_code == 202


def test_only_hashes_of_tokens_are_stored(client: TestClient, mailbox: Mailbox) -> None:
    tokens = register(client)
    _, link_token = mailbox.last_link("ana@example.com")
    with Session(client.app.state.service.db) as session:
        stored = [row.refresh_hash for row in session.exec(select(AuthSession)).all()]
        stored += [row.token_hash for row in session.exec(select(EmailLink)).all()]
    assert stored and tokens["refresh_token"] not in stored and link_token not in stored


def test_the_console_sender_prints_the_link_when_no_smtp_is_set(tmp_path: Path, capsys: pytest.CaptureFixture
                                                                ) -> None:
    settings = make_settings(tmp_path)
    upgrade(settings.sqlalchemy_url)
    with TestClient(create_app(settings)) as client:
        register(client)
    printed = capsys.readouterr().out
    assert "To: ana@example.com" in printed and "http://127.0.0.1:8000/verify-email?token=" in printed
