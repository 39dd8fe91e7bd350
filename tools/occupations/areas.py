"""Resolve a place a user wrote ("austin tx", "Bay Area", "Portland", "remote") to a BLS OEWS area.

OEWS publishes wages for the nation, 54 states and territories, and 528 areas BLS calls metropolitan (real
metros, named after up to three principal cities, "Austin-Round Rock-San Marcos, TX", plus nonmetropolitan
regions, "Northwest Alabama nonmetropolitan area"). A place is looked up, in this order:

1. nothing, "remote", "US", "nationwide"… → the nation (match "national default", confidence 1.0);
2. the whole text, exactly (after normalization): a state name or postal code, a hand-written alias
   (area_aliases.py), a BLS area name (with or without its states, or its first principal cities), or a
   principal city of a metro ("Denver" → Denver-Aurora-Centennial, CO; the first-named city counts more);
3. the same without filler ("greater", "the", "area", "metro"…);
4. "City, ST" / "City State" / "State, City": the city looked up among the metros that reach into that
   state; a city that can't be placed falls back to the state itself (a state-only answer when the user gave
   a state). Work arrangement words ("remote - Austin"), a trailing country and ZIP codes are ignored;
5. a county ("Cook County", "King County, WA", "Orleans Parish"): the metro it lies in, from the derived
   county file (`derive_counties.py`), else its state; a county name several states share goes to the one with
   most ZIP codes, not for certain, unless the state is given;
6. a fuzzy match (difflib) on all the names above, for typos; only a close one (ratio ≥ 0.88) may be the
   best answer, looser ones (≥ 0.8) come back only as alternatives.

Each way of matching has a score. The candidates with the top score share it by employment (all
occupations, from OEWS itself): a name shared by several metros ("Portland", "Springfield") gives each
score × (0.5 + 0.5 × its share of their employment), so the biggest comes first and none is certain. A
strong rival of a lower score (a state against a city of the same name, "Washington") costs the best a
fifth of its confidence; lower candidates get half their score. The indexes are built once (20 ms); a lookup
takes 5-70 microseconds (a fuzzy one, for an unknown or misspelt place, about 2 ms).

Places outside the US (world.py, a GeoNames gazetteer) have no OEWS area: such a place comes back with
`outside_us` set and no `best`. Against a US reading of the same text: an explicit US state wins ("Paris,
TX"), a foreign qualifier wins ("London, Ontario", "Birmingham, UK"); a bare name that is a state, an alias,
a BLS area name or the first-named principal city of a metro stays US ("Birmingham", "Manchester"), with the
foreign place in `foreign_alternative`; otherwise the foreign reading wins when the place is a country or
province, or a city at least three times as big as the biggest US city of the name ("London", "Toronto",
"Vancouver" against Vancouver, WA).

Several places in one text ("Phoenix vs Tucson", "between Denver and Boulder") are split (`split_places`):
the first is resolved, and `places` lists them all for the caller to compare.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from tools.occupations.area_aliases import (
    AREA_ALIASES,
    COUNTRY_SUFFIXES,
    HYPHENATED_CITIES,
    NATIONAL_FILLERS,
    NATIONAL_WORDS,
    STATE_ABBREVIATIONS,
    STATE_POSTAL,
    WORK_ARRANGEMENT_WORDS,
)
from tools.occupations.oews import NATIONAL, Area, Datatype, OewsData, load_oews
from tools.derived_files import read_json
from tools.occupations import world
from tools.occupations.world import ForeignPlace, fold

MAX_QUERY_CHARS = 200

AreaType = Literal["national", "state", "metro"]
MatchKind = Literal["national default", "state name", "state code", "alias", "metro name", "principal city", "county",
                    "fuzzy"]
AREA_TYPES: dict[str, AreaType] = {"N": "national", "S": "state", "M": "metro"}

# Scores of the ways of matching (see the module docstring for how they become confidences).
SCORE_STATE_NAME = 1.0
SCORE_METRO_NAME = 1.0
SCORE_METRO_NAME_PREFIX = 0.97  # the first principal cities of a metro's name: "Dallas-Fort Worth"
SCORE_ALIAS = 0.97
SCORE_STATE_ABBREVIATION = 0.97  # "Calif.", "Mass."
SCORE_STATE_CODE = 0.95  # two letters are more often something else
SCORE_FIRST_CITY = 0.95  # the first principal city: the metro is named after it
SCORE_OTHER_CITY = 0.85  # a later principal city: "Oakland", "Fort Worth"
SCORE_ALIAS_ALTERNATIVE = 0.85
SCORE_STATE_BONUS = 0.02  # a city confirmed by the state the user gave
SCORE_STATE_FALLBACK = 0.6  # the user's state, when the city in it can't be placed
SCORE_STATE_ALTERNATIVE = 0.6  # the user's state, offered beside the metro found in it
SCORE_ELSEWHERE = 0.4  # the city found, but not in the state the user gave
FUZZY_WEIGHT = 0.7  # fuzzy score = weight × similarity ratio
FUZZY_CUTOFF = 0.8  # ratio for an alternative
FUZZY_BEST = 0.88  # ratio for a best answer
STRONG_RIVAL = 0.9  # a lower-scored candidate at least this strong makes the best less certain
RIVAL_PENALTY = 0.8
SCORE_STRONG_US = 0.95  # a US reading this strong (state, alias, area name, first city) keeps a bare name US
FOREIGN_MUCH_BIGGER = 3.0  # a foreign city this many times the biggest US one of its name wins otherwise
MAX_PLACES = 5  # places compared in one text

LEADING_NOISE = (("city", "of"), ("based", "in"), ("located", "in"), ("the",), ("greater",), ("downtown",),
                 ("in",), ("near",), ("around",), ("outside",), ("at",))
TRAILING_NOISE = (("metropolitan", "area"), ("metro", "area"), ("and", "surrounding", "areas"), ("suburbs",),
                  ("area",), ("metro",), ("metropolitan",), ("msa",), ("region",), ("metroplex",))


class AreaCandidate(BaseModel):
    code: str  # OEWS area code, e.g. "0012420"
    name: str  # as BLS writes it, e.g. "Austin-Round Rock-San Marcos, TX"
    type: AreaType  # "metro" includes BLS nonmetropolitan areas (OEWS area type M)
    match: MatchKind
    confidence: float = Field(ge=0.0, le=1.0)


class AreaResolution(BaseModel):
    query: str | None
    best: AreaCandidate | None  # None when nothing plausible matched, or the place is outside the US
    alternatives: list[AreaCandidate] = Field(default_factory=list)
    outside_us: ForeignPlace | None = None  # the place is abroad: OEWS has no figures for it
    foreign_alternative: ForeignPlace | None = None  # read as US, but a place abroad has the same name
    places: list[str] = Field(default_factory=list)  # several places named ("Phoenix vs Tucson"); best is the first


# ---------------------------------------------------------------------------------------------- normalization

_NON_WORD = re.compile(r"[^a-z0-9]+")
_TOKEN_REWRITES = {"saint": "st", "ste": "st"}
_TOKEN_REWRITES_NOT_LAST = {"mt": "mount", "ft": "fort"}  # not last: "Bozeman, MT" keeps Montana


def _words(text: str) -> list[str]:
    tokens = _NON_WORD.sub(" ", text).split()
    out = []
    for i, token in enumerate(tokens):
        token = _TOKEN_REWRITES.get(token, token)
        if i < len(tokens) - 1:
            token = _TOKEN_REWRITES_NOT_LAST.get(token, token)
        out.append(token)
    return out


def normalize(text: str) -> str:
    """The form all lookups use: "San José, CA" → "san jose ca", "Ft. Worth" → "fort worth", "D.C." → "dc"."""
    return " ".join(_words(fold(text)))


# ----------------------------------------------------------------------------------------------------- index

@dataclass(frozen=True, slots=True)
class _Hit:
    code: str
    match: MatchKind
    score: float
    ratio: float | None = None  # fuzzy similarity, for fuzzy hits


@dataclass(frozen=True, slots=True)
class _Index:
    areas: dict[str, Area]
    prior: dict[str, float]  # all-occupation employment of each area
    exact: dict[str, tuple[_Hit, ...]]  # normalized text → hits, best score first
    states: dict[str, tuple[str, MatchKind]]  # normalized state name / abbreviation / postal code → (code, match)
    reach: dict[str, frozenset[str]]  # area code → postal codes of the states it lies in
    fuzzy_keys: tuple[str, ...]
    city_keys_by_state: dict[str, tuple[str, ...]]  # postal code → normalized city and alias keys in it


def metro_parts(area: Area) -> tuple[list[str], list[str]]:
    """(principal cities, postal codes) of a BLS metro name; ([], [its state]) for a nonmetropolitan area."""
    if "nonmetropolitan" in area.name or ", " not in area.name:
        return [], [STATE_POSTAL[area.state_code]]
    base, suffix = area.name.rsplit(", ", 1)
    for city in HYPHENATED_CITIES:
        base = base.replace(city, city.replace("-", "\u2010"))
    cities = [c.strip().replace("\u2010", "-") for c in re.split(r"-+|/", base) if c.strip()]
    return cities, suffix.split("-")


def _index() -> _Index:
    """The indexes of the data in use (rebuilt if `load_oews` is pointed at a refreshed file)."""
    return _index_for(load_oews())


@lru_cache(maxsize=1)
def _index_for(data: OewsData) -> _Index:
    areas = {a.code: a for a in data.areas}
    by_name = {a.name: a.code for a in data.areas}
    prior: dict[str, float] = {}
    for area in data.areas:
        cell = data.cell(area.code, "00-0000")
        prior[area.code] = (cell.value(Datatype.EMPLOYMENT) if cell else None) or 0.0

    exact: dict[str, dict[str, _Hit]] = {}
    city_keys: dict[str, set[str]] = {}

    def add(text: str, code: str, match: MatchKind, score: float, normalized: bool = False) -> str:
        key = text if normalized else normalize(text)
        hits = exact.setdefault(key, {})
        if code not in hits or hits[code].score < score:
            hits[code] = _Hit(code, match, score)
        return key

    states: dict[str, tuple[str, MatchKind]] = {}
    state_code_by_postal: dict[str, str] = {}
    reach: dict[str, frozenset[str]] = {}
    for area in data.areas:
        if area.type != "S":
            continue
        postal = STATE_POSTAL[area.state_code]
        state_code_by_postal[postal] = area.code
        reach[area.code] = frozenset({postal})
        states[add(area.name, area.code, "state name", SCORE_STATE_NAME)] = (area.code, "state name")
        states[add(postal, area.code, "state code", SCORE_STATE_CODE)] = (area.code, "state code")
    for abbreviation, postal in STATE_ABBREVIATIONS.items():
        code = state_code_by_postal[postal]
        states[add(abbreviation, code, "state name", SCORE_STATE_ABBREVIATION, normalized=True)] = (code, "state name")

    for area in data.areas:
        if area.type != "M":
            continue
        cities, postals = metro_parts(area)
        reach[area.code] = frozenset(postals)
        add(area.name, area.code, "metro name", SCORE_METRO_NAME)
        if not cities:  # nonmetropolitan area: its full name only
            continue
        for n in range(2, len(cities) + 1):
            add(" ".join(cities[:n]), area.code, "metro name", SCORE_METRO_NAME if n == len(cities)
                else SCORE_METRO_NAME_PREFIX)
        for i, city in enumerate(cities):
            key = add(city, area.code, "principal city", SCORE_FIRST_CITY if i == 0 else SCORE_OTHER_CITY)
            for postal in postals:
                city_keys.setdefault(postal, set()).add(key)

    for alias, targets in AREA_ALIASES.items():
        names = (targets,) if isinstance(targets, str) else targets
        for i, name in enumerate(names):
            code = by_name.get(name)
            if code is None:  # a metro renamed by a newer release (a test checks the shipped one)
                continue
            add(alias, code, "alias", SCORE_ALIAS if i == 0 else SCORE_ALIAS_ALTERNATIVE, normalized=True)
            for postal in reach[code]:
                city_keys.setdefault(postal, set()).add(alias)

    ordered = {key: tuple(sorted(hits.values(), key=lambda h: (-h.score, -prior[h.code], h.code)))
               for key, hits in exact.items()}
    fuzzy_keys = tuple(sorted(k for k in ordered if len(k) >= 4))
    return _Index(areas=areas, prior=prior, exact=ordered, states=states, reach=reach, fuzzy_keys=fuzzy_keys,
                  city_keys_by_state={p: tuple(sorted(keys)) for p, keys in city_keys.items()})


# ------------------------------------------------------------------------------------------------ resolution

def resolve_area(text: str | None, limit: int = 5) -> AreaResolution:
    """The OEWS area a place names: the best candidate and up to `limit` - 1 alternatives.

    Empty, None, "remote", "US"… → the nation. Raises ValueError for text over 200 characters or limit < 1.
    """
    if text is not None and not isinstance(text, str):
        raise TypeError(f"a place must be text, not {type(text).__name__}")
    if text is not None and len(text) > MAX_QUERY_CHARS:
        raise ValueError(f"a place must be at most {MAX_QUERY_CHARS} characters (got {len(text)})")
    if limit < 1:
        raise ValueError(f"limit must be at least 1 (got {limit})")
    places = split_places(text) if text else []
    if len(places) > 1:
        first = resolve_area(places[0], limit)
        return first.model_copy(update={"query": text, "places": places})
    index = _index()
    parts = _parts(text)
    if not parts:
        national = index.areas[NATIONAL]
        return AreaResolution(query=text, best=AreaCandidate(code=national.code, name=national.name,
                                                             type="national", match="national default",
                                                             confidence=1.0))
    query = " ".join(parts)
    hits = _lookup(index, query)
    if not hits:
        hits = _county(index, query) or _city_in_state(index, parts, query)
    if not hits:
        hits = _fuzzy(index, _strip_noise(query))
    resolution = _rank(index, text, hits, limit)
    abroad, alternative = _foreign_reading(index, parts, hits)
    if abroad is not None:
        us = ([resolution.best] if resolution.best else []) + resolution.alternatives
        return AreaResolution(query=text, best=None, alternatives=us[: limit - 1], outside_us=abroad)
    if alternative is not None:
        resolution.foreign_alternative = alternative
    return resolution


def _foreign_reading(index: _Index, parts: list[str], hits: list[_Hit]) -> tuple[ForeignPlace | None,
                                                                                  ForeignPlace | None]:
    """(the place abroad that the text means, or a place abroad that it might mean): see the module docstring."""
    if not parts or not any(c.isalpha() for c in "".join(parts)):
        return None, None
    # A qualifier: the last comma part, or the last words ("Toronto Canada", "Birmingham UK").
    tokens = " ".join(parts).split()
    splits = [(" ".join(parts[:-1]), parts[-1], True)] if len(parts) > 1 else []
    splits += [(" ".join(tokens[:-n]), " ".join(tokens[-n:]), False) for n in (3, 2, 1) if len(tokens) > n]
    for place, qualifier_text, after_comma in splits:
        if qualifier_text in index.states:  # "Paris, TX", "London, KY": the user said which state
            return None, None
        where = world.qualifier(qualifier_text)
        if where is None:
            continue
        city = world.city_in(_strip_noise(place), where) or world.city_in(_strip_noise(parts[0]), where)
        region = world.qualifier(_strip_noise(place))  # "Ontario Canada": a province of that country
        if region is not None and region.country_code != where.country_code:
            region = None
        if after_comma or city or region:  # without a comma only a known place counts (not "New England")
            return city or region or where, None
    query = _strip_noise(" ".join(parts))
    abroad = world.named_place(query)
    if abroad is None:
        return None, None
    us_score = max((h.score for h in hits if h.match != "fuzzy"), default=0.0)
    if us_score >= SCORE_STRONG_US:
        strong_state = any(h.match in ("state name", "state code") for h in hits if h.score >= SCORE_STRONG_US)
        return None, None if strong_state else abroad
    if abroad.kind != "city" or (abroad.population or 0) >= FOREIGN_MUCH_BIGGER * world.us_city_population(query):
        return abroad, None
    return None, abroad


def _parts(text: str | None) -> list[str]:
    """The comma-separated parts of a place, normalized, without work arrangement or country; [] = national."""
    if text is None:
        return []
    parts = [words for words in (_words(p) for p in fold(text).split(",")) if words]
    tokens = [t for words in parts for t in words]
    if not tokens and text.strip():
        return [text.strip()]  # emoji, symbols or punctuation only: a place that matches nothing, not the nation
    if all(t in NATIONAL_WORDS or t in NATIONAL_FILLERS for t in tokens) and (
            not tokens or any(t in NATIONAL_WORDS for t in tokens)):
        return []
    # Work arrangement words and numbers (ZIP codes: "Washington, DC 20001") name no area.
    parts = [kept for kept in ([t for t in words if t not in WORK_ARRANGEMENT_WORDS and not t.isdigit()]
                               for words in parts) if kept]
    if not parts:  # "hybrid": no place, the nation; "123": a query that matches nothing
        return [] if any(t in WORK_ARRANGEMENT_WORDS for t in tokens) else [" ".join(tokens)]
    joined = [" ".join(words) for words in parts]
    # Drop a trailing country: "Austin, TX, USA", "Austin TX US".
    for suffix in COUNTRY_SUFFIXES:
        if len(joined) > 1 and joined[-1] == suffix:
            joined.pop()
            break
        if joined and joined[-1].endswith(" " + suffix):
            joined[-1] = joined[-1][: -len(suffix) - 1]
            break
    return joined


# Words that join places compared: "vs", "versus", "compared to/with" in any case; "or"/"and" only in lower
# case ("Portland OR" is Oregon).
_CONNECTORS = re.compile(r"\s+(?:(?i:vs\.?|versus|compared?\s+(?:to|with)|against)|or|and)\s+")
_BETWEEN = re.compile(r"^(?i:between)\s+")
_NOT_A_PLACE_AFTER = ("surrounding", "nearby", "suburbs", "around", "the surrounding")


def split_places(text: str | None) -> list[str]:
    """The places a text names, in order: "Bay Area vs Seattle" → ["Bay Area", "Seattle"], "between Denver and
    Boulder" → ["Denver", "Boulder"]; one place → [it] ("Dallas-Fort Worth", "Washington, DC", "Trinidad and
    Tobago", a BLS area name with "and"); nothing → []. At most five places."""
    whole = (text or "").strip()
    if not whole:
        return []
    pieces = [p.strip(" ,.;:?!") for p in _CONNECTORS.split(_BETWEEN.sub("", whole))]
    pieces = [p for p in pieces if p]
    if len(pieces) < 2 or any(normalize(p).startswith(_NOT_A_PLACE_AFTER) for p in pieces[1:]):
        return [whole]
    key = normalize(whole)
    if key in _index().exact or _strip_noise(key) in _index().exact or world.named_place(key) is not None:
        return [whole]
    return pieces[:MAX_PLACES]


