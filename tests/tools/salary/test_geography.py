"""The area wage index and location comparisons, checked against the raw OEWS May 2025 figures."""

from __future__ import annotations


import pytest

from tools.salary import geography
from tools.salary.geography import (
    MISSING_REASONS,
    NO_ESTIMATE,
    all_area_wage_indexes,
    area_wage_index,
    compare_locations,
)
from tools.occupations.oews import NATIONAL, TOP_CODE_ANNUAL, Datatype, Flag, load_oews

BOISE, SEATTLE, SF, SAN_JOSE, TEXAS = "0014260", "0042660", "0041860", "0041940", "4800000"
SOFTWARE_DEVELOPERS = "15-1252"


def median(area: str, occupation: str) -> float | None:
    cell = load_oews().cell(area, occupation)
    return cell.value(Datatype.ANNUAL_MEDIAN) if cell else None


def index_by_public_api(area_code: str) -> tuple[float, int]:
    """The documented formula, one cell lookup at a time."""
    data = load_oews()
    weighted = weights = 0.0
    used = 0
    for occupation in data.occupations:
        if occupation.level != 3:
            continue
        national, local = data.cell(NATIONAL, occupation.code), data.cell(area_code, occupation.code)
        if national is None or local is None:
            continue
        employment, national_median = national.value(Datatype.EMPLOYMENT), national.value(Datatype.ANNUAL_MEDIAN)
        local_median = local.value(Datatype.ANNUAL_MEDIAN)
        if employment and national_median and local_median:
            weighted += employment * local_median / national_median
            weights += employment
            used += 1
    return weighted / weights, used


# ---------------------------------------------------------------------------------------------- wage index

def test_the_nation_is_exactly_one() -> None:
    national = area_wage_index(NATIONAL)
    assert national is not None
    assert national.index == 1.0 and national.area_name == "National"
    data = load_oews()
    expected = sum(1 for o in data.occupations if o.level == 3 and median(NATIONAL, o.code) is not None)
    assert national.occupations_used == expected == 825


@pytest.mark.parametrize("area_code", [SF, SAN_JOSE, BOISE, SEATTLE, TEXAS, "0100001", "6600000", "0035620"])
def test_index_follows_the_formula(area_code: str) -> None:
    index = area_wage_index(area_code)
    assert index is not None
    expected, used = index_by_public_api(area_code)
    assert index.index == round(expected, 4)
    assert index.occupations_used == used
    assert index.area_name == load_oews().area_by_code[area_code].name


def test_bay_area_pays_well_above_the_nation() -> None:
    sf, san_jose = area_wage_index(SF), area_wage_index(SAN_JOSE)
    assert sf is not None and san_jose is not None
    assert sf.index > 1.15 and san_jose.index > 1.15
    assert sf.index == 1.3187 and san_jose.index == 1.379
    assert all_area_wage_indexes()[0].area_code == SAN_JOSE


def test_most_rural_areas_pay_below_the_nation() -> None:
    rural = [i for i in all_area_wage_indexes() if "nonmetropolitan" in i.area_name]
    assert len(rural) == 135
    below = sum(1 for i in rural if i.index < 1.0)
    assert below / len(rural) > 0.8  # 120 of 135; the exceptions are in WA, MA, AK, CA, CO, HI, CT, VT, ND, OR


def test_every_area_has_an_index() -> None:
    indexes = all_area_wage_indexes()
    assert len(indexes) == 583
    assert all(0.4 < i.index < 1.6 and i.occupations_used > 0 for i in indexes)
    assert area_wage_index("9999999") is None


def test_every_area_gets_an_index() -> None:
    """How long computing them takes is for bench/, not for a test."""
    data = load_oews()
    geography._indexes_for.cache_clear()
    indexes = geography._indexes_for(data)
    assert len(indexes) == len(data.areas)


# ------------------------------------------------------------------------------------ location comparison

