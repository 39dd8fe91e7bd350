"""The dashboard's "What the coach remembers" and "Your data" panels in a real browser, against `coach serve`:
what a chat message said shows in its group, is corrected (the old text kept), deleted, added to and switched
off and on; the data is downloaded and the account erased. Each step is checked against what the API holds."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx
from playwright.sync_api import Locator, Page, expect

from tests.browser.test_career_pages import expect_error_beside, shoot
from tests.browser.test_dashboard import register
from tests.browser.widget_page import ask, open_widget, stored

TOLD = "I can't relocate before June. I prefer remote work."


def memories(coach_url: str, headers: dict[str, str]) -> dict:
    response = httpx.get(f"{coach_url}/api/memory", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def by_text(panel: Locator, text: str) -> Locator:
    return panel.get_by_test_id("memory").filter(has=panel.page.get_by_test_id("memory-text").get_by_text(text, exact=True))


def expect_panel_shows(panel: Locator, state: dict) -> None:
    """Every stored memory in its kind's group, in the API's order, and no group the API does not have."""
    for kind, items in state["groups"].items():
        group = panel.get_by_test_id(f"memory-group-{kind}")
        if not items:
            expect(group).to_have_count(0)
            continue
        expect(group.get_by_test_id("memory-text")).to_have_text([m["text"] for m in items])


def test_the_user_sees_corrects_deletes_adds_and_switches_off_their_memories(page: Page, coach_url: str, shots) -> None:
    page.goto(coach_url + "/app")
    register(page, f"mia-{uuid.uuid4().hex[:8]}@example.com")
    headers = {"Authorization": f"Bearer {stored(page, coach_url, 'token')}"}
    panel = page.get_by_test_id("panel-memory")
    expect(panel.get_by_test_id("memory-empty")).to_be_visible()
    expect(panel.get_by_role("switch", name="Remember what I tell the coach")).to_be_checked()
    expect(panel).to_contain_text("Off: the coach neither saves nor uses memories; what is stored stays until you delete it")

    # Say it in the chat; the memory step stores a constraint and a preference from this conversation.
    open_widget(page)
    ask(page, TOLD)
    thread_id = stored(page, coach_url, "thread")
    page.get_by_test_id("close").click()
    state = memories(coach_url, headers)
    relocation = next(m for m in state["groups"]["constraint"] if "relocate before June" in m["text"])
    remote = next(m for m in state["groups"]["preference"] if "remote" in m["text"])
    assert relocation["thread_id"] == remote["thread_id"] == thread_id

    panel.get_by_role("button", name="Refresh").click()
    expect_panel_shows(panel, state)
    expect(panel.get_by_test_id("memory-summary")).to_have_text(f"Memory is on · {state['count']} memories stored.")
    row = by_text(panel, relocation["text"])
    title = next(t["title"] for t in httpx.get(f"{coach_url}/api/chat/threads", headers=headers).json() if t["id"] == thread_id)
    expect(row.get_by_test_id("memory-thread")).to_have_text(f"“{title}”")
    shoot(shots, panel, "memories-from-chat")

    # The conversation a memory came from opens in the chat panel.
    page.evaluate("() => window.SmartJobFitCoach.newConversation()")
    row.get_by_role("button", name=f"Open the conversation “{title}” in the chat").click()
    expect(page.get_by_test_id("msg-user").first).to_contain_text(TOLD)
    page.get_by_test_id("close").click()

    # Correct it inline: Cancel leaves it as it was, Save keeps the old text among the earlier versions.
    row.get_by_role("button", name=f"Edit: {relocation['text']}").click()
    editor = panel.get_by_test_id("memory-edit-text")
    expect(editor).to_be_focused()
    expect(editor).to_have_value(relocation["text"])
    editor.fill("changed my mind")
    panel.get_by_role("button", name="Cancel").click()
    expect(row.get_by_test_id("memory-text")).to_have_text(relocation["text"])
    expect(row.get_by_role("button", name=f"Edit: {relocation['text']}")).to_be_focused()
    row.get_by_role("button", name=f"Edit: {relocation['text']}").click()
    panel.get_by_test_id("memory-edit-text").fill("I can't relocate before September")
    panel.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("notice")).to_have_text("Memory corrected.")
    corrected = next(m for m in memories(coach_url, headers)["groups"]["constraint"] if m["id"] == relocation["id"])
    assert corrected["text"] == "I can't relocate before September"
    assert [old["text"] for old in corrected["history"]] == [relocation["text"]]
    row = by_text(panel, "I can't relocate before September")
    expect(row.get_by_role("button", name="Edit: I can't relocate before September")).to_be_focused()
    toggle = row.get_by_test_id("memory-history-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(row.get_by_test_id("memory-versions")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(row.get_by_test_id("memory-versions")).to_contain_text(relocation["text"])
    shoot(shots, panel, "corrected-with-history")

    # Delete asks first ("Keep it" has the focus); confirmed, the memory is gone here and in the API.
    row = by_text(panel, remote["text"])
    row.get_by_role("button", name=f"Delete: {remote['text']}").click()
    expect(row.get_by_role("button", name="Keep it")).to_be_focused()
    shoot(shots, panel, "delete-confirm")
    row.get_by_role("button", name="Keep it").click()
    expect(row.get_by_test_id("memory-confirm")).to_have_count(0)
    expect(row.get_by_role("button", name=f"Delete: {remote['text']}")).to_be_focused()
    row.get_by_role("button", name=f"Delete: {remote['text']}").click()
    row.get_by_role("button", name="Yes, delete").click()
    expect(page.get_by_test_id("notice")).to_have_text("Memory deleted.")
    expect(by_text(panel, remote["text"])).to_have_count(0)
    state = memories(coach_url, headers)
    assert remote["id"] not in [m["id"] for group in state["groups"].values() for m in group]
    expect_panel_shows(panel, state)
    focused = page.evaluate("() => document.activeElement.getAttribute('aria-label') || document.activeElement.textContent")
    assert focused.startswith("Edit: ") or focused == "What the coach remembers", focused  # not lost on <body>

    # A note of the user's own; one over the size limit is refused next to the box, and nothing is stored.
    panel.get_by_test_id("memory-note").fill("x" * 5000)
    panel.get_by_role("button", name="Add note").click()
    expect_error_beside(panel.get_by_test_id("memory-note"), "the limit is")
    expect(panel.get_by_test_id("memory-note")).to_be_focused()
    assert memories(coach_url, headers)["count"] == state["count"]
    shoot(shots, panel, "note-too-long")
    panel.get_by_test_id("memory-note").fill("I want to stay in healthcare")
    panel.get_by_role("button", name="Add note").click()
    expect(page.get_by_test_id("notice")).to_have_text("Noted: the coach will remember it.")
    expect(panel.get_by_test_id("memory-note")).not_to_have_attribute("aria-invalid", "true")  # the refusal is gone
    expect(panel.get_by_test_id("memory-note-error")).to_have_text("")
    state = memories(coach_url, headers)
    [note] = state["groups"]["note"]
    assert (note["text"], note["source"], note["thread_id"]) == ("I want to stay in healthcare", "user", None)
    expect(panel.get_by_test_id("memory-group-note")).to_contain_text("I want to stay in healthcare")
    expect(by_text(panel, note["text"])).to_contain_text("Added by you")
    expect_panel_shows(panel, state)

    # Off, and on again: the API agrees each time, and what is stored stays.
    switch = panel.get_by_role("switch", name="Remember what I tell the coach")
    switch.click()
    expect(page.get_by_test_id("notice")).to_have_text("Memory is off.")
    expect(switch).not_to_be_checked()
    off = memories(coach_url, headers)
    assert off["enabled"] is False and off["count"] == state["count"]
    expect(panel.get_by_test_id("memory-summary")).to_contain_text("Memory is off")
    expect_panel_shows(panel, off)
    shoot(shots, panel, "memory-off")
    page.reload()
    expect(page.get_by_test_id("panel-memory").get_by_role("switch")).not_to_be_checked()  # from the API, after a reload
    switch = page.get_by_test_id("panel-memory").get_by_role("switch", name="Remember what I tell the coach")
    switch.click()
    expect(switch).to_be_checked()
    expect(switch).to_be_focused()
    assert memories(coach_url, headers)["enabled"] is True


def test_the_user_downloads_their_data_then_erases_their_account(page: Page, coach_url: str, shots) -> None:
    page.goto(coach_url + "/app")
    email = f"ivo-{uuid.uuid4().hex[:8]}@example.com"
    register(page, email)
    token = stored(page, coach_url, "token")
    headers = {"Authorization": f"Bearer {token}"}
    open_widget(page)
    ask(page, TOLD)
    page.get_by_test_id("close").click()
    stored_texts = {m["text"] for group in memories(coach_url, headers)["groups"].values() for m in group}
    assert stored_texts

    panel = page.get_by_test_id("panel-data")
    with page.expect_download() as downloading:
        panel.get_by_role("button", name="Download my data").click()
    download = downloading.value
    assert download.suggested_filename.startswith("smartjobfit-export-") and download.suggested_filename.endswith(".json")
    exported = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert exported["user"]["email"] == email
    assert {m["text"] for m in exported["tables"]["memories"]} == stored_texts
    assert any(TOLD in json.dumps(c["messages"]) for c in exported["conversations"])
    expect(page.get_by_test_id("notice")).to_have_text("Your data was downloaded as a JSON file.")

    # A wrong confirmation is refused next to the box, and the account is untouched.
    box = panel.get_by_test_id("erase-confirm")
    box.fill("delete")
    panel.get_by_role("button", name="Delete my account and all my data").click()
    expect_error_beside(box, "Type DELETE in capitals to confirm. Nothing was deleted.")
    expect(box).to_be_focused()
    assert httpx.get(f"{coach_url}/api/auth/me", headers=headers).status_code == 200
    shoot(shots, panel, "erase-refused")

    box.fill("DELETE")
    panel.get_by_role("button", name="Delete my account and all my data").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_test_id("auth-error")).to_have_text("Your account and all its data were deleted.")
    expect(page.get_by_test_id("email")).to_be_focused()
    assert stored(page, coach_url, "token") is None
    assert httpx.get(f"{coach_url}/api/auth/me", headers=headers).status_code == 401
    shots(page, "erased")
    page.get_by_test_id("email").fill(email)
    page.get_by_test_id("password").fill("correct horse battery")
    page.get_by_test_id("login").click()
    expect(page.get_by_test_id("auth-error")).to_have_text("wrong email or password")
