"""How amounts read in pages, messages and exports (one place, so they read the same)."""

from __future__ import annotations

from decimal import Decimal


def yuan(value) -> str:
    """1234567.5 -> "1,234,567.50" (yuan, to the fen); "—" when there is no amount."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.2f}"
