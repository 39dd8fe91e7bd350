"""The embeddable widget in a real browser (Debian's chromium through Playwright), against `coach serve`."""

from __future__ import annotations

import gzip
import re

import httpx
from playwright.sync_api import Page, expect

from tests.browser.hosts import HostSite
from tests.browser.widget_page import (SHADOW, ask, open_widget, record_reply_texts, recorded_reply_texts, send,
                                       stored, wait_idle)
from tests.server.conftest import free_port, start_server, stop_server


def money(value: float) -> str:
    return f"${value:,.0f}"


def test_chat_streams_and_shows_a_salary_card_with_its_chart(page: Page, coach_url: str, shots) -> None:
    page.goto(coach_url + "/")
    shots(page, "careers-page")
    open_widget(page)
    expect(page.get_by_test_id("input")).to_be_focused()
    expect(page.get_by_test_id("empty")).to_contain_text("Northwind career coach")  # the page's data-greeting
    shots(page, "widget-open")

    reply = ask(page, "What does a registered nurse make in Denver?")
    shots(page, "salary-reply")

    # The card shows the figures the salary API gives for the same question, with its source.
    market = httpx.get(f"{coach_url}/api/salary/market-data",
                       params={"title": "registered nurse", "location": "Denver"}).json()
    annual = market["annual"]
    card = page.get_by_test_id("card-salary")
    expect(card).to_be_visible()
    expect(card).to_contain_text(market["occupation"]["title"])
    expect(card).to_contain_text(market["area"]["name"])
    chart = card.get_by_test_id("salary-chart")
    expect(chart).to_be_visible()
    label = chart.get_attribute("aria-label")
    for key in ("p10", "p25", "median", "p75", "p90"):
        assert money(annual[key]) in label
        expect(card).to_contain_text(money(annual[key]))
    expect(card.get_by_test_id("chart-median")).to_have_count(1)
    expect(card.get_by_test_id("chart-box")).to_have_count(1)
    expect(card.get_by_test_id("card-source")).to_contain_text("BLS OEWS")
    expect(card.get_by_test_id("card-source")).to_contain_text(market["source"]["release"])

    # The median marker sits between the box's ends (p25–p75), and the box inside the whisker (p10–p90).
    box = card.get_by_test_id("chart-box").bounding_box()
    median = card.get_by_test_id("chart-median").bounding_box()
    assert box["x"] < median["x"] < box["x"] + box["width"]

    # The reply itself is markdown rendered as elements (bold, a list), and says the same median.
    assert money(annual["median"]) in reply
    bubble = page.get_by_test_id("msg-assistant").last
    expect(bubble.locator("strong").first).to_be_visible()
    expect(bubble.locator("li").first).to_be_visible()


def test_reply_arrives_token_by_token_with_a_typing_indicator(page: Page, gemini_coach_url: str, gemini_stub,
                                                              shots) -> None:
    gemini_stub.reset()
    final = "Negotiating is normal. Start by **thanking them**, then ask for time to review the full offer in writing."
    gemini_stub.reply_text(final)  # streamed by the stub in 6 parts, 150 ms apart
    page.goto(gemini_coach_url + "/")
    open_widget(page)
    record_reply_texts(page)
    send(page, "How do I start a negotiation?")
    expect(page.get_by_test_id("typing")).to_be_visible()
    expect(page.get_by_test_id("stop")).to_be_visible()
    shots(page, "typing")
    expect(page.get_by_test_id("msg-assistant").last).to_contain_text("Start by", timeout=10_000)
    shots(page, "partial")
    wait_idle(page)
    shots(page, "finished")
    texts = recorded_reply_texts(page)
    plain = final.replace("**", "")
    assert texts[-1] == plain
    partial = [t for t in texts if t != plain]
    assert len(partial) >= 3, texts  # it grew in steps, not all at once
    assert all(plain.startswith(t) for t in partial), texts


