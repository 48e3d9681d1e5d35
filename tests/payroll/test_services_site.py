"""Attendance from the phone on site (payroll.services.site; issue 16 item 1, art. 50): the
attendance rules decide each mark, the same entry sent twice is stored once, a month locked while
the entry waited refuses it with the reason."""

import datetime as dt
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from payroll.models import AttendanceDay, AttendanceMonth, SiteEntry, SiteMark, WageLedger
from payroll.models.site import SiteOutcome
from payroll.services.site import Position, site_entry_answer, site_entry_receive
from projects.choices import ProjectStatus
from tests.payroll.factories import LabourContractFactory, WorkerFactory
from tests.payroll.site_helpers import photo_upload
from tests.projects.factories import PositionFactory, ProjectFactory
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
ONE, HALF, ZERO = Decimal("1"), Decimal("0.5"), Decimal("0")
JUNE_5 = dt.date(2026, 6, 5)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 5, 17, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def crew(make_user):
    """A contractor (the foreman) on a project with two hired workers and one not hired."""
    foreman = make_user(Role.CONTRACTOR)
    owner = make_user(Role.PROJECT_UNIT)
    project = ProjectFactory(
        owner=owner.organisation, contractor=foreman.organisation,
        status=ProjectStatus.IN_PROGRESS,
    )  # fmt: skip
    position = PositionFactory(project=project)
    hired = [LabourContractFactory(position=position, worker=WorkerFactory(name=n)).worker
             for n in ("李大山", "李小河")]  # fmt: skip
    stranger = WorkerFactory(name="赵未招")
    return foreman, project, hired, stranger


def send(foreman, project, marks, entry_id=None, day=JUNE_5, **extra):
    return site_entry_receive(
        acting_user=foreman,
        project=project,
        entry_id=entry_id or uuid.uuid4(),
        day=day,
        marked_at=dt.datetime(2026, 6, 5, 8, 30, tzinfo=SHANGHAI),
        marks=marks,
        **extra,
    )


def test_marks_become_attendance_days_with_position_and_photo(crew):
    foreman, project, (first, second), _ = crew
    entry, created = send(
        foreman, project, {first.pk: ONE, second.pk: HALF},
        position=Position(Decimal("40.456321"), Decimal("115.973210"), 12),
        photo=photo_upload(),
    )  # fmt: skip
    assert created and entry.outcome == SiteOutcome.STORED
    assert set(AttendanceDay.objects.values_list("worker_id", "date", "amount")) == {
        (first.pk, JUNE_5, ONE),
        (second.pk, JUNE_5, HALF),
    }
    assert AttendanceMonth.objects.get(worker=first).days == ONE
    assert entry.photo.name.startswith("payroll/site/2026/06/") and entry.photo.size > 1000
    assert (entry.latitude, entry.accuracy) == (Decimal("40.456321"), 12)


def test_other_days_of_the_month_are_kept(crew):
    foreman, project, (first, _), _ = crew
    send(foreman, project, {first.pk: ONE}, day=dt.date(2026, 6, 4))
    send(foreman, project, {first.pk: HALF})
    assert AttendanceMonth.objects.get(worker=first).days == Decimal("1.5")
    send(foreman, project, {first.pk: ZERO})  # absent after all: that day only goes
    assert list(AttendanceDay.objects.values_list("date", flat=True)) == [dt.date(2026, 6, 4)]


def test_the_same_entry_sent_twice_is_stored_once(crew):
    foreman, project, (first, _), _ = crew
    entry_id = uuid.uuid4()
    entry, created = send(foreman, project, {first.pk: ONE}, entry_id=entry_id)
    again, created_again = send(foreman, project, {first.pk: ONE}, entry_id=entry_id)
    assert (created, created_again) == (True, False)
    assert again.pk == entry.pk
    assert (SiteEntry.objects.count(), SiteMark.objects.count()) == (1, 1)
    assert AttendanceDay.objects.count() == 1
    assert site_entry_answer(again, replay=True)["recorded"] == ["李大山"]


