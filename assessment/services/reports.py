"""Monthly reports (月度反馈, plan task 5; art. 12 定期调度、动态监测).

``monthly_reports_compute`` writes one report per project and month from the wage ledgers
(``assessment.selectors.wages``). It is idempotent: the same ledgers give the same rows, and a
second run writes nothing (rows are compared before anything is updated). The monthly job runs it
early each month for the month before, and every night for the months of the year so far, so
that the dashboard is never more than a day behind the ledgers.

Which projects have a report for a month: those in works during the month (registered started
before its end and not completed before its start, from the project's transitions), and those the
ledgers say something about (a ledger of the month, money paid in it, arrears at its end).

``monthly_report_confirm``: the project unit confirms the figures, or answers with an
explanation, and adds what the ledgers cannot know (funds in place, investment completed,
progress), by the due day of the following month that the district office sets per year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Min, Q
from django.utils import timezone

from assessment import capabilities as caps
from assessment.choices import ReportStatus
from assessment.models import MonthlyReport
from assessment.periods import (
    current_month,
    local_midnight,
    month_label,
    months_of_year,
    next_month,
    previous_month,
)
from assessment.selectors.wages import MonthFigures, month_figures
from assessment.services.common import clean_text
from assessment.services.settings import DEFAULT_REPORT_DUE_DAY, year_settings
from payroll.choices import LedgerStatus
from payroll.models import WageLedger
from projects.choices import ProjectStatus
from projects.models import Project
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as

LOCK_NAMESPACE = 7_202_601  # pg_advisory_xact_lock(namespace, yyyymm): one computation a month


def due_on(month: dt.date) -> dt.date:
    """The day by which the report of ``month`` must be answered (the month's year's setting)."""
    settings = year_settings(month.year)
    day = settings.report_due_day if settings else DEFAULT_REPORT_DUE_DAY
    return next_month(month).replace(day=day)


def projects_in_works(month: dt.date) -> set[int]:
    """Projects registered started before the end of ``month`` and not completed before its
    start (Beijing time), from their transitions. One query."""
    start, end = local_midnight(month), local_midnight(next_month(month))
    S = ProjectStatus
    rows = (
        Project.objects.exclude(status=S.WITHDRAWN)
        .annotate(
            started=Min("transitions__at", filter=Q(transitions__to_status=S.STARTED)),
            completed=Min("transitions__at", filter=Q(transitions__to_status=S.COMPLETED)),
        )
        .filter(started__lt=end)
        .filter(Q(completed__isnull=True) | Q(completed__gte=start))
        .values_list("pk", flat=True)
    )
    return set(rows)


@dataclass
class ComputeResult:
    month: dt.date
    created: int = 0
    updated: int = 0
    flagged: int = 0  # answered reports whose ledgers have changed since

    def __str__(self) -> str:
        return (
            f"{month_label(self.month)}：新生成 {self.created} 份，更新 {self.updated} 份，"
            f"确认后台账有变化 {self.flagged} 份"
        )


def _differs(report: MonthlyReport, fields: dict) -> bool:
    return any(getattr(report, name) != value for name, value in fields.items())


def monthly_reports_compute(*, month: dt.date, acting_user=None) -> ComputeResult:
    """Write ``month``'s reports from the ledgers; a second run with the same ledgers writes
    nothing. Runs as the system (scheduled job) or for the district office (on request)."""
    if acting_user is not None:
        access.require(acting_user, caps.COMPUTE_REPORTS)
    month = month.replace(day=1)
    if month > current_month():
        raise ValidationError(f"{month_label(month)}尚未开始，不能生成月度反馈")
    result = ComputeResult(month)
    with transaction.atomic(), acting_as(acting_user, via="assessment.monthly_reports"):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [LOCK_NAMESPACE, month.year * 100 + month.month],
            )
        figures = month_figures(month)
        existing = {
            report.project_id: report
            for report in MonthlyReport.objects.select_for_update()
            .filter(month=month)
            .order_by("pk")
        }
        due = due_on(month)
        now = timezone.now()
        create, update, flag = [], [], []
        for project_id in sorted(projects_in_works(month) | set(figures) | set(existing)):
            fields = figures.get(project_id, MonthFigures()).as_fields()
            report = existing.get(project_id)
            if report is None:
                create.append(
                    MonthlyReport(
                        project_id=project_id, month=month, due_on=due, computed_at=now, **fields
                    )
                )
            elif report.status == ReportStatus.PENDING:
                if _differs(report, fields) or report.due_on != due:
                    for name, value in fields.items():
                        setattr(report, name, value)
                    report.due_on, report.computed_at = due, now
                    update.append(report)
            else:
                changed = _differs(report, fields)
                if changed != report.ledgers_changed:
                    report.ledgers_changed = changed
                    flag.append(report)
        MonthlyReport.objects.bulk_create(create)
        if update:
            names = [*MonthlyReport.COMPUTED, "due_on", "computed_at"]
            MonthlyReport.objects.bulk_update(update, names)
        if flag:
            MonthlyReport.objects.bulk_update(flag, ["ledgers_changed"])
    result.created, result.updated = len(create), len(update)
    result.flagged = sum(1 for report in flag if report.ledgers_changed)
    return result


def months_to_refresh(today: dt.date) -> list[dt.date]:
    """Every month of the year so far; in January, last year's months too (December's report
    is answered in January)."""
    this = today.replace(day=1)
    months = months_of_year(this.year, until=this)
    if this.month == 1:
        months = months_of_year(this.year - 1) + months
    return months


def monthly_reports_refresh(*, today: dt.date | None = None) -> list[ComputeResult]:
    """What the scheduled job runs (see the module's docstring)."""
    today = today or timezone.localdate()
    return [monthly_reports_compute(month=month) for month in months_to_refresh(today)]


# --- the project unit's answer -------------------------------------------------------------


CUMULATIVE = (
    ("funds_in_place", "累计到位资金"),
    ("investment_completed", "累计完成投资"),
    ("progress", "形象进度"),
)


def _previous_answer(report: MonthlyReport) -> MonthlyReport | None:
    return (
        MonthlyReport.objects.filter(
            project_id=report.project_id, month__lt=report.month, status__in=ANSWERED
        )
        .order_by("-month")
        .first()
    )


ANSWERED = (ReportStatus.CONFIRMED, ReportStatus.ANNOTATED)


def monthly_report_confirm(
    *,
    acting_user,
    report: MonthlyReport,
    annotated: bool,
    funds_in_place: Decimal,
    investment_completed: Decimal,
    progress: int,
    annotation: str = "",
) -> MonthlyReport:
    """Confirm ``report`` (or answer it with an explanation). The figures are computed afresh
    from the ledgers at this moment, so what the unit confirms is what the ledgers say now."""
    access.require(acting_user, caps.CONFIRM_REPORTS)
    annotation = clean_text(annotation)
    if annotated and not annotation:
        raise ValidationError(
            {"annotation": "请写明情况说明（如本月停工原因、数据与台账不一致的原因）"}
        )
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": "形象进度应在0至100之间"})
    with transaction.atomic(), acting_as(acting_user):
        locked = (
            MonthlyReport.objects.select_for_update(of=("self",))
            .select_related("project")
            .get(pk=report.pk)
        )
        if not scope.can(acting_user, scope.CHANGE, locked):
            raise PermissionDenied("该项目不在您的权限范围内")
        if locked.month >= current_month():
            raise ValidationError(f"{month_label(locked.month)}尚未结束，月底后再确认本月反馈")
        if locked.answered and not locked.ledgers_changed:
            raise ValidationError(
                f"{month_label(locked.month)}月度反馈已于"
                f"{timezone.localtime(locked.confirmed_at):%Y-%m-%d %H:%M}确认"
            )
        pending = (
            WageLedger.objects.latest()
            .filter(project_id=locked.project_id, month=locked.month)
            .filter(status__in=(LedgerStatus.DRAFT, LedgerStatus.RETURNED))
            .first()
        )
        if pending is not None:
            raise ValidationError(
                f"{month_label(locked.month)}劳务报酬发放台账尚未提交（{pending.get_status_display()}），"
                "请先提交台账，再确认月度反馈"
            )
        values = {
            "funds_in_place": funds_in_place,
            "investment_completed": investment_completed,
            "progress": progress,
        }
        previous = _previous_answer(locked)
        if previous is not None and not annotated:
            dropped = [
                f"{label}不能小于{month_label(previous.month)}已确认的"
                f"{getattr(previous, name)}{'%' if name == 'progress' else ' 元'}"
                for name, label in CUMULATIVE
                if getattr(previous, name) is not None and values[name] < getattr(previous, name)
            ]
            if dropped:
                raise ValidationError(
                    "；".join(dropped) + "。如确需更正以前月份的数据，请选择“有情况说明”并写明原因"
                )
        fresh = month_figures(locked.month, [locked.project_id]).get(
            locked.project_id, MonthFigures()
        )
        for name, value in {**fresh.as_fields(), **values}.items():
            setattr(locked, name, value)
        locked.status = ReportStatus.ANNOTATED if annotated else ReportStatus.CONFIRMED
        locked.annotation = annotation
        locked.ledgers_changed = False
        locked.computed_at = timezone.now()
        locked.confirmed_by = acting_user
        locked.confirmed_at = timezone.now()
        locked.full_clean()
        locked.save()
    return locked


def previous_month_of(today: dt.date) -> dt.date:
    return previous_month(today.replace(day=1))
