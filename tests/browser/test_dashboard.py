"""The signed-in user's dashboard (/app) in a real browser."""

from __future__ import annotations

import uuid

import httpx
from playwright.sync_api import Page, expect

from tests.browser.widget_page import ask, open_widget, stored


def register(page: Page, email: str, password: str = "correct horse battery") -> None:
    page.get_by_test_id("email").fill(email)
    page.get_by_test_id("password").fill(password)
    page.get_by_test_id("register").click()
    expect(page.get_by_test_id("who")).to_have_text(email)


def test_a_guest_who_signs_up_keeps_the_conversation_and_uses_the_panels(page: Page, coach_url: str, shots) -> None:
    email = f"dana-{uuid.uuid4().hex[:8]}@example.com"
    page.goto(coach_url + "/app")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    shots(page, "sign-in")

    # Chat as a guest first (the widget is on the dashboard too), then create an account.
    open_widget(page)
    ask(page, "I'm a nurse in Denver with 6 years' experience")
    guest_thread = stored(page, coach_url, "thread")
    page.get_by_test_id("close").click()
    register(page, email)
    shots(page, "dashboard")

    # The conversation is now the account's, listed in the history panel.
    threads = page.get_by_test_id("panel-history").get_by_test_id("thread")
    expect(threads).to_have_count(1)
    expect(threads.first).to_contain_text("nurse in Denver")
    assert stored(page, coach_url, "thread") == guest_thread

    # The profile the coach saved from chat shows in the profile panel, and can be edited.
    profile = page.get_by_test_id("panel-profile")
    expect(page.get_by_test_id("profile-location")).to_have_value("Denver")
    expect(page.get_by_test_id("profile-experience_years")).to_have_value("6")
    page.get_by_test_id("profile-target_role").fill("Nurse practitioner")
    profile.get_by_role("button", name="Save profile").click()
    expect(page.get_by_test_id("notice")).to_have_text("Profile saved.")
    token = stored(page, coach_url, "token")
    saved = httpx.get(f"{coach_url}/api/me/profile", headers={"Authorization": f"Bearer {token}"}).json()
    assert saved["target_role"] == "Nurse practitioner" and saved["location"] == "Denver"

    # A bad value is refused with the field named, and nothing stored changes.
    page.get_by_test_id("profile-experience_years").fill("-3")
    profile.get_by_role("button", name="Save profile").click()
    expect(page.get_by_test_id("profile-error")).to_contain_text("experience_years")
    again = httpx.get(f"{coach_url}/api/me/profile", headers={"Authorization": f"Bearer {token}"}).json()
    assert again == saved

    # A salary look-up draws the same card and chart as the chat.
    page.get_by_test_id("salary-title").fill("registered nurse")
    page.get_by_test_id("salary-location").fill("Seattle")
    page.get_by_test_id("panel-salary").get_by_role("button", name="Look up").click()
    card = page.get_by_test_id("salary-result").get_by_test_id("card-salary")
    expect(card).to_contain_text("Seattle")
    expect(card.get_by_test_id("salary-chart")).to_be_visible()
    shots(page, "salary-lookup", full_page=True)

    # An unknown title is a clear message, not a blank.
    page.get_by_test_id("salary-title").fill("zzqx")
    page.get_by_test_id("panel-salary").get_by_role("button", name="Look up").click()
    expect(page.get_by_test_id("salary-result")).to_contain_text("no occupation matches")

    # Open a past conversation in the chat panel.
    page.evaluate("() => window.SmartJobFitCoach.newConversation()")
    assert stored(page, coach_url, "thread") is None
    threads.first.get_by_role("button", name="Open").first.click()
    expect(page.get_by_test_id("panel")).to_be_visible()
    expect(page.get_by_test_id("msg-user").first).to_contain_text("nurse in Denver")

    # Sign out, then sign in again: same account, same data.
    page.get_by_test_id("sign-out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.reload()
    page.get_by_test_id("email").fill(email)
    page.get_by_test_id("password").fill("correct horse battery")
    page.get_by_test_id("login").click()
    expect(page.get_by_test_id("who")).to_have_text(email)
    expect(page.get_by_test_id("panel-history").get_by_test_id("thread")).to_have_count(1)


def test_sign_in_errors_name_what_was_wrong(page: Page, coach_url: str) -> None:
    page.goto(coach_url + "/app")
    page.get_by_test_id("email").fill("nobody@example.com")
    page.get_by_test_id("password").fill("wrong password")
    page.get_by_test_id("login").click()
    expect(page.get_by_test_id("auth-error")).to_have_text("wrong email or password")
    page.get_by_test_id("email").fill("not-an-email")
    page.get_by_test_id("password").fill("long enough password")
    page.get_by_test_id("register").click()
    expect(page.get_by_test_id("auth-error")).to_contain_text("email")
    expect(page.get_by_test_id("sign-out")).to_be_hidden()


def test_negotiations_panel_lists_roleplays_and_plans(page: Page, coach_url: str) -> None:
    email = f"sam-{uuid.uuid4().hex[:8]}@example.com"
    page.goto(coach_url + "/app")
    register(page, email)
    panel = page.get_by_test_id("panel-negotiation")
    expect(panel).to_contain_text("No role-plays yet")
    token = stored(page, coach_url, "token")
    headers = {"Authorization": f"Bearer {token}"}
    session = httpx.post(f"{coach_url}/api/salary/simulation", headers=headers,
                         json={"title": "registered nurse", "location": "Denver", "offer": 92000}).json()
    httpx.post(f"{coach_url}/api/salary/simulation/{session['id']}/turn", headers=headers, json={"message": "I accept."})
    score = httpx.get(f"{coach_url}/api/salary/simulation/{session['id']}/debrief", headers=headers).json()["performance_score"]
    httpx.post(f"{coach_url}/api/salary/negotiation-strategy", headers=headers,
               json={"title": "registered nurse", "location": "Denver", "offer": {"base": 92000}})
    panel.get_by_role("button", name="Refresh").click()
    expect(panel.get_by_test_id("roleplay")).to_contain_text(f"{round(score)}/100")
    expect(panel.get_by_test_id("strategy")).to_contain_text("offer $92,000")
