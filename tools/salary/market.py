"""Market data: a job title and a place in, BLS OEWS figures for the right occupation and area out.

The answer says what it matched and how sure it is, the alternatives when it is not sure, and where a figure
comes from: a published BLS number, or BLS's own word that it is top-coded or not released. When OEWS has no
wages for the occupation in that area, it falls back, in order, to the occupation's SOC parents in the same
area (detailed → broad → minor), then to the occupation nationally, and says so.
"""

from __future__ import annotations


from pydantic import BaseModel, Field

from tools.occupations.areas import AreaCandidate
from tools.occupations.oews import NATIONAL, TOP_CODE_ANNUAL, Cell, Datatype, Flag, OewsData, load_oews, read_figures
from tools.occupations.levels import LevelAssumption, assume_level
from tools.occupations.resolver import resolve
from tools.salary.personalized import NoWageCurve, find_curve

LARGE_WAGE_RSE = 10.0  # percent; BLS's relative standard error above which we tell the user to take care
LARGE_EMPLOYMENT_RSE = 25.0
_PERCENTILES = ("p10", "p25", "median", "p75", "p90", "mean")
ANNUAL_DATATYPES = (Datatype.ANNUAL_P10, Datatype.ANNUAL_P25, Datatype.ANNUAL_MEDIAN, Datatype.ANNUAL_P75,
           Datatype.ANNUAL_P90, Datatype.ANNUAL_MEAN)
HOURLY_DATATYPES = (Datatype.HOURLY_P10, Datatype.HOURLY_P25, Datatype.HOURLY_MEDIAN, Datatype.HOURLY_P75,
           Datatype.HOURLY_P90, Datatype.HOURLY_MEAN)


class Wages(BaseModel):
    p10: float | None = None
    p25: float | None = None
    median: float | None = None
    p75: float | None = None
    p90: float | None = None
    mean: float | None = None
    # Percentiles BLS publishes only as "at least $239,200 a year" ($115.00 an hour): null above, named here.
    top_coded: list[str] = Field(default_factory=list)
    not_released: list[str] = Field(default_factory=list)


class OccupationMatch(BaseModel):
    soc_code: str
    title: str
    match: str
    confidence: float
    matched_title: str | None = None
    onet_code: str | None = None
    ambiguous: bool = Field(default=False, description="other occupations (`alternatives`) fit the title about as "
                                                         "well: the answer names them")


class AreaMatch(BaseModel):
    code: str
    name: str
    type: str
    match: str
    confidence: float


class Source(BaseModel):
    name: str = "BLS OEWS"
    release: str
    area: str
    occupation: str  # the SOC code the figures are for (a parent code when we fell back)
    url: str = "https://www.bls.gov/oes/"


class Alternative(BaseModel):
    soc_code: str
    title: str
    confidence: float


class PlaceFigures(BaseModel):
    """One place of a comparison ("Phoenix vs Tucson"): the same market-data answer, cut to its figures."""

    query: str
    area: AreaMatch
    annual: Wages
    hourly: Wages
    source: Source


class LevelPay(LevelAssumption):
    """The level stated in the title (`tools/occupations/levels.py`) with its band read off the figures' pay curve
    (`tools/salary/personalized.py`): dollars at band_low, target and band_high. A convention, not BLS data."""

    unit: str | None = None  # "year" or "hour" as BLS publishes the curve; None when it publishes no curve
    low_amount: float | None = None
    target_amount: float | None = None
    high_amount: float | None = None
    at_least: list[str] = Field(default_factory=list)  # of low/target/high: drawn from a top-coded stretch (a floor)
    figures_area: str | None = None  # the curve's area (national when the area has none)


