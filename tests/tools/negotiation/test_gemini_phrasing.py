"""The recruiter's words from Gemini (the real SDK against the local Gemini stub): kept when every number is
the engine's, replaced by the template line when the model states another number or fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from agent.models import build_chat_model
from memory.migrate import upgrade
from server.app import create_app
from tests.conftest import make_settings
from tests.server.conftest import guest_headers
from tests.stubs.gemini_stub import GeminiStub
from tools.negotiation.engine import opening_move
from tools.negotiation.phrasing import phrase, template_line
from tools.negotiation.scenario import ScenarioRequest, build_scenario

REQUEST = ScenarioRequest(title="registered nurse", location="Denver", offer=92000, persona="warm",
                          company_type="mid_size", seed=1)


@pytest.fixture
def stub() -> Iterator[GeminiStub]:
    with GeminiStub() as stub:
        yield stub


@pytest.fixture
def model(tmp_path: Path, stub: GeminiStub):
    settings = make_settings(tmp_path, COACH_MODEL="gemini", GOOGLE_API_KEY="test-key", GEMINI_BASE_URL=stub.base_url,
                             GEMINI_MAX_RETRIES=0, GEMINI_TIMEOUT_S=2)
    return build_chat_model(settings)


def test_the_models_line_is_used_when_its_numbers_are_the_engines(stub: GeminiStub, model) -> None:
    scenario = build_scenario(REQUEST)
    move = opening_move(scenario)
    bonus = int(move.offer["signing_bonus"])
    stub.reply_text(f"So glad to talk! We'd love to have you at $92,000 base with a ${bonus:,} signing bonus.")
    line = phrase(scenario, move, 0, model)
    assert line.startswith("So glad to talk!")
    request = stub.generate_requests[-1]
    assert "number" in str(request).lower() and "92000" in str(request)  # the move and the rules went to the model


def test_a_number_the_engine_did_not_decide_falls_back_to_the_template(stub: GeminiStub, model) -> None:
    scenario = build_scenario(REQUEST)
    move = opening_move(scenario)
    stub.reply_text("Between us, my budget goes up to $120,000, so let's start at $92,000.")
    assert phrase(scenario, move, 0, model) == template_line(scenario, move, 0)


def test_a_model_error_falls_back_to_the_template(stub: GeminiStub, model) -> None:
    scenario = build_scenario(REQUEST)
    move = opening_move(scenario)
    stub.reply_error(500, "boom")
    assert phrase(scenario, move, 0, model) == template_line(scenario, move, 0)


def test_the_api_phrases_with_gemini_when_it_is_the_coachs_model(tmp_path: Path, stub: GeminiStub) -> None:
    settings = make_settings(tmp_path, COACH_MODEL="gemini", GOOGLE_API_KEY="test-key", GEMINI_BASE_URL=stub.base_url,
                             GEMINI_MAX_RETRIES=0, GEMINI_TIMEOUT_S=2)
    upgrade(settings.sqlalchemy_url)
    stub.reply_text("Welcome! Our offer is $92,000 base.")
    with TestClient(create_app(settings)) as client:
        response = client.post("/api/salary/simulation", json=REQUEST.model_dump(exclude_none=True),
                               headers=guest_headers(client))
    assert response.status_code == 201
    assert response.json()["recruiter"]["message"] == "Welcome! Our offer is $92,000 base."
