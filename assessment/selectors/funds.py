"""Funds disbursed against the works' progress (资金拨付与进度; safeguard (二), art. 21).

For every project between approval and upkeep that the user may see: the money its funding lines
arrange, the money disbursed (``projects.Disbursement``), the money spent (累计完成投资) and the
works' progress (形象进度) from the latest monthly report the project unit confirmed, and the
district's warnings (``projects.funds.funds_warnings``, thresholds in 年度参数). Four queries
whatever the number of projects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessment.choices import ReportStatus
from assessment.models import MonthlyReport
from projects.funds import FundsProgress, FundsWarning, funds_warnings
from projects.models import FundingLine, ProgrammeYear, Project
from projects.selectors import disbursed_by_project
from projects.services.disbursements import DISBURSABLE
from yiguoji import scope

ANSWERED = (ReportStatus.CONFIRMED, ReportStatus.ANNOTATED)
MONEY = DecimalField(max_digits=14, decimal_places=2)


@dataclass
class FundsRow:
    project: Project
    figures: FundsProgress
    warnings: list[FundsWarning] = field(default_factory=list)

    @property
    def codes(self) -> set[str]:
        return {w.code for w in self.warnings}


def _latest_reports(project_ids, as_of: dt.date) -> dict[int, MonthlyReport]:
    rows = (
        MonthlyReport.objects.filter(
            project_id__in=project_ids, month__lte=as_of, status__in=ANSWERED
        )
        .exclude(investment_completed__isnull=True, progress__isnull=True)
        .order_by("project_id", "-month")
        .distinct("project_id")
    )
    return {row.project_id: row for row in rows}


def funds_rows(projects, *, today: dt.date | None = None) -> list[FundsRow]:
    """The rows of ``projects`` (already restricted to the user's scope)."""
    today = today or timezone.localdate()
    arranged = Coalesce(
        Subquery(
            FundingLine.objects.filter(project=OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(s=Sum("amount"))
            .values("s")[:1],
            output_field=MONEY,
        ),
        Value(Decimal("0")),
        output_field=MONEY,
    )
    projects = list(
        projects.annotate(arranged=arranged).select_related("owner").order_by("-year", "code")
    )
    ids = [p.pk for p in projects]
    disbursed = disbursed_by_project(ids)
    reports = _latest_reports(ids, today)
    programmes = {p.year: p for p in ProgrammeYear.objects.all()}
    rows = []
    for project in projects:
        total, last = disbursed.get(project.pk, (Decimal("0"), None))
        report = reports.get(project.pk)
        figures = FundsProgress(
            arranged=project.arranged,
            disbursed=total,
            spent=report.investment_completed if report else None,
            progress=report.progress if report else None,
            last_disbursed_on=last,
            reported_month=report.month if report else None,
        )
        warnings = funds_warnings(figures, programmes.get(project.year), today)
        rows.append(FundsRow(project, figures, warnings))
    return rows


def funds_watch(user, *, year: int | None = None, warning: str = "", today=None) -> list[FundsRow]:
    """The funds-watch rows ``user`` may see, of ``year`` when given, with ``warning`` only."""
    projects = scope.restrict(Project.objects.filter(status__in=DISBURSABLE), user)
    if year:
        projects = projects.filter(year=year)
    rows = funds_rows(projects, today=today)
    if warning:
        rows = [row for row in rows if warning in row.codes]
    return rows


def project_funds_row(project: Project, *, today=None) -> FundsRow | None:
    if project.status not in DISBURSABLE:
        return None
    rows = funds_rows(Project.objects.filter(pk=project.pk), today=today)
    return rows[0] if rows else None