def test_stop_keeps_what_arrived_and_the_chat_goes_on(page: Page, gemini_coach_url: str, gemini_stub, shots) -> None:
    gemini_stub.reset()
    gemini_stub.reply_text("One two three four five six seven eight nine ten eleven twelve.")
    gemini_stub.reply_text("Still here.")
    page.goto(gemini_coach_url + "/")
    open_widget(page)
    send(page, "Count slowly")
    expect(page.get_by_test_id("msg-assistant").last).to_contain_text("One", timeout=10_000)
    page.get_by_test_id("stop").click()
    wait_idle(page)
    expect(page.get_by_test_id("stopped-note")).to_be_visible()
    kept = page.get_by_test_id("msg-assistant").last.inner_text()
    assert "One" in kept and "twelve" not in kept
    shots(page, "stopped")
    assert "Still here." in ask(page, "Are you there?")


def test_hostile_model_reply_is_shown_as_text(page: Page, gemini_coach_url: str, gemini_stub, shots) -> None:
    gemini_stub.reset()
    hostile = ('<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> '
               '[click](javascript:window.__pwned=3) **bold**')
    gemini_stub.reply_text(hostile)
    page.goto(gemini_coach_url + "/")
    open_widget(page)
    ask(page, "Say something")
    shots(page, "hostile-reply")
    bubble = page.get_by_test_id("msg-assistant").last
    expect(bubble).to_contain_text('<img src=x onerror="window.__pwned=1">')
    expect(bubble).to_contain_text("<script>window.__pwned=2</script>")
    expect(bubble.locator("img, script, iframe")).to_have_count(0)
    expect(bubble.locator("a")).to_have_count(0)  # a javascript: link is not a link
    expect(bubble.locator("strong")).to_have_text("bold")  # formatting still works
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__pwned") is None


def test_markdown_rendering_only_makes_safe_elements(page: Page, coach_url: str) -> None:
    page.goto(coach_url + "/")
    result = page.evaluate("""() => {
        const render = (text) => { const div = document.createElement('div');
            div.append(window.SmartJobFitCoach.markdown(text)); return div; };
        const cases = ['# Title\\n- one\\n- **two**\\n1. first\\n\\n`code <b>`',
                       '[ok](https://example.com) [bad](javascript:alert(1)) [data](data:text/html,x)',
                       '<svg onload=alert(1)>', '```\\n<script>alert(1)</script>\\n```', '**[x](https://a.b)**'];
        return cases.map((text) => { const div = render(text);
            return {tags: [...div.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),
                    hrefs: [...div.querySelectorAll('a')].map((a) => a.getAttribute('href')),
                    rels: [...div.querySelectorAll('a')].map((a) => a.rel), text: div.textContent}; });
    }""")
    allowed = {"p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6"}
    for case in result:
        assert set(case["tags"]) <= allowed, case
        assert all(href.startswith(("https:", "http:", "mailto:")) for href in case["hrefs"]), case
        assert all("noopener" in rel for rel in case["rels"]), case
    assert {"h3", "ul", "ol", "li", "strong", "code"} <= set(result[0]["tags"])
    assert result[1]["hrefs"] == ["https://example.com/"]
    assert "<svg onload=alert(1)>" in result[2]["text"]
    assert result[3]["tags"] == ["pre", "code"] and "<script>" in result[3]["text"]


