"""Company pay insights from offers users record, shown only in aggregate and only when enough people
contributed that no one's pay can be singled out; plus the interface for a paid company-data service.

An offer a user records is a `salary_data` row with data_source "user" and their user id (so they can list
and delete it, and so aggregates count distinct contributors). Insights for a company appear when at least
`MIN_CONTRIBUTORS` distinct users recorded offers there; otherwise the answer says there is not enough data
and, when a title is given, gives the BLS market figures instead.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from typing import Protocol

from pydantic import BaseModel, Field
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from memory.db import session_scope
from memory.models import SalaryData, utcnow
from tools.salary.market import MarketData, market_data
from tools.occupations.resolver import check_text

MIN_CONTRIBUTORS = 5
USER_SOURCE = "user"
_LEGAL_SUFFIXES = re.compile(r"\b(inc|incorporated|llc|l\.l\.c|ltd|limited|corp|corporation|co|company|plc|gmbh|sa|ag)\b\.?", re.I)


def company_key(name: str) -> str:
    """'Acme, Inc.' and 'ACME corp' group together."""
    key = _LEGAL_SUFFIXES.sub(" ", name.casefold())
    return re.sub(r"[^\w]+", " ", key).strip()


class OfferIn(BaseModel):
    company: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=300)
    location: str | None = Field(default=None, max_length=200)
    base_salary: float = Field(gt=0, le=10_000_000, description="Annual base salary, USD")
    signing_bonus: float | None = Field(default=None, ge=0, le=10_000_000)
    equity: str | None = Field(default=None, max_length=200, description="As offered, e.g. '0.1% over 4 years'")
    benefits: dict[str, str] | None = None


class OfferOut(OfferIn):
    id: int
    recorded_at: str


class CompanyAggregate(BaseModel):
    offers: int
    contributors: int
    base_p25: float
    base_median: float
    base_p75: float
    titles: list[str]  # the distinct titles recorded, most frequent first


class CompanyInsights(BaseModel):
    company: str
    enough_data: bool
    min_contributors: int = MIN_CONTRIBUTORS
    aggregate: CompanyAggregate | None
    message: str
    market: MarketData | None = None  # BLS figures for the title, when one was given
    provider: dict | None = None  # a company-data service's answer, when one is configured
    source: dict[str, str]


class CompanyDataProvider(Protocol):
    """A paid company-data API (Clearbit/Crunchbase style). None ships: configure one to enrich insights."""

    name: str

    def lookup(self, company: str) -> dict | None: ...


def record_offer(db: Engine, user_id: str, offer: OfferIn) -> OfferOut:
    check_text("company", offer.company, required=True)
    with session_scope(db) as session:
        row = SalaryData(user_id=user_id, job_title=offer.title.strip(), company=offer.company.strip(),
                         company_key=company_key(offer.company), location=offer.location, salary_min=offer.base_salary,
                         salary_max=offer.base_salary, equity=offer.equity,
                         benefits={"signing_bonus": offer.signing_bonus, **(offer.benefits or {})},
                         data_source=USER_SOURCE, last_updated=utcnow())
        session.add(row)
        session.flush()
        return _offer_out(row)


def my_offers(db: Engine, user_id: str) -> list[OfferOut]:
    with session_scope(db) as session:
        rows = session.exec(select(SalaryData).where(SalaryData.user_id == user_id)
                            .order_by(col(SalaryData.last_updated).desc())).all()
        return [_offer_out(row) for row in rows]


def delete_offer(db: Engine, user_id: str, offer_id: int) -> bool:
    """True when the user's offer was deleted; False when there is no such offer of theirs."""
    with session_scope(db) as session:
        row = session.get(SalaryData, offer_id)
        if row is None or row.user_id != user_id:
            return False
        session.delete(row)
        return True


def company_insights(db: Engine, company: str, title: str | None = None, location: str | None = None,
                     provider: CompanyDataProvider | None = None) -> CompanyInsights:
    name = check_text("company", company, required=True)
    with session_scope(db) as session:
        rows = session.exec(select(SalaryData).where(SalaryData.company_key == company_key(name),
                                                     SalaryData.data_source == USER_SOURCE)).all()
        offers = [(row.user_id, row.salary_min, row.job_title) for row in rows if row.salary_min]
    contributors = len({user for user, _, _ in offers})
    market = market_data(title, location) if title else None
    source = {"name": "SmartJobFit users' recorded offers", "area": name, "release": utcnow().date().isoformat()}
    enriched = provider.lookup(name) if provider else None
    if contributors < MIN_CONTRIBUTORS:
        message = (f"Not enough data for {name} yet: offers from at least {MIN_CONTRIBUTORS} different people are "
                   f"needed before we show anything, so no one's pay can be singled out.")
        if market:
            message += " Here are the market figures for the role instead."
        return CompanyInsights(company=name, enough_data=False, aggregate=None, message=message, market=market,
                               provider=enriched, source=source)
    bases = sorted(base for _, base, _ in offers)
    quartiles = statistics.quantiles(bases, n=4, method="inclusive")
    titles = [t for t, _ in Counter(t for _, _, t in offers).most_common()]
    aggregate = CompanyAggregate(offers=len(offers), contributors=contributors, base_p25=round(quartiles[0], -2),
                                 base_median=round(quartiles[1], -2), base_p75=round(quartiles[2], -2), titles=titles)
    return CompanyInsights(company=name, enough_data=True, aggregate=aggregate, market=market, provider=enriched,
                           source=source, message=f"Base salaries from {len(offers)} offers recorded by "
                                                  f"{contributors} people (rounded to the nearest $100).")


def _offer_out(row: SalaryData) -> OfferOut:
    benefits = dict(row.benefits or {})
    signing_bonus = benefits.pop("signing_bonus", None)
    return OfferOut(id=row.id, company=row.company or "", title=row.job_title, location=row.location,
                    base_salary=row.salary_min or 0, signing_bonus=signing_bonus, equity=row.equity,
                    benefits={k: str(v) for k, v in benefits.items()} or None, recorded_at=row.last_updated.isoformat())
