"""The demo seeder (idempotent, every state, the rules obeyed) and the home-page to-dos."""

import io

import pytest
from django.urls import reverse

from projects.choices import ProjectStatus
from projects.demo import seed_projects
from projects.models import Project
from projects.selectors import project_facts
from projects.services.lifecycle import TRANSITIONS
from yiguoji.core.demo import seed_core
from yiguoji.core.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_covers_every_state_and_runs_twice():
    seed_core(io.StringIO())
    seed_projects(io.StringIO())
    count = Project.objects.count()
    assert count >= 30
    assert set(Project.objects.values_list("status", flat=True)) == set(ProjectStatus.values)
    assert len(set(Project.objects.values_list("sector", flat=True))) == 10
    assert Project.objects.filter(owner__short_name="岔道村委会").count() >= 4
    assert Project.objects.filter(contractor__short_name="妫水建筑").count() >= 4
    seed_projects(io.StringIO())
    assert Project.objects.count() == count
    # Every project that got past a step met that step's preconditions then and still does.
    started = Project.objects.get(name="八达岭镇岔道村古城墙周边步道修缮")
    facts = project_facts(started)
    assert facts.documents and facts.notices and len(facts.transitions) == 5
    assert started.transitions.order_by("at").first().at.year == 2025
    reserve = Project.objects.get(name="八达岭镇岔道村公共厕所改造")
    assert TRANSITIONS["review"].missing(project_facts(reserve), None)


def test_home_tasks_count_what_waits_for_each_role(make_project, cast, programme, client_for):
    make_project(status=ProjectStatus.RESERVE)
    make_project(status=ProjectStatus.LISTED)
    make_project(status=ProjectStatus.APPROVED)
    district = client_for(cast.district_office).get(reverse("home")).context["tasks"]
    labels = {t.label: t.count for t in district}
    assert labels["储备项目待前期审查"] == 1
    department = client_for(cast.department).get(reverse("home")).context["tasks"]
    assert {t.label: t.count for t in department}["年度清单项目待批复"] == 1
    unit = client_for(cast.project_unit).get(reverse("home")).context["tasks"]
    assert {t.label: t.count for t in unit}["已批复项目待开工（须先完成开工前公示）"] == 1
    other = client_for(cast.other_unit).get(reverse("home")).context["tasks"]
    assert not [t for t in other if "项目" in t.label]
    assert User.objects.filter(pk=cast.project_unit.pk).exists()
