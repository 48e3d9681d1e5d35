"""Reads of the project pipeline: list querysets with figures, one project's facts, totals."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf

from projects import funds
from projects.choices import (
    NON_FISCAL_SOURCES,
    Category,
    DocumentKind,
    NoticeKind,
    ProjectStatus,
    RequirementCondition,
)
from projects.models import (
    FundingLine,
    ProgrammeYear,
    Project,
    ProjectDocument,
    ProjectReview,
    ProjectTransition,
    Recognition,
)
from projects.services.programme import DEFAULT_REQUIREMENTS
from yiguoji import scope

MONEY = DecimalField(max_digits=14, decimal_places=2)
SHARE = DecimalField(max_digits=12, decimal_places=4)


def _funds_subquery(condition: Q):
    return Coalesce(
        Subquery(
            FundingLine.objects.filter(condition, project=OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(total=Sum("amount"))
            .values("total")[:1],
            output_field=MONEY,
        ),
        Value(Decimal("0")),
        output_field=MONEY,
    )


def _share_of(funds: str):
    return ExpressionWrapper(
        F("planned_wage_total") * Value(Decimal("1.0000")) / NullIf(F(funds), 0),
        output_field=SHARE,
    )


def with_figures(queryset):
    """Annotate special, central and fiscal funds, the two wage shares of art. 30 (planned
    wages against central funds, which the year's target holds, and against fiscal funds) and
    the year's target (one query, no per-row work)."""
    return queryset.annotate(
        special_funds=_funds_subquery(Q(is_special_fund=True)),
        central_funds=_funds_subquery(Q(source__in=sorted(funds.CENTRAL_SOURCES))),
        fiscal_funds=_funds_subquery(~Q(source__in=sorted(NON_FISCAL_SOURCES))),
        wage_share=_share_of("central_funds"),
        fiscal_wage_share=_share_of("fiscal_funds"),
        wage_share_target=Subquery(
            ProgrammeYear.objects.filter(year=OuterRef("year")).values("wage_share_target")[:1],
            output_field=SHARE,
        ),
        below_target=Case(
            When(
                Q(wage_share__isnull=False, wage_share_target__isnull=False)
                & Q(wage_share__lt=F("wage_share_target")),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def project_list_queryset():
    """The rows of the project list (scope is applied by the view)."""
    return with_figures(
        Project.objects.select_related("owner", "department", "contractor").prefetch_related(
            "townships"
        )
    )


def required_kinds(requirements, project: Project, stage: str, programme) -> list[str]:
    """Document kinds ``project`` needs to enter ``stage``, conditions applied."""
    kinds = []
    threshold = programme.wage_account_threshold if programme else None
    for req_stage, kind, condition in requirements:
        if req_stage != stage:
            continue
        if condition == RequirementCondition.NOT_SELF_BUILD and project.self_build:
            continue
        if condition == RequirementCondition.ABOVE_WAGE_ACCOUNT_THRESHOLD and (
            threshold is None or project.total_investment < threshold
        ):
            continue
        kinds.append(kind)
    order = {kind: index for index, kind in enumerate(DocumentKind.values)}
    return sorted(kinds, key=lambda kind: order.get(kind, 99))


@dataclass
class ProjectFacts:
    """Everything the lifecycle checks and the detail page need, loaded in a fixed number of
    queries whatever the number of lines, documents or transitions."""

    project: Project
    funding_lines: list = field(default_factory=list)
    positions: list = field(default_factory=list)
    expenditure_lines: list = field(default_factory=list)
    documents: list = field(default_factory=list)  # current (not voided), newest first
    voided_documents: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    transitions: list = field(default_factory=list)
    change_requests: list = field(default_factory=list)
    review: ProjectReview | None = None
    programme: ProgrammeYear | None = None
    requirements: tuple = ()
    # art. 35-36: the county's recognition (only loaded for rural-infrastructure projects).
    recognition: Recognition | None = None

    @property
    def special_funds(self) -> Decimal:
        return funds.special_fund_total(self.funding_lines)

    @property
    def funding_total(self) -> Decimal:
        return funds.funding_total(self.funding_lines)

    @property
    def central_funds(self) -> Decimal:
        return funds.central_funds(self.funding_lines)

    @property
    def fiscal_funds(self) -> Decimal:
        return funds.fiscal_funds(self.funding_lines)

    @property
    def wage_share(self) -> Decimal | None:
        """Planned wages / central funds (art. 30: 劳务报酬占中央资金比例), against the target."""
        return funds.wage_share(self.project.planned_wage_total, self.central_funds)

    @property
    def fiscal_wage_share(self) -> Decimal | None:
        """Planned wages / fiscal funds (art. 30: 尽最大可能提高……占财政资金的比例)."""
        return funds.wage_share(self.project.planned_wage_total, self.fiscal_funds)

    @property
    def wage_share_target(self) -> Decimal | None:
        return self.programme.wage_share_target if self.programme else None

    @property
    def below_target(self) -> bool | None:
        return funds.below_target(self.wage_share, self.wage_share_target)

    @property
    def planned_headcount(self) -> int:
        return sum(p.headcount for p in self.positions)

    @property
    def wage_lines_total(self) -> Decimal:
        return funds.wage_lines_total(self.expenditure_lines)

    @property
    def expenditure_total(self) -> Decimal:
        return sum((e.amount for e in self.expenditure_lines), Decimal(0))

    @property
    def special_expenditure_total(self) -> Decimal:
        return sum((e.amount for e in self.expenditure_lines if e.from_special_fund), Decimal(0))

    def documents_of(self, kind: str) -> list:
        return [d for d in self.documents if d.kind == kind]

    def has_document(self, kind: str) -> bool:
        return any(d.kind == kind for d in self.documents)

    def notice(self, kind: str):
        """The latest posting of a notice kind, or None."""
        posted = [n for n in self.notices if n.kind == kind]
        return max(posted, key=lambda n: n.posted_on) if posted else None

    def required_for(self, stage: str) -> list[str]:
        return required_kinds(self.requirements, self.project, stage, self.programme)

    def missing_documents(self, stage: str) -> list[str]:
        return [kind for kind in self.required_for(stage) if not self.has_document(kind)]

    @property
    def pending_change(self):
        return next((c for c in self.change_requests if c.status == "pending"), None)

    @property
    def notices_by_kind(self) -> dict:
        return {kind: self.notice(kind) for kind in NoticeKind.values}


def project_facts(project: Project) -> ProjectFacts:
    """Load a project's related rows (about a dozen queries, independent of row counts)."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        [project],
        "funding_lines",
        "positions",
        "expenditure_lines",
        Prefetch(
            "documents",
            queryset=ProjectDocument.objects.select_related("uploaded_by", "voided_by").order_by(
                "-uploaded_at", "-id"
            ),
        ),
        Prefetch("notices", queryset=project.notices.model.objects.select_related("recorded_by")),
        Prefetch(
            "transitions",
            queryset=ProjectTransition.objects.select_related("actor").order_by("at", "id"),
        ),
        Prefetch(
            "change_requests",
            queryset=project.change_requests.model.objects.select_related(
                "requested_by", "decided_by"
            ),
        ),
        "townships",
        "villages__township",
    )
    review = ProjectReview.objects.filter(project=project).select_related("reviewed_by").first()
    programme = (
        ProgrammeYear.objects.filter(year=project.year).prefetch_related("requirements").first()
    )
    if programme is not None:
        requirements = tuple((r.stage, r.kind, r.condition) for r in programme.requirements.all())
    else:
        requirements = DEFAULT_REQUIREMENTS
    documents = list(project.documents.all())
    recognition = None
    if project.category == Category.RURAL_INFRASTRUCTURE:
        recognition = (
            Recognition.objects.filter(project=project)
            .select_related("recognised_by", "recorded_by", "approval_document")
            .prefetch_related("departments")
            .first()
        )
    return ProjectFacts(
        project=project,
        funding_lines=list(project.funding_lines.all()),
        positions=list(project.positions.all()),
        expenditure_lines=list(project.expenditure_lines.all()),
        documents=[d for d in documents if d.voided_at is None],
        voided_documents=[d for d in documents if d.voided_at is not None],
        notices=list(project.notices.all()),
        transitions=list(project.transitions.all()),
        change_requests=list(project.change_requests.all()),
        review=review,
        programme=programme,
        requirements=requirements,
        recognition=recognition,
    )


# --- the annual list ------------------------------------------------------------------------

# A project is on the year's list from listing on, unless withdrawn (plan task 1).
ON_LIST = (
    ProjectStatus.LISTED,
    ProjectStatus.APPROVED,
    ProjectStatus.STARTED,
    ProjectStatus.IN_PROGRESS,
    ProjectStatus.COMPLETED,
    ProjectStatus.ACCEPTED,
    ProjectStatus.MAINTENANCE,
)


CATEGORY_ORDER = Case(
    *(When(category=value, then=Value(index)) for index, value in enumerate(Category.values)),
    default=Value(99),
)


def annual_list_queryset(year: int):
    """The year's listed projects (every one: callers restrict to a user's scope)."""
    return with_figures(
        Project.objects.filter(year=year, status__in=ON_LIST)
        .select_related("owner", "department")
        .prefetch_related("townships", "villages", "funding_lines")
    ).order_by(CATEGORY_ORDER, "sector", "code")


def annual_list(user, year: int):
    """The year's listed projects in ``user``'s scope, with funding lines, in list order."""
    return scope.restrict(annual_list_queryset(year), user)


def annual_candidates(user, year: int):
    """Reviewed projects of the year that may be put on the list, in the order art. 24 says to
    favour them (第二十四条第二款: 优先支持发放劳务报酬比例高、带动当地群众……务工人数多): projects
    of the year's collectives at risk of falling back first (plan scope (三)), then the planned
    wages' share of the central funds, then of the fiscal funds (highest first, none last), then
    the local people to be employed."""
    from django.db.models import Exists

    from projects.models import AtRiskCollective

    at_risk = AtRiskCollective.objects.filter(programme_year__year=year).filter(
        Q(organisation_id=OuterRef("owner_id")) | Q(organisation_id=OuterRef("collective_id"))
    )
    return (
        scope.restrict(
            with_figures(
                Project.objects.filter(year=year, status=ProjectStatus.REVIEWED)
                .select_related("owner")
                .prefetch_related("townships")
            ),
            user,
        )
        .annotate(at_risk=Exists(at_risk))
        .order_by(
            F("at_risk").desc(),
            F("wage_share").desc(nulls_last=True),
            F("fiscal_wage_share").desc(nulls_last=True),
            F("planned_local_jobs").desc(),
            "code",
        )
    )


@dataclass
class Totals:
    """Totals of a set of projects, by a key (sector, township). Each row is a
    :class:`TotalsRow`; the two wage shares of art. 30 divide only the wages of projects that
    have such funds by those funds (a project without central funds adds nothing to either side
    of the central ratio)."""

    rows: list[TotalsRow]

    @property
    def total(self) -> TotalsRow:
        total = TotalsRow("合计")
        for row in self.rows:
            total.merge(row)
        return total


@dataclass
class TotalsRow:
    label: str
    count: int = 0
    investment: Decimal = Decimal(0)
    wages: Decimal = Decimal(0)  # planned wages of every project
    central: Decimal = Decimal(0)
    central_wages: Decimal = Decimal(0)  # planned wages of the projects with central funds
    fiscal: Decimal = Decimal(0)
    fiscal_wages: Decimal = Decimal(0)  # planned wages of the projects with fiscal funds

    def add(self, project) -> None:
        self.count += 1
        self.investment += project.total_investment
        self.wages += project.planned_wage_total
        if project.central_funds:
            self.central += project.central_funds
            self.central_wages += project.planned_wage_total
        if project.fiscal_funds:
            self.fiscal += project.fiscal_funds
            self.fiscal_wages += project.planned_wage_total

    def merge(self, other: TotalsRow) -> None:
        for name in ("count", "investment", "wages", "central", "central_wages", "fiscal",
                     "fiscal_wages"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def central_share(self) -> Decimal | None:
        """Planned wages / central funds (art. 30), like with like."""
        return funds.wage_share(self.central_wages, self.central)

    @property
    def fiscal_share(self) -> Decimal | None:
        return funds.wage_share(self.fiscal_wages, self.fiscal)


def annual_totals(projects) -> dict[str, object]:
    """Totals by sector, by township and by funding source, from already-loaded projects (with
    ``with_figures``)."""
    from projects.choices import FundSource
    from yiguoji.core.choices import Sector

    sector_labels = dict(Sector.choices)
    by_sector: dict[str, TotalsRow] = {}
    by_township: dict[str, TotalsRow] = {}
    by_source: dict[str, Decimal] = defaultdict(Decimal)
    for project in projects:
        label = sector_labels.get(project.sector, project.sector)
        by_sector.setdefault(project.sector, TotalsRow(label)).add(project)
        # A project in several townships counts in each of them (the page says so).
        for township in project.townships.all():
            by_township.setdefault(township.name, TotalsRow(township.name)).add(project)
        for line in project.funding_lines.all():
            by_source[line.source] += line.amount
    return {
        "sector": Totals([row for _, row in sorted(by_sector.items())]),
        "township": Totals([row for _, row in sorted(by_township.items())]),
        "source": [
            (label, by_source.get(value, Decimal(0))) for value, label in FundSource.choices
        ],
    }


# --- complaints --------------------------------------------------------------------------------


def complainant_shown_to(user, complaint) -> bool:
    """Whether ``user`` may see who complained (name, masked phone, the worker).

    The district office, the auditor, departments and the labour bureau supervise and see it;
    the organisation a complaint is routed to sees it only for complaints about a person's own
    pay (it must pay that person); otherwise it is kept from the organisation complained about,
    which protects whoever reported fund misuse or bad work (art. 25: 群众监督)."""
    from projects.choices import WAGE_KINDS
    from yiguoji.core.roles import Role

    if user.is_superuser or user.role in (
        Role.DISTRICT_OFFICE,
        Role.AUDITOR,
        Role.DEPARTMENT,
        Role.LABOUR_BUREAU,
    ):
        return True
    return complaint.kind in WAGE_KINDS and complaint.handler_id == user.organisation_id


# --- the disbursement ledger (art. 21, safeguard (二)) -----------------------------------------


@dataclass
class DisbursementLedger:
    """A project's funding lines with what each has received, and every transfer (reversals
    included), in two queries."""

    project: Project
    lines: list = field(default_factory=list)  # FundingLine, with .disbursed and .remaining
    rows: list = field(default_factory=list)  # Disbursement, oldest first

    @property
    def arranged(self) -> Decimal:
        return funds.funding_total(self.lines)

    @property
    def disbursed(self) -> Decimal:
        return sum((row.amount for row in self.rows), Decimal(0))

    @property
    def disbursed_pct(self) -> Decimal | None:
        return funds.percent(self.disbursed, self.arranged)

    @property
    def remaining(self) -> Decimal:
        return self.arranged - self.disbursed

    @property
    def last_disbursed_on(self):
        return max((row.disbursed_on for row in self.rows), default=None)


def disbursement_ledger(project: Project) -> DisbursementLedger:
    lines = list(project.funding_lines.order_by("id"))
    rows = list(
        project.disbursements.select_related("funding_line", "recorded_by", "reverses")
        .prefetch_related("reversed_by")
        .order_by("disbursed_on", "id")
    )
    for line in lines:
        line.disbursed = sum((r.amount for r in rows if r.funding_line_id == line.pk), Decimal(0))
        line.remaining = line.amount - line.disbursed
        line.disbursed_pct = funds.percent(line.disbursed, line.amount)
    reversed_ids = {row.reverses_id for row in rows if row.reverses_id}
    for row in rows:
        row.is_reversed = row.pk in reversed_ids
    return DisbursementLedger(project=project, lines=lines, rows=rows)


def disbursed_by_project(project_ids) -> dict[int, tuple[Decimal, object]]:
    """{project id: (disbursed to date, date of the last transfer)} in one query."""
    from django.db.models import Max

    from projects.models import Disbursement

    return {
        row["project_id"]: (row["total"] or Decimal(0), row["last"])
        for row in Disbursement.objects.filter(project_id__in=project_ids)
        .values("project_id")
        .annotate(total=Sum("amount"), last=Max("disbursed_on"))
        .order_by()
    }


# --- handover and archives (plan task 8, art. 32) --------------------------------------------


@dataclass
class ArchiveRow:
    kind: str
    label: str
    rule: object | None  # ArchiveRule
    item: object | None  # ArchiveItem
    required: bool


@dataclass
class Delivery:
    project: Project
    checklist: list[ArchiveRow]
    handover: object | None

    @property
    def missing(self) -> list[ArchiveRow]:
        return [row for row in self.checklist if row.required and row.item is None]


def delivery(project: Project) -> Delivery:
    from projects.choices import ArchiveKind
    from projects.models import ArchiveItem, ArchiveRule, Handover
    from projects.services.delivery import required_archive_kinds

    rules = {rule.kind: rule for rule in ArchiveRule.objects.all()}
    items = {
        item.kind: item
        for item in ArchiveItem.objects.filter(project=project).select_related("recorded_by")
    }
    required = set(required_archive_kinds(rules.values()))
    checklist = [
        ArchiveRow(kind, label, rules.get(kind), items.get(kind), kind in required)
        for kind, label in ArchiveKind.choices
        if kind in rules or kind in items or kind in required
    ]
    handover = (
        Handover.objects.filter(project=project).select_related("receiver", "recorded_by").first()
    )
    return Delivery(project, checklist, handover)
