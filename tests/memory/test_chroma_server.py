"""Career memory against a real Chroma server (`chroma run`, from the chromadb package), as several workers
would share it: remember and recall through HTTP, then the server goes away (chat goes on without recall,
nothing is written half) and comes back (the store reconnects)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from agent.settings import Settings
from memory.db import create_db_engine
from memory.memories import CareerMemory, NewMemory
from memory.migrate import upgrade
from memory.models import Memory
from memory.users import create_user
from memory.vector_store import VectorStore, VectorStoreDown
from tests.conftest import make_settings
from tests.server.conftest import free_port, wait_until_ready


def start_chroma(path: Path, port: int) -> subprocess.Popen:
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert chroma, "the chroma command comes with the chromadb package"
    process = subprocess.Popen([chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return wait_until_ready(process, f"http://127.0.0.1:{port}/api/v2/heartbeat", "chroma run")


@pytest.fixture
def server_settings(tmp_path: Path) -> Iterator[tuple[Settings, Path, int]]:
    port = free_port()
    settings = make_settings(tmp_path, CHROMA_HOST="127.0.0.1", CHROMA_PORT=port)
    upgrade(settings.sqlalchemy_url)
    yield settings, tmp_path / "chroma-server", port


def test_memory_through_a_chroma_server_that_goes_away_and_comes_back(server_settings) -> None:
    settings, folder, port = server_settings
    server = start_chroma(folder, port)
    engine = create_db_engine(settings.sqlalchemy_url)
    try:
        memory = CareerMemory(engine, VectorStore(settings), settings)
        anna = create_user(engine, email=None, password_hash=None).id
        memory.remember(anna, [NewMemory("constraint", "can't relocate before June", "relocation")], "t1")
        assert memory.recall(anna, "should I move to Seattle in March?")[0].text == "can't relocate before June"

        server.terminate()
        server.wait(timeout=10)
        assert memory.recall_for_turn(anna, "t2", "should I move to Seattle in March?") == []
        with pytest.raises(VectorStoreDown):
            memory.remember(anna, [NewMemory("preference", "prefers remote work", "work_mode")], "t2")
        with Session(engine) as session:
            assert [m.text for m in session.exec(select(Memory)).all()] == ["can't relocate before June"]

        server = start_chroma(folder, port)  # the same data folder: what it held is back
        assert memory.recall(anna, "should I move to Seattle in March?")[0].text == "can't relocate before June"
        memory.remember(anna, [NewMemory("preference", "prefers remote work", "work_mode")], "t2")
        assert memory.vectors.count(anna) == 2
    finally:
        server.terminate()
        server.wait(timeout=10)
        engine.dispose()
