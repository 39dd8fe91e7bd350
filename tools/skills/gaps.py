"""Gap analysis: a target role's O*NET requirements against the skills found in the user's text.

The role (free text) resolves through the salary tools' title resolution to an O*NET-SOC occupation. Its
requirements are O*NET's skills and knowledge with importance IM >= 3 (of 5) at their level LV (0-7), and its
technologies flagged Hot or In Demand. For each requirement:
- named in the text (an extracted skill linked to the same O*NET element or technology) → a strength, at the
  target level (a resume shows that a skill is held, not at which O*NET level);
- else, when the user's current role is known, its O*NET level for the element: at or above the target level → a
  transferable skill, below → a gap from that level;
- else a gap from 0.
Gaps are ordered by importance x distance, each on its own scale: (IM / 5) x ((target - current) / 7) for skills
and knowledge; for a technology the distance is 1 (not named) and the importance 0.6 when O*NET flags it both
Hot and In Demand, else 0.45 (a heuristic that keeps a missing tool from outranking every core skill)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tools.occupations.resolver import NoMatch, resolve
from tools.skills.extract import SkillInputError, SkillMatch
from tools.skills.taxonomy import Occupation, Taxonomy, load_taxonomy

MIN_IMPORTANCE = 3.0
LEVEL_MAX, IMPORTANCE_MAX = 7.0, 5.0
TECH_IMPORTANCE = {2: 0.6, 1: 0.45}  # number of O*NET flags (Hot, In Demand) → importance
MAX_GAPS, MAX_LISTED = 15, 12


class RoleMatch(BaseModel):
    query: str
    onet_code: str
    title: str = Field(description="O*NET occupation title")
    soc_code: str
    soc_title: str = Field("", description="the OEWS occupation of soc_code: what pay, the roadmap and the chat call "
                                           "it (e.g. Data Scientists for Business Intelligence Analysts)")
    match: str
    confidence: float


class RoleSkill(BaseModel):
    name: str
    kind: str = Field(description="skill | knowledge | technology (O*NET)")
    onet_id: str
    esco_uri: str | None = None
    importance: float = Field(description="O*NET importance 1-5, or the technology weight (see gaps.py)")
    current_level: float
    target_level: float
    scale_max: float = Field(description="7 for O*NET levels, 1 for a technology (named or not)")
    priority: float = Field(description="importance x distance, both scaled to 0-1")
    basis: str = Field(description="where current_level comes from: resume, current role (O*NET), or none")
    evidence: str | None = None
    hot: bool = False
    in_demand: bool = False


class GapAnalysis(BaseModel):
    role: RoleMatch
    current_role: RoleMatch | None = None
    gaps: list[RoleSkill]
    strengths: list[RoleSkill]
    transferable: list[RoleSkill]


def resolve_role(text: str, field: str = "target_role") -> tuple[RoleMatch, Occupation]:
    """A job title → its O*NET occupation, or NoMatch (404 with suggestions) / SkillInputError naming the field."""
    if not (text or "").strip():
        raise SkillInputError(field, "empty", f"{field} is empty")
    try:
        titles, _ = resolve(text, None)
    except NoMatch as exc:
        raise NoMatch(field, exc.message, exc.suggestions) from exc
    best = titles.best
    occupation = load_taxonomy().occupation_for(best.onet_code or best.soc_code)
    if occupation is None:
        raise NoMatch(field, f"O*NET has no skill profile for {best.title} ({best.soc_code})",
                      [a.model_dump(include={"soc_code", "title", "confidence"}) for a in titles.alternatives])
    return RoleMatch(query=text.strip(), onet_code=occupation.code, title=occupation.title, soc_code=best.soc_code,
                     soc_title=best.title, match=best.match, confidence=best.confidence), occupation


def analyse_gaps(skills: list[SkillMatch], target_role: str, current_role: str | None = None,
                 taxonomy: Taxonomy | None = None) -> GapAnalysis:
    taxonomy = taxonomy or load_taxonomy()
    role, target = resolve_role(target_role)
    current_match, current = None, None
    if current_role and current_role.strip():
        try:
            current_match, current = resolve_role(current_role, "current_role")
        except (NoMatch, SkillInputError):
            pass  # an unknown current role only loses the transferable estimate
    current_levels = {r.element: r.level for r in current.requirements} if current else {}
    evidence = {s.onet_id: s for s in skills if s.onet_id}
    gaps, strengths, transferable = [], [], []
    for req in target.requirements:
        if req.importance < MIN_IMPORTANCE or req.level <= 0:
            continue
        name, kind, _, concept_index = taxonomy.elements[req.element]
        concept = taxonomy.concepts[concept_index]
        named = evidence.get(req.element)
        if named:
            current_level, basis = req.level, "resume"
        elif req.element in current_levels:
            current_level, basis = current_levels[req.element], "current role (O*NET)"
        else:
            current_level, basis = 0.0, "none"
        distance = max(0.0, req.level - current_level) / LEVEL_MAX
        item = RoleSkill(name=name, kind=kind, onet_id=req.element, esco_uri=concept.esco_uri,
                         importance=req.importance, current_level=round(current_level, 2), target_level=req.level,
                         scale_max=LEVEL_MAX, priority=round(req.importance / IMPORTANCE_MAX * distance, 4),
                         basis=basis, evidence=named.evidence if named else None)
        (strengths if named else gaps if distance > 0 else transferable).append(item)
    seen: set[int] = set()
    for concept_index, hot, in_demand in target.technologies:
        if not (hot or in_demand) or concept_index in seen:
            continue
        seen.add(concept_index)
        concept = taxonomy.concepts[concept_index]
        named = evidence.get(concept.onet_id) if concept.onet_id and not concept.onet_id.startswith("T") else None
        named = named or next((s for s in skills if s.name == concept.name), None)
        importance = TECH_IMPORTANCE[hot + in_demand]
        item = RoleSkill(name=concept.name, kind="technology", onet_id=concept.onet_id or "", esco_uri=concept.esco_uri,
                         importance=importance, current_level=1.0 if named else 0.0, target_level=1.0, scale_max=1.0,
                         priority=0.0 if named else importance, basis="resume" if named else "none",
                         evidence=named.evidence if named else None, hot=hot, in_demand=in_demand)
        (strengths if named else gaps).append(item)
    gaps.sort(key=lambda g: (-g.priority, g.name))
    strengths.sort(key=lambda s: (-s.importance, s.name))
    transferable.sort(key=lambda s: (-s.importance, s.name))
    return GapAnalysis(role=role, current_role=current_match, gaps=gaps[:MAX_GAPS], strengths=strengths[:MAX_LISTED],
                       transferable=transferable[:MAX_LISTED])