def test_conversation_survives_a_reload_and_can_be_deleted(page: Page, coach_url: str, shots) -> None:
    page.goto(coach_url + "/")
    open_widget(page)
    ask(page, "What does a registered nurse make in Denver?")
    thread_id = stored(page, coach_url, "thread")
    token = stored(page, coach_url, "token")
    assert thread_id and token

    page.reload()
    expect(page.get_by_test_id("panel")).to_be_visible()  # it was open, so it opens again
    expect(page.get_by_test_id("msg-user")).to_have_text(re.compile("registered nurse make in Denver"))
    expect(page.get_by_test_id("msg-assistant")).to_have_count(1)
    expect(page.get_by_test_id("card-salary")).to_be_visible()  # tool results come back as cards
    shots(page, "after-reload")
    assert stored(page, coach_url, "thread") == thread_id

    # New conversation: an empty log and no thread; the old one is still on the server.
    page.get_by_test_id("new").click()
    expect(page.get_by_test_id("empty")).to_be_visible()
    assert stored(page, coach_url, "thread") is None
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{coach_url}/api/chat/threads/{thread_id}", headers=headers).status_code == 200

    # Delete asks first, then removes the conversation on the server.
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [f"sjf:{coach_url}:thread", thread_id])
    page.reload()
    expect(page.get_by_test_id("msg-user")).to_have_count(1)
    page.get_by_test_id("delete").click()
    shots(page, "confirm-delete")
    page.get_by_test_id("confirm-delete").click()
    expect(page.get_by_test_id("empty")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Conversation deleted.")
    assert httpx.get(f"{coach_url}/api/chat/threads/{thread_id}", headers=headers).status_code == 404
    page.reload()
    expect(page.get_by_test_id("empty")).to_be_visible()


def test_theme_follows_the_system_and_the_toggle_sticks(browser, coach_url: str, shots) -> None:
    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(coach_url + "/")
        open_widget(page)
        theme = lambda: page.evaluate(f"() => {SHADOW}.querySelector('.sjf').dataset.theme")  # noqa: E731
        assert theme() == "dark"
        shots(page, "dark")
        toggle = page.get_by_test_id("theme")
        expect(toggle).to_have_attribute("aria-label", "Switch to light theme")
        toggle.click()
        assert theme() == "light"
        expect(toggle).to_have_attribute("aria-label", "Switch to dark theme")
        shots(page, "light")
        background = page.evaluate(f"() => getComputedStyle({SHADOW}.querySelector('.panel')).backgroundColor")
        assert background == "rgb(255, 255, 255)"
        page.reload()
        assert theme() == "light"  # the choice is remembered over the system's preference
    finally:
        context.close()


def test_keyboard_only_use_and_aria(page: Page, coach_url: str) -> None:
    page.goto(coach_url + "/")
    launcher = page.get_by_test_id("launcher")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    launcher.focus()
    page.keyboard.press("Enter")
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("dialog", name="Career coach")).to_be_visible()
    expect(page.get_by_role("log", name="Conversation")).to_be_visible()
    textbox = page.get_by_role("textbox", name="Message to the coach")
    expect(textbox).to_be_focused()
    for name in ("New conversation", "Delete conversation", "Close chat", "Switch to dark theme"):
        expect(page.get_by_role("button", name=name)).to_be_visible()
    page.keyboard.type("What does a registered nurse make in Denver?")
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(textbox).to_be_focused()  # focus stays in the message box after a reply
    expect(page.get_by_role("log", name="Conversation")).to_have_attribute("aria-busy", "false")
    expect(page.get_by_role("status")).to_have_text("The coach replied.")
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("panel")).to_be_hidden()
    expect(launcher).to_be_focused()  # focus returns to where it was


def test_works_on_a_360px_phone(browser, coach_url: str, shots) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(coach_url + "/")
        open_widget(page)
        panel = page.get_by_test_id("panel").bounding_box()
        assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 360
        ask(page, "What does a registered nurse make in Denver?")
        shots(page, "phone")
        for testid in ("input", "send", "close", "card-salary"):
            box = page.get_by_test_id(testid).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, testid
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def test_roleplay_negotiation_from_setup_to_debrief_and_after_a_reload(page: Page, coach_url: str, shots) -> None:
    assert httpx.get(f"{coach_url}/api/widget/config").json()["features"] == {"roleplay": True}
    page.goto(coach_url + "/")
    open_widget(page)
    switch = page.get_by_test_id("roleplay")
    expect(switch).to_have_attribute("aria-pressed", "false")
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    setup = page.get_by_test_id("roleplay-setup")
    setup.get_by_label("Job title").fill("registered nurse")
    setup.get_by_label("Location").fill("Denver")
    setup.get_by_label("Their offer (base, optional)").fill("90000")
    setup.get_by_label("Recruiter").select_option("warm")
    setup.get_by_label("Company").select_option("mid_size")
    shots(page, "setup")
    page.get_by_test_id("roleplay-start").click()
    recruiter = page.get_by_test_id("msg-recruiter")
    expect(recruiter).to_have_count(1)
    expect(recruiter.first).to_contain_text("$90,000")
    expect(page.get_by_test_id("offer").first).to_contain_text("base $90,000")

    send(page, "Thank you! BLS data puts the median for nurses in Denver at $101,130, so I'm asking for $100,000.")
    expect(recruiter).to_have_count(2)
    shots(page, "counter")
    send(page, "I accept, thank you.")
    expect(page.get_by_test_id("roleplay-finished")).to_be_visible()
    page.get_by_test_id("debrief").click()
    card = page.get_by_test_id("card-debrief")
    expect(card).to_contain_text("Debrief")
    expect(card).to_contain_text("Strengths")
    score = int(card.get_by_test_id("debrief-score").locator("strong").inner_text())
    assert 0 <= score <= 100
    shots(page, "debrief")

    # The server kept the session: after a reload the widget is still in role-play with the whole transcript.
    page.reload()
    expect(page.get_by_test_id("roleplay")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("msg-recruiter")).to_have_count(3)
    expect(page.get_by_test_id("card-debrief")).to_be_visible()
    # Switching back to coaching shows the coach again; "new" in role-play starts a fresh set-up.
    page.get_by_test_id("roleplay").click()
    expect(page.get_by_test_id("empty")).to_be_visible()
    page.get_by_test_id("roleplay").click()
    page.get_by_test_id("new").click()
    expect(page.get_by_test_id("roleplay-setup")).to_be_visible()


