"""Scope rules of the payroll app (yiguoji.scope; domain.md, "Organisations and roles").

Workers (the real-name register):
- district office, labour bureau, finance and auditor: every worker; leaders none (they see
  aggregates, never personal data);
- a township: the workers of its township, and those hired on projects it sees;
- a department, project unit or contractor: the workers hired on projects it sees, and those its
  own organisation registered (a project unit registers a person to hire them).
Who may change a worker: the labour bureau all; a township its own;
a project unit or contractor the workers hired on its projects or registered by it (they collect
the bank card the wages are paid to).

Surveys: the district office, labour bureau and auditor see every response, a township those it
entered; the labour bureau changes all, a township its own. Survey rounds are seen by everyone
signed in and changed by the labour bureau.

Contracts and attendance follow their project (``projects.scopes.follows_project``), except that
the labour bureau, finance and auditor, who see every project, change none of them.

Wage ledgers (and their lines and steps) are seen with their project, by everyone but leaders
(they name people). They are changed by two parties only, each on its own projects: the project
unit, contractor or collective of the project (drafting, submitting, signatures) and the
department the project reports to (``Project.department``: filing or returning). Who may do
which of these is the capability; this is only which ledgers. Payment batches and instructions
are seen with their project and changed by the payer's side only (issue 13). Dedicated wage
accounts are seen with their project and changed by its unit or contractor. Suspicions of false
hiring are seen by the district office and the auditor, and changed (reviewed) by the district
office. The yearly wage-payment settings are read by everyone signed in and set by the district
office.
"""

from __future__ import annotations

from django.db.models import Q

from payroll.models import (
    AccountCheck,
    AccountCheckLine,
    AccountStatement,
    AttendanceDay,
    AttendanceMonth,
    AttendanceSheet,
    CashPayment,
    CodeChallenge,
    ConfirmationRequest,
    ConfirmationRound,
    LabourContract,
    PayConfirmation,
    PaymentBatch,
    PaymentInstruction,
    PaymentRules,
    PayrollYear,
    SelfServiceLog,
    SiteEntry,
    SiteMark,
    SiteRules,
    SiteSuspicion,
    StatementLine,
    SurveyResponse,
    SurveyRound,
    WageAccount,
    WageLedger,
    WageLedgerStep,
    WageLine,
    WageSuspicion,
    Worker,
    WorkerSession,
)
from projects.scopes import follows_project, visible_projects
from yiguoji import scope
from yiguoji.core.roles import Role

ALL_WORKERS = frozenset({Role.DISTRICT_OFFICE, Role.LABOUR_BUREAU, Role.FINANCE, Role.AUDITOR})
CHANGE_ALL_WORKERS = frozenset({Role.LABOUR_BUREAU})


def _hired_on_visible_projects(user, action) -> Q:
    projects = visible_projects(user, action).values("pk")
    # An IN over the contracts, not the reverse path: no repeated rows, a plain filter (issue 12).
    return Q(pk__in=LabourContract.objects.filter(project__in=projects).values("worker_id"))


@scope.rule(Worker)
def worker_scope(user, action):
    role = user.role
    if role == Role.LEADER:
        return False
    if action == scope.VIEW and role in ALL_WORKERS:
        return True
    if action == scope.CHANGE and role in CHANGE_ALL_WORKERS:
        return True
    if role == Role.TOWNSHIP:
        own = Q(township_id=user.township_id) if user.township_id else Q(pk__in=[])
        if action == scope.CHANGE:
            return own
        return own | _hired_on_visible_projects(user, action)
    if role in (Role.DEPARTMENT, Role.PROJECT_UNIT, Role.CONTRACTOR):
        q = _hired_on_visible_projects(user, action)
        if role != Role.DEPARTMENT and user.organisation_id:
            q |= Q(registered_by_id=user.organisation_id)
        return q
    return False


@scope.rule(SurveyRound)
def survey_round_scope(user, action):
    return action == scope.VIEW or user.role == Role.LABOUR_BUREAU


@scope.rule(SurveyResponse)
def survey_response_scope(user, action):
    role = user.role
    if role == Role.LABOUR_BUREAU:
        return True
    if action == scope.VIEW and role in (Role.DISTRICT_OFFICE, Role.AUDITOR):
        return True
    if role == Role.TOWNSHIP and user.township_id:
        return Q(township_id=user.township_id)
    return False


READ_ONLY_ON_PROJECT_ROWS = frozenset({Role.LABOUR_BUREAU, Role.FINANCE, Role.AUDITOR, Role.LEADER})


def _follows_project(user, action):
    if user.role == Role.LEADER:
        return False  # contracts and attendance name people: leaders see aggregates only
    if action == scope.CHANGE and user.role in READ_ONLY_ON_PROJECT_ROWS:
        return False
    return follows_project(user, action)


for _model in (LabourContract, AttendanceMonth, AttendanceDay):
    scope.rule(_model)(_follows_project)