def test_someone_else_cannot_reuse_an_entry_id(crew, make_user):
    foreman, project, (first, _), _ = crew
    entry_id = uuid.uuid4()
    send(foreman, project, {first.pk: ONE}, entry_id=entry_id)
    other = make_user(Role.CONTRACTOR, organisation=foreman.organisation, username="foreman2")
    with pytest.raises(ValidationError, match="记录编号已被其他记录使用"):
        send(other, project, {first.pk: ONE}, entry_id=entry_id)


def test_not_hired_is_refused_with_the_rule_reason_and_the_others_recorded(crew):
    foreman, project, (first, _), stranger = crew
    entry, _ = send(foreman, project, {first.pk: ONE, stranger.pk: ONE})
    assert entry.outcome == SiteOutcome.PARTLY
    answer = site_entry_answer(entry, replay=False)
    assert answer["recorded"] == ["李大山"]
    assert answer["refused"] == [
        {
            "name": "赵未招",
            "reason": "赵未招 本月：2026年6月未与本项目签订劳务合同（未招用），不能登记考勤",
        }
    ]
    assert not AttendanceDay.objects.filter(worker=stranger).exists()


def test_a_full_day_on_another_project_is_refused(crew, elsewhere):
    foreman, project, (first, _), _ = crew
    other_unit, other_project = elsewhere(first)
    send(other_unit, other_project, {first.pk: ONE})
    entry, _ = send(foreman, project, {first.pk: HALF})
    assert entry.outcome == SiteOutcome.REFUSED
    (mark,) = entry.marks.all()
    assert "当天已在YQ-2026-900登记1天出勤，同一天在各项目合计不能超过1天" in mark.reason
    assert not AttendanceDay.objects.filter(project=project).exists()


def test_an_entry_for_a_month_locked_while_it_waited_is_refused_with_the_reason(crew, time_machine):
    # June's ledger can be filed once June has ended (issue 11 item 4); the phone's entry of
    # 30 June waited without signal until 2 July, after the filing.
    foreman, project, (first, _), _ = crew
    time_machine.move_to(dt.datetime(2026, 7, 2, 9, tzinfo=SHANGHAI), tick=False)
    WageLedger.objects.create(
        project=project, month=dt.date(2026, 6, 1), pay_deadline=dt.date(2026, 7, 15),
        status="filed", workers=1,
    )  # fmt: skip
    entry, created = site_entry_receive(
        acting_user=foreman, project=project, entry_id=uuid.uuid4(), day=dt.date(2026, 6, 30),
        marked_at=dt.datetime(2026, 6, 30, 8, 30, tzinfo=SHANGHAI), marks={first.pk: ONE},
    )  # fmt: skip
    assert created and entry.outcome == SiteOutcome.REFUSED
    assert "2026年6月的劳务报酬发放台账已备案，考勤已锁定，不能修改" in entry.reason
    assert entry.marks.get().reason == entry.reason
    assert not AttendanceDay.objects.exists()


def test_only_the_project_s_own_side_may_send(crew, make_user):
    _, project, (first, _), _ = crew
    with pytest.raises(PermissionDenied):
        send(make_user(Role.CONTRACTOR, username="other-firm"), project, {first.pk: ONE})
    with pytest.raises(PermissionDenied):
        send(make_user(Role.TOWNSHIP), project, {first.pk: ONE})
    assert not SiteEntry.objects.exists()


def test_bad_input_writes_nothing(crew):
    foreman, project, (first, _), _ = crew
    with pytest.raises(ValidationError, match="照片无法识别"):
        send(foreman, project, {first.pk: ONE}, photo=photo_upload(data=b"not a picture"))
    with pytest.raises(ValidationError, match="不能是2"):
        send(foreman, project, {first.pk: Decimal("2")})
    with pytest.raises(ValidationError, match="不存在"):
        send(foreman, project, {99_999_999: ONE})
    assert not SiteEntry.objects.exists() and not AttendanceDay.objects.exists()
