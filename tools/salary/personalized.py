"""A personalised pay range: a low / target / high figure placed on BLS OEWS's published pay curve for one
occupation in one area, with every factor that moved it, in percentile points and in dollars.

    personalized_range(RangeRequest(soc_code="15-1252", area_code="0042660", years_experience=6,
                                    education="master", industry_code="518200", company_size="large",
                                    seniority="Senior Software Engineer")) -> PersonalizedRange

The curve. OEWS publishes five points of each occupation's annual pay distribution in each area: the 10th, 25th,
50th (median), 75th and 90th percentiles (May 2025). Between them the curve is drawn as straight lines in
percentile space (p = 37.5 is halfway between the 25th and 50th percentile figures); nothing is extrapolated
beyond the 10th or 90th. A percentile BLS did not release is skipped (the lines join its neighbours). A
percentile BLS top-codes (published only as "at least $239,200 a year" / "$115.00 an hour") is drawn at the top
code (or at the point below it if that is higher), which is a floor: any figure drawn from that part of the curve
is a lower bound and is marked `at_least` (and `capped`), and the answer says so in `caveats`. When the area has fewer than two usable points, the national curve
of the same occupation is used instead (and said so). Occupations BLS publishes only by the hour (those not
typically working year-round, full time) get an hourly range (`unit = "hour"`); BLS's annual figures are never
made up from hourly ones.

Placing the range (all in percentile points, starting from the median, 50):
1. Level (a convention of this tool, `tools/occupations/levels.py`; OEWS publishes no pay by level or experience):
   the level stated in `seniority` (a title or words: "senior", "new grad", "Engineer II", "L5"...) and the years of
   experience give a band of percentiles and a target inside it (`LevelAssumption`, reported in `level`, its
   statement first in `caveats`): e.g. intern 10–15, entry 10–25 (target 20), junior 15–35 (25), mid 40–60 (50),
   senior 65–85 (75), lead/staff 70–88 (80), principal 80–90 (87). The words set the band and the years place the
   target inside it; years alone give a target on a monotonic line (0 yrs → 15, 1 → 20, 3 → 40, 5 → 50, 8 → 70,
   12 and more → 80) with a band 10 points either side. Where the occupation itself is the level (a chief
   executive, a director's management occupation, a first-line supervisor for "lead"), the level is not counted
   twice: the band is the 25th–75th and the target the median. Never lower for more years at the same level.
   Low, target and high start at the band's low, target and high.
2. (Part of 1.) Seniority words the tool does not know move nothing (and are reported).
3. Education (heuristic, bounded): compared with BLS's "typical education needed for entry" for the occupation
   (Employment Projections 2024–34, Table 1.2; the same SOC codes as OEWS): 3 points per level above or below,
   at most 6 either way. Levels: no formal credential 0, high school 1, some college / postsecondary nondegree
   award 2, associate 3, bachelor 4, master 5, doctoral or professional 6. Neither BLS nor O*NET publishes pay by
   education within an occupation, so this is a small nudge only.
4. Company size (heuristic, no BLS source: OEWS publishes nothing by employer size): startup −3, small −3, mid 0,
   large +3, enterprise +5, reflecting the employer-size wage premium reported in labour economics.
5. Education and company size shift low, target and high alike. The target is kept between the 10th and 90th
   percentiles (reported as a "bounds" factor when that bites), and so are low and high. Each
   factor's dollar effect is read off the curve as the running total moves, so points spent beyond either end
   (where the curve is flat) are worth $0 there; the sum, not the order, decides the target.
6. Industry (BLS data): the occupation's national median in that industry over its national cross-industry
   median (both OEWS May 2025), applied as a ratio to the dollar figures, which are then kept within the area's
   10th–90th percentile figures; the percentiles are read back from the curve. No ratio when either median is not
   a published number (top-coded or not released), and the answer says why.
Low and high are the level's band (step 1) shifted by steps 3–4, kept within 10–90, then go through step 6 too. Skills are counted but not used numerically: we have no data that
prices a skill within an occupation.

A figure held at an edge of the published range (by step 5, by the band, or by the industry ratio) is marked
`capped`. Bad input raises pydantic's ValidationError (a ValueError) whose `errors()[i]["loc"]` names the field;
codes are checked against the OEWS lists. When BLS publishes no curve at all, `NoWageCurve` (a LookupError).

Everything is deterministic: the same request gives the same answer. Figures are rounded to whole dollars a year
(cents an hour), percentiles to one decimal.
"""