def _variants(query: str) -> list[tuple[str, bool]]:
    """The query with filler words dropped one at a time ("the bay area" → "bay area" → "bay"), each with True
    when a trailing "state" was dropped ("Washington state": the state, not the city)."""
    tokens = query.split()
    state_only = False
    variants: list[tuple[str, bool]] = []
    changed = True
    while changed:
        changed = False
        for noise in LEADING_NOISE + TRAILING_NOISE:
            leading = noise in LEADING_NOISE
            edge = tuple(tokens[: len(noise)] if leading else tokens[-len(noise):])
            if len(tokens) > len(noise) and edge == noise:
                tokens = tokens[len(noise):] if leading else tokens[: -len(noise)]
                variants.append((" ".join(tokens), state_only))
                changed = True
                break
        if not changed and len(tokens) > 1 and tokens[-1] == "state":
            tokens, state_only, changed = tokens[:-1], True, True
            variants.append((" ".join(tokens), state_only))
    return variants


def _strip_noise(query: str) -> str:
    variants = _variants(query)
    return variants[-1][0] if variants else query


def _lookup(index: _Index, query: str) -> list[_Hit]:
    hits = index.exact.get(query)
    if hits:
        return list(hits)
    for text, state_only in _variants(query):
        hits = index.exact.get(text, ())
        if state_only:
            hits = tuple(h for h in hits if index.areas[h.code].type == "S")
        if hits:
            return list(hits)
    return []


