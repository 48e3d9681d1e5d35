"""Scope rules of monitoring and assessment (yiguoji.scope; domain.md, "Organisations and roles").

- Per-year settings and scoring rules: everyone signed in reads them; the district office sets.
- Monthly reports and acceptance records follow their project (``projects.scopes``); leaders and
  every district-wide role see all of them (project-level figures, no people).
- The quarterly workbook: the district office, leaders and the auditor.
- Annual summaries, their photos and case studies: a township its own; the district office,
  leaders and the auditor all. The district office changes them (to return a summary).
- Findings: district-wide roles see all; a department those on projects it sees or that it
  recorded; a township those on its projects or against organisations in it; a project unit or
  contractor those against it or on its projects. The district office changes all; a department
  or finance those it may see and recorded or supervises; the responsible organisation its own
  (to report rectification).
- Complaints are ``projects.Complaint`` (scoped in ``projects.scopes``).
- Forecasts: an organisation its own; the district office, leaders and the auditor all.
- Score sheets and their lines and appeals: the district office and the auditor all; leaders and
  the scored organisation only once the year's results are published.
"""

from __future__ import annotations

from django.db.models import Q

from assessment.models import (
    Acceptance,
    AcceptanceDocument,
    AnnualSummary,
    Appeal,
    AssessmentYear,
    CaseStudy,
    Finding,
    FindingEvidence,
    Forecast,
    MonthlyReport,
    QuarterlyDispatch,
    Recovery,
    ScoreLine,
    ScoreSheet,
    ScoringRule,
    SummaryPhoto,
)
from projects.scopes import follows_project, visible_projects
from yiguoji import scope
from yiguoji.core.roles import Role

DISTRICT_READERS = frozenset({Role.DISTRICT_OFFICE, Role.LEADER, Role.AUDITOR})
SEE_ALL_FINDINGS = frozenset(
    {Role.DISTRICT_OFFICE, Role.LEADER, Role.AUDITOR, Role.FINANCE, Role.LABOUR_BUREAU}
)


def _district_office_sets(user, action):
    return action == scope.VIEW or user.role == Role.DISTRICT_OFFICE


scope.rule(AssessmentYear)(_district_office_sets)
scope.rule(ScoringRule)(_district_office_sets)


def _follows_project(user, action):
    return follows_project(user, action)


scope.rule(MonthlyReport)(_follows_project)


@scope.rule(Acceptance)
def acceptance_scope(user, action):
    if action == scope.CHANGE:
        return user.role == Role.DISTRICT_OFFICE
    return follows_project(user, action)


@scope.rule(AcceptanceDocument)
def acceptance_document_scope(user, action):
    if action == scope.CHANGE:
        return user.role == Role.DISTRICT_OFFICE
    return follows_project(user, action, "acceptance__project")


@scope.rule(QuarterlyDispatch)
def dispatch_scope(user, action):
    if action == scope.CHANGE:
        return user.role == Role.DISTRICT_OFFICE
    return user.role in DISTRICT_READERS


def township_q(user, action, field: str = "township") -> bool | Q:
    if user.role in DISTRICT_READERS:
        return action == scope.VIEW or user.role == Role.DISTRICT_OFFICE
    if user.role == Role.TOWNSHIP and user.township_id:
        return Q(**{f"{field}_id": user.township_id})
    return False


scope.rule(AnnualSummary)(township_q)
scope.rule(CaseStudy)(township_q)


@scope.rule(SummaryPhoto)
def summary_photo_scope(user, action):
    return township_q(user, action, "summary__township")


def _projects(user, action, field: str = "project") -> Q:
    return Q(**{f"{field}__in": visible_projects(user, action).values("pk")})


def finding_q(user, action, prefix: str = "") -> bool | Q:
    role = user.role
    if role == Role.DISTRICT_OFFICE:
        return True
    if action == scope.VIEW and role in SEE_ALL_FINDINGS:
        return True
    org = user.organisation_id
    if not org:
        return False
    own = Q(**{f"{prefix}organisation_id": org})
    if role in (Role.DEPARTMENT, Role.FINANCE):
        recorded = Q(**{f"{prefix}recorded_by__organisation_id": org})
        if role == Role.FINANCE:
            return recorded
        return recorded | _projects(user, scope.VIEW, f"{prefix}project")
    if role == Role.TOWNSHIP:
        if action == scope.CHANGE:
            return own
        q = own | _projects(user, action, f"{prefix}project")
        if user.township_id:
            q |= Q(**{f"{prefix}organisation__township_id": user.township_id})
        return q
    if role in (Role.PROJECT_UNIT, Role.CONTRACTOR):
        if action == scope.CHANGE:
            return own
        return own | _projects(user, action, f"{prefix}project")
    return False


@scope.rule(Finding)
def finding_scope(user, action):
    return finding_q(user, action)


@scope.rule(FindingEvidence)
def finding_evidence_scope(user, action):
    return finding_q(user, action, "finding__")


@scope.rule(Recovery)
def recovery_scope(user, action):
    return finding_q(user, action, "finding__")


@scope.rule(Forecast)
def forecast_scope(user, action):
    if user.role in DISTRICT_READERS:
        return action == scope.VIEW
    if user.organisation_id and user.role in (Role.TOWNSHIP, Role.PROJECT_UNIT):
        return Q(organisation_id=user.organisation_id)
    return False


def _published(field: str) -> Q:
    years = AssessmentYear.objects.filter(published_at__isnull=False).values("year")
    return Q(**{f"{field}__in": years})


def sheet_q(user, action, prefix: str = "") -> bool | Q:
    role = user.role
    if role == Role.DISTRICT_OFFICE:
        return True
    if action == scope.CHANGE:
        return False
    if role == Role.AUDITOR:
        return True
    if role == Role.LEADER:
        return _published(f"{prefix}year")
    if role in (Role.TOWNSHIP, Role.PROJECT_UNIT) and user.organisation_id:
        return Q(**{f"{prefix}organisation_id": user.organisation_id}) & _published(f"{prefix}year")
    return False


@scope.rule(ScoreSheet)
def sheet_scope(user, action):
    return sheet_q(user, action)


@scope.rule(ScoreLine)
def line_scope(user, action):
    return sheet_q(user, action, "sheet__")


@scope.rule(Appeal)
def appeal_scope(user, action):
    return sheet_q(user, scope.VIEW if action == scope.VIEW else action, "sheet__")
