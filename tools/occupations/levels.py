"""Seniority: the level a title or a message states ("senior", "new grad", "SDE2", "L5", "Engineer II"), the years of
experience it gives ("6 years", "5+ yrs", "a decade"), and where that puts pay on BLS OEWS's published curve.

    assume_level("Senior Software Engineer", years=9, soc_code="15-1252") -> LevelAssumption(level="senior",
        band_low=65, target=77, band_high=85, statement="Assumed senior level (from “senior”, 9 years): ...")

OEWS publishes pay by occupation and area, not by level. Placing a level on the curve is this module's
convention, stated with every answer that uses it. The bands, in percentiles of the occupation's pay in the area:

    level       words (examples)                                          band      target   typical years
                                                                          (pct)     (words only)
    intern      intern, internship, co-op, apprentice, trainee            10–15     10       0–1
    entry       entry level, new grad, graduate, "associate" before a     10–25     20       0–2
                title word (associate product manager), Engineer I / 1
    junior      junior, jr                                                15–35     25       1–3
    mid         mid level, intermediate, mid-career, Engineer II / 2      40–60     50       3–6
    senior      senior, sr, snr, Engineer III / 3                         65–85     75       6–10
    lead        lead, staff (before a technical word: staff engineer),    70–88     80       8–15
                Engineer IV / 4
    principal   principal (before another word), distinguished           80–90     87       12–20
    executive   director, head of, VP / vice president, chief, CEO/CTO…   80–90     88       15–25

Company ladders (our reading of the common public ladders; a convention, not data): L3/E3/SDE1/SDE I/IC1 entry,
IC2 junior, L4/E4/SDE2/SDE II/IC3 mid, L5/E5/SDE3/SDE III/IC4 senior, L6/E6/IC5 lead (staff), L7/E7/IC6 principal.

Words that are also title words count only where they state a level: "associate" and "principal" only before
another word ("sales associate", "school principal" are occupations), "staff" only before a technical word
("staff nurse" and "staff accountant" are the regular job), "head" only as "head of", "mid" only as mid level /
mid-career. A Roman numeral counts only when written in capitals after a title word ("Engineer II"), so the pronoun
"I" never does. When several levels are stated the highest counts.

Years: "6 years", "5+ yrs", "3-5 years" (the middle, 4), "ten years", "a decade", "two decades"; "years old" and
"years ago" are not experience.
- Words and years: the words set the band; the years place the target in the middle half of the band, by where
  they fall in the level's typical years (at or below the first → a quarter of the way up the band, at or above the
  last → three quarters), so low < target < high always.
- Years alone: a target on a monotonic line (0 yrs → 15th, 1 → 20th, 3 → 40th, 5 → 50th, 8 → 70th, 12 and more →
  80th), a band 10 points either side (kept within 10–90), and the level named by the years (under 2 entry, 2–7 mid,
  8–11 senior, 12+ lead).
- Neither: no assumption (None).

Do not double count: where the occupation itself encodes the level (SOC 11-1011 Chief Executives for any level word;
other management occupations, 11-xxxx, for executive words; First-Line Supervisors for lead and executive words,
e.g. "Chief Nurse" → a management code, "fire chief" → a supervisor code), the level is reported but absorbed:
the band is the occupation's middle half (25th–75th), the target its median, and the statement says so.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field, computed_field

Level = Literal["intern", "entry", "junior", "mid", "senior", "lead", "principal", "executive"]
LEVELS: tuple[Level, ...] = ("intern", "entry", "junior", "mid", "senior", "lead", "principal", "executive")

# level -> (band low, target, band high) in percentiles, and the typical years of experience (first, last).
BANDS: dict[str, tuple[float, float, float]] = {
    "intern": (10.0, 10.0, 15.0), "entry": (10.0, 20.0, 25.0), "junior": (15.0, 25.0, 35.0),
    "mid": (40.0, 50.0, 60.0), "senior": (65.0, 75.0, 85.0), "lead": (70.0, 80.0, 88.0),
    "principal": (80.0, 87.0, 90.0), "executive": (80.0, 88.0, 90.0),
}
TYPICAL_YEARS: dict[str, tuple[float, float]] = {
    "intern": (0, 1), "entry": (0, 2), "junior": (1, 3), "mid": (3, 6), "senior": (6, 10), "lead": (8, 15),
    "principal": (12, 20), "executive": (15, 25),
}
YEARS_TARGET = ((0.0, 15.0), (1.0, 20.0), (3.0, 40.0), (5.0, 50.0), (8.0, 70.0), (12.0, 80.0))
YEARS_LEVEL = ((12.0, "lead"), (8.0, "senior"), (2.0, "mid"), (0.0, "entry"))  # years alone: the first reached
YEARS_BAND = 10.0
ROLE_PHRASES: dict[str, str] = {"intern": "an intern", "entry": "an entry-level", "junior": "a junior",
                                "mid": "a mid-level", "senior": "a senior", "lead": "a lead or staff",
                                "principal": "a principal", "executive": "an executive"}
ABSORBED_BAND = (25.0, 50.0, 75.0)
LOWEST, HIGHEST = 10.0, 90.0

# ----------------------------------------------------------------------------------------- the vocabulary
# Shared with `titles.py`, which reports a `seniority` label in its resolutions (its own labels, unchanged).
# Level words: kept in the text at LEVEL_WEIGHT, and reported as the seniority.
LEVEL_WORDS = {"senior": "senior", "junior": "junior", "lead": "lead", "principal": "principal",
               "staff": "staff", "chief": "chief", "head": "head", "intern": "intern", "trainee": "trainee"}
# Numerals: removed, reported as a seniority when no word says it (Engineer I / II / III / IV ladders).
NUMERALS = {"i": "junior", "1": "junior", "ii": "mid", "2": "mid", "iii": "senior", "3": "senior",
            "iv": "lead", "4": "lead"}
SENIORITY_ORDER = ("chief", "vp", "head", "director", "principal", "staff", "lead", "senior", "mid", "junior",
                   "trainee", "intern")

# This module's reading: single words that state a level wherever they are.
WORDS: dict[str, Level] = {
    "intern": "intern", "interns": "intern", "internship": "intern", "coop": "intern", "apprentice": "intern",
    "apprenticeship": "intern", "trainee": "intern",
    "junior": "junior", "jr": "junior", "jnr": "junior",
    "intermediate": "mid", "midlevel": "mid",
    "senior": "senior", "sr": "senior", "snr": "senior",
    "lead": "lead",
    "distinguished": "principal",
    "director": "executive", "vp": "executive", "svp": "executive", "evp": "executive", "chief": "executive",
    "ceo": "executive", "cto": "executive", "cfo": "executive", "coo": "executive", "cio": "executive",
    "cmo": "executive", "ciso": "executive", "cxo": "executive",
}
# Words that state a level only before another word (alone or last they are the occupation).
BEFORE_A_WORD: dict[str, Level] = {"associate": "entry", "principal": "principal", "graduate": "entry"}
STAFF_BEFORE = frozenset("engineer engineers software data scientist developer designer product research ml machine "
                         "security backend frontend fullstack platform infrastructure systems sre ux ai".split())
PHRASES: dict[tuple[str, ...], Level] = {
    ("entry", "level"): "entry", ("new", "grad"): "entry", ("new", "graduate"): "entry",
    ("recent", "grad"): "entry", ("recent", "graduate"): "entry", ("college", "grad"): "entry",
    ("co", "op"): "intern", ("mid", "level"): "mid", ("mid", "career"): "mid", ("head", "of"): "executive",
    ("vice", "president"): "executive", ("tech", "lead"): "lead", ("team", "lead"): "lead",
}
# `titles.py`'s seniority labels that are not words above, when a caller passes the label alone (e.g. the offer
# analysis passes TitleResolution.seniority). "principal" alone stays out: it is also an occupation (a school's).
LABELS: dict[str, Level] = {"mid": "mid", "staff": "lead", "head": "executive"}
LADDER = re.compile(r"\b(?:(l|e)([3-7])|sde[\s-]?(1|2|3|i{1,3})|ic([1-6]))\b")
LADDER_L = {"3": "entry", "4": "mid", "5": "senior", "6": "lead", "7": "principal"}
LADDER_SDE = {"1": "entry", "i": "entry", "2": "mid", "ii": "mid", "3": "senior", "iii": "senior"}
LADDER_IC = {"1": "entry", "2": "junior", "3": "mid", "4": "senior", "5": "lead", "6": "principal"}
ROMAN = {"I": "entry", "II": "mid", "III": "senior", "IV": "lead"}
ARABIC = {"1": "entry", "2": "mid", "3": "senior", "4": "lead"}
# "Engineer II", "Nurse 2", "level III": a numeral after a word, at the end or before a place/role word.
_NUMERAL = re.compile(r"(?<=[A-Za-z])[\s-]+(IV|III|II|I|[1-4])(?=\s*$|\s*[,.;:()!?/]|\s+(?:in|at|for|role|position|"
                      r"job|offer|with|near|around)\b)")
_TOKEN = re.compile(r"[a-z0-9]+")

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "a": 1, "an": 1,
                "a couple of": 2, "a few": 3}
_NUMBER = r"(\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + r")"
_YEARS = re.compile(r"\b" + _NUMBER + r"(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?\s*(\+|plus)?\s*(?:years?|yrs?)\b"
                    r"(?!\s*(?:old|ago|from now|later))", re.I)
_DECADES = re.compile(r"\b(a|one|two|three|half a)\s+decades?\b", re.I)


class ParsedLevel(BaseModel):
    level: Level
    words: list[str]  # the words that stated it, as written


class LevelAssumption(BaseModel):
    """Where a stated level (and/or years of experience) puts pay on the occupation's curve, and why."""

    level: Level
    evidence: list[str] = Field(description="the words and/or years the level came from, as written")
    years: float | None = None
    band_low: float = Field(description="percentile")
    target: float = Field(description="percentile")
    band_high: float = Field(description="percentile")
    absorbed: bool = Field(False, description="the occupation itself encodes the level: all-levels figures used")
    statement: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def role(self) -> str:
        """The level as a sentence says it: "an entry-level", "a senior" (role)."""
        return ROLE_PHRASES[self.level]


