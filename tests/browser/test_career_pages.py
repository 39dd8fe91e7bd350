"""The career features in a real browser: the dashboard's Skills, Learning plan, Career roadmap, Assessments and
Goals panels, the questionnaire page (/assessment), and the widget's assessment card, against `coach serve`.
What the pages show is checked against what the API stored, so a page that shows stale or made-up figures fails."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import httpx
from playwright.sync_api import Locator, Page, expect

from tests.browser.hosts import HostSite
from tests.browser.test_dashboard import register
from tests.browser.widget_page import ask, open_widget, stored

RESUME = ("Registered nurse with 6 years in a hospital. Built SQL reports on patient flow, automated shift "
          "rosters with Python scripts, kept budgets in Microsoft Excel, led project management for a new ward.")


def sign_up(page: Page, coach_url: str, name: str) -> dict[str, str]:
    """A new account on the dashboard; returns the Authorization header of its token."""
    page.goto(coach_url + "/app")
    register(page, f"{name}-{uuid.uuid4().hex[:8]}@example.com")
    return {"Authorization": f"Bearer {stored(page, coach_url, 'token')}"}


def expect_error_beside(control: Locator, text: str) -> None:
    """The message is on the control's own error line (its aria-describedby), and the control is marked invalid."""
    expect(control).to_have_attribute("aria-invalid", "true")
    line_id = control.get_attribute("aria-describedby").split()[-1]
    expect(control.page.locator(f"#{line_id}")).to_contain_text(text)
    # ...and that line sits in the same field as the control, right under it.
    expect(control.locator("xpath=..").locator(f"#{line_id}")).to_have_count(1)


def shoot(shots, panel: Locator, name: str) -> None:
    """A screenshot with the panel in view."""
    panel.scroll_into_view_if_needed()
    shots(panel.page, name)


def money(value: float) -> str:
    return f"{'+' if value > 0 else '−' if value < 0 else ''}${abs(value):,.0f}"


