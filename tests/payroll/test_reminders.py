"""Reminders of missing wage ledgers (payroll.services.reminders, payroll.tasks): when they are
due, who gets them, and that running the job twice sends nothing twice — on a real worker."""

import datetime as dt
import time
from decimal import Decimal

import pytest
from celery.schedules import crontab
from django.utils import timezone

from payroll.models import PayrollYear
from payroll.services.ledgers import ledger_replace_lines, ledger_submit
from payroll.services.reminders import ledger_reminders_send, ledgers_due
from payroll.tasks import send_ledger_reminders
from tests.payroll.ledger_site import MAY, build_site
from yiguoji.celery import app
from yiguoji.core.models import Notification
from yiguoji.months import previous_month

pytestmark = pytest.mark.django_db
JUNE = dt.date(2026, 6, 1)


def on(day: dt.date) -> int:
    return ledger_reminders_send(today=day)


def test_the_beat_runs_the_reminders_every_morning():
    entry = app.conf.beat_schedule["payroll.ledger_reminders"]
    assert entry["task"] == "payroll.send_ledger_reminders"
    assert entry["schedule"] == crontab(hour=8, minute=30)
    assert app.conf.timezone == "Asia/Shanghai"


def test_nothing_is_due_before_the_reminder_period(make_user):
    build_site(make_user)
    # May's ledger is due on 20 June (defaults); reminders start five days before.
    assert ledgers_due(dt.date(2026, 6, 14)) == []
    assert on(dt.date(2026, 6, 14)) == 0


def test_units_and_contractors_are_reminded_once_then_once_more_when_overdue(make_user):
    site = build_site(make_user)
    assert on(dt.date(2026, 6, 15)) == 2  # the unit's user and the contractor's user
    assert on(dt.date(2026, 6, 15)) == 0  # the same job again: nothing new
    assert on(dt.date(2026, 6, 18)) == 0  # a later day of the period: nothing new either
    notice = Notification.objects.get(recipient=site.unit)
    assert notice.title == "YQ-2026-101 2026年5月劳务报酬发放台账请于06月20日前提交"
    assert "尚未编制" in notice.body and notice.level == "warning"
    assert on(dt.date(2026, 6, 21)) == 2  # overdue: one more each, marked urgent
    overdue = Notification.objects.get(recipient=site.unit, level="danger")
    assert overdue.title == "YQ-2026-101 2026年5月劳务报酬发放台账已逾期未提交"
    assert on(dt.date(2026, 6, 22)) == 0
    # The department and the district office get nothing.
    assert not Notification.objects.filter(recipient=site.department).exists()


def test_a_submitted_ledger_stops_the_reminders_and_a_draft_is_linked(make_user):
    site = build_site(make_user)
    draft = ledger_replace_lines(
        acting_user=site.unit, project=site.project, month=MAY, lines=site.lines()
    )
    [due] = ledgers_due(dt.date(2026, 6, 16))
    assert due.draft == draft
    on(dt.date(2026, 6, 16))
    notice = Notification.objects.get(recipient=site.unit)
    assert notice.url == f"/payroll/ledgers/{draft.pk}/" and "已有草稿，尚未提交" in notice.body
    ledger_submit(acting_user=site.unit, ledger=draft)
    assert ledgers_due(dt.date(2026, 6, 21)) == []


def test_the_districts_own_deadlines_apply(make_user):
    build_site(make_user)
    PayrollYear.objects.create(year=2026, ledger_deadline_day=10, reminder_lead_days=2)
    assert ledgers_due(dt.date(2026, 6, 7)) == []
    [due] = ledgers_due(dt.date(2026, 6, 8))
    assert due.deadline == dt.date(2026, 6, 10) and not due.overdue


@pytest.mark.worker
def test_the_job_on_a_real_worker_sends_nothing_twice(celery_worker, make_user):
    """The beat's task on a real worker, run twice (real dates: last month's ledger, with a
    reminder period covering the whole of this month)."""
    today = timezone.localdate()
    month = previous_month(today.replace(day=1))
    PayrollYear.objects.create(year=month.year, ledger_deadline_day=28, reminder_lead_days=27)
    first = build_site(make_user, code="YQ-2026-501", tag="a")
    _shift_attendance(first, month)

    reminders = Notification.objects.filter(key__startswith="payroll.ledger")
    send_ledger_reminders.delay()
    _wait_until(lambda: reminders.count() >= 2)
    # A second project falls due between the two runs: the second run reminds its people and
    # nobody a second time.
    second = build_site(make_user, code="YQ-2026-502", tag="b")
    _shift_attendance(second, month)
    send_ledger_reminders.delay()
    _wait_until(
        lambda: reminders.filter(recipient__in=[second.unit, second.contractor]).count() >= 2
    )
    for user in (first.unit, first.contractor, second.unit, second.contractor):
        assert Notification.objects.filter(recipient=user).count() == 1
    assert reminders.count() == 4


def _shift_attendance(site, month: dt.date) -> None:
    """Move the site's May attendance to ``month`` (the worker test runs on real dates)."""
    from payroll.models import AttendanceDay, AttendanceMonth

    AttendanceDay.objects.filter(project=site.project).delete()
    AttendanceMonth.objects.filter(project=site.project).update(month=month, days=Decimal("10"))


def _wait_until(done, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "the worker did not run the task"
        time.sleep(0.2)
    time.sleep(0.5)  # let a task that is still writing finish before counting
