"""Encryption at rest on a real database (SQLite and PostgreSQL): sensitive columns hold Fernet tokens, not the
values; values stored before encryption still read and get sealed; key rotation; a wrong key is a clear error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from sqlmodel import Session, SQLModel, select

from agent.settings import Settings
from memory import crypto
from memory.db import create_db_engine
from memory.models import AssessmentResult, Memory, SalaryData, UserNegotiation
from memory.users import create_user
from tests.conftest import make_settings


@pytest.fixture
def engine(settings: Settings) -> Iterator[sa.Engine]:
    engine = create_db_engine(settings.sqlalchemy_url)
    yield engine
    engine.dispose()
    crypto.configure(settings)  # back to the run's key


def use_keys(tmp_path, *keys: str) -> None:
    crypto.configure(make_settings(tmp_path, COACH_ENCRYPTION_KEYS=",".join(keys)))


def raw(engine: sa.Engine, sql: str) -> list:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(sql))]


def store_secrets(engine: sa.Engine) -> str:
    user_id = create_user(engine, email=None, password_hash=None).id
    with Session(engine) as session:
        session.add(Memory(user_id=user_id, kind="fact", text="my current salary is $85,000",
                           history=[{"text": "my current salary is $80,000"}]))
        session.add(AssessmentResult(user_id=user_id, kind="work_style", scores={"neuroticism": 4.5}))
        session.add(UserNegotiation(user_id=user_id, position="Data analyst", target_salary=118000.0,
                                    current_offer={"base": 105000}))
        session.add(SalaryData(user_id=user_id, job_title="Data analyst", company="Acme", salary_min=99500.0,
                               salary_max=99500.0, equity="0.05% over 4 years", benefits={"signing_bonus": 7500},
                               data_source="user"))
        session.commit()
    return user_id


def test_sensitive_columns_hold_tokens_and_read_back_as_values(engine: sa.Engine) -> None:
    user_id = store_secrets(engine)
    dump = repr(raw(engine, "SELECT text, history FROM memories") + raw(engine, "SELECT scores FROM assessment_results")
                + raw(engine, "SELECT target_salary, current_offer FROM user_negotiations")
                + raw(engine, "SELECT salary_min, salary_max, equity, benefits FROM salary_data"))
    for secret in ("85,000", "80,000", "neuroticism", "118000", "105000", "99500", "0.05%", "7500"):
        assert secret not in dump
    assert dump.count("gAAAAA") == 9  # every value a Fernet token
    with Session(engine) as session:
        assert session.exec(select(Memory.text)).one() == "my current salary is $85,000"
        negotiation = session.exec(select(UserNegotiation).where(UserNegotiation.user_id == user_id)).one()
        assert negotiation.target_salary == 118000.0 and negotiation.current_offer == {"base": 105000}
        offer = session.exec(select(SalaryData).where(SalaryData.user_id == user_id)).one()
        assert (offer.salary_min, offer.equity, offer.benefits) == (99500.0, "0.05% over 4 years", {"signing_bonus": 7500})


def test_values_stored_before_encryption_read_and_get_sealed(engine: sa.Engine) -> None:
    user_id = create_user(engine, email=None, password_hash=None).id
    with engine.begin() as connection:  # as an older version of the product wrote them: plain
        connection.execute(sa.text("INSERT INTO memories (public_id, user_id, kind, text, source, history, created_at, "
                                   "updated_at) VALUES ('m1', :u, 'fact', 'earns $70k', 'chat', '[]', "
                                   "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"u": user_id})
    with Session(engine) as session:
        assert session.exec(select(Memory.text)).one() == "earns $70k"
    assert crypto.reseal(engine, SQLModel.metadata) == 2  # text and history
    assert "70k" not in repr(raw(engine, "SELECT text FROM memories"))
    assert crypto.reseal(engine, SQLModel.metadata) == 0  # nothing left in plain text
    with Session(engine) as session:
        assert session.exec(select(Memory.text)).one() == "earns $70k"


def test_key_rotation_and_a_missing_key(engine: sa.Engine, tmp_path) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    use_keys(tmp_path, old)
    store_secrets(engine)
    use_keys(tmp_path, new, old)  # the new key first; the old one still opens what is stored
    with Session(engine) as session:
        assert session.exec(select(Memory.text)).one() == "my current salary is $85,000"
    assert crypto.reseal(engine, SQLModel.metadata, rotate=True) == 9
    use_keys(tmp_path, new)  # the old key removed after rotation
    with Session(engine) as session:
        assert session.exec(select(AssessmentResult.scores)).one() == {"neuroticism": 4.5}
    use_keys(tmp_path, Fernet.generate_key().decode())
    with Session(engine) as session, pytest.raises(crypto.EncryptionKeyError, match="COACH_ENCRYPTION_KEYS"):
        session.exec(select(Memory.text)).one()


def test_a_malformed_key_is_refused_with_how_to_make_one(tmp_path) -> None:
    with pytest.raises(crypto.EncryptionKeyError, match="coach db new-key"):
        crypto.configure(make_settings(tmp_path, COACH_ENCRYPTION_KEYS="not-a-key"))


def test_without_keys_one_is_generated_once_in_the_data_folder(tmp_path) -> None:
    settings = make_settings(tmp_path, COACH_ENCRYPTION_KEYS="")
    first = crypto.keys_for(settings)
    assert first == crypto.keys_for(settings) and len(first) == 1
    key_file = settings.data_dir / "encryption_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
