"""Compatibility between a mentee and mentors: a score 0-1 from seven components, each with its explanation.

The weights, in one place (they sum to 1):

| component | weight | 1.0 when | 0 when |
|---|---|---|---|
| skills | 0.30 | the mentor teaches every skill the mentee needs (their gaps, weighted by priority) | none of them |
| role | 0.20 | the mentor works or worked in the target occupation (same SOC code) | no shared SOC major group |
| availability | 0.15 | 2+ hours a week overlap, across timezones | no overlap |
| industry | 0.10 | same industry | another industry (0.5 when the mentee names none) |
| experience | 0.10 | the mentor has 5-15 more years | fewer than 2 more years |
| language | 0.10 | a shared language (required: without one a mentor is not ranked) | — |
| style | 0.05 | the same style and frequency | both differ |

Skills and roles meet through the taxonomy, not strings: skills by their O*NET/ESCO concept (tools/mentors/
profile.py, skill_keys), roles by their SOC code (a related occupation in the same broad or minor group scores
0.8 or 0.5, the same major group 0.25). A mentor who is full (active mentees = capacity), not accepting, or
has neither the role nor any skill the mentee wants is not ranked.

`MentorIndex` holds every mentor as NumPy arrays, so one mentee is scored against all of them at once (10,000
mentors in a few ms; bench/mentors.py); the explanations are written only for those returned."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

WEIGHTS = {"skills": 0.30, "role": 0.20, "availability": 0.15, "industry": 0.10, "experience": 0.10,
           "language": 0.10, "style": 0.05}
ROLE_LEVELS = ((7, 1.0), (6, 0.8), (4, 0.5), (2, 0.25))  # SOC prefix length ("15-2051"[:n]) → score
FULL_OVERLAP_HALF_HOURS = 4  # 2 hours a week together is enough
IDEAL_GAP = (5, 15)  # years more than the mentee
FREQUENCIES = ("weekly", "biweekly", "monthly")
MAX_ROLES = 6  # current + past roles kept per mentor
WEEK_BITS = 7 * 48


@dataclass(frozen=True)
class MentorCard:
    """A mentor as the index holds them (and as the explanation names them)."""

    id: str  # the mentor's user id
    display_name: str
    headline: str  # current role title
    roles: tuple[tuple[str, str], ...]  # (SOC code, O*NET title), current first
    industries: tuple[str, ...]
    skills: dict[str, str]  # skill key → name as given
    years: int
    languages: tuple[str, ...]
    timezone: str
    week: int  # availability, half hours of the reference week in UTC (bits)
    open_places: int  # capacity minus active mentees
    accepting: bool
    style: str
    frequency: str
    demo: bool = False


@dataclass(frozen=True)
class Needs:
    """A mentee's side, resolved."""

    target: tuple[str, str] | None  # (SOC code, O*NET title)
    skills: dict[str, tuple[str, float]]  # skill key → (name, weight: the gap's priority, or 1)
    industry: str | None
    years: int | None
    languages: tuple[str, ...]
    week: int | None  # None: the mentee gave no availability
    style: str | None
    frequency: str | None
    include_demo: bool = True


@dataclass
class Match:
    mentor: MentorCard
    score: float
    components: dict[str, float]
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        m = self.mentor
        return {"mentor_id": m.id, "name": m.display_name + (" (demo)" if m.demo else ""), "headline": m.headline,
                "role": m.headline, "industry": ", ".join(m.industries), "years_experience": m.years,
                "languages": list(m.languages), "timezone": m.timezone, "style": m.style, "frequency": m.frequency,
                "open_places": m.open_places, "demo": m.demo, "score": round(self.score, 3),
                "components": {k: {"score": round(v, 3), "weight": WEIGHTS[k]} for k, v in self.components.items()},
                "reasons": self.reasons}


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


