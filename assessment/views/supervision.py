"""Supervision: findings with rectification (art. 46-50) and the wage-complaint register."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from assessment import capabilities as caps
from assessment.choices import FindingStatus
from assessment.filters import ComplaintFilter, FindingFilter
from assessment.forms import ComplaintForm, FindingForm, RectifyForm, ResolveForm, ReviewForm
from assessment.models import Finding, FindingEvidence, WageComplaint
from assessment.services.complaints import complaint_record, complaint_resolve
from assessment.services.findings import finding_record, finding_rectify, finding_review
from assessment.tables import ComplaintTable, FindingTable
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
    if request.method == "POST":
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
    context = {
        "finding": finding,
        "found": [e for e in evidence if not e.is_rectification],
        "proof": [e for e in evidence if e.is_rectification],
        "rectify_form": rectify_form,
        "review_form": review_form,
        "page_title": str(finding),
    }
    errors = any(f is not None and f.errors for f in (rectify_form, review_form))
    return render(request, "assessment/finding_detail.html", context, status=400 if errors else 200)


def finding_evidence(request, pk: int):
    access.require(request.user, caps.VIEW_FINDINGS)
    evidence = scope.get_object_or_404(FindingEvidence.objects.all(), request.user, pk=pk)
    return serve(evidence.file, evidence.name, evidence.content_type)


class ComplaintListView(ScopedTableView):
    capability = caps.VIEW_COMPLAINTS
    queryset = WageComplaint.objects.select_related("project")
    filterset_class = ComplaintFilter
    table_class = ComplaintTable
    export_name = "劳务报酬投诉"
    page_title = "劳务报酬投诉"
    template_name = "assessment/complaint_list.html"


def complaint_create(request):
    user = request.user
    access.require(user, caps.RECORD_COMPLAINTS)
    form = ComplaintForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = complaint_record(acting_user=user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "已登记投诉；投诉办结前该项目不能验收")
            return redirect("assessment:complaint", complaint.pk)
    return render(
        request,
        "assessment/form_page.html",
        {"form": form, "page_title": "登记劳务报酬投诉", "back": "assessment:complaints"},
        status=400 if form.errors else 200,
    )


def complaint_detail(request, pk: int):
    user = request.user
    access.require(user, caps.VIEW_COMPLAINTS)
    if request.method == "POST":
        access.require(user, caps.RECORD_COMPLAINTS)
    complaint = scope.get_object_or_404(
        WageComplaint.objects.select_related("project", "recorded_by", "resolved_by"), user, pk=pk
    )
    form = None
    if (
        complaint.status == "open"
        and access.has(user, caps.RECORD_COMPLAINTS)
        and scope.can(user, scope.CHANGE, complaint)
    ):
        form = ResolveForm(request.POST or None)
    if request.method == "POST":
        if form is None:
            messages.error(request, "该投诉已办结")
            return redirect("assessment:complaint", pk)
        if form.is_valid():
            try:
                complaint_resolve(acting_user=user, complaint=complaint, **form.cleaned_data)
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(request, "投诉已办结")
                return redirect("assessment:complaint", pk)
    return render(
        request,
        "assessment/complaint_detail.html",
        {"complaint": complaint, "form": form, "page_title": str(complaint)},
        status=400 if form is not None and form.errors else 200,
    )