def test_skills_analysis_and_learning_plan_from_the_dashboard(page: Page, coach_url: str, shots) -> None:
    headers = sign_up(page, coach_url, "ana")
    skills = page.get_by_test_id("panel-skills")
    expect(skills.get_by_test_id("skills-result")).to_contain_text("No analysis yet")
    expect(page.get_by_test_id("plan-empty")).to_contain_text("run a skills analysis")

    # An empty resume is refused next to the text box, and nothing is stored.
    skills.get_by_role("button", name="Analyse my skills").click()
    expect_error_beside(page.get_by_test_id("skills-text"), "text is empty")
    expect(page.get_by_test_id("skills-text")).to_be_focused()
    shoot(shots, page.get_by_test_id("panel-skills"), "empty-resume")
    assert httpx.get(f"{coach_url}/api/career/skills-analysis/latest", headers=headers).status_code == 404

    # A role that matches nothing is refused next to the role field.
    page.get_by_test_id("skills-text").fill(RESUME)
    page.get_by_test_id("skills-target-role").fill("zzqx")
    skills.get_by_role("button", name="Analyse my skills").click()
    expect_error_beside(page.get_by_test_id("skills-target-role"), "no occupation matches 'zzqx'")
    expect(page.get_by_test_id("skills-text")).not_to_have_attribute("aria-invalid", "true")

    page.get_by_test_id("skills-target-role").fill("data analyst")
    skills.get_by_role("button", name="Analyse my skills").click()
    expect(page.get_by_test_id("notice")).to_have_text("Skills analysed and saved.")
    latest = httpx.get(f"{coach_url}/api/career/skills-analysis/latest", headers=headers).json()
    shown = skills.get_by_test_id("skill")
    expect(shown).to_have_count(len(latest["skills"]))
    names = [s["skill_name"] for s in latest["skills"]]
    assert "SQL" in names
    for i, found in enumerate(latest["skills"]):
        expect(shown.nth(i)).to_contain_text(found["skill_name"])
        expect(shown.nth(i).locator("q")).to_have_text(found["evidence"])  # the words in the resume that show it
    expect(skills).to_contain_text(f"Gaps for {latest['target_role']} ({len(latest['gaps'])})")
    expect(skills.get_by_test_id("gap").first).to_contain_text(latest["gaps"][0]["skill_name"])
    shoot(shots, page.get_by_test_id("panel-skills"), "skills")

    # The learning plan follows the new gaps at once: the courses the API planned, in order, with target dates.
    plan_items = page.get_by_test_id("plan-item")
    expect(plan_items.first).to_be_visible()
    plan = httpx.get(f"{coach_url}/api/career/learning-plan", params={"hours_per_week": 5, "free_only": "false"},
                     headers=headers).json()
    expect(plan_items).to_have_count(len(plan["items"]))
    first = plan["items"][0]
    expect(plan_items.first).to_contain_text(first["title"])
    expect(plan_items.first).to_contain_text(f"target {first['target_date']}")
    expect(page.get_by_test_id("plan")).to_contain_text(f"done by {plan['finish_date']}")

    # Progress is saved and moves the skill's level; a bad value is refused next to the field.
    row = plan_items.first
    row.get_by_test_id("plan-progress").fill("150")
    row.get_by_role("button", name="Update").click()
    expect_error_beside(row.get_by_test_id("plan-progress"), "progress")
    row.get_by_test_id("plan-status").select_option("in_progress")
    row.get_by_test_id("plan-progress").fill("50")
    row.get_by_role("button", name="Update").click()
    row = plan_items.first
    expect(row.get_by_test_id("plan-level")).to_contain_text(f"{first['skill']}: level")
    expect(row.get_by_role("button", name="Update")).to_be_focused()
    expect(row.get_by_test_id("plan-status")).to_have_value("in_progress")
    again = httpx.get(f"{coach_url}/api/career/learning-plan/{plan['plan_id']}", headers=headers).json()
    assert (again["items"][0]["status"], again["items"][0]["progress"]) == ("in_progress", 50.0)
    shoot(shots, page.get_by_test_id("panel-learning"), "plan")

    # After a reload the panel asks with the settings it used, so it shows this plan rather than making another.
    page.get_by_test_id("plan-hours").fill("2")
    page.get_by_test_id("panel-learning").get_by_role("button", name="Show my plan").click()
    expect(page.get_by_test_id("plan")).to_contain_text("min a week (microlearning)")
    page.reload()
    expect(page.get_by_test_id("plan-hours")).to_have_value("2")
    expect(page.get_by_test_id("plan")).to_contain_text("min a week (microlearning)")

    # A resume file works like pasted text; an empty file is refused next to the file field.
    page.get_by_test_id("skills-file").set_input_files(files=[{"name": "cv.txt", "mimeType": "text/plain", "buffer": b""}])
    skills.get_by_role("button", name="Analyse my skills").click()
    expect_error_beside(page.get_by_test_id("skills-file"), "the file is empty")
    page.get_by_test_id("skills-file").set_input_files(
        files=[{"name": "cv.txt", "mimeType": "text/plain", "buffer": b"Forklift operation and Tableau dashboards."}])
    page.get_by_test_id("skills-target-role").fill("")
    skills.get_by_role("button", name="Analyse my skills").click()
    expect(skills.get_by_test_id("skill").filter(has_text="Tableau")).to_have_count(1)
    expect(skills).to_contain_text("Name a target role")