class MarketData(BaseModel):
    query: dict[str, str | None]
    occupation: OccupationMatch
    area: AreaMatch
    annual: Wages
    hourly: Wages
    employment: float | None
    location_quotient: float | None
    relative_standard_error: dict[str, float | None]
    confidence: float  # title match × area match
    source: Source
    figures_for: dict[str, str]  # the occupation and area the figures belong to, after any fallback
    alternatives: list[Alternative]
    area_alternatives: list[AreaMatch]
    notes: list[str]
    level: LevelPay | None = None  # the level stated in the title and its band in dollars; null when none is stated
    # Several places named ("Phoenix vs Tucson"): each one's figures, in order; the fields above are the first's.
    comparison: list[PlaceFigures] | None = None


def market_data(title: str, location: str | None = None, data: OewsData | None = None) -> MarketData:
    data = data or load_oews()
    titles, areas = resolve(title, location)
    best_title, best_area = titles.best, areas.best
    assert best_title is not None and best_area is not None
    notes: list[str] = []
    if best_title.fallback:
        notes.append(best_title.fallback)
    if titles.ambiguous:
        others = ", ".join(a.title for a in titles.alternatives[:3])
        notes.append(f"“{title.strip()}” can mean several jobs: these figures are for {best_title.title}. "
                     f"It may also be {others}: ask with a more specific title to see one of them.")
    if areas.foreign_alternative is not None:
        abroad = areas.foreign_alternative
        notes.append(f"{location!r} is read as {best_area.name}; if you meant {abroad.label} ({abroad.country}), "
                     "BLS OEWS has no figures for places outside the United States.")
    comparison = None
    if len(areas.places) > 1:  # the same engine, once per place
        comparison = [_place_figures(market_data(title, place, data)) for place in areas.places]
        notes.append(f"You named {len(areas.places)} places: the figures above are for {areas.places[0]}; "
                     "each place's are in the comparison.")
    occupation_code, area_code, cell = find_cell(data, best_title.soc_code, best_area.code, notes)
    annual, hourly = cell_wages(cell, ANNUAL_DATATYPES), cell_wages(cell, HOURLY_DATATYPES)
    notes.extend(_wage_notes(annual, hourly))
    rse = {"wage": cell.value(Datatype.WAGE_RSE) if cell else None,
           "employment": cell.value(Datatype.EMPLOYMENT_RSE) if cell else None}
    if rse["wage"] is not None and rse["wage"] >= LARGE_WAGE_RSE:
        notes.append(f"BLS's relative standard error for these wages is {rse['wage']:.1f}%: treat them as approximate.")
    if rse["employment"] is not None and rse["employment"] >= LARGE_EMPLOYMENT_RSE:
        notes.append(f"BLS's relative standard error for the employment count is {rse['employment']:.1f}%.")
    figures_occupation = data.occupation_by_code[occupation_code]
    figures_area = data.area_by_code[area_code]
    return MarketData(
        query={"title": title, "location": location},
        occupation=OccupationMatch(soc_code=best_title.soc_code, title=best_title.title, match=best_title.match,
                                   confidence=round(best_title.confidence, 3), matched_title=best_title.matched_title,
                                   onet_code=best_title.onet_code, ambiguous=titles.ambiguous),
        area=_area_match(best_area),
        annual=annual, hourly=hourly,
        employment=cell.value(Datatype.EMPLOYMENT) if cell else None,
        location_quotient=cell.value(Datatype.LOCATION_QUOTIENT) if cell else None,
        relative_standard_error=rse,
        confidence=round(best_title.confidence * best_area.confidence, 3),
        source=Source(release=data.release, area=figures_area.name, occupation=occupation_code),
        figures_for={"soc_code": occupation_code, "title": figures_occupation.name, "area_code": area_code,
                     "area": figures_area.name},
        alternatives=[Alternative(soc_code=a.soc_code, title=a.title, confidence=round(a.confidence, 3))
                      for a in titles.alternatives],
        area_alternatives=[_area_match(a) for a in areas.alternatives],
        notes=notes,
        level=level_pay(data, title, best_title.soc_code, best_title.title, occupation_code, area_code),
        comparison=comparison,
    )


