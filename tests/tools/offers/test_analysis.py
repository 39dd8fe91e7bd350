"""Offer analysis on the shipped BLS OEWS May 2025 data: totals from their parts, the base on the market curve,
the wage-index view between places, the comparison and what to negotiate."""

from __future__ import annotations

import pytest

from tools.offers.analysis import analyze_offers
from tools.money import dollars
from tools.offers.model import OfferAnalysisRequest
from tools.salary.geography import area_wage_index
from tools.occupations.resolver import NoMatch, resolve
from tools.occupations.oews import Datatype, load_oews

AUSTIN, SEATTLE, SOFTWARE = "0012420", "0042660", "15-1252"


def _figure(area: str, datatype: Datatype, soc: str = SOFTWARE) -> float:
    value = load_oews().cell(area, soc).value(datatype)
    assert value is not None
    return value


def _analyse(*offers: dict, **request: object):
    return analyze_offers(OfferAnalysisRequest(offers=list(offers), **request))


FULL_OFFER = {"label": "Acme", "title": "software developer", "location": "Austin, TX", "base": 120_000,
              "bonus_target_percent": 10, "signing_bonus": 5_000,
              "equity": {"type": "rsu", "grant_value": 80_000, "vesting": {"years": 4, "cliff_months": 12}},
              "retirement_match_percent": 50, "retirement_match_limit_percent": 6, "health_premium_monthly": 200,
              "pto_days": 20, "remote_days_per_week": 2}


def test_first_year_total_is_the_sum_of_its_parts() -> None:
    pay = _analyse(FULL_OFFER).offers[0].compensation
    first = pay.first_year
    assert (first.base, first.target_bonus, first.signing_bonus, first.equity, first.retirement_match,
            first.health_premiums) == (120_000, 12_000, 5_000, 20_000, 3_600, -2_400)
    assert first.total == 158_200
    for year in pay.by_year:
        assert year.total == year.base + year.target_bonus + year.signing_bonus + year.equity \
            + year.retirement_match + year.health_premiums
    assert [year.signing_bonus for year in pay.by_year] == [5_000, 0, 0, 0]


def test_annualised_total_spreads_the_signing_bonus_over_the_vesting_period() -> None:
    pay = _analyse(FULL_OFFER).offers[0].compensation
    assert pay.horizon_years == 4
    assert pay.annualised_total == dollars(sum(year.total for year in pay.by_year) / 4) == 154_450


def test_the_horizon_is_the_longest_vesting_and_shorter_grants_stop_vesting() -> None:
    short = {"label": "Short", "title": "software developer", "base": 100_000,
             "equity": {"type": "rsu", "grant_value": 30_000, "vesting": {"years": 3, "cliff_months": 0}}}
    long = {"label": "Long", "title": "software developer", "base": 100_000,
            "equity": {"type": "rsu", "grant_value": 50_000, "vesting": {"years": 5, "cliff_months": 12}}}
    analysis = _analyse(short, long)
    assert analysis.horizon_years == 5
    assert [y.equity for y in analysis.offers[0].compensation.by_year] == [10_000, 10_000, 10_000, 0, 0]
    assert any("no refresh grants" in a for a in analysis.offers[0].compensation.assumptions)


def test_options_stay_out_of_the_totals_and_get_scenario_totals() -> None:
    offer = {"label": "Startup", "title": "software developer", "base": 100_000,
             "equity": {"type": "options", "shares": 10_000, "strike_price": 1, "preferred_price": 3,
                        "vesting": {"years": 4, "cliff_months": 12}}}
    result = _analyse(offer).offers[0]
    assert result.compensation.first_year.equity == 0 and result.compensation.first_year.total == 100_000
    totals = {s.multiplier: s for s in result.compensation.option_scenarios}
    assert totals[1.0].first_year_total == 100_000 + 5_000  # (3 − 1) × 2,500 options vested in year 1
    assert totals[0.0].annualised_total == 100_000
    assert any(s.term == "equity" for s in result.negotiate)