def _projects_run_by(user, project: str) -> Q:
    """Projects the user's organisation owns, builds or organises the labour of (art. 25)."""
    org_id = user.organisation_id
    return (
        Q(**{f"{project}__owner_id": org_id})
        | Q(**{f"{project}__contractor_id": org_id})
        | Q(**{f"{project}__collective_id": org_id})
    )


def ledger_rule(project: str):
    """The rule of a model that belongs to a wage ledger's project through ``project``."""

    def rule(user, action):
        role = user.role
        if role == Role.LEADER:
            return False
        if action == scope.VIEW:
            return follows_project(user, action, project)
        if not user.organisation_id:
            return False
        if role in (Role.PROJECT_UNIT, Role.CONTRACTOR):
            return _projects_run_by(user, project)
        if role == Role.DEPARTMENT:
            return Q(**{f"{project}__department_id": user.organisation_id})
        return False

    return rule


scope.rule(WageLedger)(ledger_rule("project"))
scope.rule(WageLine)(ledger_rule("ledger__project"))
scope.rule(WageLedgerStep)(ledger_rule("ledger__project"))


@scope.rule(WageAccount)
def wage_account_scope(user, action):
    if user.role == Role.LEADER:
        return False
    if action == scope.VIEW:
        return follows_project(user, action)
    if user.role in (Role.PROJECT_UNIT, Role.CONTRACTOR) and user.organisation_id:
        return _projects_run_by(user, "project")
    return False


def payer_rule(project: str):
    """Payment batches and instructions (issue 13): seen with their project (never by leaders,
    they name people); changed by the payer's side only, the unit, contractor or collective
    running the project (plan task 9)."""

    def rule(user, action):
        if user.role == Role.LEADER:
            return False
        if action == scope.VIEW:
            return follows_project(user, action, project)
        if user.role in (Role.PROJECT_UNIT, Role.CONTRACTOR) and user.organisation_id:
            return _projects_run_by(user, project)
        return False

    return rule


scope.rule(PaymentBatch)(payer_rule("ledger__project"))
scope.rule(PaymentInstruction)(payer_rule("batch__ledger__project"))
# Name-account checks (户名校验, issue 13 item 1) are the payer's errand with the bank too.
scope.rule(AccountCheck)(payer_rule("project"))
# Cash or another method (art. 30's exception) is recorded by the payer too.
scope.rule(CashPayment)(payer_rule("line__ledger__project"))
# The dedicated wage account's statements (issue 13 item 6): imported by the payer, seen with
# the project (finance sees every account).
scope.rule(AccountStatement)(payer_rule("wage_account__project"))
scope.rule(StatementLine)(payer_rule("statement__wage_account__project"))
scope.rule(AccountCheckLine)(payer_rule("account_check__project"))


@scope.rule(WageSuspicion)
def wage_suspicion_scope(user, action):
    if action == scope.VIEW:
        return user.role in (Role.DISTRICT_OFFICE, Role.AUDITOR)
    return user.role == Role.DISTRICT_OFFICE


@scope.rule(PaymentRules)
@scope.rule(PayrollYear)
def payroll_year_scope(user, action):
    return action == scope.VIEW or user.role == Role.DISTRICT_OFFICE


# --- Self-service (payroll.public): the sign-in rows are nobody's to read; the log is the
# district office's and the auditor's; confirmations and rounds follow their project.


@scope.rule(CodeChallenge)
@scope.rule(WorkerSession)
def _nobody(user, action):
    return False


@scope.rule(SelfServiceLog)
def self_service_log_scope(user, action):
    return action == scope.VIEW and user.role in (Role.DISTRICT_OFFICE, Role.AUDITOR)


scope.rule(PayConfirmation)(_follows_project)
scope.rule(ConfirmationRound)(_follows_project)


@scope.rule(ConfirmationRequest)
def confirmation_request_scope(user, action):
    return follows_project(user, action, "round__project")


# --- Attendance from the phone on site: entries follow their project like attendance does.
scope.rule(SiteEntry)(_follows_project)


@scope.rule(SiteMark)
def site_mark_scope(user, action):
    if user.role == Role.LEADER:
        return False
    if action == scope.CHANGE and user.role in READ_ONLY_ON_PROJECT_ROWS:
        return False
    return follows_project(user, action, "entry__project")


@scope.rule(SiteSuspicion)
def site_suspicion_scope(user, action):
    """The district office all (the auditor reads all); a township those of its projects."""
    if user.role == Role.DISTRICT_OFFICE:
        return True
    if user.role == Role.AUDITOR:
        return action == scope.VIEW
    if user.role == Role.TOWNSHIP:
        return follows_project(user, action, "entry__project")
    return False


@scope.rule(SiteRules)
def site_rules_scope(user, action):
    return action == scope.VIEW or user.role == Role.DISTRICT_OFFICE


# The paper attendance sheets follow their project like attendance does (issue 16 item 3).
scope.rule(AttendanceSheet)(_follows_project)
