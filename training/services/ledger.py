"""The training ledger from Excel, through the shared upload flow and import engine."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from training import capabilities as caps
from training.models import TrainingSession
from yiguoji import scope
from yiguoji.core import access
from yiguoji.imports import uploads

LEDGER_UPLOAD = "training.ledger"


def ledger_import(*, acting_user, session: TrainingSession, upload) -> uploads.Outcome:
    """Import a ledger sheet into ``session``: every row is written, or none (the engine's
    all-or-nothing contract); the outcome lists every bad row and why, or is the background
    job a big file became (``yiguoji.imports.uploads``)."""
    access.require(acting_user, caps.MANAGE_SESSIONS)
    if not scope.can(acting_user, scope.CHANGE, session):
        raise PermissionDenied("该培训不在您的权限范围内")
    if session.starts_on > timezone.localdate():
        raise ValidationError(
            f"“{session.title}”于{session.starts_on:%Y-%m-%d}开始，开始前不能导入培训台账"
        )
    return uploads.receive(
        key=LEDGER_UPLOAD, upload=upload, acting_user=acting_user, params={"session": session.pk}
    )
