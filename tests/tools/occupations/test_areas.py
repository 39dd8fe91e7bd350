"""Places as users write them, resolved to OEWS areas: codes checked against the shipped May 2025 data."""

from __future__ import annotations


import pytest

from tools.occupations.area_aliases import AREA_ALIASES, STATE_ABBREVIATIONS, STATE_POSTAL
from tools.occupations.areas import AreaResolution, normalize, resolve_area, split_places
from tools.occupations.oews import NATIONAL, load_oews

AUSTIN = "0012420"
SF = "0041860"
SAN_JOSE = "0041940"
NYC = "0035620"
DC_METRO = "0047900"
PHILADELPHIA = "0037980"
LA = "0031080"
MINNEAPOLIS = "0033460"
DFW = "0019100"
DENVER = "0019740"
BOULDER = "0014500"
SEATTLE = "0042660"
PORTLAND_OR = "0038900"
PORTLAND_ME = "0038860"
SPRINGFIELDS = {"0044100": "IL", "0044140": "MA", "0044180": "MO", "0044220": "OH"}
COLUMBIA_SC, COLUMBIA_MO, BALTIMORE = "0017900", "0017860", "0012580"
KANSAS_CITY = "0028140"
TEXAS, CALIFORNIA, WASHINGTON, NEW_YORK, KANSAS, DISTRICT, LOUISIANA = (
    "4800000", "0600000", "5300000", "3600000", "2000000", "1100000", "2200000")


def check(resolution: AreaResolution) -> AreaResolution:
    """Invariants of every answer: confidences in [0, 1], best first, no area twice."""
    candidates = ([resolution.best] if resolution.best else []) + resolution.alternatives
    confidences = [c.confidence for c in candidates]
    assert all(0.0 <= c <= 1.0 for c in confidences)
    assert confidences == sorted(confidences, reverse=True)
    assert len({c.code for c in candidates}) == len(candidates)
    data = load_oews()
    for candidate in candidates:
        area = data.area_by_code[candidate.code]
        assert candidate.name == area.name
        assert candidate.type == {"N": "national", "S": "state", "M": "metro"}[area.type]
    return resolution


def best(text: str | None) -> str | None:
    resolution = check(resolve_area(text))
    return resolution.best.code if resolution.best else None


# ---------------------------------------------------------------------------------------------- the nation

@pytest.mark.parametrize("text", [None, "", "   ", "remote", "Remote", "US", "USA", "U.S.", "U.S.A.",
                                  "United States", "united states of america", "nationwide", "Remote - US",
                                  "remote in the US", "Anywhere in the USA", "100% remote", "hybrid"])
def test_no_place_is_the_nation(text: str | None) -> None:
    resolution = check(resolve_area(text))
    assert resolution.query == text
    assert resolution.best is not None
    assert (resolution.best.code, resolution.best.type, resolution.best.match) == (NATIONAL, "national",
                                                                                   "national default")
    assert resolution.best.confidence == 1.0 and resolution.alternatives == []


# ----------------------------------------------------------------------------------------- clear answers

