"""Question-level entry points: what users write (a job title, a place, an industry name) in, the engines'
answers out. The REST endpoints, the LangChain tools and the CLI all call these, so they cannot disagree."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from tools.salary.benchmarks import Benchmarks, benchmarks
from tools.salary.geography import LocationComparison, compare_locations
from tools.occupations.resolver import InputError, check_text, resolve
from tools.occupations.oews import load_oews
from tools.salary.personalized import CompanySize, Education, PersonalizedRange, RangeRequest, personalized_range
from tools.salary.series_clients import BlsClient, FredClient
from tools.salary.trends import Trends, trends


class RangeQuestion(BaseModel):
    """A personalized-range request as a person states it."""

    title: str = Field(max_length=200, description="Job title as people write it")
    location: str | None = Field(default=None, max_length=200)
    years_experience: float = Field(ge=0, le=60, allow_inf_nan=False)
    education: Education | None = None
    skills: list[str] = Field(default_factory=list, max_length=50)
    industry: str | None = Field(default=None, max_length=200, description="An industry name, e.g. 'hospitals'")
    company_size: CompanySize | None = None


def industry_code(name: str | None) -> str | None:
    """The OEWS industry whose name best contains the words given; InputError when none does."""
    text = check_text("industry", name, required=False)
    if text is None:
        return None
    words = {w.rstrip("s") for w in re.findall(r"[a-z]{3,}", text.lower())}
    best, best_score = None, 0.0
    for industry in load_oews().industries:
        if industry.code == "000000" or "excluding" in industry.name.lower():
            continue
        name_words = {w.rstrip("s") for w in re.findall(r"[a-z]{3,}", industry.name.lower())}
        # Share of the user's words in the name, then the most specific (shortest) name among equals.
        score = len(words & name_words) / max(len(words), 1) - 0.001 * len(name_words)
        if score > best_score:
            best, best_score = industry, score
    if best is None or best_score < 0.5:
        raise InputError("industry", "no_match", f"no industry matches {text!r}")
    return best.code


def benchmarks_for(title: str) -> Benchmarks:
    titles, _ = resolve(title, None)
    return benchmarks(titles.best.soc_code)


@dataclass(frozen=True)
class SeriesClients:
    """Live series clients for job outlooks; each is used only when its key is configured."""

    bls: BlsClient | None = None
    fred: FredClient | None = None

    @classmethod
    def from_keys(cls, bls_key: str | None, fred_key: str | None, bls_url: str | None = None,
                  fred_url: str | None = None) -> "SeriesClients":
        bls_options = {"base_url": bls_url} if bls_url else {}
        fred_options = {"base_url": fred_url} if fred_url else {}
        return cls(bls=BlsClient(bls_key, **bls_options) if bls_key else None,
                   fred=FredClient(fred_key, **fred_options) if fred_key else None)


def trends_for(title: str, clients: SeriesClients | None = None) -> Trends:
    titles, _ = resolve(title, None)
    clients = clients or SeriesClients()
    return trends(titles.best.soc_code, bls=clients.bls, fred=clients.fred)


def range_for(question: RangeQuestion) -> PersonalizedRange:
    titles, areas = resolve(question.title, question.location)
    request = RangeRequest(soc_code=titles.best.soc_code, area_code=areas.best.code,
                           years_experience=question.years_experience, education=question.education,
                           skills=question.skills, industry_code=industry_code(question.industry),
                           company_size=question.company_size, seniority=question.title)  # levels.py reads the level
    return personalized_range(request)


def compare_for(title: str, home: str, job: str) -> LocationComparison:
    """Pay for one role where the person lives against where the job is (remote-work arbitrage)."""
    titles, home_area = resolve(title, check_text("home", home, required=True), location_field="home")
    _, job_area = resolve(title, check_text("job_location", job, required=True), location_field="job_location")
    return compare_locations(titles.best.soc_code, home_area.best.code, job_area.best.code)
