"""The training ledger entered in the browser: add, correct and remove rows (plan task 6).

The rules are ``training.rules.record_problems`` — the same the Excel import applies.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from payroll.services.workers import AlreadyRegistered, PersonDetails, worker_register
from training import capabilities as caps
from training.models import TrainingRecord, TrainingSession
from training.rules import check_record, same_name
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as


def _require_change(acting_user, session: TrainingSession) -> None:
    access.require(acting_user, caps.MANAGE_SESSIONS)
    if not scope.can(acting_user, scope.CHANGE, session):
        raise PermissionDenied("该培训不在您的权限范围内")


def _check_certificate(certificate_no: str, *, exclude_pk: int | None = None) -> None:
    if not certificate_no:
        return
    holder = (
        TrainingRecord.objects.filter(certificate_no=certificate_no)
        .exclude(pk=exclude_pk)
        .select_related("worker", "session")
        .first()
    )
    if holder is not None:
        raise ValidationError(
            {
                "certificate_no": f"证书编号“{certificate_no}”已登记在{holder.worker.name}"
                f"（{holder.session.title}）名下"
            }
        )


def record_add(
    *,
    acting_user,
    session: TrainingSession,
    worker,
    hours: Decimal | None = None,
    passed: bool = True,
    certificate_no: str = "",
    note: str = "",
) -> TrainingRecord:
    """Add ``worker`` to the ledger of ``session``; ``hours`` defaults to the session's hours."""
    _require_change(acting_user, session)
    hours = session.hours if hours is None else hours
    certificate_no = certificate_no.strip()
    check_record(
        session,
        name=worker.name,
        hours=hours,
        passed=passed,
        certificate_no=certificate_no,
        today=timezone.localdate(),
    )
    with transaction.atomic(), acting_as(acting_user):
        if TrainingRecord.objects.filter(session=session, worker=worker).exists():
            raise ValidationError(f"{worker.name}已在“{session.title}”的培训台账中，不能重复登记")
        _check_certificate(certificate_no)
        try:
            with transaction.atomic():
                return TrainingRecord.objects.create(
                    session=session,
                    worker=worker,
                    hours=hours,
                    passed=passed,
                    certificate_no=certificate_no,
                    note=note.strip()[:200],
                    created_by=acting_user,
                )
        except IntegrityError:  # a concurrent entry of the same person or certificate
            raise ValidationError(
                f"{worker.name}或证书编号“{certificate_no}”刚刚已被登记，请刷新后查看"
            ) from None


def record_add_registering(
    *,
    acting_user,
    session: TrainingSession,
    id_number: str,
    details: PersonDetails,
    hours: Decimal | None = None,
    passed: bool = True,
    certificate_no: str = "",
    note: str = "",
) -> TrainingRecord:
    """Add a person to the worker register on the spot and to the ledger, together or not at all.

    The register's rules are payroll's (``worker_register``: a valid ID number, one record per
    person); an ID number already registered points to that person, whose name must match.
    """
    _require_change(acting_user, session)
    check_record(
        session,
        name=details.name.strip(),
        hours=session.hours if hours is None else hours,
        passed=passed,
        certificate_no=certificate_no.strip(),
        today=timezone.localdate(),
    )
    with transaction.atomic():
        try:
            worker = worker_register(acting_user=acting_user, id_number=id_number, details=details)
        except AlreadyRegistered as known:
            worker = known.worker
            if not same_name(worker.name, details.name):
                raise ValidationError(
                    {"name": f"该身份证号码已登记为“{worker.name}”，与填写的姓名不一致"}
                ) from None
        return record_add(
            acting_user=acting_user,
            session=session,
            worker=worker,
            hours=hours,
            passed=passed,
            certificate_no=certificate_no,
            note=note,
        )


def record_update(
    *,
    acting_user,
    record: TrainingRecord,
    hours: Decimal,
    passed: bool,
    certificate_no: str = "",
    note: str = "",
) -> TrainingRecord:
    with transaction.atomic(), acting_as(acting_user):
        record = (
            TrainingRecord.objects.select_for_update()
            .select_related("session", "worker")
            .get(pk=record.pk)
        )
        _require_change(acting_user, record.session)
        certificate_no = certificate_no.strip()
        check_record(
            record.session,
            name=record.worker.name,
            hours=hours,
            passed=passed,
            certificate_no=certificate_no,
            today=timezone.localdate(),
        )
        _check_certificate(certificate_no, exclude_pk=record.pk)
        record.hours, record.passed = hours, passed
        record.certificate_no, record.note = certificate_no, note.strip()[:200]
        record.save(update_fields=["hours", "passed", "certificate_no", "note"])
        return record


def record_delete(*, acting_user, record: TrainingRecord) -> None:
    with transaction.atomic(), acting_as(acting_user):
        record = TrainingRecord.objects.select_related("session").get(pk=record.pk)
        _require_change(acting_user, record.session)
        record.delete()