def test_roadmap_panel_shows_the_scenarios_side_by_side(page: Page, coach_url: str, shots) -> None:
    headers = sign_up(page, coach_url, "rui")
    panel = page.get_by_test_id("panel-roadmap")
    expect(panel).to_contain_text("Enter your current and target roles")

    page.get_by_test_id("roadmap-current").fill("registered nurse")
    page.get_by_test_id("roadmap-target").fill("zzqx")
    panel.get_by_role("button", name="Show paths").click()
    expect_error_beside(page.get_by_test_id("roadmap-target"), "no occupation matches 'zzqx'")

    page.get_by_test_id("roadmap-target").fill("nurse practitioner")
    page.get_by_test_id("roadmap-location").fill("Denver")
    panel.get_by_role("button", name="Show paths").click()
    roadmap = httpx.get(f"{coach_url}/api/career/roadmap", headers=headers, params={
        "current": "registered nurse", "target": "nurse practitioner", "location": "Denver"}).json()
    scenarios = panel.get_by_test_id("scenario")
    expect(scenarios).to_have_count(len(roadmap["scenarios"]))
    assert len(roadmap["scenarios"]) >= 2
    expect(panel).to_contain_text(f"{roadmap['current']['title']} → {roadmap['target']['title']}")
    for i, scenario in enumerate(roadmap["scenarios"]):
        card = scenarios.nth(i)
        expect(card).to_contain_text(scenario["summary"])
        expect(card.get_by_test_id("scenario-pay")).to_contain_text(money(scenario["reward"]["change"]))
        expect(card).to_contain_text(scenario["steps"][-1]["outlook"]["growth_category"])
        expect(card).to_contain_text("Risk")
        expect(card).to_contain_text(f"{len(scenario['steps'])} step")
    # Side by side on a wide screen: the scenarios start on one line.
    tops = {round(scenarios.nth(i).bounding_box()["y"]) for i in range(scenarios.count())}
    assert len(tops) == 1, tops
    shoot(shots, panel, "roadmap")

    # Saved in the profile, the roles are filled in and the paths shown when the dashboard opens.
    httpx.patch(f"{coach_url}/api/me/profile", headers=headers,
                json={"current_role": "registered nurse", "target_role": "nurse practitioner", "location": "Denver"})
    page.reload()
    expect(page.get_by_test_id("roadmap-current")).to_have_value("registered nurse")
    expect(page.get_by_test_id("scenario")).to_have_count(len(roadmap["scenarios"]))


def test_goals_add_progress_overdue_and_calendar_export(page: Page, coach_url: str, shots) -> None:
    headers = sign_up(page, coach_url, "gil")
    panel = page.get_by_test_id("panel-goals")
    add = panel.get_by_role("button", name="Add goal")

    add.click()
    expect_error_beside(page.get_by_test_id("goal-description"), "description")
    page.get_by_test_id("goal-description").fill("Become a product manager")
    page.get_by_test_id("goal-milestones").fill("Finish the SQL course | 2027-13-45")
    add.click()
    expect_error_beside(page.get_by_test_id("goal-milestones"), "milestones.0.target_date")
    assert httpx.get(f"{coach_url}/api/career/goals", headers=headers).json() == []

    goal_date = date.today() + timedelta(days=365)
    overdue_date = date.today() - timedelta(days=10)
    page.get_by_test_id("goal-date").fill(goal_date.isoformat())
    page.get_by_test_id("goal-milestones").fill(f"Finish the SQL course | {overdue_date}\nBuild a portfolio")
    add.click()
    expect(page.get_by_test_id("notice")).to_have_text("Goal added.")
    goal = page.get_by_test_id("goal").filter(has_text="Become a product manager")
    expect(goal).to_contain_text(f"by {goal_date}")
    expect(goal.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "0")
    expect(goal.get_by_test_id("milestone-overdue")).to_have_count(1)
    expect(goal.locator("li").filter(has_text="Finish the SQL course").get_by_test_id("milestone-overdue")).to_be_visible()
    shoot(shots, panel, "goal-overdue")

    goal.get_by_role("checkbox", name="Finish the SQL course").check()
    expect(goal.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "50")
    expect(goal.get_by_role("checkbox", name="Finish the SQL course")).to_be_focused()  # redrawn, focus kept
    expect(goal.get_by_test_id("milestone-overdue")).to_have_count(0)
    stored_goal = httpx.get(f"{coach_url}/api/career/goals", headers=headers).json()[0]
    assert stored_goal["progress_percentage"] == 50
    assert [m["done"] for m in stored_goal["milestones"]] == [True, False]

    # A goal without milestones takes a percentage; an impossible one is refused next to the field.
    page.get_by_test_id("goal-description").fill("Read two books on product strategy")
    add.click()
    books = page.get_by_test_id("goal").filter(has_text="Read two books")
    books.get_by_test_id("goal-progress-input").fill("150")
    books.get_by_role("button", name="Update").click()
    expect_error_beside(books.get_by_test_id("goal-progress-input"), "progress_percentage")
    books.get_by_test_id("goal-progress-input").fill("40")
    books.get_by_role("button", name="Update").click()
    expect(page.get_by_test_id("goal").filter(has_text="Read two books").get_by_role("progressbar")).to_have_attribute(
        "aria-valuenow", "40")
    shoot(shots, panel, "goals")

    with page.expect_download() as download:
        page.get_by_test_id("goals-ics").click()
    calendar = download.value
    assert calendar.suggested_filename.endswith(".ics")
    text = open(calendar.path(), encoding="utf-8").read()
    assert text.startswith("BEGIN:VCALENDAR")
    assert "Become a product manager" in text and goal_date.strftime("%Y%m%d") in text


