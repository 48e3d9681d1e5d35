"""A dashboard that is never a night behind (issue 12 item 3): every ledger step and bank credit
refreshes the project's monthly reports on commit, through Celery; the nightly job builds again
only what changed and reports any difference it had to fix (art. 12: 动态监测)."""

from __future__ import annotations

import datetime as dt
import logging
import time
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessment.models import MonthlyReport
from assessment.selectors.dashboard import dashboard
from assessment.services.reports import monthly_reports_refresh, project_reports_refresh
from payroll.models import WageLedger, WageLine
from payroll.services.ledgers import (
    ledger_file,
    ledger_replace_lines,
    ledger_return,
    ledger_sign,
    ledger_submit,
)
from tests.assessment.factories import started
from tests.payroll.ledger_site import MAY, TODAY, build_site
from yiguoji.core.roles import Role

JUNE = dt.date(2026, 6, 1)
PDF = b"%PDF-1.4\n% signed ledger\n"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=True)  # running on: a real worker's thread shares the clock


@pytest.fixture
def site(make_user):
    return build_site(make_user)


@pytest.fixture
def office(make_user):
    return make_user(Role.DISTRICT_OFFICE, username="office")


def _signed(site) -> WageLedger:
    ledger = ledger_replace_lines(
        acting_user=site.unit, project=site.project, month=MAY, lines=site.lines()
    )
    ledger_submit(acting_user=site.unit, ledger=ledger)
    return ledger_sign(
        acting_user=site.unit, ledger=ledger, scan=SimpleUploadedFile("签字.pdf", PDF)
    )


def _report(site, month=MAY) -> MonthlyReport:
    return MonthlyReport.objects.get(project=site.project, month=month)


@pytest.mark.django_db
def test_each_ledger_step_that_changes_what_counts_queues_the_projects_refresh(
    site, time_machine, django_capture_on_commit_callbacks
):
    with mock.patch("assessment.tasks.project_reports.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            ledger = _signed(site)
        with django_capture_on_commit_callbacks(execute=True):
            ledger_return(acting_user=site.department, ledger=ledger, comments="请补充签字")
    # upload, submit, sign, then return: each on its own commit, for the ledger's month
    assert delay.call_args_list == [mock.call(site.project.pk, "2026-05-01")] * 4


@pytest.mark.django_db
def test_a_lost_refresh_is_found_and_fixed_by_the_nightly_job_and_logged(
    site, make_user, time_machine, caplog
):
    other = build_site(make_user, code="YQ-2026-102", tag="b")
    started(other.project, other.department, dt.date(2026, 3, 2))  # in works: reported monthly
    ledger = _signed(site)
    ledger_file(acting_user=site.department, ledger=ledger)
    project_reports_refresh(project_id=site.project.pk, month=MAY)  # what the task does
    monthly_reports_refresh()  # the night: the other project's reports are built
    assert _report(site).payable == Decimal("6000.00")
    nightly = monthly_reports_refresh()  # nothing changed since: nothing is checked again
    assert [result.checked for result in nightly] == [0] * 6
    untouched = _report(other, JUNE).computed_at

    # a change whose refresh was lost (the worker was down): one line paid less, by SQL
    time_machine.move_to(TODAY + dt.timedelta(hours=1), tick=True)
    WageLine.objects.filter(ledger=ledger, worker=site.workers[0]).update(paid=Decimal("1500.00"))
    WageLedger.objects.filter(pk=ledger.pk).update(updated_at=timezone.now())
    with caplog.at_level(logging.WARNING, logger="assessment.services.reports"):
        nightly = monthly_reports_refresh()
    by_month = {result.month: result for result in nightly}
    assert by_month[MAY].checked == 1 and by_month[MAY].fixed == []  # May's paid is in June
    assert by_month[JUNE].checked == 1 and by_month[JUNE].fixed == [site.project.code]
    assert _report(site, JUNE).paid == Decimal("5500.00")
    assert "fixed by the nightly job" in caplog.text and site.project.code in caplog.text
    assert _report(other, JUNE).computed_at == untouched  # only what changed was built again
    assert "须补正 1 份" in str(by_month[JUNE])


def _until(read, expected, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while (value := read()) != expected:
        assert time.monotonic() < deadline, f"still {value!r} after {seconds} s"
        time.sleep(0.2)
    return value


@pytest.mark.worker
def test_filing_a_ledger_changes_the_dashboard_without_the_nightly_job(
    celery_worker, site, office, client_for, time_machine
):
    monthly_reports_refresh()  # last night's reports: nothing filed yet
    assert dashboard(office, year=2026).payable == 0

    ledger = _signed(site)
    ledger_file(acting_user=site.department, ledger=ledger)

    # no nightly job: the refresh on commit, on the real worker, brings the figures
    _until(lambda: dashboard(office, year=2026).payable, Decimal("6000.00"))
    _until(lambda: _report(site).ledger_status, "已备案")
    board = dashboard(office, year=2026)
    assert board.paid == Decimal("6000.00")  # paid on 10 June
    response = client_for(office).get("/assessment/?year=2026")
    built = timezone.localtime(_report(site).computed_at)
    assert f"{built:%Y-%m-%d %H:%M}" in response.content.decode()
    assert "北京时间" in response.content.decode()
