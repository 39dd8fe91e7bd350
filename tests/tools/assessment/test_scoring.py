"""Scoring by each questionnaire's rule, worked by hand; occupation matching against the derived O*NET file."""

from __future__ import annotations

import gzip
import json

import pytest

from tools.assessment.engine import AssessmentRequest, assess
from tools.assessment.matching import (
    correlation,
    job_zone_for_years,
    matching_occupations,
    occupation_data,
)
from tools.assessment.questionnaires import (
    AssessmentInputError,
    checked_answers,
    questionnaires,
)
from tools.assessment.scoring import (
    interest_code,
    interest_scores,
    trait_scores,
    value_scores,
)
from tools.assessment.work_style import work_style_notes


def test_the_questionnaires_have_their_published_shape() -> None:
    forms = questionnaires()
    interests = forms["interests"]["items"]
    assert len(interests) == 60 and [i["scale"] for i in interests[:7]] == list("RIASECR")
    assert {scale: sum(1 for i in interests if i["scale"] == scale) for scale in "RIASEC"} == dict.fromkeys("RIASEC", 10)
    style = forms["work_style"]["items"]
    assert len(style) == 20 and sum(1 for i in style if i["keyed"] == "-") == 11  # Mini-IPIP: 11 reverse-keyed
    assert {i["scale"] for i in forms["values"]["items"]} == {
        "Achievement", "Working Conditions", "Recognition", "Relationships", "Support", "Independence"}
    assert len({i["id"] for form in forms.values() for i in form["items"]}) == 101


def test_interest_scores_are_sums_of_0_to_4() -> None:
    # ip1..ip6 are R, I, A, S, E, C; every R item "strongly like" (4), every C item "unsure" (2), the rest 1 → 0.
    answers = {f"ip{n}": {0: 5, 5: 3}.get((n - 1) % 6, 1) for n in range(1, 61)}
    scores = interest_scores(checked_answers("interests", answers))
    assert scores == {"R": 40, "I": 0, "A": 0, "S": 0, "E": 0, "C": 20}
    assert interest_code(scores) == "RCI"  # ties fall back to R-I-A-S-E-C order


def test_mini_ipip_reverses_the_negatively_keyed_items() -> None:
    # Extraversion: items 1 and 11 keyed +, 6 and 16 keyed −. Answers 5, 4, 2, 1 → 5, 4, 6-2, 6-1 → mean 4.5.
    answers = dict.fromkeys((f"ipip{n}" for n in range(1, 21)), 3) | {"ipip1": 5, "ipip11": 4, "ipip6": 2, "ipip16": 1}
    scores = trait_scores(checked_answers("work_style", answers))
    assert scores == {"E": 4.5, "A": 3.0, "C": 3.0, "N": 3.0, "O": 3.0}
    notes = work_style_notes(scores)
    assert [(n["trait"], n["level"]) for n in notes] == [("Extraversion", "high")]


def test_value_scores_are_means() -> None:
    # wv1, wv2 are Achievement (5 and 4 → 4.5); wv19-21 Independence (1, 2, 3 → 2.0); the rest 3.
    answers = dict.fromkeys((f"wv{n}" for n in range(1, 22)), 3) | {"wv1": 5, "wv2": 4, "wv19": 1, "wv20": 2, "wv21": 3}
    scores = value_scores(checked_answers("values", answers))
    assert scores["Achievement"] == 4.5 and scores["Independence"] == 2.0 and scores["Support"] == 3.0


@pytest.mark.parametrize(("answers", "field", "code"), [
    ({}, "answers.wv1", "missing_answers"),
    (dict.fromkeys((f"wv{n}" for n in range(1, 22)), 3) | {"wv4": 0}, "answers.wv4", "answer_out_of_scale"),
    (dict.fromkeys((f"wv{n}" for n in range(1, 22)), 3) | {"wv4": 2.5}, "answers.wv4", "answer_out_of_scale"),
    (dict.fromkeys((f"wv{n}" for n in range(1, 22)), 3) | {"wv4": True}, "answers.wv4", "answer_out_of_scale"),
    (dict.fromkeys((f"wv{n}" for n in range(1, 23)), 3), "answers.wv22", "invalid_answers"),
])
def test_bad_answers_name_the_item(answers: dict, field: str, code: str) -> None:
    with pytest.raises(AssessmentInputError) as error:
        checked_answers("values", answers)
    assert (error.value.field, error.value.code) == (field, code)


def test_correlation_by_hand() -> None:
    assert correlation([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert correlation([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert correlation([3, 3, 3], [1, 2, 3]) is None


def test_matching_ranks_by_fit_within_nearby_job_zones() -> None:
    data = occupation_data()
    chemist = next(o for o in data["occupations"] if o.title == "Chemists")
    found = matching_occupations(list(chemist.interests), job_zone=chemist.job_zone)
    assert found[0]["fit"] == 1.0 and "Chemists" in [o["title"] for o in found if o["fit"] == 1.0]
    assert [o["fit"] for o in found] == sorted((o["fit"] for o in found), reverse=True)
    assert all(abs(o["job_zone"] - chemist.job_zone) <= 1 for o in found)
    assert all(o["soc_code"] == o["onet_code"][:7] for o in found)
    assert matching_occupations([4, 4, 4, 4, 4, 4]) == []


def test_years_give_a_job_zone_but_never_the_graduate_one() -> None:
    assert [job_zone_for_years(y) for y in (None, 0, 2, 5, 30)] == [None, 2, 3, 4, 4]


def test_a_flat_profile_says_why_it_matches_nothing() -> None:
    result = assess(AssessmentRequest(kind="interests", answers={f"ip{n}": 3 for n in range(1, 61)})).result
    assert result["occupations"] == [] and "same for every scale" in result["note"]


def test_the_derived_file_matches_its_source(shared_data) -> None:
    from tools.assessment.derive_occupations import DATA_FILE, FILES, build

    rebuilt = build(*((shared_data / "onet" / name).read_bytes() for name in FILES))
    assert rebuilt == DATA_FILE.read_bytes()
    document = json.loads(gzip.decompress(rebuilt))
    software = next(o for o in document["occupations"] if o[0] == "15-1252.00")
    assert software[1] == "Software Developers" and len(software[3]) == 6 and software[2] in (3, 4, 5)
    assert len(document["occupations"]) == 923 and sum(1 for o in document["occupations"] if o[4]) == 874
