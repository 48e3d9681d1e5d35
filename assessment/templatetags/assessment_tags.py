"""Numbers as the dashboard shows them on a projector and a phone: large, short, with units."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

register = template.Library()

YI = Decimal(100_000_000)
WAN = Decimal(10_000)


@register.filter
def money_big(value) -> str:
    """Yuan in 万元, or in 亿元 from one hundred million on: "305.58<small>亿元</small>"."""
    value = Decimal(value or 0)
    if abs(value) >= YI:
        return format_html("{}<small>亿元</small>", f"{value / YI:,.2f}")
    return format_html("{}<small>万元</small>", f"{value / WAN:,.2f}")


@register.filter
def count(value) -> str:
    """12345 -> "12,345"."""
    return f"{int(value or 0):,}"
