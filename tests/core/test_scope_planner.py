"""Scope composed for the planner (issue 12) sees exactly what the scope before it saw.

The reference below is the former ``scope.restrict`` (``id IN (rows by rule) OR id IN (grants)``)
with the former rules' many-valued paths (a township's projects through ``townships``, a
worker hired through ``labour_contracts``, rows of a project through the restricted projects).
For every role of the role-by-URL matrix's world (and outsiders, with object grants added on a
project, a worker and a wage line), every model with a rule and both actions, the two sets of
ids must be equal.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Cast
from guardian.models import GroupObjectPermission, UserObjectPermission

import payroll.scopes
import projects.scopes
from payroll.models import WageLine, Worker
from projects.models import Project
from tests.matrix import build_world
from yiguoji import scope
from yiguoji.core.models import Organisation
from yiguoji.core.roles import Role


def _old_granted(model, user, action) -> Q:
    content_type = ContentType.objects.get_for_model(model)
    codename = f"{action}_{model._meta.model_name}"
    user_rows = UserObjectPermission.objects.filter(
        user_id=user.pk, content_type=content_type, permission__codename=codename
    )
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


def old_restrict(queryset, user, action=scope.VIEW):
    """``scope.restrict`` before issue 12, verbatim."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    model = queryset.model
    decision = scope.decision(model, user, action)
    if decision is True:
        return queryset
    if decision is False:
        if user is None or not user.is_authenticated:
            return queryset.none()
        return queryset.filter(_old_granted(model, user, action))
    by_rule = Q(pk__in=model._base_manager.filter(decision).values("pk"))
    return queryset.filter(by_rule | _old_granted(model, user, action))


def former_rules(monkeypatch):
    """The rules' former many-valued paths, under the former restrict."""
    new_project_q = projects.scopes.project_q

    def project_q(user, action=scope.VIEW, *, prefix=""):
        q = new_project_q(user, action, prefix=prefix)
        township = user.organisation.township_id if user.organisation_id else None
        if user.role != Role.TOWNSHIP or q in (True, False) or not township:
            return q
        p = f"{prefix}__" if prefix else ""
        return Q(**{f"{p}owner_id": user.organisation_id}) | Q(**{f"{p}townships": township})

    def project_ids(user, action=scope.VIEW):
        if new_project_q(user, action) is True and scope.decision(Project, user, action):
            return True
        return old_restrict(Project.objects.all(), user, action).values("pk")

    def hired(user, action):
        projects_seen = projects.scopes.visible_projects(user, action).values("pk")
        return Q(labour_contracts__project__in=projects_seen)

    monkeypatch.setattr(projects.scopes, "project_q", project_q)
    monkeypatch.setattr(projects.scopes, "project_ids", project_ids)
    monkeypatch.setattr(payroll.scopes, "_hired_on_visible_projects", hired)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        unit = built.users["project_unit"]
        scope.grant(built.pj_b, organisation=unit.organisation)  # a shared project (rule + grant)
        outsider = next(iter(built.outsiders.values()))
        scope.grant(Worker.objects.order_by("pk").first(), user=outsider)
        line = WageLine.objects.order_by("pk").first()
        if line is not None:
            scope.grant(line, user=outsider, action=scope.CHANGE)
        yield built
        transaction.set_rollback(True)


def _ruled_models():
    return [m for m in apps.get_models() if scope.has_rule(m)]


def _users(world):
    return [*world.users.values(), *world.outsiders.values()]


def _visible(restrict, world) -> dict:
    return {
        (user.username, model._meta.label, action): set(
            restrict(model, user, action).values_list("pk", flat=True)
        )
        for user in _users(world)
        for model in _ruled_models()
        for action in scope.ACTIONS
    }


def test_every_role_sees_the_same_rows_as_before(world, db, monkeypatch):
    new = _visible(scope.restrict, world)
    former_rules(monkeypatch)
    old = _visible(old_restrict, world)
    differences = [
        f"{key}: only new {sorted(new[key] - old[key])[:5]}, only old "
        f"{sorted(old[key] - new[key])[:5]}"
        for key in new
        if new[key] != old[key]
    ]
    assert not differences, "\n".join(differences)
    assert sum(bool(rows) for rows in old.values()) > 100  # rows for most models and roles


def test_a_rule_over_a_big_table_filters_by_its_parents_without_or(world, db):
    unit, township = world.users["project_unit"], world.users["township"]
    for user in (unit, township):
        sql = str(scope.restrict(WageLine, user).query)
        assert " OR " not in sql.split("WHERE", 1)[1], sql
        assert '"payroll_wageline"."id" IN' not in sql, sql
        assert "UNION" in sql or user is unit, sql  # visible projects as a union of arms


def test_grants_reach_the_query_only_as_literal_ids(world, db):
    unit = world.users["project_unit"]
    sql = str(scope.restrict(Project, unit).query)
    assert "guardian" not in sql and str(world.pj_b.pk) in sql
    sql = str(scope.restrict(WageLine, world.users["township"]).query)
    assert "guardian" not in sql


def test_a_grant_is_seen_at_once_and_a_revoke_too(world, db):
    township = world.users["township"]
    group = Group.objects.get(pk=scope.organisation_group(township.organisation).pk)
    assert group
    other = Project.objects.exclude(pk__in=projects.scopes.visible_projects(township)).first()
    assert other is not None and not scope.can(township, scope.VIEW, other)
    scope.grant(other, organisation=township.organisation)
    assert scope.can(township, scope.VIEW, other)
    scope.revoke(other, organisation=township.organisation)
    assert not scope.can(township, scope.VIEW, other)
