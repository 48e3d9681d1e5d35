"""Monthly reports (plan task 5): computed from the ledgers, idempotent, confirmed by the unit."""

import datetime as dt
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assessment.choices import ReportStatus
from assessment.models import MonthlyReport
from assessment.services.reports import (
    monthly_report_confirm,
    monthly_reports_compute,
    monthly_reports_refresh,
    months_to_refresh,
)
from payroll.choices import LedgerStatus
from projects.choices import ProjectStatus
from tests.assessment.conftest import DEC, NOV
from tests.assessment.factories import ledger, started

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 00:30 on 1 December in Beijing is 16:30 on 30 November in UTC.
DEC_1_0030 = dt.datetime(2026, 12, 1, 0, 30, tzinfo=SHANGHAI)


@pytest.fixture
def project(make_project, cast):
    project = make_project(status=ProjectStatus.IN_PROGRESS)
    started(project, cast.district_office, dt.date(2026, 10, 8))
    return project


@pytest.fixture
def november(project, workers):
    """The November ledger: one line paid in November, one paid at 00:30 on 1 December
    (Beijing), one not paid at all."""
    zhang, li, wang = workers
    paid_just_after_midnight = timezone.localdate(DEC_1_0030.astimezone(dt.UTC))
    assert paid_just_after_midnight == dt.date(2026, 12, 1)
    return ledger(
        project,
        NOV,
        [
            (zhang, 20, 200, 4000, dt.date(2026, 11, 28)),
            (li, 10, 200, 1500, paid_just_after_midnight),  # 500 short
            (wang, 5, 180, 0, None),
        ],
    )


def _report(project, month):
    return MonthlyReport.objects.get(project=project, month=month)


def test_a_line_paid_at_0030_on_the_1st_in_beijing_belongs_to_december(project, november):
    """The job runs at 00:30 on 1 December Beijing time (16:30 on 30 November UTC): "this
    month" is December, November is over, and the line paid then counts as paid in December."""
    with time_machine.travel(DEC_1_0030.astimezone(dt.UTC), tick=False):
        assert timezone.now().date() == dt.date(2026, 11, 30)  # UTC says November
        assert months_to_refresh(timezone.localdate())[-1] == DEC
        monthly_reports_refresh()

    nov, dec = _report(project, NOV), _report(project, DEC)
    assert (nov.workers, nov.priority_workers, nov.person_days) == (3, 2, D("35"))
    assert nov.payable == D("6900.00")
    assert nov.paid == D("4000.00")  # the 1,500 paid on 1 December is not November's
    assert nov.arrears == D("0")  # November's wages are due by 15 December: not yet arrears
    assert nov.ledger_status == "已备案"
    assert nov.due_on == dt.date(2026, 12, 25)
    assert (dec.workers, dec.payable) == (0, D("0"))
    assert dec.paid == D("1500.00")
    assert dec.arrears == D("1400.00")  # past 15 December: 500 short + 900 never paid


def test_computing_twice_changes_nothing(project, november):
    first = monthly_reports_compute(month=NOV)
    assert (first.created, first.updated) == (1, 0)
    before = list(MonthlyReport.objects.values())
    events = MonthlyReport.pgh_event_model.objects.count()

    again = monthly_reports_compute(month=NOV)

    assert (again.created, again.updated, again.flagged) == (0, 0, 0)
    assert list(MonthlyReport.objects.values()) == before
    assert MonthlyReport.pgh_event_model.objects.count() == events  # not even a no-op update


def test_only_submitted_versions_count_and_a_correction_replaces_its_original(
    project, november, workers
):
    zhang, li, _ = workers
    ledger(project, DEC, [(zhang, 10, 200, 0, None)], status=LedgerStatus.DRAFT)
    monthly_reports_compute(month=NOV)
    monthly_reports_compute(month=DEC)
    assert _report(project, DEC).workers == 0  # a draft says nothing yet
    assert _report(project, DEC).ledger_status == "草稿"

    correction = ledger(
        project,
        NOV,
        [(zhang, 20, 200, 4000, dt.date(2026, 11, 28)), (li, 10, 200, 2000, dt.date(2026, 11, 30))],
        previous=november,
        status=LedgerStatus.SUBMITTED,
    )
    result = monthly_reports_compute(month=NOV)
    assert result.updated == 1
    nov = _report(project, NOV)
    assert (nov.workers, nov.payable, nov.paid, nov.arrears) == (2, D("6000"), D("6000"), D("0"))
    assert nov.ledger_status == "已提交"

    correction.status = LedgerStatus.RETURNED
    correction.save()
    monthly_reports_compute(month=NOV)
    assert _report(project, NOV).workers == 3  # returned: the filed original counts again


