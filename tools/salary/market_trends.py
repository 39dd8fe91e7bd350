"""The `market_trends` table, filled from what the shipped data holds: BLS Employment Projections 2024–34
for each major occupational group (SOC xx-0000), nationally.

The projections are by occupation, not by industry, so the `industry` column holds the occupational group
("Healthcare practitioners and technical occupations"). `growth_projection` is BLS's projected employment
change in percent, `demand_level` its growth band against all occupations; `salary_trend` stays empty: the
shipped wage data is a single OEWS release, so it shows no trend (live series come from the BLS/FRED APIs
in job outlooks when their keys are set).
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.engine import Engine
from sqlmodel import col, delete, select

from memory.db import session_scope
from memory.models import MarketTrend
from tools.salary.trends import load_projections, projection

PERIOD = "2024–34"
LOCATION = "United States"


class MarketTrendRow(BaseModel):
    industry: str
    location: str | None
    time_period: str
    salary_trend: float | None
    demand_level: str | None
    growth_projection: float | None


class MarketTrends(BaseModel):
    trends: list[MarketTrendRow]
    source: dict[str, str]


def sync_market_trends(db: Engine) -> int:
    """Replace the projection rows in one transaction (so re-running is harmless); returns the row count."""
    groups = [code for code in load_projections().occupations if code.endswith("-0000") and code != "00-0000"]
    rows = []
    for code in groups:
        found = projection(code)
        if found is not None:
            rows.append(MarketTrend(industry=found.title, location=LOCATION, time_period=PERIOD, salary_trend=None,
                                    demand_level=found.growth_category, growth_projection=found.change_percent))
    with session_scope(db) as session:
        session.exec(delete(MarketTrend).where(MarketTrend.time_period == PERIOD, MarketTrend.location == LOCATION))
        session.add_all(rows)
    return len(rows)


def market_trends(db: Engine) -> MarketTrends:
    """Every market trend row, fastest-growing first; fills the table from the shipped data when empty."""
    with session_scope(db) as session:
        empty = session.exec(select(MarketTrend.id).limit(1)).first() is None
    if empty:
        sync_market_trends(db)
    with session_scope(db) as session:
        rows = session.exec(select(MarketTrend).order_by(col(MarketTrend.growth_projection).desc())).all()
        trends = [MarketTrendRow.model_validate(row, from_attributes=True) for row in rows]
    source = load_projections().source
    return MarketTrends(trends=trends, source={"name": "BLS Employment Projections", "release": PERIOD,
                                               "area": LOCATION, "url": str(source.get("url", "https://www.bls.gov/emp/"))})
