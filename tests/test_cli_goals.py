"""`coach goals remind` as a user runs it: a real process over a real database file."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from agent.settings import Settings
from memory.db import create_db_engine
from memory.migrate import upgrade
from memory.users import create_user
from tests.test_cli import _coach
from tools.goals.engine import GoalCreate, MilestoneIn
from tools.goals.store import create_goal, get_goal


def test_remind_writes_due_reminders_once(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, COACH_DATA_DIR=tmp_path, DATABASE_URL=None)
    upgrade(settings.sqlalchemy_url)
    db = create_db_engine(settings.sqlalchemy_url)
    user = create_user(db, email=None, password_hash=None, is_guest=True)
    soon = date.today() + timedelta(days=3)
    goal = create_goal(db, user.id, GoalCreate(description="Become a PM", milestones=[
        MilestoneIn(title="Finish the SQL course", target_date=soon)]))
    first = _coach(tmp_path, "goals", "remind")
    assert first.returncode == 0, first.stderr
    assert f"[due] user {user.id} goal {goal.id}: 'Finish the SQL course' is due {soon}" in first.stdout
    assert "1 reminder(s) written" in first.stdout
    again = _coach(tmp_path, "goals", "remind")
    assert "0 reminder(s) written" in again.stdout
    assert get_goal(db, user.id, goal.id).milestones[0]["reminders"].keys() == {"due"}
    late = _coach(tmp_path, "goals", "remind", "--today", str(soon + timedelta(days=1)))
    assert "[overdue]" in late.stdout and "1 reminder(s) written" in late.stdout
    bad = _coach(tmp_path, "goals", "remind", "--today", "someday")
    assert bad.returncode == 2 and "--today" in bad.stderr
    db.dispose()
