"""Geographic pay: how an area pays for the same work relative to the nation, and remote-work comparisons.

The area wage index of area a is a fixed-weight (Laspeyres) average of the area's median pay relative to the
nation's, over the detailed occupations (SOC level 3) that have a published annual median both in a and
nationally:

    index(a) = Σ_o E_o · (M_a,o / M_o) / Σ_o E_o        o ∈ {detailed occupations with M_a,o and M_o published}

where M_a,o is the occupation's annual median wage in the area, M_o its national annual median, and E_o its
NATIONAL employment. Weighting by the national occupation mix (not the area's own) keeps areas comparable: the
index answers "what would the nation's workforce be paid here", not "what do the people who happen to work
here earn". All figures are OEWS May 2025, all industries. The nation's index is exactly 1.0. Occupations
whose median is top-coded (BLS publishes only "≥ $239,200") or not released are left out on either side,
which slightly understates the index of areas where the best-paid occupations are top-coded;
`occupations_used` says how many occupations back each index, so a thin one (a territory, a small area) can
be told apart.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field

from tools.occupations.areas import resolve_area
from tools.occupations.oews import ALL_INDUSTRIES, NATIONAL, TOP_CODE_ANNUAL, Cell, Datatype, Flag, OewsData, load_oews

DETAILED = 3
MEDIAN = Datatype.ANNUAL_MEDIAN

MISSING_REASONS: dict[Flag, str] = {
    Flag.TOP_CODED: f"top-coded: BLS publishes only that the median is at least ${TOP_CODE_ANNUAL:,.0f} a year",
    Flag.NOT_RELEASED: "not released by BLS (too few survey responses, or to protect confidentiality)",
    Flag.NOT_APPLICABLE: "not applicable: BLS publishes no annual wage for this occupation",
    Flag.NOT_PUBLISHED: "not published by BLS",
}
NO_ESTIMATE = "no estimate: BLS publishes no figures for this occupation in this area"


class AreaWageIndex(BaseModel):
    area_code: str
    area_name: str
    index: float  # 1.0 = the nation; 1.25 = pays 25% more than the nation for the same occupation mix
    occupations_used: int  # detailed occupations with an annual median both here and nationally


def _area_cells(data: OewsData, area_code: str) -> list[tuple[str, Cell]]:
    """(occupation code, cell) of every all-industry cell of an area, in one scan.

    OEWS keys are sorted by (area, industry, occupation) index (see OewsData.cell), so an area's all-industry
    cells are one contiguous run: two binary searches instead of a lookup per occupation.
    """
    area = data._area_index[area_code]
    industry = data._industry_index[ALL_INDUSTRIES]
    start = bisect_left(data._keys, area << 32 | industry << 16)
    end = bisect_left(data._keys, area << 32 | (industry + 1) << 16)
    occupations = data.occupations
    return [(occupations[data._keys[p] & 0xFFFF].code, Cell(data, p)) for p in range(start, end)]


def _all_indexes() -> dict[str, AreaWageIndex]:
    """Every area's index, for the data in use (recomputed if `load_oews` is pointed at a refreshed file)."""
    return _indexes_for(load_oews())


@lru_cache(maxsize=1)
def _indexes_for(data: OewsData) -> dict[str, AreaWageIndex]:
    national: dict[str, tuple[float, float]] = {}  # occupation → (national employment, national median)
    for code, cell in _area_cells(data, NATIONAL):
        if data.occupation_by_code[code].level != DETAILED:
            continue
        employment, median = cell.value(Datatype.EMPLOYMENT), cell.value(MEDIAN)
        if employment and median:
            national[code] = (employment, median)
    indexes: dict[str, AreaWageIndex] = {}
    for area in data.areas:
        weighted = weights = 0.0
        used = 0
        for code, cell in _area_cells(data, area.code):
            reference = national.get(code)
            if reference is None:
                continue
            median = cell.value(MEDIAN)
            if median is None:
                continue
            weighted += reference[0] * (median / reference[1])
            weights += reference[0]
            used += 1
        if used:
            indexes[area.code] = AreaWageIndex(area_code=area.code, area_name=area.name,
                                               index=round(weighted / weights, 4), occupations_used=used)
    return indexes


def area_wage_index(area_code: str) -> AreaWageIndex | None:
    """The area's wage index (computed once for all areas, then cached); None for an unknown area."""
    return _all_indexes().get(area_code)


def all_area_wage_indexes() -> list[AreaWageIndex]:
    """Every area's wage index, highest first."""
    return sorted(_all_indexes().values(), key=lambda i: (-i.index, i.area_code))


# ------------------------------------------------------------------------------------- location comparison

class LocationPay(BaseModel):
    area_code: str
    area_name: str
    area_type: Literal["national", "state", "metro"]
    annual_median: float | None  # published by BLS for the occupation in this area
    missing_reason: str | None = None  # why annual_median is None
    at_least: float | None = None  # the top-code floor when BLS top-codes the median
    wage_index: float | None = None  # the area's wage index (all occupations, national mix)
    wage_index_occupations: int | None = None
    estimated_annual_median: float | None = None  # wage_index × national median, only when no published median

    @property
    def figure(self) -> float | None:
        """The published median, else the estimate."""
        return self.annual_median if self.annual_median is not None else self.estimated_annual_median


