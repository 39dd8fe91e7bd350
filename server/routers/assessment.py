"""Career assessments: the questionnaires (public), and scoring a completed one into results stored for the caller
(`assessment_results`). A thin layer over `tools/assessment/`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, status

from server.deps import CurrentUser, Service
from server.errors import ApiError
from tools.assessment.engine import AssessmentRequest
from tools.assessment.questionnaires import (
    KINDS,
    AssessmentInputError,
    Kind,
    questionnaires,
)
from tools.assessment.store import AssessmentRecord, assess_and_save, list_results

router = APIRouter(prefix="/api/career", tags=["career assessment"])
_ERRORS = {401: {"description": "No token, or a forged or expired one."},
           422: {"description": "An unknown kind, an unanswered item, an answer outside the scale or an unknown "
                                "item; the error names the field (e.g. `answers.ip7`). Nothing is stored."}}


@router.get("/assessment/questionnaires")
def get_questionnaires() -> dict[str, Any]:
    """The three questionnaires (interests: O*NET Interest Profiler Short Form; work style: Mini-IPIP Big Five;
    values: O*NET work values), each with its items, response scale, scales, scoring rule and source."""
    return {"kinds": list(KINDS), "questionnaires": [questionnaires()[kind] for kind in KINDS]}


@router.post("/assessment", response_model=AssessmentRecord, status_code=status.HTTP_201_CREATED, responses=_ERRORS)
def post_assessment(body: AssessmentRequest, user: CurrentUser, service: Service) -> AssessmentRecord:
    """Score a completed questionnaire: RIASEC scores and fitting O*NET occupations (with SOC codes for pay) near
    your job zone; Big Five traits and work-style notes; or work values and occupations that offer them. Stored as
    one of your results."""
    try:
        return assess_and_save(service.db, user.id, body)
    except AssessmentInputError as exc:
        raise ApiError(422, exc.code, exc.message, exc.field) from exc


@router.get("/assessment", response_model=list[AssessmentRecord], responses={401: _ERRORS[401]})
def get_assessments(user: CurrentUser, service: Service,
                    kind: Kind | None = Query(default=None, description="only results of this kind")
                    ) -> list[AssessmentRecord]:
    """Your results, newest first."""
    return list_results(service.db, user.id, kind)
