"""Template helpers of the project pages: status badges and the wage share against target."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

from projects.choices import DocumentKind, NoticeKind, ProjectStatus, WorkSegment

register = template.Library()

S = ProjectStatus
STATUS_COLOURS = {
    S.RESERVE: "secondary",
    S.REVIEWED: "info",
    S.LISTED: "primary",
    S.APPROVED: "primary",
    S.STARTED: "warning",
    S.IN_PROGRESS: "warning",
    S.COMPLETED: "success",
    S.ACCEPTED: "success",
    S.MAINTENANCE: "success",
    S.WITHDRAWN: "dark",
}


@register.simple_tag
def status_badge(status: str, label: str | None = None):
    colour = STATUS_COLOURS.get(status, "secondary")
    text_colour = " text-dark" if colour in ("warning", "info") else ""
    return format_html(
        '<span class="badge text-bg-{}{}">{}</span>',
        colour,
        text_colour,
        label or ProjectStatus(status).label,
    )


def _percent(value: Decimal) -> str:
    return f"{Decimal(value) * 100:.1f}%"


@register.simple_tag
def share_badge(share, target):
    """The wage share, green when it meets the year's target, red when below, grey when the
    target or the special funds are missing."""
    if share is None:
        return format_html('<span class="text-muted" title="{}">—</span>', "无以工代赈专项资金")
    if target is None:
        return format_html(
            '<span class="badge text-bg-light border" title="{}">{}</span>',
            "本年度尚未设置比例目标",
            _percent(share),
        )
    if share < target:
        return format_html(
            '<span class="badge text-bg-danger" title="低于年度目标 {}">{} ↓</span>',
            _percent(target),
            _percent(share),
        )
    return format_html(
        '<span class="badge text-bg-success" title="达到年度目标 {}">{}</span>',
        _percent(target),
        _percent(share),
    )


@register.filter
def pct(value) -> str:
    return _percent(value) if value is not None else "—"


@register.filter
def segment_labels(values) -> str:
    labels = dict(WorkSegment.choices)
    return "、".join(str(labels.get(v, v)) for v in values or [])


@register.filter
def document_kind_label(value) -> str:
    return DocumentKind(value).label


@register.filter
def notice_kind_label(value) -> str:
    return NoticeKind(value).label


@register.filter
def status_label(value) -> str:
    return ProjectStatus(value).label
