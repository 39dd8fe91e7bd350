"""Dollar amounts: rounded the same way everywhere, and written the same way in every sentence."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def dollars(amount: float) -> float:
    """Whole dollars, halves rounded up (so parts and their sums agree however they are added)."""
    return float(Decimal(repr(amount)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def money(amount: float | None) -> str:
    """$120,000 or -$2,400; an em dash for no figure."""
    if amount is None:
        return "—"
    return f"-${-amount:,.0f}" if amount < 0 else f"${amount:,.0f}"
