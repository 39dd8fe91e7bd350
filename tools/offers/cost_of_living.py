"""Offers in different places, put on one footing with the area wage index (`tools.salary.geography`).

The index says how an area pays for the same mix of work as the nation (1.0 = the nation; BLS OEWS May 2025,
all occupations). Dividing an offer's total by its area's index and multiplying by the reference area's says
what the offer is worth in the reference place's pay terms. It is a wage index, not a price index: local pay
levels follow living costs (housing above all) only roughly, so the view is indicative.
"""

from __future__ import annotations

from pydantic import BaseModel

from tools.money import dollars
from tools.salary.geography import area_wage_index

EXPLANATION = (
    "Adjusted with the BLS OEWS area wage index: how each area pays for the same mix of work, relative to the "
    "nation (1.0). A total is divided by its area's index and multiplied by the reference area's, giving what it "
    "is worth in the reference place's pay terms. This is a wage index, not a price index: it tracks local pay "
    "levels, which follow living costs only roughly, so treat it as indicative."
)


class WageIndexView(BaseModel):
    area_code: str
    area: str
    wage_index: float | None  # None when OEWS has too few published medians for the area
    occupations_used: int | None
    reference_area: str  # the first offer's area
    reference_wage_index: float | None
    relative_to_reference: float | None  # this area's index ÷ the reference's
    first_year_total_adjusted: float | None  # in the reference place's pay terms
    annualised_total_adjusted: float | None
    note: str | None = None


def wage_index_view(area_code: str, area_name: str, reference_code: str, reference_name: str,
                    first_year_total: float, annualised_total: float) -> WageIndexView:
    index, reference = area_wage_index(area_code), area_wage_index(reference_code)
    view = WageIndexView(area_code=area_code, area=area_name, wage_index=index.index if index else None,
                         occupations_used=index.occupations_used if index else None, reference_area=reference_name,
                         reference_wage_index=reference.index if reference else None, relative_to_reference=None,
                         first_year_total_adjusted=None, annualised_total_adjusted=None)
    if index is None or reference is None:
        missing = area_name if index is None else reference_name
        view.note = f"BLS OEWS gives no area wage index for {missing}: no adjusted totals."
        return view
    factor = reference.index / index.index
    view.relative_to_reference = round(index.index / reference.index, 4)
    view.first_year_total_adjusted = dollars(first_year_total * factor)
    view.annualised_total_adjusted = dollars(annualised_total * factor)
    return view
