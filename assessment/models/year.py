"""The assessment's per-year settings, set by the district office (plan tasks 5 and 10)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


@track()
class AssessmentYear(models.Model):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    report_due_day = models.PositiveSmallIntegerField(
        "月度反馈确认截止日",
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="项目单位须在次月此日（含）前确认或说明上月月度反馈（重点任务5）；"
        "应晚于劳务报酬发放台账的提交期限",
    )
    forecast_due = models.DateField(
        "年初预测报送截止", help_text="项目单位和乡镇在此日前报送本年度预测（重点任务10）"
    )
    summary_due = models.DateField(
        "年度总结报送截止", help_text="乡镇在此日前报送年度总结和至少一篇典型案例（重点任务5）"
    )
    published_at = models.DateTimeField("考核结果发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发布人",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="设置人",
    )
    updated_at = models.DateTimeField("设置时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "考核年度设置"

    def __str__(self) -> str:
        return f"{self.year}年度考核"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