@pytest.mark.parametrize(("text", "code", "match"), [
    ("Austin", AUSTIN, "principal city"),
    ("Austin, TX", AUSTIN, "principal city"),
    ("austin tx", AUSTIN, "principal city"),
    ("Austin, Texas", AUSTIN, "principal city"),
    ("Austin, TX, USA", AUSTIN, "principal city"),
    ("Remote - Austin, TX", AUSTIN, "principal city"),
    ("Austin, TX 78701", AUSTIN, "principal city"),
    ("Texas, Austin", AUSTIN, "principal city"),
    ("SF", SF, "alias"),
    ("San Francisco", SF, "principal city"),
    ("san francisco, ca", SF, "principal city"),
    ("Oakland", SF, "principal city"),
    ("NYC", NYC, "alias"),
    ("New York City", NYC, "alias"),
    ("New York, NY", NYC, "principal city"),
    ("Brooklyn", NYC, "alias"),
    ("Jersey City, NJ", NYC, "principal city"),
    ("Bay Area", SF, "alias"),
    ("the Bay Area", SF, "alias"),
    ("DC", DC_METRO, "alias"),
    ("Washington DC", DC_METRO, "alias"),
    ("Washington, D.C.", DC_METRO, "alias"),
    ("Washington, DC 20001", DC_METRO, "alias"),
    ("Philly", PHILADELPHIA, "alias"),
    ("Philadelphia", PHILADELPHIA, "principal city"),
    ("LA", LA, "alias"),
    ("L.A.", LA, "alias"),
    ("Los Angeles", LA, "principal city"),
    ("Silicon Valley", SAN_JOSE, "alias"),
    ("San Jose", SAN_JOSE, "principal city"),
    ("San José, CA", SAN_JOSE, "principal city"),
    ("Twin Cities", MINNEAPOLIS, "alias"),
    ("Saint Paul", MINNEAPOLIS, "principal city"),
    ("St. Paul, MN", MINNEAPOLIS, "principal city"),
    ("DFW", DFW, "alias"),
    ("Dallas", DFW, "principal city"),
    ("Ft. Worth", DFW, "principal city"),
    ("Dallas-Fort Worth", DFW, "metro name"),
    ("Denver", DENVER, "principal city"),
    ("Greater Denver area", DENVER, "principal city"),
    ("Denver metro", DENVER, "principal city"),
    ("Boulder", BOULDER, "principal city"),
    ("Boulder, CO", BOULDER, "metro name"),
    ("Seattle", SEATTLE, "principal city"),
    ("Boise", "0014260", "alias"),
    ("Honolulu", "0046520", "alias"),
    ("NOLA", "0035380", "alias"),
    ("Vegas", "0029820", "alias"),
    ("Las Vegas", "0029820", "principal city"),
    ("St. Louis", "0041180", "principal city"),
    ("Saint Louis", "0041180", "principal city"),
    ("Nashville", "0034980", "principal city"),  # "Nashville-Davidson--Murfreesboro--Franklin, TN"
    ("Louisville", "0031140", "principal city"),  # "Louisville/Jefferson County, KY-IN"
    ("Winston-Salem", "0049180", "principal city"),  # one city, not Winston + Salem
    ("Salem", "0041420", "principal city"),
    ("Wilkes-Barre", "0042540", "principal city"),  # "Scranton--Wilkes-Barre, PA"
    ("Coeur d'Alene", "0017660", "principal city"),
    ("Mt. Vernon, WA", "0034580", "principal city"),
    ("Bozeman, MT", "0014580", "metro name"),
    ("Charleston, WV", "0016620", "metro name"),
    ("Charleston, South Carolina", "0016700", "principal city"),
    ("Vancouver, WA", PORTLAND_OR, "principal city"),  # the Portland metro reaches into Washington
    ("Kansas City", KANSAS_CITY, "principal city"),
    ("Kansas City, KS", KANSAS_CITY, "principal city"),
    ("Kansas City, Missouri", KANSAS_CITY, "principal city"),
    ("Manhattan, KS", "0031740", "metro name"),
    ("Raleigh-Durham", "0039580", "alias"),
])
def test_places_resolve_to_their_area(text: str, code: str, match: str) -> None:
    resolution = check(resolve_area(text))
    assert resolution.best is not None, text
    assert (resolution.best.code, resolution.best.match) == (code, match), text
    assert resolution.best.confidence >= 0.75


@pytest.mark.parametrize(("text", "code"), [
    ("Austin-Round Rock-San Marcos, TX", AUSTIN),
    ("San Francisco-Oakland-Fremont, CA", SF),
    ("New York-Newark-Jersey City, NY-NJ", NYC),
    ("Washington-Arlington-Alexandria, DC-VA-MD-WV", DC_METRO),
    ("Northwest Alabama nonmetropolitan area", "0100001"),
])
def test_bls_metro_names_resolve_exactly(text: str, code: str) -> None:
    resolution = check(resolve_area(text))
    assert resolution.best is not None
    assert (resolution.best.code, resolution.best.match, resolution.best.confidence) == (code, "metro name", 1.0)


def test_every_bls_area_name_resolves_to_itself() -> None:
    data = load_oews()
    for area in data.areas:
        if area.type == "N":
            continue
        resolution = resolve_area(area.name)
        assert resolution.best is not None and resolution.best.code == area.code, area.name


