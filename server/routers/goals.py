"""Career goals with milestones: create, report progress, list, change, delete, and a calendar export. Stored per
user (`career_goals`); another user's goal gets the same 404 as an unknown id."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from fastapi import APIRouter, Query, Response, status
from pydantic import ConfigDict, Field

from server.deps import CurrentUser, Service
from server.errors import ApiError
from tools.goals.engine import GoalCreate, GoalInputError, GoalPatch, GoalStatus
from tools.goals.ics import goals_calendar
from tools.goals.store import (
    Goal,
    create_goal,
    delete_goal,
    get_goal,
    list_goals,
    patch_goal,
    record_progress,
)

router = APIRouter(prefix="/api/career", tags=["career goals"])
_ERRORS = {401: {"description": "No token, or a forged or expired one."},
           404: {"description": "No goal of yours has this id."},
           422: {"description": "A past target date for a new goal, a milestone due after its goal, progress "
                                "outside 0-100, an unknown milestone...; the error names the field. Nothing changes."}}


class GoalTracking(GoalCreate):
    """Without `goal_id`: a new goal (description required). With it: a progress report on that goal."""

    model_config = ConfigDict(extra="forbid")

    description: str | None = Field(default=None, min_length=1, max_length=2000)  # type: ignore[assignment]
    goal_id: int | None = Field(default=None, description="the goal to report progress on")
    milestone: int | str | None = Field(default=None, description="a milestone id, or words of its title")
    done: bool = Field(default=True, description="the milestone is done (false to undo)")


@contextmanager
def _goal_errors() -> Iterator[None]:
    try:
        yield
    except GoalInputError as exc:
        raise ApiError(404 if exc.code == "goal_not_found" else 422, exc.code, exc.message, exc.field) from exc


@router.post("/goal-tracking", response_model=Goal, status_code=status.HTTP_201_CREATED, responses=_ERRORS)
def post_goal_tracking(body: GoalTracking, user: CurrentUser, service: Service, response: Response) -> Goal:
    """Create a goal with milestones and target dates (201), or, with `goal_id`, mark a milestone done or set
    the progress of a goal without milestones (200). Progress % comes from the milestones done."""
    with _goal_errors():
        if body.goal_id is not None:
            response.status_code = status.HTTP_200_OK
            return record_progress(service.db, user.id, body.goal_id, body.milestone, body.done,
                                   body.progress_percentage)
        if body.description is None:
            raise GoalInputError("description is required for a new goal (or send goal_id to report progress)",
                                 "description", "missing_description")
        create = GoalCreate.model_validate(body.model_dump(include=set(GoalCreate.model_fields)))
        return create_goal(service.db, user.id, create)


@router.get("/goals", response_model=list[Goal], responses={401: _ERRORS[401]})
def get_goals(user: CurrentUser, service: Service,
              status_filter: GoalStatus | None = Query(default=None, alias="status")) -> list[Goal]:
    """Your goals, newest first, each with its progress and overdue milestones."""
    return list_goals(service.db, user.id, status_filter)


@router.get("/goals.ics", response_class=Response, responses={
    200: {"content": {"text/calendar": {}}, "description": "An iCalendar file of your goal and milestone dates."},
    401: _ERRORS[401]})
def get_goals_calendar(user: CurrentUser, service: Service) -> Response:
    """Your goals' and milestones' dates as all-day events (RFC 5545), to import into a calendar."""
    calendar = goals_calendar(list_goals(service.db, user.id))
    return Response(calendar, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="career-goals-{date.today()}.ics"'})


@router.get("/goals/{goal_id}", response_model=Goal, responses={401: _ERRORS[401], 404: _ERRORS[404]})
def get_one_goal(goal_id: int, user: CurrentUser, service: Service) -> Goal:
    with _goal_errors():
        return get_goal(service.db, user.id, goal_id)


@router.patch("/goals/{goal_id}", response_model=Goal, responses=_ERRORS)
def patch_one_goal(goal_id: int, body: GoalPatch, user: CurrentUser, service: Service) -> Goal:
    """Change a goal: description, type, target date, status, progress (goals without milestones), or its
    milestone list (a milestone keeping its title keeps its id and history)."""
    with _goal_errors():
        return patch_goal(service.db, user.id, goal_id, body)


@router.delete("/goals/{goal_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
               responses={401: _ERRORS[401], 404: _ERRORS[404]})
def delete_one_goal(goal_id: int, user: CurrentUser, service: Service) -> Response:
    with _goal_errors():
        delete_goal(service.db, user.id, goal_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