def test_boise_against_seattle_for_software_developers() -> None:
    comparison = compare_locations(SOFTWARE_DEVELOPERS, "Boise", "Seattle")
    boise, seattle = median(BOISE, SOFTWARE_DEVELOPERS), median(SEATTLE, SOFTWARE_DEVELOPERS)
    assert (boise, seattle) == (131590.0, 167280.0)
    assert comparison.occupation_name == "Software Developers"
    assert comparison.national_annual_median == median(NATIONAL, SOFTWARE_DEVELOPERS) == 135980.0
    assert (comparison.home.area_code, comparison.job.area_code) == (BOISE, SEATTLE)
    assert comparison.home.annual_median == boise and comparison.job.annual_median == seattle
    assert comparison.home.missing_reason is None and comparison.home.estimated_annual_median is None
    assert comparison.ratio == round(seattle / boise, 4) == 1.2712
    assert comparison.estimated_ratio == comparison.ratio
    boise_index, seattle_index = area_wage_index(BOISE), area_wage_index(SEATTLE)
    assert boise_index is not None and seattle_index is not None
    assert comparison.home.wage_index == boise_index.index and comparison.job.wage_index == seattle_index.index
    assert comparison.wage_index_ratio == round(seattle_index.index / boise_index.index, 4)
    # The places were names: how they were read is said.
    assert any("Boise City, ID" in note for note in comparison.notes)
    assert any("Seattle-Tacoma-Bellevue, WA" in note for note in comparison.notes)
    # Codes give the same figures, without resolution notes.
    by_code = compare_locations(SOFTWARE_DEVELOPERS, BOISE, SEATTLE)
    assert by_code.ratio == comparison.ratio and by_code.notes == []


def test_an_unreleased_median_is_estimated_from_the_wage_index() -> None:
    economists = "19-3011"
    cell = load_oews().cell(BOISE, economists)
    assert cell is not None and cell.flag(Datatype.ANNUAL_MEDIAN) is Flag.NOT_RELEASED
    comparison = compare_locations(economists, BOISE, SEATTLE)
    national = median(NATIONAL, economists)
    boise_index = area_wage_index(BOISE)
    assert national is not None and boise_index is not None
    home = comparison.home
    assert home.annual_median is None and home.missing_reason == MISSING_REASONS[Flag.NOT_RELEASED]
    assert home.estimated_annual_median == round(boise_index.index * national)
    assert comparison.job.annual_median == median(SEATTLE, economists)
    assert comparison.ratio is None
    assert comparison.estimated_ratio == round(comparison.job.annual_median / home.estimated_annual_median, 4)
    assert any("estimated" in note and "Boise City, ID" in note for note in comparison.notes)


def test_an_occupation_without_a_cell_in_the_area_is_estimated_too() -> None:
    fundraising_managers = "11-2033"
    assert load_oews().cell(BOISE, fundraising_managers) is None
    comparison = compare_locations(fundraising_managers, BOISE, SEATTLE)
    assert comparison.home.missing_reason == NO_ESTIMATE
    assert comparison.home.estimated_annual_median is not None


def test_a_top_coded_median_is_a_floor_not_an_estimate() -> None:
    anesthesiologists = "29-1211"
    comparison = compare_locations(anesthesiologists, BOISE, NATIONAL)
    assert comparison.home.annual_median is None
    assert comparison.home.missing_reason == MISSING_REASONS[Flag.TOP_CODED]
    assert comparison.home.at_least == TOP_CODE_ANNUAL
    assert comparison.home.estimated_annual_median is None
    assert comparison.ratio is None and comparison.estimated_ratio is None
    assert any("top-coded" in note for note in comparison.notes)


def test_no_national_median_means_no_estimate() -> None:
    actors = "27-2011"  # paid by the hour: BLS publishes no annual wage
    comparison = compare_locations(actors, "Boise", "Seattle")
    assert comparison.national_annual_median is None
    assert comparison.national_missing_reason == MISSING_REASONS[Flag.NOT_APPLICABLE]
    assert comparison.home.estimated_annual_median is None and comparison.job.estimated_annual_median is None
    assert comparison.ratio is None and comparison.estimated_ratio is None
    assert comparison.wage_index_ratio is not None


def test_same_area_and_bad_input() -> None:
    same = compare_locations(SOFTWARE_DEVELOPERS, SEATTLE, SEATTLE)
    assert same.ratio == 1.0 and any("same area" in note for note in same.notes)
    with pytest.raises(ValueError, match="occupation"):
        compare_locations("99-9999", BOISE, SEATTLE)
    with pytest.raises(ValueError, match="job location"):
        compare_locations(SOFTWARE_DEVELOPERS, BOISE, "Atlantis")
