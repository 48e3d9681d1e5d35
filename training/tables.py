"""Tables of the training lists (django-tables2); the Excel export uses the same columns."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.safestring import mark_safe


def hours_text(value) -> str:
    """16.0 -> "16", 12.5 -> "12.5" (学时 as officials write them)."""
    return f"{value.normalize():f}" if value is not None else ""


class SessionTable(tables.Table):
    title = tables.Column(
        "培训名称", linkify=lambda record: reverse("training:session", args=[record.pk])
    )
    kind = tables.Column("类型", attrs={"td": {"class": "text-nowrap"}})
    mode = tables.Column("方式", attrs={"td": {"class": "text-nowrap"}})
    organiser = tables.Column("主办单位")
    township = tables.Column("举办乡镇")
    period = tables.Column(
        "培训时间",
        accessor="starts_on",
        order_by=("starts_on",),
        attrs={"td": {"class": "text-nowrap"}},
    )
    hours = tables.Column("学时", attrs={"td": {"class": "text-end"}})
    people = tables.Column("参训人数", attrs={"td": {"class": "text-end"}})
    passed_count = tables.Column("合格人数", attrs={"td": {"class": "text-end"}})

    class Meta:
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        order_by = ("-period",)
        empty_text = "没有符合条件的培训。"

    def render_period(self, record):
        return record.period_short

    def render_hours(self, value):
        return hours_text(value)

    def value_period(self, record):
        return record.period

    def render_people(self, value):
        if not value:
            return mark_safe('<span class="badge text-bg-warning">未登记</span>')
        return value

    def value_people(self, value):
        return value


class RecordTable(tables.Table):
    name = tables.Column("姓名", accessor="worker__name", attrs={"td": {"class": "text-nowrap"}})
    id_masked = tables.Column("身份证号", accessor="worker__id_masked", orderable=False)
    place = tables.Column(
        "所在乡镇/村", accessor="worker__place", order_by=("worker__township__code",)
    )
    session = tables.Column(
        "培训名称",
        accessor="session__title",
        # Only to a session the reader may open (training.selectors.with_session_link).
        linkify=lambda record: (
            reverse("training:session", args=[record.session_id])
            if getattr(record, "session_visible", True)
            else None
        ),
    )
    kind = tables.Column("类型", accessor="session__kind", attrs={"td": {"class": "text-nowrap"}})
    starts_on = tables.DateColumn(
        format="Y-m-d",
        verbose_name="培训日期",
        accessor="session__starts_on",
        attrs={"td": {"class": "text-nowrap"}},
    )
    hours = tables.Column("学时", attrs={"td": {"class": "text-end"}})
    passed = tables.BooleanColumn(verbose_name="考核结果", yesno="合格,不合格")
    certificate_no = tables.Column("证书编号")

    class Meta:
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        order_by = ("-starts_on",)
        empty_text = "没有符合条件的培训记录。"

    def render_kind(self, record):
        return record.session.get_kind_display()

    def render_hours(self, value):
        return hours_text(value)

    def value_kind(self, record):
        return record.session.get_kind_display()


class ConversionTable(tables.Table):
    name = tables.Column(
        "姓名",
        accessor="worker__name",
        linkify=lambda record: reverse("training:conversion", args=[record.pk]),
    )
    township = tables.Column("所在乡镇", accessor="worker__township__name")
    project = tables.Column("参与建设的项目", accessor="project__name")
    kind = tables.Column("去向类型")
    employer = tables.Column("用工单位", accessor="employer_name", orderable=False, empty_values=())
    post = tables.Column("岗位")
    converted_on = tables.DateColumn(
        format="Y-m-d", verbose_name="上岗日期", attrs={"td": {"class": "text-nowrap"}}
    )

    class Meta:
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        order_by = ("-converted_on",)
        empty_text = "没有符合条件的记录。"

    def render_employer(self, record):
        return record.employer_label

    def value_employer(self, record):
        return record.employer_label
