"""The scheduled jobs on a real Celery worker (Redis broker): each run twice changes nothing the
second time."""

import datetime as dt
import time

import pytest
from django.urls import reverse

from assessment import jobs
from assessment.choices import RuleKind
from assessment.models import MonthlyReport, QuarterlyDispatch, ScoreSheet
from assessment.tasks import monthly_reports, quarterly_dispatch, year_scores
from projects.choices import ProjectStatus
from tests.assessment.factories import ledger, rule, started
from yiguoji.core.models import Job, JobStatus
from yiguoji.core.services.jobs import job_enqueue

pytestmark = pytest.mark.worker
NOV = dt.date(2026, 11, 1)


def _wait(job: Job) -> Job:
    deadline = time.monotonic() + 60
    while job.status not in (JobStatus.SUCCEEDED, JobStatus.FAILED):
        assert time.monotonic() < deadline, f"job still {job.status} after 60 s"
        time.sleep(0.2)
        job.refresh_from_db()
    return job


def _drain(user) -> None:
    """Wait until the worker has run everything sent before (it takes tasks in order)."""
    _wait(job_enqueue(kind=jobs.MONTHLY, acting_user=user, params={"months": []}))


def _state(model):
    return list(model.objects.order_by("pk").values()), model.pgh_event_model.objects.count()


@pytest.fixture
def running(cast, make_project, workers):
    project = make_project(status=ProjectStatus.IN_PROGRESS)
    started(project, cast.district_office, dt.date(2026, 8, 3))
    ledger(project, NOV, [(workers[0], 20, 200, 3000, dt.date(2026, 12, 1)),
                          (workers[1], 5, 200, 1000, dt.date(2026, 11, 30))])  # fmt: skip
    return project


def test_the_monthly_job_twice(celery_worker, cast, running):
    monthly_reports.delay()
    _drain(cast.district_office)
    first = _state(MonthlyReport)
    assert [(r["month"], r["paid"]) for r in first[0]][-2:] == [
        (NOV, 1000),
        (dt.date(2026, 12, 1), 3000),
    ]

    monthly_reports.delay()
    monthly_reports.delay(NOV.isoformat())
    _drain(cast.district_office)
    assert _state(MonthlyReport) == first


def test_the_quarterly_job_twice(celery_worker, cast, running):
    quarterly_dispatch.delay(2026, 3)
    _drain(cast.district_office)
    first = _state(QuarterlyDispatch)
    assert len(first[0]) == 1 and first[0][0]["file"]

    quarterly_dispatch.delay(2026, 3)
    _drain(cast.district_office)
    assert _state(QuarterlyDispatch) == first


def test_the_scoring_job_twice(celery_worker, cast, running):
    rule(kind=RuleKind.ARREARS, points=2, weight=5)
    rule(kind=RuleKind.MISSING_FORECAST, points=5, weight=5)
    monthly_reports.delay()
    year_scores.delay(2026)
    _drain(cast.district_office)
    first = _state(ScoreSheet)
    assert len(first[0]) == 3  # both townships and the project unit

    year_scores.delay(2026)
    _drain(cast.district_office)
    assert _state(ScoreSheet) == first


def test_the_district_office_recomputes_a_month_from_the_reports_page(
    celery_worker, cast, running, client_for
):
    response = client_for(cast.district_office).post(
        reverse("assessment:reports_compute"), {"month": "2026-11"}
    )
    assert response.status_code == 302
    job = _wait(Job.objects.get(kind=jobs.MONTHLY))
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.summary == "2026年11月：新生成 1 份，更新 0 份，确认后台账有变化 0 份"
