"""Scope rules of the core's models (see yiguoji.scope)."""

from django.db.models import Q

from yiguoji import scope
from yiguoji.core.models import (
    District,
    Job,
    KeyRotation,
    Notification,
    Organisation,
    RestoreDrill,
    RevealLog,
    Township,
    User,
    Village,
)
from yiguoji.core.roles import Role


def _district_office_changes(user, action):
    """Shared reference data: everyone signed in reads it; the district office maintains it."""
    return action == scope.VIEW or user.role == Role.DISTRICT_OFFICE


scope.rule(District)(_district_office_changes)
scope.rule(Township)(_district_office_changes)
scope.rule(Village)(_district_office_changes)
scope.rule(Organisation)(_district_office_changes)


@scope.rule(User)
def user_scope(user, action):
    if user.role == Role.DISTRICT_OFFICE:
        return True
    if user.role == Role.AUDITOR and action == scope.VIEW:
        return True
    if action == scope.VIEW and user.organisation_id:
        return Q(organisation_id=user.organisation_id)
    return Q(pk=user.pk)


@scope.rule(Job)
def job_scope(user, action):
    return Q(created_by_id=user.pk)


@scope.rule(Notification)
def notification_scope(user, action):
    return Q(recipient_id=user.pk)


@scope.rule(RevealLog)
def reveal_log_scope(user, action):
    if action == scope.VIEW and user.role in (Role.DISTRICT_OFFICE, Role.AUDITOR):
        return True
    return Q(user_id=user.pk) if action == scope.VIEW else False


@scope.rule(RestoreDrill)
@scope.rule(KeyRotation)
def backup_records_scope(user, action):
    """Drills and key rotations: read by the district office and auditors, written by commands."""
    return action == scope.VIEW and user.role in (Role.DISTRICT_OFFICE, Role.AUDITOR)
