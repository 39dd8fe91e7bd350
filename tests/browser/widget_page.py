"""How the browser tests drive the widget: the steps a visitor takes, named."""

from __future__ import annotations

from playwright.sync_api import Page, expect

# Reads the widget's shadow root from the page (Playwright locators pierce it; page scripts need this).
SHADOW = "document.getElementById('smartjobfit-coach').shadowRoot"


def open_widget(page: Page) -> None:
    page.get_by_test_id("launcher").click()
    expect(page.get_by_test_id("panel")).to_be_visible()


def send(page: Page, text: str) -> None:
    page.get_by_test_id("input").fill(text)
    page.get_by_test_id("input").press("Enter")


def wait_idle(page: Page) -> None:
    """The reply has ended (finished, failed or stopped): Send is back."""
    expect(page.get_by_test_id("send")).to_be_visible(timeout=15_000)


def ask(page: Page, text: str) -> str:
    """Send a message and return the text of the reply."""
    count = page.get_by_test_id("msg-assistant").count()
    send(page, text)
    wait_idle(page)
    expect(page.get_by_test_id("msg-assistant")).to_have_count(count + 1)
    return page.get_by_test_id("msg-assistant").last.inner_text()


def stored(page: Page, coach_url: str, name: str) -> str | None:
    return page.evaluate("([k]) => localStorage.getItem(k)", [f"sjf:{coach_url}:{name}"])


def record_reply_texts(page: Page) -> None:
    """Start recording every text the newest assistant bubble shows (to see a reply arrive in parts)."""
    page.evaluate(f"""() => {{
        window.__replyTexts = [];
        const log = {SHADOW}.querySelector('[data-testid=log]');
        new MutationObserver(() => {{
            const bodies = log.querySelectorAll('.msg.assistant .body');
            const last = bodies[bodies.length - 1];
            const text = last ? last.textContent : '';
            if (text && window.__replyTexts[window.__replyTexts.length - 1] !== text) window.__replyTexts.push(text);
        }}).observe(log, {{subtree: true, childList: true, characterData: true}});
    }}""")


def recorded_reply_texts(page: Page) -> list[str]:
    return page.evaluate("() => window.__replyTexts")
