"""Browser tests: the real server (`coach serve`) on a free loopback port, driven through Debian's chromium by
Playwright. Screenshots of each step go to tests/artifacts/browser/ (git-ignored; COACH_TEST_ARTIFACTS moves
them). Without chromium these tests skip, unless COACH_REQUIRE_BROWSER=1 (CI sets it) makes that a failure."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser.hosts import HostSite
from tests.server.conftest import free_port, start_server, stop_server
from tests.stubs.gemini_stub import GeminiStub

ARTIFACTS = Path(os.environ.get("COACH_TEST_ARTIFACTS", Path(__file__).resolve().parents[1] / "artifacts")) / "browser"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-extensions", "--no-first-run"]


def _chromium() -> str:
    path = os.environ.get("COACH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    reason = "browser tests need Debian's chromium (apt-get install chromium) and playwright (pip install -e '.[dev]')"
    try:
        import playwright  # noqa: F401
    except ImportError:
        path = None
    if path:
        return path
    if os.environ.get("COACH_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


# Module scope, not session: while Playwright's sync API is active it holds an event loop on this thread,
# and the asyncio tests that run after the browser tests would find it there.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def host_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostSite]:
    """A careers site on another origin, allowed by the coach's CORS settings."""
    site = HostSite(tmp_path_factory.mktemp("site")).start()
    yield site
    site.stop()


@pytest.fixture(scope="module")
def coach_url(tmp_path_factory: pytest.TempPathFactory, host_site: HostSite) -> Iterator[str]:
    """One offline coach server for a test module (SQLite in a temporary data folder)."""
    port = free_port()
    process = start_server(tmp_path_factory.mktemp("coach"), port, COACH_CORS_ORIGINS=host_site.origin)
    yield f"http://127.0.0.1:{port}"
    stop_server(process)


@pytest.fixture(scope="module")
def gemini_stub() -> Iterator[GeminiStub]:
    stub = GeminiStub(stream_chunks=6, chunk_delay=0.15).start()
    yield stub
    stub.stop()


@pytest.fixture(scope="module")
def gemini_coach_url(tmp_path_factory: pytest.TempPathFactory, gemini_stub: GeminiStub) -> Iterator[str]:
    """A coach server whose model is Gemini, reached through the real SDK at the local Gemini stub."""
    port = free_port()
    process = start_server(tmp_path_factory.mktemp("coach-gemini"), port, COACH_MODEL="gemini",
                           GOOGLE_API_KEY="test-key", GEMINI_BASE_URL=gemini_stub.base_url, GEMINI_MAX_RETRIES="0",
                           COACH_MEMORY_EXTRACTOR="rules")  # the stub's replies are scripted for the chat
    yield f"http://127.0.0.1:{port}"
    stop_server(process)


@dataclass
class Shots:
    """Numbered screenshots of a test's steps."""

    folder: Path
    count: int = 0
    taken: list[Path] = field(default_factory=list)

    def __call__(self, page, name: str, full_page: bool = False) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        self.taken.append(path)
        return path


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Shots:
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return Shots(folder)


@pytest.fixture
def context(browser):
    """A fresh browser profile per test (its own storage), 1280×800, page errors collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"
