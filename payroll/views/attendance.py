"""Attendance: the projects to keep it for, the month grid, and its Excel uploads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from payroll import capabilities as caps
from payroll.forms import AttendanceUploadForm, month_from
from payroll.importers import kinds
from payroll.importers.attendance import DayMark
from payroll.models import AttendanceSheet
from payroll.selectors.attendance import attendance_grid, attendance_projects_for
from payroll.services.attendance import (
    AttendanceRefused,
    Refusal,
    attendance_save_days,
    month_is_locked,
)
from payroll.views.common import month_or_404
from payroll.views.imports import upload_page
from projects.models import Project
from yiguoji import scope
from yiguoji.core import access
from yiguoji.imports.errors import CellError
from yiguoji.months import first_of, month_label

LAYOUT_KINDS = {"grid": kinds.ATTENDANCE_GRID, "totals": kinds.ATTENDANCE_TOTALS}


def _shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def attendance_projects(request):
    access.require(request.user, caps.VIEW_ATTENDANCE)
    today = timezone.localdate()
    month = month_from(request.GET.get("month", "")) or first_of(today)
    page = Paginator(attendance_projects_for(request.user, month), 25).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "month": month,
        "month_label": month_label(month),
        "previous": _shift(month, -1),
        "next": _shift(month, 1) if month < first_of(today) else None,
        "is_current": month == first_of(today),
    }
    return render(request, "payroll/attendance_projects.html", context)


def _cells_from(post, grid) -> tuple[dict[int, dict[dt.date, Decimal]], list[Refusal]]:
    """The submitted grid (``a-<worker>-<day>`` fields), read like the Excel grid is."""
    parse = DayMark()
    days: dict[int, dict[dt.date, Decimal]] = {}
    unreadable: list[Refusal] = []
    for row in grid.rows:
        entries = {}
        for day, _, editable in row.cells:
            raw = post.get(f"a-{row.worker.pk}-{day.day}", "").strip()
            if not raw:
                if editable:
                    entries[day] = Decimal("0")
                continue
            try:
                entries[day] = parse(raw)
            except CellError as error:
                unreadable.append(Refusal(row.worker.pk, row.worker.name, day, error.message))
        days[row.worker.pk] = entries
    return days, unreadable


def attendance_month(request, pk: int, month: str):
    """The grid: hired workers x days. POST saves the whole grid, all or nothing."""
    access.require(request.user, caps.VIEW_ATTENDANCE)
    month = month_or_404(month)
    project = scope.get_object_or_404(Project.objects.select_related("owner"), request.user, pk=pk)
    today = timezone.localdate()
    can_edit = (
        access.has(request.user, caps.KEEP_ATTENDANCE)
        and scope.can(request.user, scope.CHANGE, project)
        and not month_is_locked(project, month)
    )
    grid = attendance_grid(project, month, today=today)
    refusals, submitted = [], {}
    if request.method == "POST":
        _check_may_edit(request, project, month)
        days, refusals = _cells_from(request.POST, grid)
        submitted = {
            (row.worker.pk, day): request.POST.get(f"a-{row.worker.pk}-{day.day}", "")
            for row in grid.rows
            for day, _, _ in row.cells
        }
        if not refusals:
            try:
                summary = attendance_save_days(
                    acting_user=request.user, project=project, month=month, days=days
                )
            except AttendanceRefused as refused:
                refusals = refused.refusals
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(request, str(summary))
                return redirect("payroll:attendance_month", pk, f"{month:%Y-%m}")
    refused = {(r.worker_id, r.day): r.reason for r in refusals if r.day}
    context = {
        "project": project,
        "grid": grid,
        "month_label": month_label(month),
        "month_value": f"{month:%Y-%m}",
        "previous": f"{_shift(month, -1):%Y-%m}",
        "next": f"{_shift(month, 1):%Y-%m}" if month < first_of(today) else None,
        "can_edit": can_edit,
        "locked": month_is_locked(project, month),
        "refusals": refusals,
        "refused": refused,
        # issue 16: the paper sheets of the month (payroll.views.sheets)
        "sheets": scope.restrict(
            AttendanceSheet.objects.filter(project=project, month=month), request.user
        ).order_by("seq"),
        "can_print_sheet": access.has(request.user, caps.KEEP_ATTENDANCE)
        and scope.can(request.user, scope.CHANGE, project),
        "submitted": submitted,
    }
    return render(request, "payroll/attendance_grid.html", context, status=400 if refusals else 200)


def _check_may_edit(request, project, month) -> None:
    """403 without the capability, 404 outside the scope, refusal when the month is locked."""
    access.require(request.user, caps.KEEP_ATTENDANCE)
    if not scope.can(request.user, scope.CHANGE, project):
        raise Http404
    if month_is_locked(project, month):
        raise PermissionDenied(f"{month_label(month)}的考勤已锁定，不能修改")


def attendance_import(request, pk: int, month: str):
    access.require(request.user, caps.KEEP_ATTENDANCE)
    month = month_or_404(month)
    project = scope.get_object_or_404(Project.objects.all(), request.user, scope.CHANGE, pk=pk)
    return upload_page(
        request,
        key=kinds.ATTENDANCE_GRID,
        params={"project_id": project.pk, "month": month.isoformat()},
        title=f"导入考勤：{project.name} {month_label(month)}",
        back=reverse("payroll:attendance_month", args=[pk, f"{month:%Y-%m}"]),
        form_class=AttendanceUploadForm,
        choose_key=lambda data: LAYOUT_KINDS[data["layout"]],
        templates=[
            ("考勤表模板", reverse("core:import_template", args=[kinds.ATTENDANCE_GRID])),
            ("出勤汇总表模板", reverse("core:import_template", args=[kinds.ATTENDANCE_TOTALS])),
        ],
    )
