"""One skills analysis, the engine behind the API, the tool and the CLI: skills from text (or a list of skill
names), then, for a target role, gaps, strengths and transferable skills (DESIGN.md's contract)."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

from tools.skills.extract import SkillInputError, SkillMatch, extract
from tools.skills.gaps import GapAnalysis, RoleMatch, RoleSkill, analyse_gaps
from tools.skills.semantic import SemanticMatcher
from tools.skills.taxonomy import load_taxonomy
from tools.skills.watson import WatsonError

MAX_SKILLS_LISTED = 200


class SkillsAnalysis(BaseModel):
    skills: list[SkillMatch] = Field(description="skills found, best first")
    gaps: list[RoleSkill] = Field(default_factory=list, description="the target role's needs, most pressing first")
    strengths: list[RoleSkill] = Field(default_factory=list)
    transferable: list[RoleSkill] = Field(default_factory=list)
    target_role: RoleMatch | None = None
    current_role: RoleMatch | None = None
    not_recognised: list[str] = Field(default_factory=list, description="listed skills the taxonomy lacks")
    source: dict = Field(description="the taxonomy the skills and requirements come from")
    analysis_id: str | None = Field(default=None, description="set when the analysis was stored")


def skills_from_list(names: list[str]) -> tuple[list[SkillMatch], list[str]]:
    """Skill names a user listed → the taxonomy's skills (evidence: the name as written), and those not found."""
    if not names or not any((n or "").strip() for n in names):
        raise SkillInputError("skills", "empty", "skills is empty: list at least one skill")
    found: dict[str, SkillMatch] = {}
    missing = []
    for name in names:
        name = (name or "").strip()
        if not name:
            continue
        matches = extract(name, limit=1)
        if matches and matches[0].name not in found:
            found[matches[0].name] = matches[0]
        elif not matches:
            missing.append(name)
    return sorted(found.values(), key=lambda m: -m.score), missing


def merge(offline: list[SkillMatch], other: list[SkillMatch]) -> list[SkillMatch]:
    """Both extractors' skills, one per name, the higher score kept, best first."""
    best: dict[str, SkillMatch] = {}
    for match in [*offline, *other]:
        if match.name not in best or match.score > best[match.name].score:
            best[match.name] = match
    return sorted(best.values(), key=lambda m: (-m.score, m.start))


def analyse(text: str | None = None, skills: list[str] | None = None, target_role: str | None = None,
            current_role: str | None = None,
            also: Callable[[str], list[SkillMatch]] | None = None,
            semantic: SemanticMatcher | None = None) -> SkillsAnalysis:
    """Raises SkillInputError (bad text or list) or NoMatch (unknown target role) before anything else. `also` is
    an extra extractor (Watson NLU) whose skills join the offline ones; if it fails, the offline ones stand.
    `semantic` adds skills the text names in other words (`semantic.py`)."""
    if text is not None and skills is not None:
        raise SkillInputError("text", "ambiguous", "send either text or skills, not both")
    if skills is not None:
        found, missing = skills_from_list(skills)
    else:
        found, missing = extract(text or "", limit=MAX_SKILLS_LISTED, semantic=semantic), []
        if also is not None:
            try:
                found = merge(found, also(text or ""))[:MAX_SKILLS_LISTED]
            except WatsonError:
                pass  # the service is down or refused: the offline skills are the answer
    taxonomy = load_taxonomy()
    source = {"name": "O*NET and ESCO skill taxonomies", "release": taxonomy.release}
    result = SkillsAnalysis(skills=found, not_recognised=missing, source=source)
    if target_role is not None:
        gaps: GapAnalysis = analyse_gaps(found, target_role, current_role, taxonomy)
        result = result.model_copy(update={"gaps": gaps.gaps, "strengths": gaps.strengths,
                                           "transferable": gaps.transferable, "target_role": gaps.role,
                                           "current_role": gaps.current_role})
    return result
