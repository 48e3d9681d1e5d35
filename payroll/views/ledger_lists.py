"""Across ledgers: the department's inbox, the arrears and late-payment list, the suspicion
list and its review, wage safeguards per project (pledge, dedicated account), and the yearly
wage-payment settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from payroll import capabilities as caps
from payroll.filters import (
    ArrearsFilterSet,
    LedgerFilterSet,
    SafeguardFilterSet,
    SuspicionFilterSet,
)
from payroll.forms import PayrollYearForm, WageAccountForm
from payroll.selectors.ledgers import (
    arrears_lines,
    department_inbox,
    safeguards_for,
    suspicions_for,
    wage_accounts_of,
)
from payroll.services.suspicions import suspicion_review
from payroll.services.wage_accounts import wage_account_record
from payroll.services.wage_rules import payroll_year_save, rules_for
from payroll.tables import ArrearsTable, InboxTable, SafeguardTable, SuspicionTable
from payroll.views.common import add_errors, posted, review_suspicion
from projects.models import ProgrammeYear, Project
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.views.mixins import ScopedTableView


class _Listed(ScopedTableView):
    """A list whose rows come from a scoped selector; ``note`` is shown above the table."""

    template_name = "payroll/ledger_list_page.html"
    note = ""
    selector = None

    def get_queryset(self):
        return type(self).selector(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["note"] = self.note
        return context


class InboxView(_Listed):
    capability = caps.FILE_LEDGERS
    filterset_class = LedgerFilterSet
    table_class = InboxTable
    export_name = "待备案劳务报酬发放台账"
    selector = department_inbox
    note = (
        "重点任务9：劳务报酬发放台账经务工人员签字确认后送项目主管部门备案。"
        "这里列出本单位主管项目已提交、已签字确认的台账：签字确认后可以备案；有问题的请写明意见退回。"
    )


class ArrearsView(_Listed):
    capability = caps.VIEW_LEDGERS
    filterset_class = ArrearsFilterSet
    table_class = ArrearsTable
    export_name = "欠发和逾期发放劳务报酬清单"
    selector = arrears_lines
    note = (
        "第三十条：劳务报酬应足额、及时发放，严禁拖欠。本清单来自已提交的台账："
        "实发（已通过银行代发的，以银行回盘入账为准）少于应发的为欠发，实际发放（入账）日期晚于发放期限的为逾期发放。"
    )


class SuspicionListView(_Listed):
    capability = caps.VIEW_SUSPICIONS
    filterset_class = SuspicionFilterSet
    table_class = SuspicionTable
    export_name = "虚报用工疑点清单"
    selector = suspicions_for
    note = (
        "第五十条：群众务工组织弄虚作假、劳务报酬虚报冒领的，依法依规从严处置。"
        "同一人同月在多个项目领取劳务报酬、合计天数超过当月天数，或同一日期在多个项目出勤的，"
        "在台账提交时自动列入本清单；相关台账退回或更正后不再超出的，系统标记为“已更正”。"
    )


class SafeguardListView(_Listed):
    capability = caps.VIEW_LEDGERS
    filterset_class = SafeguardFilterSet
    table_class = SafeguardTable
    export_name = "农民工工资支付保障措施"
    selector = safeguards_for
    template_name = "payroll/ledger_safeguards.html"
    note = (
        "重点任务9：项目单位督促施工单位签订《农民工工资支付承诺书》，对规模以上项目设置农民工工资专用账户。"
        "承诺书在项目文件中上传；总投资达到年度标准的项目须登记工资专用账户。"
    )

    def get_table_kwargs(self):
        if access.has(self.request.user, caps.RECORD_WAGE_ACCOUNTS):
            return {}
        return {"exclude": ("actions",)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = timezone.localdate().year
        programme = ProgrammeYear.objects.filter(year=year).first()
        context["threshold_year"] = year
        context["threshold"] = programme.wage_account_threshold if programme else None
        return context


def suspicion_detail(request, pk: int):
    access.require(request.user, caps.VIEW_SUSPICIONS)
    suspicion = scope.get_object_or_404(suspicions_for(request.user), request.user, pk=pk)
    form, can_review, done = review_suspicion(
        request, suspicion, capability=caps.REVIEW_SUSPICIONS, review=suspicion_review,
        message=f"已记录对{suspicion.worker.name}的核查结论。", back="payroll:suspicions",
    )  # fmt: skip
    if done:
        return done
    context = {"suspicion": suspicion, "form": form, "can_review": can_review}
    return render(
        request,
        "payroll/ledger_suspicion.html",
        context,
        status=400 if form.errors else 200,
    )


def wage_account_new(request, pk: int):
    access.require(request.user, caps.RECORD_WAGE_ACCOUNTS)
    project = scope.get_object_or_404(Project.objects.all(), request.user, scope.CHANGE, pk=pk)
    form = WageAccountForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            wage_account_record(acting_user=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已登记{project.name}的农民工工资专用账户。")
            return redirect("payroll:safeguards")
    context = {
        "form": form,
        "title": f"登记农民工工资专用账户：{project.name}",
        "back": reverse("payroll:safeguards"),
        "accounts": wage_accounts_of(request.user, project),
    }
    status = 400 if form.errors else 200
    return render(request, "payroll/ledger_account_form.html", context, status=status)


def wage_settings(request):
    """The district office sets the year's pay and ledger deadlines and the reminder lead."""
    access.require(request.user, caps.MANAGE_WAGE_SETTINGS)
    year = int(request.GET.get("year") or timezone.localdate().year)
    current = rules_for(year)
    form = PayrollYearForm(
        posted(request),
        initial={
            "year": year,
            "pay_deadline_day": current.pay_deadline_day,
            "ledger_deadline_day": current.ledger_deadline_day,
            "reminder_lead_days": current.reminder_lead_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = payroll_year_save(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已保存{saved}。")
            return redirect(reverse("payroll:wage_settings") + f"?year={saved.year}")
    context = {"form": form, "year": year, "current": current}
    status = 400 if form.errors else 200
    return render(request, "payroll/ledger_settings.html", context, status=status)
