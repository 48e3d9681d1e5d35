"""Reads of the core, always through the user's scope."""

from __future__ import annotations

from django.db.models import Count

from yiguoji import scope
from yiguoji.core.models import Organisation, User


def organisations_for(user):
    return (
        scope.restrict(Organisation.objects.all(), user)
        .select_related("township", "village")
        .annotate(user_count=Count("users"))
        .order_by("kind", "name")
    )


def users_for(user):
    return (
        scope.restrict(User.objects.all(), user)
        .select_related("organisation", "organisation__township")
        .order_by("organisation__kind", "organisation__name", "username")
    )
