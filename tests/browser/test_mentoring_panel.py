"""The dashboard's "Mentoring" and "Offer mentoring" panels in a real browser, against `coach serve`: a mentee finds
a mentor (made over the API) and sends an edited request; the mentor, signed in in a second browser, accepts,
picks a time (the invite e-mailed to both) and writes; the mentee checks in after the session, downloads the
calendar and ends it. The mentor profile form refuses a capacity of 0 and overlapping slots beside the field,
storing nothing, then saves and stops. Each step is checked against what the API holds."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import create_engine, update

from memory.models import MentorshipSession, User
from tests.browser.test_career_pages import expect_error_beside, shoot
from tests.browser.test_dashboard import register
from tests.server.conftest import free_port, start_server, stop_server

PASSWORD = "correct horse battery"
EVERY_DAY = [{"day": day, "start": "08:00", "end": "20:00"} for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]
PRIYA = {"display_name": "Priya Shah", "current_role": "marketing manager", "industries": ["Software"],
         "skills": ["SQL", "market research"], "years_experience": 12, "languages": ["English"],
         "timezone": "Europe/Berlin", "availability": EVERY_DAY, "capacity": 2, "style": "structured",
         "frequency": "biweekly", "bio": "Twelve years in B2B marketing."}
SLOW = 30  # seconds: the first match loads the skills taxonomy and occupations, on a busy machine
EDITED = "Hi Priya, I'm a nurse moving into healthcare marketing. Could we talk about market research?"


@pytest.fixture(scope="module")
def coach_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("coach-mentoring")


@pytest.fixture(scope="module")
def coach_url(coach_dir: Path) -> Iterator[str]:
    """The server of this module, on a data folder the test can reach (to confirm addresses and to move a session
    into the past, which the API rightly refuses)."""
    port = free_port()
    process = start_server(coach_dir, port)
    yield f"http://127.0.0.1:{port}"
    stop_server(process)


@pytest.fixture(scope="module")
def db(coach_dir: Path):
    engine = create_engine(f"sqlite:///{coach_dir / 'coach.db'}")
    yield engine
    engine.dispose()


def sign_up(coach_url: str, name: str) -> tuple[str, dict[str, str], str]:
    email = f"{name}-{uuid.uuid4().hex[:8]}@example.com"
    made = httpx.post(f"{coach_url}/api/auth/register", json={"email": email, "password": PASSWORD}, timeout=SLOW)
    assert made.status_code == 201, made.text
    return email, {"Authorization": f"Bearer {made.json()['token']}"}, made.json()["user"]["id"]


def get(coach_url: str, path: str, headers: dict[str, str]):
    response = httpx.get(f"{coach_url}{path}", headers=headers, timeout=SLOW)
    assert response.status_code == 200, response.text
    return response.json()


def new_page(browser: Browser, **options) -> Page:
    """A page in a browser profile of its own (a second person), its JavaScript errors collected."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}, **options).new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return page


def sign_in(page: Page, coach_url: str, email: str) -> None:
    page.goto(coach_url + "/app")
    page.get_by_test_id("email").fill(email)
    page.get_by_test_id("password").fill(PASSWORD)
    page.get_by_test_id("login").click()
    expect(page.get_by_test_id("who")).to_have_text(email)


def token_of(page: Page, coach_url: str) -> dict[str, str]:
    token = page.evaluate("([k]) => localStorage.getItem(k)", [f"sjf:{coach_url}:token"])
    return {"Authorization": f"Bearer {token}"}


def slot(editor: Locator, n: int) -> Locator:
    return editor.get_by_test_id("slot").nth(n)


def expect_error_on_row(row: Locator, control: Locator, text: str) -> None:
    """A time's controls share the error line under their row: the message is there, and the control it names is
    marked invalid and described by it."""
    line = row.get_by_test_id("slot-error")
    expect(line).to_contain_text(text)
    expect(control).to_have_attribute("aria-invalid", "true")
    assert line.get_attribute("id") in control.get_attribute("aria-describedby").split()


