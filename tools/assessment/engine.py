"""One assessment: check the answers, score them, and turn the scores into results (matching occupations for
interests and values, work-style notes for the Big Five). Pure: storing is `store.py`'s job."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tools.assessment.matching import (
    JOB_ZONES,
    job_zone_for_years,
    matching_occupations,
    occupation_data,
)
from tools.assessment.questionnaires import (
    AssessmentInputError,
    Kind,
    checked_answers,
    questionnaire,
)
from tools.assessment.scoring import (
    interest_code,
    interest_scores,
    trait_scores,
    value_scores,
)
from tools.assessment.work_style import work_style_notes


class AssessmentRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind
    answers: dict[str, Any] = Field(description="item id → the chosen value on the questionnaire's response scale")
    job_zone: int | None = Field(default=None, ge=1, le=5,
                                 description="O*NET job zone (1-5) to match near; default from your profile's years")


class Assessment(BaseModel):
    kind: str
    answers: dict[str, int]
    scores: dict[str, int | float]
    result: dict[str, Any]


def _zone(request: AssessmentRequest, experience_years: float | None) -> tuple[int | None, str]:
    if request.job_zone is not None:
        return request.job_zone, "given"
    zone = job_zone_for_years(experience_years)
    return zone, "from your profile's years of experience" if zone else "none: all job zones"


def _occupations(profile: list[float], which: str, request: AssessmentRequest,
                 experience_years: float | None) -> dict[str, Any]:
    zone, basis = _zone(request, experience_years)
    found = matching_occupations(profile, which, zone)
    data = occupation_data()
    return {"job_zone": zone, "job_zone_name": JOB_ZONES.get(zone) if zone else None, "job_zone_basis": basis,
            "occupations": found,
            "note": None if found else "your answers are the same for every scale, so they point to no occupation",
            "source": data["source"]["name"] + ", " + data["source"]["release"], "attribution": data["attribution"]}


def assess(request: AssessmentRequest, experience_years: float | None = None) -> Assessment:
    answers = checked_answers(request.kind, request.answers)
    form = questionnaire(request.kind)
    names = {scale["id"]: scale["name"] for scale in form["scales"]}
    if request.kind == "interests":
        scores = interest_scores(answers)
        result = {"code": interest_code(scores), "top": [names[c] for c in interest_code(scores)],
                  **_occupations([scores[c] for c in "RIASEC"], "interests", request, experience_years)}
    elif request.kind == "work_style":
        scores = trait_scores(answers)
        result = {"traits": {names[k]: v for k, v in scores.items()}, "notes": work_style_notes(scores)}
    else:
        scores = value_scores(answers)
        ranked = sorted(scores, key=lambda value: -scores[value])
        result = {"top": ranked[:3],
                  **_occupations([scores[v] for v in occupation_data()["values"]], "values", request, experience_years)}
    result["questionnaire"] = {"title": form["title"], "citation": form["source"]["citation"]}
    return Assessment(kind=request.kind, answers=answers, scores=scores, result=result)


__all__ = ["Assessment", "AssessmentInputError", "AssessmentRequest", "assess"]
