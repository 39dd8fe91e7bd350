"""`POST /api/salary/offer-analysis`: a thin wrapper over `tools.offers.analysis`. Nothing is stored, so no
token is needed (one sent is accepted and ignored, as for the market data)."""

from __future__ import annotations

from fastapi import APIRouter

from tools.offers.analysis import OfferAnalysis, analyze_offers
from tools.offers.model import OfferAnalysisRequest

router = APIRouter(prefix="/api/salary", tags=["salary"])
_ERRORS = {404: {"description": "An offer's title or place matches nothing; the error carries `suggestions` and "
                                "names the field, e.g. `offers.1.title`."},
           422: {"description": "An invalid offer (a negative base, a bonus over 200%, a vesting schedule that does "
                                "not add up to 100, an unknown field...); the error names the field, e.g. "
                                "`offers.0.equity.vesting.schedule_percent`."}}


@router.post("/offer-analysis", response_model=OfferAnalysis, responses=_ERRORS)
def post_offer_analysis(body: OfferAnalysisRequest) -> OfferAnalysis:
    """Compare one to five offers: first-year and annualised totals part by part, equity by vesting year (options
    as scenarios), where each base sits on the BLS OEWS pay curve for the role and place, the totals in one
    place's terms with the area wage index, and what to negotiate in each."""
    # A plain def runs in the thread pool: the first call builds the wage index of every area (~0.5 s),
    # which must not hold up the event loop.
    return analyze_offers(body)
