"""Supervision: findings with rectification (art. 46-50)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from assessment import capabilities as caps
from assessment.choices import FindingStatus
from assessment.filters import FindingFilter
from assessment.forms import FindingForm, RecoveryForm, RectifyForm, ReviewForm
from assessment.models import Finding, FindingEvidence
from assessment.services.findings import (
    finding_record,
    finding_rectify,
    finding_review,
    recovery_record,
)
from assessment.tables import FindingTable
from assessment.views.common import form_errors, serve
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.views.mixins import ScopedTableView


class FindingListView(ScopedTableView):
    capability = caps.VIEW_FINDINGS
    queryset = Finding.objects.select_related("organisation", "project")
    filterset_class = FindingFilter
    table_class = FindingTable
    export_name = "监督检查发现问题"
    page_title = "监督检查发现问题"
    template_name = "assessment/finding_list.html"


def finding_create(request):
    user = request.user
    access.require(user, caps.RECORD_FINDINGS)
    form = FindingForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            finding = finding_record(acting_user=user, **data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "已登记问题，并通知责任单位整改")
            return redirect("assessment:finding", finding.pk)
    return render(
        request,
        "assessment/form_page.html",
        {"form": form, "page_title": "登记监督检查发现问题", "back": "assessment:findings",
         "multipart": True},
        status=400 if form.errors else 200,
    )  # fmt: skip


def _finding(request, pk: int) -> Finding:
    queryset = Finding.objects.select_related(
        "organisation", "project", "recorded_by", "rectified_by", "verified_by"
    )
    return scope.get_object_or_404(queryset, request.user, pk=pk)


def finding_detail(request, pk: int):
    user = request.user
    access.require(user, caps.VIEW_FINDINGS)
    if request.method == "POST" and not (
        access.has(user, caps.RECTIFY_FINDINGS) or access.has(user, caps.VERIFY_FINDINGS)
    ):
        access.require(user, caps.RECTIFY_FINDINGS)  # 403: the role neither rectifies nor verifies
    finding = _finding(request, pk)
    changeable = scope.can(user, scope.CHANGE, finding)
    rectify_form = review_form = None
    if (
        changeable
        and finding.status == FindingStatus.OPEN
        and access.has(user, caps.RECTIFY_FINDINGS)
    ):
        rectify_form = RectifyForm(request.POST or None, request.FILES or None, prefix="rectify")
    if (
        changeable
        and finding.status == FindingStatus.RECTIFIED
        and access.has(user, caps.VERIFY_FINDINGS)
    ):
        review_form = ReviewForm(request.POST or None, prefix="review")
    recover_form = None
    outstanding = finding.outstanding
    if changeable and outstanding > 0 and access.has(user, caps.VERIFY_FINDINGS):
        posted = request.POST if "recover-amount" in request.POST else None
        recover_form = RecoveryForm(posted, prefix="recover")
    if request.method == "POST" and recover_form is not None and recover_form.is_bound:
        if recover_form.is_valid():
            try:
                recovery_record(acting_user=user, finding=finding, **recover_form.cleaned_data)
            except ValidationError as error:
                form_errors(recover_form, error)
            else:
                messages.success(request, "已登记归还、追缴到账")
                return redirect("assessment:finding", pk)
    elif request.method == "POST":
        form = rectify_form or review_form
        if form is None:
            access.require(user, caps.RECTIFY_FINDINGS)
            messages.error(request, "该问题当前不需要您办理")
            return redirect("assessment:finding", pk)
        if form.is_valid():
            try:
                if form is rectify_form:
                    finding_rectify(acting_user=user, finding=finding, **form.cleaned_data)
                    messages.success(request, "已报送整改情况，等待审核销号")
                else:
                    finding_review(acting_user=user, finding=finding, **form.cleaned_data)
                    messages.success(request, "已审核")
            except ValidationError as error:
                form_errors(form, error)
            else:
                return redirect("assessment:finding", pk)
    evidence = list(finding.evidence.all())
    recoveries = list(finding.recoveries.select_related("recorded_by"))
    context = {
        "finding": finding,
        "recover_form": recover_form,
        "recoveries": recoveries,
        "recovered": sum((r.amount for r in recoveries), Decimal("0")),
        "outstanding": outstanding,
        "found": [e for e in evidence if not e.is_rectification],
        "proof": [e for e in evidence if e.is_rectification],
        "rectify_form": rectify_form,
        "review_form": review_form,
        "page_title": str(finding),
    }
    errors = any(f is not None and f.errors for f in (rectify_form, review_form, recover_form))
    return render(request, "assessment/finding_detail.html", context, status=400 if errors else 200)


def finding_evidence(request, pk: int):
    access.require(request.user, caps.VIEW_FINDINGS)
    evidence = scope.get_object_or_404(FindingEvidence.objects.all(), request.user, pk=pk)
    return serve(evidence.file, evidence.name, evidence.content_type)
