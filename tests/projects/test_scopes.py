"""The Project rule (projects.scopes): who sees and changes which projects, and how other
models and apps follow it."""

import pytest
from django.db.models import Q

from projects.models import FundingLine, Position, Project
from projects.scopes import follows_project, project_q, visible_projects
from tests.projects.factories import PositionFactory
from yiguoji import scope
from yiguoji.core.choices import Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(make_project, cast):
    """One project of each kind of relation to the cast (township A unless said)."""
    return {
        "own": make_project(),  # unit's, water, A, built by the contractor
        "forestry_b": make_project(
            owner=cast.orgs["other_unit"], sector=Sector.FORESTRY, department=None,
            contractor=cast.orgs["other_contractor"], townships=[cast.other_township],
        ),
        "water_b_other_dept": make_project(
            owner=cast.orgs["other_unit"], department=cast.orgs["other_department"],
            contractor=None, townships=[cast.other_township],
        ),
        "township_owned_in_b": make_project(
            owner=cast.orgs["township"], sector=Sector.FORESTRY, department=None,
            contractor=None, townships=[cast.other_township],
        ),
        "collective_b": make_project(
            owner=cast.orgs["other_unit"], sector=Sector.FORESTRY, department=None,
            contractor=None, collective=cast.orgs["other_unit"], townships=[cast.other_township],
        ),
        "two_townships": make_project(
            owner=cast.orgs["other_unit"], sector=Sector.FORESTRY, department=None,
            contractor=None, townships=[cast.township, cast.other_township],
        ),
    }  # fmt: skip


EXPECTED_VIEW = {
    "district_office": "all",
    "leader": "all",
    "auditor": "all",
    "labour_bureau": "all",
    "finance": "all",
    # the water department: its sector, wherever and whoever approves
    "department": {"own", "water_b_other_dept"},
    "other_department": {"forestry_b", "water_b_other_dept", "township_owned_in_b",
                         "collective_b", "two_townships"},
    "township": {"own", "township_owned_in_b", "two_townships"},
    "other_township": {"forestry_b", "water_b_other_dept", "township_owned_in_b",
                       "collective_b", "two_townships"},
    "project_unit": {"own"},
    # the other unit owns forestry_b, water_b_other_dept, collective_b (also its collective)
    # and two_townships
    "other_unit": {"forestry_b", "water_b_other_dept", "collective_b", "two_townships"},
    "contractor": {"own"},
}  # fmt: skip
READ_ONLY = {"leader", "auditor", "labour_bureau", "finance"}


@pytest.mark.parametrize("who", sorted(EXPECTED_VIEW))
def test_who_sees_and_changes_which_projects(who, projects, cast):
    user = cast.users[who]
    names = {pk: name for name, pk in ((n, p.pk) for n, p in projects.items())}
    seen = {names[pk] for pk in scope.restrict(Project, user).values_list("pk", flat=True)}
    changed = {
        names[pk] for pk in scope.restrict(Project, user, scope.CHANGE).values_list("pk", flat=True)
    }
    expected = set(projects) if EXPECTED_VIEW[who] == "all" else EXPECTED_VIEW[who]
    assert seen == expected
    if who in READ_ONLY:
        assert changed == set()
    else:
        assert changed == expected


def test_a_project_in_two_townships_is_one_row(projects, cast):
    rows = list(scope.restrict(Project, cast.users["township"]).values_list("pk", flat=True))
    assert len(rows) == len(set(rows))


def test_rows_of_a_project_follow_it(projects, cast):
    PositionFactory(project=projects["own"])
    PositionFactory(project=projects["forestry_b"])
    unit = cast.project_unit
    assert set(scope.restrict(Position, unit).values_list("project", flat=True)) == {
        projects["own"].pk
    }
    assert set(scope.restrict(FundingLine, unit).values_list("project", flat=True)) == {
        projects["own"].pk
    }
    assert scope.restrict(Position, cast.users["auditor"], scope.CHANGE).count() == 0


def test_other_apps_scope_by_project_without_repeating_the_rule(projects, cast):
    unit = cast.project_unit
    decision = follows_project(unit, scope.VIEW, "project")
    assert isinstance(decision, Q)
    PositionFactory(project=projects["own"])
    PositionFactory(project=projects["forestry_b"])
    filtered = Position.objects.filter(decision).values_list("project", flat=True)
    assert set(filtered) == {projects["own"].pk}
    assert follows_project(cast.district_office, scope.VIEW) is True
    assert project_q(cast.users["leader"], scope.CHANGE) is False
    assert set(visible_projects(unit).values_list("pk", flat=True)) == {projects["own"].pk}


def test_a_grant_shares_a_single_project(projects, cast):
    shared = projects["forestry_b"]
    scope.grant(shared, organisation=cast.orgs["project_unit"])
    unit = cast.project_unit
    assert shared in visible_projects(unit)
    PositionFactory(project=shared)
    assert scope.restrict(Position, unit).filter(project=shared).exists()


def test_prefix_follows_a_relation(cast):
    q = project_q(cast.users["department"], scope.VIEW, prefix="project")
    assert "project__department_id" in str(q) and "project__sector__in" in str(q)
