"""Accounts in a real browser, against `coach serve` sending mail to a real SMTP server on loopback: the e-mailed
confirmation link, "Forgot your password?" and the reset link followed as a user would, signing in with the new
password, and an expired access token renewed with the refresh token without the user noticing."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import jwt
import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_dashboard import register
from tests.browser.widget_page import stored
from tests.server.conftest import free_port, start_server, stop_server
from tests.server.mailbox import Mailbox, smtp_server

SECRET = "browser-test-secret-key-for-signing-tokens-0123456789"


@pytest.fixture(scope="module")
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture(scope="module")
def mail_coach_url(tmp_path_factory: pytest.TempPathFactory, mailbox: Mailbox) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_server(tmp_path_factory.mktemp("coach-mail"), port, SMTP_HOST="127.0.0.1",
                           SMTP_PORT=str(mailbox.port), SMTP_SECURITY="none", COACH_PUBLIC_URL=url,
                           COACH_SECRET_KEY=SECRET)
    yield url
    stop_server(process)


def test_confirm_the_address_and_reset_the_password_from_the_emails(page: Page, mail_coach_url: str,
                                                                    mailbox: Mailbox, shots) -> None:
    email = f"eve-{uuid.uuid4().hex[:8]}@example.com"
    page.goto(mail_coach_url + "/app")
    register(page, email)
    expect(page.get_by_test_id("notice")).to_contain_text(f"We sent a link to {email}")
    account = page.get_by_test_id("panel-account")
    expect(account.get_by_test_id("email-status")).to_contain_text("is not confirmed yet")
    shots(page, "unconfirmed")

    page.goto(mailbox.last_url(email))  # the link as the e-mail has it
    expect(page.get_by_test_id("account-title")).to_have_text("Address confirmed")
    assert "token=" not in page.url  # taken out of the address bar once read
    page.goto(mail_coach_url + "/app")
    expect(account.get_by_test_id("email-status")).to_have_text(f"{email} is confirmed.")
    expect(account.get_by_test_id("resend-verification")).to_be_hidden()

    page.get_by_role("button", name="Sign out").click()
    page.get_by_test_id("forgot-password").click()
    expect(page.get_by_test_id("account-title")).to_have_text("Forgot your password?")
    page.get_by_test_id("reset-email").fill(email)
    page.get_by_test_id("send-reset").click()
    expect(page.get_by_test_id("account-status")).to_contain_text("a link to choose a new password is on its way")
    path, token = mailbox.last_link(email, "/reset-password")
    page.goto(f"{mail_coach_url}{path}?token={token}")
    page.get_by_test_id("reset-password").fill("a new password 7")
    page.get_by_test_id("reset-password-again").fill("a new password 8")
    page.get_by_test_id("save-password").click()
    expect(page.get_by_test_id("reset-form").locator(".error")).to_have_text("The two passwords differ.")
    page.get_by_test_id("reset-password-again").fill("a new password 7")
    page.get_by_test_id("save-password").click()
    expect(page.get_by_test_id("account-title")).to_have_text("Password changed")
    shots(page, "password-changed")

    page.goto(f"{mail_coach_url}{path}?token={token}")  # the link worked once
    page.get_by_test_id("reset-password").fill("yet another one 9")
    page.get_by_test_id("reset-password-again").fill("yet another one 9")
    page.get_by_test_id("save-password").click()
    expect(page.get_by_test_id("reset-form").locator(".error")).to_contain_text("already been used")

    page.goto(mail_coach_url + "/app")
    page.get_by_test_id("email").fill(email)
    page.get_by_test_id("password").fill("a new password 7")
    page.get_by_test_id("login").click()
    expect(page.get_by_test_id("who")).to_have_text(email)


def test_an_expired_access_token_is_renewed_without_signing_in_again(page: Page, mail_coach_url: str) -> None:
    email = f"fay-{uuid.uuid4().hex[:8]}@example.com"
    page.goto(mail_coach_url + "/app")
    register(page, email)
    token, refresh = stored(page, mail_coach_url, "token"), stored(page, mail_coach_url, "refresh")
    assert refresh
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    expired = jwt.encode({**claims, "exp": datetime.now(timezone.utc) - timedelta(minutes=1)}, SECRET,
                         algorithm="HS256")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [f"sjf:{mail_coach_url}:token", expired])
    page.reload()
    expect(page.get_by_test_id("who")).to_have_text(email)  # the dashboard came back: refreshed, not signed out
    expect(page.get_by_test_id("panel-account").get_by_test_id("email-status")).to_contain_text(email)
    assert stored(page, mail_coach_url, "token") != expired
    assert stored(page, mail_coach_url, "refresh") != refresh  # a refresh token works once
