"""Levels: the level a title or message states, the years it gives, and the band of percentiles they map to,
without counting a level twice where the occupation itself is the level."""

from __future__ import annotations

import pytest

from tools.occupations.levels import (BANDS, LEVELS, TYPICAL_YEARS, assume_level, parse_level, parse_years,
                                      years_target)
from tools.occupations.titles import resolve_title


@pytest.mark.parametrize(("text", "level"), [
    ("Senior Software Engineer", "senior"), ("Sr. Data Analyst", "senior"), ("snr accountant", "senior"),
    ("Junior Developer", "junior"), ("jr web developer", "junior"),
    ("entry-level accountant", "entry"), ("Entry Level Nurse", "entry"), ("new grad software engineer", "entry"),
    ("recent graduate, marketing", "entry"), ("Graduate Engineer", "entry"), ("Associate Product Manager", "entry"),
    ("Software Engineer I", "entry"), ("Software Engineer II", "mid"), ("Engineer III", "senior"),
    ("Engineer IV", "lead"), ("Nurse 2 in Denver", "mid"), ("mid-level developer", "mid"),
    ("intermediate designer", "mid"), ("mid career analyst", "mid"),
    ("summer intern", "intern"), ("software engineering internship", "intern"), ("co-op student", "intern"),
    ("electrician apprentice", "intern"), ("management trainee", "intern"),
    ("Staff Software Engineer", "lead"), ("Staff Engineer", "lead"), ("team lead", "lead"), ("Tech Lead", "lead"),
    ("Lead Data Scientist", "lead"), ("Principal Engineer", "principal"), ("Distinguished Engineer", "principal"),
    ("Director of Engineering", "executive"), ("Head of Marketing", "executive"), ("VP of Sales", "executive"),
    ("vice president, finance", "executive"), ("Chief Nurse", "executive"), ("CTO", "executive"),
])
def test_words_that_state_a_level(text: str, level: str) -> None:
    parsed = parse_level(text)
    assert parsed is not None and parsed.level == level, text


@pytest.mark.parametrize(("text", "level", "words"), [
    ("L3 at Google", "entry", ["L3"]), ("L4", "mid", ["L4"]), ("an L5 offer", "senior", ["L5"]), ("L6", "lead", ["L6"]),
    ("L7", "principal", ["L7"]), ("E5 at Meta", "senior", ["E5"]), ("SDE1", "entry", ["SDE1"]),
    ("SDE2 at Amazon", "mid", ["SDE2"]), ("SDE 3", "senior", ["SDE 3"]), ("IC2", "junior", ["IC2"]),
    ("IC4 designer", "senior", ["IC4"]), ("IC6", "principal", ["IC6"]),
])
def test_company_ladders(text: str, level: str, words: list[str]) -> None:
    parsed = parse_level(text)
    assert parsed is not None and parsed.level == level and parsed.words == words


@pytest.mark.parametrize("text", [
    "registered nurse", "sales associate", "retail sales associate", "school principal", "assistant principal",
    "staff nurse", "staff accountant", "I want to know what I should ask for", "software engineer",
    "an associate's degree in nursing", "I have 6 years as a nurse", "architect", "", None,
])
def test_title_words_and_pronouns_are_not_levels(text: str | None) -> None:
    assert parse_level(text) is None


def test_the_highest_level_stated_counts() -> None:
    parsed = parse_level("Senior Staff Engineer")
    assert parsed is not None and parsed.level == "lead" and parsed.words == ["staff"]


@pytest.mark.parametrize(("text", "years"), [
    ("6 years", 6), ("5+ yrs of experience", 5), ("5 plus years", 5), ("3-5 years", 4), ("ten years in sales", 10),
    ("a decade of experience", 10), ("over two decades", 20), ("1 year", 1), ("2.5 years", 2.5),
    ("a few years", 3), ("I'm 25 years old", None), ("that was 4 years ago", None), ("no numbers here", None),
])
def test_years_of_experience(text: str, years: float | None) -> None:
    assert parse_years(text) == years


def test_bands_are_ordered_and_contain_their_targets() -> None:
    for level in LEVELS:
        low, target, high = BANDS[level]
        assert 10 <= low <= target <= high <= 90, level
    targets = [BANDS[level][1] for level in LEVELS]
    assert targets == sorted(targets)
    assert BANDS["mid"][1] == 50 and BANDS["senior"][1] == 75 and BANDS["intern"][1] == 10


