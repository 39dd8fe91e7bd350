"""LangChain tools over the salary engines: what the model reads is each function's docstring."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, ValidationError

from tools.registry import ToolContext
from tools.salary.market import market_data
from tools.occupations.resolver import NoMatch, InputError
from agent.settings import Settings
from tools.salary.queries import (RangeQuestion, SeriesClients, benchmarks_for, compare_for, range_for,
                                  trends_for)


def readable_answer(engine: Callable[..., BaseModel]) -> Callable[..., dict]:
    """Run an engine and return its answer as a dict; a refused input becomes an error the model can read."""

    @wraps(engine)
    def run(*args: Any, **kwargs: Any) -> dict:
        try:
            return engine(*args, **kwargs).model_dump(mode="json")
        except (InputError, ValidationError, ValueError, LookupError) as exc:
            error = {"error": getattr(exc, "message", None) or str(exc), "field": getattr(exc, "field", None)}
            if getattr(exc, "code", None):  # e.g. "location_outside_us", for a reply that explains it
                error["code"] = exc.code
            if isinstance(exc, NoMatch):
                error["suggestions"] = exc.suggestions
            return error

    return run


def salary_lookup(title: str, location: str | None = None) -> dict:
    """Look up real market pay for a job title in a place, from BLS OEWS (May 2025).

    `title` is the job title as the user says it ("senior data engineer", "RN", "python dev"); `location` a
    city, metro, state, "remote" or empty for the national figures. Returns annual and hourly percentiles
    (p10, p25, median, p75, p90, mean), employment, the occupation and area it matched with confidence,
    alternatives when unsure, notes (top-coded or missing figures, fallbacks) and the source to cite.
    """
    return readable_answer(market_data)(title, location)


def salary_benchmarks(title: str) -> dict:
    """Compare a role's pay across industries (national), across metros and states (top and bottom paying,
    with location quotients) and against related occupations, from BLS OEWS."""
    return readable_answer(benchmarks_for)(title)


def salary_range(title: str, years_experience: float, location: str | None = None, education: str | None = None,
                 industry: str | None = None, company_size: str | None = None) -> dict:
    """A personalized low/target/high pay range for the user, placed on the BLS OEWS percentile curve for the
    role and place, with every factor that moved it (the level from the title's seniority words and the years, industry,
    education, company size)
    and caveats. education: none|high_school|some_college|associate|bachelor|master|doctorate|professional;
    company_size: startup|small|mid|large|enterprise."""
    return readable_answer(lambda: range_for(RangeQuestion(
        title=title, location=location, years_experience=years_experience, education=education,
        industry=industry, company_size=company_size)))()


def compare_locations(title: str, home: str, job_location: str) -> dict:
    """Pay for a role where the user lives against where the job is (remote work, relocation), with each
    area's wage index, from BLS OEWS."""
    return readable_answer(compare_for)(title, home, job_location)


def series_clients(settings: Settings | None) -> SeriesClients:
    if settings is None:
        return SeriesClients()
    return SeriesClients.from_keys(settings.bls_api_key, settings.fred_api_key, settings.bls_api_url,
                                   settings.fred_api_url)


def make_tools(context: ToolContext) -> list[BaseTool]:
    clients = series_clients(context.settings)

    def job_outlook(title: str) -> dict:
        """Employment projections for a role, 2024–34, from BLS Employment Projections: jobs now and in 2034,
        growth compared with all occupations, openings a year, typical education for entry (plus recent
        wage and price series when the BLS or FRED API is configured)."""
        return readable_answer(trends_for)(title, clients)

    return [StructuredTool.from_function(function) for function in
            (salary_lookup, salary_benchmarks, salary_range, compare_locations, job_outlook)]
