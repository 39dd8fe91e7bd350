"""Learning-plan endpoints: a thin layer over `tools/learning/plan_store.py`. Plans are the caller's own
(`learning_plans`), so every endpoint needs the bearer token; another user's ids answer like unknown ones."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import ValidationError

from server.deps import CurrentUser, Service
from server.errors import ApiError
from tools.learning.plan import PlanRequest
from tools.learning.plan_store import (ItemUpdate, ItemUpdated, LearningError, LearningPlanOut, current_or_new_plan,
                                       get_plan, latest_plan, update_item)

router = APIRouter(prefix="/api/career", tags=["learning"])
_ERRORS = {401: {"description": "No token, or a forged or expired one."},
           404: {"description": "No plan or item of yours has this id, or no course covers the skills."},
           422: {"description": "An invalid input (hours_per_week outside 0 < h ≤ 80, progress outside 0–100, no "
                                "skills and no skills analysis...); the error names the field. Nothing is stored."}}


def _api_error(exc: LearningError) -> ApiError:
    return ApiError(exc.status, exc.code, exc.message, exc.field)


@router.get("/learning-plan", response_model=LearningPlanOut, responses=_ERRORS)
def get_learning_plan(
    user: CurrentUser, service: Service,
    hours_per_week: Annotated[float, Query(gt=0, le=80, description="Hours a week you can learn.")] = 5.0,
    skills: Annotated[str | None, Query(max_length=1100, description="Comma-separated skills; default: the gaps "
                                                                      "of your latest skills analysis.")] = None,
    target_role: Annotated[str | None, Query(max_length=200)] = None,
    free_only: bool = False,
) -> LearningPlanOut:
    """Your current learning plan: for your top skill gaps (or `skills`), courses in order (beginner first),
    fitted into `hours_per_week` (20-minute sessions under 3 h a week), each with a target date. Returned as is
    when your latest plan was made with the same settings from the same analysis; otherwise a new plan is made."""
    try:
        request = PlanRequest(hours_per_week=hours_per_week, skills=(skills or "").split(","),
                              target_role=target_role, free_only=free_only)
        return current_or_new_plan(service.db, user.id, request)
    except LearningError as exc:
        raise _api_error(exc) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "skills"
        raise ApiError(422, "invalid_request", f"{field}: {first['msg']}", field) from exc


# Declared before /learning-plan/{plan_id}, which would otherwise take "latest" for an id.
@router.get("/learning-plan/latest", response_model=LearningPlanOut,
            responses={401: _ERRORS[401], 404: {"description": "You have no learning plan yet."}})
def get_latest_learning_plan(user: CurrentUser, service: Service) -> LearningPlanOut:
    """Your most recent learning plan as stored, with its progress; unlike GET /learning-plan it never makes a
    new plan, so a page can show where you are without choosing settings."""
    try:
        return latest_plan(service.db, user.id)
    except LearningError as exc:
        raise _api_error(exc) from exc


@router.get("/learning-plan/{plan_id}", response_model=LearningPlanOut,
            responses={401: _ERRORS[401], 404: {"description": "No plan of yours has this id."}})
def get_learning_plan_by_id(plan_id: str, user: CurrentUser, service: Service) -> LearningPlanOut:
    try:
        return get_plan(service.db, user.id, plan_id)
    except LearningError as exc:
        raise _api_error(exc) from exc


@router.patch("/learning-plan/items/{item_id}", response_model=ItemUpdated, responses=_ERRORS)
def patch_learning_plan_item(item_id: int, body: ItemUpdate, user: CurrentUser, service: Service) -> ItemUpdated:
    """Update a course's `status` (planned, in_progress, completed, skipped) and/or `progress` (0–100). Progress
    moves the skill's current level in your skills analysis: start + (target − start) × the share of the skill's
    planned hours completed (skipped courses count nothing)."""
    try:
        return update_item(service.db, user.id, item_id, body)
    except LearningError as exc:
        raise _api_error(exc) from exc
