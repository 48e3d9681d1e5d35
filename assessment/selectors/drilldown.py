"""The project-level list behind the dashboard's figures (people, arrears, wage share,
complaints, suspicions, findings): one row per project with the year's aggregates, never a
person. Leaders drill down to here; the district office goes on to the rows themselves."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf

from assessment.choices import FindingStatus
from assessment.models import Finding, MonthlyReport
from assessment.selectors.wages import counted_lines
from payroll.choices import PriorityGroup, SuspicionStatus
from payroll.models import WageSuspicion
from projects.funds import CENTRAL_SOURCES
from projects.models import Complaint, FundingLine

ZERO = Decimal("0")
MONEY = DecimalField(max_digits=14, decimal_places=2)
SHOWS = {
    "workers": "带动务工",
    "priority": "优先群体务工",
    "arrears": "欠发劳务报酬",
    "wage_share": "计划劳务报酬占中央资金比例（第三十条）",
    "complaints": "未办结的投诉举报",
    "suspicions": "虚报用工疑点",
    "findings": "未销号的监督检查问题",
}


def _count(queryset, field: str = "pk", distinct: bool = False):
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values("project_key")
            .annotate(n=Count(field, distinct=distinct))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _sum(queryset, field: str):
    return Coalesce(
        Subquery(
            queryset.order_by().values("project_key").annotate(s=Sum(field)).values("s")[:1],
            output_field=MONEY,
        ),
        Value(ZERO),
        output_field=MONEY,
    )


def project_figures(projects, *, year: int, show: str = "", group: str = ""):
    """``projects`` (already limited to the user's scope and filters) that concern ``year``,
    annotated with the year's figures; only those with something to show when ``show`` names a
    figure."""
    reports = MonthlyReport.objects.filter(project=OuterRef("pk"), month__year=year).annotate(
        project_key=F("project_id")
    )
    lines = (
        counted_lines()
        .filter(ledger__project=OuterRef("pk"), ledger__month__year=year)
        .annotate(project_key=F("ledger__project_id"))
    )
    latest = MonthlyReport.objects.filter(project=OuterRef("pk"), month__year=year).order_by(
        "-month"
    )
    # art. 30: the ratio the year's target holds is planned wages against central funds
    funds = FundingLine.objects.filter(
        project=OuterRef("pk"), source__in=sorted(CENTRAL_SOURCES)
    ).annotate(project_key=F("project_id"))
    complaints = (
        Complaint.objects.open()
        .filter(project=OuterRef("pk"))
        .annotate(project_key=F("project_id"))
    )
    suspicions = WageSuspicion.objects.filter(
        ledgers__project=OuterRef("pk"), status=SuspicionStatus.OPEN, month__year=year
    ).annotate(project_key=F("ledgers__project_id"))
    findings = (
        Finding.objects.filter(project=OuterRef("pk"), found_on__year=year)
        .exclude(status=FindingStatus.VERIFIED)
        .annotate(project_key=F("project_id"))
    )
    rows = (
        projects.filter(
            Q(year=year)
            | Q(pk__in=MonthlyReport.objects.filter(month__year=year).values("project_id"))
        )
        .select_related("owner")
        .prefetch_related("townships")
        .annotate(
            paid=_sum(reports, "paid"),
            payable=_sum(reports, "payable"),
            person_days=_sum(reports, "person_days"),
            arrears=Coalesce(
                Subquery(latest.values("arrears")[:1], output_field=MONEY),
                Value(ZERO),
                output_field=MONEY,
            ),
            special_funds=_sum(funds, "amount"),
            open_complaints=_count(complaints),
            open_suspicions=_count(suspicions, distinct=True),
            open_findings=_count(findings),
            workers=_count(lines, "worker_id", distinct=True),
            priority_workers=_count(
                lines.filter(~Q(worker__priority_groups=[])), "worker_id", distinct=True
            ),
        )
        .annotate(
            wage_share=ExpressionWrapper(
                F("planned_wage_total") * Value(Decimal("1.0000")) / NullIf(F("special_funds"), 0),
                output_field=DecimalField(max_digits=12, decimal_places=4),
            )
        )
    )
    if group in PriorityGroup.values:
        rows = rows.annotate(
            group_workers=_count(
                lines.filter(worker__priority_groups__contains=[group]), "worker_id", distinct=True
            )
        )
    wanted = {
        "workers": Q(workers__gt=0),
        "priority": Q(group_workers__gt=0)
        if group in PriorityGroup.values
        else Q(priority_workers__gt=0),
        "arrears": Q(arrears__gt=0),
        "wage_share": Q(year=year, special_funds__gt=0),
        "complaints": Q(open_complaints__gt=0),
        "suspicions": Q(open_suspicions__gt=0),
        "findings": Q(open_findings__gt=0),
    }
    if show in wanted:
        rows = rows.filter(wanted[show])
    return rows
