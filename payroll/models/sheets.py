"""The paper attendance sheet (考勤签字表, issue 16 item 3).

The site keeps a paper sheet beside the phone: printed from the portal for one project and month,
each printing a numbered sheet whose code (also a QR code) names the project, the month and the
sheet. The signed sheet's scan is uploaded against that code with the days it shows per person
(``paper_days``), and is shown beside the digital days; where they differ, the difference must be
explained before the month's wage ledger is submitted (``payroll.services.sheets``).
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.utils import timezone

from payroll.models.ledgers import user_link
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


def sheet_scan_path(instance, filename: str) -> str:
    """Unguessable names; scans are only ever served through a scope-checked view."""
    suffix = PurePath(filename).suffix.lower()
    return f"payroll/sheets/{timezone.localdate():%Y}/{uuid.uuid4().hex}{suffix}"


@track()
class AttendanceSheet(models.Model):
    code = models.CharField("编号", max_length=60, unique=True)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="+", verbose_name="项目"
    )
    month = models.DateField("月份", help_text="当月1日")
    seq = models.PositiveSmallIntegerField("第几张")
    printed_by = user_link("打印人")
    printed_at = models.DateTimeField("打印时间", default=timezone.now)
    scan = models.FileField("签字表扫描件", upload_to=sheet_scan_path, max_length=200, blank=True)
    scan_name = models.CharField("扫描件文件名", max_length=200, blank=True)
    uploaded_by = user_link("上传人")
    uploaded_at = models.DateTimeField("上传时间", null=True, blank=True)
    paper_days = models.JSONField(
        "签字表上的天数", default=dict, blank=True, help_text="务工人员id → 纸质表合计天数"
    )
    explanation = models.TextField("差异说明", blank=True)
    explained_by = user_link("说明人")
    explained_at = models.DateTimeField("说明时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-month", "-seq"]
        verbose_name = verbose_name_plural = "考勤签字表"
        constraints = [
            models.UniqueConstraint(fields=["project", "month", "seq"], name="sheet_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="sheet_month_first_day"),
        ]

    def __str__(self) -> str:
        return self.code
