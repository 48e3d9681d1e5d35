"""Long-term conversions (零工变长工, plan task 6): recording who was taken into a lasting post."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from training import capabilities as caps
from training import hiring
from training.models import Conversion
from training.rules import check_conversion
from training.uploads import EVIDENCE_EXTENSIONS
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.files import check_upload


def conversion_create(
    *,
    acting_user,
    worker,
    project,
    kind: str,
    converted_on: dt.date,
    post: str,
    evidence,
    employer=None,
    employer_name: str = "",
    position=None,
    note: str = "",
) -> Conversion:
    """Record that ``worker``, who built ``project``, took up a lasting post.

    ``evidence`` (a PDF or photo of the employment contract, appointment or pay record) is
    required: conversions count in the year-end assessment (plan task 10).
    """
    access.require(acting_user, caps.RECORD_CONVERSIONS)
    conversion = Conversion(
        worker=worker,
        project=project,
        kind=kind,
        position=position,
        converted_on=converted_on,
        employer=employer,
        employer_name="" if employer else employer_name.strip(),
        post=post.strip(),
        note=note.strip()[:200],
        created_by=acting_user,
    )
    check_conversion(
        conversion,
        hired_from=hiring.hired_from(worker_id=worker.pk, project_id=project.pk),
        today=timezone.localdate(),
    )
    check_upload(evidence, field="evidence", extensions=EVIDENCE_EXTENSIONS, what="证明材料")
    with transaction.atomic(), acting_as(acting_user):
        if Conversion.objects.filter(worker=worker, project=project).exists():
            raise ValidationError(f"{worker.name}从项目“{project.name}”转为长期岗位已登记")
        conversion.evidence_name = evidence.name[:200]
        conversion.evidence.save(evidence.name, evidence, save=False)
        try:
            with transaction.atomic():
                conversion.save()
        except IntegrityError:
            raise ValidationError(
                f"{worker.name}从项目“{project.name}”转为长期岗位刚刚已被登记"
            ) from None
        if not scope.can(acting_user, scope.CHANGE, conversion):
            raise PermissionDenied("只能登记本单位项目或本乡镇人员的零工变长工")
        return conversion


def conversion_delete(*, acting_user, conversion: Conversion) -> None:
    access.require(acting_user, caps.RECORD_CONVERSIONS)
    with transaction.atomic(), acting_as(acting_user):
        if not scope.can(acting_user, scope.CHANGE, conversion):
            raise PermissionDenied("该记录不在您的权限范围内")
        conversion.delete()
        transaction.on_commit(lambda: conversion.evidence.delete(save=False))
