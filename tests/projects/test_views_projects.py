"""The project list, detail, create and edit pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.choices import DocumentKind, ProjectStatus
from projects.models import Project
from tests.projects.conftest import add_documents, add_notice
from tests.projects.factories import (
    PositionFactory,
    ProjectFactory,
)
from yiguoji.core.choices import Sector

pytestmark = pytest.mark.django_db
S = ProjectStatus


def _count(client, url, data=None):
    client.get(url, data or {})  # warm the per-process caches (content types, templates)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["district_office", "township", "department", "project_unit"])
def test_the_list_costs_the_same_for_3_and_30_projects(
    role, make_project, cast, programme, client_for, django_assert_num_queries
):
    client = client_for(cast.users[role])
    for _ in range(3):
        make_project()
    url = reverse("projects:list")
    few = _count(client, url)
    for _ in range(27):
        make_project()
    with django_assert_num_queries(few):
        response = client.get(url)
    assert len(response.context["table"].page.object_list) == 25


def test_the_detail_costs_the_same_for_3_and_30_rows(
    make_project, cast, programme, client_for, django_assert_num_queries
):
    client = client_for(cast.district_office)
    project = make_project(status=S.IN_PROGRESS)
    url = reverse("projects:detail", args=[project.pk])

    def grow(n):
        for _ in range(n):
            PositionFactory(project=project)
            add_documents(project, DocumentKind.OTHER)
            add_notice(project)
            project.transitions.create(
                action="start", from_status=S.APPROVED, to_status=S.STARTED,
                actor=cast.district_office, reason="开工",
            )  # fmt: skip

    grow(3)
    few = _count(client, url)
    grow(27)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert len(response.context["timeline"]) == 60


def test_list_filters(make_project, cast, programme, client_for):
    low = make_project(name="低占比项目", planned_wage_total=100000)  # 100000/600000 < 30%
    high = make_project(name="高占比项目", planned_wage_total=240000)
    forestry = make_project(
        name="张山营林业项目", sector=Sector.FORESTRY, townships=[cast.other_township],
        status=S.LISTED,
    )  # fmt: skip
    client = client_for(cast.district_office)

    def names(**query):
        response = client.get(reverse("projects:list"), query)
        return {row.record.name for row in response.context["table"].page.object_list}

    assert names(below_target="true") == {"低占比项目"}
    assert "高占比项目" in names(below_target="false")
    assert names(townships=cast.other_township.pk) == {"张山营林业项目"}
    assert names(sector=Sector.FORESTRY) == {"张山营林业项目"}
    assert names(status=S.LISTED) == {"张山营林业项目"}
    assert names(q="低占比") == {"低占比项目"}
    assert names(q=high.code) == {"高占比项目"}
    assert names(department=cast.orgs["department"].pk) == {low.name, high.name, forestry.name}
    assert names(year=2027) == set()


def test_the_list_shows_the_wage_share_against_the_target(
    make_project, cast, programme, client_for
):
    make_project(planned_wage_total=100000)
    page = client_for(cast.district_office).get(reverse("projects:list")).content.decode()
    assert "16.7% ↓" in page and "低于年度目标 30.0%" in page


def test_the_detail_shows_next_steps_and_missing_documents(
    make_project, cast, programme, client_for
):
    project = make_project(status=S.LISTED)
    page = client_for(cast.department).get(reverse("projects:detail", args=[project.pk]))
    html = page.content.decode()
    assert "批复" in html and "尚未上传“批复文件”" in html
    assert "初步设计（含就业岗位专章）" in html and "（缺）" in html
    assert "达到年度目标 30.0%" in html
    assert "变更记录" not in html  # the department does not read the audit log
    district = client_for(cast.district_office).get(reverse("projects:detail", args=[project.pk]))
    assert "变更记录" in district.content.decode()
    leader = client_for(cast.users["leader"]).get(reverse("projects:detail", args=[project.pk]))
    assert 'data-testid="next-steps"' not in leader.content.decode()


def test_outside_the_scope_the_detail_is_404(make_project, cast, client_for):
    project = make_project()
    for who in ("other_unit", "other_township", "other_department"):
        url = reverse("projects:detail", args=[project.pk])
        assert client_for(cast.users[who]).get(url).status_code == 404


def _form_data(cast, **extra):
    data = {
        "name": "岔道村街巷硬化", "year": 2026, "category": "special_fund", "sector": "rural_life",
        "owner": cast.orgs["project_unit"].pk, "department": cast.orgs["department"].pk,
        "townships": [cast.township.pk], "villages": [cast.township.villages.get().pk],
        "content_and_scale": "硬化街巷1.4公里", "work_relief_tasks": "铺装",
        "segments": ["general", "service"], "social_benefit": "带动务工",
        "performance_targets": "务工20人",
        "planned_start": "2026-04-01", "planned_end": "2026-09-30",
        "total_investment": "950000", "planned_wage_total": "300000", "planned_local_jobs": 26,
        "contractor": "", "collective": "", "tender_exempt_basis": "",
        "funding-TOTAL_FORMS": 2, "funding-INITIAL_FORMS": 0,
        "funding-0-source": "central_fiscal", "funding-0-amount": "800000",
        "funding-1-source": "district", "funding-1-amount": "150000",
        "positions-TOTAL_FORMS": 1, "positions-INITIAL_FORMS": 0,
        "positions-0-segment": "general", "positions-0-title": "普工", "positions-0-headcount": 20,
        "positions-0-start_date": "2026-04-01", "positions-0-end_date": "2026-09-30",
        "positions-0-daily_wage": "220",
    }  # fmt: skip
    data.update(extra)
    return data


def test_a_project_unit_creates_a_project_with_lines(cast, client_for):
    client = client_for(cast.project_unit)
    form = client.get(reverse("projects:create"))
    assert form.status_code == 200
    assert list(form.context["form"].fields["owner"].queryset) == [cast.orgs["project_unit"]]
    response = client.post(reverse("projects:create"), _form_data(cast))
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert project.code == "YQ-2026-001" and project.segments == ["general", "service"]
    assert {f.source: f.is_special_fund for f in project.funding_lines.all()} == {
        "central_fiscal": True, "district": False,
    }  # fmt: skip
    assert project.positions.get().daily_wage == 220


def test_a_funding_mismatch_is_shown_on_the_form(cast, client_for):
    client = client_for(cast.project_unit)
    response = client.post(reverse("projects:create"), _form_data(cast, total_investment="1000000"))
    assert response.status_code == 200
    assert (
        "各资金来源合计 950,000.00 元，与总投资 1,000,000.00 元不一致" in response.content.decode()
    )
    assert not Project.objects.exists()


def test_after_approval_the_form_offers_only_what_may_change(make_project, cast, client_for):
    project = make_project(status=S.APPROVED)
    client = client_for(cast.project_unit)
    form = client.get(reverse("projects:edit", args=[project.pk])).context["form"]
    assert "content_and_scale" not in form.fields and "contractor" in form.fields
    response = client.post(
        reverse("projects:edit", args=[project.pk]),
        {"contractor": cast.orgs["other_contractor"].pk, "collective": "",
         "tender_exempt_basis": "", "positions-TOTAL_FORMS": 1, "positions-INITIAL_FORMS": 1,
         "positions-0-id": project.positions.get().pk, "positions-0-segment": "general",
         "positions-0-title": "普工", "positions-0-headcount": 30,
         "positions-0-start_date": "2026-04-01", "positions-0-end_date": "2026-09-30",
         "positions-0-daily_wage": "210"},
    )  # fmt: skip
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.contractor == cast.orgs["other_contractor"]
    assert project.positions.get().headcount == 30


def test_edit_is_refused_with_the_reason(make_project, cast, client_for):
    project = make_project(status=S.REVIEWED)
    response = client_for(cast.project_unit).get(reverse("projects:edit", args=[project.pk]))
    assert response.status_code == 403
    assert (
        client_for(cast.users["leader"])
        .get(reverse("projects:edit", args=[project.pk]))
        .status_code
        == 403
    )


def test_the_form_knows_the_year(cast, client_for):
    form = client_for(cast.district_office).get(reverse("projects:create")).context["form"]
    assert form.initial.get("year") or form.instance.year == datetime.date.today().year
    assert ProjectFactory._meta.model is Project
