"""Training sessions (培训) and their photos (plan tasks 6-7; national measures art. 42-43).

The rules a session must satisfy live in ``training.rules`` (one place, quoted); the database
constraints below only back up the invariants that no code path may ever break.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from training.choices import (
    PROJECT_MODES,
    TrainingKind,
    TrainingMode,
    organiser_kinds,
)
from training.models.base import Entered
from training.models.files import photo_path
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet

HOURS = {"max_digits": 5, "decimal_places": 1}


@track()
class TrainingSession(Entered):
    """One training session (一期培训): what, how, by whom, when, where, for how many hours."""

    title = models.CharField("培训名称", max_length=200)
    kind = models.CharField("培训类型", max_length=20, choices=TrainingKind.choices)
    mode = models.CharField("培训方式", max_length=20, choices=TrainingMode.choices)
    organiser_kind = models.CharField("主办单位类型", max_length=20, choices=organiser_kinds)
    organiser = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="organised_trainings",
        verbose_name="主办单位",
    )
    partner = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnered_trainings",
        verbose_name="联合开展单位",
        help_text="“培训+上岗”须联合项目施工单位（第四十三条），“培训+学校”依托职业院校（重点任务7）",
    )
    township = models.ForeignKey(
        "core.Township",
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name="举办乡镇（街道）",
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name="依托项目",
        help_text="“培训+项目”“培训+上岗”必须填写",
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    hours = models.DecimalField("培训学时", validators=[MinValueValidator(Decimal("0.5"))], **HOURS)
    place = models.CharField("培训地点", max_length=200)
    trainer = models.CharField("授课人", max_length=100)
    content = models.TextField("培训内容")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = verbose_name_plural = "培训"
        indexes = [
            models.Index(fields=["starts_on"]),
            models.Index(fields=["township", "starts_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="training_session_period_ordered",
                violation_error_message="结束日期不能早于开始日期",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="training_session_hours_positive",
                violation_error_message="培训学时须大于零",
            ),
            models.CheckConstraint(
                condition=~Q(mode__in=sorted(PROJECT_MODES)) | Q(project__isnull=False),
                name="training_session_project_for_mode",
                violation_error_message="“培训+项目”“培训+上岗”须填写依托项目（重点任务7）",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> str:
        if self.starts_on == self.ends_on:
            return f"{self.starts_on:%Y-%m-%d}"
        return f"{self.starts_on:%Y-%m-%d}至{self.ends_on:%Y-%m-%d}"

    @property
    def period_short(self) -> str:
        """ "2026-05-06至05-07" for lists: the end without the year when it is the same."""
        if self.starts_on == self.ends_on:
            return f"{self.starts_on:%Y-%m-%d}"
        end = "%m-%d" if self.ends_on.year == self.starts_on.year else "%Y-%m-%d"
        return f"{self.starts_on:%Y-%m-%d}至{self.ends_on.strftime(end)}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


@track()
class TrainingPhoto(models.Model):
    """A photo of a session (on site, in class): evidence that it took place."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="photos", verbose_name="培训"
    )
    image = models.FileField("照片", upload_to=photo_path)
    name = models.CharField("文件名", max_length=200)
    caption = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="上传人",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["session", "uploaded_at", "id"]
        verbose_name = verbose_name_plural = "培训照片"

    def __str__(self) -> str:
        return self.caption or self.name
