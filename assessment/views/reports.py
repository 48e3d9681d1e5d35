"""Monthly reports: the list (the dashboard's drill-down for wages), one report with the
unit's confirmation form, and the district office's request to compute a month again."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assessment import capabilities as caps
from assessment import jobs
from assessment.filters import ReportFilter
from assessment.forms import ConfirmForm, MonthForm
from assessment.models import MonthlyReport
from assessment.periods import current_month, month_label
from assessment.services.reports import monthly_report_confirm
from assessment.tables import ReportTable
from assessment.views.common import form_errors
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.services.jobs import job_enqueue
from yiguoji.core.views.jobs import announce
from yiguoji.core.views.mixins import ScopedTableView


class ReportListView(ScopedTableView):
    capability = caps.VIEW_REPORTS
    queryset = MonthlyReport.objects.select_related("project")
    filterset_class = ReportFilter
    table_class = ReportTable
    export_name = "月度反馈"
    page_title = "月度反馈"
    template_name = "assessment/report_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if access.has(self.request.user, caps.COMPUTE_REPORTS):
            context["month_form"] = MonthForm(initial={"month": current_month()})
        return context


def _report(request, pk: int, action: str = scope.VIEW) -> MonthlyReport:
    queryset = MonthlyReport.objects.select_related("project", "project__owner", "confirmed_by")
    return scope.get_object_or_404(queryset, request.user, action, pk=pk)


def report_detail(request, pk: int):
    """One project's month, with the confirmation form for its project unit."""
    user = request.user
    access.require(user, caps.VIEW_REPORTS)
    if request.method == "POST":
        access.require(user, caps.CONFIRM_REPORTS)  # what the role may do, before which rows
    report = _report(request, pk)
    may_confirm = (
        access.has(user, caps.CONFIRM_REPORTS)
        and scope.can(user, scope.CHANGE, report)
        and report.month < current_month()
        and (not report.answered or report.ledgers_changed)
    )
    form = None
    if may_confirm:
        initial = {"annotated": "1" if report.status == "annotated" else "0"}
        form = ConfirmForm(request.POST or None, instance=report, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                monthly_report_confirm(
                    acting_user=user,
                    report=report,
                    annotated=data["annotated"],
                    funds_in_place=data["funds_in_place"],
                    investment_completed=data["investment_completed"],
                    progress=data["progress"],
                    annotation=data["annotation"],
                )
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(request, f"{month_label(report.month)}月度反馈已确认")
                return redirect("assessment:report", pk)
    elif request.method == "POST":
        scope.get_object_or_404(MonthlyReport.objects.all(), user, scope.CHANGE, pk=pk)
        messages.error(request, "该月度反馈当前不需要确认")
        return redirect("assessment:report", pk)
    history = scope.restrict(MonthlyReport.objects.filter(project=report.project), user).order_by(
        "-month"
    )[:13]
    return render(
        request,
        "assessment/report_detail.html",
        {"report": report, "form": form, "history": list(history), "page_title": str(report)},
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
def reports_compute(request):
    """The district office asks for a month to be computed again now (background job)."""
    access.require(request.user, caps.COMPUTE_REPORTS)
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择月份")
        return redirect("assessment:reports")
    month = form.cleaned_data["month"].replace(day=1)
    job = job_enqueue(
        kind=jobs.MONTHLY,
        acting_user=request.user,
        params={"months": [month.isoformat()]},
        title=f"重新生成{month_label(month)}月度反馈",
    )
    announce(request, job, f"已开始重新生成{month_label(month)}月度反馈，可在“后台任务”查看进度")
    return redirect("assessment:reports")
