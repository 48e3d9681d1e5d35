"""The wage-complaint register (欠薪投诉): received, handled, resolved.

Art. 30: 劳务报酬……不得拖欠、克扣; plan task 9: 坚决杜绝劳务报酬发放过程中拖欠克扣. Open
complaints block the project's acceptance (``assessment.services.acceptance``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessment import capabilities as caps
from assessment.choices import ComplaintChannel, ComplaintStatus
from assessment.models import WageComplaint
from assessment.services.common import clean_text, require_change, require_project
from projects.models import Project
from yiguoji.core.audit import acting_as


def complaint_record(
    *,
    acting_user,
    project,
    received_on: dt.date,
    channel: str,
    content: str,
    anonymous: bool = False,
    complainant: str = "",
) -> WageComplaint:
    require_project(acting_user, caps.RECORD_COMPLAINTS, project)
    errors = {}
    if received_on > timezone.localdate():
        errors["received_on"] = "受理日期不能晚于今天"
    if channel not in ComplaintChannel.values:
        errors["channel"] = "请选择来源渠道（举报电话、来访或上级转办）"
    if not clean_text(content):
        errors["content"] = "请填写投诉内容：谁、在哪个项目、哪几个月的劳务报酬未发或少发"
    complainant = clean_text(complainant)
    if anonymous and complainant:
        errors["complainant"] = "匿名投诉不登记投诉人姓名"
    if not anonymous and not complainant:
        errors["complainant"] = "请填写投诉人姓名，或勾选“匿名”"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(acting_user):
        # The project's row lock orders this with an acceptance running at the same moment
        # (assessment.services.acceptance): a complaint is either seen by it or waits for it.
        Project.objects.select_for_update().filter(pk=project.pk).first()
        return WageComplaint.objects.create(
            project=project,
            received_on=received_on,
            channel=channel,
            anonymous=anonymous,
            complainant=complainant,
            content=clean_text(content),
            recorded_by=acting_user,
        )


def complaint_resolve(*, acting_user, complaint: WageComplaint, resolution: str) -> WageComplaint:
    """Close a complaint with what was done (who was paid what, when)."""
    resolution = clean_text(resolution)
    if not resolution:
        raise ValidationError({"resolution": "请填写办理结果：是否查实、补发金额和日期等"})
    with transaction.atomic(), acting_as(acting_user):
        locked = WageComplaint.objects.select_for_update().get(pk=complaint.pk)
        require_change(acting_user, caps.RECORD_COMPLAINTS, locked)
        if locked.status != ComplaintStatus.OPEN:
            raise ValidationError(
                f"该投诉已于{timezone.localtime(locked.resolved_at):%Y-%m-%d}办结，不能重复办结"
            )
        locked.status = ComplaintStatus.RESOLVED
        locked.resolution = resolution
        locked.resolved_by = acting_user
        locked.resolved_at = timezone.now()
        locked.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
    return locked
