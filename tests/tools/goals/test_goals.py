"""Goal rules (dates, progress, milestone lookup), the calendar's folding and escaping, and the reminder job."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from agent.settings import Settings
from memory.db import create_db_engine
from memory.users import create_user
from tests.tools.goals.ics_reader import read_calendar
from tools.goals.engine import (
    GoalCreate,
    GoalInputError,
    MilestoneIn,
    check_dates,
    find_milestone,
    milestone_dicts,
    overdue_milestones,
    progress_from,
)
from tools.goals.ics import escape_text, fold, goals_calendar
from tools.goals.remind import send_reminders
from tools.goals.store import create_goal, get_goal, list_goals, record_progress

TODAY = date(2026, 11, 22)


@pytest.fixture
def db(settings: Settings):
    engine = create_db_engine(settings.sqlalchemy_url)
    yield engine
    engine.dispose()


def test_dates_are_checked() -> None:
    with pytest.raises(GoalInputError) as past:
        check_dates(date(2026, 11, 21), [], TODAY, new=True)
    assert past.value.field == "target_date"
    check_dates(date(2026, 11, 21), [], TODAY, new=False)  # an existing goal may have slipped
    with pytest.raises(GoalInputError) as late:
        check_dates(date(2027, 6, 30), [{"title": "a", "target_date": "2027-06-30"},
                                        {"title": "b", "target_date": "2027-07-01"}], TODAY, new=True)
    assert late.value.field == "milestones.1.target_date"


def test_progress_and_overdue() -> None:
    milestones = milestone_dicts([MilestoneIn(title="SQL course", target_date=date(2026, 11, 1), done=True),
                                  MilestoneIn(title="Portfolio", target_date=date(2026, 11, 1)),
                                  MilestoneIn(title="Interview", target_date=date(2027, 1, 1))])
    assert progress_from(milestones, 0) == 33.3 and progress_from([], 40) == 40
    assert [m["title"] for m in overdue_milestones(milestones, TODAY)] == ["Portfolio"]
    assert find_milestone(milestones, "the sql course")["id"] == 1
    assert find_milestone(milestones, "finished the SQL course milestone")["id"] == 1  # the title inside the words
    assert find_milestone(milestones, "learn Rust") is None
    assert find_milestone(milestones, 3)["title"] == "Interview" and find_milestone(milestones, "o") is None


def test_fold_and_escape() -> None:
    line = "SUMMARY:" + "é" * 60  # 128 octets: folded without splitting a character
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_calendar_round_trip(db) -> None:
    user = create_user(db, email=None, password_hash=None, is_guest=True)
    goal = create_goal(db, user.id, GoalCreate(description="Become a PM; lead, ship", target_date=date(2027, 6, 30),
                                               milestones=[MilestoneIn(title="SQL, done", target_date=date(2027, 1, 5)),
                                                           MilestoneIn(title="No date")]), TODAY)
    text = goals_calendar([goal], datetime(2026, 11, 22, 3, 0, tzinfo=timezone.utc))
    events = read_calendar(text.encode())["events"]
    assert [(e["SUMMARY"], e["DTSTART;VALUE=DATE"], e["DTEND;VALUE=DATE"]) for e in events] == [
        ("Milestone: SQL, done", "20270105", "20270106"), ("Goal: Become a PM; lead, ship", "20270630", "20270701")]
    assert events[0]["DTSTAMP"] == "20261122T030000Z"
    icalendar = pytest.importorskip("icalendar")  # a real RFC 5545 parser agrees
    parsed = [c for c in icalendar.Calendar.from_ical(text).walk("VEVENT")]
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in parsed] == [
        ("Milestone: SQL, done", date(2027, 1, 5)), ("Goal: Become a PM; lead, ship", date(2027, 6, 30))]
    assert all(str(e["UID"]).endswith("@smartjobfit-coach") for e in parsed)


def test_progress_reports(db) -> None:
    user = create_user(db, email=None, password_hash=None, is_guest=True)
    goal = create_goal(db, user.id, GoalCreate(description="PM", milestones=[MilestoneIn(title="SQL course"),
                                                                             MilestoneIn(title="Portfolio")]), TODAY)
    assert record_progress(db, user.id, goal.id, "sql course").progress_percentage == 50
    assert record_progress(db, user.id, goal.id, 1, done=False).progress_percentage == 0
    with pytest.raises(GoalInputError) as nothing:
        record_progress(db, user.id, goal.id)
    assert nothing.value.field == "milestone"
    done = record_progress(db, user.id, goal.id, "portfolio")
    assert record_progress(db, user.id, goal.id, "sql course").status == "completed" and done.status == "active"


def test_reminders_are_written_once(db) -> None:
    user = create_user(db, email=None, password_hash=None, is_guest=True)
    goal = create_goal(db, user.id, GoalCreate(description="PM", target_date=date(2027, 6, 30), milestones=[
        MilestoneIn(title="Late one", target_date=date(2026, 11, 25)),
        MilestoneIn(title="Soon", target_date=date(2026, 11, 28)),
        MilestoneIn(title="Later", target_date=date(2027, 3, 1)),
        MilestoneIn(title="Done already", target_date=date(2026, 11, 23), done=True)]), TODAY)
    first = send_reminders(db, date(2026, 11, 26), days_ahead=7)
    assert [(r.title, r.kind) for r in first] == [("Late one", "overdue"), ("Soon", "due")]
    assert send_reminders(db, date(2026, 11, 26), days_ahead=7) == []  # idempotent
    stored = get_goal(db, user.id, goal.id).milestones
    assert set(stored[0]["reminders"]) == {"overdue"} and stored[0]["reminded_at"]
    assert "reminders" not in stored[2] and "reminders" not in stored[3]
    later = send_reminders(db, date(2026, 11, 29), days_ahead=7)
    assert [(r.title, r.kind) for r in later] == [("Soon", "overdue")]  # a due reminder, then an overdue one
    assert len(list_goals(db, user.id)) == 1
