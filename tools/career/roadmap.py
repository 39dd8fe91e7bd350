"""Career roadmap: from the current occupation to the target through O*NET related occupations.

    roadmap("registered nurse", "nurse practitioner", "Denver") -> Roadmap

Titles resolve to OEWS SOC codes with the salary tools' title resolution. Each scenario is a list of steps;
each step says the skills and knowledge to gain (the target's important O*NET ratings above the current
occupation's), the typical preparation (O*NET job zone, quoted, and BLS's typical entry education, experience
and training), the wage change at the user's place (BLS OEWS medians, with the area they are for), the
employment outlook (BLS Employment Projections 2024–34) and a risk note built from those figures. Scenarios:
  - direct: one move, whether or not O*NET lists the two as related (it says which);
  - bridge: the best path of two or more moves through related occupations (paths.py);
  - education: when the target's job zone is higher, preparation first (the target's typical education),
    then the move.
Nothing here is estimated: every figure is a published one, with its source.
"""

from __future__ import annotations

from itertools import pairwise

from pydantic import BaseModel, Field

from tools.career.inputs import resolve_role
from tools.career.paths import best_path
from tools.career.profiles import Profiles, RelatedGraph, SkillToGain, load_graph, load_profiles
from tools.salary.market import ANNUAL_DATATYPES, find_cell, cell_wages
from tools.occupations.resolver import InputError
from tools.occupations.oews import OewsData, load_oews
from tools.salary.trends import Source, projection, projections_source

SKILLS_SHOWN = 8
LARGE_GAP = 1.0  # O*NET level points (0–7 scale): a whole level up is a real learning step
MANY_LARGE_GAPS = 5
ONET_URL = "https://www.onetcenter.org/database.html"


class Occupation(BaseModel):
    query: str | None = None
    soc_code: str
    title: str
    job_zone: int | None
    confidence: float | None = None


class Pay(BaseModel):
    annual_median: float | None
    top_coded: bool  # BLS publishes "at least $239,200 a year" only
    area: str
    figures_for: str  # the SOC code the median is for (a parent group when BLS publishes none for the occupation)
    notes: list[str] = Field(default_factory=list)


class WageChange(BaseModel):
    current: Pay
    target: Pay
    change: float | None  # target median − current median, dollars a year (published medians only)
    change_percent: float | None
    source: Source


class Outlook(BaseModel):
    growth_category: str | None
    change_percent: float | None  # projected employment change 2024–34
    annual_openings: int | None
    typical_education: str | None
    work_experience: str | None
    on_the_job_training: str | None
    source: Source


class Preparation(BaseModel):
    job_zone_from: int | None
    job_zone_to: int | None
    zone_name: str | None
    education: str | None  # O*NET's job zone text, quoted
    experience: str | None
    training: str | None


class Step(BaseModel):
    kind: str  # "move" or "education"
    from_occupation: Occupation
    to_occupation: Occupation
    onet_relation: str | None  # O*NET's relatedness tier, None when O*NET does not list the pair
    onet_index: int | None
    skills_to_gain: list[SkillToGain]
    skills_to_gain_total: int
    skills_note: str | None = None  # why the list is empty when O*NET rates no skills for an occupation
    preparation: Preparation
    wage_change: WageChange
    outlook: Outlook
    risk: str  # "low", "medium" or "high"
    risk_note: str


class Scenario(BaseModel):
    name: str  # "direct", "bridge" or "education"
    summary: str
    steps: list[Step]
    risk: str
    reward: WageChange  # current → target at the user's place
    skills_to_gain_total: int


class Roadmap(BaseModel):
    current: Occupation
    target: Occupation
    location: str
    scenarios: list[Scenario]
    message: str | None = None
    notes: list[str]
    sources: list[Source]


_RISK_LEVELS = ("low", "medium", "high")


def check_inputs(current: str | None, target: str | None) -> None:
    for field, value in (("current", current), ("target", target)):
        if not (value or "").strip():
            raise InputError(field, "required", f"{field} is required: the {field} role, e.g. "
                                   f"{'registered nurse' if field == 'current' else 'nurse practitioner'}")


