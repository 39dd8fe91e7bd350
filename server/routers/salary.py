"""Salary endpoints: thin wrappers over `tools/salary`. Market figures are public BLS data and company
insights are aggregates only: no token needed. A user's own offers need their token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from server.deps import CurrentUser, Service, SettingsDep
from server.errors import ApiError
from tools.salary.benchmarks import Benchmarks
from tools.salary.company import CompanyInsights, OfferIn, OfferOut, company_insights, delete_offer, my_offers, record_offer
from tools.salary.geography import LocationComparison
from tools.salary.market import MarketData, market_data
from tools.salary.market_trends import MarketTrends, market_trends
from tools.salary.personalized import PersonalizedRange
from tools.salary.queries import RangeQuestion, benchmarks_for, compare_for, range_for, trends_for
from tools.salary.tool import series_clients
from tools.salary.trends import Trends

router = APIRouter(prefix="/api/salary", tags=["salary"])
_ERRORS = {404: {"description": "Nothing matched the title or the place; the error carries `suggestions`."},
           422: {"description": "An empty, over-long or invalid input; the error names the field."}}
Title = Annotated[str, Query(description="A job title as people write it, e.g. 'Sr. Software Engr II'.")]
Place = Annotated[str | None, Query(description="City, metro, state, 'remote' or empty for national.")]


@router.get("/market-data", response_model=MarketData, responses=_ERRORS)
async def get_market_data(title: Title = "", location: Place = None) -> MarketData:
    # In-memory work of about half a millisecond: on the event loop it is cheaper than a thread-pool hop,
    # where concurrent requests would contend for the GIL.
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
def get_trends(settings: SettingsDep, title: Title = "") -> Trends:
    """Employment projections 2024–34 for the role (BLS Employment Projections), plus live BLS/FRED series
    when their keys are configured."""
    return trends_for(title, series_clients(settings))


@router.get("/market-trends", response_model=MarketTrends)
def get_market_trends(service: Service) -> MarketTrends:
    """Projected employment growth 2024–34 by major occupational group (the `market_trends` table)."""
    return market_trends(service.db)


@router.get("/compare-locations", response_model=LocationComparison, responses=_ERRORS)
def get_compare_locations(title: Title = "", home: Annotated[str, Query(description="Where you live.")] = "",
                          job: Annotated[str, Query(description="Where the job is.")] = "") -> LocationComparison:
    """Pay for the role where you live against where the job is (e.g. remote work for a Seattle employer)."""
    return compare_for(title, home, job)


@router.post("/offers", response_model=OfferOut, status_code=status.HTTP_201_CREATED, responses=_ERRORS)
def post_offer(body: OfferIn, user: CurrentUser, service: Service) -> OfferOut:
    """Record an offer you received; it counts towards company insights (anonymously, in aggregate)."""
    return record_offer(service.db, user.id, body)


@router.get("/offers", response_model=list[OfferOut])
def get_offers(user: CurrentUser, service: Service) -> list[OfferOut]:
    """The offers you recorded."""
    return my_offers(service.db, user.id)


@router.delete("/offers/{offer_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_offer(offer_id: int, user: CurrentUser, service: Service) -> Response:
    if not delete_offer(service.db, user.id, offer_id):
        raise ApiError(404, "offer_not_found", f"no offer {offer_id} of yours", "offer_id")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/company-insights", response_model=CompanyInsights, responses=_ERRORS)
def get_company_insights(service: Service, company: Annotated[str, Query(description="Company name.")] = "",
                         title: Annotated[str | None, Query(description="A role, for market figures.")] = None,
                         location: Place = None) -> CompanyInsights:
    """Pay at a company from offers users recorded, only when at least 5 people contributed."""
    return company_insights(service.db, company, title, location)
