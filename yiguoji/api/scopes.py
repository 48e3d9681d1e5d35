"""Scope rules of the API's own rows (clients, tokens, calls, webhook subscriptions and their
deliveries): the district office sees and changes them, the auditor reads
them; nobody else (a client's own calls are not read through the API)."""

from yiguoji import scope
from yiguoji.api.models import (
    ApiCall,
    ApiClient,
    ApiToken,
    WebhookDelivery,
    WebhookSubscription,
)
from yiguoji.core.roles import Role


def _district_office(user, action):
    if user.role == Role.DISTRICT_OFFICE:
        return True
    return user.role == Role.AUDITOR and action == scope.VIEW


for _model in (ApiClient, ApiToken, ApiCall, WebhookSubscription, WebhookDelivery):
    scope.rule(_model)(_district_office)
