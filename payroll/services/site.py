"""Attendance from the foreman's phone on site (现场考勤, issue 16 item 1; art. 50: 虚报用工).

The phone sends one entry per project and day: the crew's marks (present 1, half 0.5, absent 0),
its position and time, and a photo of the crew. :func:`site_entry_receive` records the marks
through the attendance rules (``payroll.services.attendance.attendance_mark_day``: hired only,
not a full day on two projects, the month not locked) and keeps what it decided per person.

Replay: the phone keeps an entry until it has an answer and may send it again (the answer was
lost with the signal). ``SiteEntry.entry_id`` is unique, so a second sending finds the first and
gets the same answer; nothing is recorded twice. An entry arriving for a month that was locked
while it waited in the queue is kept, refused, with the lock's reason.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from PIL import Image, UnidentifiedImageError

from payroll import capabilities as caps
from payroll.models import SiteEntry, SiteMark, Worker
from payroll.models.site import SiteOutcome
from payroll.services.attendance import AMOUNTS, attendance_mark_day, format_days
from payroll.services.site_checks import photo_hash, site_checks_run
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as

MAX_PHOTO_BYTES = 8 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


@dataclass(frozen=True)
class Position:
    latitude: Decimal
    longitude: Decimal
    accuracy: int | None = None


def photo_checked(upload) -> str:
    """The suffix of an acceptable photo; refuses files that are not a JPEG/PNG/WEBP image."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            {"photo": f"照片过大（{upload.size // 1024 // 1024}MB），不能超过8MB"}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError({"photo": "照片无法识别，请重新拍摄"}) from error
    finally:
        upload.seek(0)
    if kind not in PHOTO_FORMATS:
        raise ValidationError({"photo": f"照片格式{kind}不支持，请用JPEG、PNG或WEBP"})
    return PHOTO_FORMATS[kind]


def _replayed(acting_user, project, entry_id) -> SiteEntry | None:
    entry = SiteEntry.objects.filter(entry_id=entry_id).first()
    if entry is None:
        return None
    if entry.sent_by_id != acting_user.pk or entry.project_id != project.pk:
        raise ValidationError({"entry_id": "记录编号已被其他记录使用，请重新保存"})
    return entry


def site_entry_receive(
    *,
    acting_user,
    project,
    entry_id: uuid.UUID,
    day: dt.date,
    marked_at: dt.datetime,
    marks: dict[int, Decimal],
    position: Position | None = None,
    photo=None,
) -> tuple[SiteEntry, bool]:
    """Store one entry from the phone and record its marks; ``(entry, False)`` when this entry
    was stored before (a replay: nothing else happens)."""
    access.require(acting_user, caps.KEEP_ATTENDANCE)
    if not scope.can(acting_user, scope.CHANGE, project):
        raise PermissionDenied("您不能登记该项目的考勤")
    if (entry := _replayed(acting_user, project, entry_id)) is not None:
        return entry, False
    if not marks:
        raise ValidationError({"marks": "没有任何人的出勤标记"})
    if bad := [f"{format_days(a)}" for a in marks.values() if a not in AMOUNTS]:
        raise ValidationError({"marks": f"出勤只能是1（全天）、0.5（半天）或0，不能是{bad[0]}"})
    known = set(Worker.objects.filter(pk__in=list(marks)).values_list("pk", flat=True))
    if missing := sorted(set(marks) - known):
        raise ValidationError({"marks": f"务工人员#{missing[0]}不存在"})
    suffix = photo_checked(photo) if photo else None
    try:
        with transaction.atomic(), acting_as(acting_user):
            entry = SiteEntry(
                entry_id=entry_id,
                project=project,
                date=day,
                marked_at=marked_at,
                sent_by=acting_user,
                outcome=SiteOutcome.REFUSED,
            )
            if position is not None:
                entry.latitude, entry.longitude = position.latitude, position.longitude
                entry.accuracy = position.accuracy
            entry.save()
            _record(acting_user, entry, marks)
            if photo:
                entry.photo_hash = photo_hash(photo)
                entry.photo.save(f"photo{suffix}", photo, save=False)
                entry.save(update_fields=["photo", "photo_hash"])
            site_checks_run(entry)
    except IntegrityError:
        # The same entry arrived twice at once; the other sending stored it.
        if (entry := _replayed(acting_user, project, entry_id)) is None:
            raise
        return entry, False
    return entry, True


def _record(acting_user, entry: SiteEntry, marks: dict[int, Decimal]) -> None:
    """Record the marks by the attendance rules and keep, per person, what was decided."""
    reasons: dict[int, list[str]] = {}
    try:
        result = attendance_mark_day(
            acting_user=acting_user, project=entry.project, day=entry.date, marks=marks
        )
    except ValidationError as refused:  # a locked month: the whole day is refused
        entry.reason = "；".join(refused.messages)
        reasons = {worker_id: [entry.reason] for worker_id in marks}
        recorded = set()
    else:
        recorded = set(result.recorded)
        for refusal in result.refusals:
            reasons.setdefault(refusal.worker_id, []).append(str(refusal))
    SiteMark.objects.bulk_create(
        SiteMark(
            entry=entry,
            worker_id=worker_id,
            amount=amount,
            recorded=worker_id in recorded,
            reason="；".join(reasons.get(worker_id, [])),
        )
        for worker_id, amount in sorted(marks.items())
    )
    if len(recorded) == len(marks):
        entry.outcome = SiteOutcome.STORED
    elif recorded:
        entry.outcome = SiteOutcome.PARTLY
    entry.save(update_fields=["outcome", "reason"])


def site_entry_answer(entry: SiteEntry, *, replay: bool) -> dict:
    """What the phone is told about an entry (the same for the first sending and a replay)."""
    marks = list(entry.marks.select_related("worker").order_by("worker__name"))
    return {
        "entry_id": str(entry.entry_id),
        "outcome": entry.outcome,
        "outcome_label": entry.get_outcome_display(),
        "replay": replay,
        "date": entry.date.isoformat(),
        "reason": entry.reason,
        "recorded": [m.worker.name for m in marks if m.recorded],
        "refused": [{"name": m.worker.name, "reason": m.reason} for m in marks if not m.recorded],
    }
