"""Scope rules of the project pipeline (yiguoji.scope; domain.md, "Organisations and roles").

``project_q(user, action)`` is the Project rule; other apps scope their own rows by project with
``follows_project(user, action, "project")`` (which also honours object grants on projects) rather
than repeating the rule.

Who sees which projects:
- district office, leader, auditor, labour bureau, finance: every project (district-wide roles);
- a department: projects it approves/supervises (``department``) or in one of its sectors;
- a township: projects touching its township, or owned by its organisation;
- a project unit, contractor or collective: projects its organisation owns, builds or organises
  the labour of (art. 25).

Who may change them: the district office all; a department, township, project unit, contractor
or collective the same rows it sees; the labour bureau, finance, leader and auditor none (their
own work lives in their own models). What each role may *do* to a row it may change is a
capability (projects.capabilities) checked by the service.
"""

from __future__ import annotations

from django.db.models import Q

from projects.choices import WAGE_KINDS
from projects.models import (
    ArchiveItem,
    ArchiveRule,
    AssetShare,
    AtRiskCollective,
    ChangeRequest,
    Complaint,
    ComplaintRule,
    ComplaintStep,
    Disbursement,
    Dividend,
    DocumentRequirement,
    ExpenditureLine,
    FundingLine,
    Handover,
    Position,
    ProgrammeYear,
    Project,
    ProjectDocument,
    ProjectReview,
    ProjectTownship,
    ProjectTransition,
    Publication,
    PublicNotice,
    PublicSettings,
    Recognition,
    RecognitionDepartment,
)
from yiguoji import scope
from yiguoji.core.roles import Role

SEE_ALL = frozenset(
    {Role.DISTRICT_OFFICE, Role.LEADER, Role.AUDITOR, Role.LABOUR_BUREAU, Role.FINANCE}
)
CHANGE_ALL = frozenset({Role.DISTRICT_OFFICE})
READ_ONLY = frozenset({Role.LEADER, Role.AUDITOR, Role.LABOUR_BUREAU, Role.FINANCE})


def _p(prefix: str, lookup: str) -> str:
    return f"{prefix}__{lookup}" if prefix else lookup


def project_q(user, action: str = scope.VIEW, *, prefix: str = "") -> Q | bool:
    """The Project rule: ``True`` (all), ``False`` (none) or a ``Q`` (lookups under ``prefix``).

    The Q follows no many-valued path (townships are an ``IN`` over the link table), so it
    filters directly, under ``prefix`` too.
    """
    if user.is_superuser:
        return True
    role = user.role
    if action == scope.CHANGE:
        if role in CHANGE_ALL:
            return True
        if role in READ_ONLY:
            return False
    elif role in SEE_ALL:
        return True
    org_id = user.organisation_id
    if not org_id:
        return False
    organisation = user.organisation
    if role == Role.DEPARTMENT:
        q = Q(**{_p(prefix, "department_id"): org_id})
        if organisation.sectors:
            q |= Q(**{_p(prefix, "sector__in"): list(organisation.sectors)})
        return q
    if role == Role.TOWNSHIP:
        q = Q(**{_p(prefix, "owner_id"): org_id})
        if organisation.township_id:
            # An IN over the link table rather than the many-to-many path: no repeated rows, so
            # the planner gets a plain filter (issue 12).
            touching = ProjectTownship.objects.filter(township_id=organisation.township_id)
            q |= Q(**{_p(prefix, "pk__in"): touching.values("project_id")})
        return q
    if role in (Role.PROJECT_UNIT, Role.CONTRACTOR):
        return (
            Q(**{_p(prefix, "owner_id"): org_id})
            | Q(**{_p(prefix, "contractor_id"): org_id})
            | Q(**{_p(prefix, "collective_id"): org_id})
        )
    return False