def ordinal(value: float) -> str:
    """37.5 → '37.5th', 21 → '21st'."""
    whole = int(value)
    if value != whole:
        return f"{value:.1f}th"
    suffix = "th" if 10 <= whole % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
    return f"{whole}{suffix}"


def parse_level(text: str | None) -> ParsedLevel | None:
    """The highest level a title or message states, with the words that state it; None when none does."""
    if not text:
        return None
    if text.strip().lower() in LABELS:
        return ParsedLevel(level=LABELS[text.strip().lower()], words=[text.strip()])
    found: list[tuple[Level, str]] = []
    lowered = text.lower().replace("co-op", "coop ")  # same length: spans agree with `text`
    ladders = []
    for match in LADDER.finditer(lowered):
        letter, number, sde, ic = match.groups()
        level = LADDER_L[number] if letter else LADDER_SDE[sde] if sde else LADDER_IC[ic]
        found.append((level, text[match.start():match.end()].upper()))
        ladders.append(match.span())
    for match in _NUMERAL.finditer(text):
        numeral = match.group(1)
        level = ROMAN.get(numeral) or ARABIC.get(numeral)
        inside = any(start <= match.start(1) < end for start, end in ladders)  # the 3 of "SDE 3"
        if level and not inside:
            found.append((level, numeral))
    tokens = _TOKEN.findall(lowered)
    index = 0
    while index < len(tokens):
        pair = tuple(tokens[index:index + 2])
        if pair in PHRASES:
            found.append((PHRASES[pair], " ".join(pair)))
            index += 2
            continue
        word, following = tokens[index], tokens[index + 1] if index + 1 < len(tokens) else None
        if word in WORDS:
            found.append((WORDS[word], word))
        elif word in BEFORE_A_WORD and following and following not in ("s", "degree", "degrees", "school", "of", "in", "at", "and"):
            found.append((BEFORE_A_WORD[word], word))
        elif word == "staff" and following in STAFF_BEFORE:
            found.append(("lead", word))
        index += 1
    if not found:
        return None
    top = max(LEVELS.index(level) for level, _ in found)
    words = [word for level, word in found if LEVELS.index(level) == top]
    return ParsedLevel(level=LEVELS[top], words=list(dict.fromkeys(words)))


