"""Attendance (考勤): days worked per worker per project, stored per day (plan task 4).

``AttendanceDay`` holds each day worked (1 or 0.5); it is what the "not a full day on two projects
the same date" rule and, later, the wage ledger's "days within attendance" read.
``AttendanceMonth`` is the grid's row total for one worker on one project in one month. It is
written only by ``payroll.services.attendance`` together with the day rows; ``by_day`` is False
when the month was imported as a total without dates (see that module for what can be checked).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet

FULL_DAY = Decimal("1")
HALF_DAY = Decimal("0.5")


@track()
class AttendanceMonth(models.Model):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="+", verbose_name="项目"
    )
    worker = models.ForeignKey(
        "payroll.Worker",
        on_delete=models.PROTECT,
        related_name="attendance_months",
        verbose_name="务工人员",
    )
    month = models.DateField("月份", help_text="当月1日")
    days = models.DecimalField("出勤天数", max_digits=4, decimal_places=1)
    by_day = models.BooleanField("逐日登记", default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "month", "worker__name"]
        verbose_name = verbose_name_plural = "月度考勤"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "worker", "month"], name="attendance_month_once"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="attendance_month_first_day"),
            models.CheckConstraint(
                condition=Q(days__gte=0) & Q(days__lte=31), name="attendance_month_days_range"
            ),
        ]
        indexes = [models.Index(fields=["worker", "month"])]

    def __str__(self) -> str:
        return f"{self.worker} {self.month:%Y-%m} {self.days}天"


@track()
class AttendanceDay(models.Model):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="+", verbose_name="项目"
    )
    worker = models.ForeignKey(
        "payroll.Worker",
        on_delete=models.PROTECT,
        related_name="attendance_days",
        verbose_name="务工人员",
    )
    date = models.DateField("日期")
    amount = models.DecimalField("出勤", max_digits=2, decimal_places=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "date", "worker"]
        verbose_name = verbose_name_plural = "考勤日记录"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "worker", "date"], name="attendance_day_once"
            ),
            models.CheckConstraint(
                condition=Q(amount__in=[HALF_DAY, FULL_DAY]), name="attendance_day_half_or_full"
            ),
        ]
        indexes = [models.Index(fields=["worker", "date"])]

    def __str__(self) -> str:
        return f"{self.worker} {self.date} {self.amount}"