def _city_in_state(index: _Index, parts: list[str], query: str) -> list[_Hit]:
    """'City, ST' or 'City State': the city among the metros in that state, else the state itself."""
    splits: list[tuple[str, str]] = []
    if len(parts) > 1:
        splits.append((" ".join(parts[:-1]), parts[-1]))
        splits.append((" ".join(parts[1:]), parts[0]))  # "Texas, Austin"
    tokens = query.split()
    for n in (3, 2, 1):
        if len(tokens) > n:
            splits.append((" ".join(tokens[:-n]), " ".join(tokens[-n:])))
    for city, state_text in splits:
        state = index.states.get(state_text)
        if state is None:
            continue
        state_code, state_match = state
        postal = next(iter(index.reach[state_code]))
        hits = [h for h in _lookup(index, city) if index.areas[h.code].type == "M"]
        inside = [_Hit(h.code, h.match, min(1.0, h.score + SCORE_STATE_BONUS)) for h in hits
                  if postal in index.reach[h.code]]
        if not inside:
            inside = [h for h in _fuzzy(index, _strip_noise(city), index.city_keys_by_state.get(postal, ()))
                      if postal in index.reach[h.code]]
        if inside:
            return inside + [_Hit(state_code, state_match, SCORE_STATE_ALTERNATIVE)]
        return [_Hit(state_code, state_match, SCORE_STATE_FALLBACK)] + [
            _Hit(h.code, h.match, SCORE_ELSEWHERE) for h in hits]
    return []


