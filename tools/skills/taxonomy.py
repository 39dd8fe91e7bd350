"""The shipped skill taxonomy (`data/taxonomy.json.gz`, built by `derive_taxonomy.py`), loaded once per process:
skill concepts with their ESCO URI and O*NET id, the phrase index the extractor matches against, O*NET
elements and each occupation's required skills, knowledge and technologies."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tools.skills.normalize import label_key, label_variants

DATA_FILE = Path(__file__).parent / "data" / "taxonomy.json.gz"

# Abbreviations people write for a skill the taxonomy names in full (added when the expansion is a label).
ABBREVIATIONS = {
    "ml": "machine learning", "ai": "artificial intelligence", "nlp": "natural language processing",
    "k8s": "Kubernetes", "js": "JavaScript", "ts": "TypeScript", "postgres": "PostgreSQL", "gcp": "Google Cloud",
    "aws": "Amazon Web Services AWS", "ci/cd": "continuous integration", "bi": "business intelligence",
    "ux": "user experience", "seo": "search engine optimisation", "crm": "customer relationship management",
    "erp": "enterprise resource planning", "qa": "quality assurance", "etl": "extract, transform and load",
    "ms excel": "Microsoft Excel", "powerbi": "Microsoft Power BI", "power bi": "Microsoft Power BI",
}
HOW_RANK = {"x": -1, "p": 0, "o": 1, "a": 2, "v": 3, "c": 4}  # abbreviation (what people mean by it), preferred,
# O*NET name, alternative, vendor-less, trailing acronym


@dataclass(frozen=True, slots=True)
class Concept:
    name: str
    kind: str  # esco-skill | esco-knowledge | onet-skill | onet-knowledge | technology
    esco_uri: str | None
    onet_id: str | None
    hot: bool
    in_demand: bool


@dataclass(frozen=True, slots=True)
class Entry:
    """What a normalised phrase names: the concept and how the label relates to it."""

    concept: int
    how: str  # p, o, a, v, c or x (see HOW_RANK)
    label: str


@dataclass(frozen=True, slots=True)
class Requirement:
    element: str
    importance: float  # O*NET IM, 1-5
    level: float  # O*NET LV, 0-7


@dataclass(frozen=True, slots=True)
class Occupation:
    code: str
    title: str
    requirements: tuple[Requirement, ...]
    technologies: tuple[tuple[int, bool, bool], ...]  # concept index, hot, in demand


class Taxonomy:
    def __init__(self, payload: dict):
        self.release: str = payload["release"]
        self.attribution: str = payload["attribution"]
        self.concepts = [Concept(c[0], c[1], c[2], c[3], bool(c[4]), bool(c[5])) for c in payload["concepts"]]
        self.elements: dict[str, tuple[str, str, str, int]] = {k: tuple(v) for k, v in payload["elements"].items()}
        self.occupations = {code: Occupation(code, o[0], tuple(Requirement(*r) for r in o[1]),
                                             tuple((t[0], bool(t[1]), bool(t[2])) for t in o[2]))
                            for code, o in payload["occupations"].items()}
        self.common = frozenset(payload["common"])
        self.phrases: dict[tuple[str, ...], Entry] = {}
        for index, raw in enumerate(payload["concepts"]):
            for text, how in raw[6]:
                for variant in label_variants(text):
                    self._add(label_key(variant), Entry(index, how, variant))
        for short, full in ABBREVIATIONS.items():
            entry = self.phrases.get(label_key(full))
            if entry is not None:
                self._add(label_key(short), Entry(entry.concept, "x", short))
        self.max_words = max(len(k) for k in self.phrases)

    def _add(self, key: tuple[str, ...], entry: Entry) -> None:
        if not key or not self._matchable(key, entry):
            return
        known = self.phrases.get(key)
        if known is None or self._rank(entry) < self._rank(known):
            self.phrases[key] = entry

    def _rank(self, entry: Entry) -> tuple:
        concept = self.concepts[entry.concept]
        linked = (concept.esco_uri is not None) + (concept.onet_id is not None)
        return HOW_RANK[entry.how], -linked, not concept.hot

    def _matchable(self, key: tuple[str, ...], entry: Entry) -> bool:
        """Phrases that would turn ordinary words into skills are left out: numbers, and single words that are
        common ("interaction"), or a loose synonym (a lower-case one-word alternative label)."""
        if all(word.isdigit() for word in key):
            return False
        if len(key) > 1:
            return True
        word = key[0]
        if word in self.common or len(word) < 2 or word.isdigit():
            return False
        # A one-word alternative label is kept only when it is a name ("Python", "SQL"), not a loose synonym.
        return entry.how != "a" or any(ch.isupper() for ch in entry.label)

    def occupation_for(self, code: str) -> Occupation | None:
        """An O*NET-SOC code (15-2051.00) or a 6-digit SOC (15-2051), preferring an occupation O*NET rates."""
        if code in self.occupations and self.occupations[code].requirements:
            return self.occupations[code]
        # O*NET rates some SOC-level occupations only through their specialties (13-2051.00 → .01, .02).
        rated = sorted(c for c, o in self.occupations.items() if c.startswith(code[:7]) and o.requirements)
        if rated:
            return self.occupations[rated[0]]
        # Unrated (O*NET lists only its technologies): the code itself, or its SOC's own O*NET occupation.
        return self.occupations.get(code) or self.occupations.get(f"{code[:7]}.00")


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as f:
        return Taxonomy(json.load(f))