# -------------------------------------------------------------------------------------------------- states

@pytest.mark.parametrize(("text", "code", "match"), [
    ("Texas", TEXAS, "state name"),
    ("texas", TEXAS, "state name"),
    ("TX", TEXAS, "state code"),
    ("Calif.", CALIFORNIA, "state name"),
    ("California", CALIFORNIA, "state name"),
    ("CA", CALIFORNIA, "state code"),
    ("Washington state", WASHINGTON, "state name"),
    ("Texas, USA", TEXAS, "state name"),
    ("Mass.", "2500000", "state name"),
    ("W. Va.", "5400000", "state name"),
])
def test_a_state_gives_the_state(text: str, code: str, match: str) -> None:
    resolution = check(resolve_area(text))
    assert resolution.best is not None
    assert (resolution.best.code, resolution.best.type, resolution.best.match) == (code, "state", match)


def test_every_state_resolves_by_name_and_postal_code() -> None:
    data = load_oews()
    for area in data.areas:
        if area.type != "S":
            continue
        for text in (area.name, STATE_POSTAL[area.state_code]):
            resolution = check(resolve_area(text))
            if normalize(text) in AREA_ALIASES:  # "DC", "LA": the metro (alias table); the state is the alternative
                assert resolution.alternatives[0].code == area.code, text
                continue
            assert resolution.best is not None and resolution.best.code == area.code, text


def test_a_city_that_cant_be_placed_gives_the_state_it_is_in() -> None:
    resolution = check(resolve_area("Smallville, KS"))
    assert resolution.best is not None
    assert (resolution.best.code, resolution.best.match) == (KANSAS, "state code")
    assert resolution.best.confidence < 0.75
    # A city known elsewhere, but not in the state given: the state, with the city as a weak alternative.
    resolution = check(resolve_area("Austin, CA"))
    assert resolution.best is not None and resolution.best.code == CALIFORNIA
    assert [a.code for a in resolution.alternatives] == [AUSTIN]
    assert resolution.alternatives[0].confidence < 0.5


def test_city_and_state_offers_the_state_as_an_alternative() -> None:
    resolution = check(resolve_area("Austin, TX"))
    assert resolution.best is not None and resolution.best.code == AUSTIN
    assert [a.code for a in resolution.alternatives] == [TEXAS]


# ---------------------------------------------------------------------------------------------- ambiguity

def test_portland_is_oregon_first_maine_second() -> None:
    resolution = check(resolve_area("Portland"))
    assert resolution.best is not None and resolution.best.code == PORTLAND_OR
    assert resolution.best.match == "principal city" and resolution.best.confidence < 0.9
    assert PORTLAND_ME in [a.code for a in resolution.alternatives]
    assert best("Portland, ME") == PORTLAND_ME
    assert best("Portland Maine") == PORTLAND_ME
    assert best("Portland, OR") == PORTLAND_OR
    assert best("portland oregon") == PORTLAND_OR


def test_springfield_is_four_metros_none_of_them_sure() -> None:
    resolution = check(resolve_area("Springfield"))
    assert resolution.best is not None
    codes = [resolution.best.code] + [a.code for a in resolution.alternatives]
    assert set(SPRINGFIELDS) <= set(codes)
    assert resolution.best.confidence < 0.7
    # The biggest of the four (all-occupation employment) comes first.
    data = load_oews()
    employment = {code: data.cell(code, "00-0000").value(1) for code in SPRINGFIELDS}
    assert resolution.best.code == max(employment, key=employment.__getitem__)
    for code, state in SPRINGFIELDS.items():
        assert best(f"Springfield, {state}") == code


def test_columbia_prefers_metros_named_after_it() -> None:
    resolution = check(resolve_area("Columbia"))
    assert resolution.best is not None and resolution.best.code == COLUMBIA_SC
    alternatives = [a.code for a in resolution.alternatives]
    assert alternatives[:2] == [COLUMBIA_MO, BALTIMORE]  # Columbia, MD is a later principal city of Baltimore's
    assert best("Columbia, MO") == COLUMBIA_MO
    assert best("Columbia, MD") == BALTIMORE


