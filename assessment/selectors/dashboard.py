"""The leaders' dashboard (领导驾驶舱): every figure of the page, from a fixed number of aggregate
queries whatever the number of projects, ledgers or lines, each with the link to the list behind it.

Sources, and how fresh they are:

* projects, funds, targets: the project tables, live;
* wages by month and township, person-days, payable, arrears: the monthly reports
  (``MonthlyReport``), refreshed on commit of every ledger step and bank credit (seconds behind)
  and checked by the nightly job; ``oldest`` and ``as_of`` say when the oldest and newest of
  them were built (issue 12 item 3);
* people employed and their priority groups: the counted ledger lines, live (people must be
  counted once across months and projects, which no per-month summary can do);
* training and conversions: ``training.figures``, live;
* complaints, findings, suspicions, scores: their tables, live.

Everything is limited to the projects the user may see (``projects.scopes.visible_projects``);
counts of complaints and suspicions are counts about those projects, never the rows themselves
(leaders get the numbers and a project-level list, not the people).

A project in several townships counts in each township's figures; the district totals count it
once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone

from assessment import capabilities as caps
from assessment.choices import FindingStatus, ReportStatus
from assessment.models import AssessmentYear, Finding, MonthlyReport, ScoreSheet
from assessment.selectors.wages import counted_lines
from payroll.choices import PriorityGroup, SuspicionStatus
from payroll.models import WageSuspicion, Worker
from projects.choices import ProjectStatus
from projects.models import Complaint, ProgrammeYear, Project
from projects.scopes import project_q, visible_projects
from projects.selectors import ON_LIST, with_figures
from training import capabilities as training_caps
from training import figures as training_figures
from yiguoji import scope
from yiguoji.core import access

ZERO = Decimal("0")


def _url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name) + (f"?{query}" if query else "")


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


@dataclass
class Bar:
    key: str
    label: str
    value: Decimal | int
    url: str


@dataclass
class Dashboard:
    year: int
    township: object | None
    as_of: dt.datetime | None = None  # the newest monthly report's build time
    oldest: dt.datetime | None = None  # the oldest one's: every report figure is this fresh
    projects: int = 0
    investment: Decimal = ZERO
    special_funds: Decimal = ZERO
    # art. 30, like with like: planned wages against the funds arranged (of the projects that
    # have such funds), and wages paid to date against the central funds spent to date
    central_funds: Decimal = ZERO
    central_planned_wages: Decimal = ZERO
    fiscal_funds: Decimal = ZERO
    fiscal_planned_wages: Decimal = ZERO
    central_spent: Decimal = ZERO
    paid_on_spent: Decimal = ZERO
    wage_share_target: Decimal | None = None
    by_status: list[Bar] = field(default_factory=list)
    months: list[dt.date] = field(default_factory=list)
    paid_by_month: list[Decimal] = field(default_factory=list)
    payable_by_month: list[Decimal] = field(default_factory=list)
    month_urls: list[str] = field(default_factory=list)
    townships: list[Bar] = field(default_factory=list)  # wages paid in the year by township
    township_months: dict[str, list[Decimal]] = field(default_factory=dict)
    township_shares: list[dict] = field(default_factory=list)
    paid: Decimal = ZERO
    payable: Decimal = ZERO
    person_days: Decimal = ZERO
    arrears: Decimal = ZERO
    arrears_projects: int = 0
    workers: int = 0
    priority_workers: int = 0
    migrant_workers: int = 0  # art. 45: counted apart from local workers
    by_group: list[Bar] = field(default_factory=list)
    trained: object = None
    conversions: object = None
    open_complaints: int = 0
    open_suspicions: int = 0
    open_findings: int = 0
    overdue_reports: int = 0
    ranking: list[dict] = field(default_factory=list)
    ranking_published: bool = False
    urls: dict[str, str] = field(default_factory=dict)

    @property
    def wage_share(self) -> Decimal | None:
        """Planned wages / central funds (art. 30), the ratio the year's target holds."""
        return share(self.central_planned_wages, self.central_funds)

    @property
    def fiscal_wage_share(self) -> Decimal | None:
        """Planned wages / fiscal funds (art. 30: 尽最大可能提高)."""
        return share(self.fiscal_planned_wages, self.fiscal_funds)

    @property
    def wage_share_to_date(self) -> Decimal | None:
        """Wages paid to date / central funds spent to date (the projects' latest monthly
        report's 累计完成投资, the central share of it in proportion to the funding)."""
        return share(self.paid_on_spent, self.central_spent)


def _projects(user, year: int | None, township):
    """The user's projects (as an id subquery), of the year when given, in the township."""
    projects = Project.objects.all()
    decision = project_q(user, scope.VIEW)
    if decision is not True:
        projects = visible_projects(user)
    if year is not None:
        projects = projects.filter(year=year)
    if township is not None:
        projects = projects.filter(townships=township)
    return projects


