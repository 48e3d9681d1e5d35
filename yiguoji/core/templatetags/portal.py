"""Template helpers for the shell: capability checks, Bootstrap widgets, money, slots."""

from decimal import Decimal

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from yiguoji import formats
from yiguoji.core import access, registry

register = template.Library()

_WIDGET_CLASSES = {
    "select": "form-select",
    "selectmultiple": "form-select",
    "checkbox": "form-check-input",
    "radioselect": "",
    "checkboxselectmultiple": "",
    "clearablefile": "form-control",
    "file": "form-control",
}


@register.filter
def bootstrap(field):
    """Render a bound field's widget with the Bootstrap class for its type."""
    css = _WIDGET_CLASSES.get(field.widget_type, "form-control")
    if field.errors:
        css += " is-invalid"
    existing = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def can(user, capability: str) -> bool:
    return access.has(user, capability)


register.filter("yuan", formats.yuan)


@register.filter
def wan(value) -> str:
    """Yuan shown in 万元 with two decimals: 1234567 -> "123.46"."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value) / Decimal(10000):,.2f}"


@register.filter
def percent(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value) * 100:.{int(digits)}f}%"


@register.simple_tag(takes_context=True)
def slot(context, name: str, obj=None):
    """Render what higher apps registered for this place on a page (registry.slot)."""
    request = context.get("request")
    parts = [provider(request, obj) for provider in registry.slot_providers(name)]
    return mark_safe("".join(str(part) for part in parts if part))  # providers return safe HTML


@register.simple_tag
def history_url(obj) -> str:
    from django.urls import reverse

    return reverse(
        "core:object_history",
        args=[obj._meta.app_label, obj._meta.model_name, obj.pk],
    )


@register.simple_tag(takes_context=True)
def history_link(context, obj, style: str = "link"):
    """The 变更记录 link of ``obj``, or nothing for a user who may not read the audit trail: a
    page never links to what its reader cannot open (issue 10, item 22). ``style="button"``
    renders the outlined button of the detail pages' headers."""
    from django.utils.html import format_html

    from yiguoji.core.capabilities import VIEW_AUDIT

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not access.has(user, VIEW_AUDIT):
        return ""
    url = history_url(obj)
    if style == "button":
        return format_html(
            '<a class="btn btn-outline-secondary btn-sm" href="{}">'
            '<i class="bi bi-clock-history"></i> 变更记录</a>',
            url,
        )
    return format_html('<a href="{}">变更记录</a>', url)


@register.filter
def join_labels(values, separator: str = "、") -> str:
    return format_html_join(separator, "{}", ((str(v),) for v in values))


@register.filter
def beijing(moment) -> str:
    """A time in Beijing time as people write it: "2026年12月4日 09:30" (issue 10 item 16)."""
    from yiguoji.core.history import beijing as words

    return words(moment)