def project_ids(user, action: str = scope.VIEW):
    """The ids of the projects ``user`` may ``action`` (rule plus object grants), ``True`` for all.

    One ``UNION`` of index-friendly selects, one per arm of the rule (owner, contractor,
    collective; department, sectors; owner, township), never ``a OR b`` over the projects:
    PostgreSQL estimates a union's rows from its arms, so a big table filtered with
    ``project_id IN (these)`` is planned for the few projects it is, not for half of them
    (issue 12)."""
    decision = scope.decision(Project, user, action)
    if decision is True:
        return True
    arms = []
    if decision is not False:
        split = decision.connector == Q.OR and not decision.negated
        parts = decision.children if split else [decision]
        arms = [Project.objects.filter(part if isinstance(part, Q) else Q(part)) for part in parts]
    if user is not None and user.is_authenticated:
        granted = scope.granted_ids(Project, user, action)
        if granted:
            arms.append(Project.objects.filter(pk__in=granted))
    if not arms:
        return Project.objects.none().values("pk")
    first, *rest = (arm.order_by().values("pk") for arm in arms)
    return first.union(*rest) if rest else first


def visible_projects(user, action: str = scope.VIEW):
    """The projects ``user`` may ``action`` (rule plus object grants), as a queryset."""
    ids = project_ids(user, action)
    return Project.objects.all() if ids is True else Project.objects.filter(pk__in=ids)


def follows_project(user, action: str = scope.VIEW, field: str = "project") -> Q | bool:
    """A rule for a model that belongs to a project through ``field``: its project's scope,
    as ``field IN (visible project ids)`` (a plain filter over the parent).

    ``@scope.rule(Contract) def contract_scope(user, action): return follows_project(user, action)``
    """
    ids = project_ids(user, action)
    if ids is True:
        return True
    return Q(**{f"{field}__in": ids})


@scope.rule(Project)
def project_scope(user, action):
    return project_q(user, action)


def _follows_project(user, action):
    return follows_project(user, action)


# Rows that belong to one project are seen and changed with it.
for _model in (
    FundingLine,
    Position,
    ExpenditureLine,
    ProjectTransition,
    ProjectReview,
    ChangeRequest,
    ProjectDocument,
    PublicNotice,
    Publication,
    Disbursement,
    ArchiveItem,
    Handover,
    AssetShare,
    Recognition,
):
    scope.rule(_model)(_follows_project)


def _district_office_sets(user, action):
    """The year's settings: everyone signed in reads them; the district office sets them."""
    return action == scope.VIEW or user.role == Role.DISTRICT_OFFICE


scope.rule(ProgrammeYear)(_district_office_sets)
scope.rule(ComplaintRule)(_district_office_sets)
scope.rule(PublicSettings)(_district_office_sets)
scope.rule(DocumentRequirement)(_district_office_sets)
scope.rule(ArchiveRule)(_district_office_sets)
scope.rule(AtRiskCollective)(_district_office_sets)


def complaint_q(user, action: str, prefix: str = "") -> Q | bool:
    """The Complaint rule. A complaint names its complainant, so it is seen by the district
    office and the auditor (all), by the organisation it is routed to or that recorded it, by a
    department or township for the projects it sees (it supervises them), and by the labour
    bureau for wage complaints (wage arrears are its enforcement). Changed (acknowledged,
    answered) by the organisation it is routed to; the district office changes all. Leaders,
    finance and everyone else: none (the dashboard gives leaders counts only)."""
    role = user.role
    if role == Role.DISTRICT_OFFICE:
        return True
    if role == Role.AUDITOR:
        return action == scope.VIEW
    if role == Role.LABOUR_BUREAU:
        return action == scope.VIEW and Q(**{f"{prefix}kind__in": sorted(WAGE_KINDS)})
    org = user.organisation_id
    if not org or role not in (
        Role.DEPARTMENT,
        Role.TOWNSHIP,
        Role.PROJECT_UNIT,
        Role.CONTRACTOR,
    ):
        return False
    handled = Q(**{f"{prefix}handler_id": org})
    if action == scope.CHANGE:
        return handled
    mine = handled | Q(**{f"{prefix}recorded_by__organisation_id": org})
    if role in (Role.DEPARTMENT, Role.TOWNSHIP):
        mine |= Q(**{f"{prefix}project__in": visible_projects(user).values("pk")})
    return mine


@scope.rule(Dividend)
def dividend_scope(user, action):
    return follows_project(user, action, "asset_share__project")


@scope.rule(RecognitionDepartment)
def recognition_department_scope(user, action):
    return follows_project(user, action, "recognition__project")


@scope.rule(Complaint)
def complaint_scope(user, action):
    return complaint_q(user, action)


@scope.rule(ComplaintStep)
def complaint_step_scope(user, action):
    return complaint_q(user, action, "complaint__")
