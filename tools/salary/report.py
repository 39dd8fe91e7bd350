"""Market data as a terminal table (the CLI's view of the engine's answer)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from tools.salary.market import MarketData, Wages

_ROWS = (("10th percentile", "p10"), ("25th percentile", "p25"), ("Median", "median"), ("75th percentile", "p75"),
         ("90th percentile", "p90"), ("Mean", "mean"))


def _money(wages: Wages, name: str, decimals: int, top_code: str) -> str:
    value = getattr(wages, name)
    if value is not None:
        return f"${value:,.{decimals}f}"
    if name in wages.top_coded:
        return f"≥ {top_code} (top-coded)"
    return "not released" if name in wages.not_released else "—"


def print_market_data(console: Console, result: MarketData) -> None:
    occupation, area = result.occupation, result.area
    console.print(f"[bold]{occupation.title}[/] ({occupation.soc_code}) in [bold]{area.name}[/]")
    console.print(f"[dim]matched “{result.query['title']}” by {occupation.match} "
                  f"({occupation.confidence:.0%}); place by {area.match} ({area.confidence:.0%})[/]")
    table = Table(show_edge=False)
    table.add_column("")
    table.add_column("Annual", justify="right")
    table.add_column("Hourly", justify="right")
    for label, name in _ROWS:
        table.add_row(label, _money(result.annual, name, 0, "$239,200"), _money(result.hourly, name, 2, "$115.00"))
    console.print(table)
    if result.employment is not None:
        console.print(f"Employment: {result.employment:,.0f}")
    level = result.level
    if level is not None:
        console.print(f"Level: {level.statement}")
        if level.target_amount is not None:
            unit, decimals = ("an hour", 2) if level.unit == "hour" else ("a year", 0)
            console.print(f"  around ${level.target_amount:,.{decimals}f} {unit} "
                          f"(${level.low_amount:,.{decimals}f} to ${level.high_amount:,.{decimals}f})")
    if result.comparison:
        places = Table(show_edge=False, title="Place by place")
        places.add_column("Place")
        places.add_column("Median (annual)", justify="right")
        places.add_column("Median (hourly)", justify="right")
        for place in result.comparison:
            places.add_row(place.area.name, _money(place.annual, "median", 0, "$239,200"),
                           _money(place.hourly, "median", 2, "$115.00"))
        console.print(places)
    for note in result.notes:
        console.print(f"[yellow]• {note}[/]")
    if result.alternatives:
        console.print("Also possible: " + "; ".join(f"{a.title} ({a.soc_code})" for a in result.alternatives[:3]))
    console.print(f"[dim]Source: {result.source.name}, {result.source.release}, {result.source.area} "
                  f"({result.source.url})[/]")
