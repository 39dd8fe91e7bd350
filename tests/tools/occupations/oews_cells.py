"""Finding OEWS cells with a given shape, for tests of top-coded and partly published pay curves."""

from __future__ import annotations

import pytest

from tools.occupations.oews import Flag, load_oews
from tools.salary.personalized import ANNUAL


def cell_with_flags(pattern: tuple[str, ...]) -> tuple[str, str]:
    """An (area, occupation) whose annual p10..p90 flags match: V published, T top-coded (searched among the
    29-12xx physicians, where top-coding is common)."""
    data = load_oews()
    for occupation in (o for o in data.occupations if o.code.startswith("29-12")):
        for area in data.areas:
            cell = data.cell(area.code, occupation.code)
            if cell is None:
                continue
            flags = tuple("T" if cell.flag(d) is Flag.TOP_CODED else "V" if cell.value(d) is not None else "-"
                          for d in ANNUAL)
            if flags == pattern:
                return area.code, occupation.code
    pytest.skip(f"no cell with the pattern {pattern} in this release")
