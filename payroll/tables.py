"""List tables of the payroll app (django-tables2). Protected numbers appear masked only."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse

from payroll.choices import PriorityGroup
from payroll.models import LabourContract, SurveyResponse, Worker

GROUP_LABELS = dict(PriorityGroup.choices)


def _labels(codes) -> str:
    return "、".join(GROUP_LABELS.get(code, code) for code in codes or [])


NOWRAP = {"td": {"class": "text-nowrap"}}


def _words(words) -> str:
    return "、".join(words or [])


class WorkerTable(tables.Table):
    name = tables.Column(
        "姓名",
        linkify=lambda record: reverse("payroll:worker_detail", args=[record.pk]),
        attrs=NOWRAP,
    )
    sex = tables.Column("性别")
    age = tables.Column("年龄", accessor="birth_date", order_by="-birth_date")
    id_masked = tables.Column("公民身份号码")
    phone = tables.Column("联系电话")
    township = tables.Column("乡镇（街道）", order_by="township__code")
    village = tables.Column("村（社区）", accessor="village__name", default="")
    priority_groups = tables.Column("优先群体", orderable=False)
    skills = tables.Column("技能", orderable=False)
    active_contracts = tables.Column("在岗项目数", attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Worker
        fields = ()
        sequence = (
            "name", "sex", "age", "id_masked", "phone", "township", "village",
            "priority_groups", "skills", "active_contracts",
        )  # fmt: skip
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        empty_text = "没有符合条件的务工人员。"

    def render_age(self, record):
        return record.age

    def render_priority_groups(self, value):
        return _labels(value)

    def render_skills(self, value):
        return _words(value)


class SurveyResponseTable(tables.Table):
    """The survey ledger (工作台账): one line per person in the round."""

    name = tables.Column(
        "姓名",
        accessor="worker__name",
        linkify=lambda record: reverse("payroll:worker_detail", args=[record.worker_id]),
        attrs=NOWRAP,
    )
    sex = tables.Column("性别", accessor="worker__sex")
    age = tables.Column("年龄", accessor="worker__birth_date", order_by="-worker__birth_date")
    id_masked = tables.Column("公民身份号码", accessor="worker__id_masked", attrs=NOWRAP)
    phone = tables.Column("联系电话", accessor="worker__phone", attrs=NOWRAP)
    township = tables.Column("乡镇（街道）", order_by="township__code")
    village = tables.Column(
        "村（社区）", accessor="worker__village__name", default="", attrs=NOWRAP
    )
    groups = tables.Column("优先群体", accessor="worker__priority_groups", orderable=False)
    willing = tables.BooleanColumn(verbose_name="务工意愿", yesno="有,没有")
    months = tables.Column("可务工月份", accessor="available_months", orderable=False)
    skills = tables.Column("技能", orderable=False)
    skill_level = tables.Column("技能等级")
    preferred_work = tables.Column("意向工种")
    surveyed_on = tables.DateColumn(verbose_name="调查日期", format="Y-m-d", attrs=NOWRAP)

    class Meta:
        model = SurveyResponse
        fields = ()
        sequence = (
            "name", "sex", "age", "id_masked", "phone", "township", "village", "groups",
            "willing", "months", "skills", "skill_level", "preferred_work", "surveyed_on",
        )  # fmt: skip
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        empty_text = "本轮调查还没有登记。"

    def value_willing(self, value):
        return "有" if value else "没有"

    def render_sex(self, record):
        return record.worker.get_sex_display()

    def render_age(self, record):
        return record.worker.age

    def render_groups(self, value):
        return _labels(value)

    def render_months(self, record):
        return record.months_display

    def render_skills(self, record):
        return _words(list(dict.fromkeys([*record.skills, *record.worker.skills])))


class ContractTable(tables.Table):
    worker = tables.Column(
        "姓名",
        accessor="worker__name",
        linkify=lambda record: reverse("payroll:contract_detail", args=[record.pk]),
        attrs=NOWRAP,
    )
    id_masked = tables.Column("公民身份号码", accessor="worker__id_masked")
    project = tables.Column("项目", accessor="project__name")
    position = tables.Column("岗位", accessor="position__title")
    employer = tables.Column("用工单位", accessor="employer__name")
    period = tables.Column("合同期限", accessor="starts_on", order_by="starts_on", attrs=NOWRAP)
    daily_wage = tables.Column("日劳务报酬（元）", attrs={"td": {"class": "money"}})
    signed_on = tables.DateColumn(verbose_name="签订日期", format="Y-m-d", default="未签订")
    scan = tables.Column("扫描件", accessor="scan_name", orderable=False)
    status = tables.Column("状态")

    class Meta:
        model = LabourContract
        fields = ()
        sequence = (
            "worker", "id_masked", "project", "position", "employer", "period", "daily_wage",
            "signed_on", "scan", "status",
        )  # fmt: skip
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        empty_text = "没有符合条件的劳务合同。"

    def render_period(self, record):
        return f"{record.starts_on:%Y-%m-%d} 至 {record.last_day:%Y-%m-%d}"

    def render_scan(self, record):
        return "已上传" if record.scan else "未上传"
