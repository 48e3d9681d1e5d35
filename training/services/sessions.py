"""Creating and changing training sessions, and their photos (plan tasks 6-7; art. 43)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from training import capabilities as caps
from training.models import TrainingPhoto, TrainingSession
from training.rules import check_session
from training.uploads import PHOTO_EXTENSIONS
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.files import check_upload

SESSION_FIELDS = (
    "title",
    "kind",
    "mode",
    "organiser_kind",
    "organiser",
    "partner",
    "township",
    "project",
    "starts_on",
    "ends_on",
    "hours",
    "place",
    "trainer",
    "content",
)


def _save(session: TrainingSession, acting_user) -> TrainingSession:
    ledger = (
        session.records.aggregate(
            most=Max("hours"), uncertified=Count("pk", filter=Q(passed=True, certificate_no=""))
        )
        if session.pk
        else {"most": None, "uncertified": 0}
    )
    check_session(
        session,
        today=timezone.localdate(),
        recorded_max_hours=ledger["most"],
        passes_without_certificate=ledger["uncertified"],
    )
    session.full_clean(exclude=["created_by"], validate_constraints=False)
    session.save()
    # Who may create or change which session is the scope's change rule (training.scopes): the
    # labour bureau any; a township in its township; a project unit or contractor on its own
    # projects. Re-checked inside the transaction, so a save outside it is rolled back.
    if not scope.can(acting_user, scope.CHANGE, session):
        raise PermissionDenied(_outside_message(acting_user))
    return session


def _outside_message(user) -> str:
    if user.role == "township":
        return "乡镇只能登记在本乡镇举办的培训"
    if user.role in ("project_unit", "contractor"):
        return "项目单位和施工单位只能登记依托本单位项目的培训"
    return "该培训不在您的权限范围内"


def session_create(
    *,
    acting_user,
    title: str,
    kind: str,
    mode: str,
    organiser_kind: str,
    organiser,
    township,
    starts_on: dt.date,
    ends_on: dt.date,
    hours: Decimal,
    place: str,
    trainer: str,
    content: str,
    project=None,
    partner=None,
) -> TrainingSession:
    access.require(acting_user, caps.MANAGE_SESSIONS)
    session = TrainingSession(
        title=title,
        kind=kind,
        mode=mode,
        organiser_kind=organiser_kind,
        organiser=organiser,
        partner=partner,
        township=township,
        project=project,
        starts_on=starts_on,
        ends_on=ends_on,
        hours=hours,
        place=place,
        trainer=trainer,
        content=content,
        created_by=acting_user,
    )
    with transaction.atomic(), acting_as(acting_user):
        return _save(session, acting_user)


def session_update(*, acting_user, session: TrainingSession, **changes) -> TrainingSession:
    """Change the fields named in ``changes`` (any of ``SESSION_FIELDS``)."""
    access.require(acting_user, caps.MANAGE_SESSIONS)
    unknown = set(changes) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"session_update() got unexpected fields {sorted(unknown)}")
    with transaction.atomic(), acting_as(acting_user):
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if not scope.can(acting_user, scope.CHANGE, session):
            raise PermissionDenied("该培训不在您的权限范围内")
        for name, value in changes.items():
            setattr(session, name, value)
        return _save(session, acting_user)


def session_delete(*, acting_user, session: TrainingSession) -> None:
    """Delete a session entered by mistake; one with ledger rows is kept (its rows count)."""
    access.require(acting_user, caps.MANAGE_SESSIONS)
    with transaction.atomic(), acting_as(acting_user):
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if not scope.can(acting_user, scope.CHANGE, session):
            raise PermissionDenied("该培训不在您的权限范围内")
        count = session.records.count()
        if count:
            raise ValidationError(
                f"“{session.title}”的培训台账已登记{count}人，不能删除；请先删除台账中的人员"
            )
        session.delete()


def photo_add(*, acting_user, session: TrainingSession, upload, caption: str = "") -> TrainingPhoto:
    access.require(acting_user, caps.MANAGE_SESSIONS)
    check_upload(upload, field="image", extensions=PHOTO_EXTENSIONS, what="照片")
    with transaction.atomic(), acting_as(acting_user):
        if not scope.can(acting_user, scope.CHANGE, session):
            raise PermissionDenied("该培训不在您的权限范围内")
        photo = TrainingPhoto(
            session=session,
            name=upload.name[:200],
            caption=caption.strip()[:200],
            uploaded_by=acting_user,
        )
        photo.image.save(upload.name, upload, save=False)
        photo.save()
        return photo


def photo_delete(*, acting_user, photo: TrainingPhoto) -> None:
    access.require(acting_user, caps.MANAGE_SESSIONS)
    with transaction.atomic(), acting_as(acting_user):
        if not scope.can(acting_user, scope.CHANGE, photo):
            raise PermissionDenied("该照片不在您的权限范围内")
        photo.delete()
        transaction.on_commit(lambda: photo.image.delete(save=False))
