"""The pages, the widget script and its config endpoint, and CORS for sites that embed the widget."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from agent.settings import Settings
from server.app import create_app
from tests.conftest import make_settings


def test_demo_page_embeds_the_widget_and_the_dashboard_is_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script src="/widget.js"' in page.text
    dashboard = client.get("/app")
    assert dashboard.status_code == 200 and "/static/app.js" in dashboard.text and "/widget.js" in dashboard.text
    for path in ("/static/app.js", "/static/pages.css"):
        assert client.get(path).status_code == 200


def test_widget_script_is_javascript_with_a_short_cache(client: TestClient) -> None:
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "public, max-age=300"
    assert "window.SmartJobFitCoach" in response.text


def test_widget_config_offers_roleplay_when_the_simulation_api_exists(client: TestClient) -> None:
    assert client.get("/api/widget/config").json()["features"] == {"roleplay": True}


def test_widget_config_hides_roleplay_without_the_simulation_api() -> None:
    from fastapi import FastAPI

    from server.routers import negotiation, pages

    bare = FastAPI()
    bare.include_router(pages.router)
    assert TestClient(bare).get("/api/widget/config").json()["features"] == {"roleplay": False}
    bare.include_router(negotiation.router)
    bare.openapi_schema = None  # the schema is cached; a real app is built once, with all its routers
    assert TestClient(bare).get("/api/widget/config").json()["features"] == {"roleplay": True}


@pytest.fixture
def cors_client(tmp_path: Path) -> TestClient:
    from memory.migrate import upgrade

    settings = make_settings(tmp_path, COACH_CORS_ORIGINS="https://careers.example, https://jobs.example/")
    upgrade(settings.sqlalchemy_url)
    with TestClient(create_app(settings)) as client:
        yield client


def test_an_allowed_site_may_call_the_api_with_a_token(cors_client: TestClient) -> None:
    preflight = cors_client.options("/api/chat", headers={
        "Origin": "https://jobs.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://jobs.example"
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    guest = cors_client.post("/api/auth/guest", headers={"Origin": "https://careers.example"})
    assert guest.headers["access-control-allow-origin"] == "https://careers.example"


def test_a_site_not_allowed_gets_no_cors_grant(cors_client: TestClient) -> None:
    preflight = cors_client.options("/api/chat", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    response = cors_client.get("/api/widget/config", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers


def test_cors_origins_setting_reads_a_comma_list_or_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_CORS_ORIGINS", " https://a.example/ ,https://b.example")
    assert Settings(_env_file=None).cors_origins == ["https://a.example", "https://b.example"]
    monkeypatch.setenv("COACH_CORS_ORIGINS", '["https://c.example"]')
    assert Settings(_env_file=None).cors_origins == ["https://c.example"]
