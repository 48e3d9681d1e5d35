"""The training ledger entered in the browser: rows, certificates, and adding a person to the
register on the spot through payroll's worker rules (plan task 6)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from payroll import samples
from payroll.models import Worker
from payroll.services.workers import PersonDetails
from tests.payroll.factories import WorkerFactory
from tests.training.factories import RecordFactory, SessionFactory
from training.choices import TrainingKind
from training.models import TrainingRecord
from training.services.records import (
    record_add,
    record_add_registering,
    record_delete,
    record_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(place):
    return SessionFactory(township=place.a, organiser=place.school)


@pytest.fixture
def skill_session(place):
    return SessionFactory(township=place.a, organiser=place.school, kind=TrainingKind.SKILL_UPGRADE)


def test_a_row_takes_the_sessions_hours_by_default(session, users):
    worker = WorkerFactory(name="李桂芳")
    record = record_add(acting_user=users.labour, session=session, worker=worker)
    assert (record.hours, record.passed, record.created_by) == (Decimal("16.0"), True, users.labour)


def test_a_row_cannot_exceed_the_sessions_hours(session, users):
    worker = WorkerFactory(name="李桂芳")
    with pytest.raises(ValidationError) as caught:
        record_add(acting_user=users.labour, session=session, worker=worker, hours=Decimal("17"))
    assert caught.value.message_dict["hours"] == ["李桂芳的培训学时（17）超过本期培训学时（16）"]
    assert not TrainingRecord.objects.exists()


def test_a_worker_is_listed_once_per_session(session, users):
    worker = WorkerFactory(name="李桂芳")
    record_add(acting_user=users.labour, session=session, worker=worker)
    with pytest.raises(ValidationError, match=r"李桂芳已在“.*”的培训台账中，不能重复登记"):
        record_add(acting_user=users.labour, session=session, worker=worker)
    assert TrainingRecord.objects.count() == 1


def test_skill_training_passed_needs_a_certificate(skill_session, users):
    worker = WorkerFactory(name="赵志刚")
    with pytest.raises(ValidationError) as caught:
        record_add(acting_user=users.labour, session=skill_session, worker=worker)
    assert caught.value.message_dict["certificate_no"] == [
        "赵志刚考核合格，技能提升培训须登记证书编号（技能培训以证书为凭，重点任务6）"
    ]
    record = record_add(
        acting_user=users.labour, session=skill_session, worker=worker, certificate_no=" YQ-001 "
    )
    assert record.certificate_no == "YQ-001"


def test_pre_job_training_needs_no_certificate_and_failing_allows_none(session, users):
    worker = WorkerFactory(name="赵志刚")
    with pytest.raises(ValidationError) as caught:
        record_add(
            acting_user=users.labour, session=session, worker=worker, passed=False,
            certificate_no="YQ-9",
        )  # fmt: skip
    assert caught.value.message_dict["certificate_no"] == ["赵志刚考核不合格，不能登记证书编号"]
    assert record_add(acting_user=users.labour, session=session, worker=worker, passed=False)


def test_a_certificate_number_belongs_to_one_person(skill_session, users):
    RecordFactory(session=skill_session, certificate_no="YQ-001", worker__name="王秀英")
    with pytest.raises(ValidationError) as caught:
        record_add(
            acting_user=users.labour, session=skill_session, worker=WorkerFactory(),
            certificate_no="YQ-001",
        )  # fmt: skip
    assert "证书编号“YQ-001”已登记在王秀英" in caught.value.message_dict["certificate_no"][0]


def test_no_ledger_before_the_session_starts(place, users):
    later = SessionFactory(
        township=place.a, organiser=place.school,
        starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 12, 2),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="培训于2026-12-01开始，开始前不能登记参训人员"):
        record_add(acting_user=users.labour, session=later, worker=WorkerFactory())


def test_rows_are_kept_only_by_those_who_keep_the_session(session, users):
    with pytest.raises(PermissionDenied):
        record_add(acting_user=users.township_b, session=session, worker=WorkerFactory())
    with pytest.raises(PermissionDenied):
        record_add(acting_user=users.auditor, session=session, worker=WorkerFactory())
    assert record_add(acting_user=users.township, session=session, worker=WorkerFactory())


def test_a_row_is_corrected_by_the_same_rules(skill_session, users):
    record = RecordFactory(session=skill_session, certificate_no="YQ-7")
    with pytest.raises(ValidationError):
        record_update(
            acting_user=users.labour, record=record, hours=Decimal("10"), passed=True,
            certificate_no="",
        )  # fmt: skip
    record_update(
        acting_user=users.labour, record=record, hours=Decimal("10"), passed=False,
        certificate_no="",
    )  # fmt: skip
    record.refresh_from_db()
    assert (record.hours, record.passed, record.certificate_no) == (Decimal("10.0"), False, "")
    record_delete(acting_user=users.labour, record=record)
    assert not TrainingRecord.objects.exists()


def _details(place, name="孙德福"):
    return PersonDetails(name=name, township=place.a, village=place.village_a)


def test_an_unregistered_person_is_registered_and_listed_together(session, place, users):
    number = samples.resident_id(dt.date(1971, 5, 3), 17)
    record = record_add_registering(
        acting_user=users.township, session=session, id_number=number, details=_details(place)
    )
    worker = Worker.objects.get()
    assert record.worker == worker and worker.name == "孙德福" and worker.township == place.a
    assert worker.id_masked == number[:6] + "********" + number[-4:]


def test_a_known_id_number_points_to_the_registered_person(session, place, users):
    known = WorkerFactory(name="孙德福", township=place.a)
    number = known.id_number_encrypted.reveal()
    record = record_add_registering(
        acting_user=users.labour, session=session, id_number=number, details=_details(place)
    )
    assert record.worker == known and Worker.objects.count() == 1


def test_a_known_id_number_under_another_name_is_refused(session, place, users):
    known = WorkerFactory(name="孙德福", township=place.a)
    with pytest.raises(ValidationError) as caught:
        record_add_registering(
            acting_user=users.labour, session=session,
            id_number=known.id_number_encrypted.reveal(), details=_details(place, "孙德富"),
        )  # fmt: skip
    assert caught.value.message_dict["name"] == ["该身份证号码已登记为“孙德福”，与填写的姓名不一致"]
    assert not TrainingRecord.objects.exists()


def test_the_worker_rules_refuse_a_bad_id_number_and_nothing_is_written(session, place, users):
    with pytest.raises(ValidationError, match="公民身份号码"):
        record_add_registering(
            acting_user=users.labour, session=session, id_number="110229197105031234",
            details=_details(place),
        )  # fmt: skip
    assert not Worker.objects.exists() and not TrainingRecord.objects.exists()


def test_a_row_refused_on_the_spot_leaves_no_registration_behind(skill_session, place, users):
    with pytest.raises(ValidationError, match="须登记证书编号"):
        record_add_registering(
            acting_user=users.labour, session=skill_session,
            id_number=samples.resident_id(dt.date(1971, 5, 3), 17), details=_details(place),
        )  # fmt: skip
    assert not Worker.objects.exists()


def test_a_registration_is_undone_when_its_ledger_row_is_refused(skill_session, place, users):
    RecordFactory(session=skill_session, certificate_no="YQ-001")
    before = Worker.objects.count()
    with pytest.raises(ValidationError, match="证书编号“YQ-001”已登记"):
        record_add_registering(
            acting_user=users.labour, session=skill_session,
            id_number=samples.resident_id(dt.date(1971, 5, 3), 17), details=_details(place),
            certificate_no="YQ-001",
        )  # fmt: skip
    assert Worker.objects.count() == before  # registered inside, rolled back with the row
