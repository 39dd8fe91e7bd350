"""Mentor matching: profiles checked before they are stored, needs from the mentee's profile and gaps, the
compatibility components with their reasons, and the cohort's stable assignment within capacities."""

from __future__ import annotations

import uuid
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from memory.db import create_db_engine
from memory.users import create_user
from tools.mentors.cohort import Cohort, assign, is_stable, peer_groups
from tools.mentors.compatibility import WEIGHTS, MentorCard, MentorIndex, Needs
from tools.mentors.profile import MenteeNeeds, MentorInputError, MentorProfileIn, Slot, week_mask
from tools.mentors.store import MENTORS, find_mentors, get_mentor, needs_for, save_profile
from tools.profile.engine import ProfileUpdate, update_profile

WEEK = date(2027, 1, 4)  # a Monday, outside daylight saving time in both Denver and Berlin


def mentor_in(**overrides: object) -> MentorProfileIn:
    values: dict[str, object] = {
        "display_name": "Priya", "current_role": "product manager", "past_roles": ["software developer"],
        "industries": ["Software"], "skills": ["SQL", "project management", "Python"], "years_experience": 12,
        "languages": ["English", "Hindi"], "timezone": "America/Denver",
        "availability": [{"day": "tue", "start": "18:00", "end": "20:00"}], "capacity": 2}
    values.update(overrides)
    return MentorProfileIn.model_validate(values)


@pytest.fixture
def db(settings) -> Engine:
    engine = create_db_engine(settings.sqlalchemy_url)
    MENTORS.invalidate()
    yield engine
    engine.dispose()


def account(db: Engine, guest: bool = False) -> str:
    return create_user(db, email=None if guest else f"{uuid.uuid4().hex}@example.com", password_hash=None,
                       is_guest=guest).id


def test_weights_sum_to_one() -> None:
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(("overrides", "field"), [
    ({"capacity": 0}, "capacity"),
    ({"availability": [{"day": "mon", "start": "10:00", "end": "09:00"}]}, "availability.0.end"),
    ({"availability": [{"day": "mon", "start": "09:00", "end": "11:00"},
                       {"day": "mon", "start": "10:30", "end": "12:00"}]}, "availability.1"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"current_role": "zzzz qqqq"}, "current_role"),
])
def test_a_bad_profile_is_refused_naming_the_field_and_nothing_is_stored(db: Engine, overrides: dict,
                                                                         field: str) -> None:
    mentor = account(db)
    with pytest.raises(MentorInputError) as refused:
        save_profile(db, mentor, mentor_in(**overrides))
    assert refused.value.field == field
    assert get_mentor(db, mentor) is None


def test_a_guest_cannot_offer_mentoring(db: Engine) -> None:
    with pytest.raises(MentorInputError) as refused:
        save_profile(db, account(db, guest=True), mentor_in())
    assert refused.value.status == 403


def test_availability_is_compared_across_timezones() -> None:
    denver = week_mask([Slot(day="tue", start="18:00", end="20:00")], ZoneInfo("America/Denver"), WEEK)
    berlin = week_mask([Slot(day="wed", start="02:00", end="03:00")], ZoneInfo("Europe/Berlin"), WEEK)
    assert bin(denver).count("1") == 4 and bin(berlin).count("1") == 2
    assert bin(denver & berlin).count("1") == 2  # Tue 18-20 in Denver is Wed 01-03 UTC; Wed 02-03 in Berlin 01-02


def test_the_mentor_for_the_move_ranks_first_with_reasons(db: Engine) -> None:
    pm, nurse, full = account(db), account(db), account(db)
    save_profile(db, pm, mentor_in())
    save_profile(db, nurse, mentor_in(display_name="Sam", current_role="registered nurse", past_roles=[],
                                      industries=["Health care"], skills=["patient care"], years_experience=20))
    save_profile(db, full, mentor_in(display_name="Alex", accepting=False))
    mentee = account(db)
    update_profile(db, mentee, ProfileUpdate(current_role="data analyst", target_role="product manager",
                                             experience_years=4, industry="Software"))

    found = find_mentors(db, mentee, MenteeNeeds(skills_to_learn=["SQL", "Python", "negotiation"],
                                                 availability=[Slot(day="tue", start="19:00", end="21:00")],
                                                 timezone="America/Denver"))

    names = [m["name"] for m in found["mentors"]]
    assert names == ["Priya"]  # Alex is not accepting mentees; Sam, a nurse, has nothing to teach for this move
    best = found["mentors"][0]
    assert best["components"]["role"]["score"] == 1.0 and best["components"]["industry"]["score"] == 1.0
    assert best["components"]["skills"]["score"] == pytest.approx(2 / 3, abs=1e-3)
    assert best["components"]["availability"]["score"] == 0.5  # 19:00-20:00 together: 1 h of the 2 that count
    assert "1 h a week of shared availability (America/Denver)" in best["reasons"]
    assert any(r.startswith("Teaches SQL, Python (not negotiation)") for r in best["reasons"])
    assert any("Works or worked as" in r for r in best["reasons"])
    assert found["matched_on"]["target_role"] == "product manager"  # from the profile


