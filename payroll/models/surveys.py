"""The labour survey (摸底调查) and its ledger (工作台账): plan task 4."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from payroll.choices import SkillLevel, SurveyStatus
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


@track()
class SurveyRound(models.Model):
    """One round of the survey of willingness and skills, run by the labour bureau."""

    name = models.CharField("调查名称", max_length=100, unique=True)
    year = models.PositiveSmallIntegerField("年度")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("截止日期")
    status = models.CharField(
        "状态", max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.OPEN
    )
    description = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = verbose_name_plural = "摸底调查"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="survey_round_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN


@track()
class SurveyResponse(models.Model):
    """One person's answer in one round: willing to work, when, with which skills."""

    round = models.ForeignKey(
        SurveyRound, on_delete=models.PROTECT, related_name="responses", verbose_name="摸底调查"
    )
    worker = models.ForeignKey(
        "payroll.Worker",
        on_delete=models.PROTECT,
        related_name="survey_responses",
        verbose_name="务工人员",
    )
    township = models.ForeignKey(
        "core.Township",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="调查乡镇",
        help_text="登记这份调查的乡镇（街道）",
    )
    willing = models.BooleanField("有务工意愿", default=True)
    available_months = ArrayField(
        models.PositiveSmallIntegerField(), default=list, blank=True, verbose_name="可务工月份"
    )
    skills = ArrayField(
        models.CharField(max_length=20), default=list, blank=True, verbose_name="技能"
    )
    skill_level = models.CharField(
        "技能等级", max_length=20, choices=SkillLevel.choices, default=SkillLevel.NONE
    )
    preferred_work = models.CharField("意向工种", max_length=100, blank=True)
    surveyed_on = models.DateField("调查日期", default=timezone.localdate)
    note = models.CharField("备注", max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["township__code", "worker__name"]
        verbose_name = verbose_name_plural = "摸底调查登记"
        constraints = [
            models.UniqueConstraint(fields=["round", "worker"], name="survey_response_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.worker}"

    @property
    def months_display(self) -> str:
        return months_text(self.available_months)


def months_text(months) -> str:
    """[3, 4, 5, 9] -> "3-5月、9月"; all twelve -> "全年"."""
    months = sorted(set(months or ()))
    if not months:
        return "—"
    if len(months) == 12:
        return "全年"
    runs: list[list[int]] = []
    for month in months:
        if runs and month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return "、".join(f"{r[0]}-{r[-1]}月" if len(r) > 1 else f"{r[0]}月" for r in runs)
