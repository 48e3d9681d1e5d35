"""Scope rules of the API's own rows: the district office sees and changes them, the auditor
reads them; nobody else (a client's own calls are not read through the API)."""

from yiguoji import scope
from yiguoji.api.models import ApiCall, ApiClient, ApiToken
from yiguoji.core.roles import Role


def _district_office(user, action):
    if user.role == Role.DISTRICT_OFFICE:
        return True
    return user.role == Role.AUDITOR and action == scope.VIEW


for _model in (ApiClient, ApiToken, ApiCall):
    scope.rule(_model)(_district_office)