class LocationComparison(BaseModel):
    occupation_code: str
    occupation_name: str
    national_annual_median: float | None
    national_missing_reason: str | None = None
    home: LocationPay
    job: LocationPay
    ratio: float | None  # job median / home median, both published; None unless both are
    estimated_ratio: float | None  # the same with estimates standing in for missing medians
    wage_index_ratio: float | None  # job area's wage index / home area's: the all-occupation pay gap
    notes: list[str] = Field(default_factory=list)
    source: dict[str, str] = Field(default_factory=dict)  # what to cite: BLS OEWS, its release, the areas


def _area_code(place: str, role: str, notes: list[str]) -> str:
    """An OEWS area code as given, or the best area for a place name (the choice goes into the notes)."""
    data = load_oews()
    if place in data.area_by_code:
        return place
    resolution = resolve_area(place)
    if resolution.best is None:
        raise ValueError(f"unknown {role} location: {place!r}")
    best = resolution.best
    if best.match != "national default" or place.strip():
        notes.append(f"{role.capitalize()} location {place!r} read as {best.name} ({best.match}, "
                     f"confidence {best.confidence:.2f}).")
    return best.code


def _median(data: OewsData, area_code: str, occupation_code: str) -> tuple[float | None, Flag | None]:
    cell = data.cell(area_code, occupation_code)
    if cell is None:
        return None, None
    return cell.value(MEDIAN), cell.flag(MEDIAN)


def _location_pay(data: OewsData, area_code: str, occupation_code: str, national_median: float | None,
                  role: str, notes: list[str]) -> LocationPay:
    area = data.area_by_code[area_code]
    median, flag = _median(data, area_code, occupation_code)
    wage_index = area_wage_index(area_code)
    pay = LocationPay(area_code=area.code, area_name=area.name,
                      area_type={"N": "national", "S": "state", "M": "metro"}[area.type], annual_median=median,
                      wage_index=wage_index.index if wage_index else None,
                      wage_index_occupations=wage_index.occupations_used if wage_index else None)
    if median is not None:
        return pay
    pay.missing_reason = NO_ESTIMATE if flag is None else MISSING_REASONS[flag]
    if flag is Flag.TOP_CODED:
        pay.at_least = TOP_CODE_ANNUAL
        notes.append(f"{role.capitalize()} ({area.name}): the median is top-coded; BLS publishes only that it is "
                     f"at least ${TOP_CODE_ANNUAL:,.0f} a year, so it is not estimated.")
    elif wage_index is not None and national_median is not None:
        pay.estimated_annual_median = float(round(wage_index.index * national_median))
        notes.append(f"{role.capitalize()} ({area.name}): no published median ({pay.missing_reason}); estimated as "
                     f"the area wage index {wage_index.index:.4f} × the national median ${national_median:,.0f} "
                     f"= ${pay.estimated_annual_median:,.0f}.")
    else:
        notes.append(f"{role.capitalize()} ({area.name}): no published median ({pay.missing_reason}) and no basis "
                     "for an estimate.")
    return pay


def compare_locations(occupation_code: str, home_area: str, job_area: str) -> LocationComparison:
    """One occupation's pay where the person lives against where the job is ("I live in Boise, the job is in
    Seattle"). Areas are OEWS area codes or place names (resolved with resolve_area). Every number is a
    published OEWS figure or, where a median is missing, the area wage index × the national median (said so
    in `notes`). Raises ValueError for an unknown occupation or place."""
    data = load_oews()
    occupation = data.occupation_by_code.get(occupation_code)
    if occupation is None:
        raise ValueError(f"unknown occupation code: {occupation_code!r}")
    notes: list[str] = []
    home_code = _area_code(home_area, "home", notes)
    job_code = _area_code(job_area, "job", notes)
    national_median, national_flag = _median(data, NATIONAL, occupation_code)
    national_reason = None
    if national_median is None:
        national_reason = NO_ESTIMATE if national_flag is None else MISSING_REASONS[national_flag]
    home = _location_pay(data, home_code, occupation_code, national_median, "home", notes)
    job = _location_pay(data, job_code, occupation_code, national_median, "job", notes)
    ratio = (round(job.annual_median / home.annual_median, 4)
             if job.annual_median is not None and home.annual_median is not None else None)
    estimated_ratio = (round(job.figure / home.figure, 4)
                       if job.figure is not None and home.figure is not None else None)
    wage_index_ratio = (round(job.wage_index / home.wage_index, 4)
                        if job.wage_index is not None and home.wage_index is not None else None)
    if ratio is None and estimated_ratio is not None:
        notes.append("The ratio uses at least one estimated median; treat it as indicative.")
    if home_code == job_code:
        notes.append("Home and job are in the same area.")
    return LocationComparison(occupation_code=occupation.code, occupation_name=occupation.name,
                              national_annual_median=national_median, national_missing_reason=national_reason,
                              home=home, job=job, ratio=ratio, estimated_ratio=estimated_ratio,
                              wage_index_ratio=wage_index_ratio, notes=notes,
                              source={"name": "BLS OEWS", "release": load_oews().release,
                                      "area": f"{home.area_name}; {job.area_name}", "url": "https://www.bls.gov/oes/"})
