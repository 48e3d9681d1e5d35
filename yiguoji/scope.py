"""Scope, once: which rows of each model a user may see or change.

Every view, export, PDF, download and API asks this module; nothing else filters by township,
organisation or object grant. Each app registers one rule per model in its ``scopes.py``::

    @scope.rule(Project)
    def project_scope(user, action):
        if user.role == Role.DISTRICT_OFFICE:
            return True                     # every row
        return Q(owner=user.organisation_id)  # or a Q object, or False for none

On top of the organisation rule, django-guardian object permissions (``view_<model>`` /
``change_<model>``) granted to a user or to an organisation's group add single rows, e.g. a project
shared with a co-supervising department. Guardian is only called here, and always through an id
subquery, never ``get_objects_for_user`` (which returns every row when a group holds the
model-level permission).

A model without a rule is a programming error: :func:`restrict` raises instead of leaking rows.
Objects outside the scope are answered with 404 by :func:`get_object_or_404`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.http import Http404
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

VIEW = "view"
CHANGE = "change"
ACTIONS = (VIEW, CHANGE)

Decision = bool | Q
RuleFunction = Callable[[object, str], Decision]
_rules: dict[type[models.Model], RuleFunction] = {}


def rule(model: type[models.Model]) -> Callable[[RuleFunction], RuleFunction]:
    """Register the scope rule of ``model`` (one per model; a second registration is an error)."""

    def register(function: RuleFunction) -> RuleFunction:
        if model in _rules and _rules[model] is not function:
            raise ImproperlyConfigured(f"{model.__name__} already has a scope rule")
        _rules[model] = function
        return function

    return register


def has_rule(model: type[models.Model]) -> bool:
    return model in _rules


def _decision(model: type[models.Model], user, action: str) -> Decision:
    if action not in ACTIONS:
        raise ValueError(f"unknown scope action {action!r}")
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    try:
        function = _rules[model]
    except KeyError:
        raise ImproperlyConfigured(f"no scope rule for {model._meta.label}") from None
    return function(user, action)


def _granted(model: type[models.Model], user, action: str) -> Q:
    """Rows granted to the user, or to the user's organisation, through django-guardian."""
    content_type = ContentType.objects.get_for_model(model)
    codename = f"{action}_{model._meta.model_name}"
    user_rows = UserObjectPermission.objects.filter(
        user_id=user.pk, content_type=content_type, permission__codename=codename
    )
    from yiguoji.core.models import Organisation

    org_group = Organisation.objects.filter(pk=getattr(user, "organisation_id", None))
    group_rows = GroupObjectPermission.objects.filter(
        group_id__in=org_group.values("group_id"),
        content_type=content_type,
        permission__codename=codename,
    )
    pk_type = model._meta.pk
    ids = (
        user_rows.annotate(obj=Cast("object_pk", pk_type))
        .values("obj")
        .union(group_rows.annotate(obj=Cast("object_pk", pk_type)).values("obj"))
    )
    return Q(pk__in=ids)


def restrict(queryset, user, action: str = VIEW):
    """``queryset`` (or a model) narrowed to the rows ``user`` may ``action``."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    model = queryset.model
    decision = _decision(model, user, action)
    if decision is True:
        return queryset
    if decision is False:
        if user is None or not user.is_authenticated:
            return queryset.none()
        return queryset.filter(_granted(model, user, action))
    # Rules may follow many-to-many paths; an id subquery keeps rows unique and counts right.
    by_rule = Q(pk__in=model._base_manager.filter(decision).values("pk"))
    return queryset.filter(by_rule | _granted(model, user, action))


def can(user, action: str, obj: models.Model) -> bool:
    """Whether ``user`` may ``action`` this object."""
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def get_object_or_404(queryset, user, action: str = VIEW, **lookup):
    """The object if it is in scope; 404 otherwise (its existence is not revealed)."""
    restricted = restrict(queryset, user, action)
    try:
        return restricted.get(**lookup)
    except restricted.model.DoesNotExist:
        raise Http404 from None


def ensure(user, action: str, obj: models.Model) -> None:
    """Raise PermissionDenied unless ``user`` may ``action`` ``obj``.

    Services call this inside their transaction after a change, so that a write which would move
    an object out of the user's own scope is rolled back (NetBox's re-check on save).
    """
    if not can(user, action, obj):
        raise PermissionDenied("该对象不在您的权限范围内")


def organisation_group(organisation) -> Group:
    """The auth group that carries an organisation's object grants (created on first use)."""
    if organisation.group_id:
        return organisation.group
    group, _ = Group.objects.get_or_create(name=f"org:{organisation.pk}")
    type(organisation)._base_manager.filter(pk=organisation.pk).update(group=group)
    organisation.group = group
    return group


def grant(obj: models.Model, *, organisation=None, user=None, action: str = VIEW) -> None:
    """Let an organisation (or one user) ``action`` this single object."""
    perm = f"{obj._meta.app_label}.{action}_{obj._meta.model_name}"
    assign_perm(perm, user if user is not None else organisation_group(organisation), obj)


def revoke(obj: models.Model, *, organisation=None, user=None, action: str = VIEW) -> None:
    perm = f"{obj._meta.app_label}.{action}_{obj._meta.model_name}"
    target = user if user is not None else organisation_group(organisation)
    remove_perm(perm, target, obj)


def forget_grants(sender, instance, **kwargs) -> None:
    """post_delete: a deleted row takes its guardian grants with it, so a row inserted later
    under the same primary key never inherits them (issue 10 item 7)."""
    if not has_rule(sender):
        return
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(sender)
    for model in (UserObjectPermission, GroupObjectPermission):
        model.objects.filter(content_type=content_type, object_pk=str(instance.pk)).delete()


def require(allowed: bool, message: str = "您没有执行此操作的权限") -> None:
    if not allowed:
        raise PermissionDenied(message)