def test_a_mentee_asks_and_the_mentor_accepts_schedules_and_writes(browser: Browser, coach_url: str, db, shots) -> None:
    mentor_email, mentor_headers, mentor_id = sign_up(coach_url, "priya")
    saved = httpx.put(f"{coach_url}/api/mentors/me", json=PRIYA, headers=mentor_headers, timeout=SLOW)
    assert saved.status_code == 200, saved.text

    # The mentee, in Denver, finds her from the dashboard: the list is the API's, score and reasons.
    mentee = new_page(browser, timezone_id="America/Denver")
    mentee.goto(coach_url + "/app")
    mentee_email = f"nia-{uuid.uuid4().hex[:8]}@example.com"
    register(mentee, mentee_email)
    headers = token_of(mentee, coach_url)
    panel = mentee.get_by_test_id("panel-mentoring")
    expect(panel.get_by_test_id("mentorship-list")).to_contain_text("No mentorships yet")
    panel.get_by_test_id("match-target-role").fill("marketing manager")
    panel.get_by_role("button", name="Find mentors").click()
    match = panel.get_by_test_id("mentor-match")
    expect(match).to_have_count(1, timeout=SLOW * 1000)
    wanted = httpx.post(f"{coach_url}/api/career/mentor-matching", json={"target_role": "marketing manager"},
                        headers=headers, timeout=SLOW).json()["mentors"]
    assert [m["name"] for m in wanted] == ["Priya Shah"]
    expect(match.get_by_test_id("match-score")).to_have_text(f"Score {wanted[0]['score']:.2f}")
    expect(match.get_by_test_id("match-reasons").locator("li")).to_have_text(wanted[0]["reasons"])
    shoot(shots, panel, "mentor-found")

    # "Ask for mentorship" opens the request with the coach's draft and the browser's timezone.
    match.get_by_role("button", name="Ask Priya Shah for mentorship").click()
    draft = get(coach_url, f"/api/mentorships/draft?mentor_id={mentor_id}", headers)
    message = panel.get_by_test_id("request-message")
    expect(message).to_have_value(draft["message"])
    expect(message).to_be_focused()
    expect(panel.get_by_test_id("request-timezone")).to_have_value("America/Denver")

    # A slot that ends before it starts is refused beside its "To", and nothing is sent.
    editor = panel.get_by_test_id("request-slots")
    slot(editor, 0).get_by_label("Day").select_option("wed")
    slot(editor, 0).get_by_label("From").fill("11:00")
    slot(editor, 0).get_by_label("To").fill("09:00")
    message.fill(EDITED)
    panel.get_by_test_id("request-goals").fill("A marketing portfolio by March\nA first interview")
    panel.get_by_role("button", name="Send request").click()
    end = slot(editor, 0).get_by_label("To")
    expect_error_on_row(slot(editor, 0), end, "ends before it starts")
    expect(end).to_be_focused()
    assert get(coach_url, "/api/mentorships", headers) == []
    shoot(shots, panel, "request-refused")

    slot(editor, 0).get_by_label("From").fill("09:00")
    slot(editor, 0).get_by_label("To").fill("11:00")
    panel.get_by_role("button", name="Send request").click()
    expect(panel.get_by_test_id("request-sent")).to_contain_text("Request sent to Priya Shah")
    [sent] = get(coach_url, "/api/mentorships", headers)
    assert (sent["status"], sent["message"], sent["goals"]) == ("requested", EDITED,
                                                                ["A marketing portfolio by March", "A first interview"])
    item = panel.get_by_test_id("mentorship")
    expect(item.get_by_test_id("mentorship-status")).to_have_text("Requested")
    expect(item.get_by_test_id("mentorship-message")).to_have_text(EDITED)
    shoot(shots, panel, "request-sent")

    # Both addresses confirmed, so the invite is e-mailed to both.
    with db.begin() as connection:
        connection.execute(update(User.__table__).where(User.__table__.c.email.in_([mentor_email, mentee_email]))
                           .values(email_verified_at=datetime.now(UTC)))

    # The mentor, in a second browser, accepts from the dashboard.
    mentor = new_page(browser)
    sign_in(mentor, coach_url, mentor_email)
    theirs = mentor.get_by_test_id("panel-mentoring")
    request = theirs.get_by_test_id("mentorship")
    expect(request.get_by_test_id("mentorship-message")).to_have_text(EDITED)
    expect(request).to_contain_text("Goals: A marketing portfolio by March; A first interview")
    shoot(shots, theirs, "mentor-sees-request")
    request.get_by_role("button", name="Accept the request").click()
    expect(request.get_by_test_id("mentorship-status")).to_have_text("Accepted")
    assert get(coach_url, f"/api/mentorships/{sent['id']}", mentor_headers)["status"] == "accepted"
    find_times = request.get_by_role("button", name="Find times with your mentee")
    expect(find_times).to_be_focused()

    # Times when both are free (Wednesdays 09:00-11:00 in Denver fall in her evenings in Berlin); pick the second.
    find_times.click()
    proposed = get(coach_url, f"/api/mentorships/{sent['id']}/times", mentor_headers)
    options = request.get_by_test_id("time-option")
    expect(options).to_have_count(len(proposed))
    assert len(proposed) >= 2
    expect(request.get_by_test_id("times-form")).to_contain_text(
        f"{proposed[1]['mentor_local']} your time ({proposed[1]['mentee_local']} for your mentee)")
    options.nth(1).check()
    shoot(shots, theirs, "times")
    request.get_by_role("button", name="Schedule session").click()
    invited = f"Session scheduled. Invite e-mailed to {mentor_email} and {mentee_email}."
    expect(request.get_by_test_id("mentorship-said")).to_have_text(invited)
    expect(mentor.get_by_test_id("notice")).to_have_text(invited)
    active = get(coach_url, f"/api/mentorships/{sent['id']}", mentor_headers)
    assert active["status"] == "active" and len(active["sessions"]) == 1
    assert datetime.fromisoformat(active["sessions"][0]["starts_at"]) == datetime.fromisoformat(proposed[1]["starts_at"])
    expect(request.get_by_test_id("mentorship-status")).to_have_text("Active")
    expect(request.get_by_test_id("session")).to_have_count(1)

    # The invite downloads with the token.
    with mentor.expect_download() as download:
        request.get_by_role("button", name="Download the sessions with your mentee as a calendar file (.ics)").click()
    ics = Path(download.value.path()).read_text()
    starts = datetime.fromisoformat(proposed[1]["starts_at"]).astimezone(UTC)
    assert "BEGIN:VCALENDAR" in ics and f"DTSTART:{starts:%Y%m%dT%H%M%SZ}" in ics
    assert download.value.suggested_filename == f"mentorship-{sent['id']}.ics"

    # A message in the pair's thread.
    request.get_by_test_id("messages").locator("summary").click()
    expect(request.get_by_test_id("message-list")).to_contain_text("No messages yet.")
    request.get_by_test_id("message-text").fill("Happy to help. Let's start with your portfolio.")
    request.get_by_role("button", name="Send message").click()
    expect(request.get_by_test_id("message")).to_have_count(1)
    expect(request.get_by_test_id("message")).to_contain_text("You")
    thread = get(coach_url, f"/api/mentorships/{sent['id']}/messages", headers)
    assert [(m["from"], m["text"]) for m in thread] == [("them", "Happy to help. Let's start with your portfolio.")]
    shoot(shots, theirs, "message-sent")

    # A week later (the session moved into the past): the mentee sees the message, checks in and ends it.
    with db.begin() as connection:
        connection.execute(update(MentorshipSession.__table__)
                           .where(MentorshipSession.__table__.c.id == active["sessions"][0]["id"])
                           .values(starts_at=datetime.now(UTC) - timedelta(days=1)))
    panel.get_by_role("button", name="Refresh").click()
    mine = panel.get_by_test_id("mentorship")
    mine.get_by_test_id("messages").locator("summary").click()
    expect(mine.get_by_test_id("message")).to_contain_text("Priya Shah")
    expect(mine.get_by_test_id("message")).to_contain_text("Let's start with your portfolio.")
    mine.get_by_test_id("check-in").click()
    mine.get_by_test_id("checkin-rating").select_option("4")
    mine.get_by_test_id("checkin-notes").fill("Reviewed my portfolio outline")
    mine.get_by_role("button", name="Save check-in").click()
    expect(mine.get_by_test_id("mentorship-health")).to_contain_text("1 session held · 0 missed · average rating 4/5")
    health = get(coach_url, f"/api/mentorships/{sent['id']}", headers)["health"]
    assert (health["sessions_held"], health["average_rating"]) == (1, 4)
    shoot(shots, panel, "checked-in")

    with mentee.expect_download() as feed:
        panel.get_by_test_id("mentorship-feed").click()
    assert feed.value.suggested_filename == "mentorship-sessions.ics"
    assert "Mentorship session with Priya Shah" in Path(feed.value.path()).read_text()

    mine.get_by_role("button", name="End the mentorship with Priya Shah").click()
    mine.get_by_test_id("reason").fill("Got the job!")
    mine.get_by_role("button", name="End mentorship").click()
    expect(mine.get_by_test_id("mentorship-status")).to_have_text("Ended")
    ended = get(coach_url, f"/api/mentorships/{sent['id']}", headers)
    assert (ended["status"], ended["reason"]) == ("ended", "Got the job!")
    for page in (mentee, mentor):
        assert not page.errors, f"JavaScript errors on the page: {page.errors}"
        page.context.close()