def test_embedded_cross_origin_with_its_own_colour_and_greeting(page: Page, coach_url: str, host_site: HostSite,
                                                               shots) -> None:
    url = host_site.page("careers.html", f'<script src="{coach_url}/widget.js" data-coach-url="{coach_url}" '
                                         'data-theme-color="rgb(190, 18, 60)" data-title="Acme coach" '
                                         'data-greeting="Welcome to Acme! Ask me about pay." async></script>')
    page.goto(url)
    open_widget(page)
    expect(page.get_by_test_id("empty")).to_contain_text("Welcome to Acme! Ask me about pay.")
    expect(page.get_by_role("dialog", name="Acme coach")).to_be_visible()
    header = page.evaluate(f"() => getComputedStyle({SHADOW}.querySelector('.head')).backgroundColor")
    assert header == "rgb(190, 18, 60)"
    # The host page's hostile CSS (serif, red text, lime buttons) does not reach inside the widget.
    send_style = page.evaluate(f"""() => {{ const s = getComputedStyle({SHADOW}.querySelector('[data-testid=send]'));
        return [s.fontFamily, s.backgroundColor]; }}""")
    assert "serif" not in send_style[0].replace("sans-serif", "") and send_style[1] != "rgb(0, 255, 0)"
    reply = ask(page, "What does a registered nurse make in Denver?")
    assert "Registered Nurses" in reply
    shots(page, "cross-origin")


def test_a_site_the_coach_does_not_allow_gets_a_clear_offline_message(page: Page, coach_url: str,
                                                                      tmp_path) -> None:
    other = HostSite(tmp_path).start()  # an origin missing from COACH_CORS_ORIGINS
    try:
        page.goto(other.page("x.html", f'<script src="{coach_url}/widget.js" async></script>'))
        open_widget(page)
        expect(page.get_by_test_id("banner")).to_contain_text(f"Can't reach the coach at {coach_url}")
        expect(page.get_by_test_id("banner-retry")).to_be_visible()
    finally:
        other.stop()


def test_wrong_url_shows_offline_then_retry_connects(page: Page, coach_url: str, host_site: HostSite,
                                                    tmp_path, shots) -> None:
    port = free_port()  # nothing listens here yet
    dead = f"http://127.0.0.1:{port}"
    page.goto(host_site.page("dead.html", f'<script src="{coach_url}/widget.js" data-coach-url="{dead}" async></script>'))
    open_widget(page)
    banner = page.get_by_test_id("banner")
    expect(banner).to_contain_text(f"Can't reach the coach at {dead}")
    shots(page, "offline")
    send(page, "What does a registered nurse make in Denver?")  # fails too, keeps the message, offers retry
    expect(page.get_by_test_id("retry")).to_be_visible()
    expect(page.get_by_test_id("msg-user")).to_have_count(1)

    process = start_server(tmp_path / "late", port, COACH_CORS_ORIGINS=host_site.origin)
    try:
        page.get_by_test_id("banner-retry").click()
        wait_idle(page)
        expect(banner).to_be_hidden()
        expect(page.get_by_test_id("card-salary")).to_be_visible()
        expect(page.get_by_test_id("msg-user")).to_have_count(1)  # the retry did not repeat the question
        expect(page.get_by_test_id("msg-assistant")).to_contain_text("Registered Nurses")
        shots(page, "reconnected")
    finally:
        stop_server(process)


