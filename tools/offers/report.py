"""An offer analysis as a terminal table, offers side by side (the CLI's view of the engine's answer)."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tools.offers.analysis import OfferAnalysis, OfferResult
from tools.offers.equity import OptionsValue
from tools.money import money


def _number(value: float | None, unit: str = "") -> str:
    return "—" if value is None else f"{value:g}{unit}"


def _position(result: OfferResult) -> str:
    market = result.market
    if market.placement == "on_curve":
        return f"p{market.base_percentile:g}"
    return {"below_published_range": "below p10", "above_published_numbers": "above published",
            "not_placed": "not placed"}[market.placement]


def _option_row(multiplier: float) -> Callable[[OfferResult], str]:
    def cell(result: OfferResult) -> str:
        scenario = next((s for s in result.compensation.option_scenarios if s.multiplier == multiplier), None)
        return money(scenario.annualised_total) if scenario else "—"

    return cell


def print_offer_analysis(console: Console, analysis: OfferAnalysis) -> None:
    results = analysis.offers
    reference = results[0].cost_of_living.reference_area
    table = Table(show_edge=False, title="Offers side by side")
    table.add_column("")
    for result in results:
        table.add_column(escape(result.label), justify="right")
    rows: list[tuple[str, Callable[[OfferResult], str]]] = [
        ("Occupation", lambda r: f"{r.market.occupation} ({r.market.soc_code})"),
        ("Place", lambda r: r.market.area),
        ("Base", lambda r: money(r.compensation.first_year.base)),
        ("Target bonus", lambda r: money(r.compensation.first_year.target_bonus)),
        ("Signing bonus", lambda r: money(r.compensation.first_year.signing_bonus)),
        ("RSUs vesting in year 1", lambda r: money(r.compensation.first_year.equity)),
        ("Retirement match", lambda r: money(r.compensation.first_year.retirement_match)),
        ("Health premiums", lambda r: money(r.compensation.first_year.health_premiums)),
        ("First-year total", lambda r: money(r.compensation.first_year.total)),
        (f"Annualised total ({analysis.horizon_years} yrs)", lambda r: money(r.compensation.annualised_total)),
    ]
    if any(isinstance(r.equity, OptionsValue) for r in results):
        multipliers = next(r.equity.multipliers for r in results if isinstance(r.equity, OptionsValue))
        rows += [(f"Annualised, options at {m:g}× preferred", _option_row(m)) for m in multipliers]
    rows += [
        ("Base on the market", _position),
        ("Market median", lambda r: money(r.market.median) if not r.market.median_top_coded else "≥ $239,200"),
        ("Area wage index", lambda r: _number(r.cost_of_living.wage_index)),
        (f"First year in {reference} terms", lambda r: money(r.cost_of_living.first_year_total_adjusted)),
        (f"Annualised in {reference} terms", lambda r: money(r.cost_of_living.annualised_total_adjusted)),
        ("PTO days", lambda r: _number(r.benefits.pto_days)),
        ("Remote days a week", lambda r: _number(r.benefits.remote_days_per_week)),
    ]
    for label, cell in rows:
        style = "bold" if "total" in label and "options" not in label else None
        table.add_row(escape(label), *(escape(cell(r)) for r in results), style=style)
    console.print(table)
    if analysis.comparison:
        for line in analysis.comparison.summary:
            console.print(f"• {escape(line)}", highlight=False)
        console.print(f"[dim]{escape(analysis.comparison.cost_of_living)}[/]")
    for result in results:
        console.print(f"\n[bold]{escape(result.label)}[/]: {escape(result.market.summary)}", highlight=False)
        for suggestion in result.negotiate:
            console.print(f"  → {escape(suggestion.ask)} [dim]{escape(suggestion.reason)}[/]", highlight=False)
        if isinstance(result.equity, OptionsValue):
            console.print(f"  [yellow]{escape(result.equity.warning)}[/]", highlight=False)
        for note in result.market.notes + result.compensation.assumptions:
            console.print(f"  [dim]• {escape(note)}[/]", highlight=False)
    for note in analysis.notes:
        console.print(f"[yellow]• {escape(note)}[/]", highlight=False)
    source = analysis.source
    console.print(f"[dim]Source: {source.name}, {source.release}, {escape(source.area)} ({source.url})[/]",
                  highlight=False)