def test_offer_mentoring_refuses_bad_values_beside_the_field_then_saves_and_stops(page: Page, coach_url: str,
                                                                                   shots) -> None:
    page.goto(coach_url + "/app")
    register(page, f"omar-{uuid.uuid4().hex[:8]}@example.com")
    headers = token_of(page, coach_url)
    panel = page.get_by_test_id("panel-offer-mentoring")
    expect(panel.get_by_test_id("mentor-status")).to_contain_text("You don't offer mentoring yet")
    panel.get_by_test_id("mentor-display_name").fill("Omar Haddad")
    panel.get_by_test_id("mentor-current_role").fill("data analyst")
    panel.get_by_test_id("mentor-skills").fill("SQL, Python")
    panel.get_by_test_id("mentor-years_experience").fill("9")
    panel.get_by_test_id("mentor-timezone").fill("Europe/Berlin")
    panel.get_by_test_id("mentor-capacity").fill("0")
    panel.get_by_role("button", name="Start offering mentoring").click()
    capacity = panel.get_by_test_id("mentor-capacity")
    expect_error_beside(capacity, "capacity must be 1 to 20")
    expect(capacity).to_be_focused()
    assert httpx.get(f"{coach_url}/api/mentors/me", headers=headers, timeout=SLOW).status_code == 404
    shoot(shots, panel, "capacity-refused")

    # A second time that overlaps the first: refused on its row.
    capacity.fill("3")
    editor = panel.get_by_test_id("mentor-slots")
    panel.get_by_role("button", name="Add a time").click()
    expect(slot(editor, 1).get_by_label("Day")).to_be_focused()
    panel.get_by_role("button", name="Start offering mentoring").click()
    expect_error_on_row(slot(editor, 1), slot(editor, 1).get_by_label("Day"), "slot 2 (tue 18:00-19:00) overlaps slot 1")
    assert httpx.get(f"{coach_url}/api/mentors/me", headers=headers, timeout=SLOW).status_code == 404

    slot(editor, 1).get_by_label("Day").select_option("thu")
    panel.get_by_role("button", name="Start offering mentoring").click()
    expect(panel.get_by_test_id("mentor-status")).to_contain_text("You offer mentoring as Omar Haddad", timeout=SLOW * 1000)
    expect(page.get_by_test_id("notice")).to_contain_text("Mentor profile saved")
    stored = get(coach_url, "/api/mentors/me", headers)
    assert (stored["capacity"], stored["skills"], stored["timezone"], stored["years_experience"]) == \
        (3, ["SQL", "Python"], "Europe/Berlin", 9)
    assert [(s["day"], s["start"][:5], s["end"][:5]) for s in stored["availability"]] == \
        [("tue", "18:00", "19:00"), ("thu", "18:00", "19:00")]
    assert get(coach_url, "/api/auth/me", headers)["role"] == "mentor"
    shoot(shots, panel, "offering")

    # What is stored comes back after a reload; capacity 0 on a saved profile leaves it as it was.
    page.reload()
    expect(panel.get_by_test_id("mentor-capacity")).to_have_value("3")
    expect(panel.get_by_test_id("mentor-skills")).to_have_value("SQL, Python")
    expect(slot(editor, 1).get_by_label("Day")).to_have_value("thu")
    panel.get_by_test_id("mentor-capacity").fill("0")
    panel.get_by_role("button", name="Save mentor profile").click()
    expect_error_beside(panel.get_by_test_id("mentor-capacity"), "capacity must be 1 to 20")
    assert get(coach_url, "/api/mentors/me", headers) == stored

    # Stop offering, after a confirm step whose first choice is to keep offering.
    panel.get_by_role("button", name="Stop offering").click()
    expect(panel.get_by_role("button", name="Keep offering")).to_be_focused()
    panel.get_by_role("button", name="Yes, stop offering").click()
    expect(panel.get_by_test_id("mentor-status")).to_contain_text("You don't offer mentoring yet")
    assert httpx.get(f"{coach_url}/api/mentors/me", headers=headers, timeout=SLOW).status_code == 404