from __future__ import annotations

import re
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tools.occupations.levels import LevelAssumption, assume_level, ordinal, parse_level
from tools.occupations.oews import (ALL_INDUSTRIES, NATIONAL, TOP_CODE_ANNUAL, TOP_CODE_HOURLY, Cell, Datatype, Flag,
                               OewsData, load_oews)
from tools.salary.trends import Source, load_projections, projections_source

SOC_PATTERN = re.compile(r"^\d{2}-\d{4}$")
MAX_SKILLS, MAX_SKILL_LENGTH, MAX_SENIORITY_LENGTH = 50, 100, 200
PERCENTILES = (10, 25, 50, 75, 90)
ANNUAL = (Datatype.ANNUAL_P10, Datatype.ANNUAL_P25, Datatype.ANNUAL_MEDIAN, Datatype.ANNUAL_P75, Datatype.ANNUAL_P90)
HOURLY = (Datatype.HOURLY_P10, Datatype.HOURLY_P25, Datatype.HOURLY_MEDIAN, Datatype.HOURLY_P75, Datatype.HOURLY_P90)
LOWEST, HIGHEST, START = 10.0, 90.0, 50.0
BAND = 15.0  # percentile points either side of a target when no level band applies (the negotiation plan's floor)
EDUCATION_POINTS_PER_LEVEL, EDUCATION_MAX_POINTS = 3.0, 6.0
OEWS_URL = "https://www.bls.gov/oes/"


class Education(str, Enum):
    none = "none"
    high_school = "high_school"
    some_college = "some_college"
    associate = "associate"
    bachelor = "bachelor"
    master = "master"
    doctorate = "doctorate"
    professional = "professional"


class CompanySize(str, Enum):
    startup = "startup"
    small = "small"
    mid = "mid"
    large = "large"
    enterprise = "enterprise"


EDUCATION_LEVEL = {Education.none: 0, Education.high_school: 1, Education.some_college: 2, Education.associate: 3,
                   Education.bachelor: 4, Education.master: 5, Education.doctorate: 6, Education.professional: 6}
TYPICAL_EDUCATION_LEVEL = {  # BLS Employment Projections categories
    "No formal educational credential": 0, "High school diploma or equivalent": 1, "Some college, no degree": 2,
    "Postsecondary nondegree award": 2, "Associate's degree": 3, "Bachelor's degree": 4, "Master's degree": 5,
    "Doctoral or professional degree": 6,
}
COMPANY_SIZE_POINTS = {CompanySize.startup: -3.0, CompanySize.small: -3.0, CompanySize.mid: 0.0,
                       CompanySize.large: 3.0, CompanySize.enterprise: 5.0}


