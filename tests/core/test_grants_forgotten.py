"""Guardian grants do not outlive their object (issue 10, item 7)."""

import pytest
from guardian.models import GroupObjectPermission, UserObjectPermission

from projects.models import Project
from tests.projects.factories import ProjectFactory
from yiguoji import scope
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db


def test_a_deleted_object_takes_its_grants_and_a_reinserted_row_inherits_none(make_user):
    reader = make_user(Role.PROJECT_UNIT, username="reader")
    project = ProjectFactory()
    scope.grant(project, organisation=reader.organisation)
    scope.grant(project, user=reader)
    assert scope.can(reader, scope.VIEW, project)
    pk = project.pk
    Project.objects.filter(pk=pk).delete()
    assert not GroupObjectPermission.objects.filter(object_pk=str(pk)).exists()
    assert not UserObjectPermission.objects.filter(object_pk=str(pk)).exists()
    again = ProjectFactory(pk=pk)
    assert not scope.restrict(Project.objects.filter(pk=again.pk), reader).exists()
