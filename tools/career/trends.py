"""Industry and occupation outlook from the shipped data, written to `industry_insights`.

    industry_trends(db, industry="hospitals", occupation="registered nurse") -> IndustryTrends

Two kinds of rows, each with its time horizon and source:
  - `employment_outlook`: BLS Employment Projections 2024–34 for an occupation (national, all industries:
    BLS projects occupations, not occupations within industries); `impact_score` is the projected employment
    change in percent.
  - `wage_level`: BLS OEWS national figures for an occupation within an industry; `impact_score` is the
    industry median over the occupation's all-industries median (1.10 = pays 10% more there).
Which occupations: the one asked about; with an industry only, the industry's largest occupations by
employment (TOP_OCCUPATIONS); with an occupation only, its largest three-digit NAICS industries.

Idempotent: a row is identified by (industry, trend_type, soc_code, time_horizon, source release); asking
again updates it in place instead of adding a duplicate.
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy.engine import Engine
from sqlmodel import select

from memory.db import session_scope
from memory.models import IndustryInsight
from tools.career.inputs import resolve_role
from tools.salary.benchmarks import annual_wages, benchmarks
from tools.occupations.resolver import InputError, check_text
from tools.occupations.oews import NATIONAL, Datatype, OewsData, load_oews
from tools.salary.queries import industry_code
from tools.salary.trends import projection, projections_source

TOP_OCCUPATIONS = 10
TOP_INDUSTRIES = 5
INDUSTRY_LEVEL = 3  # OEWS display level of three-digit NAICS industries
ALL_INDUSTRIES_NAME = "All industries"
PROJECTION_HORIZON = "2024–34"


class InsightRow(BaseModel):
    id: int | None
    industry: str
    trend_type: str
    description: str
    impact_score: float | None
    time_horizon: str | None
    soc_code: str | None
    source: dict


class IndustryTrends(BaseModel):
    query: dict[str, str | None]
    industry: dict[str, str] | None  # the OEWS industry matched: code, name
    occupation: dict[str, str] | None  # the occupation matched: soc_code, title
    insights: list[InsightRow]
    notes: list[str] = Field(default_factory=list)


def _projection_row(soc: str, title: str) -> IndustryInsight | None:
    found = projection(soc)
    if found is None:
        return None
    source = projections_source()
    return IndustryInsight(
        industry=ALL_INDUSTRIES_NAME, trend_type="employment_outlook", soc_code=soc, time_horizon=PROJECTION_HORIZON,
        impact_score=found.change_percent,
        description=(f"BLS projects U.S. employment of {title} to change {found.change_percent:+.1f}% over "
                     f"{PROJECTION_HORIZON} ({found.growth_category}), with about {found.annual_openings:,} openings "
                     "a year."),
        source={"name": source.name, "release": source.release, "url": source.url, "note": source.note,
                "area": source.area})


def _wage_row(data: OewsData, soc: str, title: str, industry: str, national_median: float | None) -> IndustryInsight | None:
    cell = data.cell(NATIONAL, soc, industry)
    wages = annual_wages(cell)
    if wages.median is None:
        return None
    name = data.industry_by_code[industry].name
    ratio = round(wages.median / national_median, 4) if national_median else None
    compared = (f", {ratio:.2f} times its median across all industries (${national_median:,.0f})"
                if ratio is not None else "")
    employment = cell.value(Datatype.EMPLOYMENT) if cell else None
    employed = f"; {employment:,.0f} employed" if employment is not None else ""
    return IndustryInsight(
        industry=name, trend_type="wage_level", soc_code=soc, time_horizon=data.release, impact_score=ratio,
        description=f"In {name}, the U.S. median pay of {title} is ${wages.median:,.0f} a year{compared}{employed}.",
        source={"name": "BLS OEWS", "release": data.release, "url": "https://www.bls.gov/oes/", "area": "United States",
                "industry_code": industry, "note": "national estimates by industry"})


def _national_median(data: OewsData, soc: str) -> float | None:
    return annual_wages(data.cell(NATIONAL, soc)).median


def _largest_occupations(data: OewsData, industry: str) -> list[str]:
    sized = []
    for occupation in data.occupations:
        cell = data.cell(NATIONAL, occupation.code, industry) if occupation.level == 3 else None
        employment = cell.value(Datatype.EMPLOYMENT) if cell else None
        if employment is not None:
            sized.append((-employment, occupation.code))
    return [code for _, code in sorted(sized)[:TOP_OCCUPATIONS]]


def _largest_industries(soc: str) -> list[str]:
    rows = [r for r in benchmarks(soc).by_industry if r.level == INDUSTRY_LEVEL and r.employment is not None]
    rows.sort(key=lambda r: (-r.employment, r.industry_code))
    return [r.industry_code for r in rows[:TOP_INDUSTRIES]]


def insights_for(industry: str | None, soc: str | None, data: OewsData) -> list[IndustryInsight]:
    """The rows to store for the question (not yet stored)."""
    socs = [soc] if soc else _largest_occupations(data, industry)
    rows: list[IndustryInsight | None] = []
    for code in socs:
        title = data.occupation_by_code[code].name
        rows.append(_projection_row(code, title))
        national = _national_median(data, code)
        for industry_code_ in [industry] if industry else _largest_industries(code):
            rows.append(_wage_row(data, code, title, industry_code_, national))
    return [row for row in rows if row is not None]


def _same(a: IndustryInsight, b: IndustryInsight) -> bool:
    return (a.industry, a.trend_type, a.soc_code, a.time_horizon, (a.source or {}).get("release")) == \
        (b.industry, b.trend_type, b.soc_code, b.time_horizon, (b.source or {}).get("release"))


def store(db: Engine, rows: list[IndustryInsight]) -> list[InsightRow]:
    """Insert new rows, update existing ones in place (one transaction); returns them as stored."""
    stored: list[IndustryInsight] = []
    with session_scope(db) as session:
        for row in rows:
            existing = session.exec(select(IndustryInsight).where(
                IndustryInsight.industry == row.industry, IndustryInsight.trend_type == row.trend_type,
                IndustryInsight.soc_code == row.soc_code, IndustryInsight.time_horizon == row.time_horizon)).all()
            match = next((e for e in existing if _same(e, row)), None)
            if match is None:
                session.add(row)
                match = row
            else:
                match.description, match.impact_score, match.source = row.description, row.impact_score, row.source
                session.add(match)
            stored.append(match)
        session.flush()
        return [InsightRow.model_validate(row, from_attributes=True) for row in stored]


def industry_trends(db: Engine, industry: str | None = None, occupation: str | None = None,
                    data: OewsData | None = None) -> IndustryTrends:
    data = data or load_oews()
    industry_text = check_text("industry", industry, required=False)
    occupation_text = check_text("occupation", occupation, required=False)
    if industry_text is None and occupation_text is None:
        raise InputError("industry", "required", "give an industry (e.g. hospitals) or an occupation "
                                                       "(e.g. registered nurse), or both")
    industry_found = industry_code(industry_text) if industry_text else None
    soc = None
    if occupation_text:
        titles, _ = resolve_role("occupation", occupation_text)
        soc = titles.best.soc_code
    notes = []
    rows = insights_for(industry_found, soc, data)
    if industry_found and soc and not any(r.trend_type == "wage_level" for r in rows):
        notes.append(f"BLS OEWS publishes no national median for {data.occupation_by_code[soc].name} in "
                     f"{data.industry_by_code[industry_found].name}.")
    return IndustryTrends(
        query={"industry": industry_text, "occupation": occupation_text},
        industry={"code": industry_found, "name": data.industry_by_code[industry_found].name} if industry_found
        else None,
        occupation={"soc_code": soc, "title": data.occupation_by_code[soc].name} if soc else None,
        insights=store(db, rows), notes=notes)
