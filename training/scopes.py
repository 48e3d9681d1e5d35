"""Scope rules of the training app (yiguoji.scope; domain.md, "Organisations and roles").

Sessions:
- view: the district office, labour bureau, leader and auditor every session; a department the
  sessions on projects it sees; a township the sessions held in it, organised by it or on its
  projects; a project unit or contractor the sessions it organises or co-organises, or on its
  own projects; finance none.
- change (and so create: services re-check a new session against this rule inside their
  transaction): the labour bureau every session (it runs the district's training, plan task 6);
  a township the sessions held in its township; a project unit or contractor the sessions on
  projects it may change (its own projects, plan task 6-7, art. 43).

Ledger rows and photos follow their session; a township also sees the ledger rows of its own
people wherever they trained (it registers them, plan task 4).

Conversions: district-wide roles see all; a department those from projects it sees; a township
those of its people or from its projects; a project unit or contractor those from its projects
or into its own posts. The labour bureau changes all; a township those of its people or from its
projects; a project unit or contractor those from its projects.
"""

from __future__ import annotations

from django.db.models import Q

from projects.scopes import visible_projects
from training.models import Conversion, TrainingPhoto, TrainingRecord, TrainingSession
from yiguoji import scope
from yiguoji.core.roles import Role

SEE_ALL = frozenset({Role.DISTRICT_OFFICE, Role.LABOUR_BUREAU, Role.LEADER, Role.AUDITOR})
UNITS = frozenset({Role.PROJECT_UNIT, Role.CONTRACTOR})


def _projects(user, action: str, field: str = "project") -> Q:
    return Q(**{f"{field}__in": visible_projects(user, action).values("pk")})


def _own_township(user) -> int | None:
    return user.organisation.township_id if user.organisation_id else None


def session_q(user, action: str, *, prefix: str = "") -> bool | Q:
    """The TrainingSession rule; with ``prefix`` ("session__") for rows that follow a session."""
    role = user.role
    if role == Role.LABOUR_BUREAU:
        return True
    if action == scope.VIEW and role in SEE_ALL:
        return True
    if role == Role.DEPARTMENT and action == scope.VIEW:
        return _projects(user, action, f"{prefix}project")
    if role == Role.TOWNSHIP:
        township = _own_township(user)
        q = Q(**{f"{prefix}township_id": township}) if township else Q(pk__in=[])
        if action == scope.VIEW:
            q |= Q(**{f"{prefix}organiser_id": user.organisation_id})
            q |= _projects(user, action, f"{prefix}project")
        return q
    if role in UNITS and user.organisation_id:
        q = _projects(user, action, f"{prefix}project")
        if action == scope.VIEW:
            q |= Q(**{f"{prefix}organiser_id": user.organisation_id})
            q |= Q(**{f"{prefix}partner_id": user.organisation_id})
        return q
    return False


@scope.rule(TrainingSession)
def session_scope(user, action):
    return session_q(user, action)


@scope.rule(TrainingPhoto)
def photo_scope(user, action):
    return session_q(user, action, prefix="session__")


@scope.rule(TrainingRecord)
def record_scope(user, action):
    decision = session_q(user, action, prefix="session__")
    if decision is True or action != scope.VIEW or user.role != Role.TOWNSHIP:
        return decision
    township = _own_township(user)
    own_people = Q(worker__township_id=township) if township else Q(pk__in=[])
    return own_people if decision is False else decision | own_people


@scope.rule(Conversion)
def conversion_scope(user, action):
    role = user.role
    if role == Role.LABOUR_BUREAU:
        return True
    if action == scope.VIEW and role in SEE_ALL:
        return True
    if role == Role.DEPARTMENT and action == scope.VIEW:
        return _projects(user, action)
    if role == Role.TOWNSHIP:
        township = _own_township(user)
        q = _projects(user, action)
        return q | Q(worker__township_id=township) if township else q
    if role in UNITS and user.organisation_id:
        q = _projects(user, action)
        if action == scope.VIEW:
            q |= Q(employer_id=user.organisation_id)
        return q
    return False
