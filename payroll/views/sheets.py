"""The paper attendance sheet (issue 16 item 3): print a numbered sheet, find it by its code (the
QR code leads to its page), upload the signed scan with its days, see them beside the digital
days, explain a difference."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from payroll import capabilities as caps
from payroll.forms import SheetExplainForm, SheetUploadForm
from payroll.models import AttendanceSheet
from payroll.selectors.attendance import attendance_grid
from payroll.services.sheets import (
    sheet_differences,
    sheet_explain,
    sheet_issue,
    sheet_pdf,
    sheet_upload,
)
from payroll.views.common import add_errors, month_or_404, scan_response
from projects.models import Project
from yiguoji import scope
from yiguoji.core import access
from yiguoji.months import month_label
from yiguoji.pdf import PDF_CONTENT_TYPE


@require_POST
def sheet_new(request, pk: int, month: str):
    """Number a new sheet for the month and hand over its PDF."""
    access.require(request.user, caps.KEEP_ATTENDANCE)
    month = month_or_404(month)
    project = scope.get_object_or_404(Project.objects.all(), request.user, scope.CHANGE, pk=pk)
    try:
        sheet = sheet_issue(acting_user=request.user, project=project, month=month)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("payroll:attendance_month", pk, f"{month:%Y-%m}")
    return redirect("payroll:sheet_pdf", sheet.code)


def _sheet(request, code: str) -> AttendanceSheet:
    return scope.get_object_or_404(
        AttendanceSheet.objects.select_related("project"), request.user, code=code
    )


def sheet_find(request):
    """The code typed (or read from the QR code) leads to the sheet's page."""
    access.require(request.user, caps.VIEW_ATTENDANCE)
    code = request.GET.get("code", "").strip().upper()
    if not code:
        raise Http404("请输入考勤签字表编号")
    return redirect("payroll:sheet", _sheet(request, code).code)


def sheet_pdf_view(request, code: str):
    access.require(request.user, caps.VIEW_ATTENDANCE)
    sheet = _sheet(request, code)
    response = HttpResponse(sheet_pdf(sheet), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{sheet.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def sheet_scan(request, code: str):
    access.require(request.user, caps.VIEW_ATTENDANCE)
    sheet = _sheet(request, code)
    return scan_response(sheet.scan, sheet.scan_name, "考勤签字表", "该签字表还没有上传扫描件")


def sheet_detail(request, code: str):
    """The signed scan beside the digital days; upload and explanation for those who keep
    attendance."""
    access.require(request.user, caps.VIEW_ATTENDANCE)
    sheet = _sheet(request, code)
    project = sheet.project
    can_edit = access.has(request.user, caps.KEEP_ATTENDANCE) and scope.can(
        request.user, scope.CHANGE, project
    )
    grid = attendance_grid(project, sheet.month, today=timezone.localdate())
    upload = SheetUploadForm(rows=grid.rows, sheet=sheet)
    explain = SheetExplainForm(initial={"explanation": sheet.explanation})
    if request.method == "POST":
        access.require(request.user, caps.KEEP_ATTENDANCE)
        sheet = scope.get_object_or_404(
            AttendanceSheet.objects.select_related("project"), request.user, scope.CHANGE,
            code=code,
        )  # fmt: skip
        if "explain" in request.POST:
            explain = SheetExplainForm(request.POST)
            if explain.is_valid():
                try:
                    sheet_explain(acting_user=request.user, sheet=sheet, **explain.cleaned_data)
                except ValidationError as error:
                    add_errors(explain, error)
                else:
                    messages.success(request, "差异说明已保存。")
                    return redirect("payroll:sheet", code)
        else:
            upload = SheetUploadForm(request.POST, request.FILES, rows=grid.rows, sheet=sheet)
            if upload.is_valid():
                try:
                    sheet_upload(
                        acting_user=request.user, sheet=sheet, scan=upload.cleaned_data["scan"],
                        paper_days=upload.paper_days(),
                    )  # fmt: skip
                except ValidationError as error:
                    add_errors(upload, error)
                else:
                    messages.success(request, "签字表扫描件已上传。")
                    return redirect("payroll:sheet", code)
    paper = sheet.paper_days
    digital = {row.worker.pk: row.total for row in grid.rows}
    context = {
        "sheet": sheet,
        "project": project,
        "month_label": month_label(sheet.month),
        "rows": [(row, paper.get(str(row.worker.pk))) for row in grid.rows],
        "digital": digital,
        "differences": sheet_differences(sheet),
        "is_image": sheet.scan_name.lower().endswith((".jpg", ".jpeg", ".png")),
        "can_edit": can_edit,
        "upload": upload,
        "explain": explain,
    }
    failed = bool(upload.errors or explain.errors)
    return render(request, "payroll/sheet_detail.html", context, status=400 if failed else 200)
