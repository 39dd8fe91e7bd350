"""Grounding: is every figure in a reply backed by a tool result of the same turn?

`extract_figures(text)` finds the numbers a reader takes as facts:
- money: `$123,400`, `$123.4k`, `$1.2M`, `123.4k`, and bare numbers of five digits or more (`123400`);
- percentages: `12%`, `12.5%`, `+4.9%` (the sign is not compared: "falls 3%" is the same figure as -3);
- counts written with thousands separators: `30,380`, `3,391,000`.
Not figures: small bare numbers (years "2034", "6 years"), codes like `15-1252`, and percentile labels
("top 10%", "bottom 10%", "middle 50%"), which name a point of a distribution rather than quote a value.

`tool_numbers(data)` collects every number in tool results: numeric values, and numbers written inside
strings (notes such as "at least $239,200").

A figure is grounded when some tool number, scaled like the figure (k = thousands, M = millions), rounds to
the figure at the precision it is displayed with (`$140k` ← 139,960; `78%` ← 0.782 or 78.2; `$48.62` ←
48.62). `check_grounding` also asks that a reply quoting money names a source: one of the turn's tool
results' `source.name` (or `sources[].name`) appears in it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["money", "percent", "count"]

_SCALES = {"": 1.0, "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6}
_NUM = r"\d{1,3}(?:,\d{3})+|\d+"
_FIGURE = re.compile(
    r"(?P<money>(?P<dollar>\$)\s?(?P<mnum>" + _NUM + r")(?P<mdec>\.\d+)?(?:\s?(?P<mscale>[kKmM])\b)?)"
    r"|(?P<percent>(?P<pnum>\d+)(?P<pdec>\.\d+)?\s?%)"
    r"|(?P<kilo>(?<![\w.$,])(?P<knum>\d+)(?P<kdec>\.\d+)?(?P<kscale>[kK])\b)"
    r"|(?P<count>(?<![\w.$,-])(?P<cnum>\d{1,3}(?:,\d{3})+)(?P<cdec>\.\d+)?(?![\d,]*\d))"
    r"|(?P<bare>(?<![\w.$,-])(?P<bnum>\d{5,})(?P<bdec>\.\d+)?(?![\w-]))"
)
_PERCENTILE_LABEL = re.compile(r"\b(?:top|bottom|lowest|highest|middle|upper|lower)\s+$", re.I)
_ANY_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")


@dataclass(frozen=True)
class Figure:
    text: str  # as written in the reply
    kind: Kind
    value: float  # the displayed number, before the scale: "$123.4k" → 123.4
    decimals: int  # digits after the decimal point as displayed
    scale: float = 1.0  # 1, 1e3 (k) or 1e6 (M)

    @property
    def amount(self) -> float:
        return self.value * self.scale


def _number(integer: str, decimals: str | None) -> tuple[float, int]:
    digits = (decimals or "")[1:]
    return float(integer.replace(",", "") + ("." + digits if digits else "")), len(digits)


def extract_figures(text: str) -> list[Figure]:
    figures: list[Figure] = []
    for match in _FIGURE.finditer(text):
        if match.group("money"):
            value, decimals = _number(match.group("mnum"), match.group("mdec"))
            scale = _SCALES[match.group("mscale") or ""]
            figures.append(Figure(match.group("money").strip(), "money", value, decimals, scale))
        elif match.group("percent"):
            if _PERCENTILE_LABEL.search(text[:match.start()]):
                continue
            value, decimals = _number(match.group("pnum"), match.group("pdec"))
            figures.append(Figure(match.group("percent"), "percent", value, decimals))
        elif match.group("kilo"):
            value, decimals = _number(match.group("knum"), match.group("kdec"))
            figures.append(Figure(match.group("kilo"), "money", value, decimals, 1e3))
        elif match.group("count"):
            value, decimals = _number(match.group("cnum"), match.group("cdec"))
            figures.append(Figure(match.group("count"), "count", value, decimals))
        elif match.group("bare"):
            value, decimals = _number(match.group("bnum"), match.group("bdec"))
            figures.append(Figure(match.group("bare"), "money", value, decimals))
    return figures


def tool_numbers(data: Any) -> list[float]:
    """Every number in a tool result (walks dicts and lists; reads numbers written in strings)."""
    numbers: list[float] = []

    def walk(value: Any) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, (int, float)):
            if math.isfinite(value):
                numbers.append(float(value))
        elif isinstance(value, str):
            for integer, decimals in _ANY_NUMBER.findall(value):
                numbers.append(_number(integer, decimals)[0])
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(data)
    return numbers


def _rounds_to(candidate: float, shown: float, decimals: int) -> bool:
    # Within half a unit of the last displayed digit (either rounding convention), plus float slack.
    return abs(abs(candidate) - abs(shown)) <= 0.5 * 10 ** -decimals + 1e-9


def is_grounded(figure: Figure, numbers: Iterable[float]) -> bool:
    for number in numbers:
        if figure.kind == "percent":
            if _rounds_to(number, figure.value, figure.decimals) or _rounds_to(number * 100, figure.value,
                                                                               figure.decimals):
                return True
        elif _rounds_to(number / figure.scale, figure.value, figure.decimals):
            return True
    return False


def source_names(tool_results: Iterable[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for result in tool_results:
        data = result.get("data") if isinstance(result, dict) else None
        if not isinstance(data, dict):
            continue
        candidates = [data.get("source")] + list(data.get("sources") or [])
        for source in candidates:
            if isinstance(source, dict) and isinstance(source.get("name"), str) and source["name"] not in names:
                names.append(source["name"])
    return names


def check_grounding(reply: str, tool_results: list[dict[str, Any]]) -> list[str]:
    """Problems with a reply's figures ([] when grounded). tool_results: [{name, data}] of the turn."""
    numbers = [n for result in tool_results for n in tool_numbers(result.get("data"))]
    problems = [f"{figure.kind} figure {figure.text!r} is in no tool result of this turn"
                for figure in extract_figures(reply) if not is_grounded(figure, numbers)]
    if any(figure.kind == "money" for figure in extract_figures(reply)):
        names = source_names(tool_results)
        if not names:
            problems.append("the reply quotes money but no tool result of this turn has a source")
        elif not any(name.lower() in reply.lower() for name in names):
            problems.append(f"the reply quotes money but names none of its sources ({', '.join(names)})")
    return problems
