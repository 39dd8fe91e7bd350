"""Shared fixtures. Database tests run on SQLite and on PostgreSQL (127.0.0.1:5432, database `test`, trust auth);
each PostgreSQL test gets a fresh database, created from `test` and dropped afterwards."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.settings import Settings
from memory.migrate import upgrade

POSTGRES_ADMIN_URL = "postgresql://root@127.0.0.1:5432/test"
# One Fernet key for the whole run, also in the environment: code that reads Settings() itself (the CLI, the
# servers the tests start) then encrypts alike, and nothing writes a key file into the working folder.
TEST_ENCRYPTION_KEY = "Lm9xS3k0c2VjcmV0LXRlc3Qta2V5LWZvci1jb2FjaCE="
os.environ.setdefault("COACH_ENCRYPTION_KEYS", TEST_ENCRYPTION_KEY)


def _postgres_or_skip() -> None:
    try:
        import psycopg
    except ImportError:
        pytest.skip("PostgreSQL tests need the 'postgres' extra (psycopg): pip install -e '.[dev]'")
    try:
        psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {exc}".strip())


def _create_postgres(name: str, template: str | None = None) -> str:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return f"postgresql+psycopg://root@127.0.0.1:5432/{name}"


def _drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards."""
    _postgres_or_skip()
    name = f"coach_test_{uuid.uuid4().hex[:12]}"
    try:
        yield _create_postgres(name)
    finally:
        _drop_postgres(name)


# Migrating a new database takes about 0.2 s, and a thousand tests each want one: the migrations run once per test
# session into a template, and each test gets a copy (a file copy for SQLite, CREATE DATABASE ... TEMPLATE for
# PostgreSQL). tests/memory/test_migrations.py migrates empty databases itself (empty_database_url).
@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "coach.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def migrated_postgres_template() -> Iterator[str]:
    _postgres_or_skip()
    name = f"coach_template_{uuid.uuid4().hex[:12]}"
    upgrade(_create_postgres(name))
    try:
        yield name
    finally:
        _drop_postgres(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database already migrated to the head revision, the test's own."""
    if request.param == "sqlite":
        shutil.copyfile(request.getfixturevalue("migrated_sqlite_template"), tmp_path / "coach.db")
        yield f"sqlite:///{tmp_path / 'coach.db'}"
        return
    template = request.getfixturevalue("migrated_postgres_template")
    name = f"coach_test_{uuid.uuid4().hex[:12]}"
    try:
        yield _create_postgres(name, template)
    finally:
        _drop_postgres(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'coach.db'}"
    return request.getfixturevalue("postgres_url")


def make_settings(tmp_path: Path, database_url: str | None = None, **overrides: object) -> Settings:
    # Built explicitly so a developer's own environment (.env, GOOGLE_API_KEY) never leaks into a test.
    values: dict[str, object] = {"COACH_DATA_DIR": tmp_path / "data", "DATABASE_URL": database_url,
                                 "COACH_MODEL": "offline", "GOOGLE_API_KEY": None, "GEMINI_API_KEY": None,
                                 "COACH_SECRET_KEY": "test-secret-key-for-signing-tokens-0123456789",
                                 # Phrase matching only, unless a test asks: the server prepares semantic matching
                                 # in the background, so a test could otherwise see either answer.
                                 "COACH_SEMANTIC_SKILLS": False, "COACH_ENCRYPTION_KEYS": TEST_ENCRYPTION_KEY,
                                 # The rules' memory step, unless a test asks for Gemini's: with a Gemini chat model
                                 # it would add a request to every turn a test scripts the stub for.
                                 "COACH_MEMORY_EXTRACTOR": "rules", "CHROMA_HOST": None}
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    settings = make_settings(tmp_path, database_url)
    upgrade(settings.sqlalchemy_url)
    return settings


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    settings = make_settings(tmp_path)
    upgrade(settings.sqlalchemy_url)
    return settings


SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The staged source data (`../shared/data`), for tests that check derived files against their source.
    A user's clone has no ../shared; the product never reads it."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"the staged source data is not at {SHARED_DATA}")
    return SHARED_DATA
