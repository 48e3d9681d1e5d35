"""Building and keeping the quarter's dispatch workbook (plan task 5; art. 12).

The quarterly job builds a quarter's workbook once, after the quarter has ended; running it again
does nothing. The district office rebuilds it on request (when late corrections came in); the
row keeps the latest file, who built it and when, and the audit trail every earlier build.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from assessment import capabilities as caps
from assessment.exporters.dispatch import dispatch_workbook
from assessment.models import QuarterlyDispatch
from assessment.periods import quarter_end
from yiguoji.core import access
from yiguoji.core.audit import acting_as


def dispatch_filename(year: int, quarter: int) -> str:
    return f"{year}年第{quarter}季度以工代赈项目调度表.xlsx"


def quarterly_dispatch_build(
    *,
    year: int,
    quarter: int,
    acting_user=None,
    rebuild: bool = False,
    today: dt.date | None = None,
) -> tuple[QuarterlyDispatch, bool]:
    """The quarter's dispatch row and whether this call (re)built it."""
    if acting_user is not None:
        access.require(acting_user, caps.BUILD_DISPATCH)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError("季度应为1至4")
    today = today or timezone.localdate()
    if quarter_end(year, quarter) >= today:
        raise ValidationError(f"{year}年第{quarter}季度尚未结束，季度结束后再生成调度表")
    with transaction.atomic(), acting_as(acting_user, via="assessment.quarterly_dispatch"):
        dispatch, created = QuarterlyDispatch.objects.select_for_update().get_or_create(
            year=year,
            quarter=quarter,
            defaults={"projects": 0, "built_at": timezone.now(), "filename": ""},
        )
        if not created and not rebuild and dispatch.file:
            return dispatch, False
        content, projects = dispatch_workbook(year, quarter)
        old = dispatch.file.name if dispatch.file else ""
        dispatch.filename = dispatch_filename(year, quarter)
        dispatch.file.save(dispatch.filename, ContentFile(content), save=False)
        dispatch.projects = projects
        dispatch.built_at = timezone.now()
        dispatch.built_by = acting_user
        dispatch.save()
        if old:
            storage = dispatch.file.storage
            transaction.on_commit(lambda: storage.delete(old))
    return dispatch, True