def test_the_base_is_placed_on_the_oews_curve_for_the_role_and_place() -> None:
    p25, median = _figure(AUSTIN, Datatype.ANNUAL_P25), _figure(AUSTIN, Datatype.ANNUAL_MEDIAN)
    offers = [{"label": "At p25", "title": "software developer", "location": "Austin", "base": p25},
              {"label": "Midway", "title": "software developer", "location": "Austin", "base": (p25 + median) / 2}]
    markets = [r.market for r in _analyse(*offers).offers]
    assert markets[0].soc_code == SOFTWARE and markets[0].area_code == AUSTIN
    assert markets[0].placement == "on_curve" and markets[0].base_percentile == 25
    assert markets[1].base_percentile == 37.5  # straight lines between published percentiles
    assert markets[0].median == median and markets[0].base_minus_median == p25 - median
    assert markets[0].source.name == "BLS OEWS" and markets[0].source.release == "May 2025"


def test_a_base_outside_the_published_range_is_said_to_be_so_not_extrapolated() -> None:
    p10, p90 = _figure(AUSTIN, Datatype.ANNUAL_P10), _figure(AUSTIN, Datatype.ANNUAL_P90)
    low, high = (_analyse({"label": label, "title": "software developer", "location": "Austin", "base": base})
                 .offers[0].market for label, base in (("Low", p10 - 1), ("High", p90 + 1)))
    assert low.placement == "below_published_range" and low.base_percentile is None
    assert "below the 10th percentile" in low.summary
    assert high.placement == "above_published_numbers" and "above the 90th percentile" in high.summary


def test_a_top_coded_median_is_noted_and_never_given_as_a_number() -> None:
    # Family medicine physicians in Albany, OR: BLS publishes every percentile only as "at least" the top code.
    market = _analyse({"label": "Clinic", "title": "family medicine physician", "location": "Albany, OR",
                       "base": 300_000}).offers[0].market
    assert market.median is None and market.median_top_coded
    assert market.placement == "not_placed" and "top-codes" in market.summary
    assert any("top-codes the median" in note for note in market.notes)


def test_an_hourly_only_occupation_is_not_placed_and_says_why() -> None:
    market = _analyse({"label": "Theatre", "title": "actor", "base": 50_000}).offers[0].market
    assert market.unit == "hour" and market.placement == "not_placed" and "hourly" in market.summary


def test_years_of_experience_add_the_personal_target_from_the_salary_range() -> None:
    market = _analyse({"label": "Acme", "title": "software developer", "location": "Austin", "base": 100_000},
                      years_experience=5).offers[0].market
    assert market.personal_target is not None and market.personal_target.percentile == 50
    assert market.personal_target.amount == _figure(AUSTIN, Datatype.ANNUAL_MEDIAN)


def test_the_wage_index_puts_totals_in_the_first_offers_place_terms() -> None:
    analysis = _analyse({"label": "Acme", "title": "software developer", "location": "Austin", "base": 120_000},
                        {"label": "Globex", "title": "software developer", "location": "Seattle", "base": 135_000})
    austin, seattle = area_wage_index(AUSTIN).index, area_wage_index(SEATTLE).index
    view = analysis.offers[1].cost_of_living
    assert view.wage_index == seattle and view.reference_wage_index == austin
    assert view.relative_to_reference == round(seattle / austin, 4)
    assert view.first_year_total_adjusted == dollars(135_000 * austin / seattle)
    assert analysis.offers[0].cost_of_living.first_year_total_adjusted == 120_000
    assert "not a price index" in analysis.comparison.cost_of_living