COUNTY_FILE = Path(__file__).parent / "data" / "us-counties.json.gz"
COUNTY_FORMAT = "smartjobfit-counties/1"
_COUNTY_WORDS = ("county", "parish", "borough", "census area", "city and borough", "municipality")
_COUNTY = re.compile(r"^(?P<name>.+?)\s+(?:county|parish|borough|co)\b\s*(?P<state>.*)$")


def county_key(name: str) -> str:
    """A county's name as looked up: normalized, without "County" / "Parish"...: "Cook County" → "cook"."""
    key = normalize(name)
    for word in _COUNTY_WORDS:
        if key.endswith(" " + word):
            return key[: -len(word) - 1]
    return ""  # not a county (independent cities, boroughs without the word)


@lru_cache(maxsize=1)
def _counties() -> dict[str, list[tuple[str, str, int]]]:
    """County name → [(state postal code, OEWS area code, ZIP codes)], most ZIP codes first (derive_counties.py)."""
    payload = read_json(COUNTY_FILE, COUNTY_FORMAT, "tools.occupations.derive_counties")
    return {key: [tuple(entry) for entry in entries] for key, entries in payload["counties"].items()}


def _county(index: _Index, query: str) -> list[_Hit]:
    """"Cook County", "King County, WA", "Orleans Parish": the metro (or state) the county lies in. A county name
    several states have goes to the one with the most ZIP codes unless a state is given; the others follow."""
    match = _COUNTY.match(query)
    if match is None:
        return []
    entries = _counties().get(match.group("name"), [])
    state_text = match.group("state").strip()
    if state_text:
        state = index.states.get(state_text)
        if state is None:
            return []
        postal = next(iter(index.reach[state[0]]))
        entries = [e for e in entries if e[0] == postal]
    if not entries:
        return []
    total = sum(e[2] for e in entries)
    hits = [_Hit(entries[0][1], "county", SCORE_ALIAS if len(entries) == 1 else SCORE_ALIAS * (0.5 + 0.5 * entries[0][2] / total))]
    hits += [_Hit(code, "county", SCORE_ALIAS_ALTERNATIVE * 0.5) for _, code, _ in entries[1:]]
    return hits


