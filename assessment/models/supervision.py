"""Supervision: findings with their rectification (art. 46-50).

Complaints (投诉举报) are ``projects.Complaint``: one register for every channel.

Plan, 保障措施（二）: 联合财政、审计部门对资金使用、项目进度及务工组织情况进行督导，依法查处
违法违规行为，对虚报用工、挪用资金等行为依法追责. Findings feed the year-end scoring.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum

from assessment.choices import FindingKind, FindingSource, FindingStatus
from assessment.models.files import StoredFile, finding_evidence_path
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


@track()
class Finding(models.Model):
    """A problem found on a project or a unit, to be rectified by a deadline."""

    kind = models.CharField("问题类型", max_length=20, choices=FindingKind.choices)
    source = models.CharField("发现途径", max_length=20, choices=FindingSource.choices)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name="项目",
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name="责任单位",
        help_text="留空时为项目的项目单位",
    )
    found_on = models.DateField("发现日期")
    description = models.TextField("问题描述")
    deadline = models.DateField("整改期限")
    status = models.CharField(
        "状态", max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    rectification = models.TextField("整改情况", blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="整改报告人",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="销号人",
    )
    verified_at = models.DateTimeField("销号时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    # art. 50: 凡拖欠、截留、挪用、挤占、骗取、贪污以工代赈投入的……责令限期归还、如数追缴
    to_recover = models.DecimalField(
        "责令归还、追缴金额（元）", max_digits=14, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="第五十条：拖欠、截留、挪用、挤占、骗取资金或虚报冒领劳务报酬的，责令限期归还、如数追缴",
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name = verbose_name_plural = "监督检查发现问题"
        indexes = [models.Index(fields=["organisation", "found_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("found_on")),
                name="finding_deadline_after_found",
                violation_error_message="整改期限不能早于发现日期",
            ),
            models.CheckConstraint(
                condition=Q(to_recover__gte=0), name="finding_to_recover_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.found_on:%Y-%m-%d}）"

    @property
    def recovered(self) -> Decimal:
        """What has come back so far (art. 50: 归还、追缴), from the recovery records."""
        return self.recoveries.aggregate(s=Sum("amount"))["s"] or Decimal("0")

    @property
    def outstanding(self) -> Decimal:
        return max(self.to_recover - self.recovered, Decimal("0"))

    @property
    def overdue(self) -> bool:
        from django.utils import timezone

        done = self.rectified_on
        if done is None:
            return self.status == FindingStatus.OPEN and timezone.localdate() > self.deadline
        return done > self.deadline


@track()
class FindingEvidence(StoredFile):
    """A file behind a finding: the evidence found, or the proof of rectification."""

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="evidence", verbose_name="问题"
    )
    is_rectification = models.BooleanField("整改材料", default=False)
    file = models.FileField("文件", upload_to=finding_evidence_path, max_length=200)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["finding", "id"]
        verbose_name = verbose_name_plural = "问题佐证材料"


@track()
class Recovery(models.Model):
    """Money returned or recovered against a finding (art. 50: 责令限期归还、如数追缴), recorded
    by the side that recorded the finding; the finding is not closed (销号) until all of its
    ``to_recover`` has come back."""

    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, related_name="recoveries", verbose_name="问题"
    )
    amount = models.DecimalField(
        "归还、追缴金额（元）", max_digits=14, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )  # fmt: skip
    recovered_on = models.DateField("到账日期")
    note = models.CharField("说明", max_length=200, help_text="如：缴回区财政专户，凭证号……")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["finding", "recovered_on", "id"]
        verbose_name = verbose_name_plural = "问题资金归还、追缴记录"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.finding} 追缴 {self.amount}"
