from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from memory.db import create_db_engine
from memory.migrate import upgrade


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite database; the shipped catalog is loaded on first search."""
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    upgrade(url)
    engine = create_db_engine(url)
    yield engine
    engine.dispose()
