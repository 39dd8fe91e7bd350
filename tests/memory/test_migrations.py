from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import memory.models  # noqa: F401
from memory.db import create_db_engine
from memory.migrate import current_revision, downgrade, upgrade

PRODUCT_TABLES = {
    "users": {"email", "password_hash", "role", "created_at"},
    "career_profiles": {"user_id", "current_role", "target_role", "experience_level", "industry", "career_stage", "location"},
    "skill_assessments": {"user_id", "skill_name", "current_level", "target_level", "importance_score", "last_assessed"},
    "career_goals": {"user_id", "goal_type", "description", "target_date", "progress_percentage", "milestones"},
    "learning_plans": {"user_id", "course_id", "platform", "status", "completion_date", "skill_impact"},
    "mentorship_matches": {"mentor_id", "mentee_id", "match_score", "status", "start_date", "goals"},
    "industry_insights": {"industry", "trend_type", "description", "impact_score", "time_horizon"},
    "salary_data": {"id", "user_id", "company_key", "job_title", "company", "location", "salary_min", "salary_max", "equity", "benefits",
                    "data_source", "last_updated"},
    "user_negotiations": {"user_id", "position", "current_offer", "target_salary", "negotiation_status", "outcome"},
    "company_compensation": {"company_id", "avg_salary", "equity_policy", "benefits_package", "negotiation_flexibility"},
    "market_trends": {"industry", "location", "time_period", "salary_trend", "demand_level", "growth_projection"},
    "negotiation_sessions": {"user_id", "session_type", "performance_score", "areas_improved", "recommendations"},
    "chat_threads": {"id", "user_id", "title", "created_at", "updated_at"},
    "eval_runs": {"id", "created_at", "model", "prompt_version", "git_commit", "suites", "cases", "passed", "pass_hat_k",
                  "repeat", "duration_s", "json_path"},
}


def test_upgrade_creates_every_product_table_with_its_columns(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    engine = create_db_engine(empty_database_url)
    try:
        inspector = inspect(engine)
        for table, columns in PRODUCT_TABLES.items():
            present = {column["name"] for column in inspector.get_columns(table)}
            assert columns <= present, f"{table} lacks {columns - present}"
    finally:
        engine.dispose()
    assert current_revision(empty_database_url) == "0009"


def test_migrations_match_the_models(empty_database_url: str) -> None:
    """A model change without its migration fails here."""
    upgrade(empty_database_url)
    engine = create_db_engine(empty_database_url)
    try:
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_upgrade_is_idempotent_and_downgrade_removes_tables(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    upgrade(empty_database_url)
    downgrade(empty_database_url, "base")
    engine = create_db_engine(empty_database_url)
    try:
        assert not set(PRODUCT_TABLES) & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    upgrade(empty_database_url)
    assert current_revision(empty_database_url) == "0009"