def test_kansas_city_is_one_metro_across_two_states() -> None:
    resolution = check(resolve_area("Kansas City"))
    assert resolution.best is not None and resolution.best.code == KANSAS_CITY
    assert resolution.best.confidence < 1.0
    assert best("Kansas City, MO") == best("Kansas City, KS") == best("KC") == KANSAS_CITY


@pytest.mark.parametrize(("text", "code", "alternative"), [
    ("Washington", WASHINGTON, DC_METRO),  # the state, the capital's metro close behind
    ("New York", NEW_YORK, NYC),
    ("LA", LA, LOUISIANA),  # the alias beats the postal code, which stays as the alternative
    ("DC", DC_METRO, DISTRICT),
    ("Manhattan", NYC, "0031740"),
])
def test_a_name_with_two_strong_readings_keeps_both(text: str, code: str, alternative: str) -> None:
    resolution = check(resolve_area(text))
    assert resolution.best is not None and resolution.best.code == code
    assert resolution.alternatives and resolution.alternatives[0].code == alternative
    assert resolution.best.confidence < 0.9


def test_bay_area_offers_san_jose() -> None:
    resolution = check(resolve_area("Bay Area"))
    assert [a.code for a in resolution.alternatives] == [SAN_JOSE]


# ------------------------------------------------------------------------------------- unknowns and typos

@pytest.mark.parametrize("text", ["asdfgh", "zz", "Narnia", "qwertyuiop", "12345"])
def test_an_unknown_place_has_no_answer(text: str) -> None:
    resolution = check(resolve_area(text))
    assert resolution.query == text
    assert resolution.best is None
    assert resolution.alternatives == []


def test_atlantis_is_unknown_with_only_a_fuzzy_guess() -> None:
    resolution = check(resolve_area("Atlantis"))
    assert resolution.best is None
    assert [a.code for a in resolution.alternatives] == ["0012060"]  # Atlanta
    assert all(a.match == "fuzzy" and a.confidence < 0.6 for a in resolution.alternatives)


@pytest.mark.parametrize(("text", "code"), [("Seatle", SEATTLE), ("Seatle, WA", SEATTLE),
                                            ("San Fransisco", SF), ("Pittsburg", "0038300")])
def test_a_close_typo_is_matched_with_low_confidence(text: str, code: str) -> None:
    resolution = check(resolve_area(text))
    assert resolution.best is not None
    assert (resolution.best.code, resolution.best.match) == (code, "fuzzy")
    assert resolution.best.confidence < 0.7


# ------------------------------------------------------------------------------------------------- input

def test_text_over_200_characters_is_refused() -> None:
    assert resolve_area("a" * 200).best is None
    with pytest.raises(ValueError, match="at most 200 characters"):
        resolve_area("a" * 201)


def test_limit_bounds_the_answer() -> None:
    resolution = resolve_area("Springfield", limit=2)
    assert resolution.best is not None and len(resolution.alternatives) == 1
    assert resolve_area("Springfield", limit=1).alternatives == []
    with pytest.raises(ValueError):
        resolve_area("Austin", limit=0)


def test_not_text_is_refused() -> None:
    with pytest.raises(TypeError):
        resolve_area(42)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------ the alias table

def test_alias_keys_are_normalized_and_targets_exist() -> None:
    names = {a.name for a in load_oews().areas}
    for alias, targets in AREA_ALIASES.items():
        assert normalize(alias) == alias, alias
        for target in (targets,) if isinstance(targets, str) else targets:
            assert target in names, (alias, target)
    for abbreviation, postal in STATE_ABBREVIATIONS.items():
        assert normalize(abbreviation) == abbreviation and postal in STATE_POSTAL.values()


def test_state_postal_codes_cover_every_state_and_agree_with_metro_names() -> None:
    data = load_oews()
    assert {a.state_code for a in data.areas if a.type == "S"} == set(STATE_POSTAL)
    for area in data.areas:
        if area.type == "M" and "nonmetropolitan" not in area.name:
            states = area.name.rsplit(", ", 1)[1].split("-")
            assert STATE_POSTAL[area.state_code] == states[0], area.name


