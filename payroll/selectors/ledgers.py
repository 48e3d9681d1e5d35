"""Reading wage ledgers: lists, one ledger's page, the department's inbox, the district's
arrears and suspicion lists, wage safeguards per project, and the figures other pages read.

Every list is restricted to the user's scope (``yiguoji.scope``) and loads in a fixed number of
queries whatever the number of rows.

Figures (for the project page, the permanent notice and the assessment app) come from the
counted version of each project's monthly ledger (``WageLedger.objects.counted()``: submitted,
signed or filed, the newest such version of a month).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from payroll.choices import LedgerStatus, SuspicionStatus
from payroll.models.ledgers import (
    ZERO,
    WageAccount,
    WageLedger,
    WageLedgerStep,
    WageLine,
    WageSuspicion,
)
from payroll.selectors.paid import paid_lines, with_paid
from payroll.services.contracts import HIRING_STATUSES
from payroll.services.ledger_checks import Finding, LineInput, by_worker, check_lines
from projects.choices import DocumentKind
from projects.models import ProgrammeYear, Project, ProjectDocument
from projects.scopes import visible_projects
from yiguoji import scope

MONEY = DecimalField(max_digits=14, decimal_places=2)
LEDGER_RELATED = ("project", "project__owner", "project__department", "project__contractor")


def ledgers_for(user):
    """The newest version of every ledger ``user`` may see (older versions are reached from
    their ledger's page)."""
    return (
        scope.restrict(WageLedger.objects.latest(), user)
        .select_related(*LEDGER_RELATED)
        .order_by("-month", "project__code")
    )


def department_inbox(user):
    """Ledgers submitted or signed, waiting for ``user``'s department to file or return them:
    those of projects whose department is the user's organisation (its change scope)."""
    return (
        scope.restrict(
            WageLedger.objects.filter(status__in=(LedgerStatus.SUBMITTED, LedgerStatus.SIGNED)),
            user,
            scope.CHANGE,
        )
        .select_related(*LEDGER_RELATED)
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class LineRow:
    """A line as the ledger page shows it, with what the checks found about the person."""

    line: WageLine
    findings: list[Finding]

    @property
    def has_error(self) -> bool:
        return any(f.is_error for f in self.findings)

    @property
    def has_warning(self) -> bool:
        return any(not f.is_error for f in self.findings)

    @property
    def needs_explanation(self) -> bool:
        return self.has_warning and not self.line.explanation.strip()


@dataclass
class LedgerPage:
    ledger: WageLedger
    lines: list[WageLine]
    findings: dict[int | None, list[Finding]] = field(default_factory=dict)
    steps: list[WageLedgerStep] = field(default_factory=list)
    versions: list[WageLedger] = field(default_factory=list)

    @property
    def rows(self) -> list[LineRow]:
        return [LineRow(line, self.findings.get(line.worker_id, [])) for line in self.lines]

    @property
    def errors(self) -> int:
        return sum(1 for fs in self.findings.values() for f in fs if f.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for fs in self.findings.values() for f in fs if not f.is_error)

    @property
    def unexplained(self) -> int:
        """Lines with warnings but no written explanation (each blocks submission)."""
        return sum(1 for row in self.rows if row.needs_explanation)

    @property
    def ledger_findings(self) -> list[Finding]:
        """Findings about people without a line (left out of the ledger)."""
        listed = {line.worker_id for line in self.lines}
        return [f for w, fs in self.findings.items() if w not in listed for f in fs]

    @property
    def signed_lines(self) -> int:
        return sum(1 for line in self.lines if line.signed)


def ledger_page(user, pk: int) -> LedgerPage:
    """One ledger with its lines, the checks' findings, its steps and its other versions: a
    fixed number of queries whatever the number of lines."""
    queryset = WageLedger.objects.select_related(
        *LEDGER_RELATED,
        "created_by",
        "submitted_by",
        "signed_by",
        "filed_by",
        "returned_by",
        "updated_by",
        "previous",
    )
    ledger = scope.get_object_or_404(queryset, user, pk=pk)
    lines = list(ledger.lines.select_related("worker", "position").order_by("seq", "pk"))
    findings = check_lines(
        ledger.project,
        ledger.month,
        [LineInput.of(line) for line in lines],
        pay_deadline=ledger.pay_deadline,
    )
    steps = list(ledger.steps.select_related("by").order_by("at", "pk"))
    versions = list(
        WageLedger.objects.filter(project_id=ledger.project_id, month=ledger.month)
        .only("pk", "version", "status", "project_id", "month", "filed_at", "correction_reason")
        .order_by("version")
    )
    return LedgerPage(ledger, lines, by_worker(findings), steps, versions)


def short_or_late_ids(user):
    """Ids of the counted lines that may be paid short or late: a superset that
    :func:`arrears_lines` narrows with the exact test on ``paid_amount`` / ``paid_on``, built
    as one UNION of small arms the planner reads through indexes (issue 12):

    * lines whose own figures say so (``WageLine.short_or_late``, kept by a database trigger:
      not by bank card, paid short, or paid after the deadline), through its partial index;
    * lines sent to the bank (a payment instruction) and lines paid in cash with a record
      (``CashPayment``), whose ``paid_amount`` is not the line's own.

    Every line whose paid amount or date can fail the test is in one of the arms (see
    ``payroll.selectors.paid``), and no arm scans a district's million lines: 3 s before, for
    the district office at 1,000,000 lines."""
    from payroll.models import CashPayment, PaymentInstruction

    counted = scope.restrict(
        WageLine.objects.filter(ledger__in=WageLedger.objects.counted()), user
    )  # each arm scoped too: a township's list reads its own lines only
    by_own_figures = counted.filter(short_or_late=True)
    by_bank = counted.filter(pk__in=PaymentInstruction.objects.values("line_id"))
    by_cash = counted.filter(pk__in=CashPayment.objects.values("line_id"))
    return (
        by_own_figures.order_by()
        .values("pk")
        .union(by_bank.order_by().values("pk"), by_cash.order_by().values("pk"), all=True)
    )


def arrears_lines(user):
    """Lines of counted ledgers paid short of payable (欠发) or after the pay deadline (逾期),
    across the projects ``user`` may see, annotated with ``shortfall`` and ``is_late``."""
    late = Q(paid_on__gt=F("ledger__pay_deadline"))
    # The candidates are counted lines already: paid (selectors.paid) without testing again
    # that their ledgers count (a second pass over every ledger of the district).
    return (
        scope.restrict(with_paid(WageLine.objects.all()), user)
        .filter(pk__in=short_or_late_ids(user))
        .filter(Q(paid_amount__lt=F("payable")) | late)
        .select_related(
            "worker", "worker__township", "ledger", "ledger__project", "ledger__project__owner"
        )
        .annotate(
            shortfall=Case(
                When(paid_amount__lt=F("payable"), then=F("payable") - F("paid_amount")),
                default=Value(ZERO),
                output_field=MONEY,
            ),
            is_late=Case(
                When(late, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
        )
        .order_by("-ledger__month", "ledger__project__code", "seq")
    )


def suspicions_for(user):
    return (
        scope.restrict(WageSuspicion.objects.all(), user)
        .select_related("worker", "worker__township", "reviewed_by")
        .prefetch_related(
            Prefetch(
                "ledgers",
                queryset=WageLedger.objects.select_related("project", "project__owner").order_by(
                    "project__code"
                ),
            )
        )
        .order_by(
            Case(When(status=SuspicionStatus.OPEN, then=Value(0)), default=Value(1)),
            "-month",
            "worker__name",
            "pk",
        )
    )


# --- Wage safeguards: pledge and dedicated account (plan task 9) --------------------------------


def safeguards_for(user):
    """Projects that hire (approved to maintenance) with their wage pledge, the year's
    dedicated-account threshold, their open dedicated account and wages paid to date."""
    pledge = ProjectDocument.objects.filter(
        project=OuterRef("pk"), kind=DocumentKind.WAGE_PLEDGE, voided_at__isnull=True
    )
    proof = ProjectDocument.objects.filter(
        project=OuterRef("pk"), kind=DocumentKind.WAGE_ACCOUNT, voided_at__isnull=True
    )
    account = WageAccount.objects.filter(project=OuterRef("pk"), closed_on__isnull=True)
    threshold = ProgrammeYear.objects.filter(year=OuterRef("year")).values(
        "wage_account_threshold"
    )[:1]
    paid = (
        paid_lines()
        .filter(ledger__project=OuterRef("pk"))
        .order_by()
        .values("ledger__project")
        .annotate(total=Sum("paid_amount"))
        .values("total")[:1]
    )
    return (
        visible_projects(user)
        .filter(status__in=HIRING_STATUSES)
        .select_related("owner", "contractor")
        .annotate(
            has_pledge=Exists(pledge),
            has_account_proof=Exists(proof),
            account_bank=Subquery(account.values("bank")[:1]),
            account_number=Subquery(account.values("account_number")[:1]),
            account_opened_on=Subquery(account.values("opened_on")[:1]),
            threshold=Subquery(threshold, output_field=MONEY),
            paid_to_date=Coalesce(Subquery(paid, output_field=MONEY), Value(ZERO)),
        )
        .annotate(
            needs_account=Case(
                When(threshold__isnull=False, total_investment__gte=F("threshold"), then=True),
                default=False,
                output_field=BooleanField(),
            ),
        )
        .annotate(
            missing=Case(
                When(has_pledge=False, then=Value(1)),
                When(needs_account=True, account_number__isnull=True, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-missing", "-year", "code")
    )


def wage_accounts_of(user, project):
    return list(
        scope.restrict(WageAccount.objects.filter(project=project), user).order_by("-opened_on")
    )


# --- Figures -----------------------------------------------------------------------------------


def project_wage_figures(projects) -> dict:
    """The ``projects.hooks`` provider: what each project has actually paid to date (two
    queries for any number of projects)."""
    from projects.hooks import WageFigures

    ids = [project.pk for project in projects]
    counted = WageLedger.objects.counted().filter(project_id__in=ids)
    totals = {
        row["project_id"]: row
        for row in counted.order_by()
        .values("project_id")
        .annotate(days=Sum("total_days"), latest=Max("month"))
    }
    if not totals:
        return {}
    paid = dict(
        paid_lines()
        .filter(ledger__project_id__in=ids)
        .order_by()
        .values("ledger__project_id")
        .annotate(total=Sum("paid_amount"))
        .values_list("ledger__project_id", "total")
    )
    people = (
        paid_lines()
        .filter(ledger__project_id__in=ids, paid_amount__gt=0)
        .order_by()
        .values("ledger__project_id")
        .annotate(
            workers=Count("worker", distinct=True),
            priority=Count("worker", distinct=True, filter=~Q(worker__priority_groups=[])),
            local=Count(
                "worker",
                distinct=True,
                filter=Q(worker__township__projects=F("ledger__project_id")),
            ),
        )
    )
    counts = {row["ledger__project_id"]: row for row in people}
    figures = {}
    for project_id, row in totals.items():
        count = counts.get(project_id, {})
        figures[project_id] = WageFigures(
            workers=count.get("workers", 0),
            wages_paid=paid.get(project_id) or ZERO,
            local_workers=count.get("local", 0),
            priority_workers=count.get("priority", 0),
            person_days=row["days"],
            as_of=row["latest"],
        )
    return figures


@dataclass
class ProjectWages:
    """The project page's wage card: ledgers by month, paid to date against the planned wages,
    and the safeguards (plan task 9). The two ratios of art. 30 (against central and against
    fiscal funds) are the project page's own, like with like (issue 11 item 2): planned wages
    against the funds arranged there, wages paid to date against the funds spent to date in
    the quarterly dispatch and the dashboard, never paid-so-far against the whole funds."""

    project: Project
    ledgers: list[WageLedger]
    paid: Decimal
    paid_of_planned: Decimal | None  # paid to date ÷ planned wages (wages against wages)
    has_pledge: bool
    account: WageAccount | None
    needs_account: bool


def project_wages(user, project) -> ProjectWages:
    from projects import funds

    ledgers = list(
        scope.restrict(WageLedger.objects.latest().filter(project=project), user).order_by("-month")
    )
    counted_paid = (
        paid_lines()
        .filter(ledger__project=project)
        .aggregate(paid=Coalesce(Sum("paid_amount"), Value(ZERO), output_field=MONEY))["paid"]
    )
    programme = ProgrammeYear.objects.filter(year=project.year).first()
    threshold = programme.wage_account_threshold if programme else None
    return ProjectWages(
        project=project,
        ledgers=ledgers,
        paid=counted_paid,
        paid_of_planned=funds.wage_share(counted_paid, project.planned_wage_total),
        has_pledge=ProjectDocument.objects.filter(
            project=project, kind=DocumentKind.WAGE_PLEDGE, voided_at__isnull=True
        ).exists(),
        account=WageAccount.objects.filter(project=project, closed_on__isnull=True).first(),
        needs_account=threshold is not None and project.total_investment >= threshold,
    )


def worker_wage_lines(user, worker, limit: int = 24) -> list[WageLine]:
    """A person's lines in the ledgers ``user`` may see, newest month first."""
    return list(
        scope.restrict(WageLine.objects.filter(worker=worker), user)
        .select_related("ledger", "ledger__project")
        .order_by("-ledger__month", "ledger__project__code", "-ledger__version")[:limit]
    )
