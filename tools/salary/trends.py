"""Employment outlook for an occupation: BLS Employment Projections 2024–34, and optionally live wage and price
series from the BLS Public Data API and FRED.

    trends("15-1252") -> Trends
    trends("15-1252", bls=BlsClient(key), fred=FredClient(key))   # adds market series; never required

Projections come from the shipped file `data/projections-2024-34.json.gz` (see derive_projections.py): BLS's
Table 1.2 as published, employment and openings in thousands (we also give them as whole jobs, thousands × 1000),
the median annual wage as BLS lists it there (OEWS May 2024, wage and salary workers; "at least $239,200" when
top-coded), BLS's typical entry education, related work experience and on-the-job training.

Growth category. BLS describes an occupation's projected change relative to the average for all occupations
("much faster than average" ...). Its current legend could not be checked offline, so the bands are built here
from the all-occupations change in the same file (00-0000: +3.1%, rounded A = 3) and the occupation's change
rounded to a whole percent (half away from zero), as the Occupational Outlook Handbook quotes it:

    change ≥ A + 5 (8%+)            much faster than average
    A + 2 ≤ change ≤ A + 4 (5–7%)   faster than average
    A − 1 ≤ change ≤ A + 1 (2–4%)   as fast as average
    1 ≤ change ≤ A − 2 (1%)         slower than average
    change = 0                      little or no change
    change ≤ −1                     decline

With A = 3 these are the bands a secondary source reports for BLS's 2022–32 projections, which had the same 3%
average (8%+, 5–7%, 2–4%, below 2%, negative); BLS's own page was not verified. They are constants below
(`GROWTH_BANDS`), stated on every answer (`growth_basis`).

Market series (only when a client is given): by default the Employment Cost Index for wages and salaries of
private industry workers (BLS CIU2020000000000A, 12-month percent change; FRED ECIWAG, index) and consumer prices
(BLS CUUR0000SA0, CPI-U all items, not seasonally adjusted; FRED CPIAUCSL, seasonally adjusted), i.e. how fast pay
and prices are moving economy-wide: context, not occupation figures. For an index series we add the change over
the 12 months to the latest observation when the observation a year earlier is there. A failing service never
fails the answer: its error goes into `notes`.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field

from tools.occupations.oews import load_oews
from tools.salary.series_clients import BlsClient, FredClient, SeriesData, SeriesServiceError

DATA_FILE = Path(__file__).parent / "data" / "projections-2024-34.json.gz"
ALL_OCCUPATIONS = "00-0000"
TOP_CODE_ANNUAL = 239_200
SOC_PATTERN = re.compile(r"^\d{2}-\d{4}$")

# (lowest whole-percent change relative to the all-occupations average A, label); checked top down.
GROWTH_BANDS = ((5, "much faster than average"), (2, "faster than average"), (-1, "as fast as average"))


@dataclass(frozen=True)
class SeriesSpec:
    series_id: str
    title: str
    unit: str
    kind: str  # "index" (we add the 12-month change) or "percent" (already a change)


DEFAULT_BLS_SERIES = (
    SeriesSpec("CIU2020000000000A", "Employment Cost Index, wages and salaries, private industry workers, "
               "12-month percent change", "percent", "percent"),
    SeriesSpec("CUUR0000SA0", "Consumer Price Index for All Urban Consumers (CPI-U), U.S. city average, all items, "
               "not seasonally adjusted", "index 1982-84=100", "index"),
)
DEFAULT_FRED_SERIES = (
    SeriesSpec("ECIWAG", "Employment Cost Index: Wages and Salaries: Private Industry Workers", "index Dec 2005=100",
               "index"),
    SeriesSpec("CPIAUCSL", "Consumer Price Index for All Urban Consumers: All Items in U.S. City Average, "
               "seasonally adjusted", "index 1982-1984=100", "index"),
)


class UnknownOccupation(ValueError):
    """The SOC code is malformed or neither BLS OEWS nor the Employment Projections know it."""

    def __init__(self, soc_code: str, message: str):
        super().__init__(message)
        self.field, self.code, self.soc_code, self.message = "soc_code", "unknown_occupation", soc_code, message


class Source(BaseModel):
    """Where figures come from: the publication, its release and the area they describe."""

    name: str
    release: str
    area: str = "United States"
    url: str
    note: str | None = None


class Projection(BaseModel):
    soc_code: str
    title: str  # as BLS's projections table writes it
    occupation_type: str  # "Line item" (detailed occupation) or "Summary" (a group)
    employment_2024_thousands: float
    employment_2034_thousands: float
    employment_2024: int  # thousands × 1000
    employment_2034: int
    change_thousands: float
    change: int
    change_percent: float
    annual_openings_thousands: float
    annual_openings: int
    self_employed_percent: float | None
    median_annual_wage_2024: float | None  # None when top-coded or not available
    median_wage_top_coded: bool  # BLS lists ">=$239,200": at least $239,200 a year
    typical_education: str | None
    work_experience: str | None  # BLS's category; "None" is BLS's word for no experience needed
    on_the_job_training: str | None
    growth_category: str
    growth_basis: str
    all_occupations_change_percent: float


class SeriesPoint(BaseModel):
    date: date | None
    period: str
    value: float | None


class MarketSeries(BaseModel):
    service: str  # BLS or FRED
    series_id: str
    title: str
    unit: str
    observations: list[SeriesPoint]  # oldest first
    latest: SeriesPoint | None
    change_12_months_percent: float | None  # index series only
    source: Source


class Trends(BaseModel):
    soc_code: str
    title: str
    projection: Projection | None
    market_series: list[MarketSeries] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    source: Source
    sources: list[Source] = Field(default_factory=list)


@dataclass(frozen=True)
class Projections:
    source: dict
    attribution: str
    occupations: dict[str, dict]

    def get(self, soc_code: str) -> dict | None:
        return self.occupations.get(soc_code)


@lru_cache(maxsize=1)
def load_projections(path: Path = DATA_FILE) -> Projections:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        document = json.load(handle)
    return Projections(document["source"], document["attribution"], document["occupations"])


def projections_source(projections: Projections | None = None) -> Source:
    projections = projections or load_projections()
    return Source(name=projections.source["name"], release=projections.source["release"],
                  url=projections.source["url"], note=projections.source["table"])


def whole_percent(value: float) -> int:
    """A published one-decimal percent rounded as BLS quotes it in prose (half away from zero)."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def growth_category(change_percent: float, all_occupations_percent: float) -> tuple[str, str]:
    """(category, basis) for an occupation's projected percent change; see the module docstring."""
    change, average = whole_percent(change_percent), whole_percent(all_occupations_percent)
    label = None
    for offset, name in GROWTH_BANDS:
        if change >= average + offset:
            label = name
            break
    if label is None:
        label = ("slower than average" if change >= 1 else "little or no change" if change == 0 else "decline")
    basis = (f"projected change {change:+d}% (2024–34, rounded) against {average:+d}% for all occupations; bands: "
             f"{average + 5}% or more much faster than average, {_span(average + 2, average + 4)} faster, "
             f"{_span(average - 1, average + 1)} as fast as average, {_span(1, average - 2)} slower, "
             "0% little or no change, below 0% decline")
    return label, basis


