"""Salary endpoints: thin wrappers over `tools/salary`. Market figures are public BLS data: no token needed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tools.salary.benchmarks import Benchmarks
from tools.salary.geography import LocationComparison
from tools.salary.market import MarketData, market_data
from tools.salary.personalized import PersonalizedRange
from tools.salary.queries import RangeQuestion, benchmarks_for, compare_for, range_for, trends_for
from tools.salary.trends import Trends

router = APIRouter(prefix="/api/salary", tags=["salary"])
_ERRORS = {404: {"description": "Nothing matched the title or the place; the error carries `suggestions`."},
           422: {"description": "An empty, over-long or invalid input; the error names the field."}}
Title = Annotated[str, Query(description="A job title as people write it, e.g. 'Sr. Software Engr II'.")]
Place = Annotated[str | None, Query(description="City, metro, state, 'remote' or empty for national.")]


@router.get("/market-data", response_model=MarketData, responses=_ERRORS)
def get_market_data(title: Title = "", location: Place = None) -> MarketData:
    return market_data(title, location)


@router.get("/benchmarks", response_model=Benchmarks, responses=_ERRORS)
def get_benchmarks(title: Title = "") -> Benchmarks:
    """The role across industries (national), across metros and states, and against related occupations."""
    return benchmarks_for(title)


@router.post("/personalized-range", response_model=PersonalizedRange, responses=_ERRORS)
def post_personalized_range(body: RangeQuestion) -> PersonalizedRange:
    """A low/target/high range on the OEWS percentile curve, with every factor that moved it."""
    return range_for(body)


@router.get("/trends", response_model=Trends, responses=_ERRORS)
def get_trends(title: Title = "") -> Trends:
    """Employment projections 2024–34 for the role (BLS Employment Projections)."""
    return trends_for(title)


@router.get("/compare-locations", response_model=LocationComparison, responses=_ERRORS)
def get_compare_locations(title: Title = "", home: Annotated[str, Query(description="Where you live.")] = "",
                          job: Annotated[str, Query(description="Where the job is.")] = "") -> LocationComparison:
    """Pay for the role where you live against where the job is (e.g. remote work for a Seattle employer)."""
    return compare_for(title, home, job)
