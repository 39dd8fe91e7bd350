from __future__ import annotations

import pytest
from pydantic import ValidationError

from agent.settings import Settings
from memory.db import create_db_engine
from memory.users import create_user
from tools.profile.engine import ProfileUpdate, experience_level_for, get_profile, update_profile


@pytest.fixture
def db(settings: Settings):
    engine = create_db_engine(settings.sqlalchemy_url)
    yield engine
    engine.dispose()


def test_update_then_get_round_trips_and_derives_the_level(db) -> None:
    user = create_user(db, email=None, password_hash=None, is_guest=True)
    change = update_profile(db, user.id, ProfileUpdate(current_role="nurse", location=" Denver ", experience_years=6))
    assert change.changed == {"current_role": "nurse", "location": "Denver", "experience_years": 6.0,
                              "experience_level": "senior"}
    profile = get_profile(db, user.id)
    assert (profile.current_role, profile.location, profile.experience_level) == ("nurse", "Denver", "senior")
    assert profile.summary() == "nurse in Denver; 6 years of experience; senior level"


def test_a_new_fact_replaces_the_old_one_and_reports_what_it_was(db) -> None:
    user = create_user(db, email=None, password_hash=None, is_guest=True)
    update_profile(db, user.id, ProfileUpdate(current_role="nurse", location="Denver"))
    change = update_profile(db, user.id, ProfileUpdate(location="Boulder"))
    assert change.changed == {"location": "Boulder"}
    assert change.previous == {"location": "Denver"}
    assert get_profile(db, user.id).current_role == "nurse"  # untouched fields stay


def test_profiles_are_per_user(db) -> None:
    alice = create_user(db, email=None, password_hash=None, is_guest=True)
    bob = create_user(db, email=None, password_hash=None, is_guest=True)
    update_profile(db, alice.id, ProfileUpdate(current_role="teacher"))
    assert get_profile(db, bob.id).is_empty()


@pytest.mark.parametrize("bad", [{"experience_years": -1}, {"experience_years": 200}, {"current_role": "x" * 201},
                                 {"experience_level": "wizard"}, {"salary": 5}])
def test_bad_updates_are_rejected(bad: dict) -> None:
    with pytest.raises(ValidationError):
        ProfileUpdate(**bad)


@pytest.mark.parametrize(("years", "level"), [(0, "entry"), (1.5, "entry"), (3, "mid"), (6, "senior"), (12, "senior"),
                                              (25, "senior")])
def test_experience_bands(years: float, level: str) -> None:
    assert experience_level_for(years) == level
