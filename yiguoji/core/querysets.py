"""Querysets that know how to restrict themselves to a user's scope (see yiguoji.scope)."""

from django.contrib.auth.models import UserManager
from django.db import models


class ScopedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        """Only the rows ``user`` may ``action`` ("view" or "change")."""
        from yiguoji import scope

        return scope.restrict(self, user, action)


class ScopedUserManager(UserManager.from_queryset(ScopedQuerySet)):
    pass