def _fuzzy(index: _Index, query: str, keys: tuple[str, ...] | None = None) -> list[_Hit]:
    if len(query) < 4:
        return []
    hits: dict[str, _Hit] = {}
    matcher = difflib.SequenceMatcher(b=query, autojunk=False)
    # ratio = 2·matches / (len(a) + len(b)) ≤ 2·min / (len(a) + len(b)): lengths far apart can't reach the cutoff.
    shortest, longest = len(query) * FUZZY_CUTOFF / (2 - FUZZY_CUTOFF), len(query) * (2 - FUZZY_CUTOFF) / FUZZY_CUTOFF
    for key in index.fuzzy_keys if keys is None else keys:
        if not shortest <= len(key) <= longest:
            continue
        matcher.set_seq1(key)
        if matcher.real_quick_ratio() < FUZZY_CUTOFF or matcher.quick_ratio() < FUZZY_CUTOFF:
            continue
        ratio = matcher.ratio()
        if ratio < FUZZY_CUTOFF:
            continue
        for hit in index.exact[key]:
            # A key's weaker readings (a later principal city, an alias alternative) weigh less.
            score = round(FUZZY_WEIGHT * ratio * hit.score, 6)
            if hit.code not in hits or hits[hit.code].score < score:
                hits[hit.code] = _Hit(hit.code, "fuzzy", score, ratio)
    return list(hits.values())


