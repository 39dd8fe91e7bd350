"""Career path endpoints: roadmaps between roles (`tools/career/roadmap.py`) and industry and occupation
outlook (`tools/career/trends.py`). The roadmap reads the caller's saved profile for what the query leaves out,
so it needs the token; the outlook is public BLS data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from server.deps import CurrentUser, Service
from tools.career.roadmap import Roadmap, roadmap
from tools.career.trends import IndustryTrends, industry_trends
from tools.profile.engine import get_profile

router = APIRouter(prefix="/api/career", tags=["career paths"])
_ERRORS = {401: {"description": "No token, or a forged or expired one."},
           404: {"description": "A role or place matched nothing; the error names the field and carries "
                                "`suggestions`."},
           422: {"description": "A missing, empty or over-long input; the error names the field."}}
Role = Annotated[str | None, Query(max_length=200, description="A job title as people write it; empty: your "
                                                               "saved profile's.")]


@router.get("/roadmap", response_model=Roadmap, responses=_ERRORS)
def get_roadmap(user: CurrentUser, service: Service, current: Role = None, target: Role = None,
                location: Annotated[str | None, Query(max_length=200, description="Where you work; empty: your "
                                                                                   "profile's, else national.")] = None) -> Roadmap:
    """Paths from your current role to your target through O*NET related occupations: scenarios (direct,
    via a bridge role, via education) side by side, each step with the skills to gain, the typical
    preparation, the pay change where you work (BLS OEWS), the outlook (BLS projections) and a risk note."""
    profile = get_profile(service.db, user.id)
    return roadmap(current or profile.current_role, target or profile.target_role, location or profile.location)


@router.get("/industry-trends", response_model=IndustryTrends, responses={k: v for k, v in _ERRORS.items() if k != 401})
def get_industry_trends(service: Service,
                        industry: Annotated[str | None, Query(max_length=200, description="e.g. hospitals")] = None,
                        occupation: Annotated[str | None, Query(max_length=200,
                                                                description="e.g. registered nurse")] = None) -> IndustryTrends:
    """Employment outlook (BLS projections 2024–34) and pay by industry (BLS OEWS) for an occupation, an
    industry or both; stored in `industry_insights` (asking again updates the same rows)."""
    return industry_trends(service.db, industry, occupation)
