from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from agent.settings import Settings
from server.app import create_app


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


def guest_headers(client: TestClient) -> dict[str, str]:
    response = client.post("/api/auth/guest")
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