class MentorIndex:
    """Every mentor as arrays; `rank` scores one mentee against all of them."""

    def __init__(self, mentors: Sequence[MentorCard]):
        self.mentors = list(mentors)
        n = len(self.mentors)
        self._skill_mentors: dict[str, list[int]] = {}
        self._language_mentors: dict[str, list[int]] = {}
        self._industry_mentors: dict[str, list[int]] = {}
        # Each role's SOC prefixes (major group "15", minor "15-2", broad "15-205", detailed "15-2051") as ids.
        self._prefix_ids: dict[str, int] = {}
        self.role_prefixes = np.full((n, MAX_ROLES, len(ROLE_LEVELS)), -1, dtype=np.int32)
        self.weeks = np.zeros((n, WEEK_BITS), dtype=np.float32)
        for i, m in enumerate(self.mentors):
            for key in m.skills:
                self._skill_mentors.setdefault(key, []).append(i)
            for language in m.languages:
                self._language_mentors.setdefault(_norm(language), []).append(i)
            for industry in m.industries:
                self._industry_mentors.setdefault(_norm(industry), []).append(i)
            for j, (soc, _) in enumerate(m.roles[:MAX_ROLES]):
                for level, (length, _) in enumerate(ROLE_LEVELS):
                    self.role_prefixes[i, j, level] = self._prefix_ids.setdefault(soc[:length], len(self._prefix_ids))
            bits = m.week
            while bits:
                low = bits & -bits
                self.weeks[i, low.bit_length() - 1] = 1.0
                bits ^= low
        self.years = np.array([m.years for m in self.mentors], dtype=np.float32)
        self.available = np.array([m.accepting and m.open_places > 0 for m in self.mentors], dtype=bool)
        self.demo = np.array([m.demo for m in self.mentors], dtype=bool)
        self.styles = np.array([m.style for m in self.mentors])
        self.frequencies = np.array([FREQUENCIES.index(m.frequency) for m in self.mentors], dtype=np.int8)

    def __len__(self) -> int:
        return len(self.mentors)

    # -- the components, for every mentor at once -------------------------------------------------------------

    def components(self, needs: Needs) -> dict[str, np.ndarray]:
        n = len(self.mentors)
        skills = np.zeros(n, dtype=np.float32)
        total = sum(weight for _, weight in needs.skills.values())
        for key, (_, weight) in needs.skills.items():
            skills[self._skill_mentors.get(key, [])] += weight
        skills = skills / total if total else np.zeros(n, dtype=np.float32)

        role = np.zeros(n, dtype=np.float32)
        if needs.target is not None:
            target = needs.target[0]
            for level in reversed(range(len(ROLE_LEVELS))):  # the closest level wins: later ones overwrite
                length, score = ROLE_LEVELS[level]
                prefix = self._prefix_ids.get(target[:length])
                if prefix is not None:
                    role[(self.role_prefixes[:, :, level] == prefix).any(axis=1)] = score

        if needs.week is None:
            availability = np.full(n, 0.5, dtype=np.float32)
        else:
            wanted = np.array([(needs.week >> k) & 1 for k in range(WEEK_BITS)], dtype=np.float32)
            availability = np.minimum(1.0, self.weeks @ wanted / FULL_OVERLAP_HALF_HOURS)

        industry = np.full(n, 0.5 if needs.industry is None else 0.0, dtype=np.float32)
        if needs.industry is not None:
            industry[self._industry_mentors.get(_norm(needs.industry), [])] = 1.0

        if needs.years is None:
            experience = np.full(n, 0.7, dtype=np.float32)
        else:
            gap = self.years - needs.years
            low, high = IDEAL_GAP
            experience = np.where(gap < 2, 0.1, np.where(gap < low, 0.3 + 0.7 * (gap - 2) / (low - 2),
                                  np.where(gap <= high, 1.0, np.maximum(0.5, 1.0 - (gap - high) / 20))))

        language = np.zeros(n, dtype=np.float32)
        for spoken in needs.languages:
            language[self._language_mentors.get(_norm(spoken), [])] = 1.0

        style = np.ones(n, dtype=np.float32)
        if needs.style is not None:
            style = np.where(self.styles == needs.style, 1.0, 0.3)
        if needs.frequency is not None:
            apart = np.abs(self.frequencies - FREQUENCIES.index(needs.frequency))
            style = style * np.where(apart == 0, 1.0, np.where(apart == 1, 0.7, 0.4))
        return {"skills": skills, "role": role, "availability": availability, "industry": industry,
                "experience": experience.astype(np.float32), "language": language, "style": style.astype(np.float32)}

    def scores(self, needs: Needs) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Every mentor's score (-1 for those not to rank: full, paused, no shared language, neither the role nor
        a skill wanted, demo when excluded)."""
        parts = self.components(needs)
        total = sum(WEIGHTS[name] * values for name, values in parts.items())
        eligible = self.available & (parts["language"] > 0)
        if needs.target is not None or needs.skills:  # someone with nothing to teach for this move is no match
            eligible &= (parts["role"] > 0) | (parts["skills"] > 0)
        if not needs.include_demo:
            eligible &= ~self.demo
        return np.where(eligible, total, -1.0), parts

    def rank(self, needs: Needs, limit: int = 5, exclude: set[str] | frozenset[str] = frozenset()) -> list[Match]:
        """The best mentors for these needs, best first, each with its components and reasons."""
        if not self.mentors:
            return []
        scores, parts = self.scores(needs)
        count = min(len(scores), limit + len(exclude))
        top = np.argpartition(-scores, count - 1)[:count] if count < len(scores) else np.arange(len(scores))
        order = sorted(top, key=lambda i: (-scores[i], self.mentors[i].display_name))
        found = []
        for i in order:
            if scores[i] < 0 or self.mentors[i].id in exclude:
                continue
            components = {name: float(values[i]) for name, values in parts.items()}
            found.append(Match(self.mentors[i], float(scores[i]), components, explain(self.mentors[i], needs,
                                                                                     components)))
            if len(found) == limit:
                break
        return found


def explain(mentor: MentorCard, needs: Needs, components: dict[str, float]) -> list[str]:
    """One sentence per component, the strongest first."""
    said: list[tuple[float, str]] = []
    taught = [name for key, (name, _) in needs.skills.items() if key in mentor.skills]
    missing = [name for key, (name, _) in needs.skills.items() if key not in mentor.skills]
    if needs.skills:
        said.append((components["skills"] * WEIGHTS["skills"],
                     f"Teaches {', '.join(taught[:4])}" + (f" (not {', '.join(missing[:3])})" if missing else "")
                     if taught else f"Teaches none of the skills you listed ({', '.join(missing[:3])})"))
    if needs.target is not None:
        target_soc, target_title = needs.target
        same = next(((soc, title) for soc, title in mentor.roles if soc[:7] == target_soc[:7]), None)
        near = next(((soc, title) for soc, title in mentor.roles if soc[:4] == target_soc[:4]), None)
        text = (f"Works or worked as {same[1]} ({same[0]}), your target" if same else
                f"Worked in a related occupation, {near[1]} ({near[0]}), near {target_title}" if near else
                f"Has not worked in or near {target_title}")
        said.append((components["role"] * WEIGHTS["role"], text))
    overlap = bin(mentor.week & needs.week).count("1") / 2 if needs.week is not None else None
    said.append((components["availability"] * WEIGHTS["availability"],
                 f"{overlap:g} h a week of shared availability ({mentor.timezone})" if overlap else
                 "No shared availability in your week" if overlap == 0 else
                 f"Availability not compared (you gave none; mentor in {mentor.timezone})"))
    if needs.industry:
        said.append((components["industry"] * WEIGHTS["industry"],
                     f"Same industry: {needs.industry}" if components["industry"] == 1.0 else
                     f"Another industry ({', '.join(mentor.industries) or 'not given'})"))
    gap = mentor.years - needs.years if needs.years is not None else None
    said.append((components["experience"] * WEIGHTS["experience"],
                 f"{mentor.years} years of experience" + (f", {gap} more than you" if gap is not None else "")))
    shared = [lang for lang in mentor.languages if _norm(lang) in {_norm(x) for x in needs.languages}]
    said.append((components["language"] * WEIGHTS["language"], f"Speaks {', '.join(shared)}"))
    said.append((components["style"] * WEIGHTS["style"], f"Mentors in a {mentor.style} style, {mentor.frequency}"))
    return [text for _, text in sorted(said, key=lambda pair: -pair[0])]
