"""Template helpers for the shell: capability checks, Bootstrap widgets, money, slots."""

from decimal import Decimal

from django import forms, template
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


def shows_wan(field) -> bool:
    """Whether a form field takes a sum of money in 元 that lists show in 万元 (investment,
    funds, wages planned, transfers, assets: the 14-digit amounts, not a daily wage): the
    form then shows the same sum in 万元 as it is typed (portal.js, ``data-wan``), so what
    is typed can be compared with the lists (issue 10, item 17)."""
    inner = getattr(field, "field", field)
    return (
        isinstance(inner, forms.DecimalField)
        and "（元）" in str(inner.label or "")
        and (inner.max_digits or 0) >= 12
    )


@register.filter
def bootstrap(field):
    """Render a bound field's widget with the Bootstrap class for its type."""
    css = _WIDGET_CLASSES.get(field.widget_type, "form-control")
    if field.errors:
        css += " is-invalid"
    existing = field.field.widget.attrs.get("class", "")
    attrs = {"class": f"{existing} {css}".strip()}
    if shows_wan(field):
        attrs["data-wan"] = ""
    return field.as_widget(attrs=attrs)


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


# --- Forms (issue 10, item 17): one way of marking required fields and listing errors ----------

REQUIRED_MARK = mark_safe(
    '<span class="required-mark" aria-hidden="true">*</span>'
    '<span class="visually-hidden">（必填）</span>'
)


@register.filter
def required_mark(field) -> str:
    """The mark after a required field's label: a red star, read out as 必填."""
    return REQUIRED_MARK if getattr(getattr(field, "field", None), "required", False) else ""


def _error_items(form, row: int | None = None, rows: str = ""):
    row_label = f"{rows}第{row}行" if row is not None else ""
    prefix = f"{row_label} · " if row_label else ""
    for message in form.non_field_errors():
        yield {"label": row_label, "message": message, "anchor": ""}
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        bound = form[name] if name in form.fields else None
        label = str(bound.label) if bound is not None and bound.label else name
        anchor = bound.id_for_label if bound is not None and not bound.is_hidden else ""
        for message in errors:
            yield {"label": prefix + label, "message": message, "anchor": anchor}


@register.inclusion_tag("partials/error_summary.html")
def error_summary(*forms):
    """The box at the top of a form posted with errors: 请修正以下 N 处错误, each error with its
    field's label and a link to the field. Takes forms and formsets (their rows numbered)."""
    items = []
    for form in forms:
        if form is None or not getattr(form, "is_bound", False):
            continue
        if hasattr(form, "forms"):  # a formset
            items += [
                {"label": getattr(form, "summary_label", ""), "message": message, "anchor": ""}
                for message in form.non_form_errors()
            ]
            shown = [f for f in form.forms if not (form.can_delete and form._should_delete_form(f))]
            rows = getattr(form, "summary_label", "")
            for number, row in enumerate(shown, start=1):
                items += _error_items(row, number, rows)
        else:
            items += _error_items(form)
    return {"errors": items}


@register.simple_tag
def once_field():
    """The hidden key of a form that creates something: sent twice, it creates it once
    (yiguoji.core.once)."""
    from django.utils.html import format_html

    from yiguoji.core import once

    return format_html('<input type="hidden" name="{}" value="{}">', once.FIELD, once.new_key())
