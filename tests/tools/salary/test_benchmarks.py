"""Benchmarks against the shipped OEWS data (expected figures recomputed from `load_oews()`), and the derived
O*NET related-occupations file against its source."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

from tools.salary import derive_related
from tools.salary.benchmarks import (PRIMARY_TIERS, RELATED_FILE, TOP_METROS, TOP_STATES, Benchmarks,
                                     UnknownOccupation, benchmarks, load_related)
from tools.occupations.oews import ALL_INDUSTRIES, NATIONAL, Datatype, Flag, load_oews

SOFTWARE = "15-1252"


@pytest.fixture(scope="module")
def software() -> Benchmarks:
    return benchmarks(SOFTWARE)


def _metros():
    return [a for a in load_oews().areas if a.type == "M" and "nonmetropolitan" not in a.name.lower()]


def _states():
    return [a for a in load_oews().areas if a.type == "S"]


def test_national_figures_are_the_published_ones(software: Benchmarks) -> None:
    cell = load_oews().cell(NATIONAL, SOFTWARE)
    assert software.occupation.title == "Software Developers" and software.occupation.level == 3
    assert software.national.employment == cell.value(Datatype.EMPLOYMENT)
    assert software.national.annual.p25 == cell.value(Datatype.ANNUAL_P25)
    assert software.national.annual.median == cell.value(Datatype.ANNUAL_MEDIAN)
    assert software.national.annual.p75 == cell.value(Datatype.ANNUAL_P75)
    assert software.source.name == "BLS OEWS" and software.source.release == "May 2025"
    assert {s.name for s in software.sources} == {"BLS OEWS", "O*NET Related Occupations"}


def test_every_industry_with_figures_is_listed_with_its_published_numbers(software: Benchmarks) -> None:
    data = load_oews()
    national_median = data.cell(NATIONAL, SOFTWARE).value(Datatype.ANNUAL_MEDIAN)
    expected = set()
    for industry in data.industries:
        cell = data.cell(NATIONAL, SOFTWARE, industry.code)
        if industry.code == ALL_INDUSTRIES or cell is None:
            continue
        figures = [cell.value(d) for d in (Datatype.EMPLOYMENT, Datatype.ANNUAL_P25, Datatype.ANNUAL_MEDIAN,
                                            Datatype.ANNUAL_P75)]
        if any(f is not None for f in figures) or cell.flag(Datatype.ANNUAL_MEDIAN) is Flag.TOP_CODED:
            expected.add(industry.code)
    assert {row.industry_code for row in software.by_industry} == expected and len(expected) > 300
    for row in software.by_industry:
        cell = data.cell(NATIONAL, SOFTWARE, row.industry_code)
        assert row.level == data.industry_by_code[row.industry_code].level
        assert row.employment == cell.value(Datatype.EMPLOYMENT)
        assert (row.annual.p25, row.annual.median, row.annual.p75) == (
            cell.value(Datatype.ANNUAL_P25), cell.value(Datatype.ANNUAL_MEDIAN), cell.value(Datatype.ANNUAL_P75))
        if row.annual.median is not None:
            assert row.ratio_to_national == pytest.approx(row.annual.median / national_median, abs=1e-4)
        else:
            assert row.ratio_to_national is None


def _is_ordered_by_median(rows, median, top_coded) -> bool:
    keys = [(0, 0) if top_coded(r) else (1, -median(r)) if median(r) is not None else (2, 0) for r in rows]
    return keys == sorted(keys)


def test_industries_are_sorted_by_median_top_coded_first_unpublished_last() -> None:
    data = load_oews()
    # an occupation whose industry medians include top-coded ones (physicians)
    result = benchmarks("29-1215")
    assert _is_ordered_by_median(result.by_industry, lambda r: r.annual.median, lambda r: r.median_top_coded)
    assert _is_ordered_by_median(benchmarks(SOFTWARE).by_industry, lambda r: r.annual.median,
                                 lambda r: r.median_top_coded)
    for row in result.by_industry:
        cell = data.cell(NATIONAL, "29-1215", row.industry_code)
        assert row.median_top_coded == (cell.flag(Datatype.ANNUAL_MEDIAN) is Flag.TOP_CODED)
        if row.median_top_coded:
            assert row.annual.median is None and "median" in row.annual.top_coded


def _expected_ranking(code: str, areas, size: int):
    data = load_oews()
    ranked, top_coded, without = [], [], 0
    for area in areas:
        cell = data.cell(area.code, code)
        if cell is None:
            continue
        if cell.flag(Datatype.ANNUAL_MEDIAN) is Flag.TOP_CODED:
            top_coded.append(area.code)
        elif cell.value(Datatype.ANNUAL_MEDIAN) is not None:
            ranked.append((-cell.value(Datatype.ANNUAL_MEDIAN), area.code))
        else:
            without += 1
    ordered = [c for _, c in sorted(ranked)]
    top = ordered[:size]
    bottom = [c for c in reversed(ordered) if c not in top][:size]
    return top, bottom, set(top_coded), len(ordered), without


@pytest.mark.parametrize("code", [SOFTWARE, "29-1215", "53-3032", "11-1011"])
def test_metros_and_states_are_ranked_by_published_median(code: str) -> None:
    data = load_oews()
    result = benchmarks(code)
    for ranking, areas, size in ((result.metros, _metros(), TOP_METROS), (result.states, _states(), TOP_STATES)):
        top, bottom, top_coded, count, without = _expected_ranking(code, areas, size)
        assert [a.area_code for a in ranking.top] == top
        assert [a.area_code for a in ranking.bottom] == bottom
        assert {a.area_code for a in ranking.top_coded} == top_coded
        assert (ranking.ranked, ranking.without_median) == (count, without)
        for entry in ranking.top + ranking.bottom + ranking.top_coded:
            cell = data.cell(entry.area_code, code)
            assert entry.annual_median == cell.value(Datatype.ANNUAL_MEDIAN)
            assert entry.employment == cell.value(Datatype.EMPLOYMENT)
            assert entry.location_quotient == cell.value(Datatype.LOCATION_QUOTIENT)
            assert entry.area == data.area_by_code[entry.area_code].name
        assert all(a.annual_median is not None and not a.median_top_coded for a in ranking.top + ranking.bottom)
        assert all(a.annual_median is None and a.median_top_coded for a in ranking.top_coded)


def test_top_coded_metros_are_listed_apart_not_ranked() -> None:
    result = benchmarks("29-1215")  # family medicine physicians: Albany, OR publishes only "at least $239,200"
    assert "0010540" in {a.area_code for a in result.metros.top_coded}
    assert "0010540" not in {a.area_code for a in result.metros.top + result.metros.bottom}


def test_small_rankings_never_repeat_an_area() -> None:
    data = load_oews()
    # an occupation published in only a few metros
    code = next(o.code for o in data.occupations if o.level == 3
                and 3 <= _expected_ranking(o.code, _metros(), TOP_METROS)[3] < 2 * TOP_METROS)
    result = benchmarks(code)
    codes = [a.area_code for a in result.metros.top + result.metros.bottom]
    assert len(codes) == len(set(codes)) == result.metros.ranked


def test_neighbours_are_onet_related_then_siblings_with_national_medians(software: Benchmarks) -> None:
    data = load_oews()
    own = software.national.annual.median
    related = [(c, t, i) for c, t, i in load_related()["related"][SOFTWARE] if t in PRIMARY_TIERS]
    onet = [n for n in software.neighbours if n.relation == "onet_related"]
    assert [(n.soc_code, n.onet_tier, n.onet_index) for n in onet] == related
    broad = [n.soc_code for n in software.neighbours if n.relation == "same_broad_group"]
    minor = [n.soc_code for n in software.neighbours if n.relation == "same_minor_group"]
    related_codes = {c for c, _, _ in related}
    assert set(broad) == {o.code for o in data.occupations if o.level == 3 and o.code.startswith("15-125")} \
        - related_codes - {SOFTWARE}
    assert set(minor) == {o.code for o in data.occupations if o.level == 3 and o.code.startswith("15-12")} \
        - related_codes - set(broad) - {SOFTWARE}
    for n in software.neighbours:
        cell = data.cell(NATIONAL, n.soc_code)
        assert n.title == data.occupation_by_code[n.soc_code].name
        assert n.national_median == cell.value(Datatype.ANNUAL_MEDIAN)
        assert n.employment == cell.value(Datatype.EMPLOYMENT)
        if n.national_median is not None:
            assert n.difference == pytest.approx(n.national_median - own)
            assert n.ratio == pytest.approx(n.national_median / own, abs=1e-4)
    with_supplemental = benchmarks(SOFTWARE, include_supplemental=True)
    assert len([n for n in with_supplemental.neighbours if n.relation == "onet_related"]) == \
        len(load_related()["related"][SOFTWARE])


@pytest.mark.parametrize("code", ["99-9999", "15-125", "", "15-1252 ", "15_1252"])
def test_unknown_or_malformed_codes_raise_a_value_error(code: str) -> None:
    if code.strip() == SOFTWARE:  # surrounding spaces are forgiven
        assert benchmarks(code).occupation.soc_code == SOFTWARE
        return
    with pytest.raises(UnknownOccupation) as caught:
        benchmarks(code)
    assert isinstance(caught.value, ValueError) and caught.value.field == "soc_code"


def test_hourly_only_occupations_say_so() -> None:
    result = benchmarks("27-2011")  # actors: BLS publishes hourly wages only
    assert result.national.annual.median is None
    assert any("hourly" in note for note in result.notes)


def test_groups_are_accepted_and_said_to_be_groups() -> None:
    result = benchmarks("15-1250")
    assert result.occupation.level == 2 and any("broad group" in n for n in result.notes)


# --- the derived O*NET file ------------------------------------------------------------------------------------

def test_the_derive_script_reproduces_the_shipped_file(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "related.json.gz"
    derive_related.derive(shared_data / "onet" / "Related_Occupations.txt.gz", out)
    assert out.read_bytes() == RELATED_FILE.read_bytes(), "run: python -m tools.salary.derive_related"


def test_the_related_file_follows_its_source(shared_data: Path) -> None:
    data = load_oews()
    with gzip.open(shared_data / "onet" / "Related_Occupations.txt.gz", "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    document = load_related()
    mapping = document["mapping"]

    def soc(onet_code: str) -> str | None:
        return mapping.get(onet_code[:7], onet_code[:7])

    # software developers have a single O*NET code: the shipped list is its list, in order, minus itself
    expected = [(soc(r["Related O*NET-SOC Code"]), r["Relatedness Tier"], int(r["Index"]))
                for r in rows if r["O*NET-SOC Code"] == "15-1252.00"]
    expected = [e for e in expected if e[0] not in (None, SOFTWARE)]
    expected.sort(key=lambda e: e[2])
    expected = [e for n, e in enumerate(expected) if e[0] not in {f[0] for f in expected[:n]}]  # strongest tie kept
    assert [tuple(e) for e in document["related"][SOFTWARE]] == expected
    # every code in the file is one OEWS publishes as a detailed occupation
    detailed = {o.code for o in data.occupations if o.level == 3}
    for source, targets in document["related"].items():
        assert source in detailed and all(t in detailed and t != source for t, _, _ in targets)
    # aggregates OEWS publishes instead of the SOC detail
    assert mapping["13-1021"] == "13-1020" and mapping["21-1011"] == "21-1018" and mapping["51-2022"] == "51-2028"
    assert mapping["11-1031"] is None  # Legislators: not in OEWS
    assert "13-1020" in document["related"]
    assert "CC BY 4.0" in document["attribution"] and document["source"]["release"].startswith("O*NET 29.3")
