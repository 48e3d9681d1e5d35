"""Attendance taken on site from the foreman's phone (现场考勤, issue 16 item 1; art. 50).

A ``SiteEntry`` is what the phone sends for one project and one day: the marks of the crew, the
phone's position and time, and a photo of the crew at the site. The phone makes up the entry's id
(``entry_id``) when the foreman saves it, keeps the entry in its queue while there is no signal
and sends it again until it has an answer, so the id is unique here: the same entry sent twice is
stored once (``payroll.services.site.site_entry_receive``). Each mark is a ``SiteMark``: recorded
into the attendance (``AttendanceDay``) by the attendance rules, or refused with their reason.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from payroll.choices import SuspicionStatus
from payroll.models.ledgers import user_link
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


def site_photo_path(instance, filename: str) -> str:
    """Unguessable names; photos are only ever served through a scope-checked view."""
    suffix = PurePath(filename).suffix.lower() or ".jpg"
    return f"payroll/site/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class SiteOutcome(models.TextChoices):
    STORED = "stored", "已记入考勤"
    PARTLY = "partly", "部分记入"
    REFUSED = "refused", "未记入"


@track()
class SiteEntry(models.Model):
    entry_id = models.UUIDField("记录编号", unique=True, help_text="手机保存时生成")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="+", verbose_name="项目"
    )
    date = models.DateField("考勤日期")
    marked_at = models.DateTimeField("手机记录时间")
    received_at = models.DateTimeField("收到时间", default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人"
    )
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    accuracy = models.PositiveIntegerField("定位精度（米）", null=True, blank=True)
    photo = models.FileField("现场照片", upload_to=site_photo_path, max_length=200, blank=True)
    photo_hash = models.BigIntegerField(
        "照片差异哈希", null=True, blank=True, help_text="64位dHash，用于发现重复使用的照片"
    )
    outcome = models.CharField("结果", max_length=10, choices=SiteOutcome.choices)
    reason = models.TextField("未记入原因", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-received_at"]
        verbose_name = verbose_name_plural = "现场考勤"
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="site_entry_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="site_entry_longitude_range",
            ),
        ]
        indexes = [models.Index(fields=["project", "date"])]

    def __str__(self) -> str:
        return f"{self.project_id} {self.date} {self.get_outcome_display()}"

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@track()
class SiteMark(models.Model):
    entry = models.ForeignKey(
        SiteEntry, on_delete=models.CASCADE, related_name="marks", verbose_name="现场考勤"
    )
    worker = models.ForeignKey(
        "payroll.Worker", on_delete=models.PROTECT, related_name="+", verbose_name="务工人员"
    )
    amount = models.DecimalField("出勤", max_digits=2, decimal_places=1)
    recorded = models.BooleanField("已记入考勤")
    reason = models.TextField("未记入原因", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "worker__name"]
        verbose_name = verbose_name_plural = "现场考勤标记"
        constraints = [
            models.UniqueConstraint(fields=["entry", "worker"], name="site_mark_once"),
            models.CheckConstraint(
                condition=Q(amount__in=[Decimal("0"), Decimal("0.5"), Decimal("1")]),
                name="site_mark_amount_0_half_full",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.amount}"


class SiteCheck(models.TextChoices):
    """Why an entry from a phone is suspect (issue 16 item 2; art. 50)."""

    FAR = "far", "位置远离工地"
    PHOTO = "photo", "照片重复使用"
    LATE = "late", "发送过晚"
    ELSEWHERE = "elsewhere", "同日在别处"


class SiteRules(models.Model):
    """The district's thresholds for the checks on phone entries; one row, set by the district
    office (``payroll.services.site_checks``)."""

    max_distance_m = models.PositiveIntegerField(
        "考勤位置距工地最远（米）",
        default=500,
        help_text="手机定位与项目工地位置的距离超过此值记为疑点",
    )
    late_days = models.PositiveSmallIntegerField(
        "考勤最迟几天内发送", default=3, help_text="考勤日之后超过此天数才发送的记为疑点"
    )
    updated_by = user_link("设置人")
    updated_at = models.DateTimeField("设置时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "现场考勤核查参数"
        constraints = [
            models.CheckConstraint(
                condition=Q(max_distance_m__gte=50) & Q(late_days__lte=60),
                name="site_rules_in_range",
                violation_error_message="距离不能小于50米，天数不能超过60天",
            )
        ]

    def __str__(self) -> str:
        return f"{self.max_distance_m}米 / {self.late_days}天"

    @classmethod
    def current(cls) -> SiteRules:
        """The district's row, or the defaults (unsaved) when it has set none."""
        return cls.objects.order_by("pk").first() or cls()


@track()
class SiteSuspicion(models.Model):
    """An entry from a phone that looks wrong, with the evidence, for the township and the
    district office to look into (art. 50); found by ``payroll.services.site_checks``."""

    entry = models.ForeignKey(
        SiteEntry, on_delete=models.CASCADE, related_name="suspicions", verbose_name="现场考勤"
    )
    kind = models.CharField("疑点类型", max_length=10, choices=SiteCheck.choices)
    detail = models.TextField("疑点")
    evidence = models.JSONField("依据", default=dict, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=SuspicionStatus.choices, default=SuspicionStatus.OPEN
    )
    found_at = models.DateTimeField("发现时间", default=timezone.now)
    reviewed_by = user_link("核查人")
    reviewed_at = models.DateTimeField("核查时间", null=True, blank=True)
    review_note = models.TextField("核查意见", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-found_at"]
        verbose_name = verbose_name_plural = "现场考勤疑点"
        constraints = [
            models.UniqueConstraint(fields=["entry", "kind"], name="site_suspicion_once"),
        ]

    def __str__(self) -> str:
        return f"{self.entry} {self.get_kind_display()}"