def parse_years(text: str | None) -> float | None:
    """Years of experience stated in the text ("6 years", "5+ yrs", "3-5 years" → 4, "a decade"); None if none."""
    if not text:
        return None
    decade = _DECADES.search(text)
    match = _YEARS.search(text)
    if match:
        first = match.group(1).lower()
        value = float(NUMBER_WORDS[first]) if first in NUMBER_WORDS else float(first)
        if match.group(2):
            value = (value + float(match.group(2))) / 2
        return value
    if decade:
        return {"a": 10.0, "one": 10.0, "two": 20.0, "three": 30.0, "half a": 5.0}[decade.group(1).lower()]
    return None


def years_target(years: float) -> float:
    """Years alone → a percentile: straight lines between YEARS_TARGET, flat after the last; never lower for more."""
    anchors = YEARS_TARGET
    if years >= anchors[-1][0]:
        return anchors[-1][1]
    for (y0, p0), (y1, p1) in zip(anchors, anchors[1:]):
        if years <= y1:
            return p0 + (p1 - p0) * (years - y0) / (y1 - y0)
    return anchors[-1][1]


def absorbs(level: Level, soc_code: str | None, occupation: str | None) -> bool:
    """Whether the occupation itself encodes this level (see the module docstring)."""
    if soc_code is None:
        return False
    if soc_code == "11-1011":
        return True
    if soc_code.startswith("11-") and level == "executive":
        return True
    return bool(occupation and occupation.startswith("First-Line Supervisors") and level in ("lead", "executive"))


