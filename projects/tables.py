"""Tables of the project pages (django-tables2): the project list and its Excel export."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from projects.templatetags.projects import share_badge, status_badge
from yiguoji.formats import yuan

# Secondary columns step aside on a phone (the detail page has them all).
WIDE_ONLY = {"th": {"class": "d-none d-lg-table-cell"}, "td": {"class": "d-none d-lg-table-cell"}}
WIDE_MONEY = {
    "th": {"class": "d-none d-md-table-cell text-end"},
    "td": {"class": "d-none d-md-table-cell text-end"},
}


class ProjectTable(tables.Table):
    code = tables.Column(
        "项目编号",
        linkify=lambda record: reverse("projects:detail", args=[record.pk]),
        attrs={"td": {"class": "text-nowrap"}},
    )
    name = tables.Column(
        "项目名称", linkify=lambda record: reverse("projects:detail", args=[record.pk])
    )
    year = tables.Column("年度", attrs=WIDE_ONLY)
    townships = tables.Column("乡镇", empty_values=(), orderable=False, attrs=WIDE_ONLY)
    sector = tables.Column("行业", attrs=WIDE_ONLY)
    owner = tables.Column("项目单位", order_by="owner__name", attrs=WIDE_ONLY)
    total_investment = tables.Column("总投资（万元）", attrs=WIDE_MONEY)
    special_funds = tables.Column("专项资金（万元）", attrs=WIDE_MONEY)
    planned_wage_total = tables.Column("计划劳务报酬（万元）", attrs=WIDE_MONEY)
    wage_share = tables.Column(
        "计划劳务报酬占中央资金比例", empty_values=(), attrs={"td": {"class": "text-end"}}
    )
    status = tables.Column("状态")

    class Meta:
        template_name = "partials/table.html"
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("-year", "code")
        orderable = True
        empty_text = "没有符合条件的项目"

    def render_owner(self, value):
        return str(value)

    def value_owner(self, value):
        return value.name

    def render_townships(self, record):
        return "、".join(t.name for t in record.townships.all())

    def value_townships(self, record):
        return self.render_townships(record)

    def _wan(self, value):
        return yuan(value / 10000) if value is not None else "—"

    def render_total_investment(self, value):
        return self._wan(value)

    def render_special_funds(self, value):
        return self._wan(value)

    def render_planned_wage_total(self, value):
        return self._wan(value)

    def value_total_investment(self, value):
        return value

    def value_special_funds(self, value):
        return value

    def value_planned_wage_total(self, value):
        return value

    def render_wage_share(self, record):
        return share_badge(record.wage_share, record.wage_share_target)

    def value_wage_share(self, record):
        return float(record.wage_share) if record.wage_share is not None else None

    def render_status(self, record):
        return status_badge(record.status, record.get_status_display())

    def value_status(self, record):
        return record.get_status_display()

    def render_sector(self, record):
        return record.get_sector_display()

    def value_sector(self, record):
        return record.get_sector_display()


class ComplaintTable(tables.Table):
    """No complainant column: the list (and its export) names nobody."""

    number = tables.Column(
        "编号",
        linkify=lambda record: reverse("projects:complaint", args=[record.pk]),
        attrs={"td": {"class": "text-nowrap"}},
    )
    received_at = tables.DateTimeColumn(
        verbose_name="收到时间", format="Y-m-d H:i", attrs=WIDE_ONLY
    )
    kind = tables.Column("类型")
    project = tables.Column("项目", accessor="project__name", default="（不涉及具体项目）")
    handler = tables.Column("办理单位", accessor="handler__name", attrs=WIDE_ONLY)
    channel = tables.Column("来源", attrs=WIDE_ONLY)
    status = tables.Column("状态")
    deadline = tables.Column("办理期限", empty_values=(), orderable=False)

    class Meta:
        template_name = "partials/table.html"
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("-received_at",)
        empty_text = "没有符合条件的投诉举报。"

    def render_status(self, record):
        if record.escalated_at and record.is_open:
            return format_html(
                '{} <span class="badge text-bg-danger">{}</span>',
                record.get_status_display(),
                record.get_escalated_stage_display(),
            )
        return record.get_status_display()

    def render_deadline(self, record):
        deadline = record.next_deadline()
        if deadline is None:
            return "—"
        return f"{timezone.localtime(deadline):%m-%d %H:%M}"

    def value_status(self, record):
        return record.get_status_display()

    def value_deadline(self, record):
        deadline = record.next_deadline()
        return f"{timezone.localtime(deadline):%Y-%m-%d %H:%M}" if deadline else ""
