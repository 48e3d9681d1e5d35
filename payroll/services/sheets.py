"""The paper attendance sheet (考勤签字表, issue 16 item 3; plan task 9: 务工人员签字确认).

1. :func:`sheet_issue` numbers a new sheet for a project and month; :func:`sheet_pdf` prints it
   with the month's hired people, the days already recorded, a column for signatures and the
   sheet's code as text and QR code;
2. :func:`sheet_upload` stores the signed sheet's scan against the code with the days the sheet
   shows per person, and :func:`sheet_differences` lists where they differ from the digital days;
3. :func:`sheet_explain` records why they differ; :func:`sheet_refusals` is what the wage ledger's
   submission (``payroll.services.ledgers.submission_refusals``) refuses while a difference is
   unexplained.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from payroll import capabilities as caps
from payroll.models import AttendanceMonth, AttendanceSheet
from payroll.selectors.attendance import attendance_grid
from payroll.services.attendance import format_days
from payroll.services.contracts import check_scan
from payroll.services.ledger_checks import ERROR, Finding
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.months import days_in_month, first_of, month_label
from yiguoji.pdf import render_pdf

ZERO = Decimal("0")


def _authorise(acting_user, project) -> None:
    access.require(acting_user, caps.KEEP_ATTENDANCE)
    if not scope.can(acting_user, scope.CHANGE, project):
        raise PermissionDenied("您不能管理该项目的考勤签字表")


def sheet_issue(*, acting_user, project, month: dt.date) -> AttendanceSheet:
    """A new numbered sheet for ``project`` and ``month`` (each printing is its own sheet)."""
    month = first_of(month)
    _authorise(acting_user, project)
    if month > first_of(timezone.localdate()):
        raise ValidationError("不能打印以后月份的考勤签字表")
    with transaction.atomic(), acting_as(acting_user):
        taken = AttendanceSheet.objects.select_for_update().filter(project=project, month=month)
        seq = max((s.seq for s in taken), default=0) + 1
        return AttendanceSheet.objects.create(
            code=f"KQ-{project.code}-{month:%Y%m}-{seq:02d}",
            project=project,
            month=month,
            seq=seq,
            printed_by=acting_user,
        )


def sheet_url(sheet: AttendanceSheet) -> str:
    """Where the QR code leads: the sheet's page, to upload its scan."""
    return (settings.PUBLIC_BASE_URL or "").rstrip("/") + reverse(
        "payroll:sheet", args=[sheet.code]
    )


def sheet_pdf(sheet: AttendanceSheet) -> bytes:
    from projects.pdf import qr_data_uri

    grid = attendance_grid(sheet.project, sheet.month, today=timezone.localdate())
    url = sheet_url(sheet)
    return render_pdf(
        "payroll/pdf/attendance_sheet.html",
        {
            "sheet": sheet,
            "project": sheet.project,
            "grid": grid,
            "month_label": month_label(sheet.month),
            "qr": qr_data_uri(url),
            "url": url,
            "blank_rows": range(max(0, 3 - len(grid.rows))),
        },
    )


def _paper_days(raw: dict, names: dict[int, str], length: int) -> dict[str, str]:
    days = {}
    for worker_id, name in names.items():
        value = str(raw.get(worker_id, "")).strip()
        if value == "":
            raise ValidationError({"paper_days": f"{name}：请填写签字表上的天数（没有出勤填0）"})
        try:
            amount = Decimal(value)
        except InvalidOperation as error:
            raise ValidationError({"paper_days": f"{name}：“{value}”不是天数"}) from error
        if amount < 0 or amount > length or amount * 2 != int(amount * 2):
            raise ValidationError(
                {"paper_days": f"{name}：天数应在0至{length}之间，最小单位0.5天，不能填{value}"}
            )
        days[str(worker_id)] = format_days(amount)
    return days