class _Context:
    """What every step needs: the data, the user's area, and per-occupation lookups done once."""

    def __init__(self, data: OewsData, profiles: Profiles, graph: RelatedGraph, area_code: str):
        self.data, self.profiles, self.graph, self.area_code = data, profiles, graph, area_code
        self.area_name = data.area_by_code[area_code].name
        self._pay: dict[str, Pay] = {}

    def occupation(self, soc: str, query: str | None = None, confidence: float | None = None) -> Occupation:
        return Occupation(query=query, soc_code=soc, title=self.data.occupation_by_code[soc].name,
                          job_zone=self.profiles.job_zone(soc), confidence=confidence)

    def pay(self, soc: str) -> Pay:
        if soc not in self._pay:
            notes: list[str] = []
            figures_for, area_code, cell = find_cell(self.data, soc, self.area_code, notes)
            wages = cell_wages(cell, ANNUAL_DATATYPES)
            self._pay[soc] = Pay(annual_median=wages.median, top_coded="median" in wages.top_coded,
                                 area=self.data.area_by_code[area_code].name, figures_for=figures_for, notes=notes)
        return self._pay[soc]

    def wage_change(self, current: str, target: str) -> WageChange:
        before, after = self.pay(current), self.pay(target)
        change = percent = None
        if before.annual_median is not None and after.annual_median is not None:
            change = round(after.annual_median - before.annual_median, 2)
            percent = round(change / before.annual_median * 100, 1)
        return WageChange(current=before, target=after, change=change, change_percent=percent,
                          source=Source(name="BLS OEWS", release=self.data.release, area=self.area_name,
                                        url="https://www.bls.gov/oes/", note="annual medians"))

    def outlook(self, soc: str) -> Outlook:
        found = projection(soc)
        return Outlook(growth_category=found.growth_category if found else None,
                       change_percent=found.change_percent if found else None,
                       annual_openings=found.annual_openings if found else None,
                       typical_education=found.typical_education if found else None,
                       work_experience=found.work_experience if found else None,
                       on_the_job_training=found.on_the_job_training if found else None,
                       source=projections_source())

    def education_step(self, current: str, target: str, move: Step) -> Step:
        """Preparation while still in the current job: the target's job zone and BLS's typical education."""
        preparation, outlook = self.preparation(current, target), self.outlook(target)
        needs = outlook.typical_education or preparation.education or "the target's typical preparation"
        note = (f"Preparation for O*NET job zone {preparation.job_zone_to} (from {preparation.job_zone_from}): "
                f"{needs}. It takes time and may cost tuition, while pay stays at the current median.")
        return move.model_copy(update={"kind": "education", "to_occupation": self.occupation(current),
                                       "onet_relation": None, "onet_index": None, "preparation": preparation,
                                       "wage_change": self.wage_change(current, current), "outlook": outlook,
                                       "risk": "medium", "risk_note": note})

    def preparation(self, current: str, target: str) -> Preparation:
        zone_from, zone_to = self.profiles.job_zone(current), self.profiles.job_zone(target)
        reference = self.profiles.job_zones.get(str(zone_to)) or {}
        return Preparation(job_zone_from=zone_from, job_zone_to=zone_to, zone_name=reference.get("name"),
                           education=reference.get("education"), experience=reference.get("experience"),
                           training=reference.get("training"))

    def step(self, current: str, target: str, kind: str = "move") -> Step:
        relation = self.graph.relation(current, target)
        skills = self.profiles.skills_to_gain(current, target)
        preparation, wages, outlook = self.preparation(current, target), self.wage_change(current, target), \
            self.outlook(target)
        risk, note = risk_of(relation, preparation, wages, outlook, skills, kind)
        unrated = [soc for soc in (current, target) if not self.profiles.rated(soc)]
        skills_note = ("O*NET 29.3 publishes no skill ratings for "
                       + " or ".join(self.data.occupation_by_code[soc].name for soc in unrated)
                       + ": the skills to gain cannot be compared.") if unrated else None
        return Step(kind=kind, from_occupation=self.occupation(current), to_occupation=self.occupation(target),
                    skills_note=skills_note,
                    onet_relation=relation[0] if relation else None, onet_index=relation[1] if relation else None,
                    skills_to_gain=skills[:SKILLS_SHOWN], skills_to_gain_total=len(skills), preparation=preparation,
                    wage_change=wages, outlook=outlook, risk=risk, risk_note=note)