def test_words_only_give_the_level_band_and_its_target() -> None:
    senior = assume_level("Senior Software Engineer", soc_code="15-1252", occupation="Software Developers")
    assert senior is not None and not senior.absorbed
    assert (senior.band_low, senior.target, senior.band_high) == BANDS["senior"] == (65, 75, 85)
    assert senior.evidence == ["senior"] and senior.years is None
    assert senior.statement == ("Assumed senior level (from “senior”): around the 75th percentile, 65th–85th. "
                                "OEWS publishes no pay by level; this is our convention.")
    junior = assume_level("junior developer")
    assert junior is not None and junior.target == 25 and junior.band_high < 50


def test_years_only_map_to_a_level_and_never_go_down() -> None:
    assert assume_level("software engineer") is None and assume_level(None) is None
    previous = None
    for tenths in range(0, 400):
        years = tenths / 10
        found = assume_level(None, years)
        assert found is not None and found.evidence == [f"{years:g} year{'s' if years != 1 else ''}"]
        assert found.band_low <= found.target <= found.band_high and found.band_high - found.band_low <= 20
        if previous is not None:
            assert found.target >= previous.target and found.band_low >= previous.band_low
        previous = found
    assert [assume_level(None, y).level for y in (0, 1, 2, 4, 6, 8, 12, 30)] == [
        "entry", "entry", "mid", "mid", "mid", "senior", "lead", "lead"]
    assert years_target(5) == 50 and years_target(0) == 15 and years_target(40) == 80
    assert "from 6 years of experience" in assume_level(None, 6).statement


@pytest.mark.parametrize("level", ["entry", "junior", "mid", "senior", "lead", "principal"])
def test_words_set_the_band_and_years_place_the_target_inside_it(level: str) -> None:
    words = {"entry": "new grad", "junior": "junior", "mid": "mid-level", "senior": "senior", "lead": "staff engineer",
             "principal": "principal engineer"}[level]
    low, _, high = BANDS[level]
    first, last = TYPICAL_YEARS[level]
    targets = []
    for years in (0, first, (first + last) / 2, last, 40):
        found = assume_level(words, years)
        assert found is not None and (found.band_low, found.band_high) == (low, high) and found.level == level
        assert low < found.target < high
        targets.append(found.target)
    assert targets == sorted(targets) and targets[0] < targets[-1]
    middle = assume_level(words, (first + last) / 2)
    assert middle is not None and middle.target == pytest.approx((low + high) / 2, abs=0.1)
    assert "the words set the band, your years place you in it" in middle.statement


@pytest.mark.parametrize(("title", "level"), [("Chief Executive Officer", "executive"), ("CEO", "executive"),
                                              ("Director of Marketing", "executive"),
                                              ("VP of Sales", "executive")])
def test_a_level_the_occupation_encodes_is_absorbed(title: str, level: str) -> None:
    best = resolve_title(title).best
    assert best is not None and best.soc_code.startswith("11-"), (title, best)
    found = assume_level(title, 15, best.soc_code, best.title)
    assert found is not None and found.absorbed and found.level == level
    assert (found.band_low, found.target, found.band_high) == (25, 50, 75)
    assert "already part of the occupation" in found.statement and "do not raise it again" in found.statement


def test_chief_nurse_on_a_management_code_is_absorbed() -> None:
    found = assume_level("Chief Nurse", soc_code="11-9111", occupation="Medical and Health Services Managers")
    assert found is not None and found.absorbed and found.evidence == ["chief"]
    assert "Medical and Health Services Managers" in found.statement


def test_lead_is_absorbed_by_a_supervisor_occupation_but_senior_is_not_by_a_manager() -> None:
    supervisor = assume_level("lead cook", soc_code="35-1012",
                              occupation="First-Line Supervisors of Food Preparation and Serving Workers")
    assert supervisor is not None and supervisor.absorbed and supervisor.target == 50
    manager = assume_level("senior product manager", soc_code="11-2021", occupation="Marketing Managers")
    assert manager is not None and not manager.absorbed and manager.target == 75


@pytest.mark.parametrize(("label", "level"), [("senior", "senior"), ("junior", "junior"), ("mid", "mid"),
                                              ("staff", "lead"), ("lead", "lead"), ("intern", "intern"),
                                              ("trainee", "intern"), ("head", "executive"), ("vp", "executive"),
                                              ("director", "executive"), ("chief", "executive")])
def test_the_seniority_labels_of_title_resolutions_are_read(label: str, level: str) -> None:
    parsed = parse_level(label)
    assert parsed is not None and parsed.level == level
