"""Tables of the assessment lists (django-tables2); the Excel export uses the same columns."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from yiguoji.formats import yuan
from yiguoji.xlsx import MONEY, PERCENT

ATTRS = {"class": "table table-sm table-striped table-hover align-middle"}
NUM = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}
NOWRAP = {"td": {"class": "text-nowrap"}}


class MoneyColumn(tables.Column):
    number_format = MONEY  # in the export: a number in 元, two decimals

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUM)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return yuan(value)

    def value(self, value):
        return value


class ShareColumn(tables.Column):
    """A fraction shown as "30.0%" on the page and written as the number 0.3 in Excel."""

    number_format = PERCENT

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUM)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return f"{value * 100:.1f}%"

    def value(self, value):
        return value


class DaysColumn(tables.Column):
    """Person-days: "12.5" on the page, the number in Excel."""

    number_format = "#,##0.##"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUM)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return f"{value.normalize():f}" if value else "0"

    def value(self, value):
        return value


def _project(record) -> str:
    return reverse("projects:detail", args=[record.project_id])


class ProjectColumn(tables.Column):
    """A project as officials scan a list: its name (linked), its code small beneath; one
    "code name" cell in Excel."""

    def __init__(self, *args, target=None, **kwargs):
        self.target = target  # the URL of the row's own page, else the project's page
        kwargs.setdefault("attrs", {"td": {"class": "min-w-13"}})
        kwargs.setdefault("order_by", ("project__code",))
        super().__init__(*args, **kwargs)

    def render(self, record, value):
        project = value
        url = self.target(record) if self.target else reverse("projects:detail", args=[project.pk])
        return format_html(
            '<a href="{}">{}</a><div class="small text-muted">{}</div>', url, project.name,
            project.code,
        )  # fmt: skip

    def value(self, value):
        return f"{value.code} {value.name}"


class ReportTable(tables.Table):
    month = tables.Column("月份", attrs=NOWRAP)
    project = ProjectColumn(
        "项目", target=lambda record: reverse("assessment:report", args=[record.pk])
    )
    workers = tables.Column("务工人数", attrs=NUM)
    priority_workers = tables.Column("其中优先群体", attrs=NUM)
    person_days = tables.Column("务工天数", attrs=NUM)
    payable = MoneyColumn("应发（元）")
    paid = MoneyColumn("本月实发（元）")
    arrears = MoneyColumn("月末欠发（元）")
    ledger_status = tables.Column("本月台账", attrs=NOWRAP)
    status = tables.Column("反馈状态", attrs=NOWRAP)
    due_on = tables.Column("确认截止", attrs=NOWRAP)

    class Meta:
        attrs = ATTRS
        order_by = ("-month",)
        empty_text = "没有符合条件的月度反馈。"

    def render_month(self, value):
        return f"{value.year}年{value.month}月"

    def value_month(self, value):
        return f"{value:%Y-%m}"

    def render_person_days(self, value):
        return f"{value.normalize():f}"

    def render_status(self, record):
        badge = {"pending": "warning", "confirmed": "success", "annotated": "info"}[record.status]
        text = record.get_status_display()
        extra = ""
        if record.ledgers_changed:
            extra = mark_safe(' <span class="badge text-bg-danger">台账有变化</span>')
        elif record.late:
            extra = mark_safe(' <span class="badge text-bg-danger">逾期</span>')
        return format_html('<span class="badge text-bg-{}">{}</span>{}', badge, text, extra)

    def value_status(self, record):
        return record.get_status_display() + ("（逾期）" if record.late else "")


class FindingTable(tables.Table):
    found_on = tables.Column("发现日期", attrs=NOWRAP)
    kind = tables.Column(
        "问题类型", linkify=lambda record: reverse("assessment:finding", args=[record.pk])
    )
    organisation = tables.Column("责任单位")
    project = tables.Column(
        "项目",
        accessor="project__name",
        linkify=lambda record: _project(record) if record.project_id else None,
    )
    source = tables.Column("发现途径", attrs=NOWRAP)
    deadline = tables.Column("整改期限", attrs=NOWRAP)
    status = tables.Column("状态", attrs=NOWRAP)

    class Meta:
        attrs = ATTRS
        order_by = ("-found_on",)
        empty_text = "没有符合条件的问题。"

    def render_status(self, record):
        colour = {"open": "danger", "rectified": "warning", "verified": "success"}[record.status]
        overdue = (
            mark_safe(' <span class="badge text-bg-dark">逾期</span>') if record.overdue else ""
        )
        return format_html(
            '<span class="badge text-bg-{}">{}</span>{}',
            colour,
            record.get_status_display(),
            overdue,
        )

    def value_status(self, record):
        return record.get_status_display()


class AcceptanceTable(tables.Table):
    accepted_on = tables.Column(
        "验收日期",
        attrs=NOWRAP,
        linkify=lambda record: reverse("assessment:acceptance", args=[record.pk]),
    )
    project = ProjectColumn("项目")
    group_leader = tables.Column("工作组组长")
    result = tables.Column("验收结论")

    class Meta:
        attrs = ATTRS
        order_by = ("-accepted_on",)
        empty_text = "暂无验收记录。"

    def render_result(self, record):
        colour = "success" if record.passed else "danger"
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', colour, record.get_result_display()
        )

    def value_result(self, record):
        return record.get_result_display()


class ForecastTable(tables.Table):
    year = tables.Column("年度")
    organisation = tables.Column("填报单位")
    projects = tables.Column("预计项目数", attrs=NUM)
    last_projects = tables.Column("上年实际", attrs=NUM)
    beneficiaries = tables.Column("预计惠及农民（人）", attrs=NUM)
    last_beneficiaries = tables.Column("上年实际", attrs=NUM)
    wage_total = MoneyColumn("预计劳务报酬（元）")
    last_wage_total = MoneyColumn("上年实际（元）")
    explanation = tables.Column("低于上年的说明", orderable=False)
    submitted_at = tables.DateTimeColumn(format="Y-m-d", verbose_name="填报时间", attrs=NOWRAP)

    class Meta:
        attrs = ATTRS
        order_by = ("-year", "organisation")
        empty_text = "暂无年初预测。"


class ProjectFiguresTable(tables.Table):
    """The dashboard's drill-down: projects with the year's aggregates (no people)."""

    code = tables.Column("项目编号", attrs=NOWRAP)
    name = tables.Column(
        "项目名称",
        linkify=lambda record: reverse("projects:detail", args=[record.pk]),
        attrs={"td": {"class": "min-w-13"}},
    )
    townships = tables.Column("乡镇", accessor="pk", orderable=False)
    status = tables.Column("状态", attrs=NOWRAP)
    workers = tables.Column("务工人数", attrs=NUM)
    priority_workers = tables.Column("其中优先群体", attrs=NUM)
    group_workers = tables.Column("其中该群体", attrs=NUM, visible=False)
    person_days = DaysColumn("务工天数")
    payable = MoneyColumn("应发（元）")
    paid = MoneyColumn("实发（元）")
    arrears = MoneyColumn("最近月末欠发（元）")
    special_funds = MoneyColumn("中央资金（元）")  # (the central funds: art. 30)
    wage_share = ShareColumn("计划劳务报酬占中央资金", default="—")
    open_complaints = tables.Column("未办结投诉", attrs=NUM)
    open_suspicions = tables.Column("虚报用工疑点", attrs=NUM)
    open_findings = tables.Column("未销号问题", attrs=NUM)

    class Meta:
        attrs = ATTRS
        order_by = ("code",)
        empty_text = "没有符合条件的项目。"

    def render_townships(self, record):
        return "、".join(t.name for t in record.townships.all())

    def value_townships(self, record):
        return self.render_townships(record)