def _limit(queryset, user, township, field: str = "project"):
    """Rows of ``queryset`` on projects the user may see (and in the township)."""
    if project_q(user, scope.VIEW) is not True:
        queryset = queryset.filter(**{f"{field}__in": visible_projects(user).values("pk")})
    if township is not None:
        queryset = queryset.filter(**{f"{field}__townships": township})
    return queryset


def _funds_rows(projects):
    """Per project: central, fiscal and special funds, planned wages, total investment, wages
    paid to date and the latest reported investment completed."""
    latest = (
        MonthlyReport.objects.filter(project=OuterRef("pk"), investment_completed__isnull=False)
        .order_by("-month")
        .values("investment_completed")[:1]
    )
    paid = (
        counted_lines()
        .filter(ledger__project=OuterRef("pk"))
        .order_by()
        .values("ledger__project")
        .annotate(s=Sum("paid"))
        .values("s")[:1]
    )
    return (
        with_figures(projects)
        .annotate(spent=Subquery(latest), paid_to_date=Subquery(paid))
        .values(
            "central_funds", "fiscal_funds", "special_funds", "planned_wage_total",
            "total_investment", "spent", "paid_to_date",
        )
        .order_by()
    )  # fmt: skip


def _add_funds(board: Dashboard, row: dict) -> None:
    board.special_funds += row["special_funds"]
    if row["central_funds"]:
        board.central_funds += row["central_funds"]
        board.central_planned_wages += row["planned_wage_total"]
        if row["spent"] is not None and row["total_investment"]:
            # the central share of what has been spent, in proportion to the funding
            spent = min(row["spent"], row["total_investment"])
            board.central_spent += (
                spent * row["central_funds"] / row["total_investment"]
            ).quantize(Decimal("0.01"), ROUND_HALF_UP)
            board.paid_on_spent += row["paid_to_date"] or ZERO
    if row["fiscal_funds"]:
        board.fiscal_funds += row["fiscal_funds"]
        board.fiscal_planned_wages += row["planned_wage_total"]


