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
from django.db.models.constants import LOOKUP_SEP
from django.db.models.signals import post_delete, post_save
from django.db.models.sql.query import Query
from django.http import Http404
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

VIEW = "view"
CHANGE = "change"
ACTIONS = (VIEW, CHANGE)

Decision = bool | Q
RuleFunction = Callable[[object, str], Decision]
_rules: dict[type[models.Model], RuleFunction] = {}
_generation = 0  # bumped by every grant or revoke in this process (see _grants_of)


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


def decision(model: type[models.Model], user, action: str) -> Decision:
    """The rule's answer for ``model``: ``True`` (all), ``False`` (none, grants aside) or a Q."""
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


def _grants_of(user) -> dict[tuple[int, str], frozenset[str]]:
    """Every object grant of ``user`` and of the user's organisation, by (content type,
    codename): one query, kept on the user object until a grant or revoke (in this process)
    changes the generation. A web request loads a fresh user, so another process's grant is seen
    by the next request."""
    cached = getattr(user, "_scope_grants", None)
    if cached is not None and cached[0] == _generation:
        return cached[1]
    from yiguoji.core.models import Organisation

    org_group = Organisation.objects.filter(pk=getattr(user, "organisation_id", None))
    fields = ("content_type_id", "permission__codename", "object_pk")
    rows = (
        UserObjectPermission.objects.filter(user_id=user.pk)
        .values_list(*fields)
        .union(
            GroupObjectPermission.objects.filter(
                group_id__in=org_group.values("group_id")
            ).values_list(*fields),
            all=True,
        )
    )
    grants: dict[tuple[int, str], set[str]] = {}
    for content_type_id, codename, object_pk in rows:
        grants.setdefault((content_type_id, codename), set()).add(object_pk)
    frozen = {key: frozenset(value) for key, value in grants.items()}
    user._scope_grants = (_generation, frozen)
    return frozen


def granted_ids(model: type[models.Model], user, action: str) -> list:
    """The primary keys of the ``model`` rows granted to the user or the user's organisation
    (django-guardian), as literals: usually none, so no OR reaches the query."""
    content_type = ContentType.objects.get_for_model(model)
    codename = f"{action}_{model._meta.model_name}"
    object_pks = _grants_of(user).get((content_type.pk, codename), ())
    pk = model._meta.pk
    return sorted(pk.to_python(value) for value in object_pks)


def _spans_many(model: type[models.Model], decision: Q) -> bool:
    """Whether a rule's Q follows a many-valued relation (many-to-many or a reverse foreign key),
    where filtering by it directly could repeat rows."""
    query = Query(model)
    for child in decision.children:
        if isinstance(child, Q):
            if _spans_many(model, child):
                return True
            continue
        if not isinstance(child, tuple):
            continue
        names = child[0].split(LOOKUP_SEP)
        path, *_ = query.names_to_path(names, model._meta, allow_many=True, fail_on_missing=False)
        if any(step.m2m for step in path):
            return True
    return False


def restrict(queryset, user, action: str = VIEW):
    """``queryset`` (or a model) narrowed to the rows ``user`` may ``action``.

    Built for the planner (issue 12): a rule over single-valued paths filters the rows directly
    (a join or an ``IN`` over the visible parents, e.g. a wage line's ``ledger.project_id IN
    (visible projects)``), never ``id IN (the same table filtered) OR id IN (grants)``, which
    PostgreSQL cannot turn into a semi-join and rescans per row. Only a rule that follows a
    many-valued path keeps the id subquery (rows stay unique). Object grants are read once
    (:func:`_grants_of`) and added as literal ids, only when there are any.
    """
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    model = queryset.model
    answer = decision(model, user, action)
    if answer is True:
        return queryset
    if user is None or not user.is_authenticated:
        return queryset.none()
    granted = granted_ids(model, user, action)
    if answer is False:
        return queryset.filter(pk__in=granted) if granted else queryset.none()
    if _spans_many(model, answer):
        answer = Q(pk__in=model._base_manager.filter(answer).values("pk"))
    if granted:
        answer = answer | Q(pk__in=granted)
    return queryset.filter(answer)


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
    _grants_changed()
    assign_perm(perm, user if user is not None else organisation_group(organisation), obj)


def revoke(obj: models.Model, *, organisation=None, user=None, action: str = VIEW) -> None:
    perm = f"{obj._meta.app_label}.{action}_{obj._meta.model_name}"
    target = user if user is not None else organisation_group(organisation)
    remove_perm(perm, target, obj)
    _grants_changed()


def _grants_changed(**_kwargs) -> None:
    """Users' loaded grants are stale (also connected to guardian's models' save and delete)."""
    global _generation
    _generation += 1


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


for _model in (UserObjectPermission, GroupObjectPermission):
    post_save.connect(_grants_changed, sender=_model, dispatch_uid=f"scope-{_model.__name__}-save")
    post_delete.connect(
        _grants_changed, sender=_model, dispatch_uid=f"scope-{_model.__name__}-delete"
    )