def test_projects_not_in_works_in_the_month_have_no_report(make_project, cast):
    later = make_project(status=ProjectStatus.STARTED)
    started(later, cast.district_office, dt.date(2026, 12, 3))
    done = make_project(status=ProjectStatus.COMPLETED)
    started(done, cast.district_office, dt.date(2026, 5, 1), completed=dt.date(2026, 10, 20))
    running = make_project(status=ProjectStatus.IN_PROGRESS)
    started(running, cast.district_office, dt.date(2026, 11, 30))

    monthly_reports_compute(month=NOV)

    assert set(MonthlyReport.objects.values_list("project_id", flat=True)) == {running.pk}


def _confirm(user, report, **values):
    values = {
        "annotated": False,
        "funds_in_place": D("600000"),
        "investment_completed": D("450000"),
        "progress": 60,
        **values,
    }
    return monthly_report_confirm(acting_user=user, report=report, **values)


@time_machine.travel(dt.datetime(2026, 12, 10, 9, tzinfo=SHANGHAI), tick=False)
def test_the_unit_confirms_and_a_later_correction_asks_it_again(cast, project, november, workers):
    monthly_reports_compute(month=NOV)
    report = _confirm(cast.project_unit, _report(project, NOV))
    assert report.status == ReportStatus.CONFIRMED
    assert report.confirmed_by == cast.project_unit and not report.late

    with pytest.raises(ValidationError, match="已于"):
        _confirm(cast.project_unit, report)

    zhang = workers[0]
    ledger(
        project, NOV, [(zhang, 20, 200, 4000, dt.date(2026, 11, 28))], previous=november,
        status=LedgerStatus.SUBMITTED,
    )  # fmt: skip
    result = monthly_reports_compute(month=NOV)
    report.refresh_from_db()
    assert result.flagged == 1 and report.ledgers_changed
    assert report.workers == 3  # what the unit confirmed stays until it confirms again

    again = _confirm(cast.project_unit, report, progress=70)
    assert (again.workers, again.ledgers_changed, again.progress) == (1, False, 70)


@time_machine.travel(dt.datetime(2026, 12, 10, 9, tzinfo=SHANGHAI), tick=False)
def test_confirmation_refusals(cast, project, november, workers, make_project):
    monthly_reports_compute(month=NOV)
    monthly_reports_compute(month=DEC)
    report = _report(project, NOV)

    with pytest.raises(ValidationError, match="尚未结束"):
        _confirm(cast.project_unit, _report(project, DEC))
    with pytest.raises(ValidationError, match="情况说明"):
        _confirm(cast.project_unit, report, annotated=True, annotation=" ")
    with pytest.raises(PermissionDenied):
        _confirm(cast.other_unit, report)
    with pytest.raises(PermissionDenied):
        _confirm(cast.district_office, report)  # confirming is the project unit's

    zhang, *_ = workers
    ledger(project, NOV, [(zhang, 1, 200, 200, dt.date(2026, 11, 30))], previous=november,
           status=LedgerStatus.DRAFT)  # fmt: skip
    with pytest.raises(ValidationError, match="台账尚未提交（草稿）"):
        _confirm(cast.project_unit, report)


@time_machine.travel(dt.datetime(2027, 1, 10, 9, tzinfo=SHANGHAI), tick=False)
def test_cumulative_figures_cannot_fall_without_an_explanation(cast, project, november):
    monthly_reports_compute(month=NOV)
    monthly_reports_compute(month=DEC)
    november_report = _confirm(cast.project_unit, _report(project, NOV), progress=60)
    assert november_report.late is True  # due on 25 December, answered on 10 January

    with pytest.raises(ValidationError) as refused:
        _confirm(cast.project_unit, _report(project, DEC), progress=50, funds_in_place=D("1"))
    assert "形象进度不能小于2026年11月已确认的60%" in str(refused.value)
    assert "累计到位资金不能小于2026年11月已确认的600000.00 元" in str(refused.value)

    report = _confirm(
        cast.project_unit, _report(project, DEC), progress=50, annotated=True,
        annotation="11月形象进度填报有误，经监理核实为50%",
    )  # fmt: skip
    assert report.status == ReportStatus.ANNOTATED
    assert report.late is False  # due on 25 January
