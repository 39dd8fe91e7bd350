"""Employment Projections 2024–34 for an occupation, checked against BLS's table, and live series through the
BLS / FRED clients against a local stub server."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.tools.salary.test_series_clients import (BLS_REFUSED, CPI_ROWS, ECI_ROWS, FRED_OK, Reply, StubServer,
                                                    bls_ok, running_stub)
from tools.salary import derive_projections
from tools.occupations.oews import load_oews
from tools.salary.series_clients import BlsClient, FredClient
from tools.salary.trends import (DATA_FILE, Trends, UnknownOccupation, growth_category, load_projections, trends,
                                 whole_percent)

SOURCE_FILE = "bls_projections/ep_2024_34_table_1_2_occupational_projections.csv.gz"
TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def table(shared_data: Path) -> dict[str, dict[str, str]]:
    """BLS's Table 1.2 as staged, by code."""
    with gzip.open(shared_data / SOURCE_FILE, "rt", encoding="utf-8", newline="") as handle:
        return {row["2024 National Employment Matrix code"]: row for row in csv.DictReader(handle)}


def test_the_derive_script_reproduces_the_shipped_file(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "projections.json.gz"
    count = derive_projections.derive(shared_data / SOURCE_FILE, out)
    assert count == 1113
    assert out.read_bytes() == DATA_FILE.read_bytes(), "run: python -m tools.salary.derive_projections"


def test_every_figure_matches_the_bls_table(table: dict[str, dict[str, str]]) -> None:
    projections = load_projections()
    assert set(projections.occupations) == set(table)
    for code, row in table.items():
        result = trends(code, today=TODAY).projection
        assert result is not None
        assert result.title == row["2024 National Employment Matrix title"]
        assert result.employment_2024_thousands == float(row["Employment, 2024"])
        assert result.employment_2034_thousands == float(row["Employment, 2034"])
        assert result.change_thousands == float(row["Employment change, numeric, 2024–34"])
        assert result.change_percent == float(row["Employment change, percent, 2024–34"])
        assert result.annual_openings_thousands == float(row["Occupational openings, 2024–34 annual average"])
        assert result.employment_2024 == round(float(row["Employment, 2024"]) * 1000)
        assert result.annual_openings == round(float(row["Occupational openings, 2024–34 annual average"]) * 1000)
        wage = row["Median annual wage, dollars, 2024[1]"]
        if wage == ">=$239,200":
            assert result.median_wage_top_coded and result.median_annual_wage_2024 is None
        elif wage == "—":
            assert result.median_annual_wage_2024 is None and not result.median_wage_top_coded
        else:
            assert result.median_annual_wage_2024 == float(wage) and not result.median_wage_top_coded
        education = row["Typical education needed for entry"]
        assert result.typical_education == (None if education == "—" else education)
        self_employed = row["Percent self employed, 2024"]
        assert result.self_employed_percent == (None if self_employed == "—" else float(self_employed))


def test_software_developers(table: dict[str, dict[str, str]]) -> None:
    result = trends("15-1252", today=TODAY)
    row = table["15-1252"]
    projection = result.projection
    assert projection is not None and projection.occupation_type == "Line item"
    assert projection.change_percent == float(row["Employment change, percent, 2024–34"])
    assert projection.typical_education == "Bachelor's degree"
    assert projection.all_occupations_change_percent == float(table["00-0000"]["Employment change, percent, 2024–34"])
    assert projection.growth_category == "much faster than average"
    assert "against +3% for all occupations" in projection.growth_basis
    assert result.source.name == "BLS Employment Projections" and result.source.release == "2024–34"
    assert result.source.area == "United States" and result.market_series == []


def test_top_coded_wages_stay_top_coded(table: dict[str, dict[str, str]]) -> None:
    code = next(c for c, r in table.items() if r["Median annual wage, dollars, 2024[1]"] == ">=$239,200")
    result = trends(code, today=TODAY)
    assert result.projection.median_wage_top_coded and result.projection.median_annual_wage_2024 is None
    assert any("at least $239,200" in note for note in result.notes)


@pytest.mark.parametrize(("change", "category"), [
    (40.0, "much faster than average"), (7.5, "much faster than average"), (7.4, "faster than average"),
    (5.0, "faster than average"), (4.4, "as fast as average"), (1.5, "as fast as average"),
    (1.4, "slower than average"), (0.5, "slower than average"), (0.4, "little or no change"),
    (-0.4, "little or no change"), (-0.5, "decline"), (-36.1, "decline"),
])
def test_growth_bands_relative_to_the_average(change: float, category: str) -> None:
    assert growth_category(change, 3.1)[0] == category


def test_growth_bands_follow_the_average_and_rounding_is_half_away_from_zero() -> None:
    assert growth_category(6.0, 4.0)[0] == "faster than average"  # bands move with the all-occupations change
    assert growth_category(9.0, 4.0)[0] == "much faster than average"
    assert whole_percent(2.5) == 3 and whole_percent(-2.5) == -3 and whole_percent(0.049) == 0


def test_every_detailed_occupation_gets_a_category_and_bands_are_ordered() -> None:
    projections = load_projections()
    average = projections.occupations["00-0000"]["change_percent"]
    order = ["decline", "little or no change", "slower than average", "as fast as average", "faster than average",
             "much faster than average"]
    rows = sorted((r["change_percent"], growth_category(r["change_percent"], average)[0])
                  for r in projections.occupations.values())
    ranks = [order.index(category) for _, category in rows]
    assert ranks == sorted(ranks)  # a bigger change never gets a lower band


def test_groups_and_codes_without_a_projection() -> None:
    assert "occupation group" in " ".join(trends("15-1250", today=TODAY).notes)
    data = load_oews()
    missing = next((o.code for o in data.occupations if load_projections().get(o.code) is None), None)
    if missing is not None:
        result = trends(missing, today=TODAY)
        assert result.projection is None and result.title == data.occupation_by_code[missing].name


@pytest.mark.parametrize("code", ["99-9999", "151252", "", "15-1252; drop"])
def test_unknown_codes_raise_a_value_error_naming_the_field(code: str) -> None:
    with pytest.raises(UnknownOccupation) as caught:
        trends(code)
    assert isinstance(caught.value, ValueError) and caught.value.field == "soc_code"


# --- live series, only when a client is given ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    with running_stub() as server:
        yield server


def test_bls_series_are_added_with_their_source(stub: StubServer) -> None:
    stub.script(Reply(body=bls_ok(("CIU2020000000000A", ECI_ROWS), ("CUUR0000SA0", CPI_ROWS))))
    with BlsClient("key", base_url=stub.url, backoff=0.0, max_wait=0.0) as client:
        result = trends("15-1252", bls=client, years=2, today=TODAY)
    assert stub.requests[0].body["startyear"] == "2024" and stub.requests[0].body["endyear"] == "2026"
    eci, cpi = result.market_series
    assert eci.series_id == "CIU2020000000000A" and eci.service == "BLS" and eci.unit == "percent"
    assert eci.latest.value == 3.5 and eci.latest.date == date(2025, 7, 1)
    assert eci.change_12_months_percent is None  # already a 12-month change
    assert cpi.latest.value == 324.054
    assert cpi.change_12_months_percent == round((324.054 / 315.605 - 1) * 100, 1)
    assert [p.date for p in cpi.observations] == [date(2025, 11, 1), date(2025, 12, 1)]  # the last `years` years
    assert cpi.source.name == "BLS Public Data API"
    assert {s.name for s in result.sources} == {"BLS Employment Projections", "BLS Public Data API"}
    assert result.projection is not None


def test_fred_series_are_added(stub: StubServer) -> None:
    stub.script(Reply(body=FRED_OK))
    with FredClient("key", base_url=stub.url, backoff=0.0, max_wait=0.0) as client:
        result = trends("15-1252", fred=client, years=2, today=TODAY)
    assert [r.query["series_id"][0] for r in stub.requests] == ["ECIWAG", "CPIAUCSL"]
    assert stub.requests[0].query["observation_start"] == ["2024-01-01"]
    series = result.market_series[1]
    assert series.service == "FRED" and series.latest.value == 324.1 and series.latest.date == date(2025, 11, 1)
    assert series.change_12_months_percent == round((324.1 / 316.4 - 1) * 100, 1)


def test_a_failing_service_never_fails_the_answer(stub: StubServer) -> None:
    stub.script(Reply(body=BLS_REFUSED))
    with BlsClient("key", base_url=stub.url, backoff=0.0, max_wait=0.0) as client:
        result = trends("15-1252", bls=client, today=TODAY)
    assert isinstance(result, Trends) and result.projection is not None and result.market_series == []
    assert any("BLS" in n and "REQUEST_NOT_PROCESSED" in n and "daily threshold" in n for n in result.notes)


def test_the_shipped_file_names_its_source() -> None:
    document = load_projections()
    assert document.source["name"] == "BLS Employment Projections" and document.source["release"] == "2024–34"
    assert len(document.source["sha256"]) == 64 and document.source["file"] == SOURCE_FILE
    assert "Bureau of Labor Statistics" in document.attribution