def risk_of(relation: tuple[str, int] | None, preparation: Preparation, wages: WageChange, outlook: Outlook,
            skills: list[SkillToGain], kind: str) -> tuple[str, str]:
    """A risk level from what the figures say (one point per concern) and a note naming each concern."""
    concerns = []
    if kind == "move" and relation is None:
        concerns.append("O*NET does not list these occupations as related")
    if kind == "move" and preparation.job_zone_from and preparation.job_zone_to \
            and preparation.job_zone_to > preparation.job_zone_from:
        concerns.append(f"the target needs more preparation (O*NET job zone {preparation.job_zone_to} against "
                        f"{preparation.job_zone_from})")
    if wages.change is not None and wages.change < 0:
        concerns.append(f"the median pay in {wages.source.area} is ${-wages.change:,.0f} a year lower")
    if outlook.change_percent is not None and outlook.change_percent < 0:
        concerns.append(f"BLS projects employment to fall {-outlook.change_percent:.1f}% in 2024–34")
    large = [s.name for s in skills if s.gap >= LARGE_GAP]
    if len(large) >= MANY_LARGE_GAPS:
        concerns.append(f"{len(large)} important skills or knowledge areas need a level at least {LARGE_GAP:g} "
                        f"O*NET level point higher ({', '.join(large[:3])}...)")
    level = _RISK_LEVELS[min(len(concerns), 2)] if concerns else "low"
    if not concerns:
        return level, "Related occupations, no higher job zone, no pay cut and no projected decline."
    text = "; ".join(concerns)
    return level, text[0].upper() + text[1:] + "."


def _scenario(name: str, steps: list[Step], reward: WageChange, summary: str) -> Scenario:
    risk = max((s.risk for s in steps), key=_RISK_LEVELS.index)
    return Scenario(name=name, summary=summary, steps=steps, risk=risk, reward=reward,
                    skills_to_gain_total=sum(s.skills_to_gain_total for s in steps))


def build_scenarios(context: _Context, current: str, target: str) -> tuple[list[Scenario], list[str]]:
    notes: list[str] = []
    reward = context.wage_change(current, target)
    target_name = context.data.occupation_by_code[target].name
    direct = context.step(current, target)
    how = f"O*NET lists it as related ({direct.onet_relation})" if direct.onet_relation \
        else "O*NET does not list the two as related"
    scenarios = [_scenario("direct", [direct], reward, f"Move straight to {target_name}; {how}.")]
    bridge = best_path(context.graph, context.profiles, current, target, min_steps=2)
    if bridge:
        steps = [context.step(a, b) for a, b in pairwise(bridge)]
        via = ", then ".join(s.to_occupation.title for s in steps[:-1])
        scenarios.append(_scenario("bridge", steps, reward, f"Go via {via}, each step between related "
                                                            "occupations."))
    else:
        notes.append(f"No path of two or three moves through O*NET related occupations leads to {target_name}.")
    zone_from, zone_to = context.profiles.job_zone(current), context.profiles.job_zone(target)
    if zone_from and zone_to and zone_to > zone_from:
        education = context.education_step(current, target, direct)
        prepared = direct.preparation.model_copy(update={"job_zone_from": zone_to})  # the gap is closed
        risk, note = risk_of((direct.onet_relation, direct.onet_index) if direct.onet_relation else None, prepared,
                             direct.wage_change, direct.outlook, [], "move")
        move = direct.model_copy(update={"risk": risk, "risk_note": "After the preparation: " + note})
        scenarios.append(_scenario("education", [education, move], reward,
                                   f"Prepare first (job zone {zone_from} → {zone_to}: "
                                   f"{context.outlook(target).typical_education or 'see O*NET job zone'}), "
                                   f"then move to {target_name}."))
    return scenarios, notes


def roadmap(current: str | None, target: str | None, location: str | None = None,
            data: OewsData | None = None) -> Roadmap:
    check_inputs(current, target)
    data = data or load_oews()
    current_titles, areas = resolve_role("current", current, location)
    target_titles, _ = resolve_role("target", target, location)
    assert current_titles.best and target_titles.best and areas.best
    context = _Context(data, load_profiles(), load_graph(), areas.best.code)
    source_soc, target_soc = current_titles.best.soc_code, target_titles.best.soc_code
    here = context.occupation(source_soc, current, round(current_titles.best.confidence, 3))
    there = context.occupation(target_soc, target, round(target_titles.best.confidence, 3))
    sources = [Source(name="BLS OEWS", release=data.release, area=context.area_name, url="https://www.bls.gov/oes/"),
               projections_source(),
               Source(name="O*NET Related Occupations, Job Zones, Skills and Knowledge",
                      release=load_profiles().source["release"], url=ONET_URL,
                      note="CC BY 4.0, USDOL/ETA; mapped to OEWS SOC codes")]
    if source_soc == target_soc:
        return Roadmap(current=here, target=there, location=context.area_name, scenarios=[], notes=[],
                       sources=sources,
                       message=f"{current!r} and {target!r} are the same occupation ({here.title}, {source_soc}): "
                               "there is no move to plan. Name a different target role.")
    scenarios, notes = build_scenarios(context, source_soc, target_soc)
    return Roadmap(current=here, target=there, location=context.area_name, scenarios=scenarios, notes=notes,
                   sources=sources)
