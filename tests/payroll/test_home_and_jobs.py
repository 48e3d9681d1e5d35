"""Home-page to-dos of the payroll app, large uploads as background jobs, detail query counts."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from payroll.home import attendance_to_complete, contracts_to_sign, survey_answers_to_enter
from payroll.models import AttendanceMonth, Worker
from projects.choices import ProjectStatus
from tests.payroll.factories import (
    LabourContractFactory,
    SurveyResponseFactory,
    SurveyRoundFactory,
    WorkerFactory,
)
from tests.payroll.sheets import upload, xlsx
from tests.projects.factories import PositionFactory, ProjectFactory
from yiguoji.core.models import Job, JobStatus
from yiguoji.core.roles import Role
from yiguoji.core.services.jobs import job_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 20, 12, tzinfo=ZoneInfo("Asia/Shanghai")))


def test_a_township_is_told_how_many_of_its_people_have_not_answered(make_user, places):
    user = make_user(Role.TOWNSHIP)
    survey_round = SurveyRoundFactory(name="2026年冬春季摸底", ends_on=dt.date(2026, 12, 20))
    answered, *_ = WorkerFactory.create_batch(3, township=places["chadao"].township)
    WorkerFactory(township=places["xiwuli"].township)  # another township's: not counted
    SurveyResponseFactory(round=survey_round, worker=answered)
    (task,) = survey_answers_to_enter(user)
    assert task.count == 2 and "2026年冬春季摸底" in task.label
    assert task.url == reverse("payroll:survey_ledger", args=[survey_round.pk])
    assert survey_answers_to_enter(make_user(Role.PROJECT_UNIT)) == []


def test_a_unit_is_told_about_unsigned_contracts_and_missing_attendance(make_user):
    unit = make_user(Role.PROJECT_UNIT)
    project = ProjectFactory(owner=unit.organisation, status=ProjectStatus.IN_PROGRESS)
    position = PositionFactory(project=project)
    done, missing = (LabourContractFactory(position=position) for _ in range(2))
    AttendanceMonth.objects.create(
        project=project, worker=done.worker, month=dt.date(2026, 5, 1), days=20
    )
    (attendance,) = attendance_to_complete(unit)
    assert attendance.count == 1 and "2026年5月" in attendance.label
    (contracts,) = contracts_to_sign(unit)
    assert contracts.count == 2
    AttendanceMonth.objects.create(
        project=project, worker=missing.worker, month=dt.date(2026, 5, 1), days=0
    )
    assert attendance_to_complete(unit) == []
    assert contracts_to_sign(make_user(Role.TOWNSHIP)) == []


def test_a_large_register_becomes_a_background_job(make_user, client_for, places, ids, settings):
    settings.IMPORT_SYNC_MAX_BYTES = 1  # every file counts as large here
    user = make_user(Role.TOWNSHIP)
    content = xlsx([["姓名", "身份证号", "村"], ["王建军", ids[0], "岔道村"]])
    response = client_for(user).post(reverse("payroll:worker_import"), {"file": upload(content)})
    assert response["Location"] == reverse("core:jobs")
    job = Job.objects.get()
    assert not Worker.objects.exists()
    job_run(job.pk)  # what the Celery worker does after the commit
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert Worker.objects.get().township == places["chadao"].township


def test_worker_detail_has_a_fixed_number_of_queries(make_user, client_for, places):
    worker = WorkerFactory(township=places["chadao"].township, village=places["chadao"])
    client = client_for(make_user(Role.TOWNSHIP))
    url = reverse("payroll:worker_detail", args=[worker.pk])

    def add(count):
        for _ in range(count):
            contract = LabourContractFactory(worker=worker, status="ended")
            contract.project.townships.set([places["chadao"].township])
            AttendanceMonth.objects.create(
                project=contract.project, worker=worker, month=dt.date(2026, 5, 1), days=3
            )
            SurveyResponseFactory(worker=worker, round=SurveyRoundFactory())

    def measure():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(3)
    few = measure()
    add(27)
    assert measure() == few