def answer(page: Page, item: Locator, label: str) -> None:
    item.get_by_text(label, exact=True).click()


def test_big_five_on_the_questionnaire_page_then_in_the_dashboard(page: Page, coach_url: str, shots) -> None:
    headers = sign_up(page, coach_url, "bo")
    expect(page.get_by_test_id("assessment-results")).to_contain_text("No results yet")
    page.get_by_test_id("take-assessment").click()
    expect(page).to_have_url(f"{coach_url}/assessment")
    expect(page.get_by_test_id("who")).to_contain_text("@example.com")
    page.get_by_test_id("start-work_style").click()

    form = httpx.get(f"{coach_url}/api/career/assessment/questionnaires").json()["questionnaires"]
    big_five = next(q for q in form if q["kind"] == "work_style")
    options = big_five["response_scale"]
    items = page.get_by_test_id("item")
    expect(items).to_have_count(len(big_five["items"]))
    expect(items.first.locator("legend")).to_have_text(f"1. {big_five['items'][0]['text']}")
    expect(items.first.get_by_role("radio")).to_have_count(len(options))

    chosen = {}
    for i, item in enumerate(big_five["items"][:-1]):  # all but the last, by clicking the answers' labels
        option = options[(i * 3) % len(options)]
        answer(page, items.nth(i), option["label"])
        chosen[item["id"]] = option["value"]
    expect(page.get_by_test_id("answered")).to_have_text(f"{len(chosen)} of {len(big_five['items'])} answered")
    shots(page, "questionnaire")

    # Submitting with one left unanswered: the error is by that item, and focus goes there.
    page.get_by_test_id("submit-answers").click()
    last = items.last
    expect(last.locator(".error")).to_contain_text("unanswered")
    expect(last.get_by_role("radio").first).to_be_focused()
    assert httpx.get(f"{coach_url}/api/career/assessment", headers=headers).json() == []

    # The keyboard alone answers it: arrows move within the radio group.
    last.get_by_role("radio").first.press("ArrowRight")
    expect(last.get_by_role("radio").nth(1)).to_be_checked()
    chosen[big_five["items"][-1]["id"]] = options[1]["value"]
    expect(page.get_by_test_id("answered")).to_have_text(f"{len(chosen)} of {len(chosen)} answered")
    page.get_by_test_id("submit-answers").click()
    expect(page.get_by_test_id("saved")).to_have_text("Saved to your results.")
    expect(page.get_by_role("heading", name="Your results")).to_be_focused()

    # The scores shown follow the Mini-IPIP rule on what was clicked, and are what the API stored.
    names = {s["id"]: s["name"] for s in big_five["scales"]}
    expected = {}
    for trait in names:
        keyed = [6 - chosen[i["id"]] if i["keyed"] == "-" else chosen[i["id"]] for i in big_five["items"] if i["scale"] == trait]
        expected[names[trait]] = round(sum(keyed) / len(keyed), 2)
    records = httpx.get(f"{coach_url}/api/career/assessment", headers=headers).json()
    assert len(records) == 1 and records[0]["answers"] == chosen
    assert records[0]["result"]["traits"] == expected
    scores = page.get_by_test_id("result").get_by_test_id("score")
    expect(scores).to_have_count(len(expected))
    for row, (trait, score) in zip(scores.all(), expected.items()):
        expect(row).to_contain_text(trait)
        expect(row.locator(".num")).to_have_text(str(int(score)) if score == int(score) else f"{score:.2f}")
    shots(page, "big-five-results", full_page=True)

    # The dashboard's Assessments panel shows the stored result.
    page.goto(coach_url + "/app")
    result = page.get_by_test_id("assessment-work_style")
    for trait in expected:
        expect(result).to_contain_text(trait)
    expect(result.get_by_role("link", name="Retake")).to_have_attribute("href", "/assessment?kind=work_style")
    shoot(shots, page.get_by_test_id("panel-assessments"), "assessments-panel")


