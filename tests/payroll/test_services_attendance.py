"""Attendance rules (payroll.services.attendance): each refusal names the person, date, reason."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from payroll.models import AttendanceDay, AttendanceMonth
from payroll.services import attendance
from payroll.services.attendance import (
    AttendanceRefused,
    attendance_save_days,
    attendance_save_totals,
)
from projects.choices import ProjectStatus
from tests.payroll.factories import LabourContractFactory, WorkerFactory
from tests.projects.factories import PositionFactory, ProjectFactory
from yiguoji.core.models import User
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 20, 12, tzinfo=SHANGHAI), tick=False)


SHANGHAI = ZoneInfo("Asia/Shanghai")
MAY = dt.date(2026, 5, 1)
ONE, HALF, ZERO = Decimal("1"), Decimal("0.5"), Decimal("0")


def may(day: int) -> dt.date:
    return dt.date(2026, 5, day)


@pytest.fixture
def site(make_user):
    """A project owned by a project unit's organisation, one position, one hired worker."""
    unit = make_user(Role.PROJECT_UNIT)
    project = ProjectFactory(owner=unit.organisation, status=ProjectStatus.IN_PROGRESS)
    position = PositionFactory(project=project)
    contract = LabourContractFactory(position=position, worker=WorkerFactory(name="王建军"))
    return unit, project, contract.worker


def messages(error: AttendanceRefused) -> list[str]:
    return [str(refusal) for refusal in error.refusals]


def test_days_are_stored_per_day_with_the_month_total(site):
    unit, project, worker = site
    summary = attendance_save_days(
        acting_user=unit,
        project=project,
        month=MAY,
        days={worker.pk: {may(4): ONE, may(5): HALF, may(6): ZERO}},
    )
    assert summary.days == Decimal("1.5")
    stored = set(AttendanceDay.objects.values_list("date", "amount"))
    assert stored == {(may(4), ONE), (may(5), HALF)}
    month = AttendanceMonth.objects.get()
    assert (month.days, month.by_day) == (Decimal("1.5"), True)


def test_saving_again_changes_only_what_changed(site):
    unit, project, worker = site
    save = {"acting_user": unit, "project": project, "month": MAY}
    attendance_save_days(**save, days={worker.pk: {may(4): ONE, may(5): ONE}})
    kept = AttendanceDay.objects.get(date=may(4))
    summary = attendance_save_days(**save, days={worker.pk: {may(4): ONE, may(6): HALF}})
    assert (summary.added, summary.changed, summary.removed) == (1, 0, 1)
    assert AttendanceDay.objects.get(date=may(4)).pk == kept.pk
    assert AttendanceMonth.objects.get().days == Decimal("1.5")


def test_only_hired_workers(site):
    unit, project, _ = site
    stranger = WorkerFactory(name="李四")
    with pytest.raises(AttendanceRefused) as refused:
        attendance_save_days(
            acting_user=unit, project=project, month=MAY, days={stranger.pk: {may(4): ONE}}
        )
    assert messages(refused.value) == [
        "李四 本月：2026年5月未与本项目签订劳务合同（未招用），不能登记考勤"
    ]
    assert not AttendanceDay.objects.exists()


def test_days_outside_the_contract_are_refused(site):
    unit, project, worker = site
    contract = worker.labour_contracts.get()
    contract.starts_on = may(10)
    contract.save()
    with pytest.raises(AttendanceRefused) as refused:
        attendance_save_days(
            acting_user=unit, project=project, month=MAY, days={worker.pk: {may(9): ONE}}
        )
    assert messages(refused.value) == ["王建军 5月9日：不在劳务合同期限内"]


def test_only_whole_or_half_days_within_the_month_and_not_in_the_future(site):
    unit, project, worker = site
    with pytest.raises(AttendanceRefused) as refused:
        attendance_save_days(
            acting_user=unit,
            project=project,
            month=dt.date(2026, 6, 1),
            days={
                worker.pk: {
                    dt.date(2026, 6, 2): Decimal("0.7"),
                    dt.date(2026, 7, 1): ONE,
                    dt.date(2026, 6, 21): ONE,
                }
            },
        )
    assert messages(refused.value) == [
        "王建军 6月2日：出勤只能填1（全天）、0.5（半天）或0，不能填0.7",
        "王建军 6月21日：日期晚于今天，不能提前登记考勤",
        "王建军 7月1日：不在2026年6月内",
    ]


