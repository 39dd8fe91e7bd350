from __future__ import annotations

import pytest

from agent.offline.slots import extract_amounts, extract_slots


@pytest.mark.parametrize(("text", "expected"), [
    ("I'm a nurse in Denver with 6 years' experience",
     {"current_role": "nurse", "location": "Denver", "experience_years": 6}),
    ("I am a nurse in Denver. I can't relocate before June.", {"current_role": "nurse", "location": "Denver"}),
    ("I live in St. Louis. It is cheap.", {"location": "St Louis"}),
    ("I'm a registered nurse, 6 yrs exp, in Denver",
     {"current_role": "registered nurse", "location": "Denver", "experience_years": 6}),
    ("I work as a Sr. software engineer at Google in Austin, TX for 4 years",
     {"current_role": "Sr software engineer", "location": "Austin, TX", "experience_years": 4, "company": "Google"}),
    ("I have 10 years of experience as a data analyst", {"current_role": "data analyst", "experience_years": 10}),
    ("I want to become a nurse practitioner", {"target_role": "nurse practitioner"}),
    ("I'm based in San Francisco, CA and want to move into product management",
     {"location": "San Francisco, CA", "target_role": "product management"}),
    ("I work in healthcare", {"industry": "healthcare"}),
    ("Im a teacher looking to get into instructional design roles",
     {"current_role": "teacher", "target_role": "instructional design"}),
    ("I'm looking for a job in New York City", {"location": "New York City"}),
    ("I'm happy with remote work", {"location": "remote"}),
    ("I'm moving to Seattle", {"location": "Seattle", "target_role": None}),
])
def test_slots_found(text: str, expected: dict) -> None:
    slots = extract_slots(text)
    for name, value in expected.items():
        assert getattr(slots, name) == value, (name, slots)


@pytest.mark.parametrize("text", ["hello", "what do you know about me?", "I'm looking for advice",
                                  "I'm not sure what to do", "I'm interested in learning more",
                                  "I'm in healthcare"])
def test_no_role_invented(text: str) -> None:
    slots = extract_slots(text)
    assert slots.current_role is None and slots.target_role is None, slots


def test_amounts() -> None:
    assert extract_amounts("offer is $120k, they said 125,000 and $1.2M equity; I have 3 kids") == [120_000, 125_000, 1_200_000]


@pytest.mark.parametrize(("text", "role"), [
    ("What salary range should I ask for as a nurse with 6 years experience in Denver?", "nurse"),
    ("I live in Denver but the job is in San Francisco, as a software developer", "software developer"),
    ("a remote job in Seattle while living in Austin as a data scientist", "data scientist"),
    ("what do I make?", None),
])
def test_role_after_as_is_bounded_like_other_roles(text: str, role: str | None) -> None:
    from agent.offline.slots import role_after_as

    assert role_after_as(text) == role


def test_a_date_after_a_target_role_is_not_part_of_it() -> None:
    for text in ("I want to become a product manager by June 2027", "I want to be a product manager by the end of 2026",
                 "I want to become a product manager by next year"):
        assert extract_slots(text).target_role == "product manager", text
