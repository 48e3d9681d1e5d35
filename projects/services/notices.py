"""Recording that a public notice was posted (art. 31)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from projects import capabilities as caps
from projects.choices import NoticeKind, ProjectStatus
from projects.models import Project, PublicNotice
from projects.services.common import require_project_change
from yiguoji.core.audit import acting_as

S = ProjectStatus
# art. 31: before start (once approved), during works, and after completion.
NOTICE_STATES = {
    NoticeKind.PRE_START: (S.APPROVED, S.STARTED, S.IN_PROGRESS),
    NoticeKind.DURING_WORKS: (S.STARTED, S.IN_PROGRESS),
    NoticeKind.PERMANENT: (S.COMPLETED, S.ACCEPTED, S.MAINTENANCE),
}


def printable_notices(status: str) -> list[str]:
    """The notice kinds that make sense to print at ``status``."""
    return [kind for kind, states in NOTICE_STATES.items() if status in states]


def notice_record(
    *,
    acting_user,
    project: Project,
    kind: str,
    posted_on: datetime.date,
    location: str,
    posted_until: datetime.date | None = None,
    note: str = "",
) -> PublicNotice:
    require_project_change(acting_user, caps.RECORD_NOTICE, project)
    label = NoticeKind(kind).label
    if project.status not in NOTICE_STATES[kind]:
        raise ValidationError(f"项目{project.get_status_display()}，不能登记{label}")
    if posted_on > timezone.localdate():
        raise ValidationError({"posted_on": "公示日期不能晚于今天：请在张贴后再登记"})
    if posted_until and posted_until < posted_on:
        raise ValidationError({"posted_until": "公示截止日期不能早于公示日期"})
    if not location.strip():
        raise ValidationError({"location": "请填写公示地点"})
    with transaction.atomic(), acting_as(acting_user):
        return PublicNotice.objects.create(
            project=project,
            kind=kind,
            posted_on=posted_on,
            posted_until=posted_until,
            location=location.strip(),
            note=note.strip(),
            recorded_by=acting_user,
        )
