"""List tables of the payroll app (django-tables2). Protected numbers appear masked only."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from payroll.choices import PriorityGroup
from payroll.models import (
    LabourContract,
    SurveyResponse,
    WageLedger,
    WageLine,
    WageSuspicion,
    Worker,
)
from projects.models import Project
from yiguoji.formats import yuan

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


# --- Wage ledgers ----------------------------------------------------------------------------

MONEY = {"td": {"class": "money"}, "th": {"class": "text-end"}}
STATUS_BADGES = {
    "draft": "secondary",
    "submitted": "primary",
    "signed": "info",
    "filed": "success",
    "returned": "danger",
}


def ledger_status_badge(status: str, label: str):
    return format_html(
        '<span class="badge text-bg-{}">{}</span>', STATUS_BADGES.get(status, "secondary"), label
    )


def _ledger_url(record) -> str:
    return reverse("payroll:ledger_detail", args=[record.pk])


class LedgerTable(tables.Table):
    code = tables.Column("项目编号", accessor="project__code", linkify=_ledger_url, attrs=NOWRAP)
    name = tables.Column("项目名称", accessor="project__name")
    month = tables.DateColumn(verbose_name="月份", format="Y年n月", attrs=NOWRAP)
    version = tables.Column("版本", attrs=NOWRAP)
    status = tables.Column("状态", attrs=NOWRAP)
    workers = tables.Column("人数", attrs={"td": {"class": "text-end"}})
    total_payable = tables.Column("应发（元）", attrs=MONEY)
    total_paid = tables.Column("实发（元）", attrs=MONEY)
    total_arrears = tables.Column("欠发（元）", attrs=MONEY)
    submitted_at = tables.DateTimeColumn(verbose_name="提交时间", format="Y-m-d", default="—")
    filed_at = tables.DateTimeColumn(verbose_name="备案时间", format="Y-m-d", default="—")

    class Meta:
        model = WageLedger
        fields = ()
        sequence = (
            "code", "name", "month", "version", "status", "workers", "total_payable",
            "total_paid", "total_arrears", "submitted_at", "filed_at",
        )  # fmt: skip
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        empty_text = "没有符合条件的劳务报酬发放台账。"

    def render_version(self, value):
        return f"第{value}版" if value > 1 else "—"

    def value_version(self, value):
        return value

    def render_status(self, record):
        return ledger_status_badge(record.status, record.get_status_display())

    def value_status(self, record):
        return record.get_status_display()

    def render_total_payable(self, value):
        return yuan(value)

    def render_total_paid(self, value):
        return yuan(value)

    def render_total_arrears(self, value):
        if value:
            return format_html('<span class="text-danger fw-bold">{}</span>', yuan(value))
        return "0.00"


class InboxTable(LedgerTable):
    owner = tables.Column("项目单位", accessor="project__owner__name")

    class Meta(LedgerTable.Meta):
        sequence = (
            "code", "name", "owner", "month", "version", "status", "workers", "total_payable",
            "total_paid", "total_arrears", "submitted_at",
        )  # fmt: skip
        exclude = ("filed_at",)
        empty_text = "没有待备案的劳务报酬发放台账。"


class ArrearsTable(tables.Table):
    month = tables.DateColumn(
        verbose_name="月份", accessor="ledger__month", format="Y年n月", attrs=NOWRAP
    )
    project = tables.Column(
        "项目",
        accessor="ledger__project__code",
        linkify=lambda record: reverse("payroll:ledger_detail", args=[record.ledger_id]),
        attrs=NOWRAP,
    )
    owner = tables.Column("项目单位", accessor="ledger__project__owner__name")
    name = tables.Column("姓名", accessor="worker__name", attrs=NOWRAP)
    id_masked = tables.Column("公民身份号码", accessor="worker__id_masked", attrs=NOWRAP)
    township = tables.Column("乡镇（街道）", accessor="worker__township__name")
    payable = tables.Column("应发（元）", attrs=MONEY)
    paid = tables.Column("实发（元）", accessor="paid_amount", order_by="paid_amount", attrs=MONEY)
    shortfall = tables.Column("欠发（元）", attrs=MONEY)
    pay_date = tables.DateColumn(
        verbose_name="发放（入账）日期",
        accessor="paid_on",
        order_by="paid_on",
        format="Y-m-d",
        default="未发放",
        attrs=NOWRAP,
    )
    deadline = tables.DateColumn(
        verbose_name="发放期限", accessor="ledger__pay_deadline", format="Y-m-d", attrs=NOWRAP
    )
    is_late = tables.BooleanColumn(verbose_name="逾期", yesno="逾期,—", attrs=NOWRAP)
    explanation = tables.Column("情况说明", orderable=False)

    class Meta:
        model = WageLine
        fields = ()
        sequence = (
            "month", "project", "owner", "name", "id_masked", "township", "payable", "paid",
            "shortfall", "pay_date", "deadline", "is_late", "explanation",
        )  # fmt: skip
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        empty_text = "没有欠发或逾期发放的劳务报酬。"

    def render_payable(self, value):
        return yuan(value)

    def render_paid(self, value):
        return yuan(value)

    def render_shortfall(self, value):
        if value:
            return format_html('<span class="text-danger fw-bold">{}</span>', yuan(value))
        return "—"

    def value_is_late(self, value):
        return "逾期" if value else ""


class SuspicionTable(tables.Table):
    month = tables.DateColumn(verbose_name="月份", format="Y年n月", attrs=NOWRAP)
    name = tables.Column(
        "姓名",
        accessor="worker__name",
        linkify=lambda record: reverse("payroll:suspicion_detail", args=[record.pk]),
        attrs=NOWRAP,
    )
    id_masked = tables.Column("公民身份号码", accessor="worker__id_masked", attrs=NOWRAP)
    township = tables.Column("乡镇（街道）", accessor="worker__township__name")
    kind = tables.Column("疑点类型")
    detail = tables.Column("疑点", orderable=False)
    projects = tables.Column("涉及项目", accessor="pk", orderable=False)
    status = tables.Column("状态", attrs=NOWRAP)
    review_note = tables.Column("核查意见", orderable=False)

    class Meta:
        model = WageSuspicion
        fields = ()
        sequence = (
            "month", "name", "id_masked", "township", "kind", "detail", "projects", "status",
            "review_note",
        )  # fmt: skip
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        empty_text = "没有发现虚报用工疑点。"

    def render_projects(self, record):
        return "、".join(ledger.project.code for ledger in record.ledgers.all())

    def value_projects(self, record):
        return self.render_projects(record)

    def render_status(self, record):
        colour = "danger" if record.status == "open" else "secondary"
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', colour, record.get_status_display()
        )

    def value_status(self, record):
        return record.get_status_display()


class SafeguardTable(tables.Table):
    code = tables.Column("项目编号", attrs=NOWRAP)
    name = tables.Column(
        "项目名称", linkify=lambda record: reverse("projects:detail", args=[record.pk])
    )
    owner = tables.Column("项目单位", accessor="owner__name")
    total_investment = tables.Column("总投资（元）", attrs=MONEY)
    has_pledge = tables.BooleanColumn(verbose_name="工资支付承诺书", yesno="已上传,缺")
    needs_account = tables.BooleanColumn(verbose_name="须设专用账户", yesno="是,否")
    account = tables.Column("工资专用账户", accessor="account_number", empty_values=())
    paid_to_date = tables.Column("已发放劳务报酬（元）", attrs=MONEY)
    missing = tables.Column("状态", attrs=NOWRAP)
    actions = tables.Column("", accessor="pk", orderable=False, attrs=NOWRAP)
    exclude_from_export = ("actions",)

    class Meta:
        model = Project
        fields = ()
        sequence = (
            "code", "name", "owner", "total_investment", "has_pledge", "needs_account",
            "account", "paid_to_date", "missing", "actions",
        )  # fmt: skip
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        empty_text = "没有正在用工的项目。"

    def render_total_investment(self, value):
        return yuan(value)

    def render_paid_to_date(self, value):
        return yuan(value)

    def render_has_pledge(self, value):
        if value:
            return "已上传"
        return format_html('<span class="text-danger fw-bold">{}</span>', "缺")

    def render_account(self, record):
        if record.account_number:
            return f"{record.account_bank} {record.account_number}"
        if record.needs_account:
            return format_html('<span class="text-danger fw-bold">{}</span>', "未登记")
        return "—"

    def value_account(self, record):
        if record.account_number:
            return f"{record.account_bank} {record.account_number}"
        return "未登记" if record.needs_account else ""

    def render_missing(self, value):
        if value:
            return format_html('<span class="badge text-bg-danger">{}</span>', "待补齐")
        return format_html('<span class="badge text-bg-success">{}</span>', "齐全")

    def value_missing(self, value):
        return "待补齐" if value else "齐全"

    def render_actions(self, record):
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">登记账户</a>',
            reverse("payroll:wage_account_new", args=[record.pk]),
        )


def _batch_url(record) -> str:
    return reverse("payroll:payment_batch", args=[record.pk])


class PaymentBatchTable(tables.Table):
    """Payment batches (代发批次, issue 13): masked nothing to mask, figures per batch."""

    number = tables.Column("批次号", linkify=_batch_url, attrs=NOWRAP)
    code = tables.Column("项目编号", accessor="ledger__project__code", attrs=NOWRAP)
    name = tables.Column("项目名称", accessor="ledger__project__name")
    month = tables.DateColumn(verbose_name="台账月份", accessor="ledger__month", format="Y年n月")
    layout_name = tables.Column("银行文件格式")
    status = tables.Column("状态", attrs=NOWRAP)
    count = tables.Column("笔数", attrs={"td": {"class": "text-end"}})
    total = tables.Column("金额（元）", attrs={"td": {"class": "text-end text-nowrap"}})
    created_at = tables.DateTimeColumn(verbose_name="生成时间", format="Y-m-d H:i")
    sent_at = tables.DateTimeColumn(verbose_name="发送银行", format="Y-m-d H:i", default="—")

    class Meta:
        fields = ()
        sequence = (
            "number", "code", "name", "month", "layout_name", "status", "count", "total",
            "created_at", "sent_at",
        )  # fmt: skip
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        empty_text = "还没有代发批次。已签字确认或已备案的台账可在台账页面生成代发批次。"

    def render_status(self, record):
        return record.get_status_display()

    def render_total(self, value):
        return yuan(value)