def _span(low: int, high: int) -> str:
    return f"{low}%" if low == high else f"{low}–{high}%" if low < high else "none"


def _jobs(thousands: float) -> int:
    return int(Decimal(str(thousands)) * 1000)


def projection(soc_code: str, projections: Projections | None = None) -> Projection | None:
    projections = projections or load_projections()
    record = projections.get(soc_code)
    if record is None:
        return None
    average = projections.occupations[ALL_OCCUPATIONS]["change_percent"]
    category, basis = growth_category(record["change_percent"], average)
    return Projection(
        soc_code=soc_code, title=record["title"], occupation_type=record["type"],
        employment_2024_thousands=record["employment_2024"], employment_2034_thousands=record["employment_2034"],
        employment_2024=_jobs(record["employment_2024"]), employment_2034=_jobs(record["employment_2034"]),
        change_thousands=record["change"], change=_jobs(record["change"]), change_percent=record["change_percent"],
        annual_openings_thousands=record["openings"], annual_openings=_jobs(record["openings"]),
        self_employed_percent=record["self_employed_percent"],
        median_annual_wage_2024=record["median_wage"], median_wage_top_coded=record["median_wage_top_coded"],
        typical_education=record["education"], work_experience=record["experience"],
        on_the_job_training=record["training"], growth_category=category, growth_basis=basis,
        all_occupations_change_percent=average,
    )


