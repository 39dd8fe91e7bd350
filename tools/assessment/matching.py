"""Occupations whose O*NET profile fits a person's scores: ranked by profile similarity (the correlation of the
two six-number profiles, as O*NET's own matching does for interests), within job zones near the person's.

Correlation compares shapes, not levels: someone who likes everything a little and someone who likes everything a
lot get the same occupations when their highs and lows fall in the same places. A flat profile has no shape and
matches nothing, which the result says."""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tools.assessment.derive_occupations import DATA_FILE

JOB_ZONES = {1: "little or no preparation", 2: "some preparation", 3: "medium preparation",
             4: "considerable preparation", 5: "extensive preparation"}


@dataclass(frozen=True)
class Occupation:
    onet_code: str
    title: str
    job_zone: int
    interests: tuple[float, ...]  # R, I, A, S, E, C on O*NET's OI scale, 1-7
    values: tuple[float, ...] | None  # Achievement ... Independence on O*NET's EX scale, 1-7

    @property
    def soc_code(self) -> str:  # the SOC 2018 code the salary tools take
        return self.onet_code[:7]


@lru_cache(maxsize=1)
def occupation_data() -> dict[str, Any]:
    document = json.loads(gzip.decompress(DATA_FILE.read_bytes()))
    document["occupations"] = [Occupation(code, title, zone, tuple(interests), tuple(values) if values else None)
                               for code, title, zone, interests, values in document["occupations"]]
    return document


def correlation(a: list[float] | tuple[float, ...], b: list[float] | tuple[float, ...]) -> float | None:
    """Pearson's r; None when either profile is flat."""
    mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
    da, db = [x - mean_a for x in a], [y - mean_b for y in b]
    spread = math.sqrt(sum(x * x for x in da) * sum(y * y for y in db))
    return None if spread == 0 else sum(x * y for x, y in zip(da, db, strict=True)) / spread


def job_zone_for_years(years: float | None) -> int | None:
    """A rough job zone from years of experience alone (O*NET zones 2-4 ask for up to 1, 1-2, 2-4 years and
    more); zone 5 also needs a graduate degree, which years do not tell, so years never give more than 4."""
    if years is None:
        return None
    return 2 if years < 1 else 3 if years < 3 else 4


def matching_occupations(profile: list[float], which: str = "interests", job_zone: int | None = None,
                         limit: int = 20) -> list[dict[str, Any]]:
    """The best-fitting occupations, best first, in job zones within one of `job_zone` (all zones without one)."""
    scored = []
    for occupation in occupation_data()["occupations"]:
        theirs = occupation.interests if which == "interests" else occupation.values
        if theirs is None or (job_zone is not None and abs(occupation.job_zone - job_zone) > 1):
            continue
        fit = correlation(profile, theirs)
        if fit is not None:
            scored.append((fit, occupation))
    scored.sort(key=lambda pair: (-pair[0], abs(pair[1].job_zone - (job_zone or pair[1].job_zone)), pair[1].title))
    return [{"onet_code": o.onet_code, "soc_code": o.soc_code, "title": o.title, "fit": round(fit, 3),
             "job_zone": o.job_zone, "job_zone_name": JOB_ZONES[o.job_zone]} for fit, o in scored[:limit]]