def _place_figures(answer: MarketData) -> PlaceFigures:
    return PlaceFigures(query=answer.query["location"] or "", area=answer.area, annual=answer.annual,
                        hourly=answer.hourly, source=answer.source)


def _area_match(area: AreaCandidate) -> AreaMatch:
    return AreaMatch(code=area.code, name=area.name, type=area.type, match=area.match,
                     confidence=round(area.confidence, 3))


def _has_wages(cell: Cell | None) -> bool:
    return cell is not None and any(cell.value(d) is not None or cell.flag(d) is Flag.TOP_CODED for d in ANNUAL_DATATYPES)


def find_cell(data: OewsData, occupation_code: str, area_code: str, notes: list[str]) -> tuple[str, str, Cell | None]:
    """The cell to quote, falling back through SOC parents in the area, then to the nation (with a note)."""
    cell = data.cell(area_code, occupation_code)
    if _has_wages(cell):
        return occupation_code, area_code, cell
    area_name = data.area_by_code[area_code].name
    occupation_name = data.occupation_by_code[occupation_code].name
    for parent in (p for p in data.parents(occupation_code) if p.level >= 1):  # a major group is too coarse
        parent_cell = data.cell(area_code, parent.code)
        if _has_wages(parent_cell):
            notes.append(f"BLS publishes no wages for {occupation_name} in {area_name}; these figures are for the "
                         f"wider group {parent.name} ({parent.code}) there.")
            return parent.code, area_code, parent_cell
    if area_code != NATIONAL:
        national = data.cell(NATIONAL, occupation_code)
        if _has_wages(national):
            notes.append(f"BLS publishes no wages for {occupation_name} in {area_name}; these are national figures.")
            return occupation_code, NATIONAL, national
    notes.append(f"BLS publishes no wages for {occupation_name} in {area_name}.")
    return occupation_code, area_code, cell


def cell_wages(cell: Cell | None, datatypes: tuple[Datatype, ...]) -> Wages:
    values, top_coded, not_released = read_figures(cell, dict(zip(_PERCENTILES, datatypes)))
    return Wages(**values, top_coded=top_coded, not_released=not_released)


def _wage_notes(annual: Wages, hourly: Wages) -> list[str]:
    notes = []
    if annual.top_coded:
        notes.append(f"BLS top-codes wages: the {', '.join(annual.top_coded)} here "
                     f"{'is' if len(annual.top_coded) == 1 else 'are'} at least ${TOP_CODE_ANNUAL:,.0f} a year "
                     "(BLS does not publish a higher figure).")
    if annual.median is None and not annual.top_coded and hourly.median is not None:
        notes.append("BLS publishes hourly wages only for this occupation.")
    if hourly.median is None and annual.median is not None and not hourly.top_coded:
        notes.append("BLS publishes annual wages only for this occupation (it is not typically paid by the hour).")
    return notes


def level_pay(data: OewsData, title: str, soc_code: str, occupation: str, figures_soc: str,
              figures_area: str) -> LevelPay | None:
    """The level the title states, its band in dollars on the figures' curve; None when the title states no level."""
    assumption = assume_level(title, None, soc_code, occupation)
    if assumption is None:
        return None
    try:
        curve, unit, area = find_curve(data, figures_soc, figures_area, [])
    except NoWageCurve:
        return LevelPay(**assumption.model_dump())
    if area.code != figures_area:  # the area has no curve: no level figures from another area's
        return LevelPay(**assumption.model_dump())
    rounding = 0 if unit == "year" else 2
    points = {"low": assumption.band_low, "target": assumption.target, "high": assumption.band_high}
    amounts = {name: round(curve.amount(p), rounding) for name, p in points.items()}
    return LevelPay(**assumption.model_dump(), unit=unit, low_amount=amounts["low"], target_amount=amounts["target"],
                    high_amount=amounts["high"], at_least=[n for n, p in points.items() if curve.at_least(p)],
                    figures_area=area.name)