def test_the_comparison_names_the_leader_on_each_measure() -> None:
    analysis = _analyse({"label": "Acme", "title": "software developer", "location": "Austin", "base": 120_000},
                        {"label": "Globex", "title": "software developer", "location": "Seattle", "base": 135_000})
    leads = {lead.measure: lead for lead in analysis.comparison.leads}
    assert leads["first_year_total"].leader == "Globex" and leads["first_year_total"].margin == 15_000
    assert leads["annualised_total"].leader == "Globex"
    # Seattle pays more for the same work than Austin: in Austin terms, Acme's offer is worth more.
    assert leads["first_year_total_wage_index_adjusted"].leader == "Acme"
    assert "Globex leads on first-year total: $135,000, $15,000 more than Acme ($120,000)." in \
        analysis.comparison.summary
    assert analysis.source.name == "BLS OEWS" and "Seattle-Tacoma-Bellevue, WA" in analysis.source.area


def test_one_offer_has_no_comparison() -> None:
    assert _analyse({"label": "Acme", "title": "nurse", "base": 90_000}).comparison is None


def test_a_base_below_the_median_gets_a_base_ask_citing_the_median() -> None:
    median = _figure(AUSTIN, Datatype.ANNUAL_MEDIAN)
    result = _analyse({"label": "Acme", "title": "software developer", "location": "Austin",
                       "base": median - 10_000}).offers[0]
    base = next(s for s in result.negotiate if s.term == "base")
    assert f"${median:,.0f}" in base.ask and "BLS OEWS May 2025" in base.reason
    assert "$10,000 below the median" in base.reason


def test_a_base_above_the_median_gets_no_base_ask() -> None:
    median = _figure(AUSTIN, Datatype.ANNUAL_MEDIAN)
    result = _analyse({"label": "Acme", "title": "software developer", "location": "Austin",
                       "base": median + 10_000, "signing_bonus": 10_000}).offers[0]
    assert [s.term for s in result.negotiate] == []


def test_other_terms_to_negotiate() -> None:
    acme = {"label": "Acme", "title": "software developer", "location": "Austin", "base": 300_000, "pto_days": 10,
            "equity": {"type": "rsu", "grant_value": 100_000, "vesting": {"cliff_months": 18}}}
    globex = {"label": "Globex", "title": "software developer", "location": "Austin", "base": 310_000,
              "signing_bonus": 20_000, "pto_days": 25, "remote_days_per_week": 3,
              "equity": {"type": "rsu", "grant_value": 100_000, "vesting": {"schedule_percent": [5, 15, 40, 40]}}}
    acme_asks, globex_asks = ({s.term: s for s in r.negotiate} for r in _analyse(acme, globex).offers)
    assert set(acme_asks) == {"signing_bonus", "vesting", "pto", "remote", "leverage"}
    assert "cliff of 12 months or less" in acme_asks["vesting"].ask and "year 1 has no equity" in acme_asks["vesting"].reason
    assert "25 paid days off, as Globex offers" in acme_asks["pto"].ask
    assert "Globex's first-year total" in acme_asks["leverage"].reason
    assert set(globex_asks) == {"vesting"} and "5%" in globex_asks["vesting"].reason  # back-loaded


def test_few_days_off_alone_are_an_ask() -> None:
    result = _analyse({"label": "Acme", "title": "nurse", "base": 500_000, "signing_bonus": 1, "pto_days": 10})
    pto = next(s for s in result.offers[0].negotiate if s.term == "pto")
    assert "rule of thumb" in pto.reason


def test_an_unknown_title_names_the_offer_and_suggests() -> None:
    with pytest.raises(NoMatch) as caught:
        _analyse({"label": "Acme", "title": "nurse", "base": 90_000},
                 {"label": "Globex", "title": "qwertyuiop zxcv", "base": 90_000})
    assert caught.value.field == "offers.1.title"


def test_no_location_or_remote_uses_national_figures_and_says_so() -> None:
    analysis = _analyse({"label": "Acme", "title": "nurse", "base": 90_000},
                        {"label": "Globex", "title": "nurse", "location": "remote", "base": 95_000})
    assert [r.market.area_code for r in analysis.offers] == ["0000000", "0000000"]
    assert any("Acme: no location given" in note for note in analysis.notes)
    assert any("Globex: 'remote' reads as nationwide" in note for note in analysis.notes)
    assert resolve("nurse", None)[1].best.code == "0000000"
