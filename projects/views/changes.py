"""Change requests (art. 11): submit, list, decide, cancel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from projects import capabilities as caps
from projects.choices import ChangeStatus, FundSource
from projects.forms import (
    ChangeRequestForm,
    DecisionForm,
    FundingFormSet,
    funding_initial,
    funding_inputs,
)
from projects.models import ChangeRequest, Project
from projects.services.changes import (
    change_request_cancel,
    change_request_decide,
    change_request_submit,
)
from projects.views.common import show_errors
from yiguoji import scope
from yiguoji.core import access


def change_new(request, pk: int):
    user = request.user
    access.require(user, caps.REQUEST_CHANGE)
    project = scope.get_object_or_404(
        Project.objects.select_related("owner"), user, scope.CHANGE, pk=pk
    )
    if request.method == "POST":
        form = ChangeRequestForm(request.POST)
        funding = FundingFormSet(request.POST, prefix="funding")
        if form.is_valid() and funding.is_valid():
            try:
                change = change_request_submit(
                    acting_user=user,
                    project=project,
                    funding=funding_inputs(funding),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, "已提交变更申请，等待行业主管部门审批")
                return redirect("projects:change", pk=change.pk)
    else:
        form = ChangeRequestForm(
            initial={
                name: getattr(project, name)
                for name in (
                    "content_and_scale",
                    "total_investment",
                    "planned_wage_total",
                    "planned_local_jobs",
                    "planned_start",
                    "planned_end",
                )
            }
        )
        funding = FundingFormSet(
            prefix="funding", initial=funding_initial(project.funding_lines.all())
        )
    context = {
        "form": form,
        "funding": funding,
        "project": project,
        "page_title": f"申请变更：{project.name}",
    }
    return render(request, "projects/change_form.html", context)


def change_list(request):
    user = request.user
    access.require(user, caps.VIEW)
    status = request.GET.get("status", ChangeStatus.PENDING)
    changes = scope.restrict(
        ChangeRequest.objects.select_related("project", "requested_by", "decided_by"), user
    )
    if status in ChangeStatus.values:
        changes = changes.filter(status=status)
    page = Paginator(changes.order_by("-requested_at", "-id"), 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": ChangeStatus.choices,
        "page_title": "项目变更申请",
    }
    return render(request, "projects/change_list.html", context)


def change_detail(request, pk: int):
    user = request.user
    access.require(user, caps.VIEW)
    change = scope.get_object_or_404(
        ChangeRequest.objects.select_related("project", "requested_by", "decided_by"),
        user,
        pk=pk,
    )
    can_decide = (
        change.status == ChangeStatus.PENDING
        and access.has(user, caps.DECIDE_CHANGE)
        and change.requested_by_id != user.pk
        and scope.can(user, scope.CHANGE, change.project)
    )
    form = DecisionForm()
    if request.method == "POST":
        access.require(user, caps.DECIDE_CHANGE)
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                change_request_decide(
                    acting_user=user,
                    change=change,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["decision_note"],
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, "已审批变更申请")
                return redirect("projects:change", pk=change.pk)
    rows = _comparison(change)
    context = {
        "change": change,
        "project": change.project,
        "rows": rows,
        "form": form,
        "can_decide": can_decide,
        "can_cancel": change.status == ChangeStatus.PENDING
        and (change.requested_by_id == user.pk or access.has(user, caps.REVIEW)),
        "page_title": f"变更申请：{change.project.name}",
    }
    return render(request, "projects/change_detail.html", context)


def _comparison(change: ChangeRequest) -> list[tuple[str, str, str]]:
    """(item, before, after) rows for the page."""
    labels = dict(FundSource.choices)
    previous = change.previous or {}

    def money(value):
        return f"{float(value):,.2f} 元" if value not in (None, "") else "—"

    def line(x):
        special = "（专项）" if x["is_special_fund"] else ""
        return f"{labels.get(x['source'], x['source'])} {money(x['amount'])}{special}"

    def funding(lines):
        return "；".join(line(x) for x in lines) or "—"

    return [
        ("建设内容及规模", previous.get("content_and_scale", "—"), change.content_and_scale),
        ("总投资", money(previous.get("total_investment")), money(change.total_investment)),
        ("计划发放劳务报酬", money(previous.get("planned_wage_total")),
         money(change.planned_wage_total)),
        ("计划带动务工（人）", str(previous.get("planned_local_jobs", "—")),
         str(change.planned_local_jobs)),
        ("计划开工", previous.get("planned_start") or "—", str(change.planned_start or "—")),
        ("计划完工", previous.get("planned_end") or "—", str(change.planned_end or "—")),
        ("资金来源", funding(previous.get("funding", [])), funding(change.funding)),
    ]  # fmt: skip


@require_POST
def change_cancel(request, pk: int):
    user = request.user
    access.require(user, caps.REQUEST_CHANGE)
    change = scope.get_object_or_404(ChangeRequest.objects.all(), user, scope.CHANGE, pk=pk)
    try:
        change_request_cancel(acting_user=user, change=change)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已撤销变更申请")
    return redirect("projects:change", pk=pk)
