"""The assessment's pages: fixed query counts whatever the number of rows, the unit's
confirmation through the page, and what a page refuses."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.choices import RuleKind
from assessment.models import MonthlyReport
from assessment.services.reports import monthly_reports_compute
from assessment.services.scoring import scores_compute
from projects.choices import ProjectStatus
from tests.assessment.factories import complaint, finding, forecast, ledger, rule, started
from tests.payroll.factories import WorkerFactory

NOV = dt.date(2026, 11, 1)


def _queries(client, url) -> int:
    client.get(url)  # warm the per-process caches (content types, the district)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(queries)


class World:
    """Adds ``n`` more projects with a November ledger, a report, a finding, a complaint and a
    forecast each, so that every list grows."""

    def __init__(self, cast, make_project):
        self.cast, self.make_project, self.count = cast, make_project, 0

    def grow(self, n: int) -> None:
        cast = self.cast
        for _ in range(n):
            self.count += 1
            project = self.make_project(status=ProjectStatus.IN_PROGRESS)
            started(project, cast.district_office, dt.date(2026, 9, 1))
            worker = WorkerFactory(township=cast.township, priority_groups=["lifted"])
            ledger(project, NOV, [(worker, 10, 200, 1500, dt.date(2026, 12, 5))])
            finding(cast.district_office, project=project, found_on=dt.date(2026, 10, 1),
                    deadline=dt.date(2026, 11, 1))  # fmt: skip
            complaint(project, cast.district_office)
        monthly_reports_compute(month=NOV)
        scores_compute(year=2026)


@pytest.fixture
def world(cast, make_project, programme):
    rule(kind=RuleKind.ARREARS, weight=D(5), points=D(1))
    rule(kind=RuleKind.FINDINGS, weight=D(10), points=D(2), finding_kinds=["false_hiring"])
    forecast(cast.orgs["project_unit"], cast.project_unit)
    return World(cast, make_project)


PAGES = [
    ("district_office", lambda w: reverse("assessment:reports")),
    ("district_office", lambda w: reverse("assessment:reports") + "?export=xlsx"),
    ("project_unit", lambda w: reverse("assessment:reports") + "?status=pending"),
    ("district_office", lambda w: reverse("assessment:findings")),
    ("district_office", lambda w: reverse("projects:complaints")),
    ("district_office", lambda w: reverse("assessment:acceptances")),
    ("district_office", lambda w: reverse("assessment:forecasts")),
    ("district_office", lambda w: reverse("assessment:scores") + "?year=2026"),
    ("district_office", lambda w: reverse("assessment:rules") + "?year=2026"),
    ("district_office", lambda w: reverse("assessment:summaries") + "?year=2026"),
    ("district_office", lambda w: reverse("assessment:dashboard")),
    ("leader", lambda w: reverse("assessment:dashboard") + f"?township={w.cast.township.pk}"),
    ("leader", lambda w: reverse("assessment:dashboard_projects") + "?year=2026&show=arrears"),
    ("leader", lambda w: reverse("assessment:dashboard_projects") + "?show=priority&group=lifted"),
    ("district_office", lambda w: reverse("assessment:dashboard_export")),
    ("district_office", lambda w: reverse(
        "assessment:score", args=[w.cast.orgs["township"].score_sheets.get().pk])),
    ("district_office", lambda w: reverse(
        "assessment:report", args=[MonthlyReport.objects.order_by("pk").first().pk])),
]  # fmt: skip


@pytest.mark.parametrize("role,url", PAGES, ids=[f"{r}-{i}" for i, (r, _) in enumerate(PAGES)])
def test_pages_run_a_fixed_number_of_queries(world, client_for, role, url):
    client = client_for(world.cast.users[role])
    world.grow(3)
    few = _queries(client, url(world))
    world.grow(27)
    assert _queries(client, url(world)) == few


def test_the_unit_confirms_on_the_report_page(world, client_for, cast):
    world.grow(1)
    report = MonthlyReport.objects.get()
    url = reverse("assessment:report", args=[report.pk])
    data = {"annotated": "0", "funds_in_place": "600000", "investment_completed": "300000",
            "progress": "50", "annotation": ""}  # fmt: skip

    assert client_for(cast.other_unit).post(url, data).status_code == 404
    assert client_for(cast.district_office).post(url, data).status_code == 403
    page = client_for(cast.project_unit).get(url).content.decode()
    assert "确认本月反馈" in page
    response = client_for(cast.project_unit).post(url, {**data, "progress": "120"})
    assert response.status_code == 400 and "100" in response.content.decode()
    assert client_for(cast.project_unit).post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.status == "confirmed" and report.progress == 50


def test_the_acceptance_page_lists_what_stands_in_the_way(cast, make_project, client_for, workers):
    project = make_project(status=ProjectStatus.COMPLETED)
    ledger(project, NOV, [(workers[1], 10, 200, 1500, dt.date(2026, 12, 5))])
    page = client_for(cast.district_office).get(
        reverse("assessment:acceptance_form", args=[project.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="blockers"' in html
    assert "李秀英：应发 2,000.00 元，实发 1,500.00 元，欠发 500.00 元" in html
    assert (
        client_for(cast.department)
        .get(reverse("assessment:acceptance_form", args=[project.pk]))
        .status_code
        == 403
    )


def test_a_finished_project_s_page_points_to_acceptance(cast, make_project, client_for, workers):
    project = make_project(status=ProjectStatus.COMPLETED)
    ledger(project, NOV, [(workers[1], 10, 200, 1500, dt.date(2026, 12, 5))])
    url = reverse("projects:detail", args=[project.pk])
    office = client_for(cast.district_office).get(url).content.decode()
    assert "尚有 1 项不能验收合格的情况" in office
    assert reverse("assessment:acceptance_form", args=[project.pk]) in office
    department = client_for(cast.department).get(url).content.decode()
    assert 'id="acceptance"' in department and "组织验收" not in department
    running = make_project(status=ProjectStatus.IN_PROGRESS)
    page = client_for(cast.district_office).get(reverse("projects:detail", args=[running.pk]))
    assert 'id="acceptance"' not in page.content.decode()


def test_the_district_office_sees_which_townships_have_not_submitted(cast, client_for):
    from assessment.models import AnnualSummary

    AnnualSummary.objects.create(township=cast.township, year=2025, status="submitted")
    page = client_for(cast.district_office).get(reverse("assessment:summaries") + "?year=2025")
    rows = {
        line.split("</td>")[0].split(">")[-1]: line
        for line in page.content.decode().split("<tr>")[1:]
    }
    assert "已提交" in rows["八达岭镇"] and "未开始" in rows["张山营镇"]
    assert "已提交 1 / 2" in page.content.decode()


def test_after_acceptance_the_permanent_notice_prints(cast, make_project, programme, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessment.services.acceptance import acceptance_record
    from projects.choices import DocumentKind
    from tests.projects.factories import PDF_BYTES, ProjectDocumentFactory, file_archives

    project = make_project(status=ProjectStatus.COMPLETED)
    ProjectDocumentFactory(project=project, kind=DocumentKind.AUDIT)
    file_archives(project)
    acceptance = acceptance_record(
        acting_user=cast.district_office, project=project, accepted_on=dt.date(2026, 12, 10),
        group_leader="王建国", group_members="李明 区水务局", quality="合格",
        worker_organisation="好", wage_payment="足额", training="已培训", relief_effect="好",
        result="passed", documents=[SimpleUploadedFile("验收报告.pdf", PDF_BYTES)],
    )  # fmt: skip
    client = client_for(cast.leader)
    page = client.get(reverse("assessment:acceptance", args=[acceptance.pk])).content.decode()
    notice = reverse("projects:notice", args=[project.pk, "permanent"])
    assert notice in page and "永久性公示牌" in page
    response = client.get(notice)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
