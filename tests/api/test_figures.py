"""The quarter's dispatch figures (plan task 5) as JSON in the dispatch workbook's fields and as
the workbook itself; monthly reports, annual list, funding lines, complaints and training
records answer with the page's scope."""

import io

import openpyxl

from assessment.exporters.dispatch import COLUMNS
from projects.choices import ProjectStatus
from tests.api.conftest import error_of
from tests.projects.factories import FundingLineFactory, ProjectFactory
from yiguoji.core.roles import Role


def test_dispatch_figures_as_json_and_as_the_workbook(register, office, township):
    project = ProjectFactory(townships=[township], status=ProjectStatus.APPROVED, year=2026)
    FundingLineFactory(project=project)
    _client, http = register(office.organisation, Role.DISTRICT_OFFICE)
    body = http.get("/api/v1/dispatch/2026/3/").json()
    assert body["as_of"] == "2026-09-30"
    assert list(body["fields"].values()) == [c.header for c in COLUMNS]
    (row,) = body["rows"]
    assert row["code"] == project.code and row["status"] == "已批复"
    workbook = http.get("/api/v1/dispatch/2026/3/workbook/")
    assert workbook.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).worksheets[0]
    assert any(project.code in [c.value for c in r] for r in sheet.iter_rows())
    assert http.get("/api/v1/dispatch/2026/5/").status_code == 404


def test_dispatch_needs_figures_scope_and_a_district_wide_role(register, office, make_user):
    _client, http = register(office.organisation, Role.DISTRICT_OFFICE, scopes=["projects:read"])
    assert error_of(http.get("/api/v1/dispatch/2026/3/"))["code"] == "scope_missing"
    unit = make_user(Role.PROJECT_UNIT)
    _client, unit_http = register(unit.organisation, Role.PROJECT_UNIT)
    assert unit_http.get("/api/v1/dispatch/2026/3/").status_code == 403  # as on the page


def test_other_resources_answer(register, office, township):
    project = ProjectFactory(townships=[township], status=ProjectStatus.LISTED, year=2026)
    FundingLineFactory(project=project)
    _client, http = register(office.organisation, Role.DISTRICT_OFFICE)
    for url in (
        "/api/v1/annual-lists/2026/",
        "/api/v1/funding-lines/",
        "/api/v1/monthly-reports/",
        "/api/v1/complaints/",
        "/api/v1/training-records/",
    ):
        response = http.get(url)
        assert response.status_code == 200, (url, response.content)
    listed = http.get("/api/v1/annual-lists/2026/").json()["results"]
    assert [p["id"] for p in listed] == [project.pk] and listed[0]["funding_lines"]