def test_no_shared_language_means_no_match_and_a_full_mentor_is_skipped() -> None:
    def card(name: str, languages: tuple[str, ...], places: int) -> MentorCard:
        return MentorCard(id=name, display_name=name, headline="PM", roles=(("11-2021", "Marketing Managers"),),
                          industries=(), skills={}, years=10, languages=languages, timezone="UTC", week=0,
                          open_places=places, accepting=True, style="structured", frequency="biweekly")

    index = MentorIndex([card("a", ("French",), 1), card("b", ("English",), 0), card("c", ("english",), 1)])
    needs = Needs(target=("11-2021", "Marketing Managers"), skills={}, industry=None, years=None,
                  languages=("English",), week=None, style=None, frequency=None)
    assert [m.mentor.id for m in index.rank(needs, 5)] == ["c"]


def test_needs_come_from_the_request_or_say_what_is_missing(db: Engine) -> None:
    mentee = account(db)
    with pytest.raises(MentorInputError) as refused:
        needs_for(db, mentee, MenteeNeeds())
    assert refused.value.field == "target_role"
    needs, used = needs_for(db, mentee, MenteeNeeds(target_role="registered nurse", years_experience=3))
    assert needs.target[0] == "29-1141" and used["target_occupation"]["soc_code"] == "29-1141"


# -- cohorts ----------------------------------------------------------------------------------------------------


def synthetic(mentors: int, mentees: int, seed: int = 3) -> tuple[MentorIndex, dict[str, Needs]]:
    import random

    rng = random.Random(seed)
    socs = [("11-2021", "Marketing Managers"), ("15-1252", "Software Developers"), ("29-1141", "Registered Nurses"),
            ("13-2011", "Accountants and Auditors"), ("15-2051", "Data Scientists")]
    skills = [f"c{i}" for i in range(40)]
    cards = [MentorCard(id=f"m{i}", display_name=f"Mentor {i}", headline="x", roles=(rng.choice(socs),),
                        industries=(rng.choice(["Software", "Health care", "Finance"]),),
                        skills={k: k for k in rng.sample(skills, 6)}, years=rng.randint(3, 30),
                        languages=("English",), timezone="UTC", week=rng.getrandbits(336), open_places=rng.randint(1, 4),
                        accepting=True, style=rng.choice(["structured", "casual"]), frequency="biweekly")
             for i in range(mentors)]
    needs = {f"e{i}": Needs(target=rng.choice(socs), skills={k: (k, 1.0) for k in rng.sample(skills, 4)},
                            industry=rng.choice(["Software", "Health care", "Finance"]), years=rng.randint(0, 10),
                            languages=("English",), week=rng.getrandbits(336), style=None, frequency=None)
             for i in range(mentees)}
    return MentorIndex(cards), needs


def test_the_cohort_assignment_is_stable_and_within_capacity() -> None:
    index, mentees = synthetic(40, 120)
    cohort = assign(index, mentees)
    places = {m.id: m.open_places for m in index.mentors}
    load: dict[str, int] = {}
    for mentor_id in cohort.assignment.values():
        load[mentor_id] = load.get(mentor_id, 0) + 1
    assert all(load[m] <= places[m] for m in load)
    assert len(cohort.assignment) == min(len(mentees), sum(places.values()))  # every place is used
    assert set(cohort.unassigned) == set(mentees) - set(cohort.assignment)
    assert is_stable(index, mentees, cohort) == []
    for group in cohort.group_mentorships:  # a group shares its mentor and its target
        assert len({cohort.assignment[m] for m in group["mentees"]}) == 1
        assert len({mentees[m].target[0] for m in group["mentees"]}) == 1


def test_is_stable_finds_a_blocking_pair() -> None:
    def mentor(name: str, skills: list[str]) -> MentorCard:
        return MentorCard(id=name, display_name=name, headline="x", roles=(), industries=(),
                          skills={k: k for k in skills}, years=10, languages=("English",), timezone="UTC", week=0,
                          open_places=1, accepting=True, style="structured", frequency="biweekly")

    def mentee(skills: list[str]) -> Needs:
        return Needs(target=None, skills={k: (k, 1.0) for k in skills}, industry=None, years=None,
                     languages=("English",), week=None, style=None, frequency=None)

    index = MentorIndex([mentor("x", ["sql", "python"]), mentor("y", ["sql", "excel"])])
    mentees = {"a": mentee(["sql", "python"]), "b": mentee(["sql", "excel"])}
    cohort = assign(index, mentees)
    assert cohort.assignment == {"a": "x", "b": "y"} and is_stable(index, mentees, cohort) == []
    crossed = Cohort({"a": "y", "b": "x"}, {"a": 0.0, "b": 0.0}, [])
    crossed.scores = {m: float(index.scores(mentees[m])[0][0 if crossed.assignment[m] == "x" else 1])
                      for m in crossed.assignment}
    assert sorted(is_stable(index, mentees, crossed)) == [("a", "x"), ("b", "y")]  # both would rather swap


def test_peer_groups_have_three_to_six_with_one_target() -> None:
    _, mentees = synthetic(1, 50)
    groups = peer_groups(mentees)
    assert groups and all(3 <= len(g) <= 6 for g in groups)
    assert all(len({mentees[m].target[0] for m in g}) == 1 for g in groups)
    assert len({m for g in groups for m in g}) == sum(len(g) for g in groups)  # no one twice