# ------------------------------------------------------------------------------- nicknames and misspellings

@pytest.mark.parametrize(("text", "code"), [
    ("Bay Area", SF), ("SF", SF), ("NYC", NYC), ("DFW", DFW), ("Twin Cities", MINNEAPOLIS), ("DMV", DC_METRO),
    ("Triangle", "0039580"), ("Research Triangle", "0039580"), ("the Triangle", "0039580"),
    ("Inland Empire", "0040140"), ("Philly", PHILADELPHIA), ("Nola", "0035380"), ("Chi-town", "0016980"),
    ("Chitown", "0016980"), ("ATL", "0012060"), ("LA", LA), ("Vegas", "0029820"), ("Big Apple", NYC),
    ("Windy City", "0016980"), ("H-Town", "0026420"), ("ATX", AUSTIN),
    # misspellings: an alias when the fuzzy match can't be sure, else the fuzzy match
    ("Pheonix", "0038060"), ("Tuscon", "0046060"), ("Chicgo", "0016980"), ("Pittsburg", "0038300"),
    ("Sacremento", "0040900"), ("Albuquerque", "0010740"), ("Albequerque", "0010740"),
    ("Cincinatti", "0017140"), ("Massachusets", "2500000"),
    ("remote", NATIONAL), ("nationwide", NATIONAL), ("anywhere in the US", NATIONAL),
])
def test_nicknames_and_misspellings(text: str, code: str) -> None:
    assert best(text) == code, text


def test_the_city_is_no_place() -> None:
    assert best("the city") is None


# ------------------------------------------------------------------------------------ places outside the US

@pytest.mark.parametrize(("text", "name", "country"), [
    ("Toronto", "Toronto", "Canada"), ("London", "London", "United Kingdom"), ("Paris", "Paris", "France"),
    ("Vancouver", "Vancouver", "Canada"), ("Berlin", "Berlin", "Germany"), ("Munich", "Munich", "Germany"),
    ("Sydney", "Sydney", "Australia"), ("Bangalore", "Bengaluru", "India"), ("München", "Munich", "Germany"),
    ("London, Ontario", "London", "Canada"), ("Birmingham, UK", "Birmingham", "United Kingdom"),
    ("Toronto, ON", "Toronto", "Canada"), ("Toronto Canada", "Toronto", "Canada"),
    ("Toronto, Ontario, Canada", "Toronto", "Canada"), ("Remote - Toronto", "Toronto", "Canada"),
    ("Canada", "Canada", "Canada"), ("UK", "United Kingdom", "United Kingdom"),
    ("England", "United Kingdom", "United Kingdom"), ("Scotland", "United Kingdom", "United Kingdom"),
    ("Germany", "Germany", "Germany"), ("Ontario", "Ontario", "Canada"), ("remote in Canada", "Canada", "Canada"),
])
def test_a_place_outside_the_us_has_no_area(text: str, name: str, country: str) -> None:
    resolution = check(resolve_area(text))
    assert resolution.best is None, text
    assert resolution.outside_us is not None, text
    assert (resolution.outside_us.name, resolution.outside_us.country) == (name, country)


@pytest.mark.parametrize(("text", "code", "abroad"), [
    ("Birmingham", "0013820", "United Kingdom"),  # the first-named city of a metro stays US...
    ("Manchester", "0031700", "United Kingdom"),  # ...and the place abroad is noted
    ("Cambridge", "0014460", "United Kingdom"),  # a later principal city, but Cambridge, UK is not much bigger
    ("Paris, TX", TEXAS, None),  # a US state given: US
    ("Ontario, CA", "0040140", None),
    ("Vancouver, WA", PORTLAND_OR, None),
    ("Georgia", "1300000", None),  # the state, not the country
    ("New Mexico", "3500000", None),
    ("New England", None, None),  # no foreign reading ("England" only after a comma or a known city)
    ("USA", NATIONAL, None),
])
def test_us_readings_that_win(text: str, code: str | None, abroad: str | None) -> None:
    resolution = check(resolve_area(text))
    assert resolution.outside_us is None, text
    assert (resolution.best.code if resolution.best else None) == code, text
    alternative = resolution.foreign_alternative
    assert (alternative.country if alternative else None) == abroad, text