def test_an_expired_token_gets_one_fresh_guest_token(page: Page, coach_url: str) -> None:
    page.goto(coach_url + "/")
    page.evaluate("([k]) => localStorage.setItem(k, 'not-a-valid-token')", [f"sjf:{coach_url}:token"])
    guests: list[str] = []
    page.on("request", lambda r: guests.append(r.url) if r.url.endswith("/api/auth/guest") else None)
    open_widget(page)
    assert "Registered Nurses" in ask(page, "What does a registered nurse make in Denver?")
    assert len(guests) == 1
    token = stored(page, coach_url, "token")
    assert token != "not-a-valid-token"
    assert httpx.get(f"{coach_url}/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_stream_cut_mid_reply_keeps_the_text_and_retry_completes_it(page: Page, coach_url: str, shots) -> None:
    page.goto(coach_url + "/")
    open_widget(page)
    cut = {"done": False}

    def cut_once(route) -> None:
        # The real server's answer, with everything after the first few tokens lost, as on a dropped connection.
        response = route.fetch()
        if cut["done"]:
            route.fulfill(response=response)
            return
        cut["done"] = True
        body = response.text()
        blocks = body.split("\n\n")
        first_tokens = [i for i, b in enumerate(blocks) if b.startswith("event: token")][:4]
        route.fulfill(response=response, body="\n\n".join(blocks[: first_tokens[-1] + 1]) + "\n\n")

    page.route("**/api/chat", cut_once)
    send(page, "What does a registered nurse make in Denver?")
    wait_idle(page)
    note = page.get_by_test_id("problem-note")
    expect(note).to_contain_text("dropped")
    partial = page.get_by_test_id("msg-assistant").last.inner_text()
    assert partial.strip() and "Source" not in partial
    shots(page, "cut")
    page.get_by_test_id("retry").click()
    expect(note).to_be_hidden()
    expect(page.get_by_test_id("msg-assistant")).to_have_count(1)
    expect(page.get_by_test_id("msg-assistant")).to_contain_text("Source: BLS OEWS")
    expect(page.get_by_test_id("msg-user")).to_have_count(1)
    shots(page, "retried")
    # The server had finished that turn, so the retry showed its stored answer rather than asking twice.
    token, thread = stored(page, coach_url, "token"), stored(page, coach_url, "thread")
    messages = httpx.get(f"{coach_url}/api/chat/threads/{thread}", headers={"Authorization": f"Bearer {token}"}).json()
    assert [m["role"] for m in messages["messages"]].count("user") == 1


def test_widget_script_is_small_and_served_as_javascript(coach_url: str) -> None:
    response = httpx.get(coach_url + "/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert len(gzip.compress(response.content, 9)) < 60 * 1024  # the budget


def test_cards_for_skills_courses_mentors_errors_and_unknown_tools(page: Page, coach_url: str, shots) -> None:
    """The card renderers for the tools later features add, fed the shapes DESIGN.md's contract gives."""
    page.goto(coach_url + "/")
    page.evaluate("""() => {
      const show = (name, data) => { const host = document.createElement('div'); host.dataset.testid = 'host-' + name;
        document.body.prepend(host); window.SmartJobFitCoach.mountCard(host, name, data); };
      show('extract_skills', {skills: [
          {name: 'Python (computer programming)', esco_uri: 'http://data.europa.eu/esco/skill/ccd0a1d9', score: 0.93,
           evidence: 'built data pipelines in Python'},
          {name: 'SQL', esco_uri: 'javascript:alert(1)', score: 0.8, evidence: 'SQL'}],
        gaps: [{name: 'Apache Airflow'}], strengths: []});
      show('search_courses', {courses: [
          {title: 'Intro to SQL', provider: 'OpenCourse', url: 'https://example.org/sql', level: 'Beginner', price: 0},
          {title: '<b>Bad</b>', provider: 'X', url: 'javascript:alert(1)', price: 49}]});
      show('find_mentor', {mentors: [{name: 'Priya Natarajan', headline: 'Product manager', score: 0.87,
          reasons: ['Moved from nursing to product', 'Same timezone']}]});
      show('salary_lookup', {error: "no occupation matches 'zzqx'", field: 'title', suggestions: [{title: 'Zoologists'}]});
      show('brand_new_tool', {answer: 42, label: 'hello', nested: {a: 1}});
    }""")
    shots(page, "cards", full_page=True)
    skills = page.get_by_test_id("host-extract_skills").get_by_test_id("card-skills")
    expect(skills).to_contain_text("Python (computer programming)")
    expect(skills).to_contain_text("Apache Airflow")
    expect(skills.locator("a")).to_have_count(1)  # the javascript: URI is shown as text, not as a link
    assert skills.locator("a").get_attribute("href") == "http://data.europa.eu/esco/skill/ccd0a1d9"
    courses = page.get_by_test_id("host-search_courses").get_by_test_id("card-courses")
    expect(courses).to_contain_text("Intro to SQL")
    expect(courses).to_contain_text("Free")
    expect(courses).to_contain_text("<b>Bad</b>")
    expect(courses.locator("a")).to_have_count(1)
    expect(courses.locator("b")).to_have_count(0)
    mentor = page.get_by_test_id("host-find_mentor").get_by_test_id("card-mentor")
    expect(mentor).to_contain_text("Priya Natarajan")
    expect(mentor).to_contain_text("Match 87%")
    expect(mentor).to_contain_text("Moved from nursing to product")
    notice = page.get_by_test_id("host-salary_lookup").get_by_test_id("card-notice")
    expect(notice).to_contain_text("no occupation matches 'zzqx'")
    expect(notice).to_contain_text("Zoologists")
    summary = page.get_by_test_id("host-brand_new_tool").get_by_test_id("card-summary")
    expect(summary).to_contain_text("brand new tool")
    expect(summary).to_contain_text("42")
    expect(summary.locator("details")).to_have_count(1)


def test_negotiation_plan_and_offer_comparison_cards(page: Page, coach_url: str, shots) -> None:
    page.goto(coach_url + "/")
    open_widget(page)
    ask(page, "I got an offer of $92,000 as a registered nurse in Denver, how should I negotiate?")
    plan = page.get_by_test_id("card-strategy")
    expect(plan).to_contain_text("Negotiation plan")
    expect(plan.get_by_test_id("plan-figures")).to_contain_text("Opening ask")
    expect(plan.get_by_test_id("plan-figures")).to_contain_text("$92,000")
    expect(plan.get_by_test_id("salary-chart")).to_be_visible()
    expect(plan.get_by_test_id("card-source")).to_contain_text("BLS OEWS")
    plan.scroll_into_view_if_needed()
    shots(page, "plan")
    ask(page, "Compare my offers: Acme $120,000 in Austin and Globex $135,000 in Seattle, both as a software developer")
    offers = page.get_by_test_id("card-offers")
    expect(offers).to_contain_text("Acme")
    expect(offers).to_contain_text("Globex")
    expect(offers).to_contain_text("leads on")
    offers.scroll_into_view_if_needed()
    shots(page, "offers")


def test_roadmap_goal_and_learning_plan_cards(page: Page, coach_url: str, shots) -> None:
    page.goto(coach_url + "/")
    open_widget(page)
    ask(page, "How do I get from registered nurse to nurse practitioner in Denver?")
    roadmap = page.get_by_test_id("card-roadmap")
    expect(roadmap).to_contain_text("Registered Nurses → Nurse Practitioners")
    expect(roadmap).to_contain_text("direct")
    ask(page, "I want to become a product manager by June 2027")
    goal = page.get_by_test_id("card-goals")
    expect(goal).to_contain_text("2027-06-30")
    expect(goal.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "0")
    ask(page, "Make me a learning plan for SQL and Python with 3 hours a week")
    plan = page.get_by_test_id("card-plan")
    expect(plan).to_contain_text("Learning plan")
    expect(plan.locator("li").first).to_be_visible()
    plan.scroll_into_view_if_needed()
    shots(page, "plan")
