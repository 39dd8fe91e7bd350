"""The admin page (/admin) in a real browser: an admin made with `coach users create-admin` signs in, finds a user,
deactivates them after a confirm step (their token stops working) and sees the entry in the audit log; a bad value
is refused next to its field; anyone else is told the page is for admins only."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.server.conftest import free_port, start_server, stop_server
from tests.test_cli import _coach

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def coach(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A coach server and its data folder (the CLI makes the admin in the same SQLite file)."""
    data = tmp_path_factory.mktemp("coach-admin")
    port = free_port()
    process = start_server(data, port)
    yield f"http://127.0.0.1:{port}", data
    stop_server(process)


def register(url: str, prefix: str) -> tuple[str, str]:
    email = f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"
    response = httpx.post(f"{url}/api/auth/register", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return email, response.json()["token"]


def sign_in(page: Page, email: str) -> None:
    page.get_by_test_id("email").fill(email)
    page.get_by_test_id("password").fill(PASSWORD)
    page.get_by_test_id("login").click()


def test_an_admin_finds_a_user_deactivates_them_and_sees_the_audit_entry(page: Page, coach, shots) -> None:
    url, data = coach
    boss = f"boss-{uuid.uuid4().hex[:6]}@example.com"
    made = _coach(data, "users", "create-admin", boss, "--password-stdin", stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    dana, dana_token = register(url, "dana")
    register(url, "eli")

    page.goto(url + "/admin")
    expect(page.get_by_role("heading", name="Admin sign-in")).to_be_visible()
    sign_in(page, boss)
    expect(page.get_by_test_id("who")).to_have_text(boss)
    counts = page.get_by_test_id("admin-counts")
    expect(counts.get_by_test_id("count-admins")).to_have_text("1")
    expect(counts.get_by_test_id("count-deactivated")).to_have_text("0")
    expect(page.get_by_role("tab", name="Users")).to_have_attribute("aria-selected", "true")
    shots(page, "signed-in")

    users = page.get_by_test_id("panel-users")
    expect(users.get_by_test_id("users-row")).to_have_count(3)
    users.get_by_label("E-mail or id").fill(dana[:12])
    users.get_by_role("button", name="Search").click()
    row = users.get_by_test_id("users-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(dana)

    # Deactivate asks first; Cancel changes nothing.
    row.get_by_role("button", name="Deactivate").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text(f"Deactivate {dana}?")
    shots(page, "confirm")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    assert httpx.get(f"{url}/api/auth/me", headers={"Authorization": f"Bearer {dana_token}"}).status_code == 200
    row.get_by_role("button", name="Deactivate").click()
    dialog.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_test_id("notice")).to_have_text(f"{dana} deactivated; 1 session(s) ended.")
    expect(row).to_contain_text("deactivated")
    expect(row.get_by_role("button", name="Reactivate")).to_be_visible()
    expect(counts.get_by_test_id("count-deactivated")).to_have_text("1")
    assert httpx.get(f"{url}/api/auth/me", headers={"Authorization": f"Bearer {dana_token}"}).status_code == 401
    login = httpx.post(f"{url}/api/auth/login", json={"email": dana, "password": PASSWORD})
    assert login.status_code == 403
    shots(page, "deactivated")

    # The audit log names who did it and what changed.
    page.get_by_role("tab", name="Audit log").click()
    entries = page.get_by_test_id("panel-audit").get_by_test_id("audit-row")
    expect(entries.first).to_contain_text("user.deactivate")
    expect(entries.first).to_contain_text(boss)
    expect(entries.first).to_contain_text(f"user {dana}")
    expect(entries.first).to_contain_text("is_active: true → false")
    expect(entries.nth(1)).to_contain_text("cli")  # the bootstrap, from the command line
    shots(page, "audit", full_page=True)

    # A bad value is refused next to the field it names, and the course keeps its rating.
    page.get_by_role("tab", name="Courses").click()
    courses = page.get_by_test_id("panel-courses")
    first = courses.get_by_test_id("courses-row").first
    first.get_by_role("button", name="Edit").click()
    form = courses.get_by_test_id("edit-form")
    form.get_by_test_id("edit-rating").fill("6")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_test_id("edit-rating-error")).to_contain_text("rating")
    expect(form.get_by_test_id("edit-rating")).to_have_attribute("aria-invalid", "true")
    form.get_by_role("button", name="Cancel").click()
    expect(courses.get_by_test_id("edit-form")).to_have_count(0)


def test_a_signed_in_student_is_told_the_page_is_for_admins_only(page: Page, coach) -> None:
    url, _ = coach
    email, _ = register(url, "student")
    page.goto(url + "/admin")
    sign_in(page, email)
    expect(page.get_by_test_id("admins-only")).to_contain_text("Admins only")
    expect(page.get_by_test_id("admins-only")).to_contain_text(f"{email} (student)")
    expect(page.get_by_test_id("admin-counts")).to_be_hidden()
    page.reload()  # the stored token is the student's: the page says so again
    expect(page.get_by_test_id("admins-only")).to_contain_text("Admins only")
    page.get_by_test_id("sign-out").click()
    expect(page.get_by_test_id("admins-only")).to_be_hidden()