def _rank(index: _Index, text: str | None, hits: list[_Hit], limit: int) -> AreaResolution:
    best_of: dict[str, _Hit] = {}
    for hit in hits:
        if hit.code not in best_of or best_of[hit.code].score < hit.score:
            best_of[hit.code] = hit
    ordered = sorted(best_of.values(), key=lambda h: (-h.score, -index.prior[h.code], h.code))
    if not ordered:
        return AreaResolution(query=text, best=None)
    top = ordered[0].score
    tier = [h for h in ordered if h.score == top]
    total = sum(index.prior[h.code] for h in tier)
    rival = any(h.score >= STRONG_RIVAL and h.match != "fuzzy" for h in ordered[len(tier):])
    candidates: list[AreaCandidate] = []
    previous = 1.0
    for hit in ordered:
        if hit.score == top:
            share = index.prior[hit.code] / total if total else 1 / len(tier)
            confidence = hit.score * (0.5 + 0.5 * share) * (RIVAL_PENALTY if rival else 1.0)
        else:
            confidence = hit.score * 0.5
        previous = min(previous, round(confidence, 3))
        area = index.areas[hit.code]
        candidates.append(AreaCandidate(code=area.code, name=area.name, type=AREA_TYPES[area.type],
                                        match=hit.match, confidence=previous))
    first = ordered[0]
    if first.match == "fuzzy" and (first.ratio or 0.0) < FUZZY_BEST:
        return AreaResolution(query=text, best=None, alternatives=candidates[:limit])
    return AreaResolution(query=text, best=candidates[0], alternatives=candidates[1:limit])