def assume_level(text: str | None, years: float | None = None, soc_code: str | None = None,
                 occupation: str | None = None) -> LevelAssumption | None:
    """The level assumption for a title or message (`text`) and years of experience, for the occupation resolved
    (SOC code and BLS name, to avoid double counting). None when neither a level word nor years are given."""
    parsed = parse_level(text)
    years_text = f"{years:g} year{'s' if years != 1 else ''}" if years is not None else None
    if parsed is None and years is None:
        return None
    if parsed is not None and absorbs(parsed.level, soc_code, occupation):
        low, target, high = ABSORBED_BAND
        quoted = ", ".join(f"“{w}”" for w in parsed.words)
        return LevelAssumption(
            level=parsed.level, evidence=parsed.words, years=years, band_low=low, target=target, band_high=high,
            absorbed=True,
            statement=(f"The {parsed.level} level (from {quoted}) is already part of the occupation "
                       f"({occupation or soc_code}): its pay is for that role at every level, so we use the median "
                       f"and the middle half ({ordinal(low)}–{ordinal(high)} percentile) and do not raise it again"
                       + (f"; {years_text} of experience do not move it either" if years_text else "") + "."))
    if parsed is not None:
        low, target, high = BANDS[parsed.level]
        evidence = list(parsed.words)
        if years is not None:
            first, last = TYPICAL_YEARS[parsed.level]
            share = min(max((years - first) / (last - first), 0.0), 1.0)
            target = low + (high - low) * (0.25 + 0.5 * share)  # inside the band's middle half
            evidence.append(years_text)
        quoted = ", ".join(f"“{w}”" for w in parsed.words) + (f", {years_text}" if years_text else "")
        placed = ("; the words set the band, your years place you in it" if years is not None else "")
        return LevelAssumption(
            level=parsed.level, evidence=evidence, years=years, band_low=low, target=round(target, 1), band_high=high,
            statement=(f"Assumed {parsed.level} level (from {quoted}): around the {ordinal(round(target))} "
                       f"percentile, {ordinal(round(low))}–{ordinal(round(high))}{placed}. OEWS publishes no pay by level; this "
                       "is our convention."))
    assert years is not None
    target = round(years_target(years), 1)
    low, high = max(LOWEST, target - YEARS_BAND), min(HIGHEST, target + YEARS_BAND)
    level = next(name for threshold, name in YEARS_LEVEL if years >= threshold)
    return LevelAssumption(
        level=level, evidence=[years_text], years=years, band_low=low, target=target, band_high=high,
        statement=(f"Assumed {level} level (from {years_text} of experience): around the {ordinal(round(target))} "
                   f"percentile, {ordinal(round(low))}–{ordinal(round(high))}. OEWS publishes no pay by level or experience; this "
                   "is our convention."))