def dashboard(user, *, year: int, township=None) -> Dashboard:
    """Every figure of the dashboard (see the module's docstring): 15 queries."""
    t = township.pk if township is not None else None
    board = Dashboard(year=year, township=township)
    common = {"year": year, "township": t}
    drill = "assessment:dashboard_projects"

    # 1. projects of the year by state, with investment (one query)
    by_status = {
        row["status"]: row
        for row in _projects(user, year, township)
        .values("status")
        .annotate(n=Count("pk"), investment=Sum("total_investment"))
        .order_by()
    }
    for status, label in ProjectStatus.choices:
        row = by_status.get(status)
        count = row["n"] if row else 0
        board.by_status.append(
            Bar(status, label, count, _url("projects:list", year=year, townships=t, status=status))
        )
        if status in ON_LIST and row:
            board.projects += count
            board.investment += row["investment"] or ZERO
    # 2. funds and planned wages of the year's listed projects, with wages paid and investment
    #    completed to date (one query)
    listed = _projects(user, year, township).filter(status__in=ON_LIST)
    for row in _funds_rows(Project.objects.filter(pk__in=listed.values("pk"))):
        _add_funds(board, row)
    # 3. the year's wage-share target (one query)
    programme = ProgrammeYear.objects.filter(year=year).first()
    board.wage_share_target = programme.wage_share_target if programme else None

    # 4. monthly reports of the year by month (one query)
    reports = _limit(MonthlyReport.objects.filter(month__year=year), user, township)
    rows = list(
        reports.values("month")
        .annotate(
            paid_sum=Sum("paid"),
            payable_sum=Sum("payable"),
            days=Sum("person_days"),
            owed=Sum("arrears"),
            owing=Count("pk", filter=Q(arrears__gt=0)),
            computed=Max("computed_at"),
            first_computed=Min("computed_at"),
        )
        .order_by("month")
    )
    for row in rows:
        board.months.append(row["month"])
        board.paid_by_month.append(row["paid_sum"] or ZERO)
        board.payable_by_month.append(row["payable_sum"] or ZERO)
        board.month_urls.append(
            _url("assessment:reports", month=row["month"].isoformat(), township=t)
        )
        board.paid += row["paid_sum"] or ZERO
        board.payable += row["payable_sum"] or ZERO
        board.person_days += row["days"] or ZERO
        board.as_of = max(filter(None, [board.as_of, row["computed"]]), default=None)
        board.oldest = min(filter(None, [board.oldest, row["first_computed"]]), default=None)
    if rows:  # arrears are cumulative: what is owed at the end of the latest month
        board.arrears, board.arrears_projects = rows[-1]["owed"] or ZERO, rows[-1]["owing"]
    # 5. wages paid by township and month (one query)
    by_township: dict[int, Bar] = {}
    index = {month: i for i, month in enumerate(board.months)}
    for row in (
        reports.values("month", "project__townships", "project__townships__name")
        .annotate(paid_sum=Sum("paid"))
        .order_by("project__townships__code", "month")
    ):
        key = row["project__townships"]
        if key is None:
            continue
        name = row["project__townships__name"]
        bar = by_township.setdefault(
            key, Bar(str(key), name, ZERO, _url("assessment:reports", year=year, township=key))
        )
        bar.value += row["paid_sum"] or ZERO
        series = board.township_months.setdefault(name, [ZERO] * len(board.months))
        series[index[row["month"]]] = row["paid_sum"] or ZERO
    board.townships = list(by_township.values())
    # 6. planned wages against central funds by township, like with like (one query)
    funds: dict[int, list[Decimal]] = {}
    for row in (
        with_figures(_projects(user, year, None).filter(status__in=ON_LIST))
        .filter(central_funds__gt=0)
        .values("townships", "central_funds", "planned_wage_total")
        .order_by()
    ):
        pair = funds.setdefault(row["townships"], [ZERO, ZERO])
        pair[0] += row["planned_wage_total"]
        pair[1] += row["central_funds"]
    board.township_shares = [
        {
            "label": bar.label,
            "paid": funds.get(int(bar.key), [ZERO, ZERO])[0],
            "funds": funds.get(int(bar.key), [ZERO, ZERO])[1],
            "share": share(*funds.get(int(bar.key), [ZERO, ZERO])),
            "url": _url(drill, show="wage_share", year=year, township=bar.key),
        }
        for bar in board.townships
    ]

    # 7. people employed in the year and their priority groups (one query on the lines)
    lines = _limit(
        counted_lines().filter(ledger__month__year=year), user, township, "ledger__project"
    )
    people = Worker.objects.filter(pk__in=lines.values("worker_id")).aggregate(
        total=Count("pk"),
        priority=Count("pk", filter=~Q(priority_groups=[])),
        migrants=Count("pk", filter=Q(from_elsewhere=True)),
        **{
            code: Count("pk", filter=Q(priority_groups__contains=[code]))
            for code in PriorityGroup.values
        },
    )
    board.workers, board.priority_workers = people["total"], people["priority"]
    board.migrant_workers = people["migrants"]
    board.by_group = [
        Bar(code, label, people[code], _url(drill, show="priority", group=code, **common))
        for code, label in PriorityGroup.choices
    ]
    # 8-9. training and conversions (one query each, training.figures)
    board.trained = training_figures.training_total(user, year=year, township=township)
    board.conversions = training_figures.conversions_total(user, year=year, township=township)
    # 10-13. complaints, suspicions, findings, overdue reports (one query each)
    board.open_complaints = _limit(
        Complaint.objects.open().filter(project__isnull=False), user, township
    ).count()
    board.open_suspicions = (
        _limit(
            WageSuspicion.objects.filter(status=SuspicionStatus.OPEN, month__year=year),
            user,
            township,
            "ledgers__project",
        )
        .values("pk")
        .distinct()
        .count()
    )
    board.open_findings = _limit(
        Finding.objects.filter(found_on__year=year).exclude(status=FindingStatus.VERIFIED),
        user,
        township,
    ).count()
    board.overdue_reports = reports.filter(
        status=ReportStatus.PENDING, due_on__lt=timezone.localdate()
    ).count()
    # 14-15. the ranking (published results; the district office also sees a draft)
    settings = AssessmentYear.objects.filter(year=year).first()
    board.ranking_published = bool(settings and settings.is_published)
    sheets = scope.restrict(ScoreSheet.objects.filter(year=year), user).select_related(
        "organisation"
    )
    if township is not None:
        sheets = sheets.filter(organisation__township=township)
    ranks = {True: 0, False: 0}
    may_see_scores = access.has(user, caps.VIEW_SCORES)
    for sheet in sheets.order_by("-is_township", "-total", "organisation__name"):
        ranks[sheet.is_township] += 1
        board.ranking.append(
            {
                "rank": ranks[sheet.is_township],
                "label": sheet.organisation.short_name or sheet.organisation.name,
                "total": sheet.total,
                "is_township": sheet.is_township,
                # No link for a role that cannot open the sheets (issue 10 item 22).
                "url": reverse("assessment:score", args=[sheet.pk]) if may_see_scores else "",
            }
        )
    board.urls = {
        "projects": _url("projects:list", year=year, townships=t),
        "paid": _url("assessment:reports", year=year, township=t),
        "arrears": _url(drill, show="arrears", **common),
        "workers": _url(drill, show="workers", **common),
        "priority": _url(drill, show="priority", **common),
        "wage_share": _url(drill, show="wage_share", **common),
        "complaints": _url(drill, show="complaints", **common),
        "suspicions": _url(drill, show="suspicions", **common),
        "findings": _url(drill, show="findings", **common),
        "overdue": _url("assessment:reports", year=year, township=t, status="overdue"),
        "training": _url("training:figures", year=year, township=t),
        "ranking": _url("assessment:scores", year=year),
    }
    # Links lead only where the reader may go (issue 10 item 22): the tiles stay, unlinked.
    if not access.has(user, training_caps.VIEW):
        board.urls["training"] = ""
    if not may_see_scores:
        board.urls["ranking"] = ""
    return board
