"""Tags of the anonymous pages (rendered with or without a request)."""

from django import template

from yiguoji.core.models import District

register = template.Library()


@register.simple_tag
def site_name() -> str:
    district = District.objects.only("name").first()
    return district.name if district else ""


@register.simple_tag
def hotline() -> str:
    district = District.objects.only("complaint_hotline").first()
    return district.complaint_hotline if district else ""


@register.filter
def wan(value) -> str:
    """Yuan as 万元 with two decimals (public pages read like the notice boards)."""
    if value is None:
        return "—"
    return f"{value / 10000:,.2f}"
