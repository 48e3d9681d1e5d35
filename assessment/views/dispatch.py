"""Quarterly dispatch workbooks: the list with downloads, and the district office's rebuild."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assessment import capabilities as caps
from assessment import jobs
from assessment.forms import QuarterForm
from assessment.models import QuarterlyDispatch
from assessment.periods import previous_quarter
from assessment.views.common import serve
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.services.jobs import job_enqueue
from yiguoji.core.views.jobs import announce
from yiguoji.xlsx import XLSX_CONTENT_TYPE


def dispatch_list(request):
    access.require(request.user, caps.VIEW_DISPATCH)
    dispatches = scope.restrict(QuarterlyDispatch.objects.select_related("built_by"), request.user)
    form = None
    if access.has(request.user, caps.BUILD_DISPATCH):
        from django.utils import timezone

        year, quarter = previous_quarter(timezone.localdate())
        form = QuarterForm(initial={"year": year, "quarter": quarter})
    return render(
        request,
        "assessment/dispatch_list.html",
        {"dispatches": list(dispatches), "form": form, "page_title": "季度调度"},
    )


def dispatch_download(request, pk: int):
    access.require(request.user, caps.VIEW_DISPATCH)
    dispatch = scope.get_object_or_404(QuarterlyDispatch.objects.all(), request.user, pk=pk)
    return serve(dispatch.file, dispatch.filename, XLSX_CONTENT_TYPE)


@require_POST
def dispatch_build(request):
    access.require(request.user, caps.BUILD_DISPATCH)
    form = QuarterForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择年度和季度")
        return redirect("assessment:dispatches")
    year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    job = job_enqueue(
        kind=jobs.DISPATCH,
        acting_user=request.user,
        params={"year": year, "quarter": quarter},
        title=f"生成{year}年第{quarter}季度调度表",
    )
    announce(request, job, f"已开始生成{year}年第{quarter}季度调度表，完成后可在本页下载")
    return redirect("assessment:dispatches")
