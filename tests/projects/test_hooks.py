"""Higher apps add preconditions to lifecycle steps without projects importing them."""

import pytest

from projects import hooks
from projects.choices import ProjectStatus
from projects.selectors import project_facts
from projects.services.lifecycle import TRANSITIONS, TransitionRefused, project_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra_check():
    def check(project):
        return [f"{project.name}：外部条件尚未满足"]

    hooks.register_transition_check("list", check)
    yield check
    hooks._transition_checks["list"].remove(check)


def test_a_registered_check_is_listed_with_the_step_s_own(make_project, cast, extra_check):
    project = make_project(status=ProjectStatus.REVIEWED, name="测试项目")
    assert "测试项目：外部条件尚未满足" in TRANSITIONS["list"].missing(project_facts(project), None)
    with pytest.raises(TransitionRefused, match="外部条件尚未满足"):
        project_transition(acting_user=cast.district_office, project=project, action="list")
    project.refresh_from_db()
    assert project.status == ProjectStatus.REVIEWED


def test_other_steps_are_untouched(make_project, cast, extra_check):
    project = make_project(status=ProjectStatus.RESERVE)
    assert not any(
        "外部条件" in m for m in TRANSITIONS["review"].missing(project_facts(project), None)
    )