class RangeRequest(BaseModel):
    """Codes are already resolved (SOC 2018 as OEWS writes it, OEWS area and industry codes)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    soc_code: str = Field(description="SOC code as OEWS writes it, e.g. 15-1252")
    area_code: str = Field(NATIONAL, description="OEWS area code: 0000000 national, 0600000 a state, 0042660 a metro")
    years_experience: float = Field(ge=0, le=60, allow_inf_nan=False)
    education: Education | None = None
    skills: list[str] = Field(default_factory=list, max_length=MAX_SKILLS)
    industry_code: str | None = Field(None, description="OEWS industry code, e.g. 518200; national figures are used")
    company_size: CompanySize | None = None
    seniority: str | None = Field(None, max_length=MAX_SENIORITY_LENGTH,
                                  description="The title or words stating the level, e.g. 'Senior Software Engineer'")

    @field_validator("soc_code")
    @classmethod
    def _known_occupation(cls, value: str) -> str:
        if not SOC_PATTERN.match(value):
            raise ValueError("must look like 15-1252")
        if value not in load_oews().occupation_by_code:
            raise ValueError(f"BLS OEWS publishes no occupation {value}")
        return value

    @field_validator("area_code")
    @classmethod
    def _known_area(cls, value: str) -> str:
        if value not in load_oews().area_by_code:
            raise ValueError(f"BLS OEWS has no area {value!r} (7 digits: 0000000 national, 0600000 California...)")
        return value

    @field_validator("industry_code")
    @classmethod
    def _known_industry(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if value not in load_oews().industry_by_code:
            raise ValueError(f"BLS OEWS has no industry {value!r}")
        return value

    @field_validator("skills")
    @classmethod
    def _clean_skills(cls, values: list[str]) -> list[str]:
        cleaned = []
        for index, skill in enumerate(values):
            text = skill.strip()
            if not text:
                raise ValueError(f"skill {index + 1} is empty")
            if len(text) > MAX_SKILL_LENGTH:
                raise ValueError(f"skill {index + 1} is {len(text)} characters; the limit is {MAX_SKILL_LENGTH}")
            cleaned.append(text)
        return cleaned

    @field_validator("seniority")
    @classmethod
    def _blank_seniority(cls, value: str | None) -> str | None:
        return value or None


class NoWageCurve(LookupError):
    """BLS publishes no pay distribution for the occupation in the area or nationally. `field` names the input."""

    def __init__(self, soc_code: str, message: str):
        super().__init__(message)
        self.field, self.code, self.soc_code, self.message = "soc_code", "no_wage_data", soc_code, message


class CurvePoint(BaseModel):
    percentile: int
    amount: float | None  # the published figure; None when top-coded or not released
    top_coded: bool = False  # at least $239,200 a year ($115.00 an hour)
    not_released: bool = False


class Figure(BaseModel):
    amount: float
    percentile: float
    at_least: bool = False  # drawn from a top-coded part of the curve: the true figure is at least this
    capped: bool = False  # held at an edge of the published curve (10th/90th percentile, or the top code)


class Factor(BaseModel):
    name: str  # level, education, company_size, bounds, industry, skills
    effect_percentile_points: float
    effect_dollars: float  # on the target, in the answer's unit (a year or an hour)
    reason: str
    basis: str  # what the effect rests on: "BLS OEWS", "convention", "heuristic", ...


class PersonalizedRange(BaseModel):
    soc_code: str
    occupation: str
    area_code: str  # as asked
    area: str
    figures_area_code: str  # the curve's area (national when the area has no curve)
    figures_area: str
    unit: str  # "year" or "hour"
    low: Figure
    target: Figure
    high: Figure
    curve: list[CurvePoint]
    factors: list[Factor]
    level: LevelAssumption  # the level (from the seniority words and/or years) and its band, as assumed
    skills_count: int
    method: str
    caveats: list[str]
    source: Source
    sources: list[Source]


class PayCurve:
    """Piecewise linear pay curve through the usable published percentiles (see the module docstring)."""

    def __init__(self, cell: Cell, datatypes: tuple[Datatype, ...], top_code: float):
        self.points: list[CurvePoint] = []
        usable: list[tuple[float, float, bool]] = []
        for percentile, datatype in zip(PERCENTILES, datatypes):
            value, flag = cell.value(datatype), cell.flag(datatype)
            self.points.append(CurvePoint(percentile=percentile, amount=value, top_coded=flag is Flag.TOP_CODED,
                                          not_released=value is None and flag is not Flag.TOP_CODED))
            if value is not None:
                usable.append((float(percentile), value, False))
            elif flag is Flag.TOP_CODED:
                usable.append((float(percentile), max([top_code] + [v for _, v, _ in usable]), True))
        self.usable = usable
        self.top_coded = any(top for _, _, top in usable)
        numeric = [p for p, _, top in usable if not top]
        self.last_numeric = max(numeric) if numeric else None

    @property
    def valid(self) -> bool:
        return len(self.usable) >= 2

    @property
    def low(self) -> float:
        return self.usable[0][0]

    @property
    def high(self) -> float:
        return self.usable[-1][0]

    def amount(self, percentile: float) -> float:
        points = self.usable
        if percentile <= points[0][0]:
            return points[0][1]
        for (p0, v0, _), (p1, v1, _) in zip(points, points[1:]):
            if percentile <= p1:
                return v0 + (v1 - v0) * (percentile - p0) / (p1 - p0)
        return points[-1][1]

    def percentile(self, amount: float, hint: float | None = None) -> float:
        if hint is not None and abs(self.amount(hint) - amount) < 0.005:
            return hint  # flat parts of the curve (top-coded) have no single answer: keep the one we came from
        points = self.usable
        if amount <= points[0][1]:
            return points[0][0]
        for (p0, v0, _), (p1, v1, _) in zip(points, points[1:]):
            if amount <= v1 and v1 > v0:
                return p0 + (p1 - p0) * (amount - v0) / (v1 - v0)
        return next(p for p, v, _ in points if v >= points[-1][1])

    def at_least(self, percentile: float) -> bool:
        if not self.top_coded:
            return False
        return self.last_numeric is None or percentile > self.last_numeric


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def personalized_range(request: RangeRequest, data: OewsData | None = None) -> PersonalizedRange:
    data = data or load_oews()
    occupation = data.occupation_by_code[request.soc_code]
    area = data.area_by_code[request.area_code]
    caveats: list[str] = []
    curve, unit, figures_area = find_curve(data, request.soc_code, request.area_code, caveats)
    rounding = 0 if unit == "year" else 2

    def dollars(percentile: float) -> float:
        return curve.amount(percentile)

    factors: list[Factor] = []
    position = START
    low_bound, high_bound = max(LOWEST, curve.low), min(HIGHEST, curve.high)

    def move(name: str, new: float, reason: str, basis: str) -> None:
        nonlocal position
        factors.append(Factor(name=name, effect_percentile_points=round(new - position, 1),
                              effect_dollars=round(dollars(new) - dollars(position), rounding),
                              reason=reason, basis=basis))
        position = new

    level = assume_level(request.seniority, request.years_experience, request.soc_code, occupation.name)
    assert level is not None  # years are required
    reason = level.statement
    if request.seniority and parse_level(request.seniority) is None:
        reason += f" ('{request.seniority}' states no level this tool knows, so it moves nothing.)"
    move("level", level.target, reason, "convention")
    caveats.insert(0, level.statement)

    sources_used: list[Source] = []
    if request.education is not None:
        points, reason, used_projections = _education(request.soc_code, request.education)
        move("education", position + points, reason, "heuristic, against BLS's typical entry education "
             "(Employment Projections 2024–34)" if used_projections else "heuristic")
        if used_projections:
            sources_used.append(projections_source())

    if request.company_size is not None:
        points = COMPANY_SIZE_POINTS[request.company_size]
        move("company_size", position + points,
             f"company size '{request.company_size.value}' moves the target {points:+g} points. Heuristic: BLS "
             "publishes no pay by employer size; larger employers tend to pay more for the same job "
             "(the employer-size wage premium reported in labour economics)", "heuristic (no BLS source)")

    bounded = _clamp(position, low_bound, high_bound)
    if bounded != position:
        move("bounds", bounded, f"the factors above add up to the {ordinal(round(position, 1))} percentile, "
             f"outside the published curve ({ordinal(low_bound)}–{ordinal(high_bound)} percentile), so the target "
             "is kept at its edge: "
             "this tool does not extrapolate beyond what BLS publishes", "BLS OEWS (published range)")

    ratio, industry_reason = _industry_ratio(data, request, occupation.name, unit, sources_used)
    shift = sum(f.effect_percentile_points for f in factors if f.name in ("education", "company_size"))
    wanted = {"low": level.band_low + shift, "high": level.band_high + shift}
    percentiles = {"low": _clamp(wanted["low"], low_bound, high_bound), "target": position,
                   "high": _clamp(wanted["high"], low_bound, high_bound)}
    # figures held at an edge of the published range: by the bounds step, the band, or the industry ratio below
    held = {name for name in ("low", "high") if abs(wanted[name] - percentiles[name]) > 1e-9}
    if factors[-1].name == "bounds":
        held.add("target")
    industry_held = False
    figures: dict[str, Figure] = {}
    min_amount, max_amount = dollars(low_bound), dollars(high_bound)
    for name, percentile in percentiles.items():
        amount = dollars(percentile)
        if ratio is not None:
            scaled = amount * ratio
            amount = _clamp(scaled, min_amount, max_amount)
            if abs(amount - scaled) > 0.005:
                held.add(name)
                industry_held = industry_held or name == "target"
            percentile = curve.percentile(amount, hint=percentile)
        at_least = curve.at_least(percentile)
        figures[name] = Figure(amount=round(amount, rounding), percentile=round(percentile, 1), at_least=at_least,
                               capped=name in held or at_least)
    if request.industry_code is not None:
        factors.append(Factor(
            name="industry", effect_percentile_points=round(figures["target"].percentile - position, 1),
            effect_dollars=round(figures["target"].amount - round(dollars(position), rounding), rounding),
            reason=industry_reason + (" (held at the edge of the area's published range)" if industry_held else ""),
            basis="BLS OEWS national industry figures" if ratio is not None else "not applied"))

    if request.skills:
        factors.append(Factor(name="skills", effect_percentile_points=0.0, effect_dollars=0.0,
                              reason=f"{len(request.skills)} skill{'s' if len(request.skills) != 1 else ''} noted; "
                              "skills are not used numerically yet (no data here prices a skill within an "
                              "occupation)", basis="not used"))

    if any(f.at_least for f in figures.values()):
        top = f"${TOP_CODE_ANNUAL:,.0f} a year" if unit == "year" else f"${TOP_CODE_HOURLY:,.2f} an hour"
        caveats.append(f"BLS top-codes pay at {top}: it publishes no higher figure. Figures marked at_least are drawn "
                       "from the top-coded part of the curve and are lower bounds; the true figures are at least "
                       "that high.")
    caveats.extend(_standard_caveats(unit))

    oews_source = Source(name="BLS OEWS", release=data.release, area=figures_area.name, url=OEWS_URL,
                         note=f"{occupation.name} ({request.soc_code}), percentiles p10–p90")
    return PersonalizedRange(
        soc_code=request.soc_code, occupation=occupation.name, area_code=area.code, area=area.name,
        figures_area_code=figures_area.code, figures_area=figures_area.name, unit=unit,
        low=figures["low"], target=figures["target"], high=figures["high"], curve=curve.points,
        factors=factors, level=level, skills_count=len(request.skills), method=_method(unit), caveats=caveats,
        source=oews_source, sources=[oews_source, *sources_used],
    )


def _curve_for(cell: Cell | None) -> tuple[PayCurve, str] | None:
    if cell is None:
        return None
    annual = PayCurve(cell, ANNUAL, TOP_CODE_ANNUAL)
    if annual.valid:
        return annual, "year"
    hourly = PayCurve(cell, HOURLY, TOP_CODE_HOURLY)
    return (hourly, "hour") if hourly.valid else None


def find_curve(data: OewsData, soc_code: str, area_code: str, caveats: list[str]):
    found = _curve_for(data.cell(area_code, soc_code))
    area = data.area_by_code[area_code]
    occupation = data.occupation_by_code[soc_code].name
    if found is None and area_code != NATIONAL:
        found = _curve_for(data.cell(NATIONAL, soc_code))
        if found is not None:
            caveats.append(f"BLS publishes no pay distribution for {occupation} in {area.name}; this range uses the "
                           "national one.")
            area = data.area_by_code[NATIONAL]
    if found is None:
        raise NoWageCurve(soc_code, f"BLS OEWS publishes no pay distribution for {occupation} ({soc_code}) "
                          f"in {data.area_by_code[area_code].name} or nationally")
    curve, unit = found
    if unit == "hour":
        caveats.append(f"BLS publishes only hourly pay for {occupation} (not typically year-round, full-time work): "
                       "the range is in dollars an hour.")
    return curve, unit, area


def _education(soc_code: str, education: Education) -> tuple[float, str, bool]:
    record = load_projections().get(soc_code)
    typical = record.get("education") if record else None
    if typical is None or typical not in TYPICAL_EDUCATION_LEVEL:
        return 0.0, (f"education '{education.value}' noted, but BLS lists no typical entry education for {soc_code} "
                     "(it does so for detailed occupations only), so it moves nothing"), False
    difference = EDUCATION_LEVEL[education] - TYPICAL_EDUCATION_LEVEL[typical]
    points = _clamp(difference * EDUCATION_POINTS_PER_LEVEL, -EDUCATION_MAX_POINTS, EDUCATION_MAX_POINTS)
    relation = ("the same level as" if difference == 0 else
                f"{abs(difference)} level{'s' if abs(difference) > 1 else ''} "
                f"{'above' if difference > 0 else 'below'}")
    return points, (f"education '{education.value}' is {relation} BLS's typical entry education for this "
                    f"occupation ('{typical}'): {points:+g} points (heuristic: {EDUCATION_POINTS_PER_LEVEL:g} a "
                    f"level, at most {EDUCATION_MAX_POINTS:g})"), True


def _industry_ratio(data: OewsData, request: RangeRequest, occupation: str, unit: str,
                    sources_used: list[Source]) -> tuple[float | None, str]:
    code = request.industry_code
    if code is None:
        return None, ""
    industry = data.industry_by_code[code]
    if code == ALL_INDUSTRIES:
        return None, "all industries together is the baseline: no industry differential"
    datatype = Datatype.ANNUAL_MEDIAN if unit == "year" else Datatype.HOURLY_MEDIAN
    national = data.cell(NATIONAL, request.soc_code)
    in_industry = data.cell(NATIONAL, request.soc_code, code)
    base = national.value(datatype) if national else None
    median = in_industry.value(datatype) if in_industry else None
    if in_industry is None:
        return None, f"BLS publishes no national figures for {occupation} in {industry.name}: no industry differential"
    if median is None or base is None:
        why = ("is top-coded (at least $239,200 a year)" if (median is None and in_industry.flag(datatype)
                                                             is Flag.TOP_CODED) or (base is None and national
                                                             and national.flag(datatype) is Flag.TOP_CODED)
               else "is not published")
        return None, (f"the national median for {occupation} in {industry.name} or across industries {why}: no "
                      "industry differential")
    ratio = median / base
    sources_used.append(Source(name="BLS OEWS", release=data.release, area="United States",
                               url=OEWS_URL, note=f"national industry figures: {industry.name} ({code})"))
    money = (lambda v: f"${v:,.0f}") if unit == "year" else (lambda v: f"${v:,.2f} an hour")
    return ratio, (f"nationally, {occupation} earn a median {money(median)} in {industry.name} against "
                   f"{money(base)} across all industries: ratio {ratio:.3f}, applied to the area figures")


def _standard_caveats(unit: str) -> list[str]:
    return [
        "Only the curve points (10th, 25th, median, 75th, 90th percentile) are BLS's published figures; the low, "
        "target and high are this tool's estimates placed on that curve.",
        "The level (from seniority words and years of experience), education and company size are mapped to "
        "percentile points by this tool's "
        "documented conventions and heuristics, not by BLS data: OEWS publishes pay by occupation, area and "
        "industry only.",
        "The industry differential is national (OEWS publishes industry figures nationally) and is assumed to "
        "hold in the area.",
        "OEWS wages are straight-time gross pay: they leave out overtime, nonproduction bonuses and benefits, and "
        "self-employed workers are not surveyed. Figures are for May 2025.",
    ] + (["Hourly figures: annual pay depends on hours worked, which BLS does not publish for this occupation."]
         if unit == "hour" else [])


def _method(unit: str) -> str:
    per = "a year" if unit == "year" else "an hour"
    return (f"We take BLS's published pay percentiles (10th, 25th, median, 75th, 90th, in dollars {per}) for the "
            "occupation in the area and join them with straight lines. The level stated in the title (senior, "
            "junior, new grad, Engineer II, L5...) sets a band of percentiles (e.g. senior 65th–85th, junior "
            "15th–35th) and your years of experience place the target inside it; years alone give a target (0–1 "
            "years near the 15th–20th, 5 years at the median, 12 or more at the 80th) with a band 10 points either "
            "side; a level the occupation itself encodes (a chief executive, a supervisor) is not counted twice. "
            "Education against the occupation's typical entry education and company size shift the range by a few "
            "points each; it stays between the 10th and 90th percentiles. If you name an industry, the "
            "figures are scaled by how that industry's national median for the occupation compares with the "
            "national median across all industries, again kept within the published range. The low and high are "
            "the level's band. Each step is listed in factors with its effect.")
