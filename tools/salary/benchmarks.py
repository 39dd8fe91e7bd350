"""Benchmarks for one occupation from BLS OEWS (May 2025): by industry, across places, against neighbours.

    benchmarks("15-1252") -> Benchmarks

(a) `by_industry`: every industry for which OEWS publishes national figures for the occupation (employment or
    any of the annual 25th percentile / median / 75th percentile), with its OEWS display level (1 ownership
    totals, 2 NAICS sectors and government ownerships, 3 three-digit, 4 four-digit, 5 five/six-digit industries:
    levels nest, so do not add them up), ordered by annual median, highest first. Medians BLS publishes only as
    "at least $239,200" (top-coded) come first, marked `median_top_coded`; industries without a published median
    come last. `ratio_to_national` is the industry median over the national cross-industry median (both published
    numbers; None otherwise). The cross-industry figures themselves are the reference (`national`).
(b) `metros` and `states`: metropolitan areas (OEWS "M" areas, without its nonmetropolitan areas) and states
    (OEWS "S" areas: the 50 states, DC, Guam, Puerto Rico and the Virgin Islands) ranked by published annual
    median: `top` (highest first) and `bottom` (lowest first; never repeating an area of `top`), 10 each for metros
    and 5 for states, each with employment and location quotient. Areas whose median is top-coded are not ranked
    as numbers: they are listed in `top_coded`. `without_median` counts areas where BLS publishes the occupation
    but no median (not released).
(c) `neighbours`: O*NET 29.3 Related Occupations for this occupation, mapped to OEWS SOC codes (see
    derive_related.py; Primary tiers by default, Supplemental too with `include_supplemental=True`), then the
    other detailed occupations of the same SOC broad group and of the same minor group; each with its national
    median and employment and its difference from this occupation's national median (dollars and ratio, only when
    both medians are published numbers).

All figures are BLS's published numbers, untouched; nothing is estimated here.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field

from tools.occupations.oews import (ALL_INDUSTRIES, NATIONAL, TOP_CODE_ANNUAL, Area, Cell, Datatype, Flag, OewsData,
                               read_figures,
                               load_oews)
from tools.salary.trends import Source

RELATED_FILE = Path(__file__).parent / "data" / "related-occupations-onet-29.3.json.gz"
SOC_PATTERN = re.compile(r"^\d{2}-\d{4}$")
TOP_METROS, TOP_STATES = 10, 5
PRIMARY_TIERS = ("Primary-Short", "Primary-Long")
OEWS_URL = "https://www.bls.gov/oes/"


class UnknownOccupation(ValueError):
    """The SOC code is malformed or not an occupation OEWS publishes. `field` names the input."""

    def __init__(self, soc_code: str, message: str):
        super().__init__(message)
        self.field, self.code, self.soc_code, self.message = "soc_code", "unknown_occupation", soc_code, message


class AnnualWages(BaseModel):
    p25: float | None = None
    median: float | None = None
    p75: float | None = None
    top_coded: list[str] = Field(default_factory=list)  # published only as "at least $239,200 a year"
    not_released: list[str] = Field(default_factory=list)


class OccupationRef(BaseModel):
    soc_code: str
    title: str
    level: int  # 0 major, 1 minor, 2 broad, 3 detailed


class NationalFigures(BaseModel):
    employment: float | None
    annual: AnnualWages


class IndustryBenchmark(BaseModel):
    industry_code: str
    industry: str
    level: int
    employment: float | None
    annual: AnnualWages
    median_top_coded: bool
    ratio_to_national: float | None  # industry median / national cross-industry median


class AreaBenchmark(BaseModel):
    area_code: str
    area: str
    state_code: str
    annual_median: float | None  # None when top-coded (see median_top_coded)
    median_top_coded: bool
    employment: float | None
    location_quotient: float | None


class AreaRanking(BaseModel):
    kind: str  # "metropolitan areas" or "states and territories"
    top: list[AreaBenchmark]
    bottom: list[AreaBenchmark]
    top_coded: list[AreaBenchmark]  # at least $239,200: not ranked as numbers
    ranked: int  # areas with a published median
    without_median: int  # areas with the occupation published but no median


class Neighbour(BaseModel):
    soc_code: str
    title: str
    relation: str  # "onet_related", "same_broad_group" or "same_minor_group"
    onet_tier: str | None = None
    onet_index: int | None = None
    national_median: float | None
    median_top_coded: bool
    employment: float | None
    difference: float | None  # neighbour median − this occupation's median, dollars a year
    ratio: float | None  # neighbour median / this occupation's median


class Benchmarks(BaseModel):
    occupation: OccupationRef
    national: NationalFigures
    by_industry: list[IndustryBenchmark]
    metros: AreaRanking
    states: AreaRanking
    neighbours: list[Neighbour]
    notes: list[str]
    source: Source
    sources: list[Source]


@lru_cache(maxsize=1)
def load_related(path: Path = RELATED_FILE) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def check_occupation(soc_code: str, data: OewsData) -> str:
    code = (soc_code or "").strip()
    if not SOC_PATTERN.match(code):
        raise UnknownOccupation(code, f"soc_code must look like 15-1252; got {soc_code!r}")
    if code not in data.occupation_by_code:
        raise UnknownOccupation(code, f"BLS OEWS publishes no occupation with the SOC code {code}")
    return code


def annual_wages(cell: Cell | None) -> AnnualWages:
    values, top_coded, not_released = read_figures(cell, {"p25": Datatype.ANNUAL_P25, "median": Datatype.ANNUAL_MEDIAN,
                                                          "p75": Datatype.ANNUAL_P75})
    return AnnualWages(**values, top_coded=top_coded, not_released=not_released)


def _ratio(value: float | None, reference: float | None) -> float | None:
    return round(value / reference, 4) if value is not None and reference else None


def _median_order(median: float | None, top_coded: bool) -> tuple[int, float]:
    """Sort key, highest first: top-coded, then published numbers, then nothing."""
    if top_coded:
        return (0, 0.0)
    return (1, -median) if median is not None else (2, 0.0)


def benchmarks(soc_code: str, *, include_supplemental: bool = False, data: OewsData | None = None) -> Benchmarks:
    data = data or load_oews()
    code = check_occupation(soc_code, data)
    occupation = data.occupation_by_code[code]
    national_cell = data.cell(NATIONAL, code)
    national = NationalFigures(employment=national_cell.value(Datatype.EMPLOYMENT) if national_cell else None,
                               annual=annual_wages(national_cell))
    notes: list[str] = []
    if national_cell is None:
        notes.append(f"BLS publishes no national figures for {occupation.name}.")
    elif national.annual.median is None and "median" in national.annual.top_coded:
        notes.append(f"The national median for {occupation.name} is top-coded: at least ${TOP_CODE_ANNUAL:,.0f} "
                     "a year; ratios and differences against it are left empty.")
    elif national.annual.median is None and national_cell.value(Datatype.HOURLY_MEDIAN) is not None:
        notes.append(f"BLS publishes only hourly wages for {occupation.name} (not typically year-round, full-time "
                     "work), so there are no annual figures to compare.")
    by_industry = _by_industry(data, code, national.annual.median)
    metros = _ranking(data, code, "metropolitan areas", TOP_METROS,
                      [a for a in data.areas if a.type == "M" and "nonmetropolitan" not in a.name.lower()])
    states = _ranking(data, code, "states and territories", TOP_STATES, [a for a in data.areas if a.type == "S"])
    neighbours = _neighbours(data, code, national.annual.median, include_supplemental)
    if occupation.level < 3:
        notes.append(f"{code} is an SOC {('major', 'minor', 'broad')[occupation.level]} group, not a detailed "
                     "occupation: its figures cover all the occupations in it.")
    oews_source = Source(name="BLS OEWS", release=data.release, area="United States, all states and metropolitan "
                         "areas", url=OEWS_URL, note="national industry figures, area figures, national medians")
    related = load_related()["source"]
    onet_source = Source(name="O*NET Related Occupations", release=related["release"], area="United States",
                         url=related["url"], note="CC BY 4.0, USDOL/ETA; mapped to OEWS SOC codes")
    return Benchmarks(
        occupation=OccupationRef(soc_code=code, title=occupation.name, level=occupation.level),
        national=national, by_industry=by_industry, metros=metros, states=states, neighbours=neighbours,
        notes=notes, source=oews_source, sources=[oews_source, onet_source],
    )


def _by_industry(data: OewsData, code: str, national_median: float | None) -> list[IndustryBenchmark]:
    rows = []
    for industry in data.industries:
        if industry.code == ALL_INDUSTRIES:
            continue
        cell = data.cell(NATIONAL, code, industry.code)
        if cell is None:
            continue
        wages = annual_wages(cell)
        employment = cell.value(Datatype.EMPLOYMENT)
        if employment is None and wages.p25 is None and wages.median is None and wages.p75 is None \
                and not wages.top_coded:
            continue
        rows.append(IndustryBenchmark(industry_code=industry.code, industry=industry.name, level=industry.level,
                                      employment=employment, annual=wages,
                                      median_top_coded="median" in wages.top_coded,
                                      ratio_to_national=_ratio(wages.median, national_median)))
    rows.sort(key=lambda r: (*_median_order(r.annual.median, r.median_top_coded), r.industry_code))
    return rows


def _ranking(data: OewsData, code: str, kind: str, size: int, areas: list[Area]) -> AreaRanking:
    ranked, top_coded, without = [], [], 0
    for area in areas:
        cell = data.cell(area.code, code)
        if cell is None:
            continue
        entry = AreaBenchmark(area_code=area.code, area=area.name, state_code=area.state_code,
                              annual_median=cell.value(Datatype.ANNUAL_MEDIAN),
                              median_top_coded=cell.flag(Datatype.ANNUAL_MEDIAN) is Flag.TOP_CODED,
                              employment=cell.value(Datatype.EMPLOYMENT),
                              location_quotient=cell.value(Datatype.LOCATION_QUOTIENT))
        if entry.median_top_coded:
            top_coded.append(entry)
        elif entry.annual_median is not None:
            ranked.append(entry)
        else:
            without += 1
    ranked.sort(key=lambda e: (-e.annual_median, e.area_code))
    top = ranked[:size]
    bottom = [e for e in reversed(ranked) if e not in top][:size]
    top_coded.sort(key=lambda e: e.area)
    return AreaRanking(kind=kind, top=top, bottom=bottom, top_coded=top_coded, ranked=len(ranked),
                       without_median=without)


def _neighbour(data: OewsData, code: str, relation: str, reference: float | None, tier: str | None = None,
               index: int | None = None) -> Neighbour:
    cell = data.cell(NATIONAL, code)
    median = cell.value(Datatype.ANNUAL_MEDIAN) if cell else None
    return Neighbour(soc_code=code, title=data.occupation_by_code[code].name, relation=relation, onet_tier=tier,
                     onet_index=index, national_median=median,
                     median_top_coded=bool(cell and cell.flag(Datatype.ANNUAL_MEDIAN) is Flag.TOP_CODED),
                     employment=cell.value(Datatype.EMPLOYMENT) if cell else None,
                     difference=round(median - reference, 2) if median is not None and reference is not None
                     else None,
                     ratio=_ratio(median, reference))


def _neighbours(data: OewsData, code: str, reference: float | None, include_supplemental: bool) -> list[Neighbour]:
    out: list[Neighbour] = []
    seen = {code}
    for related, tier, index in load_related()["related"].get(code, []):
        if (tier in PRIMARY_TIERS or include_supplemental) and related not in seen \
                and related in data.occupation_by_code:
            seen.add(related)
            out.append(_neighbour(data, related, "onet_related", reference, tier, index))
    if data.occupation_by_code[code].level != 3:
        return out
    groups = [("same_broad_group", code[:6]), ("same_minor_group", code[:5])]
    for relation, prefix in groups:
        siblings = [_neighbour(data, o.code, relation, reference) for o in data.occupations
                    if o.level == 3 and o.code.startswith(prefix) and o.code not in seen]
        seen.update(s.soc_code for s in siblings)
        siblings.sort(key=lambda n: (*_median_order(n.national_median, n.median_top_coded), n.soc_code))
        out.extend(siblings)
    return out