def test_a_place_abroad_keeps_the_us_readings_as_alternatives() -> None:
    resolution = check(resolve_area("Vancouver"))
    assert resolution.outside_us is not None and resolution.outside_us.country == "Canada"
    assert [a.code for a in resolution.alternatives] == [PORTLAND_OR]


# --------------------------------------------------------------------------------------- several places

@pytest.mark.parametrize(("text", "places"), [
    ("Bay Area vs Seattle", ["Bay Area", "Seattle"]),
    ("Bay Area vs. Seattle", ["Bay Area", "Seattle"]),
    ("Phoenix compared to Tucson", ["Phoenix", "Tucson"]),
    ("Phoenix or Tucson", ["Phoenix", "Tucson"]),
    ("Austin versus Dallas", ["Austin", "Dallas"]),
    ("between Denver and Boulder", ["Denver", "Boulder"]),
    ("Raleigh and Durham", ["Raleigh", "Durham"]),
    ("Austin, TX vs Dallas, TX", ["Austin, TX", "Dallas, TX"]),
    ("Dallas-Fort Worth", ["Dallas-Fort Worth"]),
    ("Minneapolis-St. Paul", ["Minneapolis-St. Paul"]),
    ("Washington, DC", ["Washington, DC"]),
    ("Winston-Salem", ["Winston-Salem"]),
    ("Champaign-Urbana", ["Champaign-Urbana"]),
    ("Portland OR", ["Portland OR"]),  # "OR" in capitals is Oregon
    ("Denver and surrounding areas", ["Denver and surrounding areas"]),
    ("Eastern and Southern Colorado nonmetropolitan area", ["Eastern and Southern Colorado nonmetropolitan area"]),
    ("Trinidad and Tobago", ["Trinidad and Tobago"]),
    ("", []), (None, []),
])
def test_split_places(text: str | None, places: list[str]) -> None:
    assert split_places(text) == places


def test_several_places_resolve_the_first_and_list_them_all() -> None:
    resolution = check(resolve_area("Phoenix vs Tucson"))
    assert resolution.best is not None and resolution.best.code == "0038060"
    assert resolution.places == ["Phoenix", "Tucson"] and resolution.query == "Phoenix vs Tucson"
    assert resolve_area("Phoenix").places == []
    assert best("Dallas-Fort Worth") == DFW and resolve_area("Dallas-Fort Worth").places == []


@pytest.mark.parametrize("text", ["🙂🙂", "<script>alert(1)</script>", "!!!"])
def test_symbols_and_markup_are_no_place(text: str) -> None:
    assert best(text) is None


@pytest.mark.parametrize(("text", "area"), [
    ("Cook County", "Chicago-Naperville-Elgin, IL-IN"),
    ("King County, WA", "Seattle-Tacoma-Bellevue, WA"),
    ("Travis County TX", "Austin-Round Rock-San Marcos, TX"),
    ("Westchester County", "New York-Newark-Jersey City, NY-NJ"),  # not the nearer small metro
    ("Fairfax County", "Washington-Arlington-Alexandria, DC-VA-MD-WV"),
    ("Orange County, FL", "Orlando-Kissimmee-Sanford, FL"),  # the state picks among the Orange Counties
    ("Orleans Parish", "New Orleans-Metairie, LA"),
])
def test_counties_resolve_to_the_metro_they_lie_in(text: str, area: str) -> None:
    best = resolve_area(text).best
    assert best is not None and best.name == area and best.match in ("county", "alias")


def test_a_county_name_many_states_have_is_not_certain() -> None:
    resolution = resolve_area("Washington County")
    assert resolution.best is not None and resolution.best.confidence < 0.8 and resolution.alternatives


def test_shipped_county_file_is_what_the_derive_script_gives() -> None:
    from tools.derived_files import encode_json
    from tools.occupations import derive_counties
    from tools.occupations.areas import COUNTY_FILE

    assert encode_json(derive_counties.derive()) == COUNTY_FILE.read_bytes()