def test_not_a_full_day_on_two_projects_the_same_date(site, elsewhere):
    unit, project, worker = site
    other_unit, other = elsewhere(worker)
    attendance_save_days(
        acting_user=other_unit,
        project=other,
        month=MAY,
        days={worker.pk: {may(4): ONE, may(5): HALF}},
    )
    with pytest.raises(AttendanceRefused) as refused:
        attendance_save_days(
            acting_user=unit,
            project=project,
            month=MAY,
            days={worker.pk: {may(4): HALF, may(5): HALF, may(6): ONE}},
        )
    assert messages(refused.value) == [
        "王建军 5月4日：当天已在YQ-2026-900登记1天出勤，同一天在各项目合计不能超过1天"
    ]
    # Two half days combine to one full day: 5 May on both projects, and 6 May alone, pass.
    attendance_save_days(
        acting_user=unit,
        project=project,
        month=MAY,
        days={worker.pk: {may(5): HALF, may(6): ONE}},
    )
    assert AttendanceDay.objects.filter(worker=worker, date=may(5)).count() == 2


def test_monthly_totals_cannot_exceed_the_month_or_the_contract(site):
    unit, project, worker = site
    contract = worker.labour_contracts.get()
    contract.starts_on = may(21)
    contract.save()
    with pytest.raises(AttendanceRefused) as refused:
        attendance_save_totals(
            acting_user=unit, project=project, month=MAY, totals={worker.pk: Decimal("32")}
        )
    assert messages(refused.value) == ["王建军 本月：出勤32天，超过2026年5月的31天"]
    with pytest.raises(AttendanceRefused) as refused:
        attendance_save_totals(
            acting_user=unit, project=project, month=MAY, totals={worker.pk: Decimal("12")}
        )
    assert messages(refused.value) == ["王建军 本月：出勤12天，超过劳务合同在本月覆盖的11天"]
    attendance_save_totals(
        acting_user=unit, project=project, month=MAY, totals={worker.pk: Decimal("10.5")}
    )
    month = AttendanceMonth.objects.get()
    assert (month.days, month.by_day) == (Decimal("10.5"), False)
    assert not AttendanceDay.objects.exists()


def test_totals_across_projects_stay_within_the_month(site, elsewhere):
    unit, project, worker = site
    other_unit, other = elsewhere(worker)
    attendance_save_totals(
        acting_user=other_unit, project=other, month=MAY, totals={worker.pk: Decimal("20")}
    )
    with pytest.raises(AttendanceRefused) as refused:
        attendance_save_totals(
            acting_user=unit, project=project, month=MAY, totals={worker.pk: Decimal("12")}
        )
    assert messages(refused.value) == [
        "王建军 本月：本项目12天与其他项目20天合计超过2026年5月的31天"
    ]


def test_a_month_entered_by_day_is_not_replaced_by_a_total(site):
    unit, project, worker = site
    attendance_save_days(
        acting_user=unit, project=project, month=MAY, days={worker.pk: {may(4): ONE}}
    )
    with pytest.raises(AttendanceRefused) as refused:
        attendance_save_totals(
            acting_user=unit, project=project, month=MAY, totals={worker.pk: Decimal("3")}
        )
    assert messages(refused.value) == ["王建军 本月：本月已逐日登记考勤，请在考勤表中修改"]


def test_a_locked_month_cannot_change(site, monkeypatch):
    unit, project, worker = site
    monkeypatch.setattr(attendance, "month_is_locked", lambda project, month: month == MAY)
    with pytest.raises(ValidationError, match="考勤已锁定"):
        attendance_save_days(
            acting_user=unit, project=project, month=MAY, days={worker.pk: {may(4): ONE}}
        )
    assert not AttendanceDay.objects.exists()


def test_nothing_is_locked_until_wage_ledgers_exist(site):
    _, project, _ = site
    assert attendance.month_is_locked(project, MAY) is False


def test_only_the_project_keeps_its_attendance(site, make_user):
    _, project, worker = site
    outsider = make_user(Role.PROJECT_UNIT, username="outsider")
    with pytest.raises(PermissionDenied):
        attendance_save_days(
            acting_user=outsider, project=project, month=MAY, days={worker.pk: {may(4): ONE}}
        )
    township = make_user(Role.TOWNSHIP)
    with pytest.raises(PermissionDenied):
        attendance_save_days(
            acting_user=township, project=project, month=MAY, days={worker.pk: {may(4): ONE}}
        )
    assert isinstance(outsider, User)