def sheet_upload(
    *, acting_user, sheet: AttendanceSheet, scan, paper_days: dict[int, str]
) -> AttendanceSheet:
    """Store the signed sheet's scan and the days it shows per hired person (all of them)."""
    _authorise(acting_user, sheet.project)
    check_scan(scan, "考勤签字表扫描件")
    grid = attendance_grid(sheet.project, sheet.month, today=timezone.localdate())
    names = {row.worker.pk: row.worker.name for row in grid.rows}
    days = _paper_days(paper_days, names, days_in_month(sheet.month))
    with transaction.atomic(), acting_as(acting_user):
        locked = AttendanceSheet.objects.select_for_update().get(pk=sheet.pk)
        old = locked.scan.name if locked.scan else ""
        locked.scan.save(scan.name, scan, save=False)
        locked.scan_name = PurePath(scan.name).name[:200]
        locked.paper_days = days
        locked.uploaded_by, locked.uploaded_at = acting_user, timezone.now()
        locked.explanation, locked.explained_by, locked.explained_at = "", None, None
        locked.save()
        if old:
            transaction.on_commit(lambda: locked.scan.storage.delete(old))
    return locked


@dataclass(frozen=True)
class Difference:
    worker_id: int
    name: str
    digital: Decimal
    paper: Decimal | None

    def __str__(self) -> str:
        paper = "未填" if self.paper is None else f"{format_days(self.paper)}天"
        return f"{self.name} 签字表{paper}、系统{format_days(self.digital)}天"


def sheet_differences(sheet: AttendanceSheet) -> list[Difference]:
    """Where the uploaded sheet's days differ from the digital days now (two queries)."""
    if not sheet.uploaded_at:
        return []
    digital = {
        worker_id: (name, days)
        for worker_id, name, days in AttendanceMonth.objects.filter(
            project_id=sheet.project_id, month=sheet.month
        ).values_list("worker_id", "worker__name", "days")
    }
    paper = {int(k): Decimal(v) for k, v in sheet.paper_days.items()}
    from payroll.models import Worker

    missing = set(paper) - set(digital)
    names = dict(Worker.objects.filter(pk__in=missing).values_list("pk", "name")) if missing else {}
    found = []
    for worker_id in sorted(set(digital) | set(paper)):
        name, days = digital.get(worker_id, (names.get(worker_id, f"#{worker_id}"), ZERO))
        on_paper = paper.get(worker_id)
        if on_paper is None and days == ZERO:
            continue
        if on_paper != days:
            found.append(Difference(worker_id, name, days, on_paper))
    return sorted(found, key=lambda d: d.name)


def sheet_explain(*, acting_user, sheet: AttendanceSheet, explanation: str) -> AttendanceSheet:
    explanation = (explanation or "").strip()
    _authorise(acting_user, sheet.project)
    if len(explanation) < 4:
        raise ValidationError({"explanation": "请写明签字表与系统考勤不一致的原因"})
    with transaction.atomic(), acting_as(acting_user):
        locked = AttendanceSheet.objects.select_for_update().get(pk=sheet.pk)
        locked.explanation = explanation
        locked.explained_by, locked.explained_at = acting_user, timezone.now()
        locked.save(update_fields=["explanation", "explained_by", "explained_at"])
    return locked


def sheet_refusals(project, month: dt.date) -> list[Finding]:
    """What stops the month's wage ledger from being submitted: the latest uploaded sheet of
    the month differs from the digital days and nobody has said why."""
    sheet = (
        AttendanceSheet.objects.filter(project=project, month=first_of(month))
        .exclude(uploaded_at=None)
        .order_by("-uploaded_at")
        .first()
    )
    if sheet is None or sheet.explanation:
        return []
    differences = sheet_differences(sheet)
    if not differences:
        return []
    shown = "；".join(str(d) for d in differences[:5])
    more = f"等{len(differences)}人" if len(differences) > 5 else ""
    return [
        Finding(
            ERROR,
            "paper_sheet",
            None,
            f"考勤签字表{sheet.code}与系统考勤不一致（{shown}{more}），"
            "提交前须在考勤签字表页面说明差异或更正考勤",
        )
    ]