def test_a_guest_takes_the_interests_questionnaire_on_a_phone_and_keeps_it_on_signing_up(browser, coach_url: str,
                                                                                        shots) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(coach_url + "/assessment?kind=interests")
        expect(page.get_by_test_id("who")).to_have_text("Guest")
        expect(page.get_by_test_id("guest-note")).to_be_visible()
        form = httpx.get(f"{coach_url}/api/career/assessment/questionnaires").json()["questionnaires"]
        interests = next(q for q in form if q["kind"] == "interests")
        labels = {o["value"]: o["label"] for o in interests["response_scale"]}
        # A distinct liking per RIASEC area, so the Holland code is known from the answers alone.
        liking = {"S": 5, "I": 4, "A": 4, "C": 3, "E": 2, "R": 1}
        items = page.get_by_test_id("item")
        half = len(interests["items"]) // 2
        for i, item in enumerate(interests["items"][:half]):
            answer(page, items.nth(i), labels[liking[item["scale"]]])
        shots(page, "phone-questionnaire")
        page.reload()  # answers so far are kept through a reload
        expect(page.get_by_test_id("answered")).to_have_text(f"{half} of {len(interests['items'])} answered")
        for i, item in enumerate(interests["items"][half:], start=half):
            answer(page, items.nth(i), labels[liking[item["scale"]]])
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sticks out sideways
        page.get_by_test_id("submit-answers").click()

        sums = {area: sum(liking[i["scale"]] - 1 for i in interests["items"] if i["scale"] == area) for area in liking}
        code = "".join(sorted(sums, key=lambda a: (-sums[a], "RIASEC".index(a)))[:3])
        expect(page.get_by_test_id("holland-code")).to_contain_text(code)
        expect(page.get_by_test_id("result").get_by_test_id("occupation").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        shots(page, "phone-results", full_page=True)

        # Signing up in this browser turns the guest into the account, results included.
        page.goto(coach_url + "/app")
        register(page, f"gus-{uuid.uuid4().hex[:8]}@example.com")
        expect(page.get_by_test_id("assessment-interests").get_by_test_id("holland-code")).to_contain_text(code)
        assert not errors, errors
    finally:
        context.close()


def test_the_chat_shows_an_assessment_card_that_links_to_the_questionnaires(page: Page, coach_url: str,
                                                                           host_site: HostSite, shots) -> None:
    # On a careers site elsewhere, so the link must lead to the coach, not to the site.
    page.goto(host_site.page("assessment-card.html", f'<script src="{coach_url}/widget.js" async></script>'))
    open_widget(page)
    ask(page, "what careers fit my interests?")
    card = page.get_by_test_id("card-assessment")
    expect(card).to_contain_text("Take a questionnaire")
    expect(card.get_by_role("link", name="Take a questionnaire")).to_have_attribute("href", f"{coach_url}/assessment")

    # Once a result is stored for this visitor, the card shows the code, the top areas and the occupations.
    headers = {"Authorization": f"Bearer {stored(page, coach_url, 'token')}"}
    interests = next(q for q in httpx.get(f"{coach_url}/api/career/assessment/questionnaires").json()["questionnaires"]
                     if q["kind"] == "interests")
    liking = {"I": 5, "R": 4, "C": 3, "A": 2, "S": 1, "E": 1}
    record = httpx.post(f"{coach_url}/api/career/assessment", headers=headers, json={
        "kind": "interests", "answers": {i["id"]: liking[i["scale"]] for i in interests["items"]}}).json()
    ask(page, "what careers fit my interests?")
    card = page.get_by_test_id("card-assessment").last
    expect(card).to_contain_text(f"Holland code {record['result']['code']}")
    expect(card).to_contain_text(", ".join(record["result"]["top"]))
    for occupation in record["result"]["occupations"][:3]:
        expect(card).to_contain_text(occupation["title"])
    expect(card.get_by_role("link")).to_have_attribute("href", f"{coach_url}/assessment")
    card.scroll_into_view_if_needed()
    shots(page, "assessment-card")
