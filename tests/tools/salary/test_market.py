"""Market data end to end in the engine: resolution, figures from the shipped data, fallbacks, special values."""

from __future__ import annotations

import pytest

from tools.salary.market import market_data
from tools.occupations.resolver import NoMatch, InputError
from tools.occupations.oews import Datatype, load_oews


def test_software_developers_in_san_francisco_quote_the_bls_figures() -> None:
    result = market_data("software developer", "San Francisco, CA")
    assert result.occupation.soc_code == "15-1252" and result.area.code == "0041860"
    cell = load_oews().cell("0041860", "15-1252")
    assert result.annual.median == cell.value(Datatype.ANNUAL_MEDIAN)
    assert result.annual.p90 == cell.value(Datatype.ANNUAL_P90) and result.hourly.p10 == cell.value(Datatype.HOURLY_P10)
    assert result.employment == cell.value(Datatype.EMPLOYMENT)
    assert result.source.name == "BLS OEWS" and result.source.release == "May 2025"
    assert result.source.area == "San Francisco-Oakland-Fremont, CA"


def test_no_location_means_national() -> None:
    result = market_data("registered nurse", None)
    assert result.area.code == "0000000" and result.area.type == "national"
    assert result.annual.median == load_oews().cell("0000000", "29-1141").value(Datatype.ANNUAL_MEDIAN)


def test_top_coded_percentiles_are_named_not_invented() -> None:
    result = market_data("family medicine physician", "Albany, OR")
    assert (result.occupation.soc_code, result.area.code) == ("29-1215", "0010540")
    assert result.annual.median is None and "median" in result.annual.top_coded
    assert any("at least $239,200 a year" in note for note in result.notes)


def test_missing_area_figures_fall_back_to_national_and_say_so() -> None:
    data = load_oews()
    assert data.cell("0010180", "11-3061") is None  # BLS publishes no Purchasing Managers row for Abilene
    result = market_data("purchasing manager", "Abilene, TX")
    assert result.area.code == "0010180"
    assert result.figures_for["area_code"] == "0000000" and result.source.area == "National"
    assert result.annual.median == data.cell("0000000", "11-3061").value(Datatype.ANNUAL_MEDIAN)
    assert any("national figures" in note for note in result.notes)


@pytest.mark.parametrize(("title", "location", "field", "code"), [
    ("", "Austin", "title", "required"),
    ("   ", None, "title", "required"),
    ("x" * 10_000, None, "title", "too_long"),
    ("nurse", "y" * 500, "location", "too_long"),
])
def test_bad_input_names_the_field(title: str, location: str | None, field: str, code: str) -> None:
    with pytest.raises(InputError) as error:
        market_data(title, location)
    assert (error.value.field, error.value.code) == (field, code)


def test_nothing_matching_is_a_no_match_with_the_field() -> None:
    with pytest.raises(NoMatch) as error:
        market_data("asdfgh", None)
    assert error.value.field == "title"
    with pytest.raises(NoMatch) as error:
        market_data("nurse", "Atlantis")
    assert error.value.field == "location"
