"""The shipped O*NET career profiles (job zone, skill and knowledge ratings per OEWS SOC code; see
derive_paths.py) and the related-occupations graph (tools/salary's file), with the skill gap between two."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from tools.salary.benchmarks import load_related

DATA_FILE = Path(__file__).parent / "data" / "career-profiles-onet-29.3.json.gz"
IMPORTANT = 300  # O*NET importance 3.0 ("important") × 100: the target's skills a step must cover


class SkillToGain(BaseModel):
    element_id: str
    name: str
    kind: str  # "skill" or "knowledge"
    importance: float  # the target's O*NET importance, 1–5
    target_level: float  # the target's O*NET level, 0–7
    current_level: float | None  # the current occupation's level (None: O*NET rates none)
    gap: float  # target level − current level


@dataclass(frozen=True)
class Profiles:
    source: dict
    attribution: str
    elements: list[list[str]]
    job_zones: dict[str, dict]
    occupations: dict[str, dict]
    gap_cache: dict[tuple[str, str], float] = field(default_factory=dict, compare=False, repr=False)  # paths.py

    def job_zone(self, soc: str) -> int | None:
        return (self.occupations.get(soc) or {}).get("job_zone")

    def rated(self, soc: str) -> bool:
        """Whether O*NET rates this occupation's skills (a few occupations have a job zone only)."""
        return any(value is not None for value in (self.occupations.get(soc) or {}).get("level", []))

    def skills_to_gain(self, current: str, target: str) -> list[SkillToGain]:
        """The target's important skills and knowledge whose level exceeds the current occupation's, the
        largest importance × gap first."""
        if not self.rated(current) or not self.rated(target):
            return []
        wanted, have = self.occupations[target], self.occupations[current]["level"]
        out = []
        for (element_id, name, kind), importance, level, current_level in zip(
                self.elements, wanted["importance"], wanted["level"], have):
            if importance is None or level is None or importance < IMPORTANT:
                continue
            gap = level - (current_level or 0)
            if gap > 0:
                out.append(SkillToGain(element_id=element_id, name=name, kind=kind, importance=importance / 100,
                                       target_level=level / 100,
                                       current_level=None if current_level is None else current_level / 100,
                                       gap=gap / 100))
        out.sort(key=lambda s: (-s.importance * s.gap, s.element_id))
        return out


@lru_cache(maxsize=1)
def load_profiles(path: Path = DATA_FILE) -> Profiles:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        document = json.load(handle)
    return Profiles(document["source"], document["attribution"], document["elements"], document["job_zones"],
                    document["occupations"])


@dataclass(frozen=True)
class RelatedGraph:
    """SOC code → its O*NET related occupations as (SOC code, tier, index), strongest first."""

    edges: dict[str, list[tuple[str, str, int]]]
    source: dict

    def relation(self, current: str, target: str) -> tuple[str, int] | None:
        return next(((tier, index) for code, tier, index in self.edges.get(current, []) if code == target), None)


@lru_cache(maxsize=1)
def load_graph() -> RelatedGraph:
    document = load_related()
    return RelatedGraph({soc: [tuple(edge) for edge in edges] for soc, edges in document["related"].items()},
                        document["source"])