def trends(soc_code: str, *, bls: BlsClient | None = None, fred: FredClient | None = None,
           bls_series: tuple[SeriesSpec, ...] = DEFAULT_BLS_SERIES,
           fred_series: tuple[SeriesSpec, ...] = DEFAULT_FRED_SERIES,
           years: int = 3, today: date | None = None) -> Trends:
    """The projections for `soc_code`, plus market series from each client given (the last `years` years)."""
    code = (soc_code or "").strip()
    if not SOC_PATTERN.match(code):
        raise UnknownOccupation(code, f"soc_code must look like 15-1252; got {soc_code!r}")
    if not 1 <= years <= 10:
        raise ValueError("years must be between 1 and 10")
    projections = load_projections()
    oews_occupation = load_oews().occupation_by_code.get(code)
    found = projection(code, projections)
    if found is None and oews_occupation is None:
        raise UnknownOccupation(code, f"no occupation has the SOC code {code}")
    notes: list[str] = []
    if found is None:
        notes.append(f"BLS's 2024–34 Employment Projections have no line for {code}; they project the National "
                     "Employment Matrix occupations and groups only.")
    elif found.occupation_type == "Summary":
        notes.append(f"{code} is an occupation group in the projections: the figures cover all its occupations.")
    if found is not None and found.median_wage_top_coded:
        notes.append(f"BLS lists this median wage only as at least ${TOP_CODE_ANNUAL:,} a year.")
    main_source = projections_source(projections)
    series: list[MarketSeries] = []
    sources = [main_source]
    end = today or date.today()
    start_year = end.year - years + 1
    if bls is not None:
        series.extend(_bls_series(bls, bls_series, start_year, end.year, notes))
    if fred is not None:
        series.extend(_fred_series(fred, fred_series, date(start_year - 1, 1, 1), end, notes))
    for item in series:
        if item.source not in sources:
            sources.append(item.source)
    return Trends(soc_code=code, title=found.title if found else oews_occupation.name, projection=found,
                  market_series=series, notes=notes, source=main_source, sources=sources)


def _bls_series(client: BlsClient, specs: tuple[SeriesSpec, ...], start_year: int, end_year: int,
                notes: list[str]) -> list[MarketSeries]:
    if not specs:
        return []
    try:
        # one year more than shown, so the latest observation of an index has its year-earlier companion
        data = client.get_series([s.series_id for s in specs], start_year - 1, end_year)
    except SeriesServiceError as exc:
        notes.append(f"Live BLS series unavailable: {exc}")
        return []
    source = Source(name="BLS Public Data API", release="latest published", url="https://www.bls.gov/developers/")
    return [_market_series(spec, data[spec.series_id], source, start_year, notes) for spec in specs]


def _fred_series(client: FredClient, specs: tuple[SeriesSpec, ...], start: date, end: date,
                 notes: list[str]) -> list[MarketSeries]:
    out = []
    source = Source(name="FRED, Federal Reserve Bank of St. Louis", release="latest published",
                    url="https://fred.stlouisfed.org/")
    for spec in specs:
        try:
            data = client.get_observations(spec.series_id, start=start, end=end)
        except SeriesServiceError as exc:
            notes.append(f"Live FRED series {spec.series_id} unavailable: {exc}")
            continue
        out.append(_market_series(spec, data, source, start.year + 1, notes))
    return out


def _market_series(spec: SeriesSpec, data: SeriesData, source: Source, first_year: int,
                   notes: list[str]) -> MarketSeries:
    points = [SeriesPoint(date=o.date, period=o.period, value=o.value) for o in data.observations if o.date]
    latest = next((p for p in reversed(points) if p.value is not None), None)
    change = None
    if spec.kind == "index" and latest is not None and latest.date is not None:
        year_before = latest.date.replace(year=latest.date.year - 1)
        earlier = next((p for p in points if p.date == year_before and p.value), None)
        if earlier is not None:
            change = round((latest.value / earlier.value - 1) * 100, 1)
    notes.extend(f"{data.service} {spec.series_id}: {m}" for m in data.messages)
    shown = [p for p in points if p.date and p.date.year >= first_year]
    return MarketSeries(service=data.service, series_id=spec.series_id, title=spec.title, unit=spec.unit,
                        observations=shown, latest=latest, change_12_months_percent=change,
                        source=source.model_copy(update={"note": spec.series_id}))
