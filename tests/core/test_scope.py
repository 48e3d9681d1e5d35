"""yiguoji.scope: organisation rules, guardian grants, fail-closed behaviour, 404s."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404

from tests.factories import OrganisationFactory, UserFactory
from yiguoji import scope
from yiguoji.core.choices import OrgKind
from yiguoji.core.models import Job, Organisation, User
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db


def test_users_of_other_organisations_are_out_of_a_township_users_scope(make_user):
    township_user = make_user(Role.TOWNSHIP)
    colleague = UserFactory(role=Role.TOWNSHIP, organisation=township_user.organisation)
    stranger = make_user(Role.PROJECT_UNIT)
    visible = set(scope.restrict(User.objects.all(), township_user))
    assert visible == {township_user, colleague}
    assert stranger not in visible


def test_district_office_sees_every_user(make_user):
    office = make_user(Role.DISTRICT_OFFICE)
    others = [make_user(role) for role in (Role.TOWNSHIP, Role.CONTRACTOR)]
    assert set(others) <= set(scope.restrict(User, office))


def test_anonymous_and_inactive_users_see_nothing(make_user):
    make_user(Role.TOWNSHIP)
    assert not scope.restrict(User, AnonymousUser()).exists()
    inactive = make_user(Role.DISTRICT_OFFICE, is_active=False)
    assert not scope.restrict(User, inactive).exists()


def test_a_guardian_grant_to_an_organisation_adds_exactly_that_row(make_user):
    unit_user = make_user(Role.PROJECT_UNIT)
    office = make_user(Role.DISTRICT_OFFICE)
    job = Job.objects.create(kind="core.directory_export", title="x", created_by=office)
    other_job = Job.objects.create(kind="core.directory_export", title="y", created_by=office)
    assert not scope.can(unit_user, scope.VIEW, job)

    scope.grant(job, organisation=unit_user.organisation)
    assert list(scope.restrict(Job, unit_user)) == [job]
    assert not scope.can(unit_user, scope.CHANGE, job)
    assert not scope.can(unit_user, scope.VIEW, other_job)

    scope.revoke(job, organisation=unit_user.organisation)
    assert not scope.can(unit_user, scope.VIEW, job)


def test_a_guardian_grant_to_one_user(make_user):
    viewer = make_user(Role.CONTRACTOR)
    owner = make_user(Role.DISTRICT_OFFICE)
    job = Job.objects.create(kind="core.directory_export", title="x", created_by=owner)
    scope.grant(job, user=viewer, action=scope.CHANGE)
    assert scope.can(viewer, scope.CHANGE, job)
    assert not scope.can(viewer, scope.VIEW, job)  # grants are per action


def test_a_model_without_a_rule_fails_closed(make_user):
    from django.contrib.auth.models import Group

    with pytest.raises(ImproperlyConfigured, match=r"no scope rule for auth\.Group"):
        scope.restrict(Group.objects.all(), make_user(Role.DISTRICT_OFFICE))


def test_superuser_sees_everything_without_a_rule():
    from django.contrib.auth.models import Group

    Group.objects.create(name="x")
    root = UserFactory(is_superuser=True, role="", organisation=None)
    assert scope.restrict(Group.objects.all(), root).count() == 1


def test_get_object_or_404_hides_objects_out_of_scope(make_user):
    township_user = make_user(Role.TOWNSHIP)
    stranger = make_user(Role.CONTRACTOR)
    with pytest.raises(Http404):
        scope.get_object_or_404(User.objects.all(), township_user, pk=stranger.pk)
    assert scope.get_object_or_404(User, township_user, pk=township_user.pk) == township_user


def test_ensure_raises_permission_denied_outside_change_scope(make_user):
    township_user = make_user(Role.TOWNSHIP)
    org = OrganisationFactory(kind=OrgKind.CONTRACTOR)
    with pytest.raises(PermissionDenied):
        scope.ensure(township_user, scope.CHANGE, org)
    scope.ensure(make_user(Role.DISTRICT_OFFICE), scope.CHANGE, org)


def test_every_core_model_has_a_rule():
    from django.apps import apps

    models = [m for m in apps.get_app_config("core").get_models() if not hasattr(m, "pgh_obj")]
    missing = [m._meta.label for m in models if not scope.has_rule(m)]
    assert not missing, missing


def test_restricted_queryset_is_one_query_with_rows_unique(make_user, django_assert_num_queries):
    township_user = make_user(Role.TOWNSHIP)
    for _ in range(3):
        UserFactory(role=Role.TOWNSHIP, organisation=township_user.organisation)
    with django_assert_num_queries(1):
        rows = list(Organisation.objects.restrict(township_user))
    assert len(rows) == len({row.pk for row in rows})
